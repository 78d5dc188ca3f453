"""A later-line course stopped with no outcome is asked about, though the options come from an earlier line.

Round 10: mycophenolate (line 2) taken 20 weeks and stopped with no outcome, nothing else: the walk offered line 1
and asked nothing — had mycophenolate failed, line 2 would be used up.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def test_a_later_line_course_with_no_outcome_is_asked_about():
    for drug in ("mycophenolate_mofetil", "tacrolimus", "rituximab"):
        rec = decision.recommend(KB, active_dm(course(drug, 20, None)))
        asked = [m for m in rec.missing if any(KB.therapies[drug].name in c for c in m.would_change)]
        assert asked and asked[0].field == "therapies", drug
