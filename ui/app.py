"""myositis-cds — the Streamlit app. Run from the repository root: ``streamlit run ui/app.py``.

The app only renders: every decision comes from the ``decision`` library (the same pure functions the CLI
uses). Pages live in ``ui/views/``; patient data stays in the browser session's ``st.session_state``.
"""

from __future__ import annotations

import streamlit as st
from myositis_ui import state

st.set_page_config(page_title="myositis-cds", layout="wide")  # default favicon: served locally

INTERVIEW = st.Page("views/interview.py", title="Guided interview", default=True, url_path="guide")


def _interview_by_name() -> None:
    """/interview names the default page (served at /); send it there instead of "Page not found"."""
    st.switch_page(INTERVIEW)


PAGES = [
    INTERVIEW,
    st.Page("views/whole_patient.py", title="Whole patient", url_path="patient"),
    st.Page("views/explorer.py", title="Algorithm explorer", url_path="explorer"),
    st.Page("views/what_if.py", title="What if", url_path="what-if"),
    st.Page("views/calculators.py", title="Calculators", url_path="calculators"),
    st.Page("views/about.py", title="About and basis", url_path="about"),
]

page = st.navigation([*PAGES, st.Page(_interview_by_name, title="Guided interview", url_path="interview",
                                      visibility="hidden")])
state.tab_token()  # the tab's token in the address, so a reload finds the interview again
st.sidebar.caption("Decision support for clinicians — not a substitute for clinical judgement. "
                   "No patient data leaves this browser session.")
page.run()
