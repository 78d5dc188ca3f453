"""myositis-cds — the Streamlit app. Run from the repository root: ``streamlit run ui/app.py``.

The app only renders: every decision comes from the ``decision`` library (the same pure functions the CLI
uses). Pages live in ``ui/views/``; patient data stays in the browser session's ``st.session_state``.

Privacy guard: an unexpected error on a page must not carry patient data anywhere. The page runs inside a
guard that shows a plain message and logs only the page, the exception's type and the code location (never its
message, which may quote a patient value); Streamlit's own log of uncaught errors (from widget callbacks,
which run before the page) is stripped the same way. ``.streamlit/config.toml`` keeps tracebacks and the
"Ask Google / ChatGPT" links out of the browser.
"""

from __future__ import annotations

import streamlit as st

from decision.privacy import keep_validation_private, log_failure, withhold_error_details

keep_validation_private()  # first, before any model is built: no third-party pydantic plugin sees a patient value

from myositis_ui import state  # noqa: E402  (imports the library's models)

PLAIN_ERROR = ("Something went wrong on this page, and it was stopped. Nothing was saved or sent anywhere. "
               "Check the input and try again; if it happens again, report the steps that led here "
               "(not the patient's data).")
STREAMLIT_ERROR_LOGGERS = ("streamlit.error_util", "streamlit.runtime.scriptrunner.exec_code",
                           "streamlit.runtime.scriptrunner.script_runner")

withhold_error_details(STREAMLIT_ERROR_LOGGERS)
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
    st.Page("views/trials.py", title="Clinical trials", url_path="trials"),
    st.Page("views/teaching_self_study.py", title="Teaching: self-study", url_path="teach"),
    st.Page("views/teaching_presenter.py", title="Teaching: presenter", url_path="teach-presenter"),
    st.Page("views/teaching_join.py", title="Teaching: join", url_path="teach-join"),
    st.Page("views/census.py", title="Pathway census", url_path="census"),
    st.Page("views/about.py", title="About and basis", url_path="about"),
]

page = st.navigation([*PAGES, st.Page(_interview_by_name, title="Guided interview", url_path="interview",
                                      visibility="hidden")])
state.tab_token()  # the tab's token in the address, so a reload finds the interview again
st.sidebar.caption("Decision support for clinicians — not a substitute for clinical judgement. "
                   "No patient data leaves this browser session.")
try:
    page.run()
except Exception as exc:  # noqa: BLE001 - the last guard; st.stop/st.rerun are BaseException and pass through
    log_failure(f"page {page.url_path!r}", exc)
    st.error(PLAIN_ERROR)
