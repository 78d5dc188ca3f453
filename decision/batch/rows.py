"""One result row per patient: the few facts a registry analysis needs, flat enough for a table.

A full :class:`~decision.recommendation.Recommendation` is several kilobytes of trace; a registry of 100,000
patients needs the answer, not the explanation, plus just enough of the walk for the pathway census (the
nodes visited and each decision left undecided with the facts it lacked). Rows are encoded as compact,
key-ordered JSON so that the serial run, the process pool and a Dask cluster give byte-identical lines.
A patient whose input is invalid becomes an *error row* naming every problem; no partial answer is given.
"""

from __future__ import annotations

import json
from typing import Any

from decision.errors import DecisionError, Problem

#: How many actions of a recommendation a row keeps (in the recommendation's own order).
TOP_ACTIONS = 5


def kb_stamp(kb) -> dict[str, str]:
    """The knowledge base that produced a row: id, version and the sha256 of its files."""
    return dict(kb.version)


def result_row(kb, row_id: str, patient: Any) -> dict[str, Any]:
    """The row for one patient mapping: its answer, or an error row if the input is invalid."""
    from decision.walk.walker import recommend

    try:
        rec = recommend(kb, patient)
    except DecisionError as exc:
        return error_row(kb, row_id, exc.problems)
    return {
        "id": row_id,
        "ok": True,
        "status": rec.status.code,
        "severity": rec.status.severity,
        "domains": list(rec.status.domains),
        "actions": [_action(a) for a in rec.actions[:TOP_ACTIONS]],
        "warnings": [{"id": w.id, "severity": w.severity} for w in rec.warnings],
        "missing": [m.field for m in rec.missing],
        "next_question": ({"field": rec.missing[0].field, "question": rec.missing[0].question}
                          if rec.missing else None),
        "undecided": _undecided(rec),
        "path": list(rec.path),
        "trial_leads": [{"trial": t.trial_id, "registry_id": t.registry_id, "verdict": t.verdict}
                        for t in rec.trial_leads],
        "kb": kb_stamp(kb),
    }


def error_row(kb, row_id: str, problems: tuple[Problem, ...] | list[Problem]) -> dict[str, Any]:
    """A row that says why no answer was given: every problem, each with its field, expectation and finding."""
    return {
        "id": row_id,
        "ok": False,
        "errors": [{"field": p.where, "expected": p.expected, "found": p.found} for p in problems],
        "kb": kb_stamp(kb),
    }


def encode(row: dict[str, Any]) -> str:
    """The row as one line of compact JSON (stable: same row → same bytes)."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def _action(a) -> dict[str, Any]:
    return {"id": a.id, "kind": a.kind, "therapy": a.therapy, "line": a.line, "timing": a.timing}


def _undecided(rec) -> list[dict[str, Any]]:
    """Decisions no branch of which was true while some were unknown: where the data ran out, and why."""
    out = []
    for step in rec.trace:
        if step.kind != "decision" or any(b.outcome == "true" for b in step.branches) and not (
                step.taken_label or "").startswith("hold:"):
            continue
        unknown = [b for b in step.branches if b.outcome == "unknown"]
        if not unknown:
            continue
        how = (step.taken_label or "").split(":", 1)[0] if ":" in (step.taken_label or "") else "otherwise"
        out.append({"node": step.node, "how": how,
                    "missing": list(dict.fromkeys(f for b in unknown for f in b.missing))})
    return out
