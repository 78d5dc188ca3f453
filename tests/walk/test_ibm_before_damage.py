"""Weakness that is not active inflammation may be inclusion body myositis: it is considered before "damage".

Round-10 audit: a 70-year-old with rimmed vacuoles, or finger-flexor and quadriceps weakness, whose muscle was not
active, was told "damage — keep the current maintenance immunosuppression", with no IBM question; IBM does not
respond to immunosuppression (brief §3). The IBM test of the step-2 re-check now stands at step 1 too, before
damage and steroid myopathy, and is the same test wherever the diagnosis is re-checked.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
NOT_ACTIVE = {"mri": {"oedema": False, "fatty_replacement": "marked"},
              "labs": {"ck": {"value": 150, "uln": 200}, "egfr": 90, "thyroid_function": "normal"}}
ON_MTX = course("methotrexate", 20, "failed", True)


def _weak(**weakness):
    return {"muscle": {"active": False, "weakness": {"proximal": True, "trend": "stable", **weakness}}}


def test_rimmed_vacuoles_lead_to_ibm_not_damage():
    rec = decision.recommend(KB, active_dm(ON_MTX, age=70, diagnosis={"subtype": "pm"},
                                           biopsy={"rimmed_vacuoles": True}, **NOT_ACTIVE, **_weak()))
    assert rec.status.code == "alternative_diagnosis"
    assert "act_mimic_ibm" in rec.path and "act_damage" not in rec.path


def test_the_ibm_weakness_pattern_past_50_is_asked_before_damage():
    for pattern in ({"finger_flexors": True}, {"quadriceps": True}, {"asymmetric": True}):
        rec = decision.recommend(KB, active_dm(ON_MTX, age=70, diagnosis={"subtype": "pm"}, **NOT_ACTIVE,
                                               **_weak(**pattern)))
        assert "act_damage" not in rec.path, pattern
        assert rec.missing[0].field in ("biopsy.rimmed_vacuoles", "diagnosis.ibm_features_excluded")


def test_damage_stands_when_ibm_is_excluded_or_the_patient_young():
    excluded = active_dm(ON_MTX, age=70, **NOT_ACTIVE, **_weak(finger_flexors=True))  # ibm_features_excluded
    young = active_dm(ON_MTX, age=40, diagnosis={"subtype": "pm"}, **NOT_ACTIVE, **_weak(finger_flexors=True))
    for patient in (excluded, young):
        assert decision.recommend(KB, patient).status.code == "damage"
