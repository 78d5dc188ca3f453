"""The drugs taken now that a safety gate stops, as facts the pathway reads before it walks.

A gate marked ``stop_if_current`` (methotrexate below eGFR 30, a JAK inhibitor with untreated latent TB, a
teratogen when a pregnancy is planned) stops a drug the patient takes now; the rules stage writes the stop with
the gate's message. The pathway needs to know of it earlier: a regimen too early to judge, or one that is
working, cannot be "continued" when one of its drugs must stop. That drug did not fail — it is replaced within
its line, as after intolerance. The gates read only the patient's facts, so which drugs they stop is known
before the walk, and the decision nodes can test it like any other fact.
"""

from __future__ import annotations

from decision.patient.facts import CATALOGUE, FactSpec
from decision.walk.conditions import Evaluation, evaluate, fields_of

MUST_STOP = "must_stop_current"  # bool: a steroid-sparing drug taken now must stop for a safety gate
STOPPED = "stopped_for_safety"  # set: which ones
LEFT = "sparing_left"  # bool: a steroid-sparing drug taken now that no gate stops
LEFT_UNDERDOSED = "sparing_left_underdosed"  # bool: one that stays is recorded under-dosed or not taken as prescribed
UNFAILED_STAYS = "sparing_unfailed_stays"  # bool: "failed", but one that stays has not, and no failure was a fair trial
LEFT_RAISABLE = "sparing_left_raisable"  # bool: one of those under-dosed that no true gate keeps from being raised
LEFT_ADEQUATE = "sparing_left_adequate"  # bool: one that stays has had an adequate trial (the refractory weeks)
RULED_OUT = "ruled_out_drugs"  # set: the drugs a true exclude gate rules out for this patient (not a hold on all)


def safety_stop_specs(kb) -> dict[str, FactSpec]:
    """The two facts as conditions may name them, with the patient fields to ask when they are unknown."""
    gates = [r for r in kb.rules if r.stop_if_current]  # the lookups are being built: read the rules here
    asks = ["therapies"] + [q for r in gates for cmp in fields_of(r.when) if cmp.field in CATALOGUE
                            for q in CATALOGUE[cmp.field].asks()]
    inputs = tuple(dict.fromkeys(asks))
    return {
        MUST_STOP: FactSpec(MUST_STOP, "bool", "a steroid-sparing drug taken now must stop for a safety reason "
                            "(a gate marked stop_if_current), not because it failed", inputs=inputs, derived=True),
        STOPPED: FactSpec(STOPPED, "set", "the steroid-sparing drugs taken now that a safety gate stops",
                          inputs=inputs, derived=True),
        LEFT: FactSpec(LEFT, "bool", "a steroid-sparing drug taken now stays once the safety gates have stopped "
                       "theirs", inputs=inputs, derived=True),
        LEFT_UNDERDOSED: FactSpec(LEFT_UNDERDOSED, "bool", "a steroid-sparing drug taken now that no gate stops and "
                                  "that was tolerated is recorded under-dosed or not taken as prescribed",
                                  inputs=inputs, derived=True),
        UNFAILED_STAYS: FactSpec(UNFAILED_STAYS, "bool", "the regimen is recorded failed, but a steroid-sparing drug "
                                 "taken now that stays has not, and every failure now was an inadequate trial (dose, "
                                 "adherence or weeks): the regimen has not failed", inputs=inputs, derived=True),
        LEFT_RAISABLE: FactSpec(LEFT_RAISABLE, "bool", "a steroid-sparing drug taken now that stays, recorded "
                                "under-dosed or not taken as prescribed, that no true gate rules out or holds at its "
                                "dose: its dose may be optimised", inputs=inputs, derived=True),
        LEFT_ADEQUATE: FactSpec(LEFT_ADEQUATE, "bool", "a steroid-sparing drug taken now that no gate stops, neither "
                                "failed nor not tolerated, has had the refractory weeks at an adequate dose, taken",
                                inputs=inputs, derived=True),
        RULED_OUT: FactSpec(RULED_OUT, "set", "the drugs a safety gate rules out for this patient (a hold on every "
                            "immunosuppressant, as in an active infection, not counted)", inputs=("therapies",),
                            derived=True),
    }


