"""Fifth variation audit, on the reference scenarios varied: a PJP trigger read from the weeks above 40 mg; an
untreated emergency told to start the steroid-sparing agent too; an agent stopped before conception flagged as
leaving nothing in its place; an improving weakness settled before escalating; no 'taper on schedule' while
the weakness worsens.
"""

from __future__ import annotations

from example_patients import example

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _ids(rec) -> set[str]:
    return {a.id for a in rec.actions}


def test_weeks_above_40_mg_are_weeks_at_or_above_30_for_pjp():
    rec = decision.recommend(KB, example("C"))
    assert "pjp_prophylaxis" in {w.id for w in rec.warnings if w.severity == "caution"}


def test_an_untreated_emergency_is_told_to_start_the_steroid_sparing_agent_too():
    k = example("K")
    rec = decision.recommend(KB, {**k, "muscle": {**k.get("muscle", {}), "dysphagia": "severe"}})
    assert rec.status.code == "emergency"
    assert "emergency_sparing_too" in _ids(rec)
    treated = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", True),
                                               muscle={"dysphagia": "severe"}))
    assert treated.status.code == "emergency" and "emergency_sparing_too" not in _ids(treated)


def test_an_agent_stopped_before_conception_with_nothing_in_its_place_is_flagged():
    trying = active_dm(course("methotrexate", 30, "responded", True),
                       pregnancy={"status": "not_pregnant", "plans": "trying", "breastfeeding": False})
    rec = decision.recommend(KB, trying)
    assert "stop_methotrexate" in _ids(rec)
    assert rec.status.code == "intolerance" and "azathioprine" in {a.therapy for a in rec.actions}  # replaced
    assert "regimen_incomplete" not in {w.id for w in rec.warnings}
    alone = decision.recommend(KB, {**trying, "comorbidity": {"active_infection": True}})  # the switch is held too
    assert "stop_methotrexate" in _ids(alone)
    assert alone.warnings[0].id == "regimen_incomplete" and alone.warnings[0].therapies == ("methotrexate",)
    with_aza = {**trying, "therapies": [*trying["therapies"], course("azathioprine", 30, "responded", True)]}
    assert "regimen_incomplete" not in {w.id for w in decision.recommend(KB, with_aza).warnings}


def test_an_improving_weakness_is_settled_before_escalating():
    improving = active_dm(course("methotrexate", 16, "ongoing", True),
                          muscle={"active": True, "weakness": {"proximal": True, "trend": "improving"}})
    rec = decision.recommend(KB, improving)
    assert rec.status.code == "confirm_before_escalating"
    stable = active_dm(course("methotrexate", 16, "ongoing", True))
    assert decision.recommend(KB, stable).status.code == "refractory_active"


def test_taper_on_schedule_only_while_not_worsening():
    def early(trend: str):
        return decision.recommend(KB, active_dm(course("methotrexate", 6, "ongoing", True),
                                                muscle={"active": True, "weakness": {"proximal": True,
                                                                                     "trend": trend}}))
    assert "not_yet_taper" in _ids(early("improving"))
    worsening = early("worsening")
    assert "not_yet_taper" not in _ids(worsening) and "not_yet_adherence" in _ids(worsening)
