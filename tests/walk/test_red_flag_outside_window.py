"""A cancer red flag is investigated before escalation, whatever the screening window (round 10).

Five years after onset, with unexplained weight loss and no screening recorded, the walk escalated when
"active cancer: no" was recorded (and held only when it was not), and the text view dropped the red-flag panel
that the JSON carried. A red flag now means cancer is not excluded until screening is recorded as done (an
unrecorded screening is asked first), and every view shows the panel.
"""

from __future__ import annotations

import decision
from decision.views.reading import cancer_texts
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
LATE = {"diagnosis": {**ACTIVE_DM["diagnosis"], "disease_duration_months": 60}, "age": 58}


def test_a_red_flag_outside_the_window_is_investigated_first():
    for flag in ("unexplained_weight_loss", "constitutional_symptoms"):
        for screening in ({}, {"screening": "not_done"}):
            cancer = {"active": False, flag: True, **screening}
            rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", True), cancer=cancer, **LATE))
            held = rec.status.code == "confirm_before_escalating" and rec.missing[0].field == "cancer.screening"
            assert held if not screening else "act_mimic_cancer" in rec.path, (flag, screening)
            assert any("red flag" in t for t in cancer_texts(rec))


def test_a_red_flag_already_investigated_does_not_hold():
    cancer = {"active": False, "unexplained_weight_loss": True, "screening": "done", "screening_result": "negative",
              "red_flag_investigated": True}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", True), cancer=cancer, **LATE))
    assert rec.status.code == "refractory_active"


def test_a_screening_done_is_not_taken_to_have_investigated_a_later_red_flag():
    """Round 18: a screening recorded as done may predate the flag; whether the flag was investigated is asked."""
    cancer = {"active": False, "unexplained_weight_loss": True, "screening": "done", "screening_result": "negative"}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", True), cancer=cancer, **LATE))
    assert rec.status.code == "confirm_before_escalating"
    assert rec.missing[0].field == "cancer.red_flag_investigated"
