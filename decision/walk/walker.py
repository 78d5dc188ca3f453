"""The walker: ``recommend(kb, patient)`` → :class:`Recommendation`, a pure function with its trace.

It follows the pathway graph from the entry. At each decision node every branch is evaluated in three-valued
logic and the choice follows the rule in :mod:`decision.walk.decide` (held branches, first true branch,
``unknown`` and ``otherwise`` targets). Action nodes contribute actions and therapy selections; the walk ends at
an outcome node, whose status names the situation and the organ domains judged active. Tailoring rules and
safety gates then rank, remove and flag therapies (:mod:`decision.walk.rules`). When the walk stops for a
question or an examination, a second walk that assumes the answers (:mod:`decision.walk.preview`) says what
would most likely follow and which checks to order now. No I/O, no logging, no globals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from decision.errors import PatientInputError, Problem
from decision.kb.models import Node, Select
from decision.memo import ByIdentity
from decision.patient.facts import FactContext, compute_facts
from decision.patient.model import Patient, parse_patient, plausibility_notes
from decision.recommendation import (
    ActionView,
    BasisView,
    BranchTrace,
    Held,
    Reassess,
    Recommendation,
    Status,
    TraceStep,
    Warning,
)
from decision.walk.cancer_screening import cancer_screening, screening_facts
from decision.walk.conditions import Facts, evaluate, fields_of
from decision.walk.decide import decide
from decision.walk.dose_caps import read_capped_as_adequate
from decision.walk.dosing import glucocorticoid_plan, personalise_doses
from decision.walk.ladder_facts import climb_facts, ladder_facts
from decision.walk.lapsed_cycles import ask_when_cycles_lapse, cycles_lapsed, lapsed_read_as_stopped
from decision.walk.regimen_gaps import incomplete_regimen
from decision.walk.repeats import continued_drug, drop_repeats
from decision.walk.rules import (
    MissingBook,
    RuleOutcome,
    apply_rules,
    basis_view,
    partner_kept,
    rescue_unconfirmed,
    select_therapies,
    therapy_action,
    trials_unconfirmed,
)
from decision.walk.safety_stops import safety_stop_facts
from decision.walk.stale_findings import set_aside_stale_mri

DOMAIN_ORDER = ("muscle", "lung", "skin", "joints")


def context_for(kb, patient: Patient) -> FactContext:
    lk = kb.lookups
    return FactContext(lapsed_read_as_stopped(kb, patient), lk.therapy_lines, lk.antibody_thresholds, lk.non_gc_ids,
                       lk.min_weeks, lk.add_on_ids, lk.combinations, lk.redose_weeks)


def facts_for(kb, patient: Patient, ctx: FactContext | None = None) -> Facts:
    """Every fact for this patient, with the IMACS screening scope and stratum (screening.yaml) and then the
    pathway's named definitions evaluated on top of them."""
    values = compute_facts(ctx or context_for(kb, patient))
    facts = Facts(values)
    screening_facts(kb, facts)
    safety_stop_facts(kb, facts, patient)
    ladder_facts(kb, facts)
    for name, definition in kb.lookups.definitions.items():  # in file order: a definition may use earlier ones
        ev = evaluate(definition.when, facts)
        facts[name] = ev.value
        facts.derivations[name] = ev
    climb_facts(kb, facts)  # reads the domains the definitions judge
    return facts


@dataclass
class Walk:
    """What one walk of the graph gathers on its way to an outcome."""

    trace: list[TraceStep] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    actions: list[ActionView] = field(default_factory=list)
    selections: list[tuple[Node, Any]] = field(default_factory=list)
    withheld: list[tuple[Node, Any]] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    stopped_at: list[str] = field(default_factory=list)  # decisions whose 'unknown' target was taken
    outcome: Node | None = None
    offered: list[ActionView] = field(default_factory=list)  # ladder options chosen, before the gates


