"""IMACS definition of improvement (DOI; Rider 2004), measures.md section 2.

"3 of any 6 of the core set measures improved by >=20%, with no more than 2 worse by >=25% (which could
not include manual muscle testing)". The refractoriness rule of the pathway is the *negation* of this
("DOI not met after >=12 weeks"), so a DOI that cannot be decided because measures are missing must not
read as "not met". The result therefore carries two answers:

* ``met`` - the rule applied to the measures that could be assessed (how a trial worksheet computes it);
* ``status`` - ``met`` / ``not_met`` / ``indeterminate``: indeterminate when the missing measures could
  still change the answer (worst case: every missing measure worsened, including MMT; best case: every
  missing measure improved). Use ``status == "not_met"`` to call a regimen a failure.

A separate ``assessable`` flag (at least 3 measures with a defined change) is also given, because with
fewer than 3 the rule cannot be met on the data however the measures changed; it is one of several
reasons for ``indeterminate``, not the only one (a missing MMT is another).

Choices [O] from measures.md: percent change relative to baseline (lower-is-better ``(b - f) / b``,
higher-is-better ``(f - b) / b``); a measure that is 0 at baseline has no relative change and counts
neither improved nor worsened. Percent changes are rounded to 6 decimals before the (inclusive) cut-offs.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from decision.errors import PatientInputError, Problem
from decision.measures.base import Result, percent
from decision.measures.coreset import (
    ENZYME_LABELS,
    MEASURE_KEYS,
    MEASURES,
    CoreSet,
    measure_label,
    measure_pair,
    most_abnormal_enzyme,
    pair_problems,
)

IMPROVED_AT = 20.0  # change >= +20% is "improved" (inclusive) [C]
WORSENED_AT = -25.0  # change <= -25% is "worsened" (inclusive) [C]
MIN_IMPROVED = 3
MAX_WORSENED = 2
PERCENT_CHANGE_METHOD = "relative to baseline: (b - f) / b x 100, (f - b) / b x 100 for MMT [O]"

State = Literal["improved", "worsened", "neither", "baseline_zero", "not_assessed"]


class DOIMeasure(Result):
    """One core set measure in the DOI: its values, relative percent change and what it counts as."""

    measure: str
    label: str
    baseline: float | None
    followup: float | None
    unit: str
    percent_change: float | None  # positive = better, rounded to 6 decimals
    state: State
    note: str | None = None


class DOIResult(Result):
    """The IMACS definition of improvement for one baseline / follow-up pair."""

    measures: tuple[DOIMeasure, ...]
    improved: int
    worsened: int
    assessable_count: int
    assessable: bool
    not_assessed: tuple[str, ...]
    mmt_worsened: bool | None  # None when MMT could not be assessed
    met: bool
    status: Literal["met", "not_met", "indeterminate"]
    enzyme: str | None
    percent_change_method: str = PERCENT_CHANGE_METHOD
    rule: str = "improved >= 3 (change >= +20%) and worsened <= 2 (change <= -25%) and MMT not worsened"
    notes: tuple[str, ...] = ()


def classify_change(change: float) -> State:
    """improved (>= +20), worsened (<= -25) or neither; both boundaries inclusive."""
    if change >= IMPROVED_AT:
        return "improved"
    if change <= WORSENED_AT:
        return "worsened"
    return "neither"


def _relative_change(baseline: float, followup: float, higher_is_better: bool) -> float:
    delta = followup - baseline if higher_is_better else baseline - followup
    return percent(delta, baseline)


def _measure_row(measure, baseline: CoreSet, followup: CoreSet, enzyme: str | None) -> DOIMeasure:
    pair = measure_pair(measure.key, baseline, followup, enzyme)
    common = dict(measure=measure.key, label=measure_label(measure, enzyme), baseline=pair.baseline,
                  followup=pair.followup, unit=measure.unit)
    if pair.baseline is None or pair.followup is None:
        return DOIMeasure(**common, percent_change=None, state="not_assessed", note=pair.note)
    if pair.baseline == 0:
        return DOIMeasure(**common, percent_change=None, state="baseline_zero",
                          note="0 at baseline: relative change undefined, counted neither improved nor worsened [O]")
    change = _relative_change(pair.baseline, pair.followup, measure.higher_is_better)
    return DOIMeasure(**common, percent_change=change, state=classify_change(change), note=pair.note)


def definition_of_improvement(baseline: CoreSet, followup: CoreSet) -> DOIResult:
    """Apply the IMACS DOI to two assessments of the same patient (baseline first)."""
    problems = pair_problems(baseline, followup)
    if problems:
        raise PatientInputError(problems)
    enzyme = most_abnormal_enzyme(baseline)
    rows = tuple(_measure_row(m, baseline, followup, enzyme) for m in MEASURES)
    return _result(rows, ENZYME_LABELS.get(enzyme) if enzyme else None)


def percent_changes_doi(changes: dict[str, float]) -> DOIResult:
    """Apply the DOI to percent changes given directly (positive = better), keyed by measure.

    Keys are ``pga, ptga, mmt, haq, enzyme, extramuscular``; a measure left out is not assessed. This is
    how published vectors (measures.md D1-D6) and trial worksheets state the changes.
    """
    problems = [Problem(f"changes.{key}", f"one of {', '.join(MEASURE_KEYS)}", repr(key))
                for key in changes if key not in MEASURE_KEYS]
    problems += [Problem(f"changes.{key}", "a finite number (percent change, positive = better)", repr(v))
                 for key, v in changes.items() if key in MEASURE_KEYS and not _valid_change(v)]
    if problems:
        raise PatientInputError(problems)
    rows = []
    for m in MEASURES:
        common: dict[str, Any] = dict(measure=m.key, label=m.label, baseline=None, followup=None, unit="%")
        if m.key not in changes or changes[m.key] is None:
            rows.append(DOIMeasure(**common, percent_change=None, state="not_assessed", note="no change given"))
        else:
            change = round(float(changes[m.key]), 6)
            rows.append(DOIMeasure(**common, percent_change=change, state=classify_change(change)))
    return _result(tuple(rows), None)


def _valid_change(value) -> bool:
    """None (not assessed) or a finite number; booleans are not numbers here."""
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value))


def _met(improved: int, worsened: int, mmt_worsened: bool) -> bool:
    return improved >= MIN_IMPROVED and worsened <= MAX_WORSENED and not mmt_worsened


def _result(rows: tuple[DOIMeasure, ...], enzyme: str | None) -> DOIResult:
    states = {r.measure: r.state for r in rows}
    improved = sum(s == "improved" for s in states.values())
    worsened = sum(s == "worsened" for s in states.values())
    missing = tuple(k for k, s in states.items() if s == "not_assessed")
    assessable_count = sum(s in ("improved", "worsened", "neither") for s in states.values())
    mmt_worsened = None if states["mmt"] == "not_assessed" else states["mmt"] == "worsened"
    met = _met(improved, worsened, bool(mmt_worsened))
    best = _met(improved + len(missing), worsened, bool(mmt_worsened))
    worst = _met(improved, worsened + len(missing), mmt_worsened is not False)
    status: Literal["met", "not_met", "indeterminate"] = (
        "met" if worst else ("not_met" if not best else "indeterminate"))
    return DOIResult(
        measures=rows, improved=improved, worsened=worsened, assessable_count=assessable_count,
        assessable=assessable_count >= MIN_IMPROVED, not_assessed=missing, mmt_worsened=mmt_worsened,
        met=met, status=status, enzyme=enzyme,
        notes=tuple(_notes(rows, improved, worsened, missing, assessable_count, mmt_worsened, status)),
    )


def _notes(rows, improved, worsened, missing, assessable_count, mmt_worsened, status) -> list[str]:
    notes = []
    if mmt_worsened:
        notes.append("MMT worsened by >= 25%: the DOI cannot be met, whatever the other measures did.")
    if worsened > MAX_WORSENED:
        notes.append(f"{worsened} measures worsened by >= 25% (at most {MAX_WORSENED} allowed).")
    if improved < MIN_IMPROVED:
        notes.append(f"{improved} measure(s) improved by >= 20% ({MIN_IMPROVED} needed).")
    zero = [r.label for r in rows if r.state == "baseline_zero"]
    if zero:
        notes.append("0 at baseline, so counted neither improved nor worsened [O]: " + ", ".join(zero) + ".")
    if missing:
        labels = [r.label for r in rows if r.state == "not_assessed"]
        notes.append("Not assessed (missing at baseline or follow-up): " + ", ".join(labels) + ".")
    if assessable_count < MIN_IMPROVED:
        notes.append(f"Only {assessable_count} measure(s) have a defined change: fewer than the "
                     f"{MIN_IMPROVED} needed, so the DOI cannot be met on these data.")
    if status == "indeterminate":
        why = "MMT was not assessed and the DOI requires that it did not worsen" if mmt_worsened is None \
            else "the missing measures could change the count"
        notes.append(f"Indeterminate: {why}. Do not read this as 'DOI not met' (treatment failure); "
                     "complete the missing measures.")
    return notes
