"""Plain-text, Markdown and JSON views of trial eligibility and of the pipeline table.

One source, many views: the CLI prints these, the app shows the same rows, and the JSON is the results'
own ``to_dict``. Every view prints each trial's status with the date it was read and says to check the
registry, because a status copied from a source is only true on that source's date.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from decision.trials.eligibility import CriterionResult, TrialResult
from decision.trials.models import GROUP_TEXT, Pipeline, PipelineEntry

MARK = {"passes": "ok", "fails": "NO", "unknown": "??", "adjudication": "??"}
STATUS_WORDS = {
    ("inclusion", "met"): "met", ("inclusion", "not_met"): "not met", ("exclusion", "met"): "present",
    ("exclusion", "not_met"): "absent", ("inclusion", "unknown"): "unknown", ("exclusion", "unknown"): "unknown",
}


def criterion_status(c: CriterionResult) -> str:
    """``met``/``not met``/``unknown`` for an inclusion; ``present``/``absent``/``unknown`` for an exclusion."""
    word = STATUS_WORDS[(c.kind, c.status)]
    return word + (" — the adjudication committee decides" if c.outcome == "adjudication" else "")


def _used(c: CriterionResult) -> str:
    return ", ".join(f"{k} = {_show(v)}" for k, v in c.used) or "none"


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "[" + ", ".join(str(v) for v in sorted(value)) + "]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def eligibility_text(results: Sequence[TrialResult], markdown: bool = False) -> str:
    lines: list[str] = []
    for r in results:
        head = f"{r.registry_id} — {r.title}"
        lines.append(f"## {head}" if markdown else head)
        lines.append("")
        lines.append(f"Verdict: {r.verdict_text.upper()}" + (" (completed trial)" if r.completed else ""))
        lines.append(f"Status: {r.status} as of {r.status_as_of}; check the registry.")
        if r.screening_date:
            lines.append(f"Windows counted to: {r.screening_date}")
        lines.append("")
        for c in r.criteria:
            mark = MARK[c.outcome]
            prefix = "- " if markdown else "  "
            lines.append(f"{prefix}[{mark}] {c.kind} {c.id}: {criterion_status(c)}. {c.text}")
            indent = "  " if markdown else "       "
            lines.append(f"{indent}facts: {_used(c)}; source: {c.source}")
            if c.outcome in ("unknown", "adjudication"):
                asks = ", ".join(c.asks) if c.asks else "-"
                lines.append(f"{indent}to settle: {c.settle} (ask: {asks})")
            if c.note:
                lines.append(f"{indent}note: {c.note}")
        if r.site_checks:
            lines.append("")
            lines.append("The site checks (not judged here):")
            lines += [f"{'- ' if markdown else '  - '}{s}" for s in r.site_checks]
        lines.append("")
    return "\n".join(lines)


def eligibility_json(results: Sequence[TrialResult]) -> str:
    return json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False, default=sorted)


PIPELINE_COLUMNS = ("agent", "mechanism", "group", "phase", "disease", "sponsor", "registry_ids", "reference", "note")


def pipeline_rows(pipeline: Pipeline, group: str | None = None, text: str | None = None) -> list[dict[str, str]]:
    """The table as rows of strings, optionally filtered by group and by a case-insensitive text match."""
    rows = []
    for e in pipeline.entries:
        if group and e.group != group:
            continue
        row = _row(e)
        if text and not any(text.lower() in v.lower() for v in row.values()):
            continue
        rows.append(row)
    return rows


def _row(e: PipelineEntry) -> dict[str, str]:
    return {
        "agent": e.agent, "mechanism": e.mechanism, "group": GROUP_TEXT[e.group], "phase": e.phase or "",
        "disease": e.disease or "", "sponsor": e.sponsor or "", "registry_ids": ", ".join(e.registry_ids),
        "reference": e.reference or "", "note": e.note or "",
    }


def pipeline_text(pipeline: Pipeline, rows: Iterable[dict[str, str]], markdown: bool = False) -> str:
    rows = list(rows)
    cols = ("agent", "mechanism", "group", "phase", "registry_ids")
    head = (f"Myositis trial pipeline — {pipeline.source}; statuses as of {pipeline.source_date} "
            f"({pipeline.source_date_note}) Check the registry.")
    if markdown:
        out = [head, "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        out += ["| " + " | ".join(r[c].replace("|", "/") for c in cols) + " |" for r in rows]
        return "\n".join(out) + "\n"
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in cols}
    out = [head, "", "  ".join(c.ljust(widths[c]) for c in cols)]
    out += ["  ".join(r[c].ljust(widths[c]) for c in cols).rstrip() for r in rows]
    return "\n".join(out) + "\n"


def checklist_rows(result: TrialResult) -> list[dict[str, str]]:
    """One row per criterion for a checklist table: mark, kind, criterion, status, facts used, source."""
    return [{"": MARK[c.outcome], "kind": c.kind, "criterion": c.text, "status": criterion_status(c),
             "facts used": _used(c), "source": c.source} for c in result.criteria]


def next_questions(result: TrialResult) -> list[str]:
    """The unknown criteria as questions: what would settle each, and the patient fields to fill."""
    out = []
    for c in result.unknown:
        fields = f" (fields: {', '.join(c.asks)})" if c.asks else ""
        out.append(f"{c.text} — {c.settle}{fields}")
    return out
