"""2016 ACR/EULAR myositis response criteria: the Total Improvement Score (TIS), measures.md section 3.

Each core set measure earns points by its *absolute* percent change (the change in the direction of
improvement divided by the range of the instrument), binned by a published point table; the points add up
to 0-100 and the total is read against adult or juvenile thresholds.

Named choices, shown in every result:

* ``enzyme_method``: ``"uln_range"`` (default, [P]) divides the enzyme's fall by k x ULN - 15 for CK,
  3 for LDH, ALT and AST, and 3 for aldolase [O]; ``"relative"`` ([O]) divides it by the baseline value.
  Enzymes are compared as multiples of each visit's ULN (identical to the formula when the ULN is the same).
* Instrument ranges ([P]): 10 cm for the three VAS, 3 for HAQ/CHAQ, the MMT scale maximum for MMT.
* Bins are right-closed on the percentage rounded to 6 decimals; worsening falls in the first bin and
  scores 0 (it is shown, not clamped).
* Missing data: a measure missing at baseline or follow-up cannot score. It is listed as missing, the
  result is marked incomplete, ``total`` is what the measured ones earned (a lower bound) and
  ``total_max_possible`` adds the most the missing ones could earn. ``category`` is given only when both
  bounds fall in the same category; otherwise it is ``indeterminate``.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Literal, cast

from decision.errors import PatientInputError
from decision.measures.base import Result, percent
from decision.measures.coreset import (
    ENZYME_LABELS,
    MEASURES,
    CoreSet,
    measure_label,
    measure_pair,
    most_abnormal_enzyme,
    pair_problems,
)

Population = Literal["adult", "juvenile"]
EnzymeMethod = Literal["uln_range", "relative"]
Category = Literal["none", "minimal", "moderate", "major"]

#: Right-closed upper edges of bins 0-3 (bin 4 is above the last edge), in percent [C].
BIN_EDGES = (5.0, 15.0, 25.0, 40.0)
MMT_BIN_EDGES = (2.0, 10.0, 20.0, 30.0)

#: Points per bin, measures.md section 3 [C].
POINTS = {
    "pga": (0, 7.5, 15, 17.5, 20),
    "ptga": (0, 2.5, 5, 7.5, 10),
    "mmt": (0, 10, 20, 27.5, 32.5),
    "haq": (0, 5, 7.5, 7.5, 10),
    "enzyme": (0, 2.5, 5, 7.5, 7.5),
    "extramuscular": (0, 7.5, 12.5, 15, 20),
}

#: Instrument range of the fixed-range measures [P].
RANGES = {"pga": 10.0, "ptga": 10.0, "haq": 3.0, "extramuscular": 10.0}

#: Multiples of the ULN taken as the enzyme's range in the "uln_range" method: [P], aldolase [O].
ENZYME_RANGE_ULN = {"ck": 15, "ldh": 3, "alt": 3, "ast": 3, "aldolase": 3}

#: Lower limits of each improvement category [C].
THRESHOLDS: dict[Population, dict[Category, float]] = {
    "adult": {"minimal": 20.0, "moderate": 40.0, "major": 60.0},
    "juvenile": {"minimal": 30.0, "moderate": 45.0, "major": 70.0},
}

ENZYME_METHODS = {
    "uln_range": "absolute change / (k x ULN) x 100; k = 15 for CK, 3 for LDH, ALT, AST [P], 3 for aldolase [O]",
    "relative": "change / baseline value x 100 [O]",
}


class TISMeasure(Result):
    """One core set measure in the TIS: values, instrument range, absolute percent change, bin and points."""

    measure: str
    label: str
    baseline: float | None
    followup: float | None
    unit: str
    range: str
    percent_change: float | None  # positive = improvement, rounded to 6 decimals
    bin: str | None
    points: float | None  # None when the measure could not be scored
    max_points: float
    status: Literal["scored", "missing"]
    note: str | None = None


class TISResult(Result):
    """The Total Improvement Score for one baseline / follow-up pair."""

    population: Population
    measures: tuple[TISMeasure, ...]
    total: float
    total_max_possible: float
    complete: bool
    missing: tuple[str, ...]
    category: Category | Literal["indeterminate"]
    category_lower: Category
    category_upper: Category
    thresholds: dict[str, float]
    enzyme: str | None
    enzyme_method: EnzymeMethod
    enzyme_method_formula: str
    instrument_ranges: dict[str, str]
    notes: tuple[str, ...] = ()


def bin_index(percent_change: float, edges: tuple[float, ...] = BIN_EDGES) -> int:
    """Index 0-4 of the right-closed bin that holds ``percent_change`` (exactly 5.0 is bin 0)."""
    return bisect_left(edges, percent_change)


def bin_label(index: int, edges: tuple[float, ...] = BIN_EDGES) -> str:
    """Readable bin, e.g. ``<=5% (incl. worsening)``, ``>5-15%``, ``>40%``."""
    if index == 0:
        return f"<={edges[0]:g}% (incl. worsening)"
    if index == len(edges):
        return f">{edges[-1]:g}%"
    return f">{edges[index - 1]:g}-{edges[index]:g}%"


def tis_points(measure: str, percent_change: float) -> tuple[int, float]:
    """(bin index, points) for an absolute percent change of ``measure`` (rounded to 6 decimals first)."""
    edges = MMT_BIN_EDGES if measure == "mmt" else BIN_EDGES
    index = bin_index(round(percent_change, 6), edges)
    return index, float(POINTS[measure][index])


def category_for(total: float, population: Population) -> Category:
    """none / minimal / moderate / major for a TIS total (each threshold inclusive)."""
    reached = [name for name, low in THRESHOLDS[population].items() if total >= low]
    return reached[-1] if reached else "none"


def _range(key: str, scale: int | None, enzyme: str | None, method: EnzymeMethod) -> tuple[float | None, str]:
    """The denominator of the absolute percent change and how to show it."""
    if key in RANGES:
        return RANGES[key], f"0-{RANGES[key]:g}"
    if key == "mmt":
        return (float(scale), f"0-{scale}") if scale else (None, "scale not given")
    if enzyme is None:
        return None, "-"
    if method == "relative":
        return None, "baseline value"
    k = ENZYME_RANGE_ULN[enzyme]
    return float(k), f"{k} x ULN ({ENZYME_LABELS[enzyme]})"


def _row(measure, baseline: CoreSet, followup: CoreSet, enzyme: str | None, method: EnzymeMethod) -> TISMeasure:
    pair = measure_pair(measure.key, baseline, followup, enzyme)
    denominator, range_text = _range(measure.key, baseline.mmt_max, enzyme, method)
    common = dict(measure=measure.key, label=measure_label(measure, enzyme), baseline=pair.baseline,
                  followup=pair.followup, unit=measure.unit, range=range_text,
                  max_points=float(max(POINTS[measure.key])))
    if pair.baseline is None or pair.followup is None:
        return TISMeasure(**common, percent_change=None, bin=None, points=None, status="missing",
                          note=cast(str, pair.note) + "; cannot score")
    delta = pair.followup - pair.baseline if measure.higher_is_better else pair.baseline - pair.followup
    if denominator is None:  # relative enzyme method
        if pair.baseline == 0:
            return TISMeasure(**common, percent_change=None, bin=bin_label(0), points=0.0, status="scored",
                              note="0 at baseline: cannot fall further, so 0 points (relative method)")
        denominator = pair.baseline
    change = percent(delta, denominator)
    index, points = tis_points(measure.key, change)
    edges = MMT_BIN_EDGES if measure.key == "mmt" else BIN_EDGES
    return TISMeasure(**common, percent_change=change, bin=bin_label(index, edges), points=points,
                      status="scored", note=pair.note)


def total_improvement_score(baseline: CoreSet, followup: CoreSet, population: Population = "adult",
                            enzyme_method: EnzymeMethod = "uln_range") -> TISResult:
    """Score the TIS for two assessments of the same patient (baseline first)."""
    problems = pair_problems(baseline, followup)
    if problems:
        raise PatientInputError(problems)
    enzyme = most_abnormal_enzyme(baseline)
    rows = tuple(_row(m, baseline, followup, enzyme, enzyme_method) for m in MEASURES)
    total = sum(r.points for r in rows if r.points is not None)
    missing = tuple(r.measure for r in rows if r.status == "missing")
    upper = total + sum(r.max_points for r in rows if r.status == "missing")
    low_cat, high_cat = category_for(total, population), category_for(upper, population)
    ranges = {r.measure: r.range for r in rows}
    return TISResult(
        population=population, measures=rows, total=total, total_max_possible=upper, complete=not missing,
        missing=missing, category=low_cat if low_cat == high_cat else "indeterminate",
        category_lower=low_cat, category_upper=high_cat, thresholds=dict(THRESHOLDS[population].items()),
        enzyme=ENZYME_LABELS.get(enzyme) if enzyme else None, enzyme_method=enzyme_method,
        enzyme_method_formula=ENZYME_METHODS[enzyme_method], instrument_ranges=ranges,
        notes=tuple(_notes(rows, total, upper, enzyme, enzyme_method)),
    )


def _notes(rows, total: float, upper: float, enzyme: str | None, method: EnzymeMethod) -> list[str]:
    notes = []
    missing = [r.label for r in rows if r.status == "missing"]
    if missing:
        notes.append(f"Incomplete TIS: {', '.join(missing)} could not be scored (missing at baseline or "
                     f"follow-up). The total {total:g} is a lower bound; with the missing measures it could "
                     f"reach {upper:g}.")
    worse = [r.label for r in rows if r.percent_change is not None and r.percent_change < 0]
    if worse:
        notes.append("Worsened (0 points by the table): " + ", ".join(worse) + ".")
    if enzyme == "aldolase" and method == "uln_range":
        notes.append("Aldolase range taken as 3 x ULN [O].")
    return notes
