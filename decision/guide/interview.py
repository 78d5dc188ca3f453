"""The guided interview as plain data: answers, the next question, the widget to ask it with, the history.

The Streamlit pathway page only renders what this module decides, so the interview can be tested (and
reused by a notebook or another front end) without a browser. Answers are the patient mapping itself — a
nested plain dict of JSON-able values, exactly what a patient YAML file holds — so the same answers feed
:func:`decision.recommend`, the what-if comparison, the export and the handout without conversion.

* :func:`set_answer` / :func:`get_answer` edit the mapping immutably by dotted field (``mri.oedema``).
* :func:`next_question` picks the first item of ``rec.missing`` still worth asking: not skipped and not
  answered already (a derived fact such as *pregnant* lists several inputs, some of which may be known; a
  list such as ``therapies`` is asked once, all entries together — re-asking it while a derived fact stays
  unknown would loop, so an incomplete list is corrected with "edit an answer" instead).
* :func:`widget_for` says how to ask a field — kind, choices, unit, range and question — read from the
  :class:`~decision.patient.model.Patient` model's own declarations and :data:`decision.patient.facts.CATALOGUE`, so the
  form can never offer a value the model would reject for its type or range.
* :class:`Interview` is the back/forward history of (answers, skipped) states.

Validation stays where it belongs: :func:`problems_for` runs :func:`decision.parse_patient` (and the
therapy-id check of the walker) and returns its problems keyed by field.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from decision.errors import PatientInputError, Problem
from decision.patient.facts import CATALOGUE, unwrap_optional
from decision.patient.model import AutoantibodyResult, LabValue, Patient, TherapyCourse, parse_patient
from decision.recommendation import Missing, Recommendation

WidgetKind = Literal["bool", "number", "enum", "text", "date", "lab", "therapies", "autoantibodies", "assessments"]

Answers = dict[str, Any]


# --- answers ------------------------------------------------------------------------------------------


def _parts(dotted: str) -> list[str]:
    parts = dotted.split(".")
    if not dotted or any(not p for p in parts):
        raise ValueError(f"a dotted patient field such as 'mri.oedema', found {dotted!r}")
    return parts


def plain(value: Any) -> Any:
    """JSON-able copy of a value: dates become ISO strings, tuples lists (answers stay plain data)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def set_answer(answers: Mapping[str, Any] | None, dotted_field: str, value: Any) -> Answers:
    """A new answers mapping with ``dotted_field`` set to ``value`` (``None`` removes it).

    The input is never modified. Intermediate mappings are created as needed and removed again when a
    removal leaves them empty, so that "unknown" is always spelled as an absent key.
    """
    parts = _parts(dotted_field)
    out: Answers = copy.deepcopy(dict(answers or {}))
    if value is None:
        _remove(out, parts)
        return out
    node = out
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = plain(value)
    return out


def _remove(node: dict, parts: list[str]) -> None:
    if len(parts) == 1:
        node.pop(parts[0], None)
        return
    child = node.get(parts[0])
    if isinstance(child, dict):
        _remove(child, parts[1:])
        if not child:
            node.pop(parts[0], None)


def get_answer(answers: Mapping[str, Any] | None, dotted_field: str, default: Any = None) -> Any:
    node: Any = answers or {}
    for part in _parts(dotted_field):
        if not isinstance(node, Mapping) or part not in node:
            return default
        node = node[part]
    return node


def is_answered(answers: Mapping[str, Any] | None, dotted_field: str) -> bool:
    value = get_answer(answers, dotted_field)
    return value is not None and value != [] and value != {}


def flatten(answers: Mapping[str, Any] | None, prefix: str = "") -> list[tuple[str, Any]]:
    """``[(dotted field, value), ...]`` in the mapping's order; lists are kept whole (one row each)."""
    rows: list[tuple[str, Any]] = []
    for key, value in (answers or {}).items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and not _is_leaf_mapping(path):
            rows.extend(flatten(value, f"{path}."))
        else:
            rows.append((path, value))
    return rows


