"""Doubt about adherence is about the regimen taken now (round-10 audit, two auditors).

A stopped course taken irregularly is why that course does not count as a failure; it is not a doubt about the
drug taken now. Before, one old non-adherent course sent every later answer to "alternative diagnosis to rule
out — escalation withheld", even with the doubt recorded as resolved and the drug taken now taken as prescribed.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
OLD_IRREGULAR = course("methotrexate", 16, "failed", adherent=False)


def test_an_old_irregular_course_does_not_withhold_escalation_for_good():
    for concern in (False, None):
        comorbidity = {} if concern is None else {"adherence_concern": concern}
        rec = decision.recommend(KB, active_dm(OLD_IRREGULAR, course("azathioprine", 16, "failed", True),
                                               comorbidity=comorbidity))
        assert rec.status.code == "refractory_active", concern
        assert "methotrexate" not in {a.therapy for a in rec.actions}  # not restarted: it was not a fair trial


def test_doubt_about_the_regimen_taken_now_still_withholds_it():
    now_irregular = course("azathioprine", 16, "failed", True, adherent=False)
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), now_irregular))
    assert rec.status.code in ("alternative_diagnosis", "not_yet_refractory")
    assert not any(a.kind == "therapy" and a.line == 2 for a in rec.actions)
    recorded = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                                course("azathioprine", 16, "failed", True),
                                                comorbidity={"adherence_concern": True}))
    assert recorded.status.code == "alternative_diagnosis"
