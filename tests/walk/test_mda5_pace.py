"""Anti-MDA5 ILD whose pace is not recorded, with a poor-prognosis marker, is settled today, not left to wait.

Brief §5 (anti-MDA5 row): rapidly progressive ILD is urgent (pulse + combination therapy); ferritin above
1000 ng/mL, ground glass in all lung fields and worsening on therapy mark a poor prognosis; waiting 3 months is
what not to do. Variations of scenario E with the "rapidly progressive" answer left out, each marker alone, no
marker, another emergency alongside, the answer "no", and another antibody.
"""

from __future__ import annotations

import pytest
from example_patients import example

import decision

KB = decision.load()
NEW_DRUGS = {"tacrolimus", "cyclophosphamide", "tofacitinib", "mycophenolate_mofetil", "azathioprine",
             "methotrexate", "rituximab", "ivig", "pulse_methylprednisolone"}


def _pace_unrecorded(ferritin=None, ground_glass=None, progressing=None, **extra) -> dict:
    e = example("E")
    ild = {"present": True, "symptomatic": True, "ground_glass_all_zones": ground_glass, "progressing": progressing}
    labs = {"ferritin": ferritin} if ferritin is not None else {}
    return {**e, "labs": labs, "ild": {k: v for k, v in ild.items() if v is not None}, **extra}


def test_scenario_e_is_still_an_emergency():
    assert decision.recommend(KB, example("E")).status.code == "emergency"


@pytest.mark.parametrize("marker", [{"ferritin": 1850}, {"ground_glass": True}, {"progressing": True}])
def test_one_poor_prognosis_marker_makes_the_pace_a_question_for_today(marker):
    rec = decision.recommend(KB, _pace_unrecorded(**marker))
    assert rec.status.code == "urgent_question"
    assert rec.status.severity == "urgent"
    assert rec.missing[0].field == "ild.rapidly_progressive"
    assert not {a.therapy for a in rec.actions if a.kind == "therapy"} & NEW_DRUGS
    assert rec.next_if_confirmed is not None and rec.next_if_confirmed.status == "emergency"


def _held_label(rec) -> str:
    return next(h.branch for h in rec.held) if rec.held else ""


def test_ferritin_at_1000_is_not_above_it():
    rec = decision.recommend(KB, _pace_unrecorded(ferritin=1000))
    assert "poor-prognosis marker" not in _held_label(rec)  # not the marker: the unrecorded pace holds it
    assert "poor-prognosis marker" in _held_label(decision.recommend(KB, _pace_unrecorded(ferritin=1001)))


def test_without_a_marker_an_unrecorded_pace_is_still_settled_today():
    """Round-9 audit: anti-MDA5 ILD whose pace was never recorded is itself the clue (brief §5). A lung recorded as
    not progressing has its pace recorded: not rapidly progressive (round 26, tests/walk/test_round26.py)."""
    rec = decision.recommend(KB, _pace_unrecorded())
    assert rec.status.code == "urgent_question"
    assert _held_label(rec) == "anti-MDA5, lung or its pace not yet assessed"
    assert rec.missing[0].field == "ild.rapidly_progressive"


def test_a_recorded_pace_lets_the_walk_go_on():
    p = _pace_unrecorded(progressing=False)
    p["ild"] = {**p["ild"], "rapidly_progressive": False}
    assert decision.recommend(KB, p).status.code not in ("urgent_question", "emergency")


def test_another_emergency_found_is_treated_now():
    rec = decision.recommend(KB, _pace_unrecorded(ferritin=1850, muscle={"respiratory_muscle_weakness": True}))
    assert rec.status.code == "emergency"


def test_known_not_rapidly_progressive_is_not_held():
    p = _pace_unrecorded(ferritin=1850)
    rec = decision.recommend(KB, {**p, "ild": {**p["ild"], "rapidly_progressive": False}})
    assert rec.status.code != "urgent_question"


def test_another_antibody_is_not_held_on_the_anti_mda5_markers():
    p = _pace_unrecorded(ferritin=1850)
    rec = decision.recommend(KB, {**p, "autoantibodies": [{"name": "jo1", "result": "positive"},
                                                          {"name": "mda5", "result": "negative"}]})
    assert rec.status.code != "urgent_question"
