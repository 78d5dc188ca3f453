"""Driving the Streamlit app in AppTest: open it, answer the guided interview like a clinician would."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import decision
from decision.guide.interview import get_answer, next_question, plain, widget_for
from decision.patient.files import read_mapping

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
EXAMPLES = ROOT / "examples" / "patients"


def example_path(letter: str) -> Path:
    """The example file for a letter (``F``) or a whole stem prefix (``P01``)."""
    matches = sorted(EXAMPLES.glob(f"{letter}-*.yaml"))
    assert matches, f"no example patient {letter}-*.yaml in {EXAMPLES}"
    return matches[0]


def example(letter: str) -> dict:
    path = example_path(letter)
    return plain(read_mapping(path.read_bytes(), path.name))


def reference_label(letter: str) -> str:
    """The label the app's reference-patient selectbox shows for an example file."""
    return example_path(letter).stem.replace("-", " ", 1).replace("-", " ")


def open_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def keys(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in getattr(at, kind) if w.key}


def has_button(at: AppTest, key: str) -> bool:
    return key in keys(at, "button")


def texts(at: AppTest) -> str:
    """All text the page shows in markdown, alerts, captions and headers (for assertions)."""
    parts = []
    for kind in ("markdown", "success", "info", "warning", "error", "caption", "header", "subheader", "title"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def status_code(at: AppTest) -> str:
    """The status code the interview shows (from the status banner: ``Status: … (`code`)``)."""
    import re

    for kind in ("success", "info", "warning", "error"):
        for e in getattr(at, kind):
            m = re.search(r"\*\*Status: .*\*\* \(`([a-z_]+)`\)", str(e.value))
            if m:
                return m.group(1)
    raise AssertionError("no status banner on the page")


def current_question(kb, at: AppTest) -> str | None:
    """The field the app is asking for now, recomputed from the session's interview with the library."""
    iv = at.session_state["interview"]
    rec = decision.recommend(kb, iv.answers)
    q = next_question(rec, iv.answers, iv.skipped)
    return q.field if q else None


def _k(field: str, *parts) -> str:
    return "_".join(["q", field.replace(".", "__"), *map(str, parts)])


def fill_and_answer(at: AppTest, field: str, value) -> None:
    """Set the question's widget(s) to ``value`` the way a user would, then press Answer."""
    spec = widget_for(field)
    if spec.kind == "bool":
        at.radio(key=_k(field)).set_value(value)
    elif spec.kind == "enum":
        at.selectbox(key=_k(field)).set_value(value)
    elif spec.kind == "number":
        at.number_input(key=_k(field)).set_value(float(value))
    elif spec.kind == "lab":
        at.number_input(key=_k(field, "value")).set_value(float(value["value"]))
        if value.get("uln") is not None:
            at.number_input(key=_k(field, "uln")).set_value(float(value["uln"]))
    elif spec.kind == "therapies":
        at.number_input(key=_k(field, "count")).set_value(len(value))
        at.run()
        for i, course in enumerate(value):
            at.selectbox(key=_k(field, i, "drug")).set_value(course["drug"])
            if course.get("weeks") is not None:
                at.number_input(key=_k(field, i, "weeks")).set_value(float(course["weeks"]))
            at.selectbox(key=_k(field, i, "current")).set_value(course.get("current", True))
            if course.get("outcome"):
                at.selectbox(key=_k(field, i, "outcome")).set_value(course["outcome"])
            for part in ("adequate_dose", "adherent"):
                if course.get(part) is not None:
                    at.selectbox(key=_k(field, i, part)).set_value(course[part])
            if course.get("dose"):
                at.text_input(key=_k(field, i, "dose")).input(course["dose"])
    elif spec.kind == "autoantibodies":
        at.number_input(key=_k(field, "count")).set_value(len(value))
        at.run()
        for i, ab in enumerate(value):
            at.selectbox(key=_k(field, i, "name")).set_value(ab["name"])
            at.radio(key=_k(field, i, "result")).set_value(ab["result"])
            if ab.get("intensity") is not None:
                at.number_input(key=_k(field, i, "intensity")).set_value(float(ab["intensity"]))
    else:
        raise AssertionError(f"the test driver cannot fill {spec.kind} ({field})")
    at.button(key="iv_answer").click().run()
    assert not at.exception, [e.value for e in at.exception]


def interview_from_answers(kb, at: AppTest, source: dict, max_steps: int = 80) -> list[str]:
    """Answer every question the app asks with the value in ``source``; skip what ``source`` does not know."""
    steps = []
    for _ in range(max_steps):
        field = current_question(kb, at)
        if field is None:
            assert not has_button(at, "iv_answer"), "the app still asks although the walk needs nothing more"
            return steps
        assert has_button(at, "iv_answer") and has_button(at, "iv_skip")
        value = get_answer(source, field)
        if value is None:
            at.button(key="iv_skip").click().run()
            steps.append(f"-{field}")
        else:
            fill_and_answer(at, field, value)
            steps.append(f"+{field}")
        assert not at.exception, [e.value for e in at.exception]
    raise AssertionError(f"the interview did not end within {max_steps} steps: {steps[-10:]}")


def skip_to_end(at: AppTest, max_steps: int = 80) -> int:
    for n in range(max_steps):
        if not has_button(at, "iv_skip"):
            return n
        at.button(key="iv_skip").click().run()
        assert not at.exception, [e.value for e in at.exception]
    raise AssertionError("the interview did not end")
