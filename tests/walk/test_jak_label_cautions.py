"""A JAK inhibitor is weighed against a past cancer, past smoking or a chronic infection (round 10).

The tofacitinib label asks for benefit and risk to be weighed with a known malignancy (other than a treated
non-melanoma skin cancer), in current or past smokers, and with a chronic or recurrent infection; the cancer
history and the chronic infection were read only by trial eligibility. Only recorded findings count.
"""

from __future__ import annotations

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
THIRD = [course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed", True)]


def _caution(**sections):
    rec = decision.recommend(KB, active_dm(*THIRD, **sections))
    assert "tofacitinib" in {a.therapy for a in rec.actions}
    return next((w for w in rec.warnings if w.id == "jak_inhibitor_label_cautions"), None)


def test_each_recorded_finding_brings_the_caution():
    for sections in ({"cancer": {**ACTIVE_DM["cancer"], "history": True}},
                     {"comorbidity": {"smoking": "former"}},
                     {"comorbidity": {"chronic_infection": True}}):
        caution = _caution(**sections)
        assert caution is not None and caution.therapies == ("tofacitinib",), sections


def test_nothing_recorded_asks_nothing():
    assert _caution() is None
    assert _caution(comorbidity={"smoking": "never", "chronic_infection": False}) is None
