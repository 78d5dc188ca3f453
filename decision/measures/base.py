"""Pieces every measure module shares: the frozen result base, the yes / no / unknown finding type and
the rounding rule.

They live in one place so that every score treats missing data, rounding and serialisation the same way:
a clinician who learns how "unknown" behaves in the classification criteria can rely on it in Bohan &
Peter too.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

#: Percent changes are rounded to this many decimals before they are compared with a cut-off, so that a
#: change that is exactly 5% on paper is 5% here: ``(3 - 2.85) / 3 * 100`` is 4.9999999999999964 in
#: floating point (measures.md section 3).
PERCENT_DECIMALS = 6


def percent(numerator: float, denominator: float) -> float:
    """``numerator / denominator * 100`` rounded to :data:`PERCENT_DECIMALS` (the value that is binned)."""
    return round(numerator / denominator * 100, PERCENT_DECIMALS)


_WORDS = {"yes": True, "y": True, "true": True, "present": True,
          "no": False, "n": False, "false": False, "absent": False,
          "unknown": None, "not known": None, "?": None}


def _finding(value: Any) -> bool | None:
    """Read a finding as a clinician writes it: yes / no / unknown (also true / false / null)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _WORDS:
        return _WORDS[value.strip().lower()]
    raise PydanticCustomError("finding", "yes, no or unknown")


#: A clinical finding: ``True`` present, ``False`` looked for and absent, ``None`` unknown. Unknown is never
#: read as absent: the scores report what it could change.
Finding = Annotated[bool | None, BeforeValidator(_finding)]


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    known = _WORDS.get(value.strip().lower()) if isinstance(value, str) else None
    if known is None:
        raise PydanticCustomError("yes_no", "yes or no (unknown is not allowed here)")
    return known


#: A fact that must be known: yes or no.
YesNo = Annotated[bool, BeforeValidator(_yes_no)]


def require_mapping(value: Any, what: str) -> Any:
    """Reject a non-mapping early with a message a clinician can act on (not a Python class name)."""
    if value is None or isinstance(value, (dict, BaseModel)):
        return value
    raise PydanticCustomError("mapping", "a mapping ({what})", {"what": what})


class Result(BaseModel):
    """Base of every result: immutable, and ``to_dict()`` gives plain JSON data in declaration order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-serialisable data (lists, dicts, str, float, bool, None) in a stable key order."""
        return self.model_dump(mode="json")


def tristate_any(values: list[bool | None]) -> bool | None:
    """Three-valued OR: True if any is True, False if all are False, otherwise None (unknown)."""
    if any(v is True for v in values):
        return True
    if all(v is False for v in values):
        return False
    return None
