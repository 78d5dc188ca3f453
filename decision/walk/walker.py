"""The walker: ``recommend(kb, patient)`` → :class:`Recommendation`, a pure function with its trace.

It follows the pathway graph from the entry, evaluating each decision node's branches in order in
three-valued logic. The first branch that is *true* is taken. A branch that is *unknown* is recorded (its
missing facts become questions, with what the answer would change); the walk then goes to the node's
declared ``unknown`` target if it has one (typically "get this examination first"), or goes on to the next
branch. Action nodes contribute actions and therapy selections; the walk ends at an outcome node, whose
status names the situation. Tailoring rules and safety gates then rank, remove and flag therapies
(:mod:`decision.walk.rules`). No I/O, no logging, no globals: same input and knowledge base, same output.
"""

from __future__ import annotations

from typing import Any

from decision.errors import PatientInputError, Problem
from decision.kb.models import Node
from decision.patient.facts import CATALOGUE, FactContext, compute_facts
from decision.patient.model import Patient, parse_patient
from decision.recommendation import ActionView, BranchTrace, Reassess, Recommendation, Status, TraceStep
from decision.walk.cancer_screening import cancer_screening
from decision.walk.conditions import evaluate
from decision.walk.dosing import glucocorticoid_plan
from decision.walk.rules import MissingBook, RuleOutcome, apply_rules, basis_view, select_therapies, therapy_action


def context_for(kb, patient: Patient) -> FactContext:
    lines: dict[str, int] = {}
    for ladder in kb.ladders.values():
        for step in ladder.steps:
            for option in step.options:
                lines.setdefault(option, step.line)
    if "muscle" in kb.ladders:
        for step in kb.ladders["muscle"].steps:
            for option in step.options:
                lines[option] = min(lines.get(option, step.line), step.line) if option in lines else step.line
    thresholds = {t.antibody: t.min_intensity for t in kb.antibody_thresholds.thresholds} if kb.antibody_thresholds else {}
    non_gc = frozenset(t.id for t in kb.therapies.values()
                       if (t.immunosuppressive or "escalation" in t.tags) and t.drug_class != "glucocorticoid")
    return FactContext(patient, lines, thresholds, non_gc)


def _check_therapy_ids(kb, patient: Patient) -> None:
    problems = [
        Problem(f"therapies[{i}].drug", "a therapy id of the knowledge base (" + ", ".join(sorted(kb.therapies)) + ")",
                repr(course.drug))
        for i, course in enumerate(patient.therapies) if course.drug not in kb.therapies
    ]
    if problems:
        raise PatientInputError(problems)


def recommend(kb, patient: Patient | dict[str, Any]) -> Recommendation:
    """Walk the pathway for one patient and return the recommendation with its full reasoning trace.

    ``patient`` may be a :class:`~decision.patient.model.Patient` or a plain mapping (validated here; bad input
    raises :class:`~decision.errors.PatientInputError` naming every bad field, and nothing is returned).
    """
    patient = parse_patient(patient)
    _check_therapy_ids(kb, patient)
    ctx = context_for(kb, patient)
    facts = compute_facts(ctx)
    book = MissingBook()
    trace: list[TraceStep] = []
    path: list[str] = []
    raw_actions: list[ActionView] = []
    selections = []
    withheld = []

    response = _response(ctx)
    node: Node = kb.nodes[kb.pathway.entry]
    arrived: dict[str, Any] = {}
    while True:
        path.append(node.id)
        if node.kind == "decision":
            node, step = _decide(kb, node, facts, book, response and response["explanation"])
            trace.append(step)
            taken = next((b for b in step.branches if b.to == step.taken and b.outcome == "true"), None)
            arrived = dict(taken.inputs) if taken else {}  # the facts that sent the walk here
            continue
        for action in node.actions:
            if action.when is not None:
                ev = evaluate(action.when, facts)
                if ev.value is None:
                    book.add(ev.missing, node.id, f"would add the action: {action.text}")
                if ev.value is not True:
                    continue
                inputs = dict(ev.used)
            else:
                inputs = {}
            raw_actions.append(_action_view(kb, node, action, {**arrived, **inputs}))
        if node.select:
            selections.append((node, node.select))
        for w in node.withhold:
            ev = evaluate(w.when, facts) if w.when is not None else None
            if ev is None or ev.value is True:
                withheld.append((node, w))
            elif ev.value is None:
                book.add(ev.missing, node.id, f"could rule out {', '.join(w.therapies)}: {w.reason}")
        trace.append(TraceStep(node.id, node.kind, node.step, node.title, None, (), node.next, None,
                               node.explanation))
        if node.kind == "outcome":
            break
        node = kb.nodes[node.next]

    outcome_node = node
    selected, passed_over = [], []
    for sel_node, sel in selections:
        chosen, skipped = select_therapies(kb, sel_node, sel, facts, book)
        selected.extend(chosen)
        passed_over.extend(skipped)
    explicit = _drop_repeats(raw_actions, facts, passed_over)
    suggested = {a.therapy for a in explicit if a.kind == "therapy"}
    selected = [a for a in selected if a.therapy not in suggested]  # a node already suggests it
    result: RuleOutcome = apply_rules(kb, facts, explicit + selected, withheld, book, passed_over)
    screening = cancer_screening(kb, facts, book)
    reassess = outcome_node.reassess
    status = Status(outcome_node.status or "", outcome_node.title, outcome_node.explanation, outcome_node.id,
                    Reassess(reassess.after, reassess.to) if reassess else None,
                    kb.statuses[outcome_node.status].severity)
    return Recommendation(
        knowledge_base=kb.version,
        patient_label=patient.label,
        status=status,
        actions=result.actions,
        not_suggested=result.not_suggested,
        warnings=result.warnings,
        missing=tuple(book.entries(CATALOGUE, lambda field: _is_known(patient, field))),
        trace=tuple(trace),
        path=tuple(path),
        response=response,
        glucocorticoid_plan=glucocorticoid_plan(kb, patient, result.actions),
        cancer_screening=screening,
    )


