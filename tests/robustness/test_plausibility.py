"""Plausibility notes: unusual but possible combinations are accepted, and each says how it is read.

(The impossible ones are refused; they are in cases.PATIENT_CASES under "contradictions refused".)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import decision
from decision.patient.files import load_patient
from decision.patient.model import plausibility_notes

TODAY = dt.date(2027, 1, 1)
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "patients").glob("*.yaml"))

NOTES = [
    ("male-and-pregnant", {"sex": "male", "pregnancy": {"status": "pregnant"}}, "while sex is 'male'"),
    ("male-and-breastfeeding", {"sex": "male", "pregnancy": {"breastfeeding": True}},
     "pregnancy.breastfeeding is true while sex is 'male'"),
    ("pregnant-at-five", {"age": 5, "pregnancy": {"status": "pregnant"}}, "at age 5 (outside 10-60)"),
    ("antibody-both-ways", {"autoantibodies": [{"name": "jo1", "result": "positive"},
                                               {"name": "jo1", "result": "negative", "method": "IP"}]},
     "anti-jo1 is recorded both positive and negative: the positive result is used"),
    ("naive-with-therapies", {"treatment_naive": True, "therapies": [{"drug": "methotrexate", "current": True}]},
     "treatment_naive is true but 1 therapies are listed"),
    ("as-of-in-the-future", {"as_of": "2030-01-01"}, "as_of (2030-01-01) is in the future (today is 2027-01-01)"),
    ("therapy-start-in-the-future", {"therapies": [{"drug": "methotrexate", "start": "2028-05-01", "current": True}]},
     "therapies[0].start (2028-05-01) is in the future"),
]


@pytest.mark.parametrize(("cid", "data", "fragment"), NOTES, ids=[c[0] for c in NOTES])
def test_unusual_patients_are_accepted_with_a_note(cid, data, fragment, kb):
    patient = decision.parse_patient(data)
    notes = plausibility_notes(patient, today=TODAY)
    assert any(fragment in n for n in notes), notes
    assert decision.recommend(kb, patient).status.code in kb.statuses


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_reference_patients_give_no_notes(path):
    assert plausibility_notes(load_patient(path), today=TODAY) == ()


def test_male_and_pregnant_follows_the_pregnancy_pathway_as_the_note_says(kb):
    rec = decision.recommend(kb, {"sex": "male", "age": 30, "pregnancy": {"status": "pregnant"}})
    assert rec.status.code == "pregnancy"
