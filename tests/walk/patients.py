"""The patient the walk tests vary: an adult with active dermatomyositis, everything else settled.

Written once so that each test states only what it changes: the therapy history, or one finding. Every
screening and mimic answer is given (pregnancy excluded, cancer screened, thyroid normal, IBM excluded), so
that what a test changes is what decides its answer.
"""

from __future__ import annotations

from typing import Any

ACTIVE_DM: dict[str, Any] = {
    "age": 50, "sex": "female",
    "pregnancy": {"status": "not_pregnant", "plans": "none", "breastfeeding": False, "contraception": True},
    "diagnosis": {"subtype": "dm", "ibm_features_excluded": True}, "ild": {"present": False},
    "mri": {"oedema": True}, "labs": {"ck": {"value": 2400, "uln": 200}, "egfr": 90, "thyroid_function": "normal"},
    "muscle": {"active": True, "weakness": {"proximal": True, "trend": "stable"}},
    "cancer": {"active": False, "screening": "done", "screening_result": "negative"},
}
GLUCOCORTICOIDS = {"drug": "glucocorticoids", "weeks": 40, "current": True}


def course(drug: str, weeks: float | None, outcome: str | None, current: bool = False, **extra: Any) -> dict:
    """One course at an adequate dose, taken as prescribed."""
    c = {"drug": drug, "weeks": weeks, "current": current, "outcome": outcome, "adequate_dose": True,
         "adherent": True, **extra}
    return {k: v for k, v in c.items() if v is not None or k == "outcome"}


def active_dm(*courses: dict, **changes: Any) -> dict:
    """The patient on glucocorticoids with these courses, and any top-level section replaced."""
    return {**ACTIVE_DM, "therapies": [GLUCOCORTICOIDS, *courses], **changes}
