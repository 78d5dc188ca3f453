"""Guided interview: one question at a time, the next missing fact first, until the walk needs nothing more."""

from __future__ import annotations

import streamlit as st
from myositis_ui import ask, show, state

import decision
from decision.errors import PatientInputError
from decision.guide.interview import flatten, next_question, problems_for, remaining_questions, widget_for

PREFIX = "q"
EDIT = "edit"
ERROR = "iv_error"  # problems of the last rejected answer, shown once


def _answer(field: str) -> None:
    kb = state.knowledge_base()
    iv = state.interview()
    spec = widget_for(field)
    value = ask.read(spec, PREFIX)
    if value is None:
        st.session_state[ERROR] = ("none", f"Choose an answer for `{field}`, or press “Skip (unknown)”.")
        return
    candidate = iv.answer(field, value)
    problems = problems_for(kb, candidate.answers)
    if problems:
        st.session_state[ERROR] = ("problems", problems)
        return
    state.set_interview(candidate)


def _edit(remove: bool) -> None:
    field = st.session_state.get("iv_edit_field")
    if not field:
        return
    if remove:
        state.set_interview(state.interview().answer(field, None))
        return
    value = ask.read(widget_for(field), EDIT)
    if value is None:
        st.session_state[ERROR] = ("none", f"Choose a value for `{field}`, or press “Remove (unknown)”.")
        return
    candidate = state.interview().answer(field, value)
    problems = problems_for(state.knowledge_base(), candidate.answers)
    if problems:
        st.session_state[ERROR] = ("problems", problems)
        return
    state.set_interview(candidate)


def _skip(field: str) -> None:
    state.set_interview(state.interview().skip(field))


def _move(direction: str) -> None:
    iv = state.interview()
    state.set_interview(iv.back() if direction == "back" else iv.forward())


def _restart() -> None:
    state.set_interview(state.interview().restart())


def _load_reference() -> None:
    label = st.session_state.get("iv_reference")
    refs = state.reference_patients()
    if not label or label not in refs:
        return
    mapping, problems = state.read_reference(refs[label])
    if problems:
        st.session_state[ERROR] = ("problems", problems)
        return
    state.set_interview(state.interview().replace_answers(mapping, f"loaded reference patient {label}"))


kb = state.knowledge_base()
iv = state.interview()

st.title("Guided interview")
st.caption("The pathway starts at its entry and asks only for the next fact it needs. Answer, or skip when "
           "it is not known — unknown is never read as “no”.")

with st.expander("Start from a reference patient", expanded=not iv.answers):
    refs = state.reference_patients()
    if refs:
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        c1.selectbox("Reference patient (examples/patients)", list(refs), index=None,
                     placeholder="choose a scenario…", key="iv_reference")
        c2.button("Load", key="iv_load", on_click=_load_reference, width="stretch")
    else:
        st.caption("No example patients found in examples/patients/.")

try:
    rec = decision.recommend(kb, iv.answers)
except PatientInputError as exc:  # only if a stored state became invalid (e.g. the knowledge base changed)
    show.problems(exc.problems, "The answers so far are not a valid patient")
    st.button("Start again", key="iv_restart_invalid", on_click=_restart)
    st.stop()

question = next_question(rec, iv.answers, iv.skipped)
left, right = st.columns([5, 4], gap="large")

with left:
    show.status_banner(rec)
    error = st.session_state.pop(ERROR, None)
    if error and error[0] == "none":
        st.warning(error[1])
    elif error:
        show.problems(error[1], "That was not accepted", "nothing was changed; correct these and try again")
    if question is not None:
        spec = widget_for(question.field)
        left_count = len(remaining_questions(rec, iv.answers, iv.skipped))
        st.subheader(f"Next question ({left_count} open)")
        with st.container(border=True):
            st.caption(f"`{question.field}` · asked at `{question.needed_at}`")
            ask.draw(spec, kb, PREFIX, current=ask.current_value(iv.answers, spec))
            if question.would_change:
                st.markdown("**Why it matters:** " + "; ".join(show.md(c) for c in question.would_change))
            b1, b2 = st.columns(2)
            b1.button("Answer", key="iv_answer", type="primary", on_click=_answer, args=(question.field,),
                      width="stretch")
            b2.button("Skip (unknown)", key="iv_skip", on_click=_skip, args=(question.field,), width="stretch")
    else:
        st.success("No further question: the walk reached its outcome with the data given. "
                   "The full recommendation is below.")

    n1, n2, n3 = st.columns(3)
    n1.button("◀ Back", key="iv_back", on_click=_move, args=("back",), disabled=not iv.can_go_back, width="stretch")
    n2.button("Forward ▶", key="iv_forward", on_click=_move, args=("forward",), disabled=not iv.can_go_forward,
              width="stretch")
    n3.button("Start again", key="iv_restart", on_click=_restart, width="stretch")

    st.subheader("Answers so far")
    show.answers_table(iv.answers, key="iv_answers_table")
    if iv.skipped:
        st.caption("Skipped (unknown): " + ", ".join(f"`{s}`" for s in iv.skipped))
    answered = [f for f, _ in flatten(iv.answers) if f not in ("label", "as_of")]
    if answered:
        with st.expander("Edit an answer"):
            field = st.selectbox("Answer to change", answered, key="iv_edit_field")
            spec = widget_for(field)
            ask.draw(spec, kb, EDIT, current=ask.current_value(iv.answers, spec))
            e1, e2 = st.columns(2)
            e1.button("Save", key="iv_edit_save", on_click=_edit, args=(False,), width="stretch")
            e2.button("Remove (unknown)", key="iv_edit_remove", on_click=_edit, args=(True,), width="stretch")
    with st.expander(f"History ({iv.position + 1} of {len(iv.states)})"):
        for i, s in enumerate(iv.states):
            marker = "➤ " if i == iv.position else ""
            st.markdown(f"{marker}{i + 1}. {show.md(s.note)}")

with right:
    st.subheader("Pathway")
    show.graph(kb, rec)
    with st.expander("The path walked so far, in words", expanded=True):
        show.path_list(kb, rec)

st.divider()
if question is None:
    st.header("Recommendation")
    show.recommendation(kb, rec, key="iv", answers=iv.answers, show_status=False)
else:
    with st.expander("Recommendation with the data so far (the interview is not finished)"):
        show.recommendation(kb, rec, key="iv_partial", answers=iv.answers, show_status=False)
