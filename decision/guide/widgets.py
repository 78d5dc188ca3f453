"""How to ask one patient field: the kind of input, its choices, unit, range and question.

Read from the :class:`~decision.patient.model.Patient` model's own declarations (so a form can never offer a
value the model would reject for its type or range) and worded by :mod:`decision.labels` (so the question
and its choices are words, never identifiers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from decision import labels
from decision.guide.fields import resolve
from decision.patient.facts import unwrap_optional
from decision.patient.model import AutoantibodyResult, LabValue, TherapyCourse

WidgetKind = Literal["bool", "number", "enum", "text", "date", "lab", "therapies", "autoantibodies", "assessments"]


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

    def choice_label(self, value: Any) -> str:
        """A choice in words (``asys`` → ``antisynthetase syndrome``)."""
        return labels.value_label(self.field, value)


def _bounds(info: Any) -> dict[str, Any]:
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


def widget_for(dotted_field: str) -> WidgetSpec:
    """The widget to ask ``dotted_field`` with, derived from the patient model (KeyError if unknown)."""
    info, ann = resolve(dotted_field)
    common: dict[str, Any] = dict(field=dotted_field, question=labels.question(dotted_field),
                                  unit=labels.unit(dotted_field), help=None)
    if get_origin(ann) is tuple:
        item = get_args(ann)[0]
        kinds: dict[Any, WidgetKind] = {TherapyCourse: "therapies", AutoantibodyResult: "autoantibodies"}
        return WidgetSpec(kind=kinds.get(item, "assessments"), item_fields=_item_fields(item), **common)
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
        common: dict[str, Any] = dict(field=name, question=str(label), unit=extra.get("unit"), help=info.description)
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


def therapy_choices(kb: Any) -> list[tuple[str, str]]:
    """(therapy id, name) pairs of the knowledge base, sorted by name, for the therapy entry."""
    return sorted(((t.id, t.name) for t in kb.therapies.values()), key=lambda p: p[1].lower())
