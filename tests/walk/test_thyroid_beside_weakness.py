"""Weakness that is not active myositis names a recorded hypothyroidism (round 10).

A steroid-myopathy (or damage) answer with hypothyroidism recorded never mentioned the thyroid: those paths do
not pass through the step-2 re-check, so the thyroid is named where the weakness is explained.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
NOT_ACTIVE = {"mri": {"oedema": False, "fatty_replacement": "marked"},
              "muscle": {"active": False, "weakness": {"proximal": True, "trend": "stable"}}}


def _labs(**extra):
    return {"labs": {"ck": {"value": 150, "uln": 200}, "egfr": 90, **extra}}


def test_recorded_hypothyroidism_is_named_on_the_damage_path():
    for thyroid in ({"thyroid_function": "hypothyroid"}, {"tsh": {"value": 12, "uln": 4.5}}):
        rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", True), **NOT_ACTIVE,
                                               **_labs(**thyroid)))
        assert rec.status.code == "damage" and "weakness_thyroid" in {a.id for a in rec.actions}, thyroid


def test_a_normal_thyroid_is_not_named():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", True), **NOT_ACTIVE,
                                           **_labs(thyroid_function="normal")))
    assert rec.status.code == "damage" and "weakness_thyroid" not in {a.id for a in rec.actions}
