"""Guided interview in clinical order: who the patient is, the activity measurements, then one screen per decision.

The page leads with where the patient stands (the pathway map with the position lit, the status and the first
actions) so the decision is visible without scrolling; the questions follow. Which screen comes next, and which
fields it holds, is decided by :mod:`decision.guide.questions`; this page only draws it.
"""

from __future__ import annotations

import streamlit as st
from myositis_ui import ask, show, state

import decision
from decision.errors import PatientInputError
from decision.guide.answers import flatten, set_answer
from decision.guide.checks import problems_for
from decision.guide.questions import STAGES, current_screen, intake_fields, measure_fields
from decision.guide.widgets import widget_for
from decision.labels import field_label

PREFIX = "q"
EDIT = "edit"
ERROR = "iv_error"  # problems of the last rejected screen, shown once


def _clear_widgets(prefix: str) -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"{prefix}_")]:
        del st.session_state[key]


def _live_answers(answers: dict) -> dict:
    """The answers with what the intake and measurement widgets hold now (so conditional fields appear at once)."""
    live = answers
    for field in ("sex", "ild.present"):
        value = st.session_state.get(ask._k(PREFIX, field))
        if value is not None:
            live = set_answer(live, field, value)
    return live


def _askable(field: str) -> bool:
    try:
        widget_for(field)
    except KeyError:
        return False
    return True


def _submit(fields: tuple[str, ...], title: str) -> None:
    kb = state.knowledge_base()
    values = {f: ask.read(widget_for(f), PREFIX) if _askable(f) else None for f in fields}
    candidate = state.interview().submit(values, title)
    problems = problems_for(kb, candidate.answers)
    if problems:
        st.session_state[ERROR] = problems
        return
    state.set_interview(candidate)
    _clear_widgets(PREFIX)


def _edit(remove: bool) -> None:
    field = st.session_state.get("iv_edit_field")
    if not field:
        return
    if remove:
        state.set_interview(state.interview().answer(field, None))
        return
    value = ask.read(widget_for(field), EDIT)
    candidate = state.interview().answer(field, value)
    problems = problems_for(state.knowledge_base(), candidate.answers)
    if problems:
        st.session_state[ERROR] = problems
        return
    state.set_interview(candidate)


def _move(direction: str) -> None:
    iv = state.interview()
    state.set_interview(iv.back() if direction == "back" else iv.forward())
    _clear_widgets(PREFIX)


def _restart() -> None:
    state.set_interview(state.interview().restart())
    _clear_widgets(PREFIX)


def _load_reference() -> None:
    label = st.session_state.get("iv_reference")
    refs = state.reference_patients()
    if not label or label not in refs:
        return
    mapping, problems = state.read_reference(refs[label])
    if problems or mapping is None:
        st.session_state[ERROR] = problems
        return
    state.set_interview(state.interview().replace_answers(mapping, f"Loaded the reference patient {label}"))
    _clear_widgets(PREFIX)


def _progress(stage: str) -> None:
    """A fixed stage bar: the same stages in the same order for every patient, the current one lit."""
    index = STAGES.index(stage) if stage in STAGES else len(STAGES) - 1
    st.caption(f"Stage {index + 1} of {len(STAGES)}: **{stage}** — " + " · ".join(STAGES))
    st.progress((index + 1) / len(STAGES))


def _screen(kb, iv, screen) -> None:
    _progress(screen.stage)
    st.subheader(screen.title)
    fields = screen.fields
    if screen.key == "intake":
        fields = intake_fields(_live_answers(iv.answers))
    elif screen.key == "measures":
        fields = measure_fields(_live_answers(iv.answers))
        st.caption("Leave anything not measured empty: it stays unknown, never “normal”.")
    for field in fields:
        try:
            spec = widget_for(field)
        except KeyError:  # a fact the form cannot ask directly: say so rather than fail
            st.caption(f"{show.md(field_label(field))}: enter it on the whole-patient page.")
            continue
        ask.draw(spec, kb, PREFIX, current=ask.current_value(iv.answers, spec))
    why = {m.field: m for m in screen.why}
    if why:
        st.caption("Why these matter: " + "; ".join(
            f"{show.md(field_label(f))} — {show.md('; '.join(m.would_change[:2]))}" for f, m in why.items()))
    b1, b2, b3 = st.columns(3)
    b1.button("Continue", key="iv_continue", type="primary", on_click=_submit, args=(fields, screen.title),
              width="stretch")
    b2.button("◀ Back", key="iv_back", on_click=_move, args=("back",), disabled=not iv.can_go_back,
              width="stretch")
    b3.button("Start again", key="iv_restart", on_click=_restart, width="stretch")