def walk(kb, facts, book: MissingBook, *, preview: bool = False, note: str | None = None) -> Walk:
    w = Walk()
    node: Node = kb.nodes[kb.pathway.entry]
    arrived: BranchTrace | None = None  # the true branch that sent the walk here (its inputs read when needed)
    while True:
        w.path.append(node.id)
        if node.kind == "decision":
            d = decide(kb, node, facts, book, preview=preview, note=_note(node, note))
            w.trace.append(d.step)
            if d.held:
                w.held.append(d.held)
            if d.took_unknown:
                w.stopped_at.append(node.id)
            arrived = next((b for b in d.step.branches if b.to == d.to and b.outcome == "true"), None)
            node = kb.nodes[d.to]
            continue
        _visit(kb, node, facts, book, w, arrived)
        if node.kind == "outcome":
            w.outcome = node
            return w
        node = kb.nodes[node.next]


def _note(node: Node, response_note: str | None) -> str | None:
    if response_note and _judges_response(node):
        return f"{node.explanation + ' ' if node.explanation else ''}Response judged: {response_note}"
    return node.explanation


_JUDGES: ByIdentity[Node, bool] = ByIdentity()


def _judges_response(node: Node) -> bool:
    """Whether a branch of the decision tests the response to the regimen (worked out once per node: the
    knowledge base is immutable)."""
    return _JUDGES.of(node, lambda: any(c.field == "regimen_outcome" for b in node.branches
                                        for c in fields_of(b.when)))


_KEPT: ByIdentity[Select, Select] = ByIdentity()


def _line_kept(sel: Select, facts) -> Select:
    """The selection from the stopped drug's own line when its ``kept_when`` holds: a regimen that works is not
    a failure of the line the history reached (round-21 audit: methotrexate working and stopped at eGFR 20,
    after an old rituximab failure, was replaced by cyclophosphamide). Its line used up, the next one with an
    agent gives the replacement (round-22 audit: nothing was given under "switch within the line")."""
    if sel.kept_when is None or evaluate(sel.kept_when, facts).value is not True:
        return sel
    return _KEPT.of(sel, lambda: sel.model_copy(update={"line": "own"}))


def _visit(kb, node: Node, facts, book: MissingBook, w: Walk, arrived: BranchTrace | None) -> None:
    came = dict(arrived.inputs) if arrived is not None and node.actions else {}  # the facts that sent the walk here
    for action in node.actions:
        inputs: dict[str, Any] = {}
        if action.when is not None:
            ev = evaluate(action.when, facts)
            if ev.value is None:
                book.add(ev.missing, node.id, f"would add the action: {action.text}")
            if ev.value is not True:
                continue
            inputs = dict(ev.used)
        w.actions.append(_action_view(kb, node, action, {**came, **inputs}))
    if node.select:
        applies = evaluate(node.select.when, facts) if node.select.when is not None else None
        if applies is None or applies.value is True:
            w.selections.append((node, _line_kept(node.select, facts)))
        elif applies.value is None:
            book.add(applies.missing, node.id, f"would offer options from the {node.select.ladder} ladder")
    for wh in node.withhold:
        held_if = evaluate(wh.when, facts) if wh.when is not None else None
        if held_if is None or held_if.value is True:
            w.withheld.append((node, wh))
        elif held_if.value is None:
            book.add(held_if.missing, node.id, f"could rule out {', '.join(wh.therapies)}: {wh.reason}")
    w.trace.append(TraceStep(node.id, node.kind, node.step, node.title, None, (), node.next, None, node.explanation))


def therapies_of(kb, facts, w: Walk, book: MissingBook) -> RuleOutcome:
    """The walked nodes' actions and ladder selections, through the tailoring rules and safety gates."""
    selected, passed_over, blocked = [], [], []
    unknown = facts.get("stopped_outcome_unknown") or frozenset()
    for sel_node, sel in w.selections:
        chosen, skipped, used_up = select_therapies(kb, sel_node, sel, facts, book)
        chosen = _waiting(sel_node, sel, partner_kept(kb, sel_node, sel, chosen, facts), facts, book)
        selected.extend(chosen)
        w.offered.extend(chosen)
        passed_over.extend(skipped)
        if not chosen and any(n.therapy in unknown for n in skipped):
            blocked.append(_outcomes_needed(kb, sel_node, [n for n in skipped if n.therapy in unknown]))
        elif sel.line in ("next", "same") and used_up:  # a switch too (round-26 audit: a used-up arthritis
            # ladder's switch returned no agent and said nothing)
            blocked.append(_top_line_used_up(kb, sel, chosen))
        unconfirmed = trials_unconfirmed(kb, sel_node, sel, chosen, facts)
        if unconfirmed is not None:
            blocked.append(unconfirmed)
            book.add(("failed_trial_unconfirmed",), sel_node.id, "the dose of each course recorded as failed: if it "
                     "was not an adequate trial, it is optimised rather than a higher line offered")
    explicit = drop_repeats(kb, w.actions, facts, passed_over)
    for a in explicit:  # a drug a node names, taken before with no outcome recorded: asked, as for a ladder's
        if a.kind == "therapy" and a.therapy in unknown:  # (round-22 audit: anti-MDA5 cyclophosphamide again)
            book.add(("stopped_outcome_unknown",), a.node, f"the outcome of {a.therapy_name}, taken before (failed, "
                     "not tolerated or worked): decides whether it is given again or what follows it")
    suggested = {a.therapy for a in explicit if a.kind == "therapy"}
    selected = [a for a in selected if a.therapy not in suggested]  # a node already suggests it
    result = apply_rules(kb, facts, explicit + selected, w.withheld, book, passed_over)
    result = replace(result, actions=_one_new_agent(kb, result.actions, facts.get("current_drugs") or frozenset()))
    return replace(result, warnings=(*blocked, *result.warnings)) if blocked else result


