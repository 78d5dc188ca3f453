"""Fixes from the round-26 audit (an attack on the rules of rounds 24–25, and sixty patients written from clinic
letters before the tool was run on them).

- A lung recorded as not progressing, or with respiratory symptoms not worse, is not rapidly progressive.
- A drug taken now is judged by its course now: an old failure or intolerance of it, alone or inside a
  combination, says nothing of the course taken since.
- An under-dosed agent is not "optimised" where a true gate rules it out or holds its dose; one that stays beside
  a climb is given a fate.
- The climbing switch is read on the ladder the pathway's own switch decision takes.
- A switch whose ladder is used up says so, and the active muscle beside disabling arthritis is said there too.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
SCREENED = {"hepatitis_b": {"hbsag": "negative", "anti_hbc": "negative"}, "tuberculosis": {"test": "negative"}}
SEVERE = {"active": True, "dysphagia": "severe", "weakness": {"proximal": True}}
QUIET = {"active": False, "weakness": {"proximal": False, "trend": "stable"}}
PREGNANT = {"status": "pregnant", "plans": "none", "breastfeeding": False}


def _ids(rec):
    return {a.id for a in rec.actions}


def _timing(rec, therapy):
    return next(a.timing for a in rec.actions if a.therapy == therapy and a.kind == "therapy")


def _mda5_skin(**ild):
    """Anti-MDA5 dermatomyositis, its skin refractory to mycophenolate, with an ILD recorded as given."""
    return active_dm(course("mycophenolate_mofetil", 20, "failed", current=True), **SCREENED,
                     autoantibodies=[{"name": "mda5", "result": "positive"}], muscle=QUIET, mri={"oedema": False},
                     skin={"active": True, "ulcers": True, "cdasi_activity": 22}, ild={"present": True, **ild})


@pytest.mark.parametrize("ild", [{"progressing": False}, {"symptoms_worse": False},
                                 {"progressing": False, "fvc_percent": 90, "fvc_previous_percent": 91}])
def test_a_lung_not_progressing_is_not_rapidly_progressive(ild):
    rec = decision.recommend(KB, _mda5_skin(**ild))
    assert rec.status.code not in ("urgent_question", "emergency")  # whether it is progressing may still be asked
    assert "ild.rapidly_progressive" not in {m.field for m in rec.missing}


@pytest.mark.parametrize("ild, status", [({}, "urgent_question"),  # the pace open: still established today
                                         ({"rapidly_progressive": True, "progressing": False}, "emergency")])
def test_the_recorded_pace_comes_first_and_an_open_one_is_still_asked_today(ild, status):
    assert decision.recommend(KB, _mda5_skin(**ild)).status.code == status


@pytest.mark.parametrize("old", [course("azathioprine", 16, "failed"),
                                 course("methotrexate_azathioprine", 16, "failed"),
                                 {**course("azathioprine", 16, "failed"), "adequate_dose": False}])
def test_an_old_failure_does_not_make_a_working_drug_taken_again_failed(old):
    patient = active_dm(old, course("azathioprine", 20, "responded", current=True), pregnancy=PREGNANT,
                        muscle=QUIET, mri={"oedema": False}, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "pregnancy"
    assert _timing(rec, "tacrolimus") == "if_insufficient"


def test_an_old_intolerance_says_nothing_of_the_same_drug_inside_a_combination_taken_now():
    patient = active_dm(course("azathioprine", 4, "intolerant"),
                        course("methotrexate_azathioprine", 20, "responded", current=True),
                        labs={**ACTIVE_DM["labs"], "egfr": 20}, muscle=QUIET, mri={"oedema": False}, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert "act_intolerance_keep_azathioprine" in _ids(rec)
    assert "azathioprine" not in {n.therapy for n in rec.not_suggested}


@pytest.mark.parametrize("labs, drug", [({"lymphocytes": 0.3}, "tofacitinib"), ({"egfr": 45}, "tacrolimus")])
@pytest.mark.parametrize("muscle, optimise", [(SEVERE, "emergency_sparing_optimise"),
                                              (ACTIVE_DM["muscle"], "not_yet_dose")])
def test_a_drug_a_gate_holds_is_not_optimised(labs, drug, muscle, optimise):
    under = {**course(drug, 20, "ongoing", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(under, labs={**ACTIVE_DM["labs"], **labs}, muscle=muscle, **SCREENED))
    assert optimise not in _ids(rec)


@pytest.mark.parametrize("muscle, optimise", [(SEVERE, "emergency_sparing_optimise"),
                                              (ACTIVE_DM["muscle"], "not_yet_dose")])
def test_an_underdosed_drug_no_gate_holds_is_still_optimised(muscle, optimise):
    under = {**course("azathioprine", 20, "ongoing", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(under, labs={**ACTIVE_DM["labs"], "lymphocytes": 0.3}, muscle=muscle,
                                           **SCREENED))
    assert optimise in _ids(rec)


@pytest.mark.parametrize("before", [course("mycophenolate_mofetil", 16, "failed", current=True),
                                    course("methotrexate", 16, "failed", current=True)])
def test_an_underdosed_agent_beside_a_climb_is_given_a_fate(before):
    aza = {**course("azathioprine", 14, "failed", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(before, aza, **SCREENED))
    assert rec.status.code == "refractory_active"
    assert "ladder_underdosed_stays" in _ids(rec)


def test_an_underdosed_part_does_not_make_a_combination_taken_together_failed():
    aza = {**course("azathioprine", 14, "failed", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", current=True), aza, **SCREENED))
    assert {a.line for a in rec.actions if a.rank is not None} == {2}


def _unscreened(*courses, **changes):
    patient = active_dm(*courses, **SCREENED, **changes)
    patient["cancer"] = {}
    return patient


def test_the_climbing_switch_reads_an_antisynthetase_lung_never_assessed():
    patient = _unscreened(course("azathioprine", 16, "failed"), course("rituximab", 8, "intolerant"),
                          autoantibodies=[{"name": "jo1", "result": "positive"}], ild={})
    assert decision.recommend(KB, patient).status.code == "confirm_before_escalating"


def test_the_climbing_switch_reads_the_arthritis_ladder_when_arthritis_leads_beside_the_muscle():
    arthritis = {"active": True, "disabling": True}
    climb = _unscreened(course("methotrexate", 16, "failed"), course("leflunomide", 4, "intolerant"),
                        arthritis=arthritis)
    used_up = _unscreened(course("azathioprine", 16, "failed"), course("methotrexate", 4, "intolerant"),
                          arthritis=arthritis)
    assert decision.recommend(KB, climb).status.code == "confirm_before_escalating"
    assert decision.recommend(KB, used_up).status.code == "confirm_before_escalating"


def test_a_skin_led_switch_within_its_line_is_not_held_by_the_muscle_ladder():
    patient = _unscreened(course("hydroxychloroquine", 16, "failed"), course("tacrolimus", 16, "failed"),
                          course("methotrexate", 4, "intolerant"), muscle=QUIET, mri={"oedema": False},
                          skin={"active": True, "cdasi_activity": 20})
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "intolerance"


def test_a_switch_on_a_used_up_arthritis_ladder_says_so_and_speaks_of_the_muscle():
    patient = active_dm(course("methotrexate", 16, "failed"), course("rituximab", 24, "failed"),
                        course("tnf_inhibitor", 4, "intolerant"), arthritis={"active": True, "disabling": True},
                        **SCREENED)
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "intolerance"
    assert "ladder_used_up" in {w.id for w in rec.warnings}
    assert "arthritis_muscle_too" in _ids(rec)


@pytest.mark.parametrize("failed, said", [
    (course("methotrexate", 6, "failed", current=True), "emergency_sparing_judged"),
    ({**course("methotrexate", 20, "failed", current=True), "adequate_dose": False}, "emergency_sparing_optimise"),
])
def test_an_emergency_keeps_the_regimen_when_its_failure_was_no_fair_trial(failed, said):
    rec = decision.recommend(KB, active_dm(failed, course("azathioprine", 20, "ongoing", current=True),
                                           muscle=SEVERE, **SCREENED))
    assert rec.status.code == "emergency"
    assert said in _ids(rec)
    assert not [a for a in rec.actions if a.rank is not None and a.timing == "now"]


def test_an_emergency_after_a_fair_failure_still_draws_the_next_line():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", current=True),
                                           course("azathioprine", 20, "ongoing", current=True), muscle=SEVERE,
                                           **SCREENED))
    assert [a for a in rec.actions if a.rank is not None and a.timing == "now"]


def test_judge_the_new_agent_is_said_only_where_one_is_started():
    used_up = active_dm(course("methotrexate", 16, "failed"), course("rituximab", 24, "failed"),
                        course("tnf_inhibitor", 4, "intolerant"), arthritis={"active": True, "disabling": True},
                        **SCREENED)
    partner = active_dm(course("methotrexate", 20, "responded", current=True),
                        course("azathioprine", 20, "responded", current=True), muscle=QUIET, mri={"oedema": False},
                        labs={**ACTIVE_DM["labs"], "egfr": 20}, **SCREENED)
    switch = active_dm(course("methotrexate", 6, "intolerant"), **SCREENED)
    assert "intolerance_reassess" not in _ids(decision.recommend(KB, used_up))
    assert "intolerance_reassess" not in _ids(decision.recommend(KB, partner))
    assert "intolerance_reassess" in _ids(decision.recommend(KB, switch))


def test_pregnancy_keeps_and_optimises_an_underdosed_azathioprine_labelled_failed():
    aza = {**course("azathioprine", 14, "failed", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(aza, pregnancy=PREGNANT, **SCREENED))
    assert rec.status.code == "pregnancy"
    assert {"pregnancy_aza_continue_azathioprine", "underdosed_optimise"} <= _ids(rec)
    assert _timing(rec, "tacrolimus") == "if_insufficient"


def test_pregnancy_after_an_adequate_azathioprine_failure_adds_agents_now():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 14, "failed", current=True), pregnancy=PREGNANT,
                                           **SCREENED))
    assert "underdosed_optimise" not in _ids(rec)
    assert _timing(rec, "tacrolimus") == "now"


def test_anti_mda5_continues_an_underdosed_calcineurin_inhibitor_labelled_failed():
    tac = {**course("tacrolimus", 14, "failed", current=True), "adequate_dose": False}
    patient = active_dm(tac, autoantibodies=[{"name": "mda5", "result": "positive"}],
                        ild={"present": True, "rapidly_progressive": True}, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "emergency"
    assert any(a.id.endswith("_continue_tacrolimus") for a in rec.actions)
    assert "urgent_regimen_incomplete" not in {w.id for w in rec.warnings}


def test_a_lung_not_progressing_with_its_presence_unrecorded_still_asks_the_anti_mda5_question():
    patient = _mda5_skin(progressing=False)
    patient["ild"] = {"progressing": False}
    assert decision.recommend(KB, patient).status.code == "urgent_question"
