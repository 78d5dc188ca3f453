"""Therapy selection, tailoring and safety gates: how candidate therapies become ranked actions.

A pathway node may ask for the options of one line of a domain's ladder ("the next line after the highest
failed one", or "the same line" after intolerance). Options start in the ladder's order; tailoring rules
``prefer`` some and ``promote`` others from a later line (each with its reason, so the ranking explains
itself); gates and tailoring rules ``exclude``/``avoid`` therapies into *not suggested* with the reason; and
``warn`` rules attach warnings, with the action to take first, whenever a targeted therapy is suggested or
already taken. A rule whose condition is *unknown* is never treated as "no": a gate becomes a
"screening due" warning naming the missing facts, a tailoring rule becomes a question in ``missing``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, replace
from typing import Any

from decision.kb.models import Basis
from decision.memo import ByIdentity
from decision.recommendation import ActionView, BasisView, Inputs, Missing, NotSuggested, Warning
from decision.walk.conditions import evaluate
from decision.walk.repeats import (
    class_failures,
    continued_drug,
    emergency_node,
    failed_class_mates,
    failed_reason,
    in_combinations,
    not_restarted,
)
from decision.walk.safety_stops import STOPPED


def basis_view(basis: Basis) -> BasisView:
    """The basis as the answer shows it (one frozen view per knowledge-base statement, shared by every answer)."""
    return _VIEWS.get(basis) or _VIEWS.of(basis, lambda: BasisView(
        basis.sources, basis.strength, basis.evidence, basis.confidence, basis.is_opinion, basis.note))


_VIEWS: ByIdentity[Basis, BasisView] = ByIdentity()


class MissingBook:
    """Collects the unknown facts that mattered, with what each answer would change (in walk order)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, list[str]]] = {}

    def prioritise(self, facts: tuple[str, ...]) -> None:
        """Move these facts to the front: they are the questions that decide whether the walk may go on."""
        first = {f: self._entries[f] for f in facts if f in self._entries}
        self._entries = {**first, **{f: e for f, e in self._entries.items() if f not in first}}

    def add(self, facts: tuple[str, ...], node: str, change: str) -> None:
        for fact in facts:
            at, changes = self._entries.setdefault(fact, (node, []))
            if change not in changes:
                changes.append(change)

    def entries(self, catalogue, known: Callable[[str], bool] = lambda field: False) -> list[Missing]:
        """One entry per patient field to ask for; inputs of a derived fact that are already known are skipped."""
        out: list[Missing] = []
        seen: set[str] = set()
        expansions = _expansions(catalogue)
        for fact, (node, changes) in self._entries.items():
            hit = expansions.get(fact)
            if hit is None:
                hit = expansions[fact] = _expand(catalogue, fact)
            derived, fields = hit
            asks = ([f for f in fields if not known(f[0])] or fields) if derived else fields
            for field, question, unit in asks:
                if field in seen:
                    continue
                seen.add(field)
                out.append(Missing(field, question, unit, node, tuple(changes)))
        return out


Expansion = tuple[bool, tuple[tuple[str, str, str | None], ...]]
_EXPANSIONS: ByIdentity[Any, dict[str, Expansion]] = ByIdentity(bound=64)


def _expansions(catalogue) -> dict[str, Expansion]:
    """Per catalogue: each fact's fields to ask, with question and unit, filled in as facts are first asked."""
    return _EXPANSIONS.of(catalogue, dict)


def _expand(catalogue, fact: str) -> Expansion:
    spec = catalogue[fact]
    fields = []
    for field in spec.asks():
        raw = catalogue.get(field)
        question = (raw.question if raw and raw.question else None) or spec.question or _question(field, raw)
        fields.append((field, question, raw.unit if raw else spec.unit))
    return bool(spec.derived), tuple(fields)


_QUESTIONS: ByIdentity[Any, str] = ByIdentity()


def _question(field: str, raw) -> str:
    """A plain question for a field that declares none (worked out once per field and catalogue entry)."""
    return _QUESTIONS.of(raw, lambda: _plain_question(field, raw), field)


def _plain_question(field: str, raw) -> str:
    """From the model's description, or the field's name."""
    from decision.patient.model import Patient

    top = Patient.model_fields.get(field)
    extra = top.json_schema_extra if top is not None and isinstance(top.json_schema_extra, dict) else {}
    if extra.get("question"):
        return str(extra["question"])
    text = raw.description if raw else field.rsplit(".", 1)[-1].replace("_", " ")
    where = field.rsplit(".", 1)[0].replace("_", " ") + ": " if "." in field else ""
    return f"{where}{text}?".capitalize()


def therapy_action(kb, therapy_id: str, node: str, action_id: str, text: str, basis: BasisView, inputs,
                   *, line=None, timing="now", kind="therapy", rank=None, ranking=()) -> ActionView:
    t = kb.therapies[therapy_id]
    return ActionView(
        id=action_id, kind=kind, text=text, basis=basis, inputs=dict(inputs), node=node, therapy=therapy_id,
        therapy_name=t.name, line=line, timing=timing, rank=rank, ranking=tuple(ranking), dose=t.dose.text,
        response_time=t.response_time.text if t.response_time else None, monitoring=t.monitoring,
        evidence_by_domain=dict(t.evidence_by_domain) if t.evidence_by_domain else None,
    )


def _targets(kb, rule) -> frozenset[str]:
    return kb.lookups.rule_targets[rule.id]


