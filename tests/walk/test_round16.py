"""Fixes from the round-16 audit.

- Anti-SRP on glucocorticoids alone is not told rituximab waits as third line (its regimen includes rituximab early).
- Anti-MDA5 RP-ILD: a calcineurin inhibitor not tolerated gives its place to the other, and counts like a failure
  for drawing the next ILD agents after the combination.
- A node's own withholding (no new agent while a mimic is worked up) is not a regimen cut short; a drug continued
  is not listed as withheld.
- Hydroxychloroquine taken now in pregnancy is continued whatever the skin.
- A shared line (oncology, infection) is said once.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course
from tests.walk.test_round14 import _imnm, _mda5_rpild

KB = decision.load()


def test_anti_srp_on_glucocorticoids_alone_gets_rituximab_now():
    rec = decision.recommend(KB, _imnm("srp"))
    assert any(a.therapy == "rituximab" and a.timing == "now" for a in rec.actions)
    assert not any(n.therapy == "rituximab" and "third-line" in n.reason for n in rec.not_suggested)


def test_other_serotypes_on_glucocorticoids_alone_still_wait_for_third_line():
    rec = decision.recommend(KB, _imnm("hmgcr"))
    assert not any(a.therapy == "rituximab" and a.timing == "now" for a in rec.actions)


@pytest.mark.parametrize("history", [
    (course("tacrolimus", 3, "intolerant"), course("cyclophosphamide", 8, "failed")),
    (course("tacrolimus", 8, "failed"), course("cyclophosphamide", 3, "intolerant")),
])
def test_anti_mda5_rpild_after_the_combination_failed_or_not_tolerated(history):
    rec = decision.recommend(KB, _mda5_rpild(*history))
    ladder_now = [a.therapy for a in rec.actions if a.kind == "therapy" and a.line and a.timing == "now"]
    assert ladder_now and not {"tacrolimus", "cyclophosphamide", "nintedanib"} & set(ladder_now)


def test_a_mimic_hold_is_not_a_regimen_cut_short():
    rec = decision.recommend(KB, {**_imnm("srp"), "comorbidity": {"active_infection": True}})
    assert rec.status.code == "alternative_diagnosis"
    assert not any(w.id.endswith("regimen_incomplete") for w in rec.warnings)


def test_a_drug_continued_is_not_listed_as_withheld():
    rec = decision.recommend(KB, _mda5_rpild(course("tacrolimus", 2, None, current=True),
                                             comorbidity={"active_infection": True}))
    assert any(a.id.endswith("_continue_tacrolimus") for a in rec.actions)
    incomplete = [w for w in rec.warnings if w.id == "urgent_regimen_incomplete"]
    assert incomplete and "tacrolimus" not in incomplete[0].therapies


@pytest.mark.parametrize("skin", [{"active": False}, {"active": True}])
def test_hydroxychloroquine_taken_in_pregnancy_is_continued(skin):
    rec = decision.recommend(KB, active_dm(course("hydroxychloroquine", 30, "responded", current=True), age=30,
                                           skin=skin, pregnancy={"status": "pregnant", "gestation_weeks": 10,
                                                                 "breastfeeding": False}))
    assert any(a.id.endswith("_continue_hydroxychloroquine") for a in rec.actions)


def test_a_shared_line_is_said_once():
    rec = decision.recommend(KB, {**_imnm("srp", course("methotrexate", 16, "failed", current=True)),
                                  "cancer": {"active": True}, "comorbidity": {"active_infection": True}})
    ids = [a.id for a in rec.actions]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("section", ["diagnosis", "biopsy", "emg"])
def test_a_diagnosis_or_biopsy_dated_after_as_of_is_refused(section):
    patient = active_dm(course("methotrexate", 16, "failed"), as_of="2026-11-01")
    patient[section] = {**patient.get(section, {}), "date": "2027-01-01"}
    with pytest.raises(decision.PatientInputError) as err:
        decision.recommend(KB, patient)
    assert f"{section}.date" in str(err.value)


@pytest.mark.parametrize(("date", "years"), [
    ("2023-11-01", 3.0), ("2023-10-31", 3.003), ("2024-02-29", 2.674), ("2026-11-01", 0.0), ("2020-02-29", 6.674),
])
def test_years_since_diagnosis_counts_calendar_years(date, years):
    from decision.patient.model import parse_patient
    from decision.walk.walker import context_for, facts_for
    patient = parse_patient(active_dm(as_of="2026-11-01", diagnosis={"subtype": "dm", "date": date}))
    assert facts_for(KB, patient, context_for(KB, patient))["years_since_diagnosis"] == years


def test_a_diagnosis_exactly_three_years_ago_is_still_within_the_screening_window():
    patient = active_dm(course("methotrexate", 16, "failed", current=True), age=58, as_of="2026-11-01",
                        diagnosis={"subtype": "dm", "ibm_features_excluded": True, "date": "2023-11-01"})
    patient["cancer"] = {"active": False, "screening": "not_done"}
    rec = decision.recommend(KB, patient)
    assert rec.status.code != "refractory_active"
