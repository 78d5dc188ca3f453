"""Teaching, self-study: pick a case, commit to an answer at each decision, reveal, score, review misses later.

Renders only: the questions and keys come from ``decision.teaching`` (walker answers), the what-if from
``decision.guide.whatif``. Progress lives in this browser session's state and nowhere else.
"""

from __future__ import annotations

import streamlit as st
from myositis_ui import ask, show, state
from views.teaching_common import answer_widgets, cases, reveal_block

from decision.errors import DecisionError
from decision.guide.interview import widget_for
from decision.guide.whatif import askable_fields, what_if
from decision.teaching import stage_case
from decision.teaching.handout import answer_key_html, case_html
from decision.teaching.reveal import reveal, why_not_therapy
from decision.teaching.review import after_answer, due
from decision.teaching.scoring import Summary, score_answer
from decision.teaching.staging import questions_for

ss = st.session_state
for name, default in (("ts_done", set()), ("ts_stage", {}), ("ts_scores", {}), ("ts_queue", ()), ("ts_count", 0)):
    ss.setdefault(name, default)


def _pick_case(all_cases):
    tags = sorted({t for c in all_cases.values() for t in c.tags})
    c1, c2, c3 = st.columns([3, 2, 1])
    want_tags = c1.multiselect("Tags", tags, key="ts_tags")
    want_diff = c2.multiselect("Difficulty", ["foundation", "core", "advanced"], key="ts_diff")
    todo = c3.checkbox("Not yet done", key="ts_todo")
    shown = [cid for cid, c in sorted(all_cases.items())
             if (not want_tags or set(want_tags) & set(c.tags)) and (not want_diff or c.difficulty in want_diff)
             and not (todo and cid in ss.ts_done)]
    if not shown:
        st.info("No case matches these filters.")
        st.stop()
    by_label = {_case_label(all_cases[cid]): cid for cid in shown}
    return by_label[st.selectbox("Case", list(by_label), key="ts_case")]


def _record(q, choice, conf, rec, panel=None) -> None:
    try:
        score = score_answer(q, choice, rec, conf, panel)
    except DecisionError as exc:
        show.problems(exc.problems, "That answer does not fit", "change it and reveal again")
        return
    ss.ts_scores[q.uid] = score
    ss.ts_count += 1
    ss.ts_queue = after_answer(ss.ts_queue, q.uid, score.correct, ss.ts_count)


def _question(kb, case, staged, q, active: bool) -> None:
    rec = staged.recommendations[q.stage - 1]
    st.markdown(f"##### {show.md(q.prompt)}")
    if q.uid in ss.ts_scores:
        reveal_block(kb, reveal(kb, case, q, rec), ss.ts_scores[q.uid])
        return
    if not active:
        return
    choice, conf = answer_widgets(q, "ts_q", show_prompt=False)
    if st.button("Reveal", key=f"ts_reveal_{q.uid}", type="primary"):
        if not choice:
            st.warning("Commit to an answer first — that is the point of predicting.")
        else:
            panel = next((p for p in case.panel if p.stage == q.stage and p.ask == q.ask), None)
            _record(q, choice, conf, rec, panel)
            st.rerun()


def _summary(kb, case, staged) -> None:
    summary = Summary(tuple(ss.ts_scores[q.uid] for q in staged.all_questions() if q.uid in ss.ts_scores))
    ss.ts_done.add(case.id)
    st.subheader(f"Score: {summary.points:g} of {summary.maximum}")
    for m in summary.missed:
        st.markdown(f"- Missed **{show.md(m.ask)}** at pathway node `{m.node}` ({kb.nodes[m.node].title}) — "
                    f"you said {show.md(', '.join(m.choice))}; key {show.md(', '.join(m.key))}")
    if summary.overconfident:
        st.warning(f"{len(summary.overconfident)} missed answer(s) marked 'certain' — worth a second look.")
    st.markdown("**Teaching points**\n\n" + "\n".join(
        f"- {show.md(tp.text)} ({', '.join(tp.sources)})" for tp in case.teaching_points))


