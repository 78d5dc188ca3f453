"""Pathway census: what a batch run says about a registry, and how computable the guideline is on its data.

A batch result (:mod:`decision.batch`) has one row per patient. Counting them answers the questions a
registry lead asks before trusting the tool on their data: how many patients end in each outcome, how many
pass each node, how often each decision could not be taken because a fact was missing (and which fact), which
question would most often come next, and how many patients are leads for each trial. The census is plain
data (JSON) and one self-contained HTML page whose charts are inline SVG (no external assets, no script).
It counts; it never copies a patient's row.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

TOP = 20


def result_lines(path: str | Path) -> Iterable[str]:
    """The JSON rows of a batch result (.jsonl, or .parquet through its ``row`` column)."""
    if Path(path).suffix.lower() == ".parquet":
        from decision.batch.parquet import read_result_lines

        yield from read_result_lines(path)
        return
    with open(path, encoding="utf-8") as fh:
        yield from (line for line in fh if line.strip())


class _Tally:
    def __init__(self) -> None:
        self.rows = self.errors = 0
        self.outcomes: Counter = Counter()
        self.severity: dict[str, str] = {}
        self.nodes: Counter = Counter()
        self.undecided: Counter = Counter()
        self.how: dict[str, Counter] = defaultdict(Counter)
        self.lacking: dict[str, Counter] = defaultdict(Counter)
        self.next_q: Counter = Counter()
        self.question: dict[str, str] = {}
        self.missing: Counter = Counter()
        self.domains: Counter = Counter()
        self.trials: dict[str, Counter] = defaultdict(Counter)
        self.error_fields: Counter = Counter()
        self.kbs: Counter = Counter()

    def add(self, row: dict[str, Any]) -> None:
        self.rows += 1
        kb = row.get("kb") or {}
        self.kbs[(kb.get("id"), kb.get("version"), kb.get("sha256"))] += 1
        if not row.get("ok"):
            self.errors += 1
            self.error_fields.update({e["field"] for e in row.get("errors", [])})
            return
        self.outcomes[row["status"]] += 1
        self.severity[row["status"]] = row.get("severity", "")
        self.nodes.update(dict.fromkeys(row.get("path", []), 1))
        self.domains.update(row.get("domains", []))
        self.missing.update(row.get("missing", []))
        for u in row.get("undecided", []):
            self.undecided[u["node"]] += 1
            self.how[u["node"]][u["how"]] += 1
            self.lacking[u["node"]].update(u["missing"])
        nq = row.get("next_question")
        if nq:
            self.next_q[nq["field"]] += 1
            self.question.setdefault(nq["field"], nq["question"])
        for t in row.get("trial_leads", []):
            self.trials[t["registry_id"]][t["verdict"]] += 1

    def result(self) -> dict[str, Any]:
        answered = self.rows - self.errors
        return {
            "rows": self.rows, "answered": answered, "errors": self.errors,
            "knowledge_bases": [{"id": k[0], "version": k[1], "sha256": k[2], "rows": n}
                                for k, n in _ranked(self.kbs)],
            "outcomes": [{"status": s, "severity": self.severity[s], "patients": n, "share": _share(n, answered)}
                         for s, n in _ranked(self.outcomes)],
            "domains": [{"domain": d, "patients": n} for d, n in _ranked(self.domains)],
            "nodes": [{"node": node, "patients": n} for node, n in _ranked(self.nodes)],
            "undecided": [{"node": node, "patients": n, "share_of_visits": _share(n, self.nodes[node]),
                           "how": dict(_ranked(self.how[node])),
                           "missing": [{"fact": f, "patients": c} for f, c in _ranked(self.lacking[node], TOP)]}
                          for node, n in _ranked(self.undecided)],
            "next_questions": [{"field": f, "question": self.question[f], "patients": n}
                               for f, n in _ranked(self.next_q, TOP)],
            "missing_fields": [{"field": f, "patients": n} for f, n in _ranked(self.missing, TOP)],
            "trial_leads": [{"registry_id": r, "patients": sum(c.values()), "by_verdict": dict(_ranked(c))}
                            for r, c in sorted(self.trials.items(), key=lambda kv: -sum(kv[1].values()))],
            "error_fields": [{"field": f, "rows": n} for f, n in _ranked(self.error_fields, TOP)],
        }


def _ranked(counts: Counter, top: int | None = None) -> list[tuple[Any, int]]:
    """Most common first; ties in name order, so that the census is the same on every run."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]


