"""A drug's history against what a node suggests: each therapy once, never one that failed or was not tolerated,
"continue" for one taken now, and when a node's rescue ("if insufficient") is due.

The knowledge base's nodes name drugs without knowing the patient; this is where the history meets them. What
counts as a failure depends on the node: after an adequate trial, outside an emergency; any failure, in one
(:func:`emergency_node`, :func:`class_failures`). A drug whose class counts as one (a calcineurin inhibitor) is
not the next step once its class-mate failed. The ladders read the same rules (decision.walk.rules).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from decision.memo import ByIdentity
from decision.recommendation import ActionView, NotSuggested
from decision.walk.safety_stops import RULED_OUT


def in_combinations(kb, intolerant: frozenset[str], current: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The drugs not tolerated and those taken now, with the combinations they make up: a drug not tolerated is
    not restarted inside a combination, and taking every component now is taking the combination."""
    combos = kb.lookups.combinations
    return (intolerant | {c for c, parts in combos.items() if parts & intolerant},
            current | {c for c, parts in combos.items() if parts <= current})


def failed_reason(tid: str, facts) -> str:
    """Why a drug that failed is not offered again, as its course was recorded."""
    if tid in (facts.get("partial_stopped") or frozenset()):
        return "responded only partly and was stopped — an insufficient response, read as a failure"
    return "already failed for this patient"


def not_restarted(kb, tid: str, facts) -> str:
    inside = sorted(kb.lookups.combinations.get(tid, frozenset()) & (facts.get("intolerant_drugs") or frozenset()))
    if not inside:
        return "stopped for intolerance; not restarted"
    return f"contains {', '.join(kb.therapies[d].name for d in inside)}, stopped for intolerance; not restarted"


