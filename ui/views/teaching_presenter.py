"""Teaching, presenter: the facilitator starts a room, steps through the case, opens and closes each question,
watches the live tally, reveals, and ends with a debrief built around the question the room split most on.

Renders only: the room lives in the shared in-memory registry (``views.teaching_common.registry``), the tally,
debrief and CSV come from ``decision.teaching``.
"""

from __future__ import annotations

import streamlit as st
from myositis_ui import show, state
from views.teaching_common import cases, registry, reveal_block

from decision.errors import DecisionError
from decision.teaching import stage_case
from decision.teaching.debrief import debrief
from decision.teaching.reveal import reveal
from decision.teaching.room import answers_csv

ss = st.session_state
ss.setdefault("tp_index", 0)


def _start(all_cases) -> None:
    by_label = {f"{all_cases[c].title} ({all_cases[c].difficulty}) — {c}": c for c in sorted(all_cases)}
    cid = by_label[st.selectbox("Case", list(by_label), key="tp_case_pick")]
    if st.button("Start session", key="tp_start", type="primary"):
        ss.tp_code = registry().create(cid)
        ss.tp_index = 0
        st.rerun()


def _controls(code: str, q, n: int) -> None:
    c = st.columns(6)
    if c[0].button("◀ Previous", key="tp_prev", disabled=ss.tp_index == 0):
        registry().show(code, q.uid, False)
        ss.tp_index -= 1
        st.rerun()
    if c[1].button("Open", key="tp_open", type="primary"):
        registry().show(code, q.uid, True)
    if c[2].button("Close", key="tp_close"):
        registry().show(code, q.uid, False)
    if c[3].button("Reveal", key="tp_reveal"):
        registry().reveal(code, q.uid)
    if c[4].button("Next ▶", key="tp_next", disabled=ss.tp_index >= n - 1):
        registry().show(code, q.uid, False)
        ss.tp_index += 1
        st.rerun()
    c[5].button("Refresh", key="tp_refresh")


@st.fragment(run_every=2)
def _live(code: str, q) -> None:
    try:
        view = registry().view(code)
    except DecisionError:
        return
    tally = view.tally(q)
    answered = len(view.answers.get(q.uid, {}))
    state_word = "open" if view.open and view.current == q.uid else "closed"
    st.markdown(f"**Answers: {answered} of {len(view.learners)} learners** · question {state_word}")
    st.bar_chart({q.labels.get(o, o)[:40]: n for o, n in tally.items()}, horizontal=True)
    st.caption("Tally: " + ", ".join(f"{q.labels.get(o, o)} {n}" for o, n in tally.items() if n))


def _room(kb, all_cases, code: str) -> None:
    try:
        view = registry().view(code)
    except DecisionError:
        st.warning("This session has ended or expired.")
        del ss["tp_code"]
        st.stop()
    case = all_cases[view.case_id]
    staged = stage_case(kb, case)
    questions = staged.all_questions()
    ss.tp_index = min(ss.tp_index, len(questions) - 1)
    q = questions[ss.tp_index]
    st.markdown(f"## Join code: `{code}`")
    st.caption(f"Learners open *Teaching: join* on this server and type the code. {len(view.learners)} joined.")
    st.subheader(case.title)
    st.markdown(f"> {show.md(case.story)}")
    stage = case.stages[q.stage - 1]
    st.markdown(f"**Stage {q.stage}: {show.md(stage.title)}** — {show.md(stage.text)}")
    st.markdown(f"### Question {ss.tp_index + 1} of {len(questions)}: {show.md(q.prompt)}")
    _controls(code, q, len(questions))
    _live(code, q)
    if q.uid in registry().view(code).revealed:
        reveal_block(kb, reveal(kb, case, q, staged.recommendations[q.stage - 1]))
    _wrap_up(kb, staged, code)


def _wrap_up(kb, staged, code: str) -> None:
    view = registry().view(code)
    with st.expander("Debrief outline"):
        for phase in debrief(kb, staged, view):
            st.markdown(f"**{phase.phase}**\n\n" + "\n".join(f"- {show.md(p)}" for p in phase.prompts))
    recs = {i + 1: r for i, r in enumerate(staged.recommendations)}
    st.download_button("Download answers (CSV)", answers_csv(view, staged.all_questions(), recs),
                       file_name=f"teaching-{staged.case.id}.csv", mime="text/csv", key="tp_csv")
    if st.button("End session", key="tp_end"):
        registry().close(code)
        del ss["tp_code"]
        st.rerun()


kb = state.knowledge_base()
all_cases = cases()
st.title("Teaching: presenter")
if "tp_code" not in ss:
    st.caption("Start a live session: learners join from their own browser with a code and a nickname. Nothing "
               "is stored: the session lives in this server's memory and expires after hours without activity.")
    _start(all_cases)
else:
    _room(kb, all_cases, ss.tp_code)
