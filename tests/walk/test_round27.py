"""Fixes from the round-27 audit (a regression review of round 26, and sixty harder clinic-letter patients).

- A "no" to one question about the lung settles its pace only when nothing recorded says it is worsening.
- A cap on the dose leaves the adherence to improve; an agent held at its dose does not block judging its partner.
- A partial response after an adequate trial is insufficient; a failure without one releases no rescue outside an
  emergency; each agent that stays is read on its own beside one too early.
- A switch that climbs past a line its intolerance used up holds on the unrecorded cancer screening.
- A pregnant responder continues her glucocorticoid dose: no starting plan.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course
from tests.walk.test_round14 import _imnm

KB = decision.load()
SCREENED = {"hepatitis_b": {"hbsag": "negative", "anti_hbc": "negative"}, "tuberculosis": {"test": "negative"}}
SEVERE = {"active": True, "dysphagia": "severe", "weakness": {"proximal": True}}
QUIET = {"active": False, "weakness": {"proximal": False, "trend": "stable"}}
KIDNEY_45 = {**ACTIVE_DM["labs"], "egfr": 45}


def _ids(rec):
    return {a.id for a in rec.actions}


def _mda5(**ild):
    return active_dm(course("mycophenolate_mofetil", 20, "failed", current=True), **SCREENED,
                     autoantibodies=[{"name": "mda5", "result": "positive"}], muscle=QUIET, mri={"oedema": False},
                     skin={"active": True, "cdasi_activity": 22}, ild={"present": True, **ild})


@pytest.mark.parametrize("worse", [{"progressing": True}, {"hrct_progression": True},
                                   {"ground_glass_all_zones": True},
                                   {"fvc_percent": 60, "fvc_previous_percent": 80}])
def test_a_no_beside_a_sign_of_worsening_leaves_the_pace_open(worse):
    rec = decision.recommend(KB, _mda5(symptoms_worse=False, **worse))
    assert rec.status.code == "urgent_question"


def test_a_high_ferritin_leaves_the_pace_open_beside_a_lung_not_progressing():
    patient = _mda5(progressing=False)
    patient["labs"] = {**ACTIVE_DM["labs"], "ferritin": 2500}
    assert decision.recommend(KB, patient).status.code == "urgent_question"


@pytest.mark.parametrize("drug", ["methotrexate", "tacrolimus"])
def test_a_dose_cap_leaves_the_adherence_to_improve(drug):
    irregular = {**course(drug, 20, "ongoing", current=True), "adherent": False}
    rec = decision.recommend(KB, active_dm(irregular, labs=KIDNEY_45, muscle=SEVERE, **SCREENED))
    assert "emergency_sparing_optimise" in _ids(rec)


@pytest.mark.parametrize("egfr", [20, 45])  # a gate stops it (round 23), or holds it at its dose (round 27)
def test_an_underdosed_agent_a_gate_stops_or_holds_does_not_keep_its_partner_from_being_judged(egfr):
    mtx = {**course("methotrexate", 20, "ongoing", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(mtx, course("azathioprine", 20, "ongoing", current=True),
                                           labs={**ACTIVE_DM["labs"], "egfr": egfr}, muscle=SEVERE, **SCREENED))
    assert "emergency_sparing_judged" in _ids(rec)
    assert "emergency_sparing_optimise" not in _ids(rec)


def test_a_combination_underdosed_keeps_the_part_a_gate_leaves_to_optimise():
    combo = {**course("methotrexate_azathioprine", 20, "ongoing", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(combo, labs={**ACTIVE_DM["labs"], "egfr": 20}, muscle=SEVERE,
                                           **SCREENED))
    assert "emergency_sparing_optimise" in _ids(rec)


def test_a_partial_response_after_an_adequate_trial_is_no_agent_that_stays_unfailed():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 6, "failed", current=True),
                                           course("azathioprine", 20, "partial", current=True), muscle=SEVERE,
                                           **SCREENED))
    assert "emergency_sparing_judged" not in _ids(rec)
    assert [a for a in rec.actions if a.rank is not None and a.timing == "now"]


@pytest.mark.parametrize("ivig, rituximab", [(course("ivig", 24, "partial", current=True), "now"),
                                             (course("ivig", 6, "failed", current=True), "if_insufficient")])
def test_anti_hmgcr_rituximab_follows_an_insufficient_ivig_after_a_fair_trial(ivig, rituximab):
    patient = _imnm("hmgcr", course("methotrexate", 20, "failed"), ivig)
    patient.update(SCREENED)
    rec = decision.recommend(KB, patient)
    assert next(a.timing for a in rec.actions if a.therapy == "rituximab") == rituximab


def test_each_agent_that_stays_is_read_on_its_own_beside_one_too_early():
    mtx = {**course("methotrexate", 20, "failed", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(mtx, course("azathioprine", 8, "ongoing", current=True), muscle=SEVERE,
                                           **SCREENED))
    assert {"emergency_sparing_kept", "emergency_sparing_optimise"} <= _ids(rec)


@pytest.mark.parametrize("courses, changes", [
    ((course("methotrexate", 6, "intolerant"),), {"arthritis": {"active": True, "disabling": True}, "muscle": QUIET,
                                                   "mri": {"oedema": False}}),
    ((course("methotrexate", 6, "intolerant"), course("azathioprine", 6, "intolerant")), {}),
])
def test_a_switch_past_a_line_its_intolerance_used_up_holds_on_unrecorded_screening(courses, changes):
    patient = active_dm(*courses, **SCREENED, **changes)
    patient["cancer"] = {}
    assert decision.recommend(KB, patient).status.code == "confirm_before_escalating"


def test_a_switch_within_the_line_is_still_not_held():
    patient = active_dm(course("methotrexate", 6, "intolerant"), **SCREENED)
    patient["cancer"] = {}
    assert decision.recommend(KB, patient).status.code == "intolerance"


def test_a_pregnant_responder_continues_her_glucocorticoid_dose():
    patient = active_dm(course("azathioprine", 30, "responded", current=True), muscle=QUIET, mri={"oedema": False},
                        pregnancy={"status": "pregnant", "plans": "none", "breastfeeding": False},
                        glucocorticoid={"prednisone_mg_day": 7.5}, weight_kg=65, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert "pregnancy_gc_continue" in _ids(rec)
    assert "pregnancy_gc" not in _ids(rec)
    assert rec.glucocorticoid_plan is None


def test_a_pregnant_woman_with_active_disease_still_gets_the_starting_plan():
    patient = active_dm(course("azathioprine", 30, "failed", current=True),
                        pregnancy={"status": "pregnant", "plans": "none", "breastfeeding": False}, weight_kg=65,
                        **SCREENED)
    rec = decision.recommend(KB, patient)
    assert "pregnancy_gc" in _ids(rec)
    assert rec.glucocorticoid_plan is not None


@pytest.mark.parametrize("drug, line", [("methotrexate", 2), ("tacrolimus", 3)])
def test_a_course_a_gate_holds_below_the_usual_dose_is_judged_at_that_dose(drug, line):
    capped = {**course(drug, 16, "failed", current=True), "adequate_dose": False}
    history = () if drug == "methotrexate" else (course("methotrexate", 16, "failed"),)
    rec = decision.recommend(KB, active_dm(*history, capped, labs=KIDNEY_45, **SCREENED))
    assert rec.status.code == "refractory_active"
    assert "dose_capped_adequate" in {w.id for w in rec.warnings}
    assert {a.line for a in rec.actions if a.rank is not None} == {line}


@pytest.mark.parametrize("capped, labs", [
    ({**course("methotrexate", 16, "failed", current=True), "adequate_dose": False}, {"egfr": 75}),  # no cap
    ({**course("methotrexate_azathioprine", 16, "failed", current=True), "adequate_dose": False}, {"egfr": 45}),
    ({**course("methotrexate", 16, "failed", current=True), "adequate_dose": False}, {"egfr": 20}),  # stopped
])
def test_no_cap_a_part_no_cap_holds_or_a_drug_a_gate_stops_is_not_read_as_adequate(capped, labs):
    rec = decision.recommend(KB, active_dm(capped, labs={**ACTIVE_DM["labs"], **labs}, **SCREENED))
    assert "dose_capped_adequate" not in {w.id for w in rec.warnings}
    assert rec.status.code != "refractory_active"


@pytest.mark.parametrize("agent", ["tacrolimus", "cyclosporine"])
def test_a_pregnant_responder_on_a_compatible_agent_gets_no_azathioprine_beside_it(agent):
    patient = active_dm(course(agent, 36, "responded", current=True), muscle=QUIET, mri={"oedema": False},
                        pregnancy={"status": "pregnant", "plans": "none", "breastfeeding": False}, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert "azathioprine" not in {a.therapy for a in rec.actions if a.kind == "therapy"}
    assert f"pregnancy_aza_continue_{agent}" in _ids(rec)


# Round 28 (a regression review of round 27, and sixty registry-like patients)

PREGNANT = {"status": "pregnant", "plans": "none", "breastfeeding": False}


@pytest.mark.parametrize("active", [{"muscle": {**ACTIVE_DM["muscle"], "active": True}},
                                    {"muscle": {"active": False,
                                                "weakness": {"proximal": True, "trend": "worsening"}}}])
def test_a_pregnant_responder_with_activity_recorded_is_checked_not_tapered(active):
    patient = active_dm(course("azathioprine", 30, "responded", current=True), pregnancy=PREGNANT,
                        glucocorticoid={"prednisone_mg_day": 10}, **SCREENED, **active)
    rec = decision.recommend(KB, patient)
    assert {"pregnancy_gc", "pregnancy_response_check"} <= _ids(rec)
    assert "pregnancy_gc_continue" not in _ids(rec)


def test_a_pregnant_responder_taking_no_glucocorticoid_is_not_told_to_continue_one():
    patient = active_dm(course("azathioprine", 30, "responded", current=True), muscle=QUIET, mri={"oedema": False},
                        pregnancy=PREGNANT, glucocorticoid={"prednisone_mg_day": 0}, **SCREENED)
    patient["therapies"] = patient["therapies"][1:]  # no glucocorticoid course
    rec = decision.recommend(KB, patient)
    assert not {"pregnancy_gc", "pregnancy_gc_continue"} & _ids(rec)


def test_an_emergency_after_a_week_6_failure_beside_an_intolerance_draws_an_agent():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 6, "failed", current=True),
                                           course("azathioprine", 4, "intolerant", current=True), muscle=SEVERE,
                                           **SCREENED))
    assert [a for a in rec.actions if a.rank is not None and a.timing == "now"]


def test_an_emergency_reads_ivig_partial_after_a_fair_trial_as_insufficient():
    rec = decision.recommend(KB, active_dm(course("ivig", 12, "partial", current=True),
                                           course("methotrexate", 20, "ongoing", current=True), muscle=SEVERE,
                                           **SCREENED))
    assert "emergency_sparing_replaced" in _ids(rec)
    assert "emergency_sparing_judged" not in _ids(rec)


def test_an_underdosed_course_taken_now_is_not_listed_as_failed_without_a_trial():
    mtx = {**course("methotrexate", 20, "failed", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, active_dm(mtx, muscle=SEVERE, **SCREENED, comorbidity={"active_infection": True}))
    reasons = {n.therapy: n.reason for n in rec.not_suggested}
    assert "without an adequate trial" not in reasons.get("methotrexate", "")


@pytest.mark.parametrize("muscle, flagged", [
    ({"weakness": {"proximal": True, "trend": "stable"}}, True),  # unjudged: raised enzymes with weakness
    ({"active": False, "weakness": {"proximal": True, "trend": "stable"}}, False),  # judged quiet by the clinician
])
def test_responded_beside_raised_enzymes_and_weakness_is_checked_before_tapering(muscle, flagged):
    patient = active_dm(course("methotrexate", 24, "responded", current=True), muscle=muscle, mri={}, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "responding"
    assert ("responding_but_muscle_active" in _ids(rec)) is flagged


@pytest.mark.parametrize("agent", ["tacrolimus", "cyclosporine"])
def test_a_compatible_agent_in_the_azathioprine_place_is_judged_for_what_follows(agent):
    patient = active_dm(course(agent, 20, "partial", current=True), pregnancy=PREGNANT, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert next(a.timing for a in rec.actions if a.therapy == "ivig") == "now"


# Round 29

@pytest.mark.parametrize("hepatitis, warning", [
    ({"hepatitis_b": {"hbsag": "positive", "anti_hbc": "positive", "dna": "detectable"}}, "hepatitis_b_known_positive"),
    ({"hepatitis_c": {"antibody": "positive"}}, "hepatitis_c_positive"),
])
def test_a_known_viral_hepatitis_is_flagged_beside_conventional_agents(hepatitis, warning):
    patient = active_dm(course("methotrexate", 16, "failed"), **{**SCREENED, **hepatitis})
    rec = decision.recommend(KB, patient)
    assert {a.therapy for a in rec.actions if a.rank is not None} <= {"mycophenolate_mofetil", "tacrolimus",
                                                                       "cyclosporine", "methotrexate_azathioprine",
                                                                       "ivig"}
    assert warning in {w.id for w in rec.warnings}


def test_anti_hbc_alone_is_not_flagged_beside_conventional_agents():
    patient = active_dm(course("methotrexate", 16, "failed"),
                        **{**SCREENED, "hepatitis_b": {"hbsag": "negative", "anti_hbc": "positive"}})
    assert "hepatitis_b_known_positive" not in {w.id for w in decision.recommend(KB, patient).warnings}


def test_not_progressing_beside_a_measured_fall_holds_which_domain_leads():
    ild = {"present": True, "progressing": False, "fvc_percent": 70, "fvc_previous_percent": 80}
    patient = active_dm(course("methotrexate", 16, "failed"), ild=ild, **SCREENED)
    assert decision.recommend(KB, patient).status.code == "confirm_before_escalating"
    steady = {**ild, "fvc_percent": 79}
    patient = active_dm(course("methotrexate", 16, "failed"), ild=steady, **SCREENED)
    assert decision.recommend(KB, patient).status.code == "refractory_active"


# Round 30

def test_the_nodes_own_drug_taken_now_is_judged_not_a_second_one_beside_it():
    patient = active_dm(course("azathioprine", 20, "partial", current=True),
                        course("tacrolimus", 8, "ongoing", current=True), pregnancy=PREGNANT, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert next(a.timing for a in rec.actions if a.therapy == "ivig") == "now"


def test_a_failed_calcineurin_inhibitor_is_not_followed_by_its_class_mate_on_a_node():
    patient = active_dm(course("cyclosporine", 20, "failed", current=True), pregnancy=PREGNANT, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert "tacrolimus" not in {a.therapy for a in rec.actions if a.kind == "therapy"}
    assert "same class" in {n.therapy: n.reason for n in rec.not_suggested}["tacrolimus"]


def test_a_pregnant_responder_with_raised_enzymes_and_weakness_is_checked():
    patient = active_dm(course("azathioprine", 20, "responded", current=True), pregnancy=PREGNANT,
                        muscle={"weakness": {"proximal": True, "trend": "stable"}}, mri={},
                        glucocorticoid={"prednisone_mg_day": 10}, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert "pregnancy_response_check" in _ids(rec)
    assert "pregnancy_gc_continue" not in _ids(rec)


# Round 31

@pytest.mark.parametrize("pregnancy", [ACTIVE_DM["pregnancy"], PREGNANT])
def test_anti_mda5_rescue_follows_a_calcineurin_place_its_class_mate_ended(pregnancy):
    patient = active_dm(course("cyclosporine", 8, "failed"), course("cyclophosphamide", 8, "failed"),
                        autoantibodies=[{"name": "mda5", "result": "positive"}], pregnancy=pregnancy,
                        ild={"present": True, "rapidly_progressive": True}, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert next(a.timing for a in rec.actions if a.therapy == "plasma_exchange") == "now"
    assert "tacrolimus" not in {a.therapy for a in rec.actions if a.kind == "therapy"}


def test_the_ild_ladder_does_not_offer_a_calcineurin_inhibitor_after_its_class_mate_failed():
    patient = active_dm(course("mycophenolate_mofetil", 20, "failed", current=True),
                        course("cyclosporine", 16, "failed"), autoantibodies=[{"name": "jo1", "result": "positive"}],
                        muscle=QUIET, mri={"oedema": False}, ild={"present": True, "progressing": True}, **SCREENED)
    rec = decision.recommend(KB, patient)
    assert "tacrolimus" not in {a.therapy for a in rec.actions if a.kind == "therapy"}
    assert "same class" in {n.therapy: n.reason for n in rec.not_suggested}.get("tacrolimus", "")
