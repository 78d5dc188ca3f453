"""A new myositis whose first-line options a gate withholds is told the regimen is incomplete (round 10).

With an active infection or an active cancer, a new patient's ladder options (methotrexate, azathioprine) were
withheld and glucocorticoids went ahead alone, unsaid; the explicit regimens of the nodes already said so. The
ladder options a route chose count as what it named.
"""

from __future__ import annotations

import decision
from tests.walk.patients import ACTIVE_DM

KB = decision.load()
NEW = {**ACTIVE_DM, "treatment_naive": True}


def test_a_new_patient_left_with_glucocorticoids_alone_is_told_so():
    for reason in ({"comorbidity": {"active_infection": True}}, {"cancer": {"active": True}}):
        rec = decision.recommend(KB, {**NEW, **reason})
        assert rec.status.code == "initial_therapy", reason
        assert rec.warnings[0].id == "regimen_incomplete", reason
        assert "glucocorticoids alone are not the regimen" in rec.warnings[0].message


def test_a_new_patient_with_a_first_line_option_left_is_not():
    rec = decision.recommend(KB, NEW)
    assert not any(w.id == "regimen_incomplete" for w in rec.warnings)
