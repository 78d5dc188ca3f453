"""Small builders shared by the measure tests (kept out of conftest.py on purpose)."""

from __future__ import annotations

from decision.measures import CoreSet, Enzyme


def core(**values) -> CoreSet:
    """A CoreSet; enzymes may be given as (value, uln) tuples."""
    for name in ("ck", "aldolase", "ldh", "alt", "ast"):
        if isinstance(values.get(name), tuple):
            value, uln = values[name]
            values[name] = Enzyme(value=value, uln=uln)
    return CoreSet(**values)


def row(result, measure: str):
    """The per-measure row of a TIS or DOI result."""
    return next(m for m in result.measures if m.measure == measure)
