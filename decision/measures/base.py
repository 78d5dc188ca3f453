"""Pieces every measure module shares: the frozen result base, the yes / no / unknown finding type and
the rounding rule.

They live in one place so that every score treats missing data, rounding and serialisation the same way:
a clinician who learns how "unknown" behaves in the classification criteria can rely on it in Bohan &
Peter too.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

#: Percent changes are rounded to this many decimals before they are compared with a cut-off, so that a
#: change that is exactly 5% on paper is 5% here: ``(3 - 2.85) / 3 * 100`` is 4.9999999999999964 in
#: floating point (measures.md section 3).
PERCENT_DECIMALS = 6


def percent(numerator: float, denominator: float) -> float:
    """``numerator / denominator * 100`` rounded to :data:`PERCENT_DECIMALS` (the value that is binned)."""
    return round(numerator / denominator * 100, PERCENT_DECIMALS)


def _unknown_to_none(value: Any) -> Any:
    """Let a file say ``unknown`` (or ``null``) for a finding that was not looked for or is not known."""
    if isinstance(value, str) and value.strip().lower() in {"unknown", "not known", "?"}:
        return None
    return value


#: A clinical finding: ``True`` present, ``False`` looked for and absent, ``None`` unknown. Files may write
#: yes / no / true / false / unknown. Unknown is never read as absent: scores report what it could change.
Finding = Annotated[bool | None, BeforeValidator(_unknown_to_none)]


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
