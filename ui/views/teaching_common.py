"""Shared pieces of the three teaching pages: the cases, the room registry, and the question/reveal widgets.

Not a page itself. The one shared mutable object of the app lives here: the room :class:`Registry`, kept with
``st.cache_resource`` so every browser session of this server process — the facilitator's and each learner's —
sees the same rooms. That is the documented exception to "cache_resource only for immutable objects": the
registry is the meeting point of a live room, it guards every change with a lock and hands out frozen copies,
holds no patient data (cases are fictional; learners are nicknames) and forgets rooms after hours of inactivity.
"""

from __future__ import annotations

import streamlit as st
from myositis_ui import show, state

from decision.teaching import load_cases
from decision.teaching.reveal import Reveal
from decision.teaching.room import Registry
from decision.teaching.scoring import CONFIDENCE, Score
from decision.teaching.staging import Question


@st.cache_resource(show_spinner=False)
def cases():
    """The bundled cases (frozen models; immutable like the knowledge base)."""
    return load_cases(state.knowledge_base())


@st.cache_resource(show_spinner=False)
def registry() -> Registry:
    """The server's live rooms — shared by design (see the module docstring)."""
    return Registry()


def answer_widgets(q: Question, prefix: str, *, confidence: bool = True,
                   show_prompt: bool = True) -> tuple[tuple[str, ...], str | None]:
    """Draw the answer input for ``q``; return the choice (empty until given) and the confidence."""
    key = f"{prefix}_{q.uid}"
    shown = "visible" if show_prompt else "collapsed"
    if q.kind == "branch":
        pick = st.radio(q.prompt, q.options, index=None, key=key, label_visibility=shown)
        choice: tuple[str, ...] = (pick,) if pick else ()
    else:
        # Options are shown by their words and mapped back (no format_func: AppTest replays widget state by label).
        by_label = {q.labels.get(o, o): o for o in q.options}
        hint = "Pick up to three, best first" if q.kind == "ranking" else "Tick every check due"
        picked = st.multiselect(q.prompt, list(by_label), max_selections=3 if q.kind == "ranking" else None,
                                key=key, label_visibility=shown, placeholder=hint)
        choice = tuple(by_label[p] for p in picked)
    conf = st.radio("How sure are you?", CONFIDENCE, index=None, horizontal=True, key=f"{key}_conf") \
        if confidence else None
    return choice, conf


def reveal_block(kb, r: Reveal, score: Score | None = None) -> None:
    """The walker's answer, why, why not, sources and the teaching point."""
    q = r.question
    answer = ", ".join(q.labels.get(a, a) for a in r.answer) or "—"
    if score is not None:
        verdict = "✅ Right" if score.correct else ("⚠️ Unsafe pick" if score.unsafe else "❌ Not quite")
        conc = f" · panel concordance {score.concordance:.0%}" if score.concordance is not None else ""
        st.markdown(f"**{verdict}** — {score.points:g} of 1 ({show.md(score.detail)}){conc}")
    st.success(f"**The pathway's answer:** {show.md(answer)}")
    st.markdown("**Why**\n\n" + "\n".join(f"- {show.md(w)}" for w in r.why))
    if r.why_not:
        st.markdown("**Why not the others**\n\n" + "\n".join(f"- {show.md(w)}" for w in r.why_not))
    st.markdown("**Sources** — " + "; ".join(
        f"{show.md(s.id)} ({show.md(s.strength)}, evidence {show.md(s.evidence)})" for s in r.sources))
    if r.teaching_point:
        st.info(f"**Teaching point:** {show.md(r.teaching_point)}")
    st.caption(f"Pathway node: `{r.node}` — see it in the Algorithm explorer.")
