"""Reading a registry into patient mappings: an iterable of mappings, JSON Lines, CSV or Parquet.

Every reader yields ``(row_id, payload)`` where the payload is a patient mapping, or the list of problems
found while reading that row (bad JSON, a cell that is not valid JSON) — so one bad row becomes one error
row and the run goes on. Nothing is validated here: :func:`decision.recommend` is the one edge that checks
a patient, and it names every bad field.

**Row ids.** A row's ``id`` key (JSON) or column (CSV, Parquet) is its id and is not part of the patient;
without one, the id is ``#N``: the line number in a JSONL or CSV file, the 1-based position otherwise.

**CSV columns** are dotted paths into the patient file (``labs.ck.value``, ``muscle.weakness.mmt8``). An empty
cell is *unknown* (the key is left out). A cell is typed by the patient schema of its column: a number column
takes a number, a yes/no column takes ``true`` or ``false``, anything else stays text (and validation says if
the text is wrong). Lists are written either as indexed columns (``autoantibodies.0.name``,
``autoantibodies.0.result``, ``therapies.1.drug``…) or as one cell holding JSON (``autoantibodies`` =
``[{"name": "mi2", "result": "positive"}]``); a cell that starts with ``[`` or ``{`` is always read as JSON.
**Parquet** columns follow the same dotted naming (or are nested structs); their values are already typed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from decision.errors import Problem

Item = tuple[str, Any]  # (row id, patient mapping or list[Problem])


def from_mappings(patients: Iterable[Mapping[str, Any]]) -> Iterator[Item]:
    for n, patient in enumerate(patients, 1):
        yield _with_id(dict(patient), f"#{n}")


def read_patients(path: str | Path) -> Iterator[Item]:
    """The rows of a ``.jsonl``/``.ndjson``, ``.csv`` or ``.parquet`` file (chosen by its suffix)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return read_jsonl(path)
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".parquet":
        return read_parquet(path)
    from decision.errors import PatientInputError

    raise PatientInputError([Problem(str(path), "a .jsonl, .csv or .parquet file", suffix or "no suffix")])


def read_jsonl(path: str | Path) -> Iterator[Item]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"#{n}", [Problem(f"line {n}", "one JSON object per line", f"invalid JSON ({exc.msg})")]
                continue
            if not isinstance(obj, dict):
                yield f"#{n}", [Problem(f"line {n}", "a JSON object (a patient)", type(obj).__name__)]
                continue
            yield _with_id(obj, f"#{n}")


def read_csv(path: str | Path) -> Iterator[Item]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            row_id = f"#{reader.line_num}"
            patient, problems = unflatten_text(header, cells)
            if problems:
                yield str(patient.get("id") or row_id), problems
            else:
                yield _with_id(patient, row_id)


def read_parquet(path: str | Path) -> Iterator[Item]:
    from decision.batch.parquet import read_parquet_rows

    for n, row in enumerate(read_parquet_rows(path), 1):
        patient: dict[str, Any] = {}
        for key, value in row.items():
            if value is not None:
                _put(patient, key.split("."), _drop_nulls(value))
        yield _with_id(patient, f"#{n}")


def unflatten_text(header: list[str], cells: list[str]) -> tuple[dict[str, Any], list[Problem]]:
    """A CSV row as a nested patient mapping, typed by the schema of each column (see the module docstring)."""
    patient: dict[str, Any] = {}
    problems: list[Problem] = []
    if len(cells) > len(header):
        problems.append(Problem("row", f"at most {len(header)} cells (one per column)", f"{len(cells)} cells"))
    for column, text in zip(header, cells, strict=False):
        text = text.strip()
        if not text:
            continue
        try:
            value = typed_cell(column, text)
        except ValueError as exc:
            problems.append(Problem(column, "valid JSON in a cell that starts with [ or {", str(exc)))
            continue
        _put(patient, column.split("."), value)
    return _compact(patient), problems


def typed_cell(column: str, text: str) -> Any:
    if text[0] in "[{":
        return json.loads(text)
    kinds = column_kinds(column)
    if "boolean" in kinds and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kinds & {"number", "integer"}:
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and ("integer" in kinds or "." not in text) else number
    return text


@lru_cache(maxsize=1024)
def column_kinds(column: str) -> frozenset[str]:
    """The JSON types the patient schema allows at a dotted path (integer enums count as 'integer')."""
    schema = _patient_schema()
    defs = schema.get("$defs", {})
    node: Any = schema
    for part in column.split("."):
        node = _resolve(node, defs)
        if part.isdigit() and node.get("type") == "array":
            node = node.get("items", {})
        elif isinstance(node.get("properties"), dict) and part in node["properties"]:
            node = node["properties"][part]
        else:
            return frozenset()
    return _kinds(_resolve(node, defs), defs)


@lru_cache(maxsize=1)
def _patient_schema() -> dict[str, Any]:
    from decision.patient.model import patient_schema

    return patient_schema()


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    for option in node.get("anyOf", ()):
        if option.get("type") != "null":
            return _resolve(option, defs)
    return node


def _kinds(node: dict[str, Any], defs: dict[str, Any]) -> frozenset[str]:
    kinds = set()
    for option in node.get("anyOf", [node]):
        option = _resolve(option, defs) if "$ref" in option else option
        if "type" in option:
            kinds.add(option["type"])
        values = option.get("enum", [option["const"]] if "const" in option else [])
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kinds.add("integer")
    return frozenset(kinds)


def _put(target: dict[str, Any], parts: list[str], value: Any) -> None:
    """Set a dotted path; an integer part indexes a list (``therapies.0.drug``)."""
    node: Any = target
    for part, following in zip(parts, parts[1:], strict=False):
        key: Any = int(part) if isinstance(node, list) else part
        if isinstance(node, list):
            while len(node) <= key:
                node.append(None)
        child = node[key] if isinstance(node, list) else node.get(key)
        if child is None:
            child = [] if following.isdigit() else {}
            node[key] = child
        node = child
    last = parts[-1]
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append(None)
        node[index] = value
    else:
        node[last] = value


def _compact(value: Any) -> Any:
    """Drop the gaps that empty indexed cells leave in lists (an empty cell is unknown, not an entry)."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value if v is not None]
    return value


def _drop_nulls(value: Any) -> Any:
    """A null inside a nested Parquet struct is unknown, as a missing key is (structs give every key)."""
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value if v is not None]
    return value


def _with_id(patient: dict[str, Any], default: str) -> Item:
    row_id = patient.pop("id", None)
    return (str(row_id) if row_id not in (None, "") else default), patient