def _ladder_line(ladder, therapy_id: str) -> int | None:
    for step in ladder.steps:
        if therapy_id in step.options:
            return step.line
    return None


def _steroid_sparing_first(order: list[str], not_first: frozenset[str], *, replacing: bool) -> list[str]:
    """A regimen that worked is replaced first by a steroid-sparing agent, an add-on (IVIG) after it: IVIG led the
    replacement of mycophenolate working and stopped for a planned conception (round-36 audit). Only the first
    place changes: the add-on keeps its rank among the alternatives."""
    lead = next((t for t in order if t not in not_first), None)
    return order if not replacing or lead is None or order[0] == lead else [lead, *(t for t in order if t != lead)]


def _stepped_down(ladder, replacing: bool, line: int, counted: frozenset[str], scores: dict[str, float],
                  lines: dict[str, int], inputs: dict[str, dict[str, Any]]) -> frozenset[str]:
    """The options below ``line`` when a working regimen is replaced (labelled as such, not "after failure").

    The replacement steps down only into a line that has not failed — or to an agent this patient's tailoring
    prefers (azathioprine when a pregnancy is planned, round-33 audit). Otherwise a working drug stopped for latent
    TB was replaced from a line that had already failed (round-35 review); those are dropped from ``scores``."""
    if not replacing:
        return frozenset()
    failed_lines = {s.line for s in ladder.steps if any(o in counted for o in s.options)}
    for tid in [t for t in scores if lines[t] < line and lines[t] in failed_lines and not inputs[t]]:
        del scores[tid]
    return frozenset(t for t in scores if lines[t] < line)


def _own_line(ladder, stopping: frozenset[str]) -> int:
    """The line of the drugs a safety gate stops (the lowest, or the first line): a replacement on a path that
    escalates nothing is drawn from it, never from a higher one (round-18 audit)."""
    own = [x for x in (_ladder_line(ladder, d) for d in stopping) if x is not None]
    return min(own) if own else ladder.steps[0].line


def _line_for(ladder, which: str, failed: frozenset[str]) -> int:
    """The ladder line to draw from, over the whole therapy history.

    The line *reached* is the one after the failures climbed line by line from the lowest failed: a line is for
    the failure of the line below it, so a line skipped between two failures (rituximab straight after
    methotrexate) is offered before the one above (brief 13.5: a fast response on rituximab is no reason to
    skip second line). Lines below the lowest failure are not gone back to: methotrexate given for the muscle
    does not send active skin back to hydroxychloroquine.

    ``next`` and ``same`` (a switch after an intolerance) both draw from the line reached: a drug not tolerated
    gives its place to another of that line, never of a higher one — rituximab not tolerated as the first agent
    is no failure of anything (round-11 audit: cyclophosphamide was offered to a patient who had never had
    methotrexate or azathioprine), and an intolerance after two failed lines switches within the third.
    ``first`` is the first line."""
    first, top = ladder.steps[0].line, ladder.steps[-1].line
    if which == "first":
        return first
    failed_lines = {x for x in (_ladder_line(ladder, d) for d in failed) if x is not None}
    lines = [s.line for s in ladder.steps]
    reached = first
    if failed_lines:
        reached = min(failed_lines)
        while reached in failed_lines and reached != top:
            reached = lines[lines.index(reached) + 1]
    return reached


def _counted_failures(kb, node, facts, failed: frozenset[str], escalating_past: frozenset[str]) -> frozenset[str]:
    """The drugs whose failure moves the line: ``failed`` (after an adequate trial) and the agents escalated past."""
    # a failure of unknown length may not have been a fair trial: no escalation past that question (it is asked
    # first); the line stays where the failures known to be adequate put it (round-10 audit)
    undecided = (facts.get("failed_weeks_unknown") or frozenset()) - kb.lookups.add_on_ids
    # a drug's adequate course taken now counts however an earlier, inadequate course of it went; one taken now
    # that is not yet an adequate trial does not (round-11 audit: the trial belongs to the course, not the drug)
    early_now = facts.get("early_now") or frozenset()
    if emergency_node(kb, node):  # an emergency does not wait for the 12 weeks: the agent it arises on, at any week or
        # dose, is escalated past, and any failure counts (round-32 review: rapidly progressive ILD on mycophenolate
        # at week 4 was given azathioprine beside it, a second antimetabolite of the same line)
        failed, early_now = facts.get("failed_drugs") or frozenset(), frozenset()
    return ((failed | (escalating_past - early_now)) - undecided) - kb.lookups.add_on_ids