def _is_leaf_mapping(path: str) -> bool:
    """A mapping that is one answer (a lab value with its ULN), not a group of answers."""
    try:
        return _resolve(path)[1] is LabValue
    except KeyError:
        return False


def describe_value(value: Any) -> str:
    """A short human reading of one answer, for summaries and the handout."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if isinstance(value, Mapping):
        if "value" in value and set(value) <= {"value", "uln"}:
            uln = f" (ULN {value['uln']:g})" if value.get("uln") is not None else " (ULN not given)"
            return f"{value['value']:g}{uln}"
        return ", ".join(f"{k} {describe_value(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, (list, tuple)):
        return "; ".join(_describe_item(v) for v in value) if value else "none"
    return str(value)


def _describe_item(item: Any) -> str:
    if not isinstance(item, Mapping):
        return str(item)
    if "drug" in item:
        bits = [str(item["drug"])]
        if item.get("dose"):
            bits.append(str(item["dose"]))
        if item.get("weeks") is not None:
            bits.append(f"{describe_value(item['weeks'])} weeks")
        bits.append("current" if item.get("current", True) else "stopped")
        if item.get("outcome"):
            bits.append(str(item["outcome"]))
        for key, text in (("adequate_dose", "adequate dose"), ("adherent", "adherent")):
            if item.get(key) is not None:
                bits.append(f"{text}: {describe_value(item[key])}")
        return ", ".join(bits)
    if "name" in item and "result" in item:
        intensity = f" (intensity {describe_value(item['intensity'])})" if item.get("intensity") is not None else ""
        return f"anti-{item['name']} {item['result']}{intensity}"
    if "date" in item:
        return f"{item['date']}: " + ", ".join(f"{k} {describe_value(v)}" for k, v in item.items() if k != "date")
    return describe_value(item)


# --- which question next -------------------------------------------------------------------------------


def next_question(rec: Recommendation, answers: Mapping[str, Any] | None = None,
                  skipped: tuple[str, ...] | frozenset[str] = ()) -> Missing | None:
    """The first item of ``rec.missing`` to ask, or ``None`` when nothing is left to ask.

    With no ``answers`` and no ``skipped`` this is simply ``rec.missing[0]``. A skipped field is passed over,
    and so is a field already answered: it is still listed when a derived fact needs another input too (or
    when a list answer is incomplete), and asking it again would go round in circles.
    """
    remaining = remaining_questions(rec, answers, skipped)
    return remaining[0] if remaining else None


def remaining_questions(rec: Recommendation, answers: Mapping[str, Any] | None = None,
                        skipped: tuple[str, ...] | frozenset[str] = ()) -> list[Missing]:
    """Every item of ``rec.missing`` still to ask, in the walker's order (see :func:`next_question`)."""
    return [item for item in rec.missing
            if item.field not in skipped and not (answers is not None and is_answered(answers, item.field))]


