"""A muscle mimic holds escalation for the muscle only; when another domain leads it is worked up alongside.

Round-11 audit: an antisynthetase patient whose ILD was progressing on mycophenolate, with a family history of
myopathy recorded, got "alternative diagnosis — escalation withheld" and a genetic panel, with rituximab,
cyclophosphamide and tacrolimus withheld; amyopathic DM skin (CDASI 24) was held for a thyroid or metabolic
work-up. The mimics of brief §3.2 explain persistent muscle weakness; step 1 is judged per domain (§13.1) and
the domain that leads is treated. Cancer, infection and adherence still hold every domain.
"""

from __future__ import annotations

from typing import Any

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
LUNG = {"present": True, "progressing": True, "symptomatic": True, "pattern": "nsip"}


def asys_lung(**changes: Any) -> dict:
    base = {"ild": LUNG, "diagnosis": {"subtype": "asys", "ibm_features_excluded": True},
            "autoantibodies": [{"name": "jo1", "result": "positive"}]}
    return active_dm(course("mycophenolate_mofetil", 24, "failed"), **{**base, **changes})


def amyopathic(**changes: Any) -> dict:
    return active_dm(course("hydroxychloroquine", 24, "failed"), course("methotrexate", 20, "failed"),
                     diagnosis={"subtype": "cadm", "ibm_features_excluded": True},
                     muscle={"active": False, "weakness": {"proximal": False}}, mri={"oedema": False},
                     labs={**ACTIVE_DM["labs"], "ck": {"value": 90, "uln": 200}},
                     skin={"active": True, "cdasi_activity": 24, "gottron_papules": True}, **changes)


MIMICS = [
    {"comorbidity": {"family_history_myopathy": True}},
    {"comorbidity": {"exercise_intolerance": True}},
    {"labs": {**ACTIVE_DM["labs"], "thyroid_function": "hypothyroid"}},
    {"diagnosis_other": True},
]


def _with(base, mimic: dict) -> dict:
    if "diagnosis_other" in mimic:
        return {**base, "diagnosis": {**base["diagnosis"], "other_myopathy": True}}
    if "labs" in mimic:
        return {**base, "labs": {**base["labs"], "thyroid_function": "hypothyroid"}}
    return {**base, **mimic}


@pytest.mark.parametrize("mimic", MIMICS)
def test_a_progressing_lung_is_treated_and_the_muscle_mimic_worked_up_alongside(mimic):
    rec = decision.recommend(KB, _with(asys_lung(), mimic))
    assert "act_ladder_ild" in rec.path
    assert any(a.id == "also_muscle_mimic" for a in rec.actions)
    assert [a for a in rec.actions if a.kind == "therapy" and a.line]


@pytest.mark.parametrize("mimic", MIMICS)
def test_amyopathic_skin_is_treated_and_the_muscle_mimic_worked_up_alongside(mimic):
    rec = decision.recommend(KB, _with(amyopathic(), mimic))
    assert "act_ladder_skin" in rec.path
    assert any(a.id == "also_muscle_mimic" for a in rec.actions)


@pytest.mark.parametrize("mimic", MIMICS)
def test_when_the_muscle_leads_the_mimic_still_holds(mimic):
    rec = decision.recommend(KB, _with(active_dm(course("methotrexate", 16, "failed")), mimic))
    assert rec.status.code == "alternative_diagnosis"
    assert not [a for a in rec.actions if a.kind == "therapy" and a.line]


def test_an_ibm_clue_does_not_hold_a_progressing_lung():
    clue = asys_lung(age=62, diagnosis={"subtype": "asys"},
                     muscle={**ACTIVE_DM["muscle"], "weakness": {"proximal": True, "finger_flexors": True}})
    rec = decision.recommend(KB, clue)
    assert rec.status.code != "confirm_before_escalating"
    assert "act_ladder_ild" in rec.path and any(a.id == "also_muscle_mimic" for a in rec.actions)


def test_cancer_still_holds_whatever_domain_leads():
    rec = decision.recommend(KB, asys_lung(cancer={"active": True}))
    assert "act_mimic_cancer" in rec.path


def test_the_mimic_is_worked_up_alongside_at_the_first_regimen_and_at_a_switch_round_12():
    """Round 12: the work-up line appeared only on the escalation ladders; a new patient with a progressing ILD
    and recorded hypothyroidism, or a switch, dropped the thyroid without a word."""
    hypo = {**ACTIVE_DM["labs"], "thyroid_function": "hypothyroid"}
    new = {**asys_lung(labs=hypo), "therapies": [], "treatment_naive": True}
    rec = decision.recommend(KB, new)
    assert "act_initial_ild" in rec.path and "also_muscle_mimic" in {a.id for a in rec.actions}
    switch = asys_lung(labs=hypo)
    switch["therapies"] = [*switch["therapies"][:1], course("mycophenolate_mofetil", 4, "intolerant")]
    rec = decision.recommend(KB, switch)
    assert "act_intolerance_ild" in rec.path and "also_muscle_mimic" in {a.id for a in rec.actions}
    clean = decision.recommend(KB, {**asys_lung(), "therapies": [], "treatment_naive": True})
    assert "also_muscle_mimic" not in {a.id for a in clean.actions}
