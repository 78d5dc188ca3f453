"""decision.guide.questions: the interview in clinical order — intake, measurements, then one screen per decision."""

from __future__ import annotations

import pytest
from example_patients import all_letters, example

import decision
from decision.guide.interview import Interview, current_screen, get_answer
from decision.guide.questions import INTAKE_FIELDS, STAGES, intake_fields, measure_fields


def _walk(kb, source: dict, limit: int = 30):
    """Answer every screen from ``source`` (what it does not know is left empty): the screens seen and the end."""
    iv, screens = Interview(), []
    for _ in range(limit):
        rec = decision.recommend(kb, iv.answers)
        screen = current_screen(kb, rec, iv.answers, iv.skipped, iv.phase)
        if screen is None:
            return screens, rec
        screens.append(screen)
        iv = iv.submit({f: get_answer(source, f) for f in screen.fields}, screen.title)
    raise AssertionError(f"no end after {limit} screens: {[s.key for s in screens[-5:]]}")


@pytest.mark.parametrize("letter", all_letters())
def test_every_example_reaches_its_own_recommendation_through_the_screens(kb, letter):
    source = example(letter)
    screens, rec = _walk(kb, source)
    whole = decision.recommend(kb, source)
    assert rec.status.code == whole.status.code
    assert rec.therapy_ids() == whole.therapy_ids()
    assert len(screens) <= 10, [s.key for s in screens]
    assert [s.key for s in screens[:2]] == ["intake", "measures"]
    assert all(s.stage in STAGES for s in screens)


def test_intake_asks_who_the_patient_is_first_and_pregnancy_only_when_it_can_apply():
    assert intake_fields({})[:3] == ("age", "sex", "diagnosis.subtype")
    assert "pregnancy.status" in intake_fields({"sex": "female"})
    assert "pregnancy.status" not in intake_fields({"sex": "male"})
    assert set(intake_fields({})) == set(INTAKE_FIELDS)


def test_measurements_include_ck_mmt_and_lung_function_with_their_trend():
    fields = measure_fields({})
    for f in ("labs.ck", "labs.ck_trend", "muscle.weakness.mmt8", "muscle.weakness.trend", "ild.fvc_percent",
              "ild.fvc_previous_percent", "ild.dlco_percent", "ild.dlco_previous_percent", "ild.progressing"):
        assert f in fields
    assert "ild.fvc_percent" not in measure_fields({"ild": {"present": False}})


def test_a_decision_screen_holds_every_open_fact_of_that_decision(kb):
    iv = Interview().submit({"age": 50}, "intake").submit({}, "measures")
    rec = decision.recommend(kb, iv.answers)
    screen = current_screen(kb, rec, iv.answers, iv.skipped, iv.phase)
    assert screen is not None
    same = [m.field for m in rec.missing if m.needed_at == screen.key]
    assert set(screen.fields) == set(same) and "_" not in screen.title


def test_submitting_a_screen_skips_what_was_left_empty_and_moves_on():
    iv = Interview().submit({"age": 50, "sex": None}, "Who is the patient?")
    assert iv.answers == {"age": 50} and iv.skipped == ("sex",) and iv.phase == "measures"
    assert iv.back().phase == "intake"
