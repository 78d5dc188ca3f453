"""Pneumocystis prophylaxis follows the plan as well as the present: a pulse, or a starting dose of prednisone
at or above 30 mg/day for weeks, is itself a trigger (brief §10: PJP with prednisone ≥30 mg/day ≥4 weeks,
pulses; EULAR 2022; Park 2019). Before, the gate read only today's dose, so an untreated adult starting
high-dose glucocorticoids, or a patient given a pulse for severe dysphagia, was never told to consider it — and
an untreated patient was asked for "today's prednisone dose" instead.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm

KB = decision.load()
NEW_DM = {**ACTIVE_DM, "treatment_naive": True}


def _pjp(rec) -> list:
    return [a for a in rec.actions if a.id in ("pjp_with_pulse", "initial_pjp")]


def _pjp_gate(rec):
    return next((w for w in rec.warnings if w.id == "pjp_prophylaxis"), None)


@pytest.mark.parametrize("age", [19, 45, 80])
def test_an_untreated_adult_starting_glucocorticoids_is_told_to_consider_prophylaxis(age):
    rec = decision.recommend(KB, {**NEW_DM, "age": age})
    assert rec.status.code == "initial_therapy"
    assert [a.id for a in _pjp(rec)] == ["initial_pjp"]
    assert "30 mg/day" in _pjp(rec)[0].text
    assert _pjp(rec)[0].basis.sources[0] == "eular_2022_infections"


def test_an_untreated_patient_is_not_asked_for_todays_dose_or_pulses():
    gate = _pjp_gate(decision.recommend(KB, NEW_DM))
    assert gate is None or not {"glucocorticoid.prednisone_mg_day", "glucocorticoid.pulses_recent"} & set(gate.missing)


def test_a_treated_patient_with_unknown_dose_is_still_asked():
    gate = _pjp_gate(decision.recommend(KB, active_dm({"drug": "methotrexate", "weeks": 20, "current": True,
                                                       "outcome": "failed", "adequate_dose": True,
                                                       "adherent": True})))
    assert gate is not None and gate.severity == "screening_due"
    assert "glucocorticoid.prednisone_mg_day" in gate.missing


@pytest.mark.parametrize("muscle", [{"active": True, "dysphagia": "severe"},
                                    {"active": True, "respiratory_muscle_weakness": True}])
@pytest.mark.parametrize("treated", [True, False])
def test_a_pulse_for_bulbar_or_respiratory_weakness_comes_with_prophylaxis(muscle, treated):
    base = active_dm() if treated else NEW_DM
    rec = decision.recommend(KB, {**base, "muscle": muscle})
    assert rec.status.code == "emergency"
    assert "pulse_methylprednisolone" in {a.therapy for a in rec.actions}
    assert [a.id for a in _pjp(rec)] == ["pjp_with_pulse"]


def test_children_are_left_to_the_paediatric_team():
    rec = decision.recommend(KB, {**NEW_DM, "age": 12, "diagnosis": {"subtype": "jdm"},
                                  "muscle": {"active": True, "dysphagia": "severe"}})
    assert _pjp(rec) == []


def test_unknown_age_asks_what_it_would_add():
    p = {k: v for k, v in NEW_DM.items() if k != "age"}
    rec = decision.recommend(KB, p)
    assert _pjp(rec) == []
    assert any("pneumocystis" in change for q in rec.missing for change in q.would_change)


def test_a_patient_already_on_prophylaxis_is_not_told_to_start_it():
    """Round-9 audit: prophylaxis already taken could not be recorded, so 'start prophylaxis' was always said."""
    on = {"pjp_prophylaxis": True}
    new = decision.recommend(KB, {**NEW_DM, "glucocorticoid": on})
    assert _pjp(new) == []
    bulbar = decision.recommend(KB, {**active_dm(), "muscle": {"active": True, "dysphagia": "severe"},
                                     "glucocorticoid": {**on, "prednisone_mg_day": 40, "weeks_at_or_above_30mg": 8}})
    assert _pjp(bulbar) == [] and _pjp_gate(bulbar) is None
    unrecorded = decision.recommend(KB, {**active_dm(), "glucocorticoid": {"prednisone_mg_day": 40,
                                                                          "weeks_at_or_above_30mg": 8}})
    assert _pjp_gate(unrecorded).severity == "caution"  # not recorded: the caution stands, not a check
