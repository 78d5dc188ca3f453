"""Infection and cancer gates reach every drug they concern, and only those (round-10 audit).

- Hepatitis B status is known before every biologic and the JAK inhibitor (EULAR 2022), not only rituximab and
  tofacitinib: a TNF inhibitor or abatacept offered to an HBsAg-positive patient carries the caution.
- A recorded positive hepatitis C antibody is never passed over before a biologic or JAK inhibitor; an unrecorded
  one is not asked of everyone.
- Active cancer holds immunosuppression, not IVIG (not immunosuppressive), as an active infection already did:
  severe dysphagia with a cancer keeps its pulse and IVIG.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
HBV_POSITIVE = {"hepatitis_b": {"hbsag": "positive", "anti_hbc": "positive"}}
HBV_TAGGED = {t.id for t in KB.therapies.values() if "needs_hbv_screen" in t.tags}


def test_every_biologic_and_the_jak_inhibitor_need_the_hepatitis_b_status():
    biologics = {t.id for t in KB.therapies.values() if "biologic" in t.tags or t.drug_class == "jak_inhibitor"}
    assert biologics and biologics <= HBV_TAGGED


def test_hepatitis_b_and_c_positive_are_flagged_on_whatever_biologic_is_in_play():
    for taking in ("tnf_inhibitor", "abatacept", "rituximab", "tofacitinib"):
        for section, gate in ((HBV_POSITIVE, "hepatitis_b_reactivation"),
                              ({"hepatitis_c": {"antibody": "positive"}}, "hepatitis_c_positive")):
            rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                                   course(taking, 16, None, True), **section))
            warned = [w for w in rec.warnings if w.id == gate]
            assert warned and taking in warned[0].therapies, (taking, gate)


def test_hepatitis_c_is_not_asked_when_unrecorded():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), course("rituximab", 16, None, True)))
    assert not any(w.id == "hepatitis_c_positive" for w in rec.warnings)
    assert "hepatitis_c.antibody" not in {m.field for m in rec.missing}


def test_active_cancer_holds_immunosuppression_but_not_ivig():
    severe = {"muscle": {"active": True, "dysphagia": "severe", "weakness": {"proximal": True}},
              "cancer": {"active": True}}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", True), **severe))
    offered = {a.therapy for a in rec.actions if a.kind == "therapy"}
    assert "ivig" in offered
    assert not any(w.id == "urgent_regimen_incomplete" and "ivig" in w.therapies for w in rec.warnings)
    refractory = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", True), cancer={"active": True}))
    held = {n.therapy for n in refractory.not_suggested if n.reason.startswith("Active cancer")}
    assert "ivig" not in held
