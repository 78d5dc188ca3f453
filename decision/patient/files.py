"""Reading a patient file (YAML or JSON) from disk, an upload or a string — the input edge for files.

Size-limited, parsed with the same hardened YAML reader as the knowledge base (no yes/no booleans, duplicate
keys are errors), then validated into a :class:`~decision.patient.model.Patient`. Every failure is a
:class:`~decision.errors.PatientInputError` naming the field or ``file:line``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from decision.errors import PatientInputError, Problem
from decision.patient.model import Patient, parse_patient
from decision.reader import read_yaml

MAX_BYTES = 256 * 1024


def read_mapping(data: bytes | str, name: str) -> Any:
    """Parse YAML or JSON text into plain data, or raise PatientInputError."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise PatientInputError([Problem(name, f"a file of at most {MAX_BYTES // 1024} KiB",
                                             f"{len(data) // 1024} KiB")])
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise PatientInputError([Problem(name, "UTF-8 text (YAML or JSON)", "binary data")]) from None
    if len(data) > MAX_BYTES:
        raise PatientInputError([Problem(name, f"at most {MAX_BYTES // 1024} KiB of text", f"{len(data)} characters")])
    if name.endswith(".json"):
        try:
            return json.loads(data)
        except json.JSONDecodeError as exc:
            raise PatientInputError([Problem(f"{name}:{exc.lineno}", "valid JSON", exc.msg)]) from None
    value, _, problems = read_yaml(data, name)
    if problems:
        raise PatientInputError(problems)
    if value is None:
        raise PatientInputError([Problem(name, "patient fields (the file is empty)")])
    return value


def read_patient(data: bytes | str, name: str = "patient") -> Patient:
    return parse_patient(read_mapping(data, name), source=name)


def load_patient(path: str | Path) -> Patient:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise PatientInputError([Problem(str(p), "a readable patient file", exc.strerror or str(exc))]) from None
    return read_patient(raw, p.name)