def safety_stop_facts(kb, facts, patient) -> None:
    """Add which steroid-sparing drugs taken now a true stop gate stops (with what decided it, or what it lacks).

    Unknown when a stop gate on a drug taken now cannot be settled and none is known to stop: the answer could
    turn "continue" into "switch"."""
    current = (facts.get("current_drugs") or frozenset()) & kb.lookups.non_gc_ids
    stopped: set[str] = set()
    maybe: set[str] = set()  # a stop gate on it is unknown
    used: dict[str, object] = {}
    missing: dict[str, None] = {}
    for rule in kb.lookups.stop_gates:
        targets = kb.lookups.rule_targets[rule.id] & current
        if not targets:
            continue
        ev = evaluate(rule.when, facts)
        if ev.value is True:
            stopped |= targets
            used.update(ev.used)
        elif ev.value is None:
            missing.update(dict.fromkeys(ev.missing))
            maybe |= targets
    value = True if stopped else None if missing else False
    facts[STOPPED] = frozenset(stopped)
    # whether one stays beside the drug stopped: a regimen of two is not emptied by stopping one (round-21 audit: an
    # emergency stopped methotrexate for a planned pregnancy and started tacrolimus past the azathioprine kept)
    taken_now = facts.get("current_drugs") or frozenset()
    # a failure without an adequate dose is no failure (round-25 audit: an under-dosed azathioprine labelled failed
    # was both "optimised" and "gone"); one at week 6 is, where escalation does not wait for the 12 weeks (round-28
    # audit: methotrexate failed at week 6 beside an azathioprine not tolerated left the emergency with no agent); a
    # combination's parts go with it only when it is the course taken now
    gone = (((facts.get("failed_now") or frozenset()) - (facts.get("underdosed_now") or frozenset()))
            | ((facts.get("intolerant_drugs") or frozenset()) & taken_now))
    gone |= kb.lookups.parts_of(gone)  # its parts too
    left = current - stopped - gone  # one that failed or was not tolerated does not stay either (round-22 audit;
    # round 23: methotrexate + azathioprine not tolerated as one course left both 'staying')
    facts[LEFT] = True if left - maybe else None if left else False
    # a "failed" label on an inadequate trial beside an agent that stays and has not failed is no failure of the
    # regimen (round-26 audit: an emergency drew a line-2 agent for a methotrexate "failed" at week 6 beside an
    # azathioprine at 20 weeks)
    ended = (facts.get("failed_now") or frozenset()) | (facts.get("partial_now") or frozenset())  # a partial response
    # after an adequate trial is a failure (brief §2; round-27 audit: an azathioprine partial at 20 weeks "stayed")
    facts[UNFAILED_STAYS] = (facts.get("regimen_outcome") == "failed"
                             and bool(left - ended - kb.lookups.parts_of(ended))
                             and not ended - (facts.get("failed_early") or frozenset()))
    _staying_trial(kb, facts, patient, stopped | gone)
    # what a drug a node names cannot be given as, like a failure or an intolerance: its rescue is not waited for
    # (round-21 audit: anti-HMGCR with IgA deficiency and anti-IgA antibodies kept rituximab for an IVIG never given)
    facts[RULED_OUT] = frozenset(tid for rule in kb.lookups.exclude_gates if evaluate(rule.when, facts).value is True
                                 for tid in kb.lookups.rule_targets[rule.id])
    facts[MUST_STOP] = value
    facts.derivations[MUST_STOP] = Evaluation(value, tuple(sorted(used.items())), () if stopped else tuple(missing))


def _staying_trial(kb, facts, patient, gone: set[str] | frozenset[str]) -> None:
    """What the courses of the agents that stay say of their trial, drug by drug (round-24 audit: the emergency read
    the whole regimen's dose flags, so an under-dosed azathioprine beside a methotrexate not tolerated was 'judged',
    and an adequate one beside an under-dosed methotrexate that a gate stops was 'optimised'). An under-dosed course
    labelled failed still stays here: without an adequate trial it is no failure (brief §2). Whether one may be raised
    is read apart: a true gate that rules it out (lymphocytes below 0.5 on tofacitinib) or holds its dose (tacrolimus
    at eGFR 45) leaves its trial inadequate but not to be optimised — the gate's own advice is what is said of it
    (round-26 audit: "optimise" raised tofacitinib at lymphocytes 0.3)."""
    # (drug, its course) for each agent that stays: a combination's parts too, so that the azathioprine of a
    # methotrexate + azathioprine course a gate stops for the methotrexate keeps the course's trial (round-27 audit)
    courses = [(d, c) for c in patient.therapies if c.current and c.outcome != "intolerant"
               for d in (c.drug, *sorted(kb.lookups.combinations.get(c.drug, ())))
               if d in kb.lookups.non_gc_ids and d not in facts[STOPPED]]
    short = [(d, c) for d, c in courses if c.adequate_dose is False or c.adherent is False]
    facts[LEFT_UNDERDOSED] = bool(short)
    ruled_out, capped = _held(kb, facts, {d for d, _ in short})
    # a cap on the dose leaves the adherence to improve (round-27 audit: methotrexate taken irregularly at eGFR 45
    # lost "take it as prescribed" with the dose)
    facts[LEFT_RAISABLE] = any(d not in ruled_out and (d not in capped or c.adequate_dose is not False)
                               for d, c in short)
    judged = [c for d, c in courses if (d, c) not in short and d not in gone]
    if any(c.weeks is not None and c.weeks >= kb.lookups.min_weeks for c in judged):
        facts[LEFT_ADEQUATE] = True
    else:
        facts[LEFT_ADEQUATE] = None if any(c.weeks is None for c in judged) else False


def _held(kb, facts, current: set[str]) -> tuple[set[str], set[str]]:
    """The drugs taken now that a true gate rules out (exclude, avoid) and those it holds at their dose
    (``caps_dose``): neither is to be raised."""
    ruled_out: set[str] = set()
    capped: set[str] = set()
    for rule in kb.lookups.dose_gates:
        targets = kb.lookups.rule_targets[rule.id] & current
        if targets and evaluate(rule.when, facts).value is True:
            (capped if rule.caps_dose and rule.effect not in ("exclude", "avoid") else ruled_out).update(targets)
    return ruled_out, capped
