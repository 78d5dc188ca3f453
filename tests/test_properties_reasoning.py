"""Property tests for the decision semantics of issue 9, over generated, partly missing patients.

The invariants are read from the trace and the knowledge base, not from the walker's own summary: a held
branch left unknown with a clue present (and no earlier branch true) forbids new immunosuppression; every
decision lists every branch with a value; no ladder option is drawn from below the line the patient reached.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import patients, refractory_patients

import decision
from decision.walk.rules import _ladder_line
from decision.walk.walker import facts_for

KB = decision.load()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IMMUNOSUPPRESSIVE = {t.id for t in KB.therapies.values() if t.immunosuppressive or "escalation" in t.tags}


def walk(data):
    patient = decision.parse_patient(data)
    return patient, decision.recommend(KB, patient)


def _held_with_clue(step) -> bool:
    for b in step.branches:
        if b.outcome == "true":
            return False
        if b.outcome == "unknown" and b.on_unknown == "hold" and b.clues:
            return True
    return False


def _muscle_line(therapy: str) -> int:
    return next((step.line for step in KB.ladders["muscle"].steps if therapy in step.options), 0)


@SETTINGS
@given(st.one_of(patients, refractory_patients))
def test_a_held_unknown_with_a_clue_forbids_new_immunosuppression(data):
    patient, rec = walk(data)
    if not any(_held_with_clue(s) for s in rec.trace if s.kind == "decision"):
        return
    current = {c.drug for c in patient.therapies if c.current}
    # a drug a safety gate stops is replaced from no higher line than its own: that keeps the regimen, it does not
    # escalate past the question (round 18; a case hypothesis found in round 34: tofacitinib stopped for latent TB
    # beside the held second examination, replaced by mycophenolate)
    stopped_line = max((_muscle_line(a.therapy) for a in rec.actions if a.kind == "stop" and a.therapy), default=0)
    new = [a.therapy for a in rec.actions if a.kind == "therapy" and a.therapy in IMMUNOSUPPRESSIVE
           and a.therapy not in current and not (a.line is not None and a.line <= stopped_line)]
    assert not new, (rec.status.code, new)
    assert rec.held, "the hold is reported with its question"


@SETTINGS
@given(st.one_of(patients, refractory_patients))
def test_every_decision_lists_every_branch_with_a_value(data):
    _, rec = walk(data)
    for step in rec.trace:
        if step.kind != "decision":
            continue
        node = KB.nodes[step.node]
        assert [b.label for b in step.branches] == [b.label for b in node.branches]
        assert all(b.outcome in ("true", "false", "unknown") for b in step.branches)
        assert all(b.missing for b in step.branches if b.outcome == "unknown")


@SETTINGS
@given(st.one_of(patients, refractory_patients))
def test_no_ladder_option_below_the_line_reached(data):
    patient, rec = walk(data)
    facts = facts_for(KB, patient)
    # a failure without an adequate trial (under 12 weeks, inadequate dose) or of unknown length does not count as
    # its line failing (rounds 8-10); an emergency may draw from the line reached, even the first (round 13)
    failed = ((facts["failed_drugs"] or frozenset()) - (facts["failed_early"] or frozenset())
              - (facts["failed_weeks_unknown"] or frozenset()))
    for a in rec.actions:
        if a.rank is None or a.line is None:
            continue
        select = KB.nodes[a.node].select
        if select is None or select.line == "first":
            continue
        ladder = KB.ladders[select.ladder]
        highest = max((_ladder_line(ladder, d) or 0 for d in failed), default=0)
        assert a.line >= min(highest, ladder.steps[-1].line), (a.therapy, a.line, highest, select.ladder)


@SETTINGS
@given(st.one_of(patients, refractory_patients))
def test_preview_is_only_given_when_the_walk_stopped_and_never_suggests(data):
    _, rec = walk(data)
    preview = rec.next_if_confirmed
    if preview is None:
        return
    assert rec.held or any(s.taken_label and s.taken_label.startswith("unknown") for s in rec.trace)
    assert preview.status != rec.status.code
    suggested = {a.therapy for a in rec.actions if a.kind == "therapy"}
    ahead = {t.therapy for t in preview.therapies} & IMMUNOSUPPRESSIVE
    if rec.status.code in ("confirm_before_escalating", "second_examination_needed"):
        assert not ahead & suggested, "a previewed drug is suggested while the walk waits"
