"""A drug "failed" without an adequate trial does not count as a failure of its line (variation audit).

Refractory needs at least 12 weeks of a steroid-sparing agent at adequate dose (brief §2; ARTEMIS). Before, any
course marked failed moved the line reached, whatever its length, dose or adherence: methotrexate failed after
20 weeks then tacrolimus "failed" after 4 weeks went straight to the third line, as did mycophenolate given at a
dose recorded as not adequate. Such a drug is not restarted, but its line has not failed; a failed course with
no duration that decides the line is asked about, with what the answer would change.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
MTX = course("methotrexate", 20, "failed")


def _lines(rec) -> set[int]:
    return {a.line for a in rec.actions if a.kind == "therapy" and a.line}


def _why(rec) -> dict[str, str]:
    return {n.therapy: n.reason for n in rec.not_suggested}


@pytest.mark.parametrize("second", [
    course("tacrolimus", 4, "failed"),
    course("tacrolimus", 11.9, "failed", current=True),
    course("mycophenolate_mofetil", 20, "failed", adequate_dose=False),
    course("mycophenolate_mofetil", 20, "failed", current=True, adequate_dose=False),
])
def test_a_second_line_drug_failed_without_an_adequate_trial_leaves_the_second_line(second):
    rec = decision.recommend(KB, active_dm(MTX, second))
    assert rec.status.code == "refractory_active"
    assert _lines(rec) == {2}
    if second["current"] and second.get("adequate_dose") is False:  # taken now under-dosed: it stays, to be
        assert _why(rec)[second["drug"]] == "already taken now"     # optimised or stopped (round 28)
        assert "ladder_underdosed_stays" in {a.id for a in rec.actions}
    else:
        assert "adequate trial" in _why(rec)[second["drug"]]


@pytest.mark.parametrize("weeks", [12, 20])
def test_an_adequate_second_line_failure_reaches_the_third_line(weeks):
    rec = decision.recommend(KB, active_dm(MTX, course("tacrolimus", weeks, "failed", current=True)))
    assert _lines(rec) == {3}


def test_the_same_drug_failed_adequately_once_counts_even_if_another_course_was_short():
    history = (MTX, course("tacrolimus", 4, "failed"), course("tacrolimus", 16, "failed", current=True))
    assert _lines(decision.recommend(KB, active_dm(*history))) == {3}


def test_a_failure_with_no_duration_that_decides_the_line_is_asked_about():
    rec = decision.recommend(KB, active_dm(MTX, course("mycophenolate_mofetil", None, "failed", current=True)))
    asked = [m for m in rec.missing if any("how many weeks Mycophenolate mofetil" in c for c in m.would_change)]
    assert asked and "would not count as a failure of line 2" in asked[0].would_change[0]


def test_a_failure_while_not_taken_as_prescribed_is_settled_as_non_adherence_first():
    rec = decision.recommend(KB, active_dm(MTX, course("mycophenolate_mofetil", 20, "failed", adherent=False)))
    assert rec.status.code == "alternative_diagnosis"  # the mimic check: non-adherence is corrected, not escalated
