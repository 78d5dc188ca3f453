"""A combination recorded as one course is taking (and failing) each of its parts; its parts taken together are it.

Round-10 audit: methotrexate + azathioprine recorded as one course did not count as taking or failing either
drug — methotrexate was offered alone after the combination failed, and azathioprine to a patient taking the
combination — while the same regimen recorded as two courses was read correctly. The two ways of recording one
regimen now give the same answer.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
ILD = {"ild": {"present": True, "progressing": True}, "autoantibodies": [{"name": "jo1", "result": "positive"}],
       "diagnosis": {"subtype": "asys", "ibm_features_excluded": True}}


def _offered(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy" and a.line}


def test_a_failed_combination_course_is_a_failure_of_each_part():
    for sections in ({}, ILD, {"arthritis": {"active": True, "disabling": True}}):
        rec = decision.recommend(KB, active_dm(course("methotrexate_azathioprine", 20, "failed", True), **sections))
        assert not {"methotrexate", "azathioprine", "methotrexate_azathioprine"} & _offered(rec), sections


def test_one_course_or_two_courses_of_the_same_regimen_give_the_same_answer():
    for sections in ({}, ILD):
        one = decision.recommend(KB, active_dm(course("methotrexate_azathioprine", 20, "failed", True), **sections))
        two = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", True),
                                               course("azathioprine", 20, "failed", True), **sections))
        assert one.status.code == two.status.code
        assert [a.therapy for a in one.actions if a.line] == [a.therapy for a in two.actions if a.line], sections


def test_a_failed_part_alone_is_not_the_combination():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), course("azathioprine", 20, "failed",
                                                                                         True)))
    assert rec.status.code == "refractory_active"
    assert all(a.line == 2 for a in rec.actions if a.kind == "therapy" and a.line)  # line 1 failed, not line 2
