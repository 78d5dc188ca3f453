"""Answers as the patient mapping itself, edited immutably by dotted field.

Answers are a nested plain dict of JSON-able values — exactly what a patient YAML file holds — so the same
answers feed :func:`decision.recommend`, the what-if comparison, the export and the handout without conversion.
"Unknown" is always spelled as an absent key: setting ``None`` removes the key and any group it leaves empty.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any

from decision.guide.fields import is_leaf_mapping, parts

Answers = dict[str, Any]


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
    """A new answers mapping with ``dotted_field`` set to ``value`` (``None`` removes it); the input is untouched."""
    split = parts(dotted_field)
    out: Answers = copy.deepcopy(dict(answers or {}))
    if value is None:
        _remove(out, split)
        return out
    node = out
    for part in split[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[split[-1]] = plain(value)
    return out


def _remove(node: dict, split: list[str]) -> None:
    if len(split) == 1:
        node.pop(split[0], None)
        return
    child = node.get(split[0])
    if isinstance(child, dict):
        _remove(child, split[1:])
        if not child:
            node.pop(split[0], None)


def get_answer(answers: Mapping[str, Any] | None, dotted_field: str, default: Any = None) -> Any:
    node: Any = answers or {}
    for part in parts(dotted_field):
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
        if isinstance(value, Mapping) and not is_leaf_mapping(path):
            rows.extend(flatten(value, f"{path}."))
        else:
            rows.append((path, value))
    return rows


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
