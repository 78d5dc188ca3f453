"""Step 1 reads the direction of the weakness: worsening is neither static damage nor, at the neck, steroid myopathy.

Brief §3.1: worsening neck-flexor weakness points to active myositis rather than steroid myopathy (APLAR/EULAR
textbook); damage is weakness without activity, static for months. Variations of scenario C (steroid myopathy)
and scenario A (damage), each with the trend changed or left out.
"""

from __future__ import annotations

from example_patients import example

import decision

KB = decision.load()


def _weakness(p: dict, **trend) -> dict:
    weakness = {k: v for k, v in p["muscle"]["weakness"].items() if k not in trend or trend[k] is not None}
    weakness.update({k: v for k, v in trend.items() if v is not None})
    return {**p, "muscle": {**p["muscle"], "weakness": weakness}}


def test_scenario_c_is_steroid_myopathy_with_neck_flexors_improving_or_not_recorded():
    c = example("C")
    assert decision.recommend(KB, c).status.code == "steroid_myopathy"
    assert decision.recommend(KB, _weakness(c, neck_flexor_trend=None)).status.code == "steroid_myopathy"


def test_worsening_neck_flexors_are_not_read_as_steroid_myopathy_or_damage():
    rec = decision.recommend(KB, _weakness(example("C"), neck_flexor_trend="worsening"))
    assert rec.status.code == "second_examination_needed"
    assert not {a.therapy for a in rec.actions if a.kind == "therapy"} - {"exercise_rehabilitation"}


def test_scenario_a_is_damage_while_static_and_not_when_worsening():
    a = example("A")
    assert decision.recommend(KB, a).status.code == "damage"
    assert decision.recommend(KB, _weakness(a, trend="worsening")).status.code != "damage"
    assert decision.recommend(KB, _weakness(a, trend=None)).status.code == "damage"  # fatty replacement suffices
