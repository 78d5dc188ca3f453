"""A failure of unknown length does not move the patient up a line before its length is known (round 10).

Methotrexate failed after 20 weeks and mycophenolate "failed" with no weeks recorded: the answer was line 3
(rituximab first), with the deciding question last in the missing list. Under 12 weeks would not be a fair trial
(brief §2), so the line stays where the failures known to be adequate put it and the question comes first — never
escalate past a question whose answer could forbid the escalation. With the weeks recorded, line 3 follows.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _lines(rec) -> set[int]:
    return {a.line for a in rec.actions if a.kind == "therapy" and a.line}


def test_an_unknown_length_of_the_deciding_failure_keeps_the_line_and_asks_first():
    for current in (True, False):
        rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"),
                                               course("mycophenolate_mofetil", None, "failed", current)))
        assert rec.status.code == "refractory_active", current
        assert _lines(rec) == {2}, current
        assert rec.missing[0].field == "therapies"
        assert any("weeks Mycophenolate" in c for c in rec.missing[0].would_change)


def test_a_known_adequate_length_escalates():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"),
                                           course("mycophenolate_mofetil", 16, "failed", True)))
    assert _lines(rec) == {3}
