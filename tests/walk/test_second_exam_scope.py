"""The second diagnostic examination asks for the work-up of what is not settled, not of everything.

Known since round 9, fixed in round 10: when the muscle was settled (no oedema on MRI, normal enzymes) and only
the lung was open (an ILD whose activity is unknown, or an antisynthetase/anti-MDA5 serotype with the lung never
assessed), the examination still listed muscle MRI, enzymes, strength scores and a repeat biopsy. The muscle's
work-up now follows the muscle's own state; a lung that is open only possibly (a serotype not yet known) keeps it.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
MUSCLE_WORK_UP = {"exam_mri", "exam_enzymes", "exam_strength", "exam_biopsy"}
MUSCLE_SETTLED = {"mri": {"oedema": False, "fatty_replacement": "marked"},
                  "labs": {"ck": {"value": 150, "uln": 200}, "egfr": 90, "thyroid_function": "normal"},
                  "muscle": {"active": False, "weakness": {"proximal": True, "trend": "stable"}}}
MUSCLE_UNKNOWN = {"mri": {}, "labs": {"egfr": 90, "thyroid_function": "normal"},
                  "muscle": {"weakness": {"proximal": True}}}
ON_MTX = course("methotrexate", 16, "failed", True)


def _exam(**sections) -> set[str]:
    rec = decision.recommend(KB, active_dm(ON_MTX, **sections))
    assert rec.status.code == "second_examination_needed"
    return {a.id for a in rec.actions}


def test_only_the_lung_is_examined_when_the_muscle_is_settled():
    ild_open = _exam(ild={"present": True}, **MUSCLE_SETTLED)
    assert "exam_lung" in ild_open and not MUSCLE_WORK_UP & ild_open
    jo1_unassessed = _exam(ild={}, autoantibodies=[{"name": "jo1", "result": "positive"}], **MUSCLE_SETTLED)
    assert "exam_lung" in jo1_unassessed and not MUSCLE_WORK_UP & jo1_unassessed


def test_an_unsettled_muscle_is_examined_with_or_without_the_lung():
    muscle_only = _exam(ild={"present": False}, **MUSCLE_UNKNOWN)
    assert MUSCLE_WORK_UP <= muscle_only and "exam_lung" not in muscle_only
    both = _exam(ild={"present": True}, **MUSCLE_UNKNOWN)
    assert MUSCLE_WORK_UP | {"exam_lung"} <= both
