"""Earlier courses with no recorded outcome that leave a line with nothing to offer are said first and asked.

Variation audit: methotrexate and azathioprine each taken for 20 weeks and stopped, outcomes not recorded, now on
glucocorticoids alone: the answer said "add a steroid-sparing agent now" and offered none (both were passed over
as "taken before, no outcome"), and the outcomes, which decide between restarting one and the next line, were
not among the questions.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _history(*courses):
    return decision.recommend(KB, active_dm(*courses))


def test_a_line_left_empty_by_unrecorded_outcomes_says_so_and_asks_them():
    rec = _history(course("methotrexate", 20, None), course("azathioprine", 20, None))
    first = rec.warnings[0]
    assert first.id == "outcomes_needed"
    assert set(first.therapies) == {"methotrexate", "azathioprine"}
    asked = [c for m in rec.missing for c in m.would_change if c.startswith("the outcome of")]
    assert any("Methotrexate" in c for c in asked) and any("Azathioprine" in c for c in asked)


def test_one_unrecorded_outcome_beside_an_option_still_offered_is_asked_but_not_flagged():
    rec = _history(course("methotrexate", 20, None))
    assert "outcomes_needed" not in {w.id for w in rec.warnings}
    assert any(c.startswith("the outcome of Methotrexate") for m in rec.missing for c in m.would_change)


def test_recorded_outcomes_need_no_question():
    rec = _history(course("methotrexate", 20, "failed"), course("azathioprine", 20, "intolerant"))
    assert "outcomes_needed" not in {w.id for w in rec.warnings}
    assert not any(c.startswith("the outcome of") for m in rec.missing for c in m.would_change)


def test_a_combination_containing_a_drug_stopped_with_no_outcome_is_not_offered_unasked():
    """Round 11: methotrexate stopped (ALT rise) with no outcome recorded; the bare drug was asked about, but
    methotrexate + azathioprine was offered at line 2 as if methotrexate's outcome did not matter."""
    from tests.walk.patients import active_dm, course
    rec = decision.recommend(KB, active_dm(course("methotrexate", 10, None), course("azathioprine", 16, "failed")))
    assert "methotrexate_azathioprine" not in {a.therapy for a in rec.actions if a.kind == "therapy"}
    combo = next(n for n in rec.not_suggested if n.therapy == "methotrexate_azathioprine")
    assert "contains Methotrexate" in combo.reason