# --- widgets from the model ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WidgetSpec:
    """How to ask for one patient field: what kind of input, its choices, unit, range and question."""

    field: str
    kind: WidgetKind
    question: str
    unit: str | None = None
    choices: tuple[Any, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    help: str | None = None
    # for list kinds: the sub-fields of one entry, each with its own spec
    item_fields: tuple[WidgetSpec, ...] = ()


def _resolve(dotted: str):
    """(FieldInfo, unwrapped annotation) of a dotted patient field; KeyError if there is no such field."""
    model: type[BaseModel] = Patient
    info = None
    ann: Any = None
    parts = _parts(dotted)
    for i, part in enumerate(parts):
        if model is None or part not in model.model_fields:
            raise KeyError(dotted)
        info = model.model_fields[part]
        ann = unwrap_optional(info.annotation)
        model = ann if isinstance(ann, type) and issubclass(ann, BaseModel) and i < len(parts) - 1 else None
    return info, ann


def _bounds(info) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for meta in info.metadata:  # pydantic keeps ge/gt/le/lt as annotated-types constraint objects
        for attr, key, exclusive in (("ge", "min_value", None), ("gt", "min_value", "min_exclusive"),
                                     ("le", "max_value", None), ("lt", "max_value", "max_exclusive")):
            bound = getattr(meta, attr, None)
            if isinstance(bound, (int, float)) and not isinstance(bound, bool):
                out[key] = float(bound)
                if exclusive:
                    out[exclusive] = True
    return out


# Questions for the list fields the model leaves without one (the interview still has to ask them).
DEFAULT_QUESTIONS = {
    "autoantibodies": "Which myositis autoantibodies were tested, with what result (and line-blot intensity)?",
    "assessments": "Dated IMACS core set assessments on the current regimen (at least two, oldest first)?",
}


def _question(dotted: str, info) -> tuple[str, str | None]:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    spec = CATALOGUE.get(dotted)
    question = extra.get("question") or (spec.question if spec else None) or DEFAULT_QUESTIONS.get(dotted)
    if not question:
        leaf = dotted.replace("_", " ").replace(".", ": ")
        question = f"{info.description[0].upper() + info.description[1:]}?" if info.description else f"{leaf}?"
    unit = extra.get("unit") or (spec.unit if spec else None)
    return question, unit


def widget_for(dotted_field: str) -> WidgetSpec:
    """The widget to ask ``dotted_field`` with, derived from the patient model (KeyError if unknown)."""
    info, ann = _resolve(dotted_field)
    question, unit = _question(dotted_field, info)
    common = dict(field=dotted_field, question=question, unit=unit, help=info.description)
    if get_origin(ann) is tuple:
        item = get_args(ann)[0]
        kind = {TherapyCourse: "therapies", AutoantibodyResult: "autoantibodies"}.get(item, "assessments")
        return WidgetSpec(kind=kind, item_fields=_item_fields(item), **common)
    if ann is bool:
        return WidgetSpec(kind="bool", choices=(True, False), **common)
    if ann in (int, float):
        return WidgetSpec(kind="number", **_bounds(info), **common)
    if get_origin(ann) is Literal:
        return WidgetSpec(kind="enum", choices=get_args(ann), **common)
    if ann is LabValue:
        return WidgetSpec(kind="lab", min_value=0.0, item_fields=_item_fields(LabValue), **common)
    if ann is dt.date:
        return WidgetSpec(kind="date", **common)
    if ann is str:
        return WidgetSpec(kind="text", **_bounds(info), **common)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        raise KeyError(f"{dotted_field} is a group of fields, not one answer")
    raise KeyError(f"{dotted_field}: no widget for {ann!r}")


def _item_fields(model: type[BaseModel]) -> tuple[WidgetSpec, ...]:
    specs = []
    for name, info in model.model_fields.items():
        ann = unwrap_optional(info.annotation)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        label = extra.get("question") or info.description or name.replace("_", " ")
        common = dict(field=name, question=label, unit=extra.get("unit"), help=info.description)
        if ann is bool:
            specs.append(WidgetSpec(kind="bool", choices=(True, False), **common))
        elif ann in (int, float):
            specs.append(WidgetSpec(kind="number", **_bounds(info), **common))
        elif get_origin(ann) is Literal:
            specs.append(WidgetSpec(kind="enum", choices=get_args(ann), **common))
        elif ann is dt.date:
            specs.append(WidgetSpec(kind="date", **common))
        elif ann is str:
            specs.append(WidgetSpec(kind="text", **common))
        elif ann is LabValue or (isinstance(ann, type) and issubclass(ann, BaseModel)):
            specs.append(WidgetSpec(kind="lab", min_value=0.0, **common))
    return tuple(specs)


def therapy_choices(kb) -> list[tuple[str, str]]:
    """(therapy id, name) pairs of the knowledge base, sorted by name, for the therapy entry."""
    return sorted(((t.id, t.name) for t in kb.therapies.values()), key=lambda p: p[1].lower())


def therapy_entry(drug: str, weeks: float | None = None, current: bool = True, outcome: str | None = None,
                  adequate_dose: bool | None = None, adherent: bool | None = None, dose: str | None = None) -> dict:
    """One therapy course as plain data (unknown parts left out)."""
    entry = {"drug": drug, "dose": dose, "weeks": weeks, "current": current, "outcome": outcome,
             "adequate_dose": adequate_dose, "adherent": adherent}
    return {k: v for k, v in entry.items() if v is not None and v != ""}


def antibody_entry(name: str, result: str, intensity: float | None = None) -> dict:
    entry = {"name": name, "result": result, "intensity": intensity}
    return {k: v for k, v in entry.items() if v is not None}


def append_entry(answers: Mapping[str, Any] | None, dotted_field: str, entry: Mapping[str, Any]) -> Answers:
    """A new answers mapping with ``entry`` appended to the list at ``dotted_field``."""
    current = list(get_answer(answers, dotted_field) or [])
    return set_answer(answers, dotted_field, current + [dict(entry)])


def remove_entry(answers: Mapping[str, Any] | None, dotted_field: str, index: int) -> Answers:
    current = list(get_answer(answers, dotted_field) or [])
    if 0 <= index < len(current):
        del current[index]
    return set_answer(answers, dotted_field, current or None)


# --- validation --------------------------------------------------------------------------------------


def problems_for(kb, answers: Mapping[str, Any] | None) -> list[Problem]:
    """Every problem with ``answers`` as a patient (empty list: valid), from the library's own checks."""
    try:
        patient = parse_patient(dict(answers or {}))
    except PatientInputError as exc:
        return list(exc.problems)
    if kb is not None:
        known = set(kb.therapies)
        return [Problem(f"therapies[{i}].drug", "a therapy id of the knowledge base", repr(c.drug))
                for i, c in enumerate(patient.therapies) if c.drug not in known]
    return []


def problems_by_field(problems: list[Problem] | tuple[Problem, ...]) -> dict[str, list[str]]:
    """``{field: ["expected …; found …", …]}`` in the order found, for showing next to each field."""
    out: dict[str, list[str]] = {}
    for p in problems:
        found = f"; found {p.found}" if p.found else ""
        out.setdefault(p.where, []).append(f"expected {p.expected}{found}")
    return out


# --- history ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    answers: Answers = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    note: str = "start"  # what led to this state, for the history list


@dataclass(frozen=True)
class Interview:
    """An immutable answer history with a cursor: back and forward move the cursor, a new step truncates."""

    states: tuple[State, ...] = (State(),)
    position: int = 0

    @property
    def current(self) -> State:
        return self.states[self.position]

    @property
    def answers(self) -> Answers:
        return self.current.answers

    @property
    def skipped(self) -> tuple[str, ...]:
        return self.current.skipped

    @property
    def can_go_back(self) -> bool:
        return self.position > 0

    @property
    def can_go_forward(self) -> bool:
        return self.position < len(self.states) - 1

    def _push(self, state: State) -> Interview:
        states = self.states[: self.position + 1] + (state,)
        return Interview(states, len(states) - 1)

    def answer(self, dotted_field: str, value: Any) -> Interview:
        answers = set_answer(self.answers, dotted_field, value)
        skipped = tuple(s for s in self.skipped if s != dotted_field)
        shown = "unknown" if value is None else describe_value(plain(value))
        return self._push(State(answers, skipped, f"{dotted_field} = {shown}"))

    def replace_answers(self, answers: Mapping[str, Any], note: str) -> Interview:
        return self._push(State(plain(dict(answers)), (), note))

    def skip(self, dotted_field: str) -> Interview:
        if dotted_field in self.skipped:
            return self
        return self._push(State(self.answers, self.skipped + (dotted_field,), f"{dotted_field} skipped (unknown)"))

    def back(self) -> Interview:
        return replace(self, position=max(0, self.position - 1))

    def forward(self) -> Interview:
        return replace(self, position=min(len(self.states) - 1, self.position + 1))

    def restart(self) -> Interview:
        return Interview()
