"""The field widgets (ui/myositis_ui/ask.py): every kind the interview can ask draws, and reads back in the
shape the patient model accepts."""

import pytest
from streamlit.testing.v1 import AppTest

import decision
from decision.guide.interview import set_answer, widget_for

from .helpers import ROOT

PAGE = """
import sys
import streamlit as st
sys.path.insert(0, {ui!r})
import decision
from decision.guide.interview import widget_for
from myositis_ui import ask

spec = widget_for({field!r})
ask.draw(spec, decision.load(), "t")
st.session_state["read"] = ask.read(spec, "t")
"""


def _app(field):
    """A one-widget page: the field's widget, and what ask.read returns in session_state['read']."""
    at = AppTest.from_string(PAGE.format(ui=str(ROOT / "ui"), field=field), default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _valid(kb, field, value):
    decision.recommend(kb, set_answer({}, field, value))  # raises if the shape is wrong


@pytest.mark.parametrize("field, kind, setter, value", [
    ("mri.oedema", "bool", "radio", True),
    ("pregnancy.status", "enum", "selectbox", "pregnant"),
    ("muscle.weakness.mmt8_max", "enum", "selectbox", 150),
    ("weight_kg", "number", "number_input", 64.0),
])
def test_scalar_widgets_read_back_model_values(kb, field, kind, setter, value):
    assert widget_for(field).kind == kind
    at = _app(field)
    assert at.session_state["read"] is None  # nothing chosen yet: unknown, not a default
    getattr(at, setter)(key="t_" + field.replace(".", "__")).set_value(value).run()
    assert at.session_state["read"] == value
    _valid(kb, field, value)


def test_lab_widget_reads_value_and_uln(kb):
    at = _app("labs.ck")
    at.number_input(key="t_labs__ck_value").set_value(3400.0)
    at.number_input(key="t_labs__ck_uln").set_value(200.0).run()
    assert at.session_state["read"] == {"value": 3400.0, "uln": 200.0}
    _valid(kb, "labs.ck", at.session_state["read"])


def test_therapy_rows_read_back_courses(kb):
    at = _app("therapies")
    at.number_input(key="t_therapies_count").set_value(2).run()
    at.selectbox(key="t_therapies_0_drug").set_value("glucocorticoids")
    at.number_input(key="t_therapies_0_weeks").set_value(16.0)
    at.selectbox(key="t_therapies_1_drug").set_value("methotrexate")
    at.number_input(key="t_therapies_1_weeks").set_value(16.0)
    at.selectbox(key="t_therapies_1_outcome").set_value("failed")
    at.selectbox(key="t_therapies_1_adherent").set_value(True)
    at.text_input(key="t_therapies_1_dose").input("25 mg/week SC").run()
    courses = at.session_state["read"]
    assert courses == [
        {"drug": "glucocorticoids", "weeks": 16.0, "current": True},
        {"drug": "methotrexate", "dose": "25 mg/week SC", "weeks": 16.0, "current": True, "outcome": "failed",
         "adherent": True},
    ]
    _valid(kb, "therapies", courses)


def test_antibody_rows_skip_incomplete_entries(kb):
    at = _app("autoantibodies")
    at.number_input(key="t_autoantibodies_count").set_value(2).run()
    at.selectbox(key="t_autoantibodies_0_name").set_value("mi2")
    at.radio(key="t_autoantibodies_0_result").set_value("positive")
    at.selectbox(key="t_autoantibodies_1_name").set_value("hmgcr").run()  # no result: not an entry
    assert at.session_state["read"] == [{"name": "mi2", "result": "positive"}]
    _valid(kb, "autoantibodies", at.session_state["read"])


def test_assessment_rows_read_back_dated_core_sets(kb):
    import datetime as dt

    at = _app("assessments")
    for i, (day, mmt) in enumerate(((dt.date(2026, 1, 5), 104.0), (dt.date(2026, 4, 27), 112.0))):
        at.date_input(key=f"t_assessments_{i}_date").set_value(day)
        at.selectbox(key=f"t_assessments_{i}_mmt_max").set_value(150)
        at.number_input(key=f"t_assessments_{i}_mmt").set_value(mmt)
        at.number_input(key=f"t_assessments_{i}_pga").set_value(5.0 - i)
    at.run()
    rows = at.session_state["read"]
    assert [r["date"] for r in rows] == ["2026-01-05", "2026-04-27"]
    assert rows[1] == {"date": "2026-04-27", "mmt_max": 150, "mmt": 112.0, "pga": 4.0}
    _valid(kb, "assessments", rows)
