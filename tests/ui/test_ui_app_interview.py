"""The guided interview page driven through Streamlit's AppTest, like a clinician would use it."""

import re

import pytest

import decision
from decision.views import text as render

from .helpers import (
    current_question,
    example,
    has_button,
    interview_from_answers,
    open_app,
    reference_label,
    skip_to_end,
    status_code,
    texts,
)


def test_default_page_starts_at_the_entry_and_asks_only_the_first_missing_question(kb):
    at = open_app()
    assert at.title[0].value == "Guided interview"
    first = decision.recommend(kb, {})
    assert status_code(at) == first.status.code
    field = first.missing[0].field
    assert current_question(kb, at) == field
    key = "q_" + field.replace(".", "__")
    question_widgets = [w.key for kind in ("radio", "selectbox", "number_input")
                        for w in getattr(at, kind) if w.key and w.key.startswith("q_")]
    assert question_widgets == [key], "exactly one question is asked, for rec.missing[0]"
    assert has_button(at, "iv_answer") and has_button(at, "iv_skip")
    assert "Next question" in texts(at)


@pytest.mark.parametrize("letter, expected", [
    ("H", "not_yet_refractory"),
    ("F", "refractory_active"),
    ("I", "intolerance"),
])
def test_full_guided_interview_answering_one_question_at_a_time(kb, letter, expected):
    at = open_app()
    steps = interview_from_answers(kb, at, example(letter))
    assert any(s.startswith("+") for s in steps) and any(s.startswith("-") for s in steps)
    assert status_code(at) == expected
    assert not has_button(at, "iv_answer")
    assert "Recommendation" in [h.value for h in at.header]
    assert "No further question" in texts(at)
    assert {"iv_export_json", "iv_export_md", "iv_export_html"} <= {d.key for d in at.get("download_button")}
    # the answers the interview collected give the same recommendation as the scenario file itself
    answers = at.session_state["interview"].answers
    assert decision.recommend(kb, answers).status.code == decision.recommend(kb, example(letter)).status.code


def test_reference_patient_then_skip_to_the_end(kb):
    at = open_app()
    at.selectbox(key="iv_reference").set_value(reference_label("H"))
    at.button(key="iv_load").click().run()
    assert not at.exception
    assert status_code(at) == "not_yet_refractory"
    assert skip_to_end(at) > 0
    assert status_code(at) == "not_yet_refractory"
    body = texts(at)
    assert "Suggested actions" in body
    rec = decision.recommend(kb, example("H"))
    for action in rec.actions:
        assert (action.therapy_name or action.kind.capitalize()) in body


def test_skip_back_forward_and_restart(kb):
    at = open_app()
    first = current_question(kb, at)
    at.button(key="iv_skip").click().run()
    second = current_question(kb, at)
    assert second != first and first in at.session_state["interview"].skipped
    at.button(key="iv_back").click().run()
    assert current_question(kb, at) == first
    at.button(key="iv_forward").click().run()
    assert current_question(kb, at) == second
    at.button(key="iv_restart").click().run()
    assert current_question(kb, at) == first and not at.session_state["interview"].answers


def test_answer_without_a_value_warns_and_keeps_the_question(kb):
    at = open_app()
    field = current_question(kb, at)
    at.button(key="iv_answer").click().run()
    assert not at.exception
    assert current_question(kb, at) == field
    assert any("Choose an answer" in w.value for w in at.warning)


def test_edit_an_answer_changes_the_outcome(kb):
    at = open_app()
    at.selectbox(key="iv_reference").set_value(reference_label("H"))
    at.button(key="iv_load").click().run()
    at.selectbox(key="iv_edit_field").set_value("pregnancy.status").run()
    at.selectbox(key="edit_pregnancy__status").set_value("pregnant")
    at.button(key="iv_edit_save").click().run()
    assert not at.exception
    assert status_code(at) == "pregnancy"
    at.button(key="iv_back").click().run()
    assert status_code(at) == "not_yet_refractory"


def _dot(at) -> str:
    charts = at.get("graphviz_chart")
    assert charts, "no graph on the page"
    return charts[0].proto.spec


def test_graph_highlights_the_walked_path(kb):
    at = open_app()
    at.selectbox(key="iv_reference").set_value(reference_label("F"))
    at.button(key="iv_load").click().run()
    rec = decision.recommend(kb, example("F"))
    dot = _dot(at)
    assert dot == render.to_dot(kb, rec), "exactly the DOT the CLI emits"
    highlight = 'penwidth=3, color="#1f4e9c"'
    for node in rec.path:
        line = next(l for l in dot.splitlines() if l.strip().startswith(f'"{node}" [label='))
        assert highlight in line, node
    for u, v in zip(rec.path, rec.path[1:]):
        assert re.search(rf'"{u}" -> "{v}" \[[^\]]*{re.escape(highlight)}', dot), (u, v)
    off_path = [n for n in kb.nodes if n not in rec.path]
    assert off_path
    for node in off_path:
        line = next(l for l in dot.splitlines() if l.strip().startswith(f'"{node}" [label='))
        assert highlight not in line, node
