"""How one decision node chooses its branch — the rule stated in docs/clinical-basis.md.

Every branch is evaluated and traced (true / false / unknown, with the facts read and those missing). Then:

1. Going down the branches in order, up to the first true one: a branch marked ``on_unknown: hold`` that is
   unknown **and** has one of its declared clues present stops the walk at the decision's ``hold`` target.
   Its questions come first in the list of missing data. (A held branch with no clue only lists its question.)
2. Otherwise the first true branch is taken.
3. If none is true and some branch is unknown, the decision's ``unknown`` target is taken when it declares one
   ("get this examination first"); else ``otherwise``.

In a *preview* walk (what would follow once the questions are answered) holds are passed over, and an
``unknown`` target gives way to the branch the decision names as its ``preview``. A held branch that is the
decision's ``preview`` is assumed instead of passed over: the answer to plan for is the one that would need
action now (anti-MDA5 ILD whose pace is not recorded is previewed as rapidly progressive).
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.kb.models import Node
from decision.memo import ByIdentity
from decision.recommendation import BranchTrace, Held, Inputs, TraceStep
from decision.walk.conditions import evaluate
from decision.walk.rules import asked_fields

OUTCOME = {True: "true", False: "false", None: "unknown"}


@dataclass(frozen=True)
class Decided:
    step: TraceStep
    to: str
    held: Held | None
    took_unknown: bool  # the walk went to the decision's 'unknown' target (an examination is needed first)


def decide(kb, node: Node, facts, book, *, preview: bool = False, note: str | None = None) -> Decided:
    branches = [_branch(b, facts) for b in node.branches]
    first_true = next((i for i, b in enumerate(branches) if b.outcome == "true"), len(branches))
    holding = next((b for b in branches[:first_true] if b.clues), None)
    for i, (branch, bt) in enumerate(zip(node.branches, branches, strict=True)):
        if bt.outcome == "unknown":  # "holds escalation" only of the branch that holds it (round-36 audit: said
            book.add(bt.missing, node.id, _would(kb, node, branch, bt is holding))  # beside a branch taken before)
            if branch.on_unknown == "hold" and branch.clues is not None and not bt.clues and i < first_true:
                # an unknown clue that could hold (none can once a branch before it is taken): a question
                cue = evaluate(branch.clues, facts)
                if cue.value is None:
                    book.add(cue.missing, node.id, _would_hold(kb, node, branch))
    held = None if preview else holding
    took_unknown = False
    to: str | None
    if preview and holding is not None and holding.label == node.preview:
        to, label = holding.to, f"assumed: {holding.label}"
    elif held is not None:
        to, label = node.hold, f"hold: {held.label}"
        book.prioritise(held.missing)
    elif first_true < len(branches):
        to, label = branches[first_true].to, branches[first_true].label
    elif node.unknown and any(b.outcome == "unknown" for b in branches):
        if preview and node.preview:
            chosen = next(b for b in branches if b.label == node.preview)
            to, label = chosen.to, f"assumed: {chosen.label}"
        else:
            to, label, took_unknown = node.unknown, "unknown: " + _first_unknown(branches), True
    else:
        to, label = node.otherwise, "otherwise"
    step = TraceStep(node.id, node.kind, node.step, node.title, node.question, tuple(branches), to, label, note)
    record = (Held(node.id, node.question or "", held.label, held.clues or {}, asked_fields(kb, held.missing))
              if held else None)
    return Decided(step, to or "", record, took_unknown)


def _branch(branch, facts) -> BranchTrace:
    ev = evaluate(branch.when, facts)
    clues = None
    if branch.on_unknown == "hold" and ev.value is None:
        cue = evaluate(branch.clues, facts)
        clues = dict(cue.used) if cue.value is True else {}
    return BranchTrace(branch.label, branch.to, branch.when.describe(), OUTCOME[ev.value], Inputs(ev),
                       ev.missing, branch.on_unknown, clues)


_WOULD: ByIdentity[object, str] = ByIdentity()


def _would(kb, node: Node, branch, clue: bool) -> str:
    """What answering an unknown branch could change (the same words for every patient: composed once)."""
    def make() -> str:
        why = (f"holds escalation until answered: could decide '{node.question}' as '{branch.label}'"
               if clue else f"could decide '{node.question}' as '{branch.label}'")
        return f"{why} → {kb.nodes[branch.to].title}"

    return _WOULD.of(branch, make, clue)


_WOULD_HOLD: ByIdentity[object, str] = ByIdentity()


def _would_hold(kb, node: Node, branch) -> str:
    """What answering a clue of an unknown held branch could change (composed once per branch)."""
    return _WOULD_HOLD.of(branch, lambda: f"if present, holds escalation until '{node.question}' is answered "
                                          f"('{branch.label}' → {kb.nodes[branch.to].title})")


def _first_unknown(branches) -> str:
    return next(b.label for b in branches if b.outcome == "unknown")
