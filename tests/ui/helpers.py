"""Driving the Streamlit app in AppTest: open it, answer the guided interview screen by screen like a clinician."""

from __future__ import annotations

import re

from example_patients import EXAMPLES, ROOT, example, example_path  # noqa: F401  (re-exported for the UI tests)
from streamlit.testing.v1 import AppTest

import decision
from decision.guide.answers import get_answer
from decision.guide.questions import current_screen, intake_fields, measure_fields
from decision.guide.widgets import widget_for
from decision.patient.facts import CATALOGUE

APP = ROOT / "ui" / "app.py"
TEXT_KINDS = ("markdown", "success", "info", "warning", "error", "caption", "header", "subheader", "title", "toast")


def reference_label(letter: str) -> str:
    """The label the app's reference-patient selectbox shows for an example file (the file's own label)."""
    return str(example(letter)["label"])


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
    """All text the page shows in markdown, alerts, captions, headers and widget labels (for assertions)."""
    parts = []
    for kind in TEXT_KINDS:
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("selectbox", "radio", "number_input", "text_input", "button", "toggle", "checkbox", "expander"):
        parts += [str(w.label) for w in getattr(at, kind)]
    for kind in ("selectbox", "radio"):
        for w in getattr(at, kind):
            parts += [str(o) for o in w.options]  # AppTest holds the options as the page shows them
    return "\n".join(parts)


def status_title(at: AppTest) -> str:
    """The title in the status banner (the first bold text of the first alert)."""
    for kind in ("error", "warning", "info", "success"):
        for e in getattr(at, kind):
            m = re.match(r"\*\*(.+?)\*\*", str(e.value))
            if m:
                return m.group(1)
    raise AssertionError("no status banner on the page")


def status_code(at: AppTest) -> str:
    """The status code behind the banner's title (the page itself shows only the title)."""
    title = status_title(at)
    codes = [n.status for n in decision.load().nodes.values() if n.kind == "outcome" and n.title == title]
    assert codes, f"no status titled {title!r}"
    return codes[0]


def current(kb, at: AppTest):
    """(screen, recommendation) the app shows now, recomputed from the session's interview with the library."""
    iv = at.session_state["interview"]
    rec = decision.recommend(kb, iv.answers)
    return current_screen(kb, rec, iv.answers, iv.skipped, iv.phase), rec


def _k(field: str, *parts) -> str:
    return "_".join(["q", field.replace(".", "__"), *map(str, parts)])


def _rows(at: AppTest, field: str, value: list) -> None:
    at.number_input(key=_k(field, "count")).set_value(len(value))
    at.run()
    for i, row in enumerate(value):
        if field == "therapies":
            at.selectbox(key=_k(field, i, "drug")).set_value(row["drug"])
            if row.get("weeks") is not None:
                at.number_input(key=_k(field, i, "weeks")).set_value(float(row["weeks"]))
            at.selectbox(key=_k(field, i, "current")).set_value(row.get("current", True))
            if row.get("outcome"):
                at.selectbox(key=_k(field, i, "outcome")).set_value(row["outcome"])
            for part in ("adequate_dose", "adherent"):
                if row.get(part) is not None:
                    at.selectbox(key=_k(field, i, part)).set_value(row[part])
            if row.get("dose"):
                at.text_input(key=_k(field, i, "dose")).input(row["dose"])
        else:
            at.selectbox(key=_k(field, i, "name")).set_value(row["name"])
            at.radio(key=_k(field, i, "result")).set_value(row["result"])
            if row.get("intensity") is not None:
                at.number_input(key=_k(field, i, "intensity")).set_value(float(row["intensity"]))


def fill(at: AppTest, field: str, value) -> None:
    """Set the widget(s) of one field to ``value`` the way a user would (nothing is pressed)."""
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
    elif spec.kind in ("therapies", "autoantibodies"):
        _rows(at, field, value)
    else:
        raise AssertionError(f"the test driver cannot fill {spec.kind} ({field})")


def interview_from_answers(kb, at: AppTest, source: dict, max_screens: int = 30) -> list[str]:
    """Fill every screen the app shows with the values in ``source`` and press Continue; the screens seen."""
    seen = []
    for _ in range(max_screens):
        screen, _ = current(kb, at)
        if screen is None:
            assert not has_button(at, "iv_continue"), "the app still asks although the walk needs nothing more"
            return seen
        seen.append(screen.key)
        answers = {**at.session_state["interview"].answers, **{k: v for k, v in source.items() if k == "sex"}}
        if screen.key == "intake":
            fields = intake_fields(answers)
        elif screen.key == "measures":
            fields = measure_fields(answers)
        else:
            fields = screen.fields
        for field in fields:
            value = get_answer(source, field)
            if value is not None:
                fill(at, field, value)
                at.run()
        at.button(key="iv_continue").click().run()
        assert not at.exception, [e.value for e in at.exception]
    raise AssertionError(f"the interview did not end within {max_screens} screens: {seen[-5:]}")


def internal_names(kb) -> set[str]:
    """Identifiers a default page must never show: dotted or snake_case field names, node ids, therapy ids."""
    names = {n for n in CATALOGUE if "." in n or "_" in n}
    names |= {n.rsplit(".", 1)[-1] for n in CATALOGUE if "_" in n.rsplit(".", 1)[-1]}
    names |= set(kb.nodes)
    names |= {t for t in kb.therapies if "_" in t}
    names |= {s.code for s in kb.pathway.statuses if "_" in s.code}
    return names


def leaks(kb, text: str) -> list[str]:
    found = []
    for name in sorted(internal_names(kb)):
        if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text):
            found.append(name)
    return found
