"""Fixes from the round-15 audit of the round-14 rules.

- 'Muscle leads' is held on raised enzymes or a worsening hip-girdle or neck-flexor trend too, and the preview
  plans for the muscle ladder.
- The quiet-patient clue on 'responding' holds with an ILD of unknown activity too (round 16: standing it aside
  let such a patient escalate), and previews a response.
- An emergency's 'regimen incomplete' does not count a drug the node itself withholds (nintedanib in RP-ILD); a
  drug the history rules out is said with what to do (choose its replacement), not as a balance to strike today.
- A diagnosis dated more than 3 years before as_of places the onset outside the cancer-screening window.
- Advice to continue a drug taken now is withdrawn only by a gate that stops it: a hold on starting (an active
  cancer or infection) is a caution beside it.
- An active infection is named on every path; respiratory muscle weakness gets a ventilation plan; a positive
  screen is confirmed with oncology, not re-screened.
"""

from __future__ import annotations

import copy

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course
from tests.walk.test_round14 import _mda5_rpild, _rpild

KB = decision.load()


def _skin_active_muscle_unsettled(**muscle):
    patient = active_dm(course("methotrexate", 16, "failed", current=True), skin={"active": True},
                        muscle={"weakness": {"proximal": True, "trend": "stable", **muscle.pop("weakness", {})},
                                **muscle})
    patient["mri"] = {}
    return patient


@pytest.mark.parametrize(("weakness", "ck"), [
    ({}, 2400),                                       # raised enzymes with weakness: Lundberg's clue
    ({"hip_girdle_trend": "worsening"}, None),
    ({"neck_flexor_trend": "worsening"}, None),
])
def test_muscle_leads_holds_on_every_clue_of_activity(weakness, ck):
    patient = _skin_active_muscle_unsettled(weakness=weakness)
    patient["labs"] = {"thyroid_function": "normal", "egfr": 90,
                       **({"ck": {"value": ck, "uln": 200}} if ck else {})}
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "confirm_before_escalating"
    assert any(h.node == "check_domain" for h in rec.held)
    assert rec.next_if_confirmed is not None
    assert "'muscle leads'" in rec.next_if_confirmed.assumes[0] and "not" not in rec.next_if_confirmed.assumes[0]


@pytest.mark.parametrize("mri", [{}, {"oedema": True}])
def test_a_quiet_patient_with_an_ild_of_unknown_activity_is_still_asked_first(mri):
    """Round 16: standing the clue aside for an unjudged ILD let a quiet patient escalate (MRI oedema made the
    muscle active) past 'is the regimen working?' — an unknown lung may add questions, never remove one."""
    patient = active_dm(course("azathioprine", 20, None, current=True),
                        muscle={"active": False, "weakness": {"proximal": False}},
                        labs={**ACTIVE_DM["labs"], "ck": {"value": 120, "uln": 200}},
                        ild={"present": True}, mri=mri)
    rec = decision.recommend(KB, patient)
    assert any(h.node == "check_responded" for h in rec.held)
    assert not [a for a in rec.actions if a.kind == "therapy" and a.line and a.timing == "now"]


@pytest.mark.parametrize("history", [
    (course("mycophenolate_mofetil", 16, "failed"),),
])
def test_a_node_withheld_drug_does_not_make_the_emergency_regimen_incomplete(history):
    patient = _rpild(*history)
    patient["ild"] = {**patient["ild"], "pattern": "uip"}
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "emergency"
    assert not any(w.id == "urgent_regimen_incomplete" for w in rec.warnings)


def test_a_calcineurin_inhibitor_not_tolerated_gives_its_place_to_the_other():
    rec = decision.recommend(KB, _mda5_rpild(course("tacrolimus", 3, "intolerant")))
    assert {"cyclosporine", "cyclophosphamide"} <= {a.therapy for a in rec.actions if a.timing == "now"}
    assert not any(w.id == "urgent_regimen_incomplete" for w in rec.warnings)


@pytest.mark.parametrize("current", [False, True])  # taken now and failed: not continued, so still missing
def test_a_combination_missing_a_drug_the_history_rules_out_says_so_without_a_balance_today(current):
    rec = decision.recommend(KB, _mda5_rpild(course("tacrolimus", 6, "failed", current=current)))
    assert any(a.therapy == "cyclophosphamide" and a.timing == "now" for a in rec.actions)
    warning = next(w for w in rec.warnings if w.id == "urgent_regimen_incomplete")
    assert "tacrolimus" in warning.therapies
    assert "takes its place" in warning.action_first and "infectious diseases" not in warning.action_first


def test_a_gate_today_keeps_the_balance_wording():
    rec = decision.recommend(KB, _mda5_rpild(comorbidity={"active_infection": True}))
    warning = next(w for w in rec.warnings if w.id == "urgent_regimen_incomplete")
    assert "infectious diseases" in warning.action_first


def _screen_not_done(**diagnosis):
    patient = active_dm(course("methotrexate", 16, "failed", current=True), age=58, as_of="2026-11-01")
    patient["cancer"] = {"active": False, "screening": "not_done"}
    patient["diagnosis"] = {**ACTIVE_DM["diagnosis"], **diagnosis}
    return patient


@pytest.mark.parametrize(("date", "status"), [
    ("2012-05-01", "refractory_active"),              # diagnosed 14 years ago: the window has passed
    ("2025-06-01", "alternative_diagnosis"),          # diagnosed last year: screening is due whatever the onset
])
def test_a_dated_diagnosis_bounds_the_screening_window(date, status):
    rec = decision.recommend(KB, _screen_not_done(date=date))
    if status == "alternative_diagnosis":  # the onset is still unknown: held for it, or diverted to the screen
        assert rec.status.code in ("alternative_diagnosis", "confirm_before_escalating")
    else:
        assert rec.status.code == status


