"""Step 2 before the first regimen: recorded evidence of a mimic turns it aside; an unknown is asked (round 11).

Before: an untreated patient went from "treated yet?" straight to the initial regimen. A 68-year-old labelled
polymyositis with finger-flexor weakness and rimmed vacuoles on the biopsy was offered glucocorticoids with
methotrexate (IBM does not respond to immunosuppression, brief §3.2, §5); a seronegative necrotising myopathy
with hypothyroidism recorded, or a statin-exposed patient with anti-HMGCR untested, the same. Only recorded
evidence diverts: an unknown answer is listed with what it would change, and the first regimen is not held
back for it (untreated active myositis should not wait).
"""

from __future__ import annotations

from typing import Any

import pytest

import decision
from tests.walk.patients import ACTIVE_DM

KB = decision.load()


def new_patient(**changes: Any) -> dict:
    base = {k: v for k, v in ACTIVE_DM.items() if k != "therapies"}
    return {**base, "treatment_naive": True, "diagnosis": {"subtype": "pm"}, **changes}


def _therapies(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"}


OLD_FINGERS = {"active": True, "weakness": {"proximal": True, "finger_flexors": True, "trend": "worsening"}}


@pytest.mark.parametrize(("changes", "node"), [
    ({"age": 68, "muscle": OLD_FINGERS, "biopsy": {"rimmed_vacuoles": True}}, "act_mimic_ibm"),
    ({"age": 68, "muscle": OLD_FINGERS, "autoantibodies": [{"name": "cn1a", "result": "positive"}]},
     "act_mimic_ibm"),
    ({"age": 72, "muscle": OLD_FINGERS, "diagnosis": {"subtype": "pm", "ibm_features_excluded": False}},
     "act_mimic_ibm"),
    ({"diagnosis": {"subtype": "imnm"}, "labs": {**ACTIVE_DM["labs"], "thyroid_function": "hypothyroid"},
      "autoantibodies": [{"name": "hmgcr", "result": "negative"}, {"name": "srp", "result": "negative"}]},
     "act_mimic_thyroid"),
    ({"exposures": {"statin": "current"}, "autoantibodies": [{"name": "jo1", "result": "negative"}]},
     "act_mimic_statin"),  # anti-HMGCR not among the antibodies tested: test it first
    ({"comorbidity": {"family_history_myopathy": True}}, "act_mimic_dystrophy"),
    ({"diagnosis": {"subtype": "pm", "other_myopathy": True}}, "act_mimic_other"),
])
def test_recorded_evidence_of_a_mimic_turns_the_first_regimen_aside(changes, node):
    rec = decision.recommend(KB, new_patient(**changes))
    assert node in rec.path and "check_initial_kind" not in rec.path
    assert not _therapies(rec) & {"glucocorticoids", "methotrexate", "azathioprine"}


def test_ibm_excluded_or_a_young_patient_starts_the_first_regimen():
    for changes in ({"age": 68, "muscle": OLD_FINGERS,
                     "diagnosis": {"subtype": "pm", "ibm_features_excluded": True}},
                    {"age": 38, "muscle": OLD_FINGERS}):
        rec = decision.recommend(KB, new_patient(**changes))
        assert "act_initial_muscle" in rec.path
        assert "glucocorticoids" in _therapies(rec)


def test_an_unknown_answer_is_asked_but_does_not_hold_back_the_first_regimen():
    rec = decision.recommend(KB, new_patient(age=68, muscle=OLD_FINGERS))  # IBM neither excluded nor shown
    assert "act_initial_muscle" in rec.path and "glucocorticoids" in _therapies(rec)
    asked = {m.field: m for m in rec.missing}
    assert "diagnosis.ibm_features_excluded" in asked
    assert "IBM suspected" in " ".join(asked["diagnosis.ibm_features_excluded"].would_change)


def test_a_child_is_not_asked_about_ibm():
    child = new_patient(age=9, diagnosis={"subtype": "jdm"}, muscle={"active": True})
    rec = decision.recommend(KB, child)
    assert "act_initial_jdm" in rec.path
    assert not {"biopsy.rimmed_vacuoles", "diagnosis.ibm_features_excluded"} & {m.field for m in rec.missing}


def test_the_serotype_steps_still_come_first():
    rec = decision.recommend(KB, new_patient(diagnosis={"subtype": "imnm"}, exposures={"statin": "past"},
                                             autoantibodies=[{"name": "hmgcr", "result": "positive"}]))
    assert "act_initial_hmgcr" in rec.path


def test_an_active_dermatomyositis_rash_starts_the_first_regimen_with_the_mimic_worked_up_alongside_round_12():
    """Round 12: a new JDM with Gottron's papules and a family history of myopathy got only a dystrophy panel and
    no glucocorticoids; a dystrophy or a thyroid cannot explain the rash."""
    rash = {"active": True, "gottron_papules": True}
    child = new_patient(age=9, diagnosis={"subtype": "jdm"}, muscle={"active": True}, skin=rash,
                        comorbidity={"family_history_myopathy": True})
    rec = decision.recommend(KB, child)
    assert "act_initial_jdm" in rec.path and "glucocorticoids" in _therapies(rec)
    assert "also_muscle_mimic" in {a.id for a in rec.actions}
    adult = new_patient(diagnosis={"subtype": "dm"}, skin=rash,
                        labs={**ACTIVE_DM["labs"], "thyroid_function": "hypothyroid"})
    rec = decision.recommend(KB, adult)
    assert "glucocorticoids" in _therapies(rec) and "also_muscle_mimic" in {a.id for a in rec.actions}
    no_rash = new_patient(labs={**ACTIVE_DM["labs"], "thyroid_function": "hypothyroid"})
    assert "act_mimic_thyroid" in decision.recommend(KB, no_rash).path


def test_the_first_regimen_turned_aside_says_what_waits_round_12():
    rec = decision.recommend(KB, new_patient(age=68, muscle=OLD_FINGERS, biopsy={"rimmed_vacuoles": True}))
    waits = {n.therapy for n in rec.not_suggested if "first regimen waits" in n.reason}
    assert {"glucocorticoids", "methotrexate", "azathioprine"} <= waits
    assert "escalation withheld" not in rec.status.title
    from tests.walk.patients import active_dm, course
    treated = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), age=68, muscle=OLD_FINGERS,
                                               biopsy={"rimmed_vacuoles": True},
                                               diagnosis={"subtype": "pm"}))
    assert treated.status.code == "alternative_diagnosis"
    assert not any("first regimen waits" in n.reason for n in treated.not_suggested)


def test_a_new_anti_hmgcr_patient_with_hypothyroidism_gets_both_round_12():
    """The serotype steps come first (the antibody explains the myopathy); a recorded hypothyroidism is still
    worked up alongside rather than passed over in silence."""
    rec = decision.recommend(KB, new_patient(diagnosis={"subtype": "imnm"}, exposures={"statin": "past"},
                                             autoantibodies=[{"name": "hmgcr", "result": "positive"}],
                                             labs={**ACTIVE_DM["labs"], "thyroid_function": "hypothyroid"}))
    assert "act_initial_hmgcr" in rec.path and "also_muscle_mimic" in {a.id for a in rec.actions}
