"""The diagnosis re-check on the pregnancy path: worked up alongside, never holding the pregnancy plan.

A pregnant patient is taken straight to the pregnancy node (teratogens stopped, a pregnancy-compatible regimen),
which skipped Lundberg's step 2: hypothyroidism recorded, rimmed vacuoles or a doubt about adherence went unsaid
while azathioprine was started. A pregnancy cannot wait for a work-up, so the node keeps its plan and says what
to work up beside it; with nothing recorded it says nothing (an unknown is asked where it decides, not here).
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
PREGNANT = {"status": "pregnant", "gestation_weeks": 14, "breastfeeding": False}


def _pregnant(*courses, **changes):
    return active_dm(*courses, age=31, pregnancy=PREGNANT, **changes)


def _ids(rec) -> set[str]:
    return {a.id for a in rec.actions}


@pytest.mark.parametrize("changes", [
    {"labs": {**ACTIVE_DM["labs"], "thyroid_function": "hypothyroid"}},
    {"labs": {**ACTIVE_DM["labs"], "thyroid_function": None, "tsh": {"value": 9.0, "uln": 4.0}}},
    {"comorbidity": {"family_history_myopathy": True}},
    {"diagnosis": {"subtype": "pm", "other_myopathy": True}},
    {"exposures": {"zidovudine": True}},
])
@pytest.mark.parametrize("history", [(), (course("methotrexate", 16, "failed"),)])
def test_a_recorded_muscle_mimic_is_worked_up_beside_the_pregnancy_plan(changes, history):
    rec = decision.recommend(KB, _pregnant(*history, **changes))
    assert rec.status.code == "pregnancy"
    assert "pregnancy_recheck_muscle" in _ids(rec)
    assert "pregnancy_gc" in _ids(rec)  # the plan is not held for it
    action = next(a for a in rec.actions if a.id == "pregnancy_recheck_muscle")
    assert action.basis.sources and "lundberg_2021" in action.basis.sources


@pytest.mark.parametrize(("adherent", "changes"), [
    (True, {"comorbidity": {"adherence_concern": True}}),
    (False, {}),  # the latest course taken irregularly
])
def test_a_doubt_about_adherence_is_said_on_the_pregnancy_path(adherent, changes):
    history = course("methotrexate", 16, "failed", adherent=adherent)
    rec = decision.recommend(KB, _pregnant(history, **changes))
    assert rec.status.code == "pregnancy"
    assert "pregnancy_recheck_adherence" in _ids(rec)


@pytest.mark.parametrize("changes", [
    {},
    {"labs": {**ACTIVE_DM["labs"], "thyroid_function": None}},  # unknown: not said as a finding
    {"comorbidity": {"adherence_concern": False}},
])
def test_nothing_recorded_says_nothing(changes):
    rec = decision.recommend(KB, _pregnant(course("methotrexate", 16, "failed"), **changes))
    assert rec.status.code == "pregnancy"
    assert not _ids(rec) & {"pregnancy_recheck_muscle", "pregnancy_recheck_adherence"}