def _waiting(node: Node, sel: Select, chosen: list[ActionView], facts, book: MissingBook) -> list[ActionView]:
    """The options wait on the regimen taken now where the selection's ``wait_when`` holds (a regimen recorded as
    responding beside a domain still judged active: round-33 audit)."""
    if sel.wait_when is None or not chosen:
        return chosen
    ev = evaluate(sel.wait_when, facts)
    if ev.value is None:
        book.add(ev.missing, node.id, f"would keep the {sel.ladder} options waiting on the regimen taken now")
    if ev.value is not True:
        return chosen
    return [replace(a, timing="if_insufficient", inputs={**a.inputs, **dict(ev.used)}) if a.timing == "now" else a
            for a in chosen]


def _one_new_agent(kb, actions: tuple[ActionView, ...], current: frozenset[str]) -> tuple[ActionView, ...]:
    """One new immunosuppressant at a time: when a node on the path starts one now, past the gates (anti-SRP
    rituximab, anti-HMGCR rituximab once IVIG failed), another node's ladder options are its alternatives, not a
    second agent started beside it (round-14 audit: rituximab, IVIG and mycophenolate were all 'now'). An add-on
    (IVIG) does not count, nor a node's own selection beside its own regimen (a child's ILD agent beside
    methotrexate)."""
    starts = {a.node for a in actions if a.kind == "therapy" and a.rank is None and a.timing == "now"
              and a.therapy not in current and a.therapy in kb.lookups.sparing_immunosuppressants}
    if not starts:
        return actions
    return tuple(replace(a, timing="alternative") if a.rank is not None and a.timing == "now" and starts - {a.node}
                 else a for a in actions)


_OPINION = BasisView(("lundberg_2021",), "expert_opinion", "expert_opinion", "opinion", True,
                     "What to do once every line is used is not in the sources held: expert opinion.")


def _top_line_used_up(kb, sel, chosen: list) -> Warning:
    """Every option of the ladder's last line is used up: say so, and what the options offered are."""
    ladder = kb.ladders[sel.ladder]
    offered = ("The options offered are agents of earlier lines not yet tried. " if chosen else
               "No agent of the ladder is left to try. ")
    return Warning("ladder_used_up", "caution",
                   f"Every option of the last line of the {ladder.title} has failed, was not tolerated, is taken now "
                   f"or is ruled out for this patient. {offered}Discuss at a myositis centre and look for a clinical "
                   "trial.", tuple(a.therapy for a in chosen), _OPINION,
                   "Review the diagnosis and the evidence of activity again before another agent.", (), {})


def _outcomes_needed(kb, node: Node, unknown: list) -> Warning:
    """No option is offered because each one left was taken before with no outcome recorded: say so first."""
    names = ", ".join(n.therapy_name for n in unknown)
    return Warning("outcomes_needed", "caution",
                   f"No therapy is offered here: {names} — taken before and stopped with no outcome recorded. Whether "
                   "each failed, was not tolerated or worked decides whether it is restarted or the next line is "
                   "used.", tuple(n.therapy for n in unknown), basis_view(node.basis),
                   "Record the outcome of each earlier course (failed, not tolerated, responded).", (), {})


