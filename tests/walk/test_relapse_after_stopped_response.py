"""A course that worked and was stopped does not answer for the disease now.

Round-10 audit (safety): methotrexate failed, azathioprine then responded and was stopped, and the muscle is active
again on glucocorticoids alone — the answer was "Responding — continue the regimen and taper glucocorticoids",
because the outcome of the last course was read as the outcome of the regimen taken now. With no steroid-sparing
agent taken now, a stopped course that responded leaves the present unjudged: the activity decides, as it does
after a stopped course whose response was partial, and whatever the order the courses are listed in.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def test_relapse_after_a_stopped_response_is_not_called_responding():
    for drug in ("azathioprine", "mycophenolate_mofetil", "tacrolimus", "rituximab"):
        history = [course("methotrexate", 16, "failed"), course(drug, 40, "responded")]
        for courses in (history, history[::-1]):
            rec = decision.recommend(KB, active_dm(*courses))
            assert rec.status.code != "responding", (drug, [c["drug"] for c in courses])
            assert not any(a.id == "responding_continue" for a in rec.actions)
            assert any(a.kind == "therapy" and a.therapy not in ("exercise_rehabilitation",) for a in rec.actions)


def test_a_current_course_that_responds_is_still_responding():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), course("azathioprine", 20,
                                                                                        "responded", True)))
    assert rec.status.code == "responding"