def drop_repeats(kb, actions: list[ActionView], facts, passed_over: list[NotSuggested]) -> list[ActionView]:
    """Each therapy once; and one the patient already failed, or stopped for intolerance (alone or inside a
    combination), is not suggested again by any node (the pregnancy and emergency regimens included), now or
    later: say so instead. One taken now (or another drug that does what it is named for) is not started again:
    the advice is to continue it."""
    failed = facts.get("failed_drugs") or frozenset()
    intolerant, current = in_combinations(kb, facts.get("intolerant_drugs") or frozenset(),
                                           facts.get("current_drugs") or frozenset())
    underdosed = facts.get("underdosed_now") or frozenset()  # a "failure" with no adequate trial is no failure:
    failed_now = (facts.get("failed_now") or frozenset()) - underdosed  # continued and optimised (round-26 audit)
    current -= failed_now  # taken now but failed: not continued (said below instead),
    current -= intolerant  # nor one not tolerated (round-23 audit: "continue azathioprine" recorded not tolerated),
    # nor the parts of a combination taken now and not tolerated (round-24 audit); an old one says nothing of its
    # parts taken since (round-25 audit: a working azathioprine was dropped for a 2023 combination)
    current -= kb.lookups.parts_of(intolerant & (facts.get("current_drugs") or frozenset()))
    # taken now and "failed" without an adequate trial: still the regimen, judged at its 12 weeks, outside an
    # emergency (round-34 audit: a pregnant woman's azathioprine "failed" at week 4 was dropped as already failed,
    # and tacrolimus took its place; a left item of stop 25 too: "not restarted", with no stop line)
    early_taken = failed_now & (facts.get("failed_early") or frozenset())
    # "if insufficient" follows the node's own agents given now: once every one of them has failed it is "now"
    # (round 11); a failure of something else does not make it so (round-13 audit: rituximab 'now' beside an IVIG
    # never given), nor one part of a combination (round-18 audit: anti-MDA5 plasma exchange became 'now' when
    # tacrolimus alone had failed and cyclophosphamide was never given).
    agents = kb.lookups.non_gc_ids | kb.lookups.add_on_ids
    given: dict[str, set[str]] = {}
    taken_now = facts.get("current_drugs") or frozenset()
    for a in actions:
        if a.kind == "therapy" and a.timing == "now" and a.therapy and a.therapy in agents:
            # the node's own drug taken now is the one judged; else the drug taken now that fills its place (round-29
            # audit: tacrolimus partial in the pregnancy node's azathioprine place left IVIG waiting), one drug one
            # place (round-30 audit: an azathioprine partial waited on a tacrolimus at week 8 in its own place)
            stands_in = [t for t in kb.lookups.continued_as.get((a.node, a.id), ()) if t in taken_now]
            given.setdefault(a.node, set()).add(stands_in[0] if stands_in else a.therapy)
    # a place whose class-mate failed is ended: the node withholds its drug below (round-31 audit: anti-MDA5 with
    # ciclosporin failed waited on a tacrolimus the node no longer gives, the rescue never released)
    class_failed = {a.therapy: mate for a in actions if a.kind == "therapy" and a.therapy and (
        mate := _failed_class_mate(kb, a.therapy, class_failures(kb, kb.nodes[a.node], facts))) is not None}
    class_ended = set(class_failed) - taken_now
    # once the regimen has failed, a drug not tolerated, or one a safety gate rules out, cannot complete the node's
    # regimen either (round-21 audit: anti-MDA5 plasma exchange waited on a cyclophosphamide not tolerated;
    # anti-HMGCR rituximab on an IVIG that IgA deficiency with anti-IgA antibodies rules out) — before it has, the
    # rescue still waits for the response (round-22 audit: rituximab 'now' at week 6 of methotrexate)
    # failed means an adequate trial (brief §2): 12 weeks at an adequate dose, taken — except on an emergency node,
    # where escalation does not wait for the 12 weeks (round-23 audit: rituximab 'now' for a methotrexate labelled
    # failed at week 6)
    adequate = facts.get("dose_not_adequate_now") is not True and facts.get("adherence_doubt") is not True
    early = facts.get("failed_early") or frozenset()
    failed_line = (facts.get("failed_line") or 0) >= 1
    urgent_failed = failed_line or (facts.get("regimen_outcome") == "failed" and adequate)
    trial_failed = failed_line or bool((facts.get("failed_now") or frozenset()) - early)
    ruled_out = intolerant | (facts.get(RULED_OUT) or frozenset())
    # a drug taken now is judged by its course now, not by an old one (round-26 audit: a 2023 azathioprine failure
    # made a pregnant woman's working azathioprine "failed", and IVIG and tacrolimus 'now')
    judged = ((failed - taken_now) | failed_now
              | (facts.get("partial_now") or frozenset()))
    # a partial response after an adequate trial is insufficient (brief §2; round-27 audit: anti-HMGCR with IVIG
    # partial at 24 weeks kept rituximab waiting); outside an emergency a failure without an adequate trial is not
    # (round-27 audit: IVIG "failed" at week 6 brought anti-HMGCR rituximab forward)
    insufficient: set[str] = set()
    # a regimen recorded as working releases no rescue outside an emergency, whatever old failure stands in the
    # node's own place (round-35 audit: a pregnant woman controlled on methotrexate, her azathioprine failed years
    # before, got tacrolimus and IVIG both 'now' — one new agent is its place, IVIG waits for a flare)
    outcome = facts.get("regimen_outcome")
    quiet = facts.get("muscle.active") is False and not any(
        facts.get(d) is True for d in ("muscle_active", "lung_active", "skin_active", "joints_active"))
    # (a domain unrecorded counts as quiet here: the rescue is not brought forward past a question; the pregnancy
    # node asks for it — round-36 audit)
    working = outcome == "responded" or (quiet and outcome not in ("failed", "partial"))
    for node, own in given.items():
        urgent = emergency_node(kb, kb.nodes[node])
        if working and not urgent:
            continue
        ended = (judged if urgent else judged - early) | class_ended
        if own <= ended | (ruled_out if (urgent_failed if urgent else trial_failed) else frozenset()):
            insufficient.add(node)
    gc_trouble = (failed | intolerant) & kb.lookups.glucocorticoid_ids  # any glucocorticoid, oral or pulse
    kept: list[ActionView] = []
    continued: set[str] = set()
    for a in actions:
        if a.kind == "therapy" and any(k.kind == "therapy" and k.therapy == a.therapy for k in kept):
            continue  # two nodes on the path suggest the same therapy: the first (and its basis) stands
        if a.kind != "therapy" and any(k.id == a.id for k in kept):
            continue  # a shared line (an oncology referral, an infection) said once, where first reached
        if a.timing == "if_insufficient" and a.node in insufficient:  # the node's first agent failed: now
            a = replace(a, timing="now", inputs={**a.inputs, "failed_drugs": sorted(failed)})
        here = current if emergency_node(kb, kb.nodes[a.node]) else current | early_taken
        taken = [t for t in kb.lookups.continued_as.get((a.node, a.id), ()) if t in here]
        if a.kind == "therapy" and taken:
            if taken[0] not in continued:  # each drug continued once, like each therapy suggested once
                continued.add(taken[0])
                kept.append(_continue(kb, a, taken[0], facts))
            continue
        if a.kind == "therapy" and a.therapy in kb.lookups.glucocorticoid_ids and gc_trouble:
            # glucocorticoids are not judged as an agent that failed or was not tolerated: a dose-related
            # intolerance caps the dose, and a pulse that did not settle the last flare is not banned from the next
            # emergency (round-11 audit: a past steroid psychosis left a pregnant woman with no prednisolone)
            said, fact, drugs = (("not tolerated", "intolerant_drugs", intolerant) if gc_trouble & intolerant
                                 else ("not enough", "failed_drugs", failed))
            names = ", ".join(sorted(kb.therapies[d].name for d in gc_trouble))
            kept.append(replace(a, text=f"{a.text} — {names} recorded before as {said}: weigh the dose",
                                inputs={**a.inputs, fact: sorted(drugs)}))
            continue
        if a.kind == "therapy" and a.therapy in failed | intolerant:
            tid = a.therapy or ""
            why = failed_reason(tid, facts) if tid in failed else not_restarted(kb, tid, facts)
            passed_over.append(NotSuggested(a.therapy or "", a.therapy_name or "", why, a.node, a.basis))
            continue
        mate = class_failed.get(a.therapy or "") if a.kind == "therapy" else None
        if mate is not None:  # ciclosporin failed: tacrolimus is not the next step, as on the ladders (round-30
            # audit: a pregnancy node started tacrolimus "now" after ciclosporin had failed)
            passed_over.append(NotSuggested(a.therapy or "", a.therapy_name or "", f"{kb.therapies[mate].name}, of "
                                            "the same class, has already failed", a.node, a.basis))
            continue
        kept.append(a)
    return kept


