"""A drug taken now that a safety gate stops is replaced within its line, not "continued" (variation audit).

Methotrexate with an eGFR below 30, a JAK inhibitor with untreated latent TB, a teratogen before a planned
pregnancy: the gate stops the drug (``stop_if_current``). Before, a regimen too early to judge, or one that
was working, was still to be "continued" beside the stop, with nothing in the stopped drug's place. The drug
did not fail, so the answer is the one for intolerance: switch within the same line (brief §4, seed 003). A
regimen that has failed still escalates: the next line replaces the drug anyway.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
IMPROVING = {"active": True, "weakness": {"proximal": True, "trend": "improving"}}


def _rec(*courses, **changes):
    return decision.recommend(KB, active_dm(*courses, **changes))


def _labs(**extra):
    return {"ck": {"value": 2400, "uln": 200}, "egfr": 90, "thyroid_function": "normal", **extra}


def _suggested(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy" and a.timing == "now"}


@pytest.mark.parametrize("egfr", [10, 25, 29.9])
@pytest.mark.parametrize("weeks", [2, 6, 11])
def test_methotrexate_too_early_to_judge_but_kidneys_failing_is_switched(egfr, weeks):
    rec = _rec(course("methotrexate", weeks, None, current=True), labs=_labs(egfr=egfr), muscle=IMPROVING)
    assert rec.status.code == "intolerance"
    assert "stop_methotrexate" in {a.id for a in rec.actions}
    assert "not_yet_continue" not in {a.id for a in rec.actions}
    assert "azathioprine" in _suggested(rec)
    assert "methotrexate" not in _suggested(rec)
    assert "check_mimics_switch" in rec.path


def test_methotrexate_with_adequate_kidneys_is_continued():
    rec = _rec(course("methotrexate", 6, None, current=True), labs=_labs(egfr=30), muscle=IMPROVING)
    assert rec.status.code == "not_yet_refractory"
    assert "not_yet_continue" in {a.id for a in rec.actions}


def test_unknown_kidney_function_asks_what_it_would_change():
    labs = {k: v for k, v in _labs().items() if k != "egfr"}
    rec = _rec(course("methotrexate", 6, None, current=True), labs=labs, muscle=IMPROVING)
    assert rec.status.code == "not_yet_refractory"
    assert any(m.field == "labs.egfr" and any("must stop" in c for c in m.would_change) for m in rec.missing)


def test_a_responding_regimen_keeps_its_line_when_its_drug_must_stop():
    rec = _rec(course("methotrexate", 30, "responded", current=True), labs=_labs(egfr=20))
    assert rec.status.code == "intolerance"
    assert "responding_continue" not in {a.id for a in rec.actions}
    assert "azathioprine" in _suggested(rec)


def test_a_responding_jak_inhibitor_with_untreated_latent_tb_is_replaced_on_its_own_line():
    history = (course("methotrexate", 20, "failed"), course("mycophenolate_mofetil", 20, "failed"),
               course("tofacitinib", 20, "responded", current=True))
    rec = _rec(*history, tuberculosis={"test": "positive", "treated": False})
    assert rec.status.code == "intolerance"
    assert "stop_tofacitinib" in {a.id for a in rec.actions}
    lines = {a.line for a in rec.actions if a.kind == "therapy" and a.line}
    assert lines == {3}, lines  # the JAK inhibitor's line, never back to the first


def test_a_failed_regimen_still_escalates_and_the_stop_stands():
    rec = _rec(course("methotrexate", 20, "failed", current=True), labs=_labs(egfr=20))
    assert rec.status.code == "refractory_active"
    assert "stop_methotrexate" in {a.id for a in rec.actions}
    assert {a.line for a in rec.actions if a.kind == "therapy" and a.timing == "now" and a.line} == {2}


def test_the_stopped_drug_is_listed_with_the_gates_reason():
    rec = _rec(course("methotrexate", 6, None, current=True), labs=_labs(egfr=20), muscle=IMPROVING)
    why = {n.therapy: n.reason for n in rec.not_suggested}
    assert "eGFR below 30" in why["methotrexate"]


def test_a_planned_pregnancy_replaces_methotrexate_before_conception():
    pregnancy = {"status": "not_pregnant", "plans": "trying", "breastfeeding": False, "contraception": True}
    rec = _rec(course("methotrexate", 6, None, current=True), pregnancy=pregnancy, muscle=IMPROVING)
    assert "stop_methotrexate" in {a.id for a in rec.actions}
    assert "not_yet_continue" not in {a.id for a in rec.actions}
    assert _suggested(rec) & {"azathioprine", "tacrolimus"}


QUIET_MUSCLE = {"active": False, "weakness": {"proximal": False, "trend": "stable"}}
QUIET_LABS = {"ck": {"value": 100, "uln": 200}, "thyroid_function": "normal", "egfr": 20}


def test_a_skin_led_patient_is_switched_along_the_skin_ladder():
    """Round-9 audit: the replacement came from the muscle ladder (azathioprine) for a skin-led patient."""
    rec = _rec(course("methotrexate", 6, None, current=True), muscle=QUIET_MUSCLE, mri={"oedema": False},
               labs=QUIET_LABS, skin={"active": True, "cdasi_activity": 24})
    assert rec.status.code == "intolerance"
    assert "act_intolerance_skin" in rec.path
    assert "azathioprine" not in _suggested(rec)


def test_an_arthritis_led_patient_is_switched_along_the_arthritis_ladder():
    rec = _rec(course("methotrexate", 6, None, current=True), muscle=QUIET_MUSCLE, mri={"oedema": False},
               labs=QUIET_LABS, skin={"active": False}, arthritis={"active": True})
    assert "act_intolerance_arthritis" in rec.path


def test_intolerance_in_a_skin_led_patient_is_switched_along_the_skin_ladder_too():
    rec = _rec(course("methotrexate", 6, "intolerant"), muscle=QUIET_MUSCLE, mri={"oedema": False},
               labs={**QUIET_LABS, "egfr": 90}, skin={"active": True, "cdasi_activity": 24})
    assert "act_intolerance_skin" in rec.path