def select_therapies(kb, node, sel, facts,
                     book: MissingBook) -> tuple[list[ActionView], list[NotSuggested], bool]:
    """The ranked therapy options of one ladder line for this patient (before gates), those passed over, and
    whether the ladder's last line is used up (the options then come from earlier lines)."""
    passed_over: list[NotSuggested] = []
    ladder = kb.ladders[sel.ladder]
    failed = facts.get("failed_drugs") or frozenset()
    intolerant = facts.get("intolerant_drugs") or frozenset()
    current = facts.get("current_drugs") or frozenset()
    add_ons = kb.lookups.add_on_ids  # given with any line: neither failing nor stopping one moves the line
    stopping = facts.get(STOPPED) or frozenset()  # stopped by a safety gate: replaced like a drug not tolerated
    # the agents taken now have not worked — except one a gate stops, which did not fail (round-20 audit: a
    # methotrexate of unknown weeks stopped at eGFR 20 sent an emergency to line 2)
    escalating_past = current - stopping - intolerant if sel.line == "next" else frozenset()  # nor one not tolerated
    early = facts.get("failed_early") or frozenset()  # not an adequate trial: the line it sits on has not failed
    counted = _counted_failures(kb, node, facts, failed - early, escalating_past)
    line = _line_for(ladder, "same" if sel.line in ("kept", "own") else sel.line, counted)
    if sel.line in ("kept", "own"):  # never above the stopped drug's own line, nor above the line the history reached
        line = min(line, _own_line(ladder, stopping))  # (round-21 audit: tofacitinib taken first and stopped for
        # latent TB left 'regimen incomplete' where methotrexate and azathioprine were open)
    intolerant, current = in_combinations(kb, intolerant, current)
    _ask_failed_weeks(kb, node, ladder, line, facts, book)
    tried = failed | intolerant | current  # an option whose outcome is unknown is not used up: it is asked about
    unknown = facts.get("stopped_outcome_unknown") or frozenset()
    unknown_in = {c for c, parts in kb.lookups.combinations.items() if parts & unknown}  # nor a combination of it
    skipped = tried | unknown | unknown_in  # nor offered again as if never tried (round 11: combinations too)
    forbidding = _forbidding(kb, facts)
    forbidden = _removed_by(kb, forbidding)  # a gate removes it anyway: the places go to options that stay
    step, exhausted = _line_with_an_agent(ladder, line, tried, _removed_by(kb, forbidding, for_good=True) | add_ons)
    if sel.line == "kept" and step.line != line:
        return [], passed_over, False  # every agent of its line tried or ruled out: nothing higher is offered here
    line = step.line
    replacing = sel.line == "own"  # a working regimen's drug must stop: its replacement
    step, scores, reasons, lines, used_up = _starting_scores(ladder, step, exhausted, tried | forbidden,
                                                             step_down=replacing)
    if not used_up:
        _say_line_skipped(kb, ladder, step.line, counted, reasons)
    again = _worked_before(kb, ladder, facts, tried | forbidden, scores, reasons, lines)
    inputs: dict[str, dict[str, Any]] = {o: {} for o in scores}
    for rule in kb.rules:
        if rule.effect not in ("prefer", "promote") or (rule.ladders and sel.ladder not in rule.ladders):
            continue
        ev = evaluate(rule.when, facts)
        if ev.value is None:
            book.add(ev.missing, node.id, f"could {rule.effect} "
                     f"{', '.join(kb.therapies[t].name for t in sorted(_targets(kb, rule)))}: {rule.title}")
            continue
        if not ev.value:
            continue
        for tid in sorted(_targets(kb, rule)):
            if rule.effect == "promote" and tid not in scores:
                later = _ladder_line(ladder, tid)
                if later is None or later < line:
                    continue
                scores[tid] = 100 - 5 * len(step.options)
                reasons[tid] = [f"brought forward from line {later} of the {ladder.title}"]
                lines[tid] = line  # offered on the line it is brought into (round 13: one label per node)
                inputs[tid] = {}
            if tid in scores:
                scores[tid] += 10 * rule.weight
                reasons[tid].append(f"+{10 * rule.weight}: {rule.message}")
                inputs[tid].update(dict(ev.used))
    stepped_down = _stepped_down(ladder, replacing and not used_up, step.line, counted, scores, lines, inputs)
    for tid in sorted(set(scores) & (skipped - tried)):  # its outcome decides: restart it, or move on a line
        whose = _outcome_unknown_of(kb, tid, unknown)
        decides = (f"whether it is offered again or line {line} is used up" if tid in unknown else
                   f"whether {kb.therapies[tid].name} is offered")
        book.add(("stopped_outcome_unknown",), node.id, f"the outcome of {whose}, taken before (failed, not "
                 f"tolerated or worked): decides {decides}")
    _ask_outcomes_above(kb, node, ladder, line, set(scores), facts, book)
    mates = _same_class_taken(kb, set(scores) - skipped, current - stopping - intolerant)
    for tid, other in sorted(mates.items()):
        passed_over.append(NotSuggested(tid, kb.therapies[tid].name, f"{kb.therapies[other].name} is taken now: "
                                        "not two of the same drug class at once", node.id, basis_view(step.basis)))
    # its class-mate failed: the class is not the next step (round-31 audit: the ILD ladders offered tacrolimus
    # after ciclosporin failed, as the nodes no longer do)
    class_failed = failed_class_mates(kb, set(scores) - skipped - set(mates), class_failures(kb, node, facts))
    passed_over.extend(NotSuggested(tid, kb.therapies[tid].name, f"{kb.therapies[other].name}, of the same class, "
                                    "has already failed", node.id, basis_view(step.basis))
                       for tid, other in sorted(class_failed.items()))
    mates = {**mates, **class_failed}
    failed_now = (facts.get("failed_now") or frozenset()) - (facts.get("underdosed_now") or frozenset())
    for tid in sorted(set(scores) & skipped - stopping):  # a stopped drug is listed with the gate's reason
        why = ("already taken now" if tid in current - failed_now - intolerant else  # under-dosed: kept (round 28)
               _failed_early_reason(kb) if tid in early else failed_reason(tid, facts)
               if tid in failed else not_restarted(kb, tid, facts)
               if tid in intolerant else
               ("" if tid in unknown else f"contains {_outcome_unknown_of(kb, tid, unknown)}, ") +
               "taken before and stopped with no outcome recorded: record whether it failed, was not tolerated or "
               f"worked before {'it' if tid in unknown else 'the combination'} is offered"
               + (" again" if tid in unknown else ""))
        passed_over.append(NotSuggested(tid, kb.therapies[tid].name, why, node.id, basis_view(step.basis)))
    order = sorted((t for t in scores if t not in skipped and t not in mates),
                   key=lambda t: (t in forbidden, -scores[t], step.options.index(t) if t in step.options else 99))
    order = _steroid_sparing_first(order, add_ons | forbidden, replacing=replacing)
    steps = {s.line: s for s in ladder.steps}  # a drug that worked before keeps its own line, label and basis
    return [therapy_action(kb, tid, node.id, f"{node.id}_{tid}",
                           f"{kb.therapies[tid].name}: " + (f"worked before and was stopped — taken again (line "
                                                            f"{lines[tid]} of the {ladder.title})" if tid in again
                                                            else f"an untried agent of line {lines[tid]}, in place "
                                                            "of a regimen that worked" if tid in stepped_down
                                                            else step.label),
                           basis_view(steps[lines[tid]].basis),
                           {**inputs[tid], "failed_line": facts.get("failed_line")},
                           line=lines[tid], rank=rank, ranking=reasons[tid],
                           timing="now" if rank == 1 else "alternative")
            for rank, tid in enumerate(order[: sel.max_options], start=1)], passed_over, used_up


