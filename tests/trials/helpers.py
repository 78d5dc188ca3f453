"""Judging one criterion for a small patient fragment (screening date fixed, so windows are reproducible)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from decision.reader import read_yaml
from decision.trials import bundled_trials, eligibility

HERE = Path(__file__).resolve().parent
ON = dt.date(2026, 6, 1)


def criterion(kb, trial_id: str, criterion_id: str, patient: dict, on: dt.date = ON):
    results = eligibility(kb, {"as_of": on, **patient}, trials=bundled_trials())
    result = next(r for r in results if r.trial_id == trial_id)
    return next(c for c in result.criteria if c.id == criterion_id)


def cases() -> dict:
    text = (HERE / "criteria_cases.yaml").read_text(encoding="utf-8")
    data, _, problems = read_yaml(text, "criteria_cases.yaml")
    assert not problems, problems
    return data
