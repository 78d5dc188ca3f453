"""decision.guide.interview: answers as a nested mapping, the next question, widgets from the model, history."""

import pytest
from example_patients import example

import decision
from decision.guide.interview import (
    Interview,
    append_entry,
    describe_value,
    flatten,
    get_answer,
    next_question,
    problems_by_field,
    problems_for,
    remaining_questions,
    remove_entry,
    set_answer,
    therapy_entry,
    widget_for,
)


def test_set_answer_nests_and_never_mutates():
    original = {"mri": {"atrophy": True}}
    a = set_answer(original, "mri.oedema", True)
    b = set_answer(a, "muscle.weakness.mmt8", 112)
    assert original == {"mri": {"atrophy": True}}
    assert a == {"mri": {"atrophy": True, "oedema": True}}
    assert b["muscle"] == {"weakness": {"mmt8": 112}}
    assert get_answer(b, "muscle.weakness.mmt8") == 112
    assert get_answer(b, "muscle.weakness.trend") is None
    assert get_answer(b, "labs.ck.value", "absent") == "absent"


def test_set_answer_none_removes_and_prunes_empty_groups():
    a = set_answer(set_answer({}, "muscle.weakness.mmt8", 112), "age", 40)
    b = set_answer(a, "muscle.weakness.mmt8", None)
    assert b == {"age": 40}  # no empty "muscle": {"weakness": {}} left behind
    assert set_answer(b, "never.there", None) == b


def test_set_answer_values_stay_plain_json():
    import datetime as dt

    a = set_answer({}, "mri.date", dt.date(2026, 1, 2))
    assert a == {"mri": {"date": "2026-01-02"}}
    assert decision.parse_patient(a).mri.date == dt.date(2026, 1, 2)


@pytest.mark.parametrize("bad", ["", ".oedema", "mri.", "mri..oedema"])
def test_set_answer_rejects_malformed_field_names(bad):
    with pytest.raises(ValueError):
        set_answer({}, bad, 1)


def test_next_question_is_the_first_missing_item(kb):
    rec = decision.recommend(kb, {})
    assert rec.missing, "an empty patient must have missing data"
    assert next_question(rec) == rec.missing[0]


def test_next_question_passes_over_skipped_and_answered_fields(kb):
    rec = decision.recommend(kb, {})
    first, second = rec.missing[0].field, rec.missing[1].field
    assert next_question(rec, {}, skipped=(first,)).field == second
    answered = set_answer({}, first, widget_for(first).choices[0] if widget_for(first).choices else 1)
    assert next_question(rec, answered).field == second
    everything = tuple(m.field for m in rec.missing)
    assert next_question(rec, {}, skipped=everything) is None
    assert remaining_questions(rec, {}, skipped=everything[1:]) == [rec.missing[0]]


@pytest.mark.parametrize("letter, status", [("H", "not_yet_refractory"), ("F", "refractory_active"),
                                            ("I", "intolerance"), ("G", "pregnancy")])
def test_interview_answering_from_the_file_reaches_the_files_outcome(kb, letter, status):
    """Asking only rec.missing in order, answering what the scenario file knows and skipping the rest,
    ends (no question left) at the same status as the whole file, and never asks a field twice."""
    source = example(letter)
    iv, asked = Interview(), []
    for _ in range(100):
        rec = decision.recommend(kb, iv.answers)
        q = next_question(rec, iv.answers, iv.skipped)
        if q is None:
            break
        assert q.field not in asked, f"{q.field} asked twice"
        asked.append(q.field)
        value = get_answer(source, q.field)
        iv = iv.skip(q.field) if value is None else iv.answer(q.field, value)
    else:
        pytest.fail("the interview did not end")
    assert rec.status.code == decision.recommend(kb, source).status.code == status
    assert asked[0] == decision.recommend(kb, {}).missing[0].field  # starts at the pathway entry's question


def test_derived_fact_asks_only_the_unknown_input(kb):
    """'pregnant' needs pregnancy.status and sex; with sex known only pregnancy.status is asked."""
    answers = {"sex": "female", "age": 30}
    rec = decision.recommend(kb, answers)
    asked = [m.field for m in remaining_questions(rec, answers)]
    assert "sex" not in asked
    assert "pregnancy.status" in asked