_CONTINUE = "_continue_"


def continue_id(action_id: str, therapy_id: str) -> str:
    """The id of the "continue" advice a node's therapy action becomes for a patient taking that drug now."""
    return f"{action_id}{_CONTINUE}{therapy_id}"


def continued_drug(action_id: str) -> str | None:
    """The drug a "continue" advice (:func:`continue_id`) keeps, or ``None`` for any other action."""
    return action_id.rsplit(_CONTINUE, 1)[1] if _CONTINUE in action_id else None



_EMERGENCY: ByIdentity[Any, bool] = ByIdentity()


def emergency_node(kb, node) -> bool:
    """Whether the node treats an emergency: an action whose outcome is urgent (escalation does not wait for 12
    weeks there). Not its step: the pregnancy node is reached from the triage step but is no emergency (round-33
    audit: an early ciclosporin failure closed tacrolimus to a pregnant woman)."""
    def urgent() -> bool:
        after = kb.nodes.get(node.next) if node.kind == "action" and node.next else None
        return (after is not None and after.kind == "outcome" and after.status is not None
                and kb.statuses[after.status].severity == "urgent")

    return _EMERGENCY.of(node, urgent)


def class_failures(kb, node, facts) -> frozenset[str]:
    """The failures that close a drug's class to a node: an adequate trial's, as for the line it sits on (a
    ciclosporin "failed" at week 3 does not rule out tacrolimus; round-32 review), and not one of unknown length,
    which leaves the line open too (round-33 audit) — on an emergency node, where escalation does not wait for 12
    weeks, any failure."""
    failed = facts.get("failed_drugs") or frozenset()
    if emergency_node(kb, node):
        return failed
    return failed - (facts.get("failed_early") or frozenset()) - (facts.get("failed_weeks_unknown") or frozenset())


def failed_class_mates(kb, tids, failed: frozenset[str]) -> dict[str, str]:
    """Each of ``tids`` whose class-mate failed (where the class counts as one), with that class-mate."""
    return {tid: other for tid in tids if (other := _failed_class_mate(kb, tid, failed)) is not None}


def _failed_class_mate(kb, tid: str | None, failed: frozenset[str]) -> str | None:
    """A drug of the same class as ``tid`` that failed, where the class counts as one (a
    calcineurin inhibitor): the class is not the next step."""
    therapy = kb.therapies.get(tid) if tid else None
    if therapy is None or "one_of_its_class" not in therapy.tags:
        return None
    return next((d for d in sorted(failed) if d != tid and kb.therapies[d].drug_class == therapy.drug_class), None)


def _continue(kb, a: ActionView, tid: str, facts) -> ActionView:
    """A node's therapy action for a patient who takes that drug now (or one that does what it is named for):
    advice to continue it, concerning that drug so that its safety gates still apply."""
    why = ("it is part of this regimen — not started again" if tid == a.therapy else
           f"it does what {a.therapy_name} is named for in this regimen — not doubled with a second one")
    return ActionView(continue_id(a.id, tid), "plan", f"continue {kb.therapies[tid].name} (taken now): {why}", a.basis,
                      {**a.inputs, "current_drugs": sorted(facts.get("current_drugs") or ())}, a.node)
