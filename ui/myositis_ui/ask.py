"""Widgets for one patient field, drawn from a :class:`decision.guide.interview.WidgetSpec`, and reading them back.

``draw(spec, kb, prefix)`` renders the input (every widget keyed ``{prefix}_{field}…``);
``read(spec, prefix)`` returns the value from ``st.session_state`` in the shape the patient model expects
(``None`` when nothing was chosen). The kind, choices, unit and range all come from the library.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from decision.guide.answers import antibody_entry, get_answer, therapy_entry
from decision.guide.widgets import WidgetSpec, therapy_choices
from decision.labels import ASSESSMENT_MEASURES, MMT_SCALES, antibody_label, value_label

YES_NO = {True: "yes", False: "no"}
MAX_ROWS = 8


def _k(prefix: str, field: str, *parts: Any) -> str:
    return "_".join([prefix, field.replace(".", "__"), *map(str, parts)])


def _label(spec: WidgetSpec) -> str:
    unit = f" ({spec.unit})" if spec.unit else ""
    return f"{spec.question}{unit}"


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return YES_NO[value]
    return "unknown" if value is None else str(value).replace("_", " ")


def _tristate(label: str, key: str, current: bool | None) -> None:
    st.selectbox(label, [True, False], index=None if current is None else (0 if current else 1),
                 format_func=_fmt, placeholder="unknown", key=key)


def _number(spec: WidgetSpec, label: str, key: str, current: float | None = None) -> None:
    kwargs: dict[str, Any] = {}
    if spec.min_value is not None:
        kwargs["min_value"] = float(spec.min_value)
    if spec.max_value is not None:
        kwargs["max_value"] = float(spec.max_value)
    st.number_input(label, value=None if current is None else float(current), step=1.0, format="%g",
                    placeholder="type a number", key=key, **kwargs)


def draw(spec: WidgetSpec, kb, prefix: str, current: Any = None) -> None:
    """Render the input for ``spec`` (pre-filled with ``current`` where the kind allows)."""
    key = _k(prefix, spec.field)
    label = _label(spec)
    if spec.kind == "bool":
        st.radio(label, [True, False], index=None if current is None else (0 if current else 1),
                 format_func=spec.choice_label, horizontal=True, key=key, help=spec.help)
    elif spec.kind == "enum":
        choices = list(spec.choices)
        st.selectbox(label, choices, index=choices.index(current) if current in choices else None,
                     format_func=spec.choice_label, placeholder="not known", key=key, help=spec.help)
    elif spec.kind == "number":
        _number(spec, label, key, current)
        if spec.min_exclusive:
            st.caption(f"Must be more than {spec.min_value:g}.")
    elif spec.kind == "lab":
        c1, c2 = st.columns(2)
        cur = current or {}
        with c1:
            st.number_input(label, min_value=0.0, value=cur.get("value"), step=1.0, format="%g",
                            placeholder="not known", key=_k(prefix, spec.field, "value"))
        with c2:
            st.number_input("Upper limit of normal (same units; needed with the value)", min_value=0.0,
                            value=cur.get("uln"), step=1.0, format="%g", placeholder="the lab's ULN",
                            key=_k(prefix, spec.field, "uln"))
    elif spec.kind == "date":
        st.date_input(label, value=None, key=key)
    elif spec.kind == "text":
        st.text_input(label, value=current or "", key=key)
    elif spec.kind == "therapies":
        _therapy_rows(spec, kb, prefix, current or [])
    elif spec.kind == "autoantibodies":
        _antibody_rows(spec, prefix, current or [])
    elif spec.kind == "assessments":
        _assessment_rows(spec, prefix, current or [])


def _row_count(spec: WidgetSpec, prefix: str, existing: int, what: str) -> int:
    return int(st.number_input(f"Number of {what}", min_value=1, max_value=MAX_ROWS, value=max(1, existing),
                               step=1, key=_k(prefix, spec.field, "count")))


def _therapy_rows(spec: WidgetSpec, kb, prefix: str, current: list) -> None:
    st.markdown(f"**{spec.question}** — one row per course.")
    drugs = [tid for tid, _ in therapy_choices(kb)]
    outcomes = list(next(s.choices for s in spec.item_fields if s.field == "outcome"))
    n = _row_count(spec, prefix, len(current), "courses")
    for i in range(n):
        cur = current[i] if i < len(current) else {}
        with st.container(border=True):
            c1, c2, c3 = st.columns([5, 2, 2])
            c1.selectbox(f"Drug (course {i + 1})", drugs, index=drugs.index(cur["drug"]) if cur.get("drug") in drugs
                         else None, format_func=lambda t: kb.therapies[t].name, placeholder="choose a drug…",
                         key=_k(prefix, spec.field, i, "drug"))
            c2.number_input("Weeks on it", min_value=0.0, max_value=2000.0, value=cur.get("weeks"), step=1.0,
                            format="%g", key=_k(prefix, spec.field, i, "weeks"))
            c3.selectbox("Taking it now?", [True, False], index=0 if cur.get("current", True) else 1, format_func=_fmt,
                         key=_k(prefix, spec.field, i, "current"))
            c4, c5, c6 = st.columns([5, 2, 2])
            c4.selectbox("Outcome", outcomes, index=outcomes.index(cur["outcome"]) if cur.get("outcome") in outcomes
                         else None, format_func=lambda o: value_label("outcome", o), placeholder="not known",
                         key=_k(prefix, spec.field, i, "outcome"))
            with c5:
                _tristate("Adequate dose?", _k(prefix, spec.field, i, "adequate_dose"), cur.get("adequate_dose"))
            with c6:
                _tristate("Taken as prescribed?", _k(prefix, spec.field, i, "adherent"), cur.get("adherent"))
            st.text_input("Dose as given (optional)", value=cur.get("dose", ""), max_chars=120,
                          key=_k(prefix, spec.field, i, "dose"))


def _antibody_rows(spec: WidgetSpec, prefix: str, current: list) -> None:
    st.markdown(f"**{spec.question}** — one row per antibody tested.")
    names = list(next(s.choices for s in spec.item_fields if s.field == "name"))
    n = _row_count(spec, prefix, len(current), "antibodies tested")
    for i in range(n):
        cur = current[i] if i < len(current) else {}
        c1, c2, c3 = st.columns([3, 2, 2])
        c1.selectbox(f"Antibody {i + 1}", names, index=names.index(cur["name"]) if cur.get("name") in names else None,
                     format_func=antibody_label, placeholder="choose…", key=_k(prefix, spec.field, i, "name"))
        c2.radio("Result", ["positive", "negative"],
                 index={"positive": 0, "negative": 1}.get(str(cur.get("result"))), horizontal=True,
                 key=_k(prefix, spec.field, i, "result"))
        c3.number_input("Line-blot intensity (optional)", min_value=0.0, max_value=300.0, value=cur.get("intensity"),
                        step=1.0, format="%g", key=_k(prefix, spec.field, i, "intensity"))


ASSESSMENT_NUMBERS = ASSESSMENT_MEASURES  # the instruments' ranges, declared once in decision.labels


def _assessment_rows(spec: WidgetSpec, prefix: str, current: list) -> None:
    st.markdown(f"**{spec.question}**")
    n = _row_count(spec, prefix, max(2, len(current)), "assessments")
    for i in range(n):
        cur = current[i] if i < len(current) else {}
        with st.container(border=True):
            c1, c2 = st.columns(2)
            date = cur.get("date")
            c1.date_input(f"Date of assessment {i + 1}", value=dt.date.fromisoformat(date) if date else None,
                          key=_k(prefix, spec.field, i, "date"))
            scales = list(MMT_SCALES)
            c2.selectbox("MMT scale", scales, index=scales.index(cur["mmt_max"]) if cur.get("mmt_max") in scales
                         else None, format_func=lambda m: value_label("muscle.weakness.mmt8_max", m),
                         placeholder="choose…", key=_k(prefix, spec.field, i, "mmt_max"))
            cols = st.columns(len(ASSESSMENT_NUMBERS) + 2)
            for col, (name, label, top) in zip(cols, ASSESSMENT_NUMBERS, strict=False):
                col.number_input(label, min_value=0.0, max_value=top, value=cur.get(name), step=0.5, format="%g",
                                 key=_k(prefix, spec.field, i, name))
            ck = cur.get("ck") or {}
            cols[-2].number_input("CK", min_value=0.0, value=ck.get("value"), step=1.0, format="%g",
                                  key=_k(prefix, spec.field, i, "ck_value"))
            cols[-1].number_input("CK upper limit of normal", min_value=0.0, value=ck.get("uln"), step=1.0, format="%g",
                                  key=_k(prefix, spec.field, i, "ck_uln"))


def read(spec: WidgetSpec, prefix: str) -> Any:
    """The value the widgets for ``spec`` hold now, shaped for the patient model; ``None`` if nothing chosen."""
    ss = st.session_state
    key = _k(prefix, spec.field)
    if spec.kind in ("bool", "enum", "number", "text"):
        value = ss.get(key)
        return None if value == "" else value
    if spec.kind == "date":
        value = ss.get(key)
        return value.isoformat() if value else None
    if spec.kind == "lab":
        value, uln = ss.get(_k(prefix, spec.field, "value")), ss.get(_k(prefix, spec.field, "uln"))
        if value is None:
            return None
        return {"value": value, **({"uln": uln} if uln else {})}  # a missing ULN is asked for, not dropped
    n = int(ss.get(_k(prefix, spec.field, "count")) or 0)
    rows = [row for i in range(n) if (row := _read_row(spec, prefix, i)) is not None]
    return rows or None


def _read_row(spec: WidgetSpec, prefix: str, i: int) -> dict | None:
    ss = st.session_state

    def g(part: str) -> Any:
        return ss.get(_k(prefix, spec.field, i, part))

    if spec.kind == "therapies":
        if g("drug") is None:
            return None
        return therapy_entry(g("drug"), weeks=g("weeks"), current=bool(g("current")), outcome=g("outcome"),
                             adequate_dose=g("adequate_dose"), adherent=g("adherent"), dose=g("dose") or None)
    if spec.kind == "autoantibodies":
        if g("name") is None or g("result") is None:
            return None
        return antibody_entry(g("name"), g("result"), g("intensity"))
    if g("date") is None:
        return None
    row = {"date": g("date").isoformat()}
    if g("mmt_max") is not None:
        row["mmt_max"] = g("mmt_max")
    for name, _, _ in ASSESSMENT_NUMBERS:
        if g(name) is not None:
            row[name] = g(name)
    if g("ck_value") is not None:  # without its ULN the interview asks for it (never dropped)
        row["ck"] = {"value": g("ck_value"), **({"uln": g("ck_uln")} if g("ck_uln") else {})}
    return row


def current_value(answers: dict, spec: WidgetSpec) -> Any:
    return get_answer(answers, spec.field)
