"""Refractoriness from the numbers: the walker judges the regimen from dated core set assessments."""

from pathlib import Path

import yaml

import decision
from decision.patient.files import load_patient

EXAMPLE_O = Path(__file__).resolve().parent.parent / "examples" / "patients" / "O-assessments-no-improvement.yaml"


def _patient(**changes):
    data = yaml.safe_load(EXAMPLE_O.read_text())
    data.update(changes)
    return data


def test_no_improvement_after_16_weeks_is_first_line_failure(kb):
    rec = decision.recommend(kb, load_patient(EXAMPLE_O))
    assert rec.response["outcome"] == "failed" and rec.response["how"] == "assessments"
    assert rec.response["doi"]["met"] is False and rec.response["tis"]["total"] < 20
    assert rec.status.code == "refractory_active"
    assert {a.therapy for a in rec.actions if a.rank} >= {"mycophenolate_mofetil"}  # second line
    step = next(s for s in rec.trace if s.node == "check_responded")
    assert step.branches[0].inputs["regimen_outcome"] == "failed"
    assert "definition of improvement not met" in (step.note or "")


def test_same_patient_with_improving_numbers_is_not_failure(kb):
    data = _patient()
    data["assessments"][1].update({"pga": 2, "ptga": 3, "mmt": 140, "haq": 0.5})
    rec = decision.recommend(kb, data)
    assert rec.response["outcome"] == "responded"
    assert rec.status.code == "responding"


def test_too_early_to_judge_from_numbers(kb):
    data = _patient()
    data["assessments"][1]["date"] = "2026-08-12"  # six weeks
    rec = decision.recommend(kb, data)
    assert rec.response["outcome"] == "ongoing"


def test_a_stated_outcome_wins_over_the_numbers(kb):
    data = _patient()
    data["therapies"][1]["outcome"] = "responded"
    rec = decision.recommend(kb, data)
    assert rec.response["how"] == "stated" and rec.status.code == "responding"
