"""Dotted patient field names (``mri.oedema``) resolved against the patient model.

Every guide module addresses a field by its dotted name; this is the one place that splits a name and finds the
pydantic field behind it, so a misspelt field fails the same way everywhere (``KeyError`` naming it).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from decision.patient.facts import unwrap_optional
from decision.patient.model import LabValue, Patient


def parts(dotted: str) -> list[str]:
    """``"mri.oedema"`` → ``["mri", "oedema"]``; ValueError for an empty part."""
    split = dotted.split(".")
    if not dotted or any(not p for p in split):
        raise ValueError(f"a dotted patient field such as 'mri.oedema', found {dotted!r}")
    return split


def resolve(dotted: str) -> tuple[Any, Any]:
    """(FieldInfo, unwrapped annotation) of a dotted patient field; KeyError if there is no such field."""
    model: type[BaseModel] | None = Patient
    info = None
    ann: Any = None
    split = parts(dotted)
    for i, part in enumerate(split):
        if model is None or part not in model.model_fields:
            raise KeyError(dotted)
        info = model.model_fields[part]
        ann = unwrap_optional(info.annotation)
        model = ann if isinstance(ann, type) and issubclass(ann, BaseModel) and i < len(split) - 1 else None
    return info, ann


def is_leaf_mapping(dotted: str) -> bool:
    """A mapping that is one answer (a lab value with its ULN), not a group of answers."""
    try:
        return resolve(dotted)[1] is LabValue
    except KeyError:
        return False
