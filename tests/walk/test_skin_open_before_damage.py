"""A recorded dermatomyositis rash whose activity is not judged is not "not active disease" (round 10).

"Damage, not active disease" was declared (withholding IVIG and tofacitinib, the drugs a DM skin may need) with
Gottron's papules and heliotrope recorded and their activity not judged — the same hazard as an ILD of unknown
activity, which already made damage wait. A rash recorded but unjudged now makes damage and steroid myopathy wait
for the second examination, which asks about the skin (and not the settled muscle). A skin about which nothing is
recorded does not hold (reference scenarios A and C), nor does a rash judged inactive.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
DAMAGE = {"mri": {"oedema": False, "fatty_replacement": "marked"},
          "labs": {"ck": {"value": 150, "uln": 200}, "egfr": 90, "thyroid_function": "normal"},
          "muscle": {"active": False, "weakness": {"proximal": True, "trend": "stable"}}}
ON_MTX = course("methotrexate", 20, "failed", True)


def test_a_recorded_rash_of_unknown_activity_holds_damage():
    for rash in ({"gottron_papules": True}, {"heliotrope": True}, {"gottron_sign": True, "heliotrope": True}):
        rec = decision.recommend(KB, active_dm(ON_MTX, skin=rash, **DAMAGE))
        assert rec.status.code == "second_examination_needed", rash
        ids = {a.id for a in rec.actions}
        assert "exam_skin" in ids and "exam_mri" not in ids


def test_a_rash_judged_inactive_or_nothing_recorded_keeps_damage():
    for skin in ({"gottron_papules": True, "active": False, "ulcers": False, "cdasi_activity": 5}, {}):
        rec = decision.recommend(KB, active_dm(ON_MTX, skin=skin, **DAMAGE))
        assert rec.status.code == "damage", skin