@pytest.mark.parametrize("hold", [{"cancer": {"active": True}}, {"comorbidity": {"active_infection": True}}])
def test_a_working_drug_is_continued_under_a_hold_on_starting(hold):
    patient = active_dm(course("azathioprine", 30, "responded", current=True), age=31,
                        pregnancy={"status": "pregnant", "gestation_weeks": 12, "breastfeeding": False}, **hold)
    rec = decision.recommend(KB, patient)
    kept = [a for a in rec.actions if a.id.endswith("_continue_azathioprine")]
    assert kept and "Caution" in kept[0].text


def test_a_gate_that_stops_the_drug_still_withdraws_the_advice_to_continue_it():
    patient = active_dm(course("methotrexate", 30, "responded", current=True), age=31,
                        pregnancy={"status": "pregnant", "gestation_weeks": 12, "breastfeeding": False})
    rec = decision.recommend(KB, patient)
    assert not any(a.id.endswith("_continue_methotrexate") for a in rec.actions)
    assert any(a.kind == "stop" and a.therapy == "methotrexate" for a in rec.actions)


PATHS = {
    "responding": active_dm(course("methotrexate", 16, "responded", current=True)),
    "not yet refractory": active_dm(course("methotrexate", 6, None, current=True)),
    "refractory": active_dm(course("methotrexate", 16, "failed", current=True)),
    "emergency": active_dm(muscle={**ACTIVE_DM["muscle"], "dysphagia": "severe"}),
    "pregnant": active_dm(course("methotrexate", 16, "failed"), age=30,
                          pregnancy={"status": "pregnant", "gestation_weeks": 10, "breastfeeding": False}),
    "new": {**ACTIVE_DM, "treatment_naive": True, "therapies": []},
}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_an_active_infection_is_named_on_every_path(path):
    patient = copy.deepcopy(PATHS[path])
    patient["comorbidity"] = {"active_infection": True}
    rec = decision.recommend(KB, patient)
    assert "infection_known_treat" in {a.id for a in rec.actions}, (path, rec.status.code)
    quiet = decision.recommend(KB, PATHS[path])
    assert "infection_known_treat" not in {a.id for a in quiet.actions}


@pytest.mark.parametrize(("dysphagia", "breathing", "swallow", "ventilation"), [
    ("none", True, False, True),
    ("severe", False, True, False),
    ("severe", True, True, True),
])
def test_the_emergency_plan_follows_what_the_emergency_is(dysphagia, breathing, swallow, ventilation):
    rec = decision.recommend(KB, active_dm(muscle={**ACTIVE_DM["muscle"], "dysphagia": dysphagia,
                                                   "respiratory_muscle_weakness": breathing}))
    assert rec.status.code == "emergency"
    ids = {a.id for a in rec.actions}
    assert ("bulbar_swallow" in ids) is swallow and ("bulbar_breathing" in ids) is ventilation


def test_a_positive_screen_is_confirmed_with_oncology_not_screened_again():
    patient = active_dm(course("methotrexate", 16, "failed", current=True),
                        cancer={"screening": "done", "screening_result": "positive"})
    rec = decision.recommend(KB, patient)
    ids = {a.id for a in rec.actions}
    assert "mimic_cancer_screen" not in ids
    assert any("oncology" in a.text for a in rec.actions)


def test_the_quiet_patient_hold_previews_a_response_not_an_escalation():
    patient = active_dm(course("azathioprine", 20, None, current=True),
                        muscle={"active": False, "weakness": {"proximal": False}},
                        labs={**ACTIVE_DM["labs"], "ck": {"value": 120, "uln": 200}}, mri={"oedema": False})
    rec = decision.recommend(KB, patient)
    assert any(h.node == "check_responded" for h in rec.held)
    assert rec.next_if_confirmed is not None and rec.next_if_confirmed.status == "responding"


def test_one_normal_ck_still_orders_the_rest_of_the_panel():
    patient = active_dm(course("methotrexate", 16, "failed", current=True),
                        muscle={"weakness": {"proximal": True, "trend": "stable"}}, mri={},
                        labs={"thyroid_function": "normal", "egfr": 90, "ck": {"value": 120, "uln": 200}})
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "second_examination_needed"
    assert "exam_enzymes" in {a.id for a in rec.actions}


@pytest.mark.parametrize(("skin", "offered"), [({"active": False}, False), ({"active": True}, True), ({}, True)])
def test_hydroxychloroquine_for_skin_disease_follows_the_recorded_skin(skin, offered):
    patient = active_dm(course("methotrexate", 16, "failed"), age=30, skin=skin,
                        pregnancy={"status": "pregnant", "gestation_weeks": 10, "breastfeeding": False})
    rec = decision.recommend(KB, patient)
    assert ("pregnancy_hcq" in {a.id for a in rec.actions}) is offered


@pytest.mark.parametrize("hold", [{"comorbidity": {"active_infection": True}}, {"cancer": {"active": True}}])
@pytest.mark.parametrize("make", [_rpild, _mda5_rpild])
def test_a_rapidly_progressive_ild_under_a_hold_on_every_immunosuppressant_gets_ivig(hold, make):
    rec = decision.recommend(KB, make(**hold))
    assert any(a.therapy == "ivig" and a.timing == "now" for a in rec.actions)
    assert not any(a.therapy == "nintedanib" for a in rec.actions)
