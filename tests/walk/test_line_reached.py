"""The line reached counts every agent the disease has proved refractory to, and no drug is offered again as if
never tried.

Refractory means still active after a steroid-sparing agent given for 12 weeks (brief §2): when the walk
concludes that, the agents taken now have not worked, whether or not the file states it, and the next line is
the one after theirs. A drug stopped with no outcome recorded is not offered again until its outcome is known.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _rec(*courses):
    return decision.recommend(KB, active_dm(*courses))


def _lines(rec) -> set[int]:
    return {a.line for a in rec.actions if a.kind == "therapy" and a.line}


def test_a_current_first_line_agent_without_a_stated_outcome_leads_to_the_second_line():
    for outcome in (None, "partial", "ongoing"):
        rec = _rec(course("methotrexate", 16, outcome, current=True))
        assert rec.status.code == "refractory_active", outcome
        assert _lines(rec) == {2}, outcome


def test_a_current_second_line_agent_after_a_failed_first_leads_to_the_third():
    rec = _rec(course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, None, current=True))
    assert _lines(rec) == {3}


def test_a_drug_stopped_with_no_outcome_recorded_is_not_offered_again():
    rec = _rec(course("methotrexate", 30, None))  # glucocorticoids alone now: a first-line agent is due
    assert rec.status.code == "add_steroid_sparing"
    offered = {a.therapy for a in rec.actions if a.kind == "therapy"}
    assert "methotrexate" not in offered
    why = next(n.reason for n in rec.not_suggested if n.therapy == "methotrexate")
    assert "no outcome recorded" in why
