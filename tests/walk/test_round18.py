"""Fixes from the round-18 audit.

- An unknown treatment history holds every new therapy, whatever a serotype node offered earlier on the path.
- A drug a safety gate stops on a path that escalates nothing (second examination, damage, steroid myopathy) is
  replaced within its own line, never by the next line's agent, even when it had failed.
- IBM with an organ-threatening swallow or breathing still gets the airway and ventilation plans; IVIG taken now
  in IBM is reviewed like any immunosuppressant.
- An emergency regimen is "incomplete" only for what it would give now: not for a node's alternative, nor for a
  ladder option whose place another steroid-sparing option takes now.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course
from tests.walk.test_round14 import ACTIONS_LABS, _imnm, _mda5_rpild, _quiet_on_azathioprine, _rpild, _second_exam

KB = decision.load()


def _therapies_now(rec):
    return {a.therapy for a in rec.actions if a.kind == "therapy" and a.timing == "now"}


@pytest.mark.parametrize("antibody", ["srp", "hmgcr", None])
@pytest.mark.parametrize("sparse", [True, False])
def test_an_unknown_history_holds_every_new_therapy(antibody, sparse):
    patient = _imnm(antibody) if antibody else active_dm()
    patient = {"autoantibodies": patient.get("autoantibodies", [])} if sparse else patient
    patient = {k: v for k, v in patient.items() if k != "therapies"}
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "needs_information"
    assert not _therapies_now(rec) - {"exercise_rehabilitation"}
    held = {n.therapy for n in rec.not_suggested if "treatment history" in n.reason}
    assert {"ivig", "rituximab", "mycophenolate_mofetil"} <= held


def test_a_known_history_still_gets_the_serotype_regimen():
    rec = decision.recommend(KB, _imnm("srp", course("methotrexate", 16, "failed", current=True)))
    assert {"ivig", "rituximab"} <= _therapies_now(rec)


IBM_CLUE = {"age": 62, "diagnosis": {"subtype": "pm"},
            "muscle": {"weakness": {"proximal": True, "trend": "stable", "finger_flexors": True}}}
DAMAGE_CLUE = {"mri": {"fatty_replacement": "marked"},
               "muscle": {"weakness": {"proximal": True, "trend": "stable"}}}


@pytest.mark.parametrize("clue", [IBM_CLUE, DAMAGE_CLUE])
@pytest.mark.parametrize("outcome", ["failed", None])
def test_a_drug_stopped_on_a_hold_is_replaced_within_its_own_line(clue, outcome):
    labs = {**ACTIVE_DM["labs"], "egfr": 20}  # methotrexate must stop
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, outcome, current=True), **clue, labs=labs))
    assert rec.status.code in ("second_examination_needed", "confirm_before_escalating")  # a question is held
    assert any(a.kind == "stop" and a.therapy == "methotrexate" for a in rec.actions)
    offered = [a for a in rec.actions if a.kind == "therapy" and a.line]
    assert all(a.line == 1 for a in offered)  # azathioprine, never mycophenolate past the question
    assert offered or rec.status.code == "confirm_before_escalating"  # the second examination replaces it
    assert "mycophenolate_mofetil" not in _therapies_now(rec)


def test_nothing_higher_is_offered_when_the_stopped_drugs_line_is_used_up():
    labs = {**ACTIVE_DM["labs"], "egfr": 20}
    rec = decision.recommend(KB, active_dm(course("azathioprine", 16, "failed"),
                                           course("methotrexate", 20, "failed", current=True), **DAMAGE_CLUE,
                                           labs=labs))
    assert not [a for a in rec.actions if a.kind == "therapy" and a.line]
    assert not any(w.id == "regimen_incomplete" for w in rec.warnings)  # a failed drug stopped: nothing cut short


def _ibm(**changes):
    return active_dm(**{"age": 70, "diagnosis": {"subtype": "ibm"}, **changes})


@pytest.mark.parametrize("dysphagia, breathing, plans", [
    ("severe", True, {"bulbar_swallow", "bulbar_breathing"}),
    ("moderate", False, {"bulbar_swallow"}),
    ("mild", True, {"bulbar_breathing"}),
    ("none", False, set()),
])
def test_ibm_with_a_threatened_swallow_or_breathing_gets_the_supportive_plans(dysphagia, breathing, plans):
    rec = decision.recommend(KB, _ibm(muscle={"weakness": {"proximal": True}, "dysphagia": dysphagia,
                                              "respiratory_muscle_weakness": breathing}))
    assert rec.status.code == "ibm"
    assert {a.id for a in rec.actions} & {"bulbar_swallow", "bulbar_breathing"} == plans
    assert not _therapies_now(rec) - {"exercise_rehabilitation"}


def test_ivig_taken_now_in_ibm_is_reviewed_and_withdrawn():
    patient = _ibm()
    patient["therapies"] = [course("ivig", 30, None, current=True)]
    rec = decision.recommend(KB, patient)
    assert "ibm_withdraw" in {a.id for a in rec.actions}
    patient["therapies"] = []
    assert "ibm_withdraw" not in {a.id for a in decision.recommend(KB, patient).actions}


def _urgent_incomplete(rec):
    return next((w for w in rec.warnings if w.id == "urgent_regimen_incomplete"), None)


def test_an_emergency_line_mate_given_now_completes_the_regimen():
    labs = {**ACTIVE_DM["labs"], "egfr": 25}  # methotrexate ruled out: azathioprine takes its place
    rec = decision.recommend(KB, active_dm(labs=labs, muscle={**ACTIVE_DM["muscle"], "dysphagia": "severe"}))
    assert rec.status.code == "emergency" and "azathioprine" in _therapies_now(rec)
    assert _urgent_incomplete(rec) is None


def test_an_emergency_alternative_withheld_leaves_the_regimen_complete():
    latent_tb = {"tuberculosis": {"test": "positive", "treated": False}}
    rec = decision.recommend(KB, _mda5_rpild(**latent_tb))
    assert {"tacrolimus", "cyclophosphamide"} <= _therapies_now(rec)
    assert any(n.therapy == "tofacitinib" for n in rec.not_suggested)
    assert _urgent_incomplete(rec) is None


@pytest.mark.parametrize("patient", [
    _mda5_rpild(pregnancy={"status": "not_pregnant", "plans": "none", "breastfeeding": True}),  # CYC cut
    _rpild(course("methotrexate", 20, "failed", current=True), cancer={"active": True}),  # every agent cut
])
def test_an_emergency_agent_cut_with_nothing_in_its_place_is_still_incomplete(patient):
    assert _urgent_incomplete(decision.recommend(KB, patient)) is not None


POSITIVE_SCREEN = {"screening": "done", "screening_result": "positive"}  # cancer.active not recorded


@pytest.mark.parametrize("patient", [
    active_dm(course("methotrexate", 20, "failed", current=True), cancer=POSITIVE_SCREEN,
              muscle={**ACTIVE_DM["muscle"], "dysphagia": "severe"}),
    _rpild(course("methotrexate", 20, "failed", current=True), cancer=POSITIVE_SCREEN),
    _mda5_rpild(cancer=POSITIVE_SCREEN),
])
def test_a_positive_screen_not_yet_excluded_holds_new_immunosuppressants_in_an_emergency(patient):
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "emergency"
    new = _therapies_now(rec) - {"pulse_methylprednisolone", "ivig", "glucocorticoids"}
    assert not new & KB.lookups.sparing_immunosuppressants
    assert any(w.id == "active_cancer_hold_escalation" for w in rec.warnings)


def test_a_positive_screen_that_oncology_found_inactive_holds_nothing():
    rec = decision.recommend(KB, _rpild(course("methotrexate", 20, "failed", current=True),
                                        cancer={**POSITIVE_SCREEN, "active": False}))
    assert _therapies_now(rec) & KB.lookups.sparing_immunosuppressants
    assert not any(w.id == "active_cancer_hold_escalation" for w in rec.warnings)


def test_glucocorticoids_started_during_an_infection_carry_the_caution():
    untreated = {**active_dm(), "therapies": [], "treatment_naive": True, "comorbidity": {"active_infection": True}}
    rec = decision.recommend(KB, untreated)
    assert "glucocorticoids" in _therapies_now(rec)
    assert any(w.id == "active_infection_glucocorticoid_start" for w in rec.warnings)
    line = next(a for a in rec.actions if a.id == "infection_known_treat")
    assert "steroid-sparing immunosuppressant waits" in line.text
    treated = active_dm(course("methotrexate", 20, "failed", current=True), comorbidity={"active_infection": True})
    assert not any(w.id == "active_infection_glucocorticoid_start" for w in decision.recommend(KB, treated).warnings)


@pytest.mark.parametrize("symptom", [
    {"dysphagia": "moderate"}, {"dysphagia": "mild"},
    {"weakness": {"proximal": False, "neck_flexor_trend": "worsening"}},
    {"weakness": {"proximal": False, "trend": "worsening"}},
])
def test_a_symptom_of_activity_is_not_read_as_a_response(symptom):
    """The quiet-patient clue and the 'muscle leads' clue read the same record the same way."""
    muscle = {"active": False, "weakness": {"proximal": False}, **symptom}
    rec = decision.recommend(KB, _quiet_on_azathioprine(muscle=muscle))
    assert not any(h.node == "check_responded" for h in rec.held)
    assert not [a for a in rec.actions if a.kind == "therapy" and a.line and a.timing == "now"]


def test_oedema_against_a_quiet_judgement_still_asks_whether_the_regimen_works():
    rec = decision.recommend(KB, _quiet_on_azathioprine(mri={"oedema": True}))
    assert any(h.node == "check_responded" for h in rec.held)


@pytest.mark.parametrize("months, panel", [(0, True), (8, False), (None, True)])
def test_the_enzyme_panel_is_skipped_only_for_months_of_normal_enzymes(months, panel):
    labs = {**ACTIONS_LABS, "enzymes_normal_months": months}
    if months is None:
        del labs["enzymes_normal_months"]
    rec = decision.recommend(KB, _second_exam(labs=labs))
    assert rec.status.code == "second_examination_needed"
    assert ("exam_enzymes" in {a.id for a in rec.actions}) == panel


@pytest.mark.parametrize("history, rescue", [
    ((course("tacrolimus", 6, "failed", current=True),), "if_insufficient"),
    ((course("cyclophosphamide", 6, "failed", current=True),), "if_insufficient"),
    ((course("tacrolimus", 6, "failed", current=True), course("cyclophosphamide", 6, "failed", current=True)), "now"),
])
def test_the_anti_mda5_rescue_waits_for_the_combination_to_fail(history, rescue):
    rec = decision.recommend(KB, _mda5_rpild(*history))
    assert next(a.timing for a in rec.actions if a.therapy == "plasma_exchange") == rescue


def test_a_single_agent_node_is_insufficient_once_its_agent_failed():
    rec = decision.recommend(KB, _imnm("hmgcr", course("ivig", 20, "failed", current=True),
                                       course("methotrexate", 20, "failed", current=True)))
    assert next(a.timing for a in rec.actions if a.therapy == "rituximab") == "now"


@pytest.mark.parametrize("hold", [{"comorbidity": {"active_infection": True}}, {"cancer": {"active": True}}])
def test_a_drug_continued_under_a_hold_is_not_also_listed_as_not_suggested(hold):
    rec = decision.recommend(KB, _mda5_rpild(course("tacrolimus", 4, "ongoing", current=True), **hold))
    continued = [a for a in rec.actions if a.kind == "plan" and "continue Tacrolimus" in a.text]
    assert continued and "Caution" in continued[0].text
    assert not any(n.therapy == "tacrolimus" for n in rec.not_suggested)
    assert any(n.therapy == "cyclophosphamide" for n in rec.not_suggested)  # what is not started is still said


def test_a_regimen_cut_by_a_stop_quotes_the_gate_that_stops_it():
    trying = {"status": "not_pregnant", "plans": "trying", "breastfeeding": False}
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 20, "responded", current=True),
                                           pregnancy=trying, comorbidity={"active_infection": True}))
    assert any(a.kind == "stop" and a.therapy == "mycophenolate_mofetil" for a in rec.actions)
    warning = next(w for w in rec.warnings if w.id == "regimen_incomplete")
    assert "pregnancy" in warning.message and "another diagnosis" not in warning.message


@pytest.mark.parametrize("antibody", ["srp", "hmgcr"])
def test_a_quiet_serotype_patient_is_not_escalated_early(antibody):
    quiet = {"active": False, "weakness": {"proximal": False}}  # and nothing recorded against it (round 19)
    rec = decision.recommend(KB, {**_imnm(antibody, course("rituximab", 60, "responded")), "muscle": quiet,
                                  "mri": {"oedema": False}, "labs": {**ACTIONS_LABS}})
    assert "ivig" not in _therapies_now(rec)
    active = decision.recommend(KB, _imnm(antibody, course("methotrexate", 16, "failed", current=True)))
    assert "ivig" in _therapies_now(active)  # active disease keeps the serotype's early IVIG


@pytest.mark.parametrize("age, years, screening, said", [
    (70, 5, "not_done", True), (70, 5, "incomplete", True), (70, 5, "done", False),
    (16, 5, "not_done", False),  # a child: no population screening programme
])
def test_outside_the_imacs_window_an_unscreened_adult_is_offered_population_screening(age, years, screening, said):
    patient = active_dm(course("methotrexate", 16, "failed", current=True), age=age, as_of="2026-11-01",
                        diagnosis={"subtype": "dm", "ibm_features_excluded": True,
                                   "date": f"{2026 - years}-01-01", "onset_age": age - years},
                        cancer={"active": False, "screening": screening, "screening_result": "negative"})
    plan = decision.recommend(KB, patient).cancer_screening
    assert plan is not None
    assert any(p["id"] == "outside_window_not_screened" for p in plan["panels"]) == said


@pytest.mark.parametrize("investigated, held", [(None, True), (False, True), (True, False)])
def test_a_red_flag_after_an_old_negative_screen_is_asked_about(investigated, held):
    cancer = {"active": False, "screening": "done", "screening_result": "negative", "unexplained_weight_loss": True,
              **({"red_flag_investigated": investigated} if investigated is not None else {})}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", current=True), cancer=cancer))
    assert (rec.status.code in ("confirm_before_escalating", "alternative_diagnosis")) == held
    assert not (_therapies_now(rec) & KB.lookups.sparing_immunosuppressants) or not held


def _asys_arthritis(*history, muscle_active=True):
    return active_dm(*history, diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                     autoantibodies=[{"name": "jo1", "result": "positive"}],
                     arthritis={"active": True, "disabling": True},
                     muscle={"active": muscle_active, "weakness": {"proximal": muscle_active}},
                     mri={"oedema": muscle_active})


@pytest.mark.parametrize("muscle_active", [True, False])
def test_arthritis_leading_still_names_an_active_muscle(muscle_active):
    rec = decision.recommend(KB, _asys_arthritis(course("methotrexate", 16, "failed"),
                                                 course("rituximab", 26, "failed", current=True),
                                                 muscle_active=muscle_active))
    assert "act_ladder_arthritis" in rec.path
    assert ("arthritis_muscle_too" in {a.id for a in rec.actions}) == muscle_active


@pytest.mark.parametrize("antibody, now", [("hmgcr", True), ("srp", True), ("mi2", False)])
def test_pregnancy_keeps_the_serotypes_early_ivig(antibody, now):
    pregnant = {"status": "pregnant", "gestation_weeks": 20, "breastfeeding": False}
    patient = {**_imnm(antibody, course("azathioprine", 8, "ongoing", current=True)), "pregnancy": pregnant}
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "pregnancy"
    assert ("ivig" in _therapies_now(rec)) == now


@pytest.mark.parametrize("myocarditis, asked", [(True, False), (False, True), (None, True)])
def test_the_heart_check_is_not_asked_of_a_heart_known_involved(myocarditis, asked):
    patient = _imnm("srp", course("methotrexate", 16, "failed", current=True))
    if myocarditis is not None:
        patient["cardiac"] = {"myocarditis": myocarditis}
    ids = {a.id for a in decision.recommend(KB, patient).actions}
    assert bool(ids & {"srp_cardiac", "srp_emergency_cardiac"}) == asked


def _on_mtx_since(start: str, mri: dict):
    return active_dm(course("methotrexate", 20, "failed", current=True, start=start), as_of="2026-11-20",
                     mri=mri, muscle={"weakness": {"proximal": True, "trend": "stable"}},
                     labs={**ACTIVE_DM["labs"], "ck": {"value": 150, "uln": 200}, "enzymes_normal_months": 6})


@pytest.mark.parametrize("oedema", [True, False])
def test_an_mri_from_before_the_regimen_does_not_judge_it(oedema):
    rec = decision.recommend(KB, _on_mtx_since("2026-07-01", {"oedema": oedema, "date": "2021-03-01"}))
    assert rec.status.code == "second_examination_needed"
    assert "exam_mri" in {a.id for a in rec.actions}
    assert any(w.id == "mri_before_regimen" for w in rec.warnings)
    assert not [a for a in rec.actions if a.kind == "therapy" and a.line and a.timing == "now"]


@pytest.mark.parametrize("mri", [{"oedema": True, "date": "2026-10-01"}, {"oedema": True}])
def test_an_mri_on_the_regimen_or_undated_is_read(mri):
    rec = decision.recommend(KB, _on_mtx_since("2026-07-01", mri))
    assert not any(w.id == "mri_before_regimen" for w in rec.warnings)
    assert "exam_mri" not in {a.id for a in rec.actions}


def test_the_regimen_start_is_counted_back_from_its_weeks_when_undated():
    patient = active_dm(course("methotrexate", 20, "failed", current=True), as_of="2026-11-20",
                        mri={"oedema": True, "date": "2026-05-01"})  # 20 weeks: begun early July
    assert any(w.id == "mri_before_regimen" for w in decision.recommend(KB, patient).warnings)


@pytest.mark.parametrize("history, mate_named", [
    ((course("tacrolimus", 8, "failed"),), False),  # ciclosporin is closed with it: one of its class
    ((course("tacrolimus", 8, "intolerant"), course("cyclosporine", 4, "intolerant")), False),
])
def test_regimen_incomplete_offers_no_class_mate_the_history_closes(history, mate_named):
    rec = decision.recommend(KB, _mda5_rpild(*history))
    warning = _urgent_incomplete(rec)
    assert warning is not None and warning.action_first is not None
    assert ("another agent of its class" in warning.action_first) == mate_named


@pytest.mark.parametrize("antibody", ["srp", "hmgcr"])
def test_pregnancy_gives_no_early_ivig_to_a_quiet_serotype_disease(antibody):
    pregnant = {"status": "pregnant", "gestation_weeks": 20, "breastfeeding": False}
    quiet = {"active": False, "weakness": {"proximal": False}}
    patient = {**_imnm(antibody, course("azathioprine", 8, "ongoing", current=True)), "pregnancy": pregnant,
               "muscle": quiet, "mri": {"oedema": False}, "labs": {**ACTIONS_LABS}}
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "pregnancy" and "ivig" not in _therapies_now(rec)


@pytest.mark.parametrize("patient", [
    active_dm(course("methotrexate", 16, "failed", current=True)),  # refractory
    {**active_dm(), "therapies": [], "treatment_naive": True},  # a first regimen
    active_dm(course("azathioprine", 8, "ongoing", current=True),
              pregnancy={"status": "pregnant", "gestation_weeks": 20, "breastfeeding": False}),
    active_dm(course("methotrexate", 6, "ongoing", current=True)),  # not yet refractory
    _mda5_rpild(),  # an emergency of the lung
])
@pytest.mark.parametrize("dysphagia, plan", [("moderate", True), ("mild", False), ("none", False)])
def test_the_swallow_plan_follows_the_dysphagia_on_every_path(patient, dysphagia, plan):
    patient = {**patient, "muscle": {**patient.get("muscle", ACTIVE_DM["muscle"]), "dysphagia": dysphagia}}
    rec = decision.recommend(KB, patient)
    assert ("bulbar_swallow" in {a.id for a in rec.actions}) == plan, rec.status.code


def _bulbar(*history):
    return active_dm(*history, muscle={**ACTIVE_DM["muscle"], "dysphagia": "severe"})


@pytest.mark.parametrize("history, kept", [
    ((course("methotrexate", 6, "ongoing", current=True),), True),
    ((course("methotrexate", 20, None, current=True),), True),
    ((course("methotrexate", 20, "failed", current=True),), False),
    ((course("methotrexate", 16, "failed"), course("tacrolimus", 16, "partial", current=True)), False),
    ((course("methotrexate", 20, "ongoing", current=True), course("ivig", 12, "failed")), False),
    ((), False),
])
def test_an_emergency_says_what_happens_to_the_steroid_sparing_agent_taken_now(history, kept):
    rec = decision.recommend(KB, _bulbar(*history))
    assert rec.status.code == "emergency"  # kept while too early; past 12 weeks the team decides (round 20)
    assert bool({"emergency_sparing_kept", "emergency_sparing_judged"} & {a.id for a in rec.actions}) == kept


def test_an_insufficient_response_in_an_emergency_draws_the_next_agent():
    rec = decision.recommend(KB, _bulbar(course("methotrexate", 16, "failed"),
                                         course("tacrolimus", 16, "partial", current=True)))
    assert [a for a in rec.actions if a.kind == "therapy" and a.line == 3 and a.timing == "now"]
