"""Teaching, join: a learner joins a live room with the facilitator's code and a nickname, and answers each
question while it is open. No account and no personal data: the nickname is only shown to the facilitator and
is replaced by "learner N" in the exported answers.
"""

from __future__ import annotations

import streamlit as st
from myositis_ui import show, state
from views.teaching_common import answer_widgets, cases, registry

from decision.errors import DecisionError
from decision.teaching import stage_case

ss = st.session_state


def _join() -> None:
    code = st.text_input("Join code", max_chars=4, key="tj_code_in", placeholder="e.g. KXRM")
    nick = st.text_input("Nickname (no real name needed)", max_chars=24, key="tj_nick_in")
    if st.button("Join", key="tj_join", type="primary"):
        try:
            ss.tj_code = registry().join(code, nick)
            ss.tj_nick = nick.strip()
        except DecisionError as exc:
            show.problems(exc.problems, "Could not join", "check the code and the nickname")
            return
        st.rerun()


@st.fragment(run_every=2)
def _current(kb, all_cases) -> None:
    try:
        view = registry().view(ss.tj_code)
    except DecisionError:
        st.warning("The session has ended.")
        return
    case = all_cases[view.case_id]
    st.subheader(case.title)
    st.markdown(f"> {show.md(case.story)}")
    questions = {q.uid: q for q in stage_case(kb, case).all_questions()}
    q = questions.get(view.current or "")
    if q is None or not view.open:
        st.info("Waiting for the facilitator to open a question…")
        return
    stage = case.stages[q.stage - 1]
    st.markdown(f"**Stage {q.stage}: {show.md(stage.title)}** — {show.md(stage.text)}")
    mine = view.answers.get(q.uid, {}).get(ss.tj_nick)
    choice, conf = answer_widgets(q, "tj_q")
    if st.button("Send answer", key=f"tj_send_{q.uid}", type="primary", disabled=not choice):
        try:
            registry().answer(ss.tj_code, ss.tj_nick, q, choice, conf)
            mine = (choice, conf)
        except DecisionError as exc:
            show.problems(exc.problems, "Answer not recorded", "the question may have just closed")
    if mine:
        st.success(f"Answer recorded: {show.md(', '.join(q.labels.get(c, c) for c in mine[0]))}. You can change it "
                   "while the question is open.")


kb = state.knowledge_base()
all_cases = cases()
st.title("Teaching: join a session")
if "tj_code" not in ss:
    _join()
else:
    st.caption(f"Session `{ss.tj_code}` as **{show.md(ss.tj_nick)}**")
    st.button("Refresh", key="tj_refresh")
    _current(kb, all_cases)