def _outcome_unknown_of(kb, tid: str, unknown: frozenset[str]) -> str:
    """The drug whose outcome is unrecorded: the option itself, or the parts of a combination that are."""
    drugs = {tid} if tid in unknown else kb.lookups.combinations[tid] & unknown
    return ", ".join(sorted(kb.therapies[d].name for d in drugs))


def _line_with_an_agent(ladder, line: int, tried: frozenset[str], ruled_out: frozenset[str]):
    """The step to draw from, and the line used up before it (or None). Every option failed, was not tolerated
    or is taken: the next line. Every option tried or ruled out for this patient: the next line that has an agent
    left (round-13 audit: azathioprine not tolerated and methotrexate ruled out by a planned pregnancy left no
    agent at all). ``ruled_out`` leaves out a hold on every immunosuppressant (``_removed_by(..., for_good=True)``)."""
    steps = ladder.steps
    step = next(s for s in steps if s.line == line)
    exhausted = None

    def usable(st) -> bool:
        return any(o not in tried | ruled_out for o in st.options)

    while step is not steps[-1] and (all(o in tried for o in step.options) or (
            not usable(step) and any(usable(s) for s in steps[steps.index(step) + 1:]))):
        exhausted = exhausted or step.line
        step = steps[steps.index(step) + 1]
    return step, exhausted


def _worked_before(kb, ladder, facts, used: frozenset[str], scores: dict[str, float], reasons: dict[str, list[str]],
                   lines: dict[str, int]) -> frozenset[str]:
    """A drug of this ladder that worked before and was stopped comes first, whatever line it sits on: taking it
    again (a lapsed rituximab cycle, methotrexate stopped for a pregnancy) is the first option. Returns those
    drugs: each is offered on its own line, not labelled with another's (round-14 audit)."""
    worked = (facts.get("responded_before") or frozenset()) - used
    if not worked:
        return frozenset()
    top = max(scores.values(), default=100.0)
    against = {t for rule in kb.rules if rule.effect == "warn" and rule.basis.strength.endswith("_against")
               and worked & _targets(kb, rule) and evaluate(rule.when, facts).value is True
               for t in _targets(kb, rule)}
    # a caution against it now (cyclophosphamide for a man trying to father a child) keeps its ordinary place
    # (round-13 audit: the worked-before boost put it first beside 'prefer another option')
    again = set()
    for tid in sorted(worked - against):
        at = _ladder_line(ladder, tid)
        if at is None:
            continue
        scores[tid] = top + 100  # above any tailoring bonus: this patient's own response outweighs a trial's
        reasons[tid] = [f"{kb.therapies[tid].name} worked before and was stopped (its course is not recorded as "
                        "failed or not tolerated — check why it was stopped): taking it again is the first option"]
        lines[tid] = at
        again.add(tid)
    return frozenset(again)


def _say_line_skipped(kb, ladder, line: int, counted: frozenset[str], reasons: dict[str, list[str]]) -> None:
    """Say why a line below a failed drug is offered: the drug was given before this line was tried."""
    above = sorted(kb.therapies[d].name for d in counted if (_ladder_line(ladder, d) or 0) > line)
    if above:
        for option in reasons:
            reasons[option].append(f"line {line} was not tried before {', '.join(above)} (a later line) failed: "
                                   "it comes before the line above it")


