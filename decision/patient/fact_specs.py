"""What a fact is (:class:`FactSpec`), and the raw facts generated from the patient model's own fields.

Conditions name facts; each fact declares its kind (bool, number, enum, set), unit and the question that would
obtain it, so the loader can check a condition names a real fact with a fitting operator and the interview
knows what to ask. Raw facts are the patient's scalar fields by dotted path; derived facts (which count and
look up) are in :mod:`decision.patient.facts`.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from decision.patient.model import Patient

Kind = Literal["bool", "number", "enum", "set", "text"]


@dataclass(frozen=True)
class FactSpec:
    name: str
    kind: Kind
    description: str
    choices: tuple[Any, ...] = ()
    unit: str | None = None
    question: str | None = None
    inputs: tuple[str, ...] = ()  # raw patient fields a derived fact reads (empty for a raw fact: itself)
    derived: bool = False

    def asks(self) -> tuple[str, ...]:
        """The patient fields to ask for when this fact is unknown."""
        return self.inputs if self.derived else (self.name,)


# --- raw facts, generated from the patient model -------------------------------------------------------


def unwrap_optional(annotation: Any) -> Any:
    """``X | None`` → ``X`` (other annotations unchanged)."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _raw_specs(model: type[BaseModel], prefix: str = "") -> dict[str, FactSpec]:
    specs: dict[str, FactSpec] = {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        ann = unwrap_optional(info.annotation)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        desc = info.description or name.replace("_", " ")
        common: dict[str, Any] = {"description": desc, "unit": extra.get("unit"), "question": extra.get("question")}
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            if ann.__name__ == "LabValue":
                specs[f"{path}.value"] = FactSpec(f"{path}.value", "number", f"{desc} (value)",
                                                  **_drop(common, "description"))
                specs[f"{path}.xuln"] = FactSpec(
                    f"{path}.xuln", "number", f"{desc} as a multiple of its upper limit of normal",
                    unit="× ULN", question=common["question"], inputs=(path,), derived=True,
                )
            else:
                specs.update(_raw_specs(ann, f"{path}."))
            continue
        if ann is bool:
            specs[path] = FactSpec(path, "bool", **common)
        elif ann in (int, float):
            specs[path] = FactSpec(path, "number", **common)
        elif get_origin(ann) is Literal:
            specs[path] = FactSpec(path, "enum", choices=get_args(ann), **common)
        # dates, free text and lists are not testable by conditions; derived facts summarise the lists
    return specs


def _drop(d: dict, key: str) -> dict:
    return {k: v for k, v in d.items() if k != key}


def _get(patient: Patient, path: str) -> Any:
    obj: Any = patient
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj
