"""Plain data handed to the library (a parsed file, a form, a notebook mapping): bounded, and strictly typed.

Text goes through :mod:`decision.reader`; a mapping can also arrive directly. Either way, before pydantic sees
it, its depth and size are bounded (walked without recursion, so a recursive or 5,000-deep list is a problem,
not a RecursionError) and odd values (non-finite numbers, integers too long to print, non-text keys, objects
that are not data) are named. It is then handed over as JSON text, because pydantic's strict *JSON* mode is
the one that refuses ``"45"`` as a number and ``1`` as a boolean while still reading ``YYYY-MM-DD`` dates.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from decision.errors import PatientInputError, Problem, bounded_repr, dotted


@dataclass(frozen=True)
class Limits:
    """What one text may hold; exceeding any limit is a problem, not a crash or a long wait."""

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 64
    max_values: int = 200_000  # scalars and collections, counting every alias expansion
    aliases: bool = True
    max_number_chars: int = 40  # a measurement never needs more; int() of 5,000 digits raises

    def describe_bytes(self) -> str:
        return f"{self.max_bytes // 1024} KiB"


PATIENT_LIMITS = Limits(max_bytes=256 * 1024, max_depth=32, max_values=20_000, aliases=False)
KB_LIMITS = Limits()

def check_plain(data: Any, limits: Limits, where: str) -> list[Problem]:
    """Depth and size of already-parsed data (JSON, or a mapping handed to the library), without recursion."""
    return _walk(data, limits, where, odd_values=False)


def strict_json(data: Any, where: str, limits: Limits = PATIENT_LIMITS) -> str:
    """Plain data as JSON text, for pydantic's strict JSON mode (the patient and measure edges).

    Strict JSON mode is the one where ``"45"`` is not a number, ``1`` not a boolean and ``20240101`` not a
    date, while ``YYYY-MM-DD`` text still is. Too deep or too large data, non-finite numbers, non-text keys and
    objects that are not plain data are refused here, as :class:`PatientInputError`, naming the field.
    """
    problems = _walk(data, limits, where, odd_values=True)
    if problems:
        raise PatientInputError(problems)
    return json.dumps(data, default=_jsonable, allow_nan=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()  # refused below as a date with a time, naming the field
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    raise TypeError(type(value).__name__)


_PLAIN = (str, int, float, bool, type(None), dt.date, list, tuple, dict)


def _walk(data: Any, limits: Limits, where: str, *, odd_values: bool) -> list[Problem]:
    """In one pass without recursion: the size and depth limits (the first one exceeded is the only problem),
    and with ``odd_values`` every value that is not plain data, by field (a path is spelled out only for a
    value refused)."""
    problems: list[Problem] = []
    count = 0
    todo: list[tuple[tuple[Any, ...], Any, int]] = [((), data, 1)]
    while todo:
        path, value, depth = todo.pop()
        count += 1
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, (list, tuple)):
            items = enumerate(value)
        else:
            if odd_values:
                problems += _odd(value, path)
            continue
        if depth > limits.max_depth:
            return [Problem(where, f"nesting at most {limits.max_depth} levels deep", "deeper")]
        for k, v in items:
            if odd_values and isinstance(value, dict) and not isinstance(k, str):
                problems.append(Problem(_where(path), "field names that are text", bounded_repr(k)))
            elif isinstance(v, str):  # text is plain: counted, no second look
                count += 1
            else:
                todo.append((path + (k,), v, depth + 1))
        if count + len(todo) > limits.max_values:
            return [Problem(where, f"at most {limits.max_values:,} values", "more")]
    return sorted(problems, key=lambda p: p.where)


def _odd(value: Any, path: tuple[Any, ...]) -> list[Problem]:
    """A scalar that is not plain data, as a problem naming its field (none for a plain one)."""
    if isinstance(value, float) and not math.isfinite(value):
        return [Problem(_where(path), "a finite number", bounded_repr(value))]
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return [Problem(_where(path), "a number of plausible size", bounded_repr(value))]
    if not isinstance(value, _PLAIN):
        return [Problem(_where(path), "a plain value (text, number, true/false, date, list or mapping)",
                        type(value).__name__)]
    return []


def _where(path: tuple[Any, ...]) -> str:
    return dotted(path) or "(top level)"
