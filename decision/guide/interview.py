"""The guided interview as plain data — one import for the pieces the app and the tests use.

The interview is split by job, one module each: :mod:`~decision.guide.answers` edits the answers mapping,
:mod:`~decision.guide.describe` puts a value in words, :mod:`~decision.guide.questions` picks the next screen,
:mod:`~decision.guide.widgets` says how to ask a field, :mod:`~decision.guide.checks` validates and
:mod:`~decision.guide.history` keeps the back/forward history. This module re-exports them so callers need
one import; nothing here needs Streamlit.
"""

from __future__ import annotations

from decision.guide.answers import (
    Answers,
    antibody_entry,
    append_entry,
    flatten,
    get_answer,
    is_answered,
    plain,
    remove_entry,
    set_answer,
    therapy_entry,
)
from decision.guide.checks import problems_by_field, problems_for
from decision.guide.describe import describe_value
from decision.guide.history import Interview, State
from decision.guide.questions import Screen, current_screen, next_question, remaining_questions
from decision.guide.widgets import WidgetKind, WidgetSpec, therapy_choices, widget_for

__all__ = [
    "Answers", "Interview", "Screen", "State", "WidgetKind", "WidgetSpec", "antibody_entry", "append_entry",
    "current_screen", "describe_value", "flatten", "get_answer", "is_answered", "next_question", "plain",
    "problems_by_field", "problems_for", "remaining_questions", "remove_entry", "set_answer", "therapy_choices",
    "therapy_entry", "widget_for",
]