def test_widget_for_reads_kind_unit_range_and_question_from_the_model():
    w = widget_for("mri.oedema")
    assert (w.kind, w.choices) == ("bool", (True, False))
    assert "oedema" in w.question
    w = widget_for("weight_kg")
    assert (w.kind, w.unit, w.min_value, w.min_exclusive, w.max_value) == ("number", "kg", 0.0, True, 400.0)
    w = widget_for("muscle.weakness.mmt8")
    assert (w.min_value, w.max_value, w.unit) == (0.0, 260.0, "points")
    w = widget_for("pregnancy.status")
    assert w.kind == "enum" and w.choices == ("pregnant", "not_pregnant", "not_applicable")
    w = widget_for("hepatitis_b.anti_hbc")
    assert w.choices == ("positive", "negative")
    w = widget_for("labs.ck")
    assert w.kind == "lab" and w.unit == "U/L" and {f.field for f in w.item_fields} == {"value", "uln"}
    w = widget_for("therapies")
    assert w.kind == "therapies"
    assert {"drug", "weeks", "current", "outcome", "adequate_dose", "adherent"} <= {f.field for f in w.item_fields}
    w = widget_for("autoantibodies")
    assert w.kind == "autoantibodies" and "autoantibodies" in w.question and "_" not in w.question
    names = next(f for f in w.item_fields if f.field == "name")
    assert "mi2" in names.choices and "hmgcr" in names.choices


@pytest.mark.parametrize("field", ["nonsense", "mri.nonsense", "muscle"])
def test_widget_for_unknown_or_group_field_raises_keyerror(field):
    with pytest.raises(KeyError):
        widget_for(field)


def test_every_missing_field_of_every_example_has_a_widget(kb):
    from example_patients import EXAMPLES

    from decision.patient.files import read_patient

    for path in sorted(EXAMPLES.glob("*.yaml")):
        rec = decision.recommend(kb, read_patient(path.read_bytes(), path.name))
        for m in rec.missing:
            assert widget_for(m.field).question, (path.name, m.field)


def test_list_entries_and_validation_by_field(kb):
    answers = append_entry({}, "therapies", therapy_entry("methotrexate", weeks=16, outcome="failed"))
    answers = append_entry(answers, "therapies", therapy_entry("no_such_drug", weeks=2))
    assert [c["drug"] for c in answers["therapies"]] == ["methotrexate", "no_such_drug"]
    problems = problems_by_field(problems_for(kb, answers))
    assert list(problems) == ["therapies[1].drug"]
    assert problems_for(kb, remove_entry(answers, "therapies", 1)) == []
    bad = set_answer({}, "muscle.weakness.mmt8", 999)
    assert "muscle.weakness.mmt8" in problems_by_field(problems_for(kb, bad))


def test_flatten_and_describe_for_summaries():
    answers = {"labs": {"ck": {"value": 3400, "uln": 200}}, "mri": {"oedema": True},
               "therapies": [therapy_entry("methotrexate", weeks=16.0, outcome="failed")]}
    rows = dict(flatten(answers))
    assert set(rows) == {"labs.ck", "mri.oedema", "therapies"}
    assert describe_value(rows["labs.ck"], "labs.ck") == "3400 U/L (upper limit of normal 200)"
    assert describe_value(rows["mri.oedema"], "mri.oedema") == "yes"
    assert describe_value(rows["therapies"], "therapies") == "methotrexate, 16 weeks, current, no response (failed)"
    kb = decision.load()
    assert describe_value(rows["therapies"], "therapies", kb).startswith("Methotrexate, 16 weeks")
    assert describe_value("asys", "diagnosis.subtype") == "antisynthetase syndrome"


def test_interview_history_back_forward_and_truncation():
    iv = Interview().answer("age", 45).answer("sex", "female").skip("pregnancy.status")
    assert iv.answers == {"age": 45, "sex": "female"} and iv.skipped == ("pregnancy.status",)
    back = iv.back().back()
    assert back.answers == {"age": 45} and back.skipped == () and back.can_go_forward
    assert back.forward().answers == {"age": 45, "sex": "female"}
    branched = back.answer("sex", "male")
    assert branched.answers == {"age": 45, "sex": "male"} and not branched.can_go_forward
    assert len(branched.states) == 3
    assert Interview().back().position == 0 and not Interview().can_go_back
    assert iv.answer("pregnancy.status", "pregnant").skipped == ()  # answering un-skips
    assert [s.note for s in iv.states][1] == "Age: 45 years"


def test_interview_replace_answers_loads_a_patient_as_one_step():
    iv = Interview().answer("age", 1).replace_answers({"age": 45, "diagnosis": {"subtype": "dm"}}, "loaded H")
    assert iv.answers["diagnosis"] == {"subtype": "dm"} and iv.current.note == "loaded H"
    assert iv.back().answers == {"age": 1}
