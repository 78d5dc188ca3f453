"""A course stopped with only a partial response after an adequate trial is a failure of its line (round 10).

Three agents on two lines, each stopped after 16–20 weeks with a partial response, read as "glucocorticoids
alone — add a steroid-sparing agent now; the first agent has not been tried yet", re-offering methotrexate and
azathioprine. An insufficient response after an adequate trial (brief §2) counts whether the course goes on or
was stopped; a short or inadequate course still does not.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _lines(rec) -> set[int]:
    return {a.line for a in rec.actions if a.kind == "therapy" and a.line}


def test_a_stopped_partial_response_moves_the_line_as_a_failure_does():
    for outcome in ("partial", "failed"):
        rec = decision.recommend(KB, active_dm(course("methotrexate", 16, outcome)))
        assert rec.status.code == "refractory_active" and _lines(rec) == {2}, outcome
        assert "methotrexate" not in {a.therapy for a in rec.actions}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "partial"), course("azathioprine", 16, "partial"),
                                           course("mycophenolate_mofetil", 20, "partial")))
    assert _lines(rec) == {3}


def test_a_short_or_inadequate_partial_course_does_not():
    for short in (course("methotrexate", 6, "partial"), course("methotrexate", 16, "partial", adequate_dose=False)):
        rec = decision.recommend(KB, active_dm(short))
        assert rec.status.code == "add_steroid_sparing"
