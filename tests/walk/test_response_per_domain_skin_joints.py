"""A response in the muscle does not settle an active skin or joint domain (variation audit; brief §13.1).

Step 1 is judged for each organ domain. The lung already overrode a response seen elsewhere; the skin and
joints did not, so a regimen that met the IMACS definition of improvement while the skin stayed active after 12
weeks (scenario D's refractory skin, muscle in remission) was "responding — continue", with nothing for the skin.
And when the walk went on, the responding muscle must not lead: the active domain does.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
RESPONDING = course("methotrexate", 24, "responded", current=True)
QUIET_SKIN = {"active": False, "ulcers": False, "cdasi_activity": 4}


@pytest.mark.parametrize(("changes", "ladder"), [
    ({"skin": {"active": True}}, "act_ladder_skin"),
    ({"skin": {"cdasi_activity": 26}}, "act_ladder_skin"),
    ({"skin": {"ulcers": True}}, "act_ladder_skin"),
    ({"skin": QUIET_SKIN, "arthritis": {"active": True}}, "act_ladder_arthritis"),
])
def test_an_active_domain_outside_the_muscle_overrides_the_response_and_leads(changes, ladder):
    rec = decision.recommend(KB, active_dm(RESPONDING, **changes))
    assert rec.status.code == "refractory_active"
    assert ladder in rec.path and "act_ladder_muscle" not in rec.path
    assert "responding_continue" not in {a.id for a in rec.actions}


def test_quiet_skin_and_joints_leave_the_response_alone():
    rec = decision.recommend(KB, active_dm(RESPONDING, skin=QUIET_SKIN, arthritis={"active": False}))
    assert rec.status.code == "responding"


def test_a_muscle_that_has_not_responded_still_leads_over_the_skin():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 24, "failed", current=True),
                                           skin={"active": True}))
    assert "act_ladder_muscle" in rec.path
