"""The reveal: the walker's answer to one question, why, why not the other options, the basis and the point.

Everything shown is read from the recommendation's trace and the knowledge base — the branch conditions with
the values that decided them, the reasons therapies were not suggested, the sources with their strength and
quality of evidence — so the reveal can be checked against the pathway without reading code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision.recommendation import Recommendation
from decision.teaching.models import Case
from decision.teaching.staging import HOLD, NONE_OF_THESE, UNKNOWN, Question, step_at


@dataclass(frozen=True)
class SourceView:
    id: str
    citation: str
    strength: str
    evidence: str


@dataclass(frozen=True)
class Reveal:
    question: Question
    answer: tuple[str, ...]
    why: tuple[str, ...]
    why_not: tuple[str, ...]
    sources: tuple[SourceView, ...]
    teaching_point: str | None
    node: str  # the pathway node to link back to


def values(inputs: Mapping[str, Any]) -> str:
    """``field = value`` pairs as a clinician reads them (unknown when missing)."""
    def show(v: Any) -> str:
        if v is None:
            return "unknown"
        if isinstance(v, bool):
            return "yes" if v else "no"
        return ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
    return "; ".join(f"{k} = {show(v)}" for k, v in inputs.items()) or "no data"


def _sources(kb, basis) -> tuple[SourceView, ...]:
    return tuple(SourceView(s, kb.sources[s].citation if s in kb.sources else s, basis.strength, basis.evidence)
                 for s in basis.sources)


def _branch_reveal(kb, q: Question, rec: Recommendation) -> tuple[list[str], list[str]]:
    step = step_at(rec, q.ask)
    if step is None:
        return ["The walk does not reach this decision at this stage."], []
    answer = q.key[0]
    why: list[str] = []
    why_not: list[str] = []
    for b in step.branches:
        line = f"{b.label}: {b.outcome} — {b.condition} ({values(b.inputs)})"
        if b.missing:
            line += f"; missing: {', '.join(b.missing)}"
        (why if b.label == answer else why_not).append(line)
    if answer == NONE_OF_THESE:
        why.insert(0, "No branch was true, so the walk went on to the next question.")
    elif answer == HOLD:
        held = [h for h in rec.held if h.node == q.ask]
        said = "; ".join(f"{h.branch} (clues: {values(h.clues)}; ask: {', '.join(h.ask)})" for h in held)
        why.insert(0, "A branch that could forbid or redirect escalation is unknown while a clue says it might be "
                      f"true: {said}")
    elif answer == UNKNOWN:
        fields = ", ".join(m.field for m in rec.missing)
        why.insert(0, f"The data cannot settle this yet: examine first ({fields})")
    return why, why_not


def why_not_therapy(kb, rec: Recommendation, therapy: str) -> str:
    """The reason a therapy is or is not among the suggestions now, from the walk and the knowledge base."""
    name = kb.therapies[therapy].name if therapy in kb.therapies else therapy
    for n in rec.not_suggested:
        if n.therapy == therapy:
            return f"{name}: not suggested — {n.reason} (basis: {', '.join(n.basis.sources)}; {n.basis.strength})"
    for w in rec.warnings:
        if therapy in w.therapies and w.severity == "contraindication":
            return f"{name}: contraindicated — {w.message}"
    for a in rec.actions:
        if a.therapy == therapy:
            when = "now" if a.timing == "now" else a.timing.replace("_", " ")
            rank = f", rank {a.rank}" if a.rank else ""
            return f"{name}: suggested ({when}{rank}){' — ' + '; '.join(a.ranking) if a.ranking else ''}"
    lines = {d: kb.therapy_line(therapy, d) for d in kb.ladders}
    placed = ", ".join(f"line {n} of the {d} ladder" for d, n in lines.items() if n)
    where = f"on {placed}" if placed else "not on any ladder of the pathway"
    return (f"{name}: not offered at {rec.status.title.lower()} ({rec.status.node}); it is {where}, and the walk "
            "did not reach a step that offers it for this patient.")


def _ranking_reveal(kb, q: Question, rec: Recommendation) -> tuple[list[str], list[str]]:
    why = []
    for t in q.key:
        action = next(a for a in rec.actions if a.therapy == t and a.timing == "now")
        reasons = "; ".join(action.ranking) or action.text
        why.append(f"{q.labels.get(t, t)} (rank {action.rank or '-'}): {reasons}")
    return why, [why_not_therapy(kb, rec, t) for t in q.options if t not in q.key]


def _checks_reveal(kb, q: Question, rec: Recommendation) -> tuple[list[str], list[str]]:
    warnings = {w.id: w for w in rec.warnings}
    why = [f"{q.labels.get(c, c)} [{warnings[c].severity}]: {warnings[c].message}" for c in q.key]
    why_not = [f"{q.labels.get(c, c)}: not due for this patient and these therapies" for c in q.options
               if c not in q.key]
    return why, why_not


def _basis_of(kb, q: Question, rec: Recommendation):
    if q.kind == "branch":
        return kb.nodes[q.ask].basis
    if q.kind == "ranking" and q.key:
        return next(a.basis for a in rec.actions if a.therapy == q.key[0])
    warnings = {w.id: w for w in rec.warnings}
    return warnings[q.key[0]].basis if q.key else kb.nodes[rec.status.node].basis


def reveal(kb, case: Case, q: Question, rec: Recommendation) -> Reveal:
    """The full reveal of question ``q`` (asked at the stage whose recommendation is ``rec``)."""
    build = {"branch": _branch_reveal, "ranking": _ranking_reveal, "checks": _checks_reveal}[q.kind]
    why, why_not = build(kb, q, rec)
    point = next((tp.text for tp in case.teaching_points if tp.at == q.ask), None)
    if point is None and q.kind != "branch":
        point = next((tp.text for tp in case.teaching_points if tp.at is None), None)
    node = q.ask if q.kind == "branch" else rec.status.node
    return Reveal(q, q.key, tuple(why), tuple(why_not), _sources(kb, _basis_of(kb, q, rec)), point, node)
