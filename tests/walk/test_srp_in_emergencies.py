"""An emergency keeps what the serotype needs: anti-SRP gets early rituximab and a cardiac check (round 10).

A very severe anti-SRP myopathy got only a pulse and IVIG, while a milder one got rituximab, IVIG and the cardiac
check; the emergency nodes now carry the anti-SRP actions too.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
SRP = {"diagnosis": {"subtype": "imnm", "ibm_features_excluded": True},
       "autoantibodies": [{"name": "srp", "result": "positive"}], "exposures": {"statin": "never"}}
EMERGENCIES = ({"muscle": {"active": True, "dysphagia": "severe", "weakness": {"proximal": True}}},
               {"muscle": {"active": True, "very_severe_weakness": True, "weakness": {"proximal": True}}},
               {"cardiac": {"myocarditis": True}})


def test_anti_srp_emergencies_carry_rituximab_and_the_cardiac_check():
    for emergency in EMERGENCIES:
        rec = decision.recommend(KB, active_dm(course("methotrexate", 8, None, True), **SRP, **emergency))
        assert rec.status.code == "emergency", emergency
        ids = {a.id for a in rec.actions}
        assert "rituximab" in {a.therapy for a in rec.actions if a.kind == "therapy"}
        # the heart checked, unless it is known to be involved (the cardiology line then stands: round 18)
        known = emergency.get("cardiac", {}).get("myocarditis") is True
        assert ("srp_emergency_cardiac" in ids) != known and (not known or "severe_cardiology" in ids)


def test_other_emergencies_do_not():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 8, None, True), **EMERGENCIES[0]))
    assert rec.status.code == "emergency"
    assert not {"srp_emergency_rituximab", "srp_emergency_cardiac"} & {a.id for a in rec.actions}


def test_an_emergency_on_glucocorticoids_alone_plans_the_first_steroid_sparing_agent_round_12():
    from tests.walk.patients import ACTIVE_DM
    bulbar = {**ACTIVE_DM, "muscle": {**ACTIVE_DM["muscle"], "dysphagia": "severe"},
              "therapies": [{"drug": "glucocorticoids", "weeks": 6, "current": True}]}
    rec = decision.recommend(decision.load(), bulbar)
    assert rec.status.code == "emergency" and "emergency_sparing_too" in {a.id for a in rec.actions}
