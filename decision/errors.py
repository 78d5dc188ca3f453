"""Error types, one per audience.

Authoring mistakes in ``algorithms/`` are for the knowledge-base author; bad patient input is for the
clinician or the calling program. Both carry *every* problem found (never just the first), and each
problem says where it is, what was expected and what was found, so that a message can be fixed without
reading code or a traceback.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where it is, what was expected there and what was found."""

    where: str
    expected: str
    found: str = ""

    def __str__(self) -> str:
        found = f"; found {self.found}" if self.found else ""
        return f"{self.where}: expected {self.expected}{found}"


class DecisionError(Exception):
    """Base class: a problem the user can fix, reported as a list of :class:`Problem`."""

    audience = "input"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(self.message())

    def message(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the {self.audience}:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class KnowledgeBaseError(DecisionError):
    """The knowledge base in ``algorithms/`` is malformed: for its authors and reviewers."""

    audience = "knowledge base"


class PatientInputError(DecisionError):
    """A patient state (or measure input) is malformed: for the clinician or calling program."""

    audience = "patient input"


def bounded_repr(value: Any, limit: int = 80) -> str:
    """``repr`` for messages: never longer than ``limit``, and never raising on deep, huge or odd values.

    ``repr`` of a 5,000-digit integer raises ValueError, of a deeply nested list RecursionError, and of a
    hostile object whatever it likes; a message about bad input must not fail on the input it describes.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<an integer of about {int(value.bit_length() * 0.30103)} digits>"
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001 - any failure of a foreign __repr__ becomes a plain description
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlong = 60


_PLAINER = {"an object": "a mapping of fields", "a valid dictionary": "a mapping of fields",
            "a valid list": "a list", "a valid tuple": "a list"}


@dataclass(frozen=True)
class Wording:
    """How one audience is told about an unknown or a missing key."""

    unknown: str
    missing: str  # may use {key}


PATIENT_WORDING = Wording("no such field (unknown fields are rejected; check the spelling against the schema)",
                          "this field (it is required)")
KB_WORDING = Wording("only the declared keys (unknown key)", "the required key '{key}'")


def dotted(loc: tuple[Any, ...] | list[Any]) -> str:
    """A field path as the user wrote it: ``labs.ck.value``, ``therapies[2].outcome``."""
    parts: list[str] = []
    for item in loc:
        parts.append(f"[{item}]" if isinstance(item, int) else ("." if parts else "") + str(item))
    return "".join(parts)


def problems_from_validation(exc: Any, prefix: str = "", locate: Callable[[tuple[Any, ...]], str] | None = None,
                             wording: Wording = PATIENT_WORDING) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into problems that name the field, the expectation and the value.

    The one converter for both audiences: ``locate`` turns an error's location into the ``where`` of the
    problem (the knowledge base adds ``file:line``); by default the field path is dotted (``labs.ck.value``,
    ``therapies[2].outcome``) so it reads the same way as the patient file the user wrote. The value found is
    shown with :func:`bounded_repr`, so a deep or huge value cannot break the message.
    """
    problems = []
    errors = exc.errors(include_url=False, include_context=False, include_input=True)
    # Unknown keys last, as in Python-mode validation (strict JSON mode meets them first): a stable order.
    for err in sorted(errors, key=lambda e: e.get("type") == "extra_forbidden"):
        loc = tuple(err.get("loc", ()))
        if locate is not None:
            where = locate(loc)
        else:
            path = dotted(loc)
            where = f"{prefix}.{path}" if prefix and path else (prefix or path or "(top level)")
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            expected = wording.unknown
        elif kind == "missing":
            expected = wording.missing.format(key=loc[-1] if loc else "?")
        else:
            expected = str(err.get("msg", ""))
            for lead in ("Input should be ", "Value error, "):
                expected = expected.removeprefix(lead)
            expected = _PLAINER.get(expected, expected)
            if expected.startswith("String should have "):
                expected = "text with " + expected.removeprefix("String should have ")
            expected = expected[0].lower() + expected[1:] if expected else "a valid value"
        found = "" if kind == "missing" else bounded_repr(err.get("input"))
        problems.append(Problem(where, expected, found))
    return problems
