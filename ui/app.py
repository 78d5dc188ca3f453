"""myositis-cds — the Streamlit app. Run from the repository root: ``streamlit run ui/app.py``.

The app only renders: every decision comes from the ``decision`` library (the same pure functions the CLI
uses). Pages live in ``ui/views/``; patient data stays in the browser session's ``st.session_state``.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="myositis-cds", layout="wide")  # default favicon: served locally

PAGES = [
    st.Page("views/interview.py", title="Guided interview", default=True, url_path="interview"),
    st.Page("views/whole_patient.py", title="Whole patient", url_path="patient"),
    st.Page("views/explorer.py", title="Algorithm explorer", url_path="explorer"),
    st.Page("views/what_if.py", title="What if", url_path="what-if"),
    st.Page("views/calculators.py", title="Calculators", url_path="calculators"),
    st.Page("views/trials.py", title="Clinical trials", url_path="trials"),
    st.Page("views/census.py", title="Pathway census", url_path="census"),
    st.Page("views/about.py", title="About and basis", url_path="about"),
]

page = st.navigation(PAGES)
st.sidebar.caption("Decision support for clinicians — not a substitute for clinical judgement. "
                   "No patient data leaves this browser session.")
page.run()
