"""Plain-text views of the measure results, for the CLI and for pasting into a letter or a note.

Rendering only reads a finished result; nothing is computed here that a result does not already hold, so
the text, the JSON (``to_dict()``) and any other view always agree.
"""

from __future__ import annotations

import textwrap
from collections.abc import Set as AbstractSet
from functools import singledispatch

from decision.measures.bohan_peter import BohanPeterResult
from decision.measures.classification import ClassificationResult
from decision.measures.doi import DOIResult
from decision.measures.tis import BIN_EDGES, MMT_BIN_EDGES, TISResult

IIM_LABELS = {"definite": "definite IIM", "probable": "probable IIM", "possible": "possible IIM",
              "not_iim": "not IIM", "indeterminate": "indeterminate (depends on unknown items)",
              "biopsy_required": "not classifiable without a biopsy"}


def num(value: float | None, edges: tuple[float, ...] = ()) -> str:
    """A number with up to 2 decimals; 6 when 2 would make it look like it sits on a cut-off."""
    if value is None:
        return "-"
    short = f"{value:.2f}".rstrip("0").rstrip(".")
    if round(value, 2) != value and round(value, 2) in edges:
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if short == "-0" else short


def table(headers: list[str], rows: list[list[str]], right: AbstractSet[int] = frozenset()) -> list[str]:
    """Rows of a fixed-width table; columns in ``right`` are right-aligned."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        pairs = enumerate(zip(cells, widths, strict=False))
        parts = [str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in pairs]
        return "  ".join(parts).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _notes(notes: tuple[str, ...]) -> list[str]:
    wrapped = [textwrap.fill(n, 110, initial_indent="  - ", subsequent_indent="    ",
                             break_on_hyphens=False) for n in notes]
    return ["", "Notes:", *wrapped] if notes else []


@singledispatch
def render_text(result) -> str:
    """A readable, per-measure breakdown of any measure result."""
    raise TypeError(f"no text rendering for {type(result).__name__}")


def _with_unit(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{num(value)} {unit}".rstrip()


@render_text.register
def _(result: TISResult) -> str:
    rows = []
    for m in result.measures:
        edges = MMT_BIN_EDGES if m.measure == "mmt" else BIN_EDGES
        points = "missing" if m.points is None else f"{num(m.points)} / {num(m.max_points)}"
        rows.append([m.label, _with_unit(m.baseline, m.unit), _with_unit(m.followup, m.unit), m.range,
                     num(m.percent_change, edges), m.bin or "-", points])
    rows.append(["Total", "", "", "", "", "", f"{num(result.total)} / 100"])
    thresholds = ", ".join(f"{k} >= {num(v)}" for k, v in result.thresholds.items())
    category: str = result.category
    if category == "indeterminate":
        category += f" - between {result.category_lower} and {result.category_upper} (incomplete: " \
                    f"{num(result.total)} scored, up to {num(result.total_max_possible)} possible)"
    lines = [f"Total Improvement Score (2016 ACR/EULAR myositis response criteria), {result.population}",
             f"Enzyme method: {result.enzyme_method} - {result.enzyme_method_formula}", "",
             *table(["Measure", "Baseline", "Follow-up", "Range", "Change %", "Bin", "Points"], rows, {4, 6}),
             "", f"Category: {category}", f"Thresholds ({result.population}): {thresholds}",
             f"Complete: {'yes' if result.complete else 'no - missing ' + ', '.join(result.missing)}"]
    return "\n".join(lines + _notes(result.notes)) + "\n"


@render_text.register
def _(result: DOIResult) -> str:
    rows = [[m.label, _with_unit(m.baseline, m.unit), _with_unit(m.followup, m.unit),
             num(m.percent_change, (20.0, -25.0)), m.state.replace("_", " ")] for m in result.measures]
    mmt = {True: "yes", False: "no", None: "not assessed"}[result.mmt_worsened]
    lines = ["IMACS definition of improvement (DOI)",
             f"Percent change: {result.percent_change_method}", "",
             *table(["Measure", "Baseline", "Follow-up", "Change %", "Counts as"], rows, {3}), "",
             f"Improved (>= +20%): {result.improved}   Worsened (<= -25%): {result.worsened}   "
             f"MMT worsened: {mmt}   Assessable: {result.assessable_count} of 6",
             f"Rule: {result.rule}",
             f"DOI: {result.status.replace('_', ' ')}"
             + ("" if result.status != "indeterminate" else f" (met on the measures assessed: "
                f"{'yes' if result.met else 'no'})")]
    return "\n".join(lines + _notes(result.notes)) + "\n"


def _given(value) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return num(value)


@render_text.register
def _(result: ClassificationResult) -> str:
    rows = [[i.label, "n/a", "-", "-"] if i.status == "not_applicable" else
            [i.label, _given(i.value), num(i.points), num(i.points_if_present)] for i in result.items]
    cut = result.cutoffs
    score = num(result.score) + ("" if result.complete else f" (up to {num(result.score_max)} if the unknown "
                                 "items were present)")
    probability = f"{result.probability * 100:.1f}%"
    if not result.complete:
        probability += f" (up to {result.probability_max * 100:.1f}%)"
    lines = [f"2017 EULAR/ACR classification criteria for IIM, {'with' if result.biopsy_used else 'without'} "
             "muscle biopsy", "",
             *table(["Item", "Given", "Points", "If present"], rows, {2, 3}), "",
             f"Score: {score}",
             f"Probability: {probability}   formula {result.probability_formula}",
             f"Category: {IIM_LABELS[result.category]}   (cut-offs: possible >= {num(cut['possible'])}, "
             f"probable >= {num(cut['probable'])}, definite >= {num(cut['definite'])})",
             f"Rash-or-biopsy rule: {result.rash_or_biopsy_rule.replace('_', ' ')}",
             f"Subgroup: {result.subgroup or 'not assigned'}"]
    return "\n".join(lines + _notes(result.notes)) + "\n"


@render_text.register
def _(result: BohanPeterResult) -> str:
    rows = [[c.label, c.status] for c in (*result.criteria, *result.exclusions)]
    classifiable = {True: "yes", False: "no", None: "provisional (exclusions not all assessed)"}
    lines = ["Bohan & Peter 1975 criteria", "", *table(["Criterion / exclusion", "Given"], rows), "",
             f"Criteria 1-4 met: {result.muscle_criteria_met}"
             + ("" if result.muscle_criteria_met == result.muscle_criteria_max
                else f" (up to {result.muscle_criteria_max})"),
             f"PM: {result.pm_category.replace('_', ' ')}   DM: {result.dm_category.replace('_', ' ')}",
             f"Classifiable: {classifiable[result.classifiable]}"]
    return "\n".join(lines + _notes(result.notes)) + "\n"
