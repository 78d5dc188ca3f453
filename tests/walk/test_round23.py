"""Fixes from the round-23 audit (a regression review of round 22, with variations).

- The unrecorded-screening question holds a switch that climbs: a drug not tolerated on a line that had failed is
  replaced from the line above, as an escalation is.
- An emergency optimises the under-dosed agent that stays beside one a gate stops; a regimen not tolerated is
  replaced, not optimised.
- A rescue is promoted on an agent ruled out only once the regimen has failed an adequate trial.
- A drug taken now that a gate stops is listed with the gate's reason, not a hold's.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course
from tests.walk.test_round14 import _imnm

KB = decision.load()
SCREENED = {"hepatitis_b": {"hbsag": "negative", "anti_hbc": "negative"}, "tuberculosis": {"test": "negative"}}
SEVERE = {"active": True, "dysphagia": "severe", "weakness": {"proximal": True}}
KIDNEY = {**ACTIVE_DM["labs"], "egfr": 20}


def _ids(rec):
    return {a.id for a in rec.actions}


@pytest.mark.parametrize("intolerant, held", [("azathioprine", True), ("mycophenolate_mofetil", False)])
def test_the_screening_question_holds_a_switch_that_climbs(intolerant, held):
    patient = active_dm(course("methotrexate", 16, "failed"), course(intolerant, 6, "intolerant"), **SCREENED)
    patient["cancer"] = {}
    rec = decision.recommend(KB, patient)
    assert (rec.status.code == "confirm_before_escalating") is held


def test_an_emergency_optimises_the_underdosed_agent_beside_one_a_gate_stops():
    aza = {**course("azathioprine", 20, "ongoing", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 30, "ongoing", current=True), aza, labs=KIDNEY,
                                           muscle=SEVERE, **SCREENED))
    assert {"stop_methotrexate", "emergency_sparing_optimise"} <= _ids(rec)


def test_an_emergency_replaces_an_underdosed_drug_not_tolerated():
    mtx = {**course("methotrexate", 20, "intolerant", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(mtx, muscle=SEVERE, **SCREENED))
    assert "emergency_sparing_optimise" not in _ids(rec)
    assert "azathioprine" in {a.therapy for a in rec.actions if a.timing == "now"}


def test_anti_hmgcr_rituximab_waits_when_the_failed_course_was_underdosed():
    mtx = {**course("methotrexate", 20, "failed", current=True), "adequate_dose": False}
    patient = _imnm("hmgcr", mtx)
    patient.update(**SCREENED, labs={**ACTIVE_DM["labs"], "iga_deficiency": True, "anti_iga_antibodies": True})
    rec = decision.recommend(KB, patient)
    assert "rituximab" in {a.therapy for a in rec.actions if a.timing == "if_insufficient"}


def test_a_drug_a_gate_stops_is_listed_with_the_gates_reason_under_a_hold():
    patient = active_dm(course("methotrexate", 20, "failed", current=True), labs=KIDNEY, **SCREENED,
                        comorbidity={"recent_antibiotics": True})
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "confirm_before_escalating"
    [mtx] = [n for n in rec.not_suggested if n.therapy == "methotrexate"]
    assert mtx.by == "methotrexate_kidney_severe"


PREGNANT = {"status": "pregnant", "plans": "none", "breastfeeding": False}


def test_a_drug_not_tolerated_is_not_continued_and_its_place_is_taken():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 8, "intolerant", current=True), pregnancy=PREGNANT,
                                           **SCREENED))
    assert not any(a.id.endswith("keep_azathioprine") or "continue Azathioprine" in a.text for a in rec.actions)
    assert "tacrolimus" in {a.therapy for a in rec.actions if a.timing == "now"}


def test_anti_mda5_does_not_continue_a_calcineurin_inhibitor_not_tolerated():
    from tests.walk.test_round14 import _mda5_rpild
    rec = decision.recommend(KB, _mda5_rpild(course("tacrolimus", 4, "intolerant", current=True)))
    assert not any("continue Tacrolimus" in a.text for a in rec.actions)
    assert "cyclosporine" in {a.therapy for a in rec.actions if a.timing == "now"}


@pytest.mark.parametrize("weeks", [6, 11])
def test_anti_hmgcr_rituximab_waits_for_a_failure_after_an_adequate_trial(weeks):
    patient = _imnm("hmgcr", course("methotrexate", weeks, "failed", current=True), course("ivig", 4, "intolerant"))
    patient.update(**SCREENED)
    rec = decision.recommend(KB, patient)
    assert "rituximab" not in {a.therapy for a in rec.actions if a.timing == "now"}


def test_an_emergency_replaces_a_combination_not_tolerated():
    rec = decision.recommend(KB, active_dm(course("methotrexate_azathioprine", 8, "intolerant", current=True),
                                           muscle=SEVERE, **SCREENED))
    assert "emergency_sparing_judged" not in _ids(rec)
    assert {a.therapy for a in rec.actions if a.line is not None and a.timing == "now"}


def test_a_screening_result_unrecorded_does_not_hold_a_switch_within_the_line():
    patient = active_dm(course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 6, "intolerant"),
                        **SCREENED)
    patient["cancer"] = {"screening": "done"}
    assert decision.recommend(KB, patient).status.code == "intolerance"


# Round 24 (a regression review of round 23): the emergency reads each agent that stays; a combination not
# tolerated is not continued as a partner; the climbing switch is read on the ladders the switch may use.

def test_an_emergency_optimises_the_underdosed_agent_beside_one_not_tolerated():
    aza = {**course("azathioprine", 20, "ongoing", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "intolerant", current=True), aza, muscle=SEVERE,
                                           **SCREENED))
    assert "emergency_sparing_optimise" in _ids(rec)
    assert "emergency_sparing_judged" not in _ids(rec)


def test_a_combination_not_tolerated_is_not_continued_beside_the_switch():
    rec = decision.recommend(KB, active_dm(course("methotrexate_azathioprine", 10, "intolerant", current=True),
                                           **SCREENED))
    assert not any("continue" in a.text and "Azathioprine" in a.text for a in rec.actions)


@pytest.mark.parametrize("failed, intolerant, ild, held", [
    ("azathioprine", "mycophenolate_mofetil", True, True),  # the ILD ladder: both on its first line
    ("methotrexate", "mycophenolate_mofetil", False, False),  # muscle-led: line 2 replaced within line 2
])
def test_the_climbing_switch_is_read_on_the_ladder_the_switch_may_use(failed, intolerant, ild, held):
    patient = active_dm(course(failed, 16, "failed"), course(intolerant, 6, "intolerant"), **SCREENED,
                        ild=({"present": True, "progressing": True, "rapidly_progressive": False} if ild
                             else {"present": False}))
    patient["cancer"] = {}
    rec = decision.recommend(KB, patient)
    assert (rec.status.code == "confirm_before_escalating") is held


# Round 25 (a regression review of round 24).

def test_an_old_combination_not_tolerated_says_nothing_of_its_parts_taken_since():
    old = {"drug": "methotrexate_azathioprine", "weeks": 6, "current": False, "outcome": "intolerant"}
    rec = decision.recommend(KB, active_dm(old, course("methotrexate", 20, "responded", current=True),
                                           course("azathioprine", 20, "responded", current=True), labs=KIDNEY,
                                           muscle={"active": False, "weakness": {"proximal": False}}, **SCREENED))
    assert "stop_methotrexate" in _ids(rec)
    assert any("continue Azathioprine" in a.text for a in rec.actions)
    assert not {a.therapy for a in rec.actions if a.line is not None and a.timing == "now"}


def test_the_climbing_switch_reads_the_skin_ladder_when_the_skin_leads():
    patient = active_dm(course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 6, "intolerant"),
                        **SCREENED, skin={"active": True}, muscle={"active": False, "weakness": {"proximal": False}},
                        mri={"oedema": False}, labs={**ACTIVE_DM["labs"], "ck": {"value": 150, "uln": 200}})
    patient["cancer"] = {}
    assert decision.recommend(KB, patient).status.code == "confirm_before_escalating"


def test_a_stable_ild_does_not_make_a_muscle_led_switch_a_climb():
    patient = active_dm(course("azathioprine", 16, "failed"), course("mycophenolate_mofetil", 6, "intolerant"),
                        **SCREENED, ild={"present": True, "progressing": False, "symptomatic": False})
    patient["cancer"] = {}
    assert decision.recommend(KB, patient).status.code == "intolerance"


def test_an_underdosed_agent_labelled_failed_stays_beside_one_a_gate_stops():
    aza = {**course("azathioprine", 20, "failed", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "ongoing", current=True), aza, labs=KIDNEY,
                                           muscle=SEVERE, **SCREENED))
    ids = _ids(rec)
    assert "emergency_sparing_optimise" in ids
    assert "emergency_sparing_too" not in ids
    assert not {a.therapy for a in rec.actions if a.line is not None and a.timing == "now"}
