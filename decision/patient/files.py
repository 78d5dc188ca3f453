"""Reading a patient file (YAML or JSON) from disk, an upload or a string — the input edge for files.

Size-limited and parsed by the one hardened reader (:mod:`decision.reader`: no yes/no booleans, duplicate keys
are errors in YAML and JSON, no anchors or aliases, bounded depth and size), then validated into a
:class:`~decision.patient.model.Patient`. Every failure is a :class:`~decision.errors.PatientInputError`
naming the field or ``file:line``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from decision.errors import PatientInputError, Problem
from decision.patient.model import Patient, parse_patient
from decision.reader import PATIENT_LIMITS, read_data

MAX_BYTES = PATIENT_LIMITS.max_bytes


def read_mapping(data: bytes | str, name: str) -> Any:
    """Parse YAML or JSON text into plain data, or raise PatientInputError."""
    value = read_data(data, name, PatientInputError, PATIENT_LIMITS)
    if value is None:
        raise PatientInputError([Problem(name, "patient fields (the file is empty)")])
    return value


def read_patient(data: bytes | str, name: str = "patient") -> Patient:
    return parse_patient(read_mapping(data, name), source=name)


def load_patient(path: str | Path) -> Patient:
    p = Path(path)
    try:
        with p.open("rb") as fh:  # read one byte past the limit, never more (a device or a FIFO never ends)
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PatientInputError([Problem(str(p), "a readable patient file", exc.strerror or str(exc))]) from None
    return read_patient(raw, p.name)