def _side(kb, iv) -> None:
    with st.expander("Answers so far"):
        show.answers_list(kb, iv.answers)
    answered = [f for f, _ in flatten(iv.answers) if f not in ("label", "as_of")]
    if answered:
        with st.expander("Change an answer"):
            field = st.selectbox("Answer to change", answered, key="iv_edit_field", format_func=field_label)
            spec = widget_for(field)
            ask.draw(spec, kb, EDIT, current=ask.current_value(iv.answers, spec))
            e1, e2 = st.columns(2)
            e1.button("Save", key="iv_edit_save", on_click=_edit, args=(False,), width="stretch")
            e2.button("Make it unknown", key="iv_edit_remove", on_click=_edit, args=(True,), width="stretch")
    with st.expander(f"History ({iv.position + 1} of {len(iv.states)})"):
        st.markdown("\n".join(f"{'➤ ' if i == iv.position else ''}{i + 1}. {show.md(s.note)}"
                              for i, s in enumerate(iv.states)))


def _reference_loader(iv) -> None:
    with st.expander("Start from a reference patient", expanded=not iv.answers):
        refs = state.reference_patients()
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        c1.selectbox("Reference patient", list(refs), index=None, placeholder="choose a scenario…",
                     key="iv_reference")
        c2.button("Load", key="iv_load", on_click=_load_reference, width="stretch")


kb = state.knowledge_base()
iv = state.interview()

st.title("Guided interview")
_reference_loader(iv)
try:
    rec = decision.recommend(kb, iv.answers)
except PatientInputError as exc:  # only if a stored state became invalid (e.g. the knowledge base changed)
    show.problems(exc.problems, "The answers so far are not a valid patient")
    st.button("Start again", key="iv_restart_invalid", on_click=_restart)
    st.stop()

screen = current_screen(kb, rec, iv.answers, iv.skipped, iv.phase)
if st.session_state.pop(state.RESTORED, False):
    st.toast("Your answers were kept from before the reload.")
show.pathway_map(rec)
urgent = rec.status.severity == "urgent"
show.status_banner(rec, note="with the answers so far" if screen is not None else "")
show.first_actions(kb, rec, n=len(rec.actions) if urgent else 3)

error = st.session_state.pop(ERROR, None)
if error:
    show.problems(error, "That was not accepted", "nothing was changed; correct these and try again")

if screen is not None:
    with st.container(border=True):
        _screen(kb, iv, screen)
else:
    _progress("Recommendation")
    st.success("The pathway needs nothing more: the full recommendation is below.")
    n1, n2 = st.columns(2)
    n1.button("◀ Back", key="iv_back", on_click=_move, args=("back",), disabled=not iv.can_go_back,
              width="stretch")
    n2.button("Start again", key="iv_restart", on_click=_restart, width="stretch")
left, right = st.columns([3, 2], gap="large")
with left:
    with st.expander("The route so far: each decision and why", expanded=True):
        show.route(kb, rec)
with right:
    _side(kb, iv)

st.divider()
if screen is None:
    st.header("Recommendation")
    show.recommendation(kb, rec, key="iv", answers=iv.answers, show_status=False)
else:
    if st.toggle("Show the full recommendation with the answers so far", value=urgent, key="iv_show_partial"):
        show.recommendation(kb, rec, key="iv_partial", answers=iv.answers, show_status=False)