def _starting_scores(ladder, step, exhausted: int | None, used: frozenset[str], *, step_down: bool = False):
    """The options of the line reached, in the ladder's order: (step, scores, reasons, lines, used_up). With none
    left on the top line (each tried, or ruled out for this patient), the step becomes the agents of the earlier
    lines not yet tried, each with its own line, and ``used_up`` is true (round-10 audit: an empty list said
    "change therapy" and named nothing)."""
    if step is ladder.steps[-1] and all(o in used for o in step.options):
        lines: dict[str, int] = {}
        for s in reversed(ladder.steps[:-1]):  # the latest line first; a drug on two lines keeps the later one
            for o in s.options:
                if o not in used:
                    lines.setdefault(o, s.line)
        reasons = {o: [f"every option of line {step.line}, the last of the {ladder.title}, failed, was not "
                       f"tolerated or is taken now: an agent of line {lines[o]} not yet tried"] for o in lines}
        earlier = step.model_copy(update={"options": tuple(lines), "label": "an untried agent of an earlier line"})
        return earlier, {o: 100.0 - 5 * i for i, o in enumerate(lines)}, reasons, lines, True
    scores: dict[str, float] = {}
    reasons = {}
    for i, option in enumerate(step.options):
        scores[option] = 100 - 5 * i
        reasons[option] = [f"{ladder.title}, line {step.line} ({step.label}): option {i + 1} of {len(step.options)}"]
        if exhausted is not None:
            reasons[option].append(f"every option of line {exhausted} failed, was not tolerated, is taken now or "
                                   "is ruled out for this patient")
    lines = {o: step.line for o in scores}
    if step_down:  # a working regimen's replacement (line 'own')
        _earlier_untried(ladder, step, used, scores, reasons, lines)
    return step, scores, reasons, lines, False


def _earlier_untried(ladder, step, used: frozenset[str], scores: dict[str, float], reasons: dict[str, list[str]],
                     lines: dict[str, int]) -> None:
    """A working regimen whose drug must stop (a pregnancy planned, the kidneys) has failed no line: an untried
    agent of an earlier line is as fit a replacement, and is offered beside the first of its own line (round-33
    audit: mycophenolate working and stopped for a planned conception was replaced by IVIG and tacrolimus, and
    azathioprine, the compatible agent the answer itself named, was neither offered nor explained)."""
    earlier = [o for s in ladder.steps if s.line < step.line for o in s.options
               if o not in used and o not in scores]
    for j, o in enumerate(dict.fromkeys(earlier)):
        scores[o] = 97.5 - 0.1 * j  # after the own line's first option, before its second
        lines[o] = next(s.line for s in ladder.steps if o in s.options)
        reasons[o] = [f"an untried agent of line {lines[o]}: the regimen worked, so its replacement need not come "
                      f"from line {step.line}"]


def _forbidding(kb, facts) -> list:
    """The exclude and avoid rules that hold for this patient, in file order."""
    return [rule for rule in kb.rules
            if rule.effect in ("exclude", "avoid") and evaluate(rule.when, facts).value is True]


def forbidden_now(kb, facts) -> frozenset[str]:
    """The therapies a true exclude or avoid rule removes for this patient (the gates stage says why). Known
    before the options are cut to a node's number of places, so that a gated option never takes the place of
    one that stays (round-10 audit: teratogens filled both places and no pregnancy-compatible switch was left)."""
    return _removed_by(kb, _forbidding(kb, facts))


def _removed_by(kb, forbidding: list, *, for_good: bool = False) -> frozenset[str]:
    """The therapies these true exclude and avoid rules remove. ``for_good`` leaves out a hold on every
    immunosuppressant (an active infection or cancer, a rule targeting the whole class): such a hold is no reason
    to climb the ladder, since every line's immunosuppressants wait alike (round-14 audit: an infection took an
    untreated RP-ILD to IVIG and nintedanib 'on line 2'). What a hold leaves is said on the line reached, as an
    incomplete regimen."""
    return frozenset(tid for rule in forbidding if not for_good or rule.id in kb.lookups.lasting_rule_ids
                     for tid in _targets(kb, rule))


def _same_class_taken(kb, options: set[str], kept: frozenset[str]) -> dict[str, str]:
    """Options tagged ``one_of_its_class`` whose drug class a drug kept now already has (option → that drug)."""
    out: dict[str, str] = {}
    for tid in options:
        t = kb.therapies[tid]
        if "one_of_its_class" in t.tags:
            mate = next((d for d in sorted(kept) if d != tid and kb.therapies[d].drug_class == t.drug_class), None)
            if mate is not None:
                out[tid] = mate
    return out


def _ask_outcomes_above(kb, node, ladder, line: int, offered: set[str], facts, book: MissingBook) -> None:
    """A course of a later line stopped with no outcome recorded: had it failed, that line would be used up and
    the walk would stand higher — asked, as a course on the line offered is (round-10 audit)."""
    for d in sorted((facts.get("stopped_outcome_unknown") or frozenset()) - offered - kb.lookups.add_on_ids):
        at = _ladder_line(ladder, d) or 0
        if at >= line:
            book.add(("stopped_outcome_unknown",), node.id,
                     f"the outcome of {kb.therapies[d].name}, taken before and stopped with no outcome recorded: "
                     f"had it failed, line {at} would be used up and the options would come from a later line")


def _ask_failed_weeks(kb, node, ladder, line: int, facts, book: MissingBook) -> None:
    """A failure with no duration that decides the line reached: ask for its weeks, and say what they change."""
    for d in sorted((facts.get("failed_weeks_unknown") or frozenset()) - kb.lookups.add_on_ids):
        at = _ladder_line(ladder, d) or 0
        if at and at >= line - 1:
            book.add(("failed_weeks_unknown",), node.id,
                     f"how many weeks {kb.therapies[d].name} was taken before it failed: under "
                     f"{kb.lookups.min_weeks:g} weeks is not an adequate trial and would not count as a failure "
                     f"of line {at}; until it is known, line {at} is not counted as failed")
            book.prioritise(("failed_weeks_unknown",))