def recommend(kb, patient: Patient | dict[str, Any]) -> Recommendation:
    """Walk the pathway for one patient and return the recommendation with its full reasoning trace.

    ``patient`` may be a :class:`~decision.patient.model.Patient` or a plain mapping (validated here; bad input
    raises :class:`~decision.errors.PatientInputError` naming every bad field, and nothing is returned).
    """
    from decision.trials import trial_leads
    from decision.walk.preview import preview_for

    patient = parse_patient(patient)
    _check_therapy_ids(kb, patient)
    patient, stale = set_aside_stale_mri(kb, patient)  # an MRI older than the regimen does not judge it
    patient, capped = read_capped_as_adequate(  # a dose a gate holds down is the dose to judge
        kb, patient, lambda p: compute_facts(context_for(kb, p)))
    ctx = context_for(kb, patient)
    facts = facts_for(kb, patient, ctx)
    book = MissingBook()
    response = None if ctx.judged.how == "unknown" and not patient.assessments else ctx.judged.to_dict()
    w = walk(kb, facts, book, note=response and response["explanation"])
    result = incomplete_regimen(kb, w, therapies_of(kb, facts, w, book), facts)
    result = _without_continued(_with_agent_only_where_started(kb, result))
    result = _discordant_response(kb, w, result, ctx.judged)
    rescue = rescue_unconfirmed(kb, result.actions, facts)  # a node's rescue resting on a dose never recorded
    if rescue is not None and all(x.id != rescue[0].id for x in result.warnings):
        result = replace(result, warnings=(rescue[0], *result.warnings))
        book.add(("failed_trial_unconfirmed",), rescue[1], "the dose of each course recorded as failed: if it was "
                 "not an adequate trial, it is optimised rather than the next agent given now")
    result = cycles_lapsed(kb, patient, result)
    if stale is not None and any(kb.nodes[n].step == "activity" for n in w.path):  # said where step 1 is judged
        result = replace(result, warnings=(stale, *result.warnings))  # (round 19: not beside a response or week 6)
    if capped is not None:
        result = replace(result, warnings=(capped, *result.warnings))
    ask_when_cycles_lapse(kb, patient, book)
    actions = personalise_doses(kb, patient, result.actions)  # a child never sees an adult dose
    screening = cancer_screening(kb, facts, book)
    steroid_plan = glucocorticoid_plan(kb, patient, actions)
    if steroid_plan and steroid_plan.get("missing"):  # the plan is blocked: the interview must ask for it
        book.add(tuple(steroid_plan["missing"]), "glucocorticoid plan",
                 "would give the starting glucocorticoid dose in mg/day, calculated from the weight")
    outcome = w.outcome
    assert outcome is not None and outcome.status is not None
    reassess = outcome.reassess
    domains = tuple(d for d in DOMAIN_ORDER for name, definition in kb.lookups.definitions.items()
                    if definition.domain == d and facts.get(name) is True)
    status = Status(outcome.status, outcome.title, outcome.explanation, outcome.id,
                    Reassess(reassess.after, reassess.to) if reassess else None,
                    kb.statuses[outcome.status].severity, tuple(dict.fromkeys(domains)))
    rec = Recommendation(
        knowledge_base=kb.version,
        patient_label=patient.label,
        status=status,
        actions=actions,
        not_suggested=result.not_suggested,
        warnings=result.warnings,
        missing=tuple(book.entries(kb.lookups.fact_specs, lambda f: _is_known(patient, f))),  # ⊇ CATALOGUE
        trace=tuple(w.trace),
        path=tuple(w.path),
        response=response,
        glucocorticoid_plan=steroid_plan,
        cancer_screening=screening,
        held=tuple(_asking_unknown(h, patient) for h in w.held),
        next_if_confirmed=preview_for(kb, facts, w) if (w.held or w.stopped_at) else None,
        trial_leads=trial_leads(None, patient, status.code, kb=kb, base=facts),  # the walk's facts, not again
        input_notes=(*plausibility_notes(patient, today=dt.date.max),  # no clock: same input, same answer
                     *_not_tolerated_taken_now(kb, patient)),
    )
    facts.answers.clear()  # the walk's memo of answers would tie the facts to their evaluations in a cycle
    return rec


