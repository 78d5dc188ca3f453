"""A patient is never left with nothing: an agent stopped early leaves glucocorticoids alone, and a line whose
every option failed or was not tolerated gives way to the next.

Brief §4: a steroid-sparing agent is part of every line, started early. Variations on one dermatomyositis patient:
methotrexate stated failed at week 7 with nothing taken now; both first-line drugs not tolerated; the same
after an adequate 16-week failure; and an agent still being taken.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _rec(*courses):
    return decision.recommend(KB, active_dm(*courses))


def _agents(rec) -> list[str]:
    return [a.therapy for a in rec.actions if a.kind == "therapy" and a.therapy != "exercise_rehabilitation"]


def test_an_agent_failed_at_week_seven_with_nothing_taken_now_gets_an_agent_now():
    rec = _rec(course("methotrexate", 7, "failed"))
    assert rec.status.code == "add_steroid_sparing"
    assert _agents(rec) and "methotrexate" not in _agents(rec)


def test_every_first_line_drug_not_tolerated_moves_to_the_second_line():
    rec = _rec(course("methotrexate", 5, "intolerant"), course("azathioprine", 3, "intolerant"))
    assert rec.status.code == "intolerance"
    now = next(a for a in rec.actions if a.kind == "therapy" and a.timing == "now")
    assert now.line == 2
    assert any("every option of line 1" in r for r in now.ranking)


def test_an_adequate_failure_with_nothing_taken_now_is_refractory():
    rec = _rec(course("methotrexate", 16, "failed"))
    assert rec.status.code == "refractory_active"
    assert {a.line for a in rec.actions if a.kind == "therapy" and a.line} == {2}


def test_an_agent_taken_now_is_continued():
    rec = _rec(course("methotrexate", 7, "failed"), course("azathioprine", 4, "ongoing", current=True))
    assert rec.status.code == "not_yet_refractory"