def trials_unconfirmed(kb, node, sel, chosen: list[ActionView], facts) -> Warning | None:
    """An escalation past a line whose failure is read as an adequate trial with nothing of its dose recorded:
    say so, and what the answer would change. Asked too, not held: a recorded failure is read as
    the clinician's judgement of a fair trial, as the reference scenarios record it."""
    ladder = kb.ladders[sel.ladder]
    offered = max((a.line for a in chosen if a.line is not None), default=None)
    unconfirmed = (facts.get("failed_trial_unconfirmed") or frozenset()) - kb.lookups.add_on_ids
    counted = (facts.get("failed_drugs") or frozenset()) - (facts.get("failed_early") or frozenset())
    # only failures the climb rests on: a line a recorded failure above them reaches anyway needs no caution
    reached = max((_ladder_line(ladder, d) or 0 for d in counted - unconfirmed), default=0)
    past = sorted(d for d in unconfirmed if offered is not None and reached < (_ladder_line(ladder, d) or offered)
                  < offered)
    if sel.line not in ("next", "same") or not past:  # a switch within the line reached rests on it too
        return None
    return _unconfirmed(kb, node, past, f"the options are from line {offered:g}", {"line_offered": offered})


def rescue_unconfirmed(kb, actions: tuple[ActionView, ...], facts) -> tuple[Warning, str] | None:
    """The same for a node's rescue made "now" by the failure of the node's own agent (round-33 audit: a pregnant
    woman's azathioprine "failed", dose blank, brought tacrolimus and IVIG forward with no word of it)."""
    unconfirmed = (facts.get("failed_trial_unconfirmed") or frozenset()) - kb.lookups.add_on_ids
    for a in actions if unconfirmed else ():
        node = kb.nodes.get(a.node)
        declared = next((x for x in node.actions if x.id == a.id), None) if node is not None else None
        if a.kind != "therapy" or a.timing != "now" or declared is None or declared.timing != "if_insufficient":
            continue
        own = {t for x in node.actions if x.kind == "therapy" and x.timing == "now" and x.therapy
               for t in (x.therapy, *x.satisfied_by)}
        past = sorted(own & unconfirmed)
        if past:
            return _unconfirmed(kb, node, past, f"{a.therapy_name} is offered now", {"rescue": a.therapy}), node.id
    return None


def _unconfirmed(kb, node, past: list[str], so: str, extra: dict[str, Any]) -> Warning:
    names = ", ".join(kb.therapies[d].name for d in past)
    return Warning("trial_unconfirmed", "caution",
                   f"{names} recorded as failed with no dose recorded: read as an adequate trial, so {so}. An "
                   f"adequate trial is {kb.lookups.min_weeks:g} weeks at an adequate dose taken as prescribed; if it "
                   "was not one, optimise the dose and judge again rather than escalate.", (),
                   basis_view(node.basis),  # the options it concerns are listed above it
                   "Record the dose each of these courses reached.", (),
                   {"failed_trial_unconfirmed": past, **extra})


def _failed_early_reason(kb) -> str:
    return (f"stated to have failed without an adequate trial (under {kb.lookups.min_weeks:g} weeks, dose not "
            "adequate, or not taken as prescribed): not restarted here, and not counted as a failure of its line")


def partner_kept(kb, node, sel, chosen: list[ActionView], facts) -> list[ActionView]:
    """A switch when another steroid-sparing agent taken now goes on (methotrexate stopped for the kidneys, the
    azathioprine started with it continuing): that agent is the regimen, judged at its own 12 weeks, and the
    ladder's options are alternatives (round-11 audit: the line went up and the azathioprine went unmentioned)."""
    if sel.line not in ("same", "kept", "own"):
        return chosen
    current = facts.get("current_drugs") or frozenset()
    gone = ((facts.get(STOPPED) or frozenset()) | (facts.get("failed_now") or frozenset())
            | (facts.get("intolerant_drugs") or frozenset()))
    ended = (facts.get("failed_now") or frozenset()) | (facts.get("intolerant_drugs") or frozenset()) & current
    gone |= kb.lookups.parts_of(ended)  # and the
    # parts of a combination that failed or was not tolerated (round-24 audit: "continue azathioprine,
    # methotrexate" after the combination was not tolerated) — not of one a gate stops for one part's sake
    partners = sorted((current - gone) & kb.lookups.non_gc_ids - set(kb.lookups.combinations))
    if not partners:
        return chosen
    names = ", ".join(kb.therapies[t].name for t in partners)
    keep = ActionView(f"{node.id}_keep_{partners[0]}", "plan",
                      f"continue {names} (taken now): the regimen keeps a steroid-sparing agent — judge it about "
                      f"{kb.lookups.min_weeks:g} weeks after it began; the options below are alternatives if it "
                      "is not enough", basis_view(node.basis), {"current_drugs": sorted(current)}, node.id)
    return [keep, *(replace(a, timing="if_insufficient") for a in chosen)]


@dataclass(frozen=True)
class RuleOutcome:
    actions: tuple[ActionView, ...]
    not_suggested: tuple[NotSuggested, ...]
    warnings: tuple[Warning, ...]


