"""What the drug history and the safety gates leave of the regimen a node named, said first when it is cut short.

Glucocorticoids alone are never the regimen: when a gate or the history removes the agent a node named and
nothing takes its place, the answer says so before anything else, with what to do about it (a balance to strike
with other teams today, or a replacement to choose). Which drugs the history rules out (:func:`history_of`)
depends on whether the walk ended in an emergency, where any failure counts. Kept apart from the walker, which
calls it once per answer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from decision.recommendation import NotSuggested, Warning
from decision.walk.repeats import continued_drug
from decision.walk.rules import RuleOutcome, still_taken

if TYPE_CHECKING:
    from decision.walk.walker import Walk


def history_of(kb, facts, *, urgent: bool) -> frozenset[str]:
    """The drugs the history rules out: failed or not tolerated, and the class-mates of a failed drug that is one
    of its class (ciclosporin failed: tacrolimus is not the next step) — after an adequate trial, or any failure
    in an emergency (as :func:`~decision.walk.repeats.class_failures` says for each node)."""
    failed = facts.get("failed_drugs") or frozenset()
    closing = failed if urgent else (failed - (facts.get("failed_early") or frozenset())
                                     - (facts.get("failed_weeks_unknown") or frozenset()))
    classes = {kb.therapies[d].drug_class for d in closing if "one_of_its_class" in kb.therapies[d].tags}
    mates = {t for t, th in kb.therapies.items() if th.drug_class in classes}
    return failed | (facts.get("intolerant_drugs") or frozenset()) | mates


def incomplete_regimen(kb, w: Walk, result: RuleOutcome, facts) -> RuleOutcome:
    """A regimen that a safety gate (or the drug history) cut short says so, first: what remains is not it.

    Organ- or life-threatening disease with an active infection or cancer is a balance only the treating teams
    can strike; the answer must not present pulse steroids alone as if they were the combination the node
    named. Outside an emergency the same holds when the steroid-sparing agent a node named is withheld and no
    other is suggested now, or when the one taken now is stopped and none is left or suggested: glucocorticoids
    alone are never the regimen.

    Not cut short: what a node itself withholds (the plan, not a gap), and in an emergency a drug continued, a
    drug the history rules out whose class-mate is given now, or any drug the history rules out once the ladder
    gives an agent now. A gap the history alone leaves is said with 'choose what takes its place', not as a
    balance to strike today with other teams (rounds 14–17)."""
    outcome = w.outcome
    if outcome is None or outcome.status is None:
        return result
    urgent = kb.statuses[outcome.status].severity == "urgent"
    history = history_of(kb, facts, urgent=urgent)
    current = still_taken(facts)
    failed = facts.get("failed_drugs") or frozenset()  # one failed or not tolerated: no regimen
    # the drugs the route named: a node's own and its ladder options (round-10 audit: a new myositis with an
    # active infection lost every first-line option to the gate and was left with glucocorticoids, unsaid)
    named = {a.therapy: a for a in (*w.actions, *w.offered) if a.kind == "therapy" and a.therapy}
    own = {t for _, wh in w.withheld for t in wh.therapies}  # a node's own choice (nintedanib in RP-ILD, no new
    # agent while a mimic is worked up) is the plan, not a regimen cut short (round-16 audit)
    cut = [n for n in result.not_suggested if n.therapy in named and n.therapy not in own]  # a gate, or the history
    if urgent:
        wid, tail = "urgent_regimen_incomplete", "What remains is not the regimen this disease calls for."
        continued = {continued_drug(a.id) for a in result.actions}
        cut = [n for n in cut if n.therapy not in continued]  # continued: not missing (round 16)
        # only what the regimen gives now is missing from it: a node's alternative ('consider tofacitinib') is
        # not, nor a ladder's steroid-sparing option whose place another of the same choice takes now (round-18
        # audit: azathioprine given for methotrexate at eGFR 25 was called an incomplete regimen)
        sparing = kb.lookups.sparing_immunosuppressants
        spared_at = {a.node for a in result.actions if a.kind == "therapy" and a.rank is not None
                     and a.timing == "now" and a.therapy in sparing}
        cut = [n for n in cut if (named[n.therapy].timing == "now" if named[n.therapy].rank is None else
                                  n.therapy in sparing and named[n.therapy].node not in spared_at)]
        given = {kb.therapies[a.therapy].drug_class for a in result.actions
                 if a.kind == "therapy" and a.timing == "now" and a.therapy}
        cut = [n for n in cut if not (n.therapy in history and kb.therapies[n.therapy].drug_class in given)]
        if any(a.kind == "therapy" and a.line is not None and a.timing == "now" and a.therapy in sparing
               for a in result.actions):
            cut = [n for n in cut if n.therapy not in history]  # the ladder's agent replaces what failed before
    else:
        sparing = kb.lookups.sparing_immunosuppressants
        final = {t for _, wh in w.withheld if not wh.new_only for t in wh.therapies}  # not a hold on starting
        if not sparing - final:  # the path rules out every steroid-sparing agent (IBM): no regimen is called for
            return result  # (round 19; a hold on starting still says it: round-20 audit)
        # a failed drug stopped is no regimen cut short: what follows its failure is the ladder's, or the held
        # question's (round-18 audit)
        stopped = {a.therapy: a for a in result.actions if a.kind == "stop" and a.therapy and a.therapy in sparing
                   and a.therapy not in failed}
        left = (any(a.kind == "therapy" and a.therapy in sparing and a.timing == "now" for a in result.actions)
                or bool((current & sparing) - set(stopped)))
        cut = [] if left else [n for n in cut if n.therapy in sparing and named[n.therapy].timing == "now"]
        # the steroid-sparing agent named after it; with none left because the history or a lasting gate rules
        # them out (a contraindication, TPMT deficiency), an add-on waiting (round-36 audit: methotrexate stopped
        # for a pregnancy, azathioprine failed, tacrolimus not tolerated — and IVIG still waited; round 37:
        # azathioprine ruled out by a poor TPMT); not past a hold (an infection, a mimic to work up), which is said
        used_up = all(n.therapy in history or n.by in kb.lookups.lasting_rule_ids for n in cut)
        waiting = [a for a in result.actions if a.kind == "therapy" and a.timing in ("alternative", "if_insufficient")]
        spare = None if left else next((a for group in (sparing, kb.lookups.add_on_ids if used_up else ())
                                        for a in waiting if a.therapy in group), None)
        if not left and stopped:  # the agent taken now is stopped and nothing takes its place
            # each with the gate that stops it, not another reason it would not be started (round-18 audit: a
            # teratogen stop was quoted as "another diagnosis is unresolved")
            gates = {r.id: r for r in kb.rules}
            cut += [NotSuggested(t, a.therapy_name or t, gates[a.node].message if a.node in gates else a.text,
                                 a.node, a.basis) for t, a in stopped.items() if t not in named]
            named = {**named, **stopped}
        wid, tail = "regimen_incomplete", ("No other steroid-sparing agent is taken or suggested now: "
                                           "glucocorticoids alone are not the regimen.")
        if cut and spare is not None:  # the agent named now is gone: the one named after it becomes the
            # regimen's (round-12 audit: JDM with methotrexate ruled out left ciclosporin an 'alternative' beside
            # "no other steroid-sparing agent is suggested now")
            promoted = replace(spare, timing="now")
            return replace(result, actions=tuple(promoted if a is spare else a for a in result.actions))
    if not cut:
        return result
    cut = list({n.therapy: n for n in cut}.values())
    names = ", ".join(n.therapy_name for n in cut)
    reasons = "; ".join(dict.fromkeys(n.reason for n in cut))
    classes = {kb.therapies[n.therapy].drug_class for n in cut}
    open_mate = any(t.drug_class in classes and t.id not in history and t.id not in {n.therapy for n in cut}
                    for t in kb.therapies.values())  # a class the history closes is not offered (round-18 audit)
    first = (f"Choose what takes its place with a myositis or ILD centre "
             f"({'another agent of its class, or ' if open_mate else ''}the next line), and record the decision."
             if all(n.therapy in history for n in cut) else  # no balance today
             "Weigh the disease against the reason today with the specialist teams involved (for example infectious "
             "diseases, oncology, nephrology or maternal-fetal medicine), choose what the reason allows, and record "
             "the decision.")
    if w.held or w.stopped_at:  # a question holds the walk: nothing is chosen before it is answered (round-21
        # audit: "choose what the reason allows" beside "start no new immunosuppressive drug"; round 22: not said
        # where no question is asked, as at an infection or a cancer)
        first = f"Once the questions above are answered: {first[0].lower()}{first[1:]}"
    warning = Warning(wid, "contraindication", f"The regimen is incomplete: {names} withheld ({reasons}). {tail}",
                      tuple(n.therapy for n in cut), named[cut[0].therapy].basis, first, (), {})
    return replace(result, warnings=(warning, *result.warnings))
