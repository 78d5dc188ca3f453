"""A cause of myopathy the clinician records stops escalation until it is sorted out (Lundberg step 2).

Round-10 audit (safety): ``diagnosis.other_myopathy: true`` — the schema asks "Is there another cause of
myopathy (drug-induced or HIV myositis, dystrophy, myasthenia, endocrine, metabolic)?" — was read only by the trial
module, and the walk escalated to rituximab. A recorded mimic now leads to the re-check at every line, as a drug
exposure or a family history already did.
"""

from __future__ import annotations

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
OTHER = {**ACTIVE_DM["diagnosis"], "other_myopathy": True}


def test_a_recorded_other_myopathy_withholds_escalation_at_every_line():
    for history in ([course("methotrexate", 16, "failed", True)],
                    [course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed", True)],
                    [course("methotrexate", 16, "intolerant")]):
        rec = decision.recommend(KB, active_dm(*history, diagnosis=OTHER))
        assert rec.status.code == "alternative_diagnosis", [c["drug"] for c in history]
        assert "mimic_other_confirm" in {a.id for a in rec.actions}
        assert not any(a.kind == "therapy" and a.therapy in ("rituximab", "mycophenolate_mofetil", "azathioprine")
                       for a in rec.actions)


def test_no_other_myopathy_recorded_changes_nothing():
    for other in (False, None):
        diagnosis = {**ACTIVE_DM["diagnosis"], **({"other_myopathy": other} if other is not None else {})}
        rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", True), diagnosis=diagnosis))
        assert rec.status.code == "refractory_active", other
