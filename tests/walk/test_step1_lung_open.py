"""Step 1 is judged for each domain: damage in the muscle says nothing of an ILD whose activity is unknown.

Variation audit: an antisynthetase patient on mycophenolate, muscle quiet with enzymes normal for months, FVC
down 8% with HRCT and symptoms unrecorded, was told "damage, not active disease — do not escalate", because the
damage branch (the muscle alone) was true while the active-disease branch was unknown (the lung). The same
holds for steroid myopathy. Damage must also explain a weakness: with full strength there is nothing for it
to explain (brief §3.1, §13.1; Lundberg step 1).
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
QUIET = {"active": False, "weakness": {"proximal": True, "trend": "stable"}, "dysphagia": "none",
         "respiratory_muscle_weakness": False}
DAMAGED = {"oedema": False, "fatty_replacement": "marked"}
LABS = {"ck": {"value": 150, "uln": 200}, "egfr": 90, "thyroid_function": "normal", "enzymes_normal_months": 6}


def _damaged(ild: dict, **changes):
    sections = {"muscle": QUIET, "mri": DAMAGED, "labs": LABS, "skin": {"active": False},
                "diagnosis": {"subtype": "asys", "ibm_features_excluded": True}, "ild": ild, **changes}
    return decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 26, "failed", current=True), **sections))


@pytest.mark.parametrize("ild", [
    {"present": True},
    {"present": True, "fvc_percent": 62, "fvc_previous_percent": 70},
    {"present": True, "fvc_percent": 62, "fvc_previous_percent": 70, "symptoms_worse": False},
    {"present": True, "hrct_progression": True},
])
def test_an_ild_whose_activity_is_unknown_is_examined_before_calling_it_damage(ild):
    rec = _damaged(ild)
    assert rec.status.code == "second_examination_needed"
    assert "exam_lung" in {a.id for a in rec.actions}
    assert not {"damage_maintenance", "damage_taper"} & {a.id for a in rec.actions}
    assert {"ild.symptoms_worse", "ild.hrct_progression", "ild.progressing"} & {m.field for m in rec.missing}


@pytest.mark.parametrize("ild", [{"present": False},
                                 {"present": True, "progressing": False, "rapidly_progressive": False,
                                  "symptoms_worse": False, "hrct_progression": False}])
def test_a_settled_lung_leaves_damage_as_damage(ild):
    rec = _damaged(ild)
    assert rec.status.code == "damage"
    assert "exam_lung" not in {a.id for a in rec.actions}


def test_an_ild_known_to_progress_is_active_disease_not_damage():
    rec = _damaged({"present": True, "progressing": True, "rapidly_progressive": False})
    assert rec.status.code == "refractory_active"
    assert "lung" in rec.status.domains


def test_steroid_myopathy_waits_for_an_unsettled_lung_too():
    muscle = {"active": False, "weakness": {"proximal": True, "trend": "worsening", "hip_girdle_trend": "worsening",
                                           "neck_flexor_trend": "improving"}, "dysphagia": "none",
              "respiratory_muscle_weakness": False}
    base = dict(muscle=muscle, mri={"oedema": False, "atrophy": True, "fatty_replacement": "mild"},
                labs={**LABS, "enzymes_normal_months": 3}, comorbidity={"cushingoid": True},
                glucocorticoid={"prednisone_mg_day": 45, "weeks_above_40mg": 20})
    rec = decision.recommend(KB, active_dm(course("methotrexate", 22, "partial", current=True), **base,
                                           ild={"present": True}))
    assert rec.status.code == "second_examination_needed"
    settled = decision.recommend(KB, active_dm(course("methotrexate", 22, "partial", current=True), **base,
                                               ild={"present": False}))
    assert settled.status.code == "steroid_myopathy"


@pytest.mark.parametrize("weakness", [{"proximal": False, "distal": False, "trend": "stable"},
                                      {"proximal": False, "trend": "stable", "mmt8": 150, "mmt8_max": 150}])
def test_without_weakness_there_is_no_damage_to_explain(weakness):
    rec = _damaged({"present": False}, muscle={**QUIET, "weakness": weakness})
    assert rec.status.code != "damage"


@pytest.mark.parametrize("antibody", ["jo1", "pl7", "mda5"])
def test_a_serotype_that_usually_brings_ild_needs_the_lung_assessed_before_damage(antibody):
    p = active_dm(course("mycophenolate_mofetil", 26, "failed", current=True), muscle=QUIET, mri=DAMAGED, labs=LABS,
                  skin={"active": False}, autoantibodies=[{"name": antibody, "result": "positive"}],
                  diagnosis={"subtype": "asys" if antibody != "mda5" else "dm", "ibm_features_excluded": True})
    p.pop("ild")
    rec = decision.recommend(KB, p)
    assert rec.status.code in ("second_examination_needed", "urgent_question")
    assert "damage_maintenance" not in {a.id for a in rec.actions}
