"""IVIG is given with or without any line; it neither makes a line nor stands in for an immunosuppressant.

Every line of the ladder is glucocorticoids "with or without IVIG" and differs in the agent added (seed 001);
refractory disease needs at least one steroid-sparing immunosuppressant for 12 weeks (brief §2), and IVIG is
not immunosuppressive (seed 004, brief §13.5). Variations on one dermatomyositis patient.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _lines(rec) -> set[int]:
    return {a.line for a in rec.actions if a.kind == "therapy" and a.line is not None}


def test_failed_ivig_without_any_immunosuppressant_means_adding_the_first_one():
    rec = decision.recommend(KB, active_dm(course("ivig", 16, "failed", current=True)))
    assert rec.status.code == "add_steroid_sparing"
    assert _lines(rec) == {1}


def test_failed_ivig_after_a_failed_first_line_stays_at_second_line():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                           course("ivig", 16, "failed", current=True)))
    assert rec.status.code == "refractory_active"
    assert _lines(rec) == {2}
    assert "ivig" in {n.therapy for n in rec.not_suggested}  # already failed: not offered again


def test_two_failed_immunosuppressants_reach_third_line_with_or_without_ivig():
    for extra in ((), (course("ivig", 16, "failed"),)):
        rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                         course("mycophenolate_mofetil", 16, "failed", True), *extra))
        assert rec.status.code == "refractory_active"
        assert _lines(rec) == {3}


def test_stopping_ivig_for_intolerance_is_not_an_intolerance_of_the_line():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", True),
                                     course("ivig", 4, "intolerant")))
    assert rec.status.code == "refractory_active"
    assert _lines(rec) == {2}


def test_ivig_just_added_is_given_its_weeks_before_the_regimen_is_judged():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "partial", True),
                                     course("ivig", 4, "ongoing", True)))
    assert rec.status.code == "not_yet_refractory"
