"""A sign of infection, with the infection itself unrecorded, holds escalation until it is answered (round 10).

An active infection holds every immunosuppressant, so "is there an active infection?" is a question whose answer
could forbid the escalation. Like IBM, a statin or a cancer, it now holds the walk when a clue of it is present
(fever or night sweats, or a recent infection treated with antibiotics); without a clue it is asked, not held.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
HISTORIES = ([course("methotrexate", 16, "failed", True)],
             [course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed", True)],
             [course("methotrexate", 6, "intolerant")])


def test_a_sign_of_infection_holds_every_escalation():
    for clue in ({"comorbidity": {"recent_antibiotics": True}},
                 {"cancer": {"active": False, "screening": "done", "screening_result": "negative",
                             "constitutional_symptoms": True, "red_flag_investigated": True}}):
        for history in HISTORIES:
            rec = decision.recommend(KB, active_dm(*history, **clue))
            assert rec.status.code == "confirm_before_escalating", (clue, [c["drug"] for c in history])
            assert rec.missing[0].field == "comorbidity.active_infection"
            assert not any(a.kind == "therapy" and a.line for a in rec.actions)


def test_without_a_sign_the_infection_question_is_asked_not_held():
    rec = decision.recommend(KB, active_dm(*HISTORIES[0]))
    assert rec.status.code == "refractory_active"
    assert "comorbidity.active_infection" in {m.field for m in rec.missing}
    answered = decision.recommend(KB, active_dm(*HISTORIES[0], comorbidity={"recent_antibiotics": True,
                                                                             "active_infection": False}))
    assert answered.status.code == "refractory_active"