def apply_rules(kb, facts, actions: list[ActionView], withheld, book: MissingBook,
                passed_over: Sequence[NotSuggested] = ()) -> RuleOutcome:
    """Apply ``withhold`` lists of the walked nodes, then every exclude/avoid/warn rule, in file order.

    Therapies ruled out by any rule are known first, so that a warning or a check speaks only of therapies that
    are still suggested, or taken now; a contraindication names the therapy it removed. Advice that names the
    therapy it ``concerns`` (continue, optimise) follows the gates on that therapy: a true exclude/avoid gate
    withdraws it (the therapy is under *not suggested* with the gate's reason), a true caution is added to it."""
    removed: dict[str, NotSuggested] = {n.therapy: n for n in passed_over}
    # a hold on starting does not list a drug taken now (round-19 audit: "history needed" listed the prednisolone
    # taken now as not suggested), a daily dose counting too — unless it failed or was not tolerated, which is said
    # (round-22 audit: a methotrexate not tolerated vanished from the answer under an infection)
    taken = set(still_taken(facts))
    if facts.get("on_glucocorticoids") is True:
        taken.add("glucocorticoids")  # the oral drug a daily dose records; a pulse is still a new escalation
    for node, w in withheld:
        for tid in w.therapies:
            if w.new_only and tid in taken:
                continue
            removed.setdefault(tid, NotSuggested(tid, kb.therapies[tid].name, w.reason, node.id, basis_view(w.basis)))
    gates = [rule for rule in kb.rules if rule.effect in ("exclude", "avoid", "warn")]
    forbidding = _forbidding(kb, facts)
    ruled_out = set(removed) | {tid for rule in forbidding for tid in _targets(kb, rule)}
    current = set(facts.get("current_drugs") or ())
    stopping = {tid for rule in forbidding if rule.stop_if_current for tid in _targets(kb, rule)} & current
    kept = current - stopping  # a drug stopped now needs no check or caution about taking it
    remaining = {a.therapy for a in actions if a.therapy and a.therapy not in ruled_out}
    warnings: list[Warning] = []
    stops: list[ActionView] = []
    gated: dict[str, list[tuple[Any, Any]]] = {}  # therapy → the true gates on it, with what they read
    for rule in gates:
        targets = _targets(kb, rule)
        if rule.effect == "warn" and targets and not (remaining | kept) & targets:
            continue  # a warning about therapies not in play: its facts need not even be looked at
        ev = evaluate(rule.when, facts)
        if ev.value is False:
            continue
        if ev.value is True and rule.effect != "warn":
            before = {a.therapy for a in actions if a.therapy and a.therapy not in removed}
            concerned = sorted((before | current) & targets)
            # a hold on starting lists no drug taken now: it is continued, its caution said beside it (round-21
            # audit: methotrexate 'not suggested' under an active cancer beside "continue the regimen")
            listed = targets - taken if rule.kind == "gate" and not rule.stop_if_current else targets
            _list_removed(kb, removed, rule, ev, listed, current)
            stops += _stops(kb, rule, ev, concerned, current, stops)
            for tid in targets if rule.kind == "gate" else ():
                gated.setdefault(tid, []).append((rule, ev))
            if rule.effect == "exclude" and concerned:
                warnings.append(Warning(rule.id, "contraindication", rule.message, tuple(concerned),
                                        basis_view(rule.basis), rule.action_first, (), Inputs(ev)))
            continue
        concerned = sorted((remaining | kept) & targets) if targets else []
        if targets and not concerned:
            continue
        if ev.value is None:
            warnings += _check_due(kb, rule, ev, concerned, remaining, book, facts)
        else:
            warnings.append(Warning(rule.id, "caution", rule.message, tuple(concerned), basis_view(rule.basis),
                                    rule.action_first, (), Inputs(ev)))
            for tid in concerned if rule.kind == "gate" else ():
                gated.setdefault(tid, []).append((rule, ev))
    advice = _advice_under_gates(kb, actions, gated)
    final = _reranked(stops + [a for a in advice if not (a.kind == "therapy" and a.therapy in removed)])
    return RuleOutcome(tuple(final), tuple(removed.values()), _ranked(warnings, final))


def still_taken(facts) -> frozenset[str]:
    """The drugs taken now whose course neither failed nor was stopped for intolerance: a regimen that goes on."""
    return ((facts.get("current_drugs") or frozenset()) - (facts.get("failed_now") or frozenset())
            - (facts.get("intolerant_drugs") or frozenset()))


def _list_removed(kb, removed: dict[str, NotSuggested], rule, ev, listed: Set[str], current: set[str]) -> None:
    """List what a true gate removes, each drug once (the first reason stands) — except a drug taken now that the
    gate stops, listed with the gate's reason rather than a hold's (round-23 audit: methotrexate at eGFR 25 "waits
    for the open question")."""
    for tid in sorted(listed):
        said = removed.get(tid)
        if said is None or (rule.stop_if_current and tid in current and said.by in kb.nodes):
            removed[tid] = NotSuggested(tid, kb.therapies[tid].name, rule.message, rule.id, basis_view(rule.basis),
                                        Inputs(ev))


def _advice_under_gates(kb, actions: list[ActionView], gated: dict[str, list[tuple[Any, Any]]]) -> list[ActionView]:
    """Advice about a therapy (``concerns`` in the YAML) never contradicts a true gate on that therapy: an
    exclude/avoid gate withdraws it; a caution is added to its text, with the facts the caution read. Advice to
    continue a drug taken now is withdrawn only by a gate that stops it (``stop_if_current``): a hold on starting
    one (an active cancer or infection) is said as a caution beside it (round-15 audit: a pregnant woman with a
    cancer lost the azathioprine that was working, neither continued nor stopped)."""
    out: list[ActionView] = []
    for a in actions:
        tid = kb.lookups.concerns.get((a.node, a.id))
        rules = gated.get(tid, []) if tid else []
        kept = tid is not None and continued_drug(a.id) == tid
        if any(rule.effect != "warn" and (rule.stop_if_current or not kept) for rule, _ in rules):
            continue
        for rule, ev in rules:
            a = replace(a, text=f"{a.text}. Caution — {rule.title}: {rule.action_first or rule.message}",
                        inputs={**a.inputs, **dict(ev.used)})
        out.append(a)
    return out


