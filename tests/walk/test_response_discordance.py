"""A stated outcome that the dated assessments contradict is shown first, with their DOI (variation audit).

The clinician's outcome wins (response.py): they see more than the numbers. But a "failed" regimen whose core
set measures meet the IMACS definition of improvement — or a "responded" one whose measures show no improvement
after 12 weeks — was escalated or continued without a word about the disagreement.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
BASELINE = {"date": "2025-01-01", "pga": 6, "ptga": 7, "mmt": 100, "mmt_max": 150, "haq": 1.5, "extramuscular": 4,
            "ck": {"value": 3400, "uln": 200}}
IMPROVED = {"date": "2025-04-15", "pga": 3, "ptga": 4, "mmt": 112, "mmt_max": 150, "haq": 1.0, "extramuscular": 2,
            "ck": {"value": 1400, "uln": 200}}
UNCHANGED = {**BASELINE, "date": "2025-04-15"}


def _rec(outcome: str, later: dict):
    mtx = course("methotrexate", 20, outcome, current=True, start="2024-12-01")
    return decision.recommend(KB, active_dm(mtx, assessments=[BASELINE, later], as_of="2025-04-20"))


@pytest.mark.parametrize(("outcome", "later"), [("failed", IMPROVED), ("partial", IMPROVED),
                                                ("responded", UNCHANGED)])
def test_a_contradicted_outcome_is_said_first_and_the_stated_one_still_decides(outcome, later):
    rec = _rec(outcome, later)
    assert rec.warnings[0].id == "response_discordant"
    assert "assessments say otherwise" in rec.response["explanation"]
    assert rec.response["doi"] is not None
    assert rec.response["outcome"] == outcome


@pytest.mark.parametrize(("outcome", "later"), [("failed", UNCHANGED), ("responded", IMPROVED)])
def test_an_outcome_the_assessments_agree_with_says_nothing_more(outcome, later):
    rec = _rec(outcome, later)
    assert "response_discordant" not in {w.id for w in rec.warnings}
    assert rec.response["explanation"] == f"stated by the clinician: {outcome}"
