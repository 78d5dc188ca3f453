"""After switching or adding an agent, the regimen is judged only once the newest agent has had its weeks.

Brief §4: judge the response about 12 weeks after switching or adding. An earlier failed drug establishes how
far up the ladder the patient is, not that the regimen taken now has failed. Variations on one patient with
refractory dermatomyositis: the same history with the new agent at 6, 12 and unknown weeks, added to a partial
responder, stated failed early, and with an emergency.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
ESCALATION = {"rituximab", "cyclophosphamide", "ivig", "tacrolimus", "abatacept", "tofacitinib",
              "repository_corticotropin", "tnf_inhibitor"}


def _patient(*courses: dict, **changes) -> dict:
    return active_dm(course("methotrexate", 16, "failed"), *courses, **changes)


def _mmf(**course) -> dict:
    return {"drug": "mycophenolate_mofetil", "current": True, "adequate_dose": True, "adherent": True, **course}


def _escalated(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"} & ESCALATION


def test_a_new_agent_at_six_weeks_is_continued_not_escalated_past():
    rec = decision.recommend(KB, _patient(_mmf(weeks=6, outcome="ongoing")))
    assert rec.status.code == "not_yet_refractory"
    assert not _escalated(rec)
    assert rec.status.reassess is not None


def test_the_same_agent_after_twelve_weeks_is_judged():
    rec = decision.recommend(KB, _patient(_mmf(weeks=12, outcome="ongoing")))
    assert rec.status.code == "refractory_active"
    assert _escalated(rec)


def test_a_new_agent_of_unknown_duration_is_asked_about_before_escalating():
    rec = decision.recommend(KB, _patient(_mmf(outcome="ongoing")))
    assert rec.status.code == "needs_information"
    assert not _escalated(rec)


def test_an_agent_added_to_a_partial_responder_is_given_its_weeks():
    mtx_partial = {"drug": "azathioprine", "weeks": 30, "current": True, "outcome": "partial",
                   "adequate_dose": True, "adherent": True}
    rec = decision.recommend(KB, _patient(mtx_partial, _mmf(weeks=4)))
    assert rec.status.code == "not_yet_refractory"
    assert not _escalated(rec)


def test_an_agent_the_clinician_calls_failed_early_is_not_waited_for():
    rec = decision.recommend(KB, _patient(_mmf(weeks=8, outcome="failed")))
    assert rec.status.code == "refractory_active"


def test_an_emergency_is_not_made_to_wait_for_the_new_agent():
    emergency = _patient(_mmf(weeks=2), muscle={"active": True, "respiratory_muscle_weakness": True,
                                               "weakness": {"proximal": True, "trend": "worsening"}})
    assert decision.recommend(KB, emergency).status.code == "emergency"
