"""Step 1 reads a biopsy as activity only when it was repeated during treatment.

The diagnostic biopsy showed inflammation by definition (it made the diagnosis); it says nothing of whether
the muscle is active now (brief §3.1: a *repeat* biopsy with inflammation). Variations of scenario A (damage):
the same inflamed biopsy read as the diagnostic one, as a repeat, and with the question left open.
"""

from __future__ import annotations

from example_patients import example

import decision

KB = decision.load()


def _with_biopsy(**biopsy) -> dict:
    a = example("A")
    failed = [dict(c, outcome="failed") if c["drug"] == "methotrexate" else c for c in a["therapies"]]
    # the cancer screening recorded: with it and the onset unrecorded, a climb past the failed line asks first
    return {**a, "therapies": failed, "biopsy": {"performed": True, "inflammation": True, **biopsy},
            "cancer": {"active": False, "screening": "done", "screening_result": "negative"}}


def test_an_inflamed_diagnostic_biopsy_does_not_make_damaged_muscle_active():
    rec = decision.recommend(KB, _with_biopsy(repeat=False))
    assert rec.status.code == "damage"
    assert "muscle" not in rec.status.domains
    assert not [a for a in rec.actions if a.kind == "therapy" and a.therapy != "exercise_rehabilitation"]


def test_an_inflamed_repeat_biopsy_is_activity():
    rec = decision.recommend(KB, _with_biopsy(repeat=True))
    assert rec.status.code == "refractory_active"
    assert rec.status.domains == ("muscle",)


def test_an_inflamed_biopsy_not_known_to_be_a_repeat_is_asked_before_anything_escalates():
    rec = decision.recommend(KB, _with_biopsy())
    assert rec.status.code != "refractory_active"
    assert rec.missing[0].field == "biopsy.repeat"
    assert not [a for a in rec.actions if a.kind == "therapy" and a.therapy != "exercise_rehabilitation"]


def test_no_biopsy_at_all_asks_nothing_about_one():
    a = example("A")
    rec = decision.recommend(KB, {k: v for k, v in a.items() if k != "biopsy"})
    assert rec.status.code == "damage"
    assert "biopsy.repeat" not in [m.field for m in rec.missing]
