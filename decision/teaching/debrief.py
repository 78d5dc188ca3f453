"""A PEARLS-style debrief outline (reactions, description, analysis, summary) built from the room's answers.

The analysis centres on the question the room split most on, and on the commonest wrong answer there with the
reason the pathway did not take it — the conversation worth having — rather than on the questions everyone got.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.teaching.reveal import reveal, why_not_therapy
from decision.teaching.room import RoomView, most_split, split
from decision.teaching.staging import StagedCase


@dataclass(frozen=True)
class DebriefPhase:
    phase: str
    prompts: tuple[str, ...]


def _wrong_reason(kb, staged: StagedCase, q, option: str) -> str:
    rec = staged.recommendations[q.stage - 1]
    if q.kind == "ranking":
        return why_not_therapy(kb, rec, option)
    r = reveal(kb, staged.case, q, rec)
    return next((w for w in r.why_not if w.startswith(f"{option}:")), f"{option}: not what the pathway takes here")


def debrief(kb, staged: StagedCase, view: RoomView) -> tuple[DebriefPhase, ...]:
    questions = staged.all_questions()
    focus = most_split(view, questions)
    reactions = DebriefPhase("Reactions", ("How did that case feel? Which moment surprised you?",))
    description = DebriefPhase("Description", (
        f"Summarise the patient in one sentence: {staged.case.title}.",
        f"{len(view.learners)} learners answered {sum(len(a) for a in view.answers.values())} times.",))
    if focus is None:
        return (reactions, description, DebriefPhase("Analysis", ("No answers yet.",)),
                DebriefPhase("Summary", tuple(tp.text for tp in staged.case.teaching_points)))
    tally = view.tally(focus)
    wrong = sorted(((n, o) for o, n in tally.items() if n and o not in focus.key), reverse=True)
    analysis = [f"The room split most on question {focus.uid} ({focus.prompt}); split index {split(tally):.2f}.",
                "Answers: " + ", ".join(f"{focus.labels.get(o, o)} {n}" for o, n in tally.items() if n) + ".",
                "The pathway's answer: " + ", ".join(focus.labels.get(k, k) for k in focus.key) + "."]
    if wrong:
        option = wrong[0][1]
        analysis += [f"Commonest other answer: {focus.labels.get(option, option)} ({wrong[0][0]}). "
                     "Ask someone who chose it to explain their reasoning first.",
                     "Why the pathway did not take it: " + _wrong_reason(kb, staged, focus, option)]
    points = [tp.text for tp in staged.case.teaching_points if tp.at == focus.ask] or \
             [tp.text for tp in staged.case.teaching_points]
    summary = DebriefPhase("Summary", ("What will you do differently next time?", *points))
    return reactions, description, DebriefPhase("Analysis", tuple(analysis)), summary
