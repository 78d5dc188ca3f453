"""Shared resources and per-session state.

The knowledge base is immutable and the same for everyone, so it is loaded once per process with
``st.cache_resource``. Everything about a patient is kept in ``st.session_state`` (per browser session) and
nowhere else: no module-level patient data, no files, no logging.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import decision
from decision.errors import KnowledgeBaseError, PatientInputError, Problem
from decision.guide.interview import Interview, plain
from decision.patient.files import read_mapping

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO_ROOT / "examples" / "patients"

INTERVIEW = "interview"  # session key of the guided interview (decision.guide.interview.Interview)
WHOLE = "whole_patient_answers"  # session key of the last valid whole-patient mapping


@st.cache_resource(show_spinner="Loading the knowledge base…")
def _load_kb():
    return decision.load()


def knowledge_base():
    """The loaded knowledge base, or stop the page with every authoring problem shown."""
    try:
        return _load_kb()
    except KnowledgeBaseError as exc:
        st.error("The knowledge base could not be loaded; the app cannot make suggestions until it is fixed.")
        st.code("\n".join(str(p) for p in exc.problems), language="text")
        st.stop()


def reference_patients() -> dict[str, Path]:
    """``{label: path}`` of the example patient files (scenario letter first), empty if there are none."""
    if not EXAMPLES_DIR.is_dir():
        return {}
    files = sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    return {p.stem.replace("-", " ", 1).replace("-", " "): p for p in files}


def read_reference(path: Path) -> tuple[dict | None, list[Problem]]:
    """The answers mapping of an example file, or the problems that stop it loading."""
    try:
        mapping = read_mapping(path.read_bytes(), path.name)
        decision.parse_patient(mapping, source=path.name)
    except PatientInputError as exc:
        return None, list(exc.problems)
    except OSError as exc:
        return None, [Problem(path.name, "a readable example file", exc.strerror or str(exc))]
    return plain(mapping), []


def interview() -> Interview:
    if INTERVIEW not in st.session_state:
        st.session_state[INTERVIEW] = Interview()
    return st.session_state[INTERVIEW]


def set_interview(value: Interview) -> None:
    st.session_state[INTERVIEW] = value


def patient_sources() -> dict[str, dict]:
    """The patients this session knows: the interview's answers and the last valid whole patient."""
    out = {"Guided interview": interview().answers}
    if st.session_state.get(WHOLE) is not None:
        out["Whole patient"] = st.session_state[WHOLE]
    return out