def _why_not(kb, rec) -> None:
    by_name = {t.name: t.id for t in sorted(kb.therapies.values(), key=lambda t: t.name.lower())}
    name = st.selectbox("Why not…?", list(by_name), index=None, key="ts_whynot", placeholder="choose any therapy")
    if name:
        st.caption(show.md(why_not_therapy(kb, rec, by_name[name])))


def _what_if(kb, case, staged, stage: int) -> None:
    field = st.selectbox("Change one finding", askable_fields(), index=None, key="ts_wi_field",
                         placeholder="choose a field")
    if not field:
        return
    spec = widget_for(field)
    ask.draw(spec, kb, "ts_wi")
    value = ask.read(spec, "ts_wi")
    if value is None:
        return
    try:
        cmp = what_if(kb, staged.patients[stage], field, value)
    except DecisionError as exc:
        show.problems(exc.problems, "That value is not accepted")
        return
    before = {q.ask: q.key for q in staged.questions[stage]}
    after = {q.ask: q.key for q in questions_for(kb, case, stage + 1, cmp.after)}
    moved = [a for a in before if before[a] != after[a]]
    lines = [f"- **{show.md(a)}**: {show.md(', '.join(before[a]) or '—')} → {show.md(', '.join(after[a]) or '—')}"
             for a in moved]
    st.markdown("\n".join(lines) or "No decision of this stage moves.")
    st.caption(" · ".join(show.md(line) for line in cmp.summary()))


def _case_label(case) -> str:
    return f"{case.title} ({case.difficulty}) — {case.id}"


def _retry(all_cases, uid: str) -> None:
    """Callback: show the case again at the stage of ``uid`` with that question unanswered."""
    cid, stage, _ = uid.split("/")
    ss.ts_tags, ss.ts_diff, ss.ts_todo = [], [], False
    ss.ts_case = _case_label(all_cases[cid])
    ss.ts_stage[cid] = int(stage) - 1
    ss.ts_scores.pop(uid, None)


def _review(all_cases) -> None:
    """Missed decisions that are due again (spaced repetition counted in questions answered)."""
    items = due(ss.ts_queue, ss.ts_count)
    if not items:
        return
    with st.sidebar.expander(f"Come back to ({len(items)})", expanded=True):
        for n, item in enumerate(items[:5]):
            cid, stage, ask_id = item.uid.split("/")
            st.markdown(f"{show.md(all_cases[cid].title)}, stage {stage}: `{ask_id}`")
            st.button("Try again", key=f"ts_retry_{n}", on_click=_retry, args=(all_cases, item.uid))


kb = state.knowledge_base()
all_cases = cases()
st.title("Teaching: self-study")
st.caption("Predict, then reveal. Every answer comes from the pathway's walker, with its reasons and sources.")
case = all_cases[_pick_case(all_cases)]
staged = stage_case(kb, case)
current = min(ss.ts_stage.get(case.id, 0), len(case.stages) - 1)
st.markdown("**Objectives:** " + "; ".join(show.md(o) for o in case.objectives))
st.markdown(f"> {show.md(case.story)}")
for i in range(current + 1):
    st.subheader(f"Stage {i + 1}: {case.stages[i].title}")
    st.markdown(show.md(case.stages[i].text))
    for q in staged.questions[i]:
        _question(kb, case, staged, q, active=i == current)
if all(q.uid in ss.ts_scores for q in staged.questions[current]):
    if current + 1 < len(case.stages):
        if st.button("Next stage", key="ts_next", type="primary"):
            ss.ts_stage[case.id] = current + 1
            st.rerun()
    else:
        _summary(kb, case, staged)
with st.expander("Printable handout and answer key"):
    c1, c2 = st.columns(2)
    c1.download_button("Case handout (HTML)", case_html(kb, case), file_name=f"{case.id}-handout.html",
                       mime="text/html", key="ts_handout")
    c2.download_button("Answer key (HTML)", answer_key_html(kb, case), file_name=f"{case.id}-answer-key.html",
                       mime="text/html", key="ts_key")
with st.expander("Why not…? / What if…?"):
    _why_not(kb, staged.recommendations[current])
    _what_if(kb, case, staged, current)
_review(all_cases)
