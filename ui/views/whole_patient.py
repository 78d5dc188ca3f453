"""Whole patient: upload or paste a patient file (YAML or JSON), validate it, show the full recommendation."""

from __future__ import annotations

import streamlit as st
from myositis_ui import show, state

import decision
from decision.errors import PatientInputError
from decision.guide.answers import plain
from decision.patient.files import MAX_BYTES, read_mapping

TEXT = "wp_text"
UPLOAD_ERROR = "wp_upload_error"


def _uploaded() -> None:
    upload = st.session_state.get("wp_upload")
    st.session_state.pop(UPLOAD_ERROR, None)
    if upload is None:
        return
    data = upload.getvalue()
    try:
        read_mapping(data, upload.name)  # size limit, encoding and syntax: the library's input edge
        st.session_state[TEXT] = data.decode("utf-8")
        st.session_state["wp_format"] = "JSON" if upload.name.lower().endswith(".json") else "YAML"
    except PatientInputError as exc:
        st.session_state[UPLOAD_ERROR] = list(exc.problems)


def _load_reference() -> None:
    label = st.session_state.get("wp_reference")
    refs = state.reference_patients()
    if label in refs:
        st.session_state[TEXT] = refs[label].read_text(encoding="utf-8")


def _to_interview(mapping: dict) -> None:
    state.set_interview(state.interview().replace_answers(mapping, "taken from the whole-patient page"))


kb = state.knowledge_base()
st.title("Whole patient")
st.caption(f"Upload a patient file (YAML or JSON, at most {MAX_BYTES // 1024} KiB) or paste and edit it below. "
           "Every field is optional; unknown fields are rejected so that a typo never becomes “absent”. "
           "`myositis-cds schema patient` prints the full schema.")

c1, c2 = st.columns(2)
with c1:
    st.file_uploader("Patient file", type=["yaml", "yml", "json"], key="wp_upload", on_change=_uploaded,
                     max_upload_size=1)
with c2:
    refs = state.reference_patients()
    st.selectbox("…or start from a reference patient", list(refs), index=None, placeholder="choose a scenario…",
                 key="wp_reference", on_change=_load_reference)

if st.session_state.get(UPLOAD_ERROR):
    show.problems(st.session_state[UPLOAD_ERROR], "The uploaded file could not be read")

if TEXT not in st.session_state:  # a reload of this tab finds the pasted patient again
    st.session_state[TEXT] = state.kept_text(TEXT) or ""
text = st.text_area("Patient (YAML or JSON)", height=320, key=TEXT,
                    placeholder="age: 45\nsex: female\ndiagnosis: {subtype: dm}\n…")
state.keep_text(TEXT, text)  # kept for this tab only, in memory, so a reload does not lose it
fmt = st.radio("Format", ["YAML", "JSON"], horizontal=True, key="wp_format",
               help="JSON is YAML too; choose JSON for JSON-specific error messages.")

if not text.strip():
    st.info("Paste a patient, upload a file or choose a reference patient to see the recommendation.")
    st.stop()

name = "pasted.json" if fmt == "JSON" else "pasted.yaml"
try:
    mapping = read_mapping(text, name)
    rec = decision.recommend(kb, mapping)
except PatientInputError as exc:
    show.problems(exc.problems, "The patient could not be read")
    st.session_state[state.WHOLE] = None
    st.stop()

mapping = plain(mapping)
st.session_state[state.WHOLE] = mapping
st.button("Continue this patient in the guided interview", key="wp_to_interview", on_click=_to_interview,
          args=(mapping,))
st.divider()
show.pathway_map(rec)
show.recommendation(kb, rec, key="wp", answers=mapping)
