"""Scoring: key-feature credit per decision, partial credit for rankings, concordance with an expert panel.

Key-feature problems assess only the critical decisions of a case, so each question scores on its own scale of
0 to 1. A ranking earns full credit for a therapy in its place and half for one in the key at another place,
and none at all if it names a therapy the walk rules out (a killer error). Ticking safety checks earns the
share found minus the share ticked wrongly. Where a case carries an expert panel's answers, the learner also
sees the share of the panel that chose the same answer (Script Concordance style).
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.errors import DecisionError, Problem
from decision.recommendation import Recommendation
from decision.teaching.models import PanelItem
from decision.teaching.staging import MAX_RANK, Question

CONFIDENCE = ("guessing", "fairly sure", "certain")


class AnswerError(DecisionError):
    """A learner's answer does not fit the question (unknown option, too many picks): for the calling view."""

    audience = "answer"


@dataclass(frozen=True)
class Score:
    uid: str
    ask: str
    node: str  # the pathway node to link back to
    choice: tuple[str, ...]
    key: tuple[str, ...]
    points: float  # 0..1
    detail: str
    confidence: str | None = None
    unsafe: tuple[str, ...] = ()  # picks the walk rules out
    concordance: float | None = None  # share of the panel with the same answer

    @property
    def correct(self) -> bool:
        return self.points >= 0.999


def _validate(q: Question, choice: tuple[str, ...], confidence: str | None) -> None:
    problems = [Problem(f"{q.uid}: choice", f"one of {list(q.options)}", repr(c)) for c in choice if c not in q.options]
    if q.kind == "branch" and len(choice) != 1:
        problems.append(Problem(f"{q.uid}: choice", "exactly one branch", f"{len(choice)} choices"))
    if q.kind == "ranking" and not 1 <= len(choice) <= MAX_RANK:
        problems.append(Problem(f"{q.uid}: choice", f"one to {MAX_RANK} therapies, best first", f"{len(choice)}"))
    if len(set(choice)) != len(choice):
        problems.append(Problem(f"{q.uid}: choice", "each option once", repr(choice)))
    if confidence is not None and confidence not in CONFIDENCE:
        problems.append(Problem(f"{q.uid}: confidence", f"one of {list(CONFIDENCE)}", repr(confidence)))
    if problems:
        raise AnswerError(problems)


def _ranking_points(q: Question, choice: tuple[str, ...], rec: Recommendation | None) -> tuple[float, str, tuple]:
    ruled_out = {n.therapy for n in rec.not_suggested} if rec else set()
    unsafe = tuple(c for c in choice if c in ruled_out)
    if unsafe:
        return 0.0, "names a therapy the pathway rules out for this patient: " + ", ".join(unsafe), unsafe
    credit = sum(1.0 if i < len(q.key) and q.key[i] == c else 0.5 if c in q.key else 0.0
                 for i, c in enumerate(choice))
    points = credit / len(q.key) if q.key else 0.0
    return min(points, 1.0), f"{sum(c in q.key for c in choice)} of {len(q.key)} in the key", ()


def _checks_points(q: Question, choice: tuple[str, ...]) -> tuple[float, str]:
    hits = sum(c in q.key for c in choice)
    wrong = len(choice) - hits
    points = max(0.0, (hits - wrong) / len(q.key)) if q.key else 0.0
    return points, f"{hits} of {len(q.key)} checks found, {wrong} ticked that are not due"


def concordance(panel: PanelItem | None, choice: tuple[str, ...]) -> float | None:
    """The share of the panel that gave the learner's (first) answer."""
    if panel is None or not choice:
        return None
    total = sum(panel.answers.values())
    return panel.answers.get(choice[0], 0) / total if total else None


def score_answer(q: Question, choice: tuple[str, ...] | list[str], rec: Recommendation | None = None,
                 confidence: str | None = None, panel: PanelItem | None = None) -> Score:
    """Score one answer against the walker's key; raises :class:`AnswerError` for an answer that does not fit."""
    choice = tuple(choice)
    _validate(q, choice, confidence)
    unsafe: tuple = ()
    if q.kind == "branch":
        points = 1.0 if q.key and choice[0] == q.key[0] else 0.0
        detail = "the branch the pathway takes" if points else f"the pathway takes: {q.key[0] if q.key else '—'}"
    elif q.kind == "ranking":
        points, detail, unsafe = _ranking_points(q, choice, rec)
    else:
        points, detail = _checks_points(q, choice)
    node = q.ask if q.kind == "branch" else (rec.status.node if rec else q.ask)
    return Score(q.uid, q.ask, node, choice, q.key, round(points, 3), detail, confidence, unsafe,
                 concordance(panel, choice))


@dataclass(frozen=True)
class Summary:
    scores: tuple[Score, ...]

    @property
    def points(self) -> float:
        return round(sum(s.points for s in self.scores), 3)

    @property
    def maximum(self) -> int:
        return len(self.scores)

    @property
    def missed(self) -> tuple[Score, ...]:
        """The decisions not fully right, each naming the pathway node to go back to."""
        return tuple(s for s in self.scores if not s.correct)

    @property
    def overconfident(self) -> tuple[Score, ...]:
        return tuple(s for s in self.missed if s.confidence == "certain")
