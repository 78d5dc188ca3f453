"""Error types, one per audience.

Authoring mistakes in ``algorithms/`` are for the knowledge-base author; bad patient input is for the
clinician or the calling program. Both carry *every* problem found (never just the first), and each
problem says where it is, what was expected and what was found, so that a message can be fixed without
reading code or a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def problems_from_validation(exc, prefix: str = "") -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into problems that name the field, the expectation and the value.

    The field path is dotted (``labs.ck.value``, ``therapies[2].outcome``) so it reads the same way as the
    patient file the user wrote.
    """
    problems = []
    for err in exc.errors(include_url=False):
        parts = []
        for item in err.get("loc", ()):
            if isinstance(item, int):
                parts.append(f"[{item}]")
            else:
                parts.append(("." if parts else "") + str(item))
        path = "".join(parts)
        where = f"{prefix}.{path}" if prefix and path else (prefix or path or "(top level)")
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            expected = "no such field (unknown fields are rejected; check the spelling against the schema)"
        elif kind == "missing":
            expected = "this field (it is required)"
        else:
            expected = err.get("msg", "a valid value")
            for lead in ("Input should be ", "Value error, "):
                if expected.startswith(lead):
                    expected = expected[len(lead):]
                    break
            expected = expected[0].lower() + expected[1:] if expected else "a valid value"
        found = "" if kind == "missing" else repr(err.get("input"))
        if len(found) > 80:
            found = found[:77] + "..."
        problems.append(Problem(where, expected, found))
    return problems
