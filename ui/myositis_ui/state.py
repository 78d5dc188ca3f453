"""Shared resources and per-session state.

The knowledge base is immutable and the same for everyone, so it is loaded once per process with
``st.cache_resource``. Everything about a patient is kept in ``st.session_state`` (per browser session) and,
so that a reload of the tab does not silently lose the interview, in this server process's memory under an
opaque random token that the tab carries in its address (``?tab=…``). The token is not patient data; the
answers never go to disk, a log or the address, and they are dropped after :data:`KEEP_SECONDS` idle or when
the user presses "Start again".
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from pathlib import Path
from typing import Any

import streamlit as st

import decision
from decision.errors import KnowledgeBaseError, PatientInputError, Problem
from decision.guide.answers import plain
from decision.guide.history import Interview
from decision.patient.files import read_mapping

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO_ROOT / "examples" / "patients"

INTERVIEW = "interview"  # session key of the guided interview (decision.guide.interview.Interview)
WHOLE = "whole_patient_answers"  # session key of the last valid whole-patient mapping
TAB = "tab"  # query parameter naming this tab's kept interview (a random token, never patient data)
TOKEN = "tab_token"
RESTORED = "interview_restored"  # set when a reload found the tab's answers again
KEEP_SECONDS = 8 * 3600  # a working day: kept answers idle longer than this are dropped
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class _Kept:
    """What a tab has entered (its interview, its pasted patient), by tab token, in memory only.

    Idle entries are dropped whenever one is stored.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: dict[str, tuple[float, Any]] = {}

    def get(self, token: str) -> Any:
        with self.lock:
            item = self.items.get(token)
        if item is None or time.monotonic() - item[0] > KEEP_SECONDS:
            return None
        return item[1]

    def put(self, token: str, value: Any) -> None:
        now = time.monotonic()
        with self.lock:
            for key in [k for k, (t, _) in self.items.items() if now - t > KEEP_SECONDS]:
                del self.items[key]
            if value is None:
                self.items.pop(token, None)
            else:
                self.items[token] = (now, value)


@st.cache_resource(show_spinner=False)
def _kept() -> _Kept:
    return _Kept()


def tab_token() -> str:
    """This tab's token: taken from the address on a reload, else new; written back to the address."""
    ss = st.session_state
    if TOKEN not in ss:
        given = st.query_params.get(TAB)
        ss[TOKEN] = given if given and _TOKEN_SHAPE.match(given) else secrets.token_urlsafe(16)
    if st.query_params.get(TAB) != ss[TOKEN]:
        st.query_params[TAB] = ss[TOKEN]
    return ss[TOKEN]


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


@st.cache_resource(show_spinner=False)
def reference_patients() -> dict[str, Path]:
    """``{label: path}`` of the example patient files, labelled by their own ``label:`` (else the file name)."""
    if not EXAMPLES_DIR.is_dir():
        return {}
    files = sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    out = {}
    for p in files:
        try:
            label = read_mapping(p.read_bytes(), p.name).get("label")
        except (PatientInputError, OSError):
            label = None
        out[str(label) if label else p.stem.replace("-", " ")] = p
    return out


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


def kept_text(name: str) -> str | None:
    """Text this tab entered on a page before a reload (e.g. the pasted patient), if any."""
    value = _kept().get(f"{tab_token()}:{name}")
    return value if isinstance(value, str) else None


def keep_text(name: str, text: str | None) -> None:
    _kept().put(f"{tab_token()}:{name}", text or None)


def interview() -> Interview:
    """The tab's interview: from this session, else kept from before a reload, else a new one."""
    ss = st.session_state
    if INTERVIEW not in ss:
        kept = _kept().get(tab_token())
        kept = kept if isinstance(kept, Interview) else None
        ss[INTERVIEW] = kept if kept is not None else Interview()
        ss[RESTORED] = kept is not None and bool(kept.answers)
    return ss[INTERVIEW]


def set_interview(value: Interview) -> None:
    st.session_state[INTERVIEW] = value
    _kept().put(tab_token(), None if not value.answers and value.position == 0 else value)


def patient_sources() -> dict[str, dict]:
    """The patients this session knows: the interview's answers and the last valid whole patient."""
    out = {"Guided interview": interview().answers}
    if st.session_state.get(WHOLE) is not None:
        out["Whole patient"] = st.session_state[WHOLE]
    return out
