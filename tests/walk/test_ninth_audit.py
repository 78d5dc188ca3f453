"""Round-9 audit (ages and overlap): each test states the principle a finding broke, on patients varied here.

- A child's glucocorticoid plan names no drug the gates may forbid (a pregnant adolescent, a child with ILD).
- An adult in the IMACS screening scope whose screening is not recorded at all is not escalated past it.
- A cancer known at presentation is treated with oncology, not searched for.
- A dermatomyositis rash in overlap or antisynthetase myositis makes the skin a domain of its own.
- No adult dose appears in a child's ranking reason.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()


@pytest.mark.parametrize("child", [
    {"age": 15, "sex": "female", "diagnosis": {"subtype": "jdm"}, "treatment_naive": True, "weight_kg": 50,
     "pregnancy": {"status": "pregnant", "gestation_weeks": 10}},
    {"age": 9, "diagnosis": {"subtype": "jdm"}, "treatment_naive": True, "weight_kg": 30,
     "ild": {"present": True, "rapidly_progressive": False}},
])
def test_a_childs_steroid_plan_names_no_drug_the_gates_may_forbid(child):
    rec = decision.recommend(KB, {**child, "muscle": {"active": True}, "skin": {"active": True}})
    plan = rec.glucocorticoid_plan or {}
    assert "methotrexate" not in str(plan).lower()


@pytest.mark.parametrize("age", [45, 78])
def test_an_unrecorded_screening_in_the_imacs_scope_holds_escalation(age):
    cancer = {"active": False}
    p = active_dm(course("methotrexate", 20, "failed", current=True), age=age, cancer=cancer,
                  diagnosis={"subtype": "dm", "ibm_features_excluded": True, "disease_duration_months": 14})
    rec = decision.recommend(KB, p)
    assert rec.status.code == "confirm_before_escalating"
    assert "cancer.screening" in rec.held[0].ask
    done = {**p, "cancer": {"active": False, "screening": "done", "screening_result": "negative"}}
    assert decision.recommend(KB, done).status.code == "refractory_active"


@pytest.mark.parametrize("cancer", [{"active": True}, {"screening": "done", "screening_result": "positive"}])
def test_a_cancer_known_at_presentation_goes_to_oncology_not_to_screening(cancer):
    new = {**ACTIVE_DM, "treatment_naive": True, "cancer": cancer}
    ids = {a.id for a in decision.recommend(KB, new).actions}
    assert "cancer_known_oncology" in ids and "initial_cancer" not in ids


def test_an_unknown_cancer_status_at_presentation_still_screens():
    new = {**ACTIVE_DM, "treatment_naive": True, "cancer": {}}
    assert "initial_cancer" in {a.id for a in decision.recommend(KB, new).actions}


@pytest.mark.parametrize("subtype", ["overlap", "asys", "cam"])
def test_a_dm_rash_in_another_subtype_makes_the_skin_a_domain(subtype):
    p = active_dm(course("methotrexate", 20, "failed", current=True),
                  diagnosis={"subtype": subtype, "ibm_features_excluded": True},
                  skin={"gottron_papules": True, "cdasi_activity": 18},
                  muscle={"active": False, "weakness": {"proximal": False, "trend": "stable"}},
                  mri={"oedema": False}, labs={"ck": {"value": 100, "uln": 200}, "egfr": 90,
                                               "thyroid_function": "normal"})
    rec = decision.recommend(KB, p)
    assert "skin" in rec.status.domains


def test_pm_is_not_asked_about_a_dm_rash():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", current=True),
                                           diagnosis={"subtype": "pm", "ibm_features_excluded": True}, skin={}))
    assert not {"skin.gottron_papules", "skin.heliotrope"} & {m.field for m in rec.missing}


def test_no_adult_dose_in_the_ranking_reasons():
    assert not [r.id for r in KB.rules if r.effect in ("prefer", "promote") and " mg" in r.message]


def test_arthritis_recorded_as_the_most_prominent_disabling_problem_leads_over_active_muscle():
    """Round-8 audit: 'the most prominent, disabling problem' was ignored while the muscle was even mildly active."""
    p = active_dm(course("methotrexate", 20, "failed", current=True), arthritis={"active": True, "disabling": True})
    rec = decision.recommend(KB, p)
    assert "act_ladder_arthritis" in rec.path and "act_ladder_muscle" not in rec.path
    active_only = active_dm(course("methotrexate", 20, "failed", current=True), arthritis={"active": True,
                                                                                         "disabling": False})
    assert "act_ladder_muscle" in decision.recommend(KB, active_only).path


def test_steroid_myopathy_is_said_when_another_domain_leads():
    """Round-9 audit: with the skin active, the route read 'steroid myopathy: true' and the answer never said
    to reduce glucocorticoids."""
    muscle = {"active": False, "weakness": {"proximal": True, "trend": "worsening", "hip_girdle_trend": "worsening",
                                           "neck_flexor_trend": "improving"}}
    base = dict(muscle=muscle, mri={"oedema": False, "atrophy": True, "fatty_replacement": "mild"},
                labs={"ck": {"value": 150, "uln": 200}, "enzymes_normal_months": 3, "egfr": 90,
                      "thyroid_function": "normal"},
                comorbidity={"cushingoid": True}, glucocorticoid={"prednisone_mg_day": 45, "weeks_above_40mg": 20})
    rec = decision.recommend(KB, active_dm(course("methotrexate", 22, "partial", current=True), **base,
                                           skin={"active": True, "cdasi_activity": 24}))
    assert "act_ladder_skin" in rec.path
    assert "also_steroid_myopathy" in {a.id for a in rec.actions}
    quiet = decision.recommend(KB, active_dm(course("methotrexate", 22, "failed", current=True),
                                             skin={"active": True, "cdasi_activity": 24},
                                             muscle={"active": False, "weakness": {"proximal": False}}))
    assert "also_steroid_myopathy" not in {a.id for a in quiet.actions}
