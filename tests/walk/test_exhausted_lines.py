"""A patient is never left with nothing: an agent stopped early leaves glucocorticoids alone, and a line whose
every option failed or was not tolerated gives way to the next.

Brief §4: a steroid-sparing agent is part of every line, started early. Variations on one dermatomyositis patient:
methotrexate stated failed at week 7 with nothing taken now; both first-line drugs not tolerated; the same
after an adequate 16-week failure; and an agent still being taken.
"""

from __future__ import annotations

import decision

KB = decision.load()
BASE = {
    "age": 46, "sex": "female",
    "pregnancy": {"status": "not_pregnant", "plans": "none", "breastfeeding": False, "contraception": True},
    "diagnosis": {"subtype": "dm", "ibm_features_excluded": True}, "ild": {"present": False},
    "mri": {"oedema": True}, "labs": {"ck": {"value": 2400, "uln": 200}, "egfr": 90, "thyroid_function": "normal"},
    "muscle": {"active": True, "weakness": {"proximal": True, "trend": "stable"}},
    "cancer": {"active": False, "screening": "done", "screening_result": "negative"},
}
GC = {"drug": "glucocorticoids", "weeks": 30, "current": True}


def _course(drug: str, weeks: float, outcome: str | None, current: bool = False) -> dict:
    return {"drug": drug, "weeks": weeks, "current": current, "outcome": outcome, "adequate_dose": True,
            "adherent": True}


def _rec(*courses):
    return decision.recommend(KB, {**BASE, "therapies": [GC, *courses]})


def _agents(rec) -> list[str]:
    return [a.therapy for a in rec.actions if a.kind == "therapy" and a.therapy != "exercise_rehabilitation"]


def test_an_agent_failed_at_week_seven_with_nothing_taken_now_gets_an_agent_now():
    rec = _rec(_course("methotrexate", 7, "failed"))
    assert rec.status.code == "add_steroid_sparing"
    assert _agents(rec) and "methotrexate" not in _agents(rec)


def test_every_first_line_drug_not_tolerated_moves_to_the_second_line():
    rec = _rec(_course("methotrexate", 5, "intolerant"), _course("azathioprine", 3, "intolerant"))
    assert rec.status.code == "intolerance"
    now = next(a for a in rec.actions if a.kind == "therapy" and a.timing == "now")
    assert now.line == 2
    assert any("every option of line 1" in r for r in now.ranking)


def test_an_adequate_failure_with_nothing_taken_now_is_refractory():
    rec = _rec(_course("methotrexate", 16, "failed"))
    assert rec.status.code == "refractory_active"
    assert {a.line for a in rec.actions if a.kind == "therapy" and a.line} == {2}


def test_an_agent_taken_now_is_continued():
    rec = _rec(_course("methotrexate", 7, "failed"), _course("azathioprine", 4, "ongoing", current=True))
    assert rec.status.code == "not_yet_refractory"
