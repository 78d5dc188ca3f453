"""Never two calcineurin inhibitors at once (round-10 audit, ladders and node regimens alike).

A ladder offered tacrolimus beside cyclosporine taken now (an ILD progressing on cyclosporine; a switch after
mycophenolate was stopped while tacrolimus continued). A drug tagged ``one_of_its_class`` is not offered beside
another of its class that the patient keeps taking; once that one is stopped or not tolerated it may replace it.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
ILD = {"ild": {"present": True, "progressing": True}, "autoantibodies": [{"name": "jo1", "result": "positive"}],
       "diagnosis": {"subtype": "asys", "ibm_features_excluded": True}}
CNIS = {"tacrolimus", "cyclosporine"}


def _offered(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"}


def test_no_second_calcineurin_inhibitor_beside_one_taken_now():
    for taking in CNIS:
        for history, sections in (([course("mycophenolate_mofetil", 16, "failed")], ILD),
                                  ([course("methotrexate", 16, "failed")], {})):
            rec = decision.recommend(KB, active_dm(*history, course(taking, 20, "failed", True), **sections))
            other = (CNIS - {taking}).pop()
            assert other not in _offered(rec), (taking, sections)
            reasons = [n.reason for n in rec.not_suggested if n.therapy == other]
            assert len(reasons) <= 1 and all("not two of the same drug class" in r for r in reasons), reasons


def test_a_calcineurin_inhibitor_not_tolerated_may_be_replaced_by_the_other():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), course("cyclosporine", 6,
                                                                                        "intolerant")))
    assert rec.status.code == "intolerance"
    assert not any("same drug class" in n.reason for n in rec.not_suggested)