def _drop_repeats(actions: list[ActionView], facts, passed_over: list) -> list[ActionView]:
    """Each therapy once; and one the patient already failed is not suggested again: say so instead."""
    from decision.recommendation import NotSuggested

    failed = facts.get("failed_drugs") or frozenset()
    kept: list[ActionView] = []
    for a in actions:
        if a.kind == "therapy" and any(k.kind == "therapy" and k.therapy == a.therapy for k in kept):
            continue  # two nodes on the path suggest the same therapy: the first (and its basis) stands
        if a.kind == "therapy" and a.therapy in failed and a.timing == "now":
            passed_over.append(NotSuggested(a.therapy, a.therapy_name, "already failed for this patient", a.node,
                                            a.basis))
            continue
        kept.append(a)
    return kept


def _is_known(patient: Patient, field: str) -> bool:
    """Whether the patient file gives ``field`` (a dotted path; a list counts when it is not empty)."""
    value: Any = patient
    for part in field.split("."):
        value = getattr(value, part, None)
        if value is None:
            return False
    return value != ()


def _response(ctx) -> dict[str, Any] | None:
    judged = ctx.judged
    if judged.how == "unknown" and not ctx.patient.assessments:
        return None
    return judged.to_dict()


def _decide(kb, node: Node, facts, book: MissingBook, response_note: str | None) -> tuple[Node, TraceStep]:
    branches: list[BranchTrace] = []
    taken = taken_label = None
    for i, branch in enumerate(node.branches):
        ev = evaluate(branch.when, facts)
        outcome = {True: "true", False: "false", None: "unknown"}[ev.value]
        branches.append(BranchTrace(branch.label, branch.to, branch.when.describe(), outcome, dict(ev.used),
                                    ev.missing))
        if ev.value is None:
            book.add(ev.missing, node.id,
                     f"could decide '{node.question}' as '{branch.label}' → {kb.nodes[branch.to].title}")
            if node.unknown:
                taken, taken_label = node.unknown, "unknown: " + branch.label
                break
        if ev.value is True:
            taken, taken_label = branch.to, branch.label
            break
    if taken is None:
        taken, taken_label = node.otherwise, "otherwise"
    for branch in node.branches[len(branches):]:
        branches.append(BranchTrace(branch.label, branch.to, branch.when.describe(), "not evaluated", {}, ()))
    note = node.explanation
    if response_note and any("regimen_outcome" in b.inputs or "regimen_outcome" in b.missing for b in branches):
        note = f"{note + ' ' if note else ''}Response judged: {response_note}"
    step = TraceStep(node.id, node.kind, node.step, node.title, node.question, tuple(branches), taken, taken_label,
                     note)
    return kb.nodes[taken], step


def _action_view(kb, node: Node, action, inputs: dict[str, Any]) -> ActionView:
    if action.therapy:
        return therapy_action(kb, action.therapy, node.id, action.id, action.text, basis_view(action.basis),
                              inputs, line=action.line, timing=action.timing, kind=action.kind)
    return ActionView(action.id, action.kind, action.text, basis_view(action.basis), inputs, node.id,
                      timing=action.timing)
