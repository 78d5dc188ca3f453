"""The adequate trial belongs to the course, not the drug (round-11 audit).

Before: mycophenolate at 1 g/day "failed" (dose not adequate), then mycophenolate at 3 g/day for 6 weeks: the
regimen was called refractory and tacrolimus put first, mycophenolate listed "not restarted" though it was the
drug being taken. Full-dose methotrexate for 14 weeks after an earlier low-dose course was not counted, so the
patient stayed on line 1. Oral methotrexate not tolerated cancelled the subcutaneous methotrexate tolerated now.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _offered(rec) -> list:
    return [a for a in rec.actions if a.kind == "therapy" and a.line]


def test_a_drug_retried_at_full_dose_gets_its_own_twelve_weeks():
    for drug in ("mycophenolate_mofetil", "methotrexate", "tacrolimus"):
        rec = decision.recommend(KB, active_dm(course("azathioprine", 16, "failed"),
                                               course(drug, 10, "failed", adequate_dose=False),
                                               course(drug, 6, "ongoing", current=True)))
        assert rec.status.code == "not_yet_refractory", drug
        assert not any(n.therapy == drug and "not restarted" in n.reason for n in rec.not_suggested)


def test_a_full_dose_course_past_twelve_weeks_counts_whatever_an_earlier_low_dose_course_did():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 10, "failed", adequate_dose=False),
                                           course("methotrexate", 14, None, current=True)))
    assert rec.status.code == "refractory_active"
    offered = _offered(rec)
    assert offered and all(a.line == 2 for a in offered)


def test_a_course_taken_now_that_failed_early_still_does_not_raise_the_line():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 6, "failed", current=True)))
    assert rec.status.code == "not_yet_refractory"
    assert not [a for a in _offered(rec) if a.line > 1]


def test_a_drug_tolerated_now_is_not_called_not_tolerated():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 3, "intolerant"),
                                           course("methotrexate", 16, None, current=True)))
    assert not any("intolerance" in n.reason and n.therapy in ("methotrexate", "methotrexate_azathioprine")
                   for n in rec.not_suggested)


def test_a_course_taken_now_recorded_not_tolerated_is_said_so_round_12():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                           course("mycophenolate_mofetil", 8, "intolerant", current=True)))
    mmf = next(n for n in rec.not_suggested if n.therapy == "mycophenolate_mofetil")
    assert "intolerance" in mmf.reason