def _not_tolerated_taken_now(kb, patient: Patient) -> list[str]:
    """A course marked taken now and not tolerated is read as a drug to stop, never continued: the notes on the
    input say so (round-32 audit: azathioprine with pancreatitis, marked current, went unsaid) — a glucocorticoid
    is tapered, never stopped abruptly (round-33 audit: "stop it now" after 20 weeks of prednisone)."""
    notes = []
    for i, c in enumerate(patient.therapies):
        if not (c.current and c.outcome == "intolerant"):
            continue
        if c.drug in kb.lookups.glucocorticoid_ids:
            notes.append(f"therapies[{i}] ({c.drug}) is marked taken now and not tolerated: a glucocorticoid is not "
                         "stopped abruptly — weigh the dose and taper it; each glucocorticoid below says so.")
        else:
            notes.append(f"therapies[{i}] ({c.drug}) is marked taken now and not tolerated: it is read as a drug to "
                         "stop, never continued — stop it now if it is still taken, and record the course as stopped.")
    return notes


def _with_agent_only_where_started(kb, result: RuleOutcome) -> RuleOutcome:
    """Advice about the new agent ("judge the new agent at 12 weeks") is said only where the answer starts one now,
    from the node's selection or another node on the path (round-26 audit: it was said on a used-up ladder that
    offered none, and beside a partner kept with the options 'if insufficient')."""
    agents = kb.lookups.non_gc_ids | kb.lookups.add_on_ids
    if not kb.lookups.with_agent or any(a.kind == "therapy" and a.timing == "now"
                                        and (a.rank is not None or a.therapy in agents) for a in result.actions):
        return result
    return replace(result, actions=tuple(a for a in result.actions if (a.node, a.id) not in kb.lookups.with_agent))


def _without_continued(result: RuleOutcome) -> RuleOutcome:
    """A drug the answer continues is not also listed as not suggested: the gate that would hold its start is said
    as a caution on the "continue" line (round-18 audit: tacrolimus was both continued and not suggested)."""
    continued = {continued_drug(a.id) for a in result.actions} - {None}
    if not continued:
        return result
    return replace(result, not_suggested=tuple(n for n in result.not_suggested if n.therapy not in continued))


def _discordant_response(kb, w: Walk, result: RuleOutcome, judged) -> RuleOutcome:
    """A stated outcome that the dated assessments contradict is said first, where the walk judged the response:
    whichever is wrong, the answer rests on it."""
    if not judged.discordant:
        return result
    node = next((kb.nodes[n] for n in w.path if _judges_response(kb.nodes[n])), None)
    if node is None:
        return result
    warning = Warning("response_discordant", "caution", judged.explanation[0].upper() + judged.explanation[1:] + ".",
                      (), basis_view(node.basis), "Settle the outcome of the current regimen (re-examine, repeat the "
                      "core set measures) and record it; the answer follows the stated outcome meanwhile.", (), {})
    return replace(result, warnings=(warning, *result.warnings))


def _check_therapy_ids(kb, patient: Patient) -> None:
    problems = [
        Problem(f"therapies[{i}].drug", "a therapy id of the knowledge base (" + ", ".join(sorted(kb.therapies)) + ")",
                repr(course.drug))
        for i, course in enumerate(patient.therapies) if course.drug not in kb.therapies
    ]
    if problems:
        raise PatientInputError(problems)


def _asking_unknown(held: Held, patient: Patient) -> Held:
    """A held question asks only for what the file does not give: a derived fact (the IMACS scope reads the age
    and the onset) names all its inputs, some of which may be known."""
    ask = tuple(f for f in held.ask if not _is_known(patient, f))
    return held if ask == held.ask or not ask else replace(held, ask=ask)


def _is_known(patient: Patient, field: str) -> bool:
    """Whether the patient file gives ``field`` (a dotted path; a list counts when it is not empty)."""
    value: Any = patient
    for part in field.split("."):
        value = getattr(value, part, None)
        if value is None:
            return False
    return value != ()


def _action_view(kb, node: Node, action, inputs: dict[str, Any]) -> ActionView:
    if action.therapy:
        return therapy_action(kb, action.therapy, node.id, action.id, action.text, basis_view(action.basis),
                              inputs, line=action.line, timing=action.timing, kind=action.kind)
    return ActionView(action.id, action.kind, action.text, basis_view(action.basis), inputs, node.id,
                      timing=action.timing)
