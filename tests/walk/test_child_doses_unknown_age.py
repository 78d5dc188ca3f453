"""An unknown age is not an adult one: a child is never shown an adult glucocorticoid plan.

Without a recorded age, the onset age and the disease duration can place the patient: onset at 10 with a year of
disease is a child of 11. Where they cannot, the plan asks for the age instead of assuming an adult. A child's
oral glucocorticoid dose points to the plan's paediatric regimen (BSR 2022: per kg, with a maximum), and
exercise keeps its own words.
"""

from __future__ import annotations

import decision

KB = decision.load()


def _new_dm(**diagnosis) -> dict:
    return {"sex": "female", "weight_kg": 35, "height_cm": 140, "treatment_naive": True, "ild": {"present": False},
            "diagnosis": {"subtype": "dm", **diagnosis}}


def _plan(rec) -> dict:
    assert rec.glucocorticoid_plan is not None
    return rec.glucocorticoid_plan


def test_onset_at_ten_with_a_year_of_disease_is_a_child():
    rec = decision.recommend(KB, _new_dm(onset_age=10, disease_duration_months=12))
    plan = _plan(rec)
    assert plan["default"]["regimen"].endswith("_paediatric")
    gc = next(a for a in rec.actions if a.therapy == "glucocorticoids")
    assert gc.dose and gc.dose.startswith("Child: the paediatric regimen")
    exercise = next(a for a in rec.actions if a.therapy == "exercise_rehabilitation")
    assert exercise.dose == KB.therapies["exercise_rehabilitation"].dose.text


def test_onset_at_thirty_is_an_adult():
    assert not _plan(decision.recommend(KB, _new_dm(onset_age=30)))["default"]["regimen"].endswith("_paediatric")


def test_an_age_the_file_cannot_place_is_asked_for_not_assumed_adult():
    for diagnosis in ({}, {"onset_age": 10}, {"onset_age": 10, "disease_duration_months": 90}):
        rec = decision.recommend(KB, _new_dm(**diagnosis))
        plan = _plan(rec)
        assert "default" not in plan and plan["missing"] == ["age"], diagnosis
        assert "age" in [m.field for m in rec.missing]


def test_the_bounds_of_the_onset_arithmetic():
    child = decision.recommend(KB, _new_dm(onset_age=12, disease_duration_months=60))  # 17 to 18: a child
    assert _plan(child)["default"]["regimen"].endswith("_paediatric")
    adult = decision.recommend(KB, _new_dm(onset_age=12, disease_duration_months=72))  # 18 or over
    assert not _plan(adult)["default"]["regimen"].endswith("_paediatric")
