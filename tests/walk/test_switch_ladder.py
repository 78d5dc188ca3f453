"""A drug not tolerated is replaced from the ladder of the domain that leads, as escalation is.

Brief §4.2 and §5 (myositis-ILD rows): with the lung leading, the replacement is an ILD-directed agent
(mycophenolate the usual first choice, azathioprine, rituximab…), not the muscle ladder's next option.
Variations: scenario I (muscle, no ILD), the same patient with progressing ILD, and an antisynthetase patient
whose rituximab was stopped for an infusion reaction.
"""

from __future__ import annotations

from example_patients import example

import decision

KB = decision.load()
ILD_LINE_1 = set(next(s for s in KB.ladders["ild"].steps if s.line == 1).options)


def _switched(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy" and a.therapy != "exercise_rehabilitation"}


def test_scenario_i_switches_within_the_muscle_ladder():
    rec = decision.recommend(KB, example("I"))
    assert rec.status.code == "intolerance"
    assert _switched(rec) <= set(next(s for s in KB.ladders["muscle"].steps if s.line == 1).options)


def test_with_the_lung_leading_the_switch_comes_from_the_ild_ladder():
    i = example("I")
    rec = decision.recommend(KB, {**i, "ild": {"present": True, "progressing": True, "symptomatic": True}})
    assert rec.status.code == "intolerance"
    assert _switched(rec) and _switched(rec) <= ILD_LINE_1
    assert "mycophenolate_mofetil" in _switched(rec)  # the usual first ILD-directed choice (brief §5)
    assert "methotrexate" not in _switched(rec)