def _share(n: int, of: int) -> float:
    return round(n / of, 4) if of else 0.0


def census(lines: Iterable[str]) -> dict[str, Any]:
    """Count a batch result (its JSON lines) into the census."""
    tally = _Tally()
    for line in lines:
        tally.add(json.loads(line))
    return tally.result()


def census_file(path: str | Path) -> dict[str, Any]:
    return census(result_lines(path))


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False)


def _bars(rows: list[tuple[str, int, str]], total: int) -> str:
    """A horizontal bar chart as inline SVG: label, count and share of ``total`` per row."""
    if not rows:
        return "<p><em>none</em></p>"
    height, width, label_w = 22, 720, 300
    top = max(n for _, n, _ in rows) or 1
    parts = [f'<svg role="img" width="{width}" height="{height * len(rows)}" '
             f'viewBox="0 0 {width} {height * len(rows)}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n, note) in enumerate(rows):
        y, w = i * height, max(1, round((width - label_w - 140) * n / top))
        share = f"{100 * n / total:.1f}%" if total else ""
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{html.escape(label[:48])}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="14" fill="#4a78a8">'
                     f'<title>{html.escape(note or label)}</title></rect>'
                     f'<text x="{label_w + w + 6}" y="{y + 15}" font-size="12">{n:,} {share}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(result: dict[str, Any]) -> str:
    """The census as one self-contained HTML page (inline SVG bars, no script, no external assets)."""
    answered, esc = result["answered"] or 1, html.escape
    sections = [
        ("Patients per outcome", _bars([(o["status"], o["patients"], o["severity"]) for o in result["outcomes"]],
                                       answered)),
        ("Decisions left undecided (no branch true, some unknown)",
         _bars([(u["node"], u["patients"], ", ".join(f"{m['fact']} {m['patients']}" for m in u["missing"][:5]))
                for u in result["undecided"]], answered) + _undecided_table(result["undecided"])),
        ("Most common next question", _bars([(q["field"], q["patients"], q["question"])
                                             for q in result["next_questions"]], answered)),
        ("Patients per node", _bars([(n["node"], n["patients"], "") for n in result["nodes"]], answered)),
        ("Trial leads", _bars([(t["registry_id"], t["patients"], json.dumps(t["by_verdict"]))
                               for t in result["trial_leads"]], answered)),
        ("Error rows by field", _bars([(e["field"], e["rows"], "") for e in result["error_fields"]],
                                      result["rows"] or 1)),
    ]
    kbs = "; ".join(f"{esc(str(k['id']))} {esc(str(k['version']))} (sha256 {esc(str(k['sha256']))[:12]}…, "
                    f"{k['rows']:,} rows)" for k in result["knowledge_bases"])
    body = "".join(f"<h2>{esc(title)}</h2>{chart}" for title, chart in sections)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pathway census</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{padding:2px 8px;"
            "text-align:left}</style></head><body><h1>Pathway census</h1>"
            f"<p>{result['rows']:,} rows: {result['answered']:,} answered, {result['errors']:,} error rows. "
            f"Knowledge base: {kbs or 'none'}.</p>{body}</body></html>\n")


def _undecided_table(undecided: list[dict[str, Any]]) -> str:
    rows = []
    for u in undecided:
        lacking = ", ".join("{} ({:,})".format(m["fact"], m["patients"]) for m in u["missing"][:6])
        rows.append(f"<tr><td>{html.escape(u['node'])}</td><td>{u['patients']:,}</td>"
                    f"<td>{100 * u['share_of_visits']:.1f}%</td><td>{html.escape(lacking)}</td></tr>")
    return ("<table><tr><th>decision</th><th>patients</th><th>of those reaching it</th><th>missing facts</th></tr>"
            + "".join(rows) + "</table>") if rows else ""
