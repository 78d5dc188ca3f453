"""The guided interview in AppTest: clinical order, one screen per decision, at most ten screens, no identifiers."""

from __future__ import annotations

import pytest
from example_patients import all_letters
from streamlit.testing.v1 import AppTest

import decision

from .helpers import (
    APP,
    current,
    example,
    fill,
    has_button,
    interview_from_answers,
    leaks,
    open_app,
    reference_label,
    status_title,
    texts,
)

PAGES = ["views/whole_patient.py", "views/explorer.py", "views/what_if.py", "views/calculators.py",
         "views/about.py"]


def test_the_interview_starts_with_who_the_patient_is(kb):
    at = open_app()
    screen, _ = current(kb, at)
    assert screen is not None and screen.key == "intake"
    labels = [w.label for w in at.number_input] + [w.label for w in at.selectbox] + [w.label for w in at.radio]
    assert labels[0].startswith("Age")
    assert any(label.startswith("Which myositis subtype") for label in labels)
    assert "Stage 1 of 9: **Intake**" in texts(at)
    assert has_button(at, "iv_continue")
    assert not leaks(kb, texts(at))
    at.button(key="iv_continue").click().run()  # the measurement screen: CK with ULN, MMT, FVC/DLCO, trends
    assert current(kb, at)[0].key == "measures" and not leaks(kb, texts(at))
    shown = texts(at)
    for label in ("CK, with the laboratory's upper limit of normal", "Current MMT-8 score", "FVC now",
                  "FVC at the previous test", "DLCO now", "Is overall muscle strength improving"):
        assert label in shown, label


@pytest.mark.parametrize("letter", ["E", "F", "L"])
def test_three_reference_patients_reach_their_recommendation_in_at_most_ten_screens(kb, letter):
    source = example(letter)
    at = open_app()
    screens = interview_from_answers(kb, at, source)
    whole = decision.recommend(kb, source)
    _, rec = current(kb, at)
    assert len(screens) <= 10, screens
    assert screens[:2] == ["intake", "measures"]
    assert rec.status.code == whole.status.code and rec.therapy_ids() == whole.therapy_ids()
    assert status_title(at) == whole.status.title
    assert at.header[0].value == "Recommendation"


def test_an_emergency_shows_every_action_at_the_top_while_questions_remain(kb):
    at = open_app()
    at.selectbox(key="iv_reference").set_value(reference_label("E"))
    at.button(key="iv_load").click().run()
    screen, rec = current(kb, at)
    assert rec.status.severity == "urgent"
    top = at.markdown[0].value  # the first markdown after the map and the banner: the actions
    for a in rec.actions:
        if a.timing == "now":
            assert (a.therapy_name or a.kind.capitalize()) in top
    assert at.error[0].value.startswith(f"**{rec.status.title}**")


def test_a_ck_without_its_upper_limit_of_normal_is_asked_for_it(kb):
    at = open_app()
    at.button(key="iv_continue").click().run()  # intake: nothing known
    fill(at, "labs.ck", {"value": 3400})
    at.button(key="iv_continue").click().run()
    assert "upper limit of normal" in texts(at) and at.error, "a CK without its ULN was accepted silently"
    screen, _ = current(kb, at)
    assert screen is not None and screen.key == "measures"
    fill(at, "labs.ck", {"value": 3400, "uln": 200})
    at.button(key="iv_continue").click().run()
    assert at.session_state["interview"].answers["labs"]["ck"] == {"value": 3400, "uln": 200}


def test_back_and_restart(kb):
    at = open_app()
    fill(at, "age", 50)
    at.button(key="iv_continue").click().run()
    assert current(kb, at)[0].key == "measures"
    at.button(key="iv_back").click().run()
    assert current(kb, at)[0].key == "intake"
    at.button(key="iv_restart").click().run()
    assert at.session_state["interview"].answers == {}


def test_a_reload_finds_the_answers_again(kb):
    at = open_app()
    fill(at, "age", 61)
    at.button(key="iv_continue").click().run()
    token = at.query_params["tab"]
    token = token[0] if isinstance(token, list) else token
    reloaded = AppTest.from_file(str(APP), default_timeout=30)
    reloaded.query_params["tab"] = token
    reloaded.run()
    assert reloaded.session_state["interview"].answers == {"age": 61}


@pytest.mark.parametrize("letter", all_letters())
def test_no_identifier_on_any_page_for_any_example(kb, letter):
    at = open_app()
    at.selectbox(key="iv_reference").set_value(reference_label(letter))
    at.button(key="iv_load").click().run()
    found = {"interview": leaks(kb, texts(at))}
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        found[page] = leaks(kb, texts(at))
    assert not any(found.values()), {k: v for k, v in found.items() if v}
