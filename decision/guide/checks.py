"""Is this set of answers a valid patient? The library's own checks, returned keyed by field.

Validation stays where it belongs (:func:`decision.parse_patient` and the walker's therapy-id check); this
module only adds the one rule an interactive form needs on top: a CK without its upper limit of normal is
asked for its ULN instead of being kept as a bare number the pathway cannot read as a multiple of normal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from decision.errors import PatientInputError, Problem
from decision.patient.model import parse_patient

CK_ULN_EXPECTED = "the laboratory's upper limit of normal with the CK value (the pathway reads CK as a multiple of it)"


def problems_for(kb: Any, answers: Mapping[str, Any] | None) -> list[Problem]:
    """Every problem with ``answers`` as a patient (empty list: valid), from the library's own checks."""
    try:
        patient = parse_patient(dict(answers or {}))
    except PatientInputError as exc:
        return list(exc.problems)
    found: list[Problem] = []
    if patient.labs.ck is not None and patient.labs.ck.uln is None:
        found.append(Problem("labs.ck.uln", CK_ULN_EXPECTED, "a CK value without its upper limit of normal"))
    for i, a in enumerate(patient.assessments):
        ck = getattr(a, "ck", None)
        if ck is not None and getattr(ck, "uln", None) is None:
            found.append(Problem(f"assessments[{i}].ck.uln", CK_ULN_EXPECTED, "a CK value without its ULN"))
    if kb is not None:
        known = set(kb.therapies)
        found += [Problem(f"therapies[{i}].drug", "a therapy id of the knowledge base", repr(c.drug))
                  for i, c in enumerate(patient.therapies) if c.drug not in known]
    return found


def problems_by_field(problems: list[Problem] | tuple[Problem, ...]) -> dict[str, list[str]]:
    """``{field: ["expected …; found …", …]}`` in the order found, for showing next to each field."""
    out: dict[str, list[str]] = {}
    for p in problems:
        found = f"; found {p.found}" if p.found else ""
        out.setdefault(p.where, []).append(f"expected {p.expected}{found}")
    return out
