""""Not yet refractory" says why the trial is not yet adequate, and what to do about each reason.

Known since round 9, fixed in round 10: every patient on this path was told "it is too early to call it a
failure", including one 16 weeks into a regimen not taken as prescribed or at a dose recorded as not adequate,
and a patient whose weakness looked like steroid myopathy was told only to taper "on schedule". The adequate
trial is 12 weeks at an adequate dose, taken as prescribed (brief §2): the answer names the reason that applies —
adherence, dose, or steroid myopathy — for any steroid-sparing agent, not only methotrexate.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
STEROID_MYOPATHY = {
    "mri": {"oedema": False}, "labs": {"ck": {"value": 150, "uln": 200}, "egfr": 90, "thyroid_function": "normal",
                                       "crp_raised": False},
    "muscle": {"active": False, "weakness": {"proximal": True, "trend": "worsening", "hip_girdle_trend": "worsening"}},
    "glucocorticoid": {"prednisone_mg_day": 60, "weeks_above_40mg": 10}, "comorbidity": {"cushingoid": True}}


def _not_yet(*courses, **sections) -> dict[str, str]:
    rec = decision.recommend(KB, active_dm(*courses, **sections))
    assert rec.status.code == "not_yet_refractory"
    return {a.id: a.text for a in rec.actions}


def test_a_regimen_not_taken_as_prescribed_is_not_called_too_early():
    for drug in ("methotrexate", "azathioprine", "mycophenolate_mofetil"):
        said = _not_yet(course(drug, 16, None, True, adherent=False))
        assert "not_yet_take_as_prescribed" in said, drug
        assert "too early" not in said["not_yet_continue"] and "taken as prescribed" in said["not_yet_continue"]
        assert "not_yet_dose" not in said


def test_a_dose_recorded_as_not_adequate_is_brought_to_dose_for_any_agent():
    for drug in ("azathioprine", "mycophenolate_mofetil"):
        said = _not_yet(course(drug, 16, None, True, adequate_dose=False))
        assert "not_yet_dose" in said and "not_yet_take_as_prescribed" not in said, drug
    assert "not_yet_dose" not in _not_yet(course("azathioprine", 8, None, True))  # only early: no dose advice


def test_steroid_myopathy_is_named_on_the_not_yet_path_when_likely():
    said = _not_yet(course("methotrexate", 8, None, True), **STEROID_MYOPATHY)
    assert "steroid myopathy" in said["not_yet_steroid_myopathy"]
    assert "not_yet_steroid_myopathy" not in _not_yet(course("methotrexate", 8, None, True))  # active muscle