def _stops(kb, rule, ev, concerned: list[str], current: set[str], stops: list[ActionView]) -> list[ActionView]:
    """A current drug that a true gate rules out is stopped now (once)."""
    return [ActionView(f"stop_{tid}", "stop", f"Stop {kb.therapies[tid].name} now: {rule.message}",
                       basis_view(rule.basis), dict(ev.used), rule.id, therapy=tid, therapy_name=kb.therapies[tid].name)
            for tid in concerned
            if rule.stop_if_current and tid in current and all(s.therapy != tid for s in stops)]


def _check_due(kb, rule, ev, concerned: list[str], remaining: set[str], book: MissingBook,
               facts) -> list[Warning]:
    """A gate or caution whose facts are unknown: a tailoring question, or a check to make before starting. The
    check names the patient fields still unknown, not every input of a derived fact (round-10 audit: "not yet
    known: pregnancy, sex" with both recorded and only the plans missing)."""
    fields = asked_fields(kb, ev.missing)
    fields = tuple(f for f in fields if facts.get(f) is None) or fields
    change, message, missing = _check_texts(kb, rule, tuple(concerned), frozenset(remaining & set(concerned)),
                                            fields)
    if rule.kind == "tailoring":
        book.add(ev.missing, "tailoring", change)
        return []
    book.add(ev.missing, "safety gates", change)
    return [Warning(rule.id, "screening_due", message, tuple(concerned), basis_view(rule.basis), rule.action_first,
                    missing, Inputs(ev))]


def _check_texts(kb, rule, concerned: tuple[str, ...], new: frozenset[str],
                 missing: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
    """What an unknown rule would change, and the check's message and fields (the same for every patient with the
    same therapies in play and the same fields missing: worked out once)."""
    def make() -> tuple[str, str, tuple[str, ...]]:
        names = ", ".join(kb.therapies[t].name for t in concerned)  # names, not ids (round-13 audit)
        if rule.kind == "tailoring":
            return f"{rule.title}: {rule.effect} {names or 'the plan'}", "", ()
        verb = "would rule out" if rule.effect in ("exclude", "avoid") else "would change the use of"
        return (f"{rule.title}: {rule.effect} {names or 'the whole plan'}",
                f"{check_when(*_named_by_suggested(kb, concerned, new))}: {rule.title} — not yet known "
                f"({', '.join(missing)}). "
                f"If present, it {verb} {names or 'the plan'}: {rule.message}", missing)

    return _TEXTS.of(rule, make, concerned, new, missing)


_TEXTS: ByIdentity[Any, tuple[str, str, tuple[str, ...]]] = ByIdentity()


def _reranked(actions: list[ActionView]) -> list[ActionView]:
    """Ranks of the remaining therapy options renumbered 1..n; the first becomes the one to start now."""
    rank = 0
    final: list[ActionView] = []
    for a in actions:
        if a.rank is not None:
            rank += 1
            timing = "now" if rank == 1 and a.timing == "alternative" else a.timing
            if (a.rank, a.timing) != (rank, timing):
                a = replace(a, rank=rank, timing=timing)
        final.append(a)
    return final


def _ranked(warnings: list[Warning], actions: list[ActionView]) -> tuple[Warning, ...]:
    """Contraindications and cautions first; then the checks still due, grouped by the therapy they concern in
    the order the therapies are suggested (current drugs after them). A message already given is not repeated,
    unless it concerns a therapy the earlier one did not name: two rules may share a message (latent TB before
    a JAK inhibitor, and before rituximab), and neither therapy may lose its warning."""
    position = {a.therapy: i for i, a in enumerate(a for a in actions if a.kind == "therapy")}
    severity = {"contraindication": 0, "caution": 1, "screening_due": 2}

    def key(w: Warning) -> tuple[int, int]:
        first = min((position.get(t, len(position)) for t in w.therapies), default=len(position) + 1)
        return severity[w.severity], first if w.severity == "screening_due" else 0

    named: dict[str, set[str]] = {}  # message → the therapies it has been given for
    out = []
    for w in sorted(warnings, key=key):
        before = named.get(w.message)
        if before is None or not before.issuperset(w.therapies):
            named.setdefault(w.message, set()).update(w.therapies)
            out.append(w)
    return tuple(out)


def _named_by_suggested(kb, concerned, suggested) -> tuple[list[str], list[str]]:
    return ([kb.therapies[t].name for t in concerned if t in suggested],
            [kb.therapies[t].name for t in concerned if t not in suggested])


def check_when(new: list[str], taken: list[str]) -> str:
    """"Check before starting" the drugs named new, "and while taking" the others (every view says it so)."""
    parts = ([f"before starting {', '.join(new)}"] if new else []) + ([f"while taking {', '.join(taken)}"] if taken
                                                                      else [])
    return "Check " + " and ".join(parts) if parts else "Check"


def asked_fields(kb, facts: tuple[str, ...]) -> tuple[str, ...]:
    """The patient fields to record for these unknown facts (a derived fact names the inputs it reads)."""
    specs = kb.lookups.fact_specs
    fields = [f for fact in facts for f in (specs[fact].asks() if fact in specs else (fact,))]
    return tuple(dict.fromkeys(fields))
