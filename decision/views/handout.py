"""Printable handouts and a JSON export of one recommendation, as strings (nothing is written to disk).

A suggestion that leaves the screen must carry everything needed to check it later: which knowledge base
(id, version, sha256) produced it and when, the answers it was given, the path walked, every action with its
basis and the sources as readable references, and the disclaimer. The Markdown and HTML handouts and the
JSON export are built from the same :class:`~decision.recommendation.Recommendation` the app shows; the
HTML escapes every value (patient answers are user input) and is self-contained (inline CSS, no scripts, no
external resources) so it prints and archives as one file.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping
from typing import Any

from decision.guide.answers import flatten, plain
from decision.guide.describe import describe_value
from decision.kb.models import EVIDENCE_TEXT, STRENGTH_TEXT
from decision.labels import field_label
from decision.recommendation import DISCLAIMER, BasisView, Recommendation
from decision.views.reading import (
    action_name,
    action_text,
    action_why,
    checks_and_cautions,
    citation,
    md_escape,
    plan_sections,
    route,
    warning_text,
)

EXPORT_FORMAT = "myositis-cds/recommendation-export"
EXPORT_VERSION = 1


def _today(today: dt.date | None) -> str:
    return (today or dt.date.today()).isoformat()


def basis_text(b: BasisView) -> str:
    opinion = " — EXPERT OPINION (not a graded recommendation)" if b.expert_opinion else ""
    note = f" ({b.note})" if b.note else ""
    return (f"{STRENGTH_TEXT.get(b.strength, b.strength)}; evidence {EVIDENCE_TEXT.get(b.evidence, b.evidence)}"
            f"{opinion}{note}")


def cited_sources(kb, rec: Recommendation) -> list[str]:
    """Source ids cited by this recommendation, in first-cited order (actions, warnings, not suggested, path)."""
    ids: dict[str, None] = {}
    for a in rec.actions:
        ids.update(dict.fromkeys(a.basis.sources))
    for w in rec.warnings:
        ids.update(dict.fromkeys(w.basis.sources))
    for n in rec.not_suggested:
        ids.update(dict.fromkeys(n.basis.sources))
    for node in rec.path:
        if node in kb.nodes:
            ids.update(dict.fromkeys(kb.nodes[node].basis.sources))
    return list(ids)


def reference(kb, source_id: str) -> str:
    """One readable reference (see :func:`decision.views.reading.citation`)."""
    return citation(kb, source_id)




def _path_titles(kb, rec: Recommendation) -> list[tuple[str, str]]:
    return [(n, kb.nodes[n].title if n in kb.nodes else n) for n in rec.path]


def _kb_line(kb, rec: Recommendation) -> str:
    v = rec.knowledge_base
    m = kb.metadata
    return (f"{m.title} — knowledge base {v['id']} version {v['version']} ({m.status}, dated {m.date}); "
            f"sha256 {v['sha256']}")




# --- Markdown -------------------------------------------------------------------------------------------


def _source_numbers(kb, rec: Recommendation) -> dict[str, int]:
    return {sid: i for i, sid in enumerate(cited_sources(kb, rec), 1)}


def _refs(numbers: dict[str, int], sources: tuple[str, ...]) -> str:
    return "[" + ", ".join(str(numbers[s]) for s in sources if s in numbers) + "]"


def _opinion_md(b: BasisView) -> str:
    return " *(EXPERT OPINION, not a graded recommendation)*" if b.expert_opinion else ""


def _opinion_html(b: BasisView) -> str:
    return ' <span class="opinion">expert opinion (not a graded recommendation)</span>' if b.expert_opinion else ""


def _patient_line(rec: Recommendation) -> str:
    return rec.patient_label or "________________________________"


def handout_markdown(kb, answers: Mapping[str, Any] | None, rec: Recommendation,
                     today: dt.date | None = None) -> str:
    e = md_escape
    refs = _source_numbers(kb, rec)
    out = [f"# Myositis decision support: {e(rec.status.title)}", "",
           f"**Patient:** {e(_patient_line(rec))}  ", "**Clinician:** ________________________________  ",
           f"**Date:** {_today(today)}", "", f"> {rec.disclaimer}", "", "## Where the patient stands", "",
           e(rec.status.title) + "."]
    if rec.status.explanation:
        out += ["", e(rec.status.explanation)]
    if rec.status.reassess:
        out += ["", f"Reassess after {e(rec.status.reassess.after)}."]
    out += ["", "## Actions"]
    for a in rec.actions:
        rank = f"option {a.rank}" if a.rank else ""
        line = ", ".join(x for x in (rank, f"line {a.line}" if a.line else "") if x)
        timing = f" — {e(a.timing_note())}" if a.timing_note() else ""
        text = action_text(a)
        out.append(f"- **{e(action_name(a))}**" + (f" ({line})" if line else "") + timing
                   + (f": {e(text)}" if text else ""))
        if action_why(a, kb):
            out.append(f"  - for this patient: {e(action_why(a, kb))}")
        out += [f"  - {label}: {e(txt)}" for label, txt in a.details()]
        out.append(f"  - basis: {e(basis_text(a.basis))} {_refs(refs, a.basis.sources)}")
    if not rec.actions:
        out.append("- none")
    found, due = checks_and_cautions(rec)
    if found:
        out += ["", "## Cautions"]
        for w in found:
            first = f" **First:** {e(w.action_first)}" if w.action_first else ""
            out.append(f"- {e(warning_text(kb, w, rec))}{first}{_opinion_md(w.basis)} {_refs(refs, w.basis.sources)}")
    if due:
        out += ["", "## Check before starting"]
        out += [f"- {e(warning_text(kb, w, rec))}{_opinion_md(w.basis)} {_refs(refs, w.basis.sources)}" for w in due]
    for title, lines in plan_sections(rec, kb):
        out += ["", f"## {title}"] + [f"- {e(x)}" for x in lines]
    if rec.not_suggested:
        out += ["", "## Not suggested"]
        out += [f"- **{e(n.therapy_name)}**: {e(n.reason)}{_opinion_md(n.basis)} {_refs(refs, n.basis.sources)}"
                for n in rec.not_suggested]
    if rec.missing:
        out += ["", "## Missing data (what it would change)"]
        out += [f"- {e(field_label(m.field))}: {e('; '.join(m.would_change))}" for m in rec.missing]
    out += ["", "## Answers given"]
    out += [f"- {e(field_label(f))}: {e(describe_value(v, f, kb))}" for f, v in flatten(answers)
            if f not in ("label",)] or ["- none"]
    out += ["", "## Route"]
    for d in route(rec, kb):
        others = "; ".join(f"{b.label}: {b.outcome}" for b in d.not_taken)
        out.append(f"- {e(d.question)} → **{e(d.taken)}**" + (f" (other branches: {e(others)})" if others else ""))
    out += ["", "## References"]
    out += [f"{i}. {e(citation(kb, sid))}" for sid, i in refs.items()]
    out += ["", "---", "", f"*{rec.disclaimer}*  ", f"*{_kb_line(kb, rec)}*", ""]
    return "\n".join(out)


# --- HTML -----------------------------------------------------------------------------------------------

_CSS = """
body { font-family: Helvetica, Arial, sans-serif; max-width: 50em; margin: 2em auto; color: #111; line-height: 1.4; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; margin-top: 1.5em; }
.meta, .small { color: #444; font-size: .9em; }
.disclaimer { border: 2px solid #b2182b; padding: .5em 1em; background: #fff5f5; }
.warning { border-left: 4px solid #b2182b; padding-left: .6em; margin: .4em 0; }
.opinion { font-weight: bold; color: #7a4a00; }
code { font-size: .9em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
.field { border-bottom: 1px solid #111; display: inline-block; min-width: 18em; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _h(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _refs_html(numbers: dict[str, int], sources: tuple[str, ...]) -> str:
    links = ", ".join(f'<a href="#ref-{numbers[s]}">{numbers[s]}</a>' for s in sources if s in numbers)
    return f'<span class="small">[{links}]</span>' if links else ""


def _basis_html(b: BasisView, numbers: dict[str, int]) -> str:
    text = (f"{_h(STRENGTH_TEXT.get(b.strength, b.strength))}; evidence "
            f"{_h(EVIDENCE_TEXT.get(b.evidence, b.evidence))}")
    if b.expert_opinion:
        text += ' — <span class="opinion">expert opinion (not a graded recommendation)</span>'
    if b.note:
        text += f" ({_h(b.note)})"
    return f"{text} {_refs_html(numbers, b.sources)}"


def _actions_html(kb, rec: Recommendation, numbers: dict[str, int]) -> list[str]:
    if not rec.actions:
        return ["<h2>Actions</h2><p>none</p>"]
    parts = ["<h2>Actions</h2><ul>"]
    for a in rec.actions:
        rank = ""
        line = ", ".join(x for x in (f"option {a.rank}" if a.rank else "", f"line {a.line}" if a.line else "") if x)
        line = f" ({line})" if line else ""
        timing = f" <em>— {_h(a.timing_note())}</em>" if a.timing_note() else ""
        text = action_text(a)
        items = [f"for this patient: {_h(action_why(a, kb))}"] if action_why(a, kb) else []
        items += [f"{label}: {_h(txt)}" for label, txt in a.details()]
        items.append("basis: " + _basis_html(a.basis, numbers))
        parts.append(f"<li>{rank}<strong>{_h(action_name(a))}</strong>{line}{timing}"
                     + (f": {_h(text)}" if text else "")
                     + f"<ul class=\"small\">{''.join(f'<li>{i}</li>' for i in items)}</ul></li>")
    return parts + ["</ul>"]


def _warnings_html(kb, rec: Recommendation, numbers: dict[str, int]) -> list[str]:
    found, due = checks_and_cautions(rec)
    parts = []
    for title, items in (("Cautions", found), ("Check before starting", due)):
        if not items:
            continue
        parts.append(f"<h2>{title}</h2>")
        for w in items:
            first = f" <strong>First:</strong> {_h(w.action_first)}" if w.action_first and w in found else ""
            parts.append(f'<p class="warning">{_h(warning_text(kb, w, rec))}{first}{_opinion_html(w.basis)} '
                         f"{_refs_html(numbers, w.basis.sources)}</p>")
    return parts


def _tail_html(kb, answers: Mapping[str, Any] | None, rec: Recommendation, numbers: dict[str, int]) -> list[str]:
    parts = []
    for title, lines in plan_sections(rec, kb):
        parts.append(f"<h2>{_h(title)}</h2><ul>" + "".join(f"<li>{_h(x)}</li>" for x in lines) + "</ul>")
    if rec.not_suggested:
        parts.append("<h2>Not suggested</h2><ul>")
        parts += [f"<li><strong>{_h(n.therapy_name)}</strong>: {_h(n.reason)}{_opinion_html(n.basis)} "
                  f"{_refs_html(numbers, n.basis.sources)}</li>" for n in rec.not_suggested]
        parts.append("</ul>")
    if rec.missing:
        parts.append("<h2>Missing data (what it would change)</h2><ul>")
        parts += [f"<li>{_h(field_label(m.field))}: {_h('; '.join(m.would_change))}</li>" for m in rec.missing]
        parts.append("</ul>")
    rows = [(f, v) for f, v in flatten(answers) if f != "label"]
    parts.append("<h2>Answers given</h2>")
    if rows:
        parts.append("<table><tr><th>Question</th><th>Answer</th></tr>")
        parts += [f"<tr><td>{_h(field_label(f))}</td><td>{_h(describe_value(v, f, kb))}</td></tr>" for f, v in rows]
        parts.append("</table>")
    else:
        parts.append("<p>none</p>")
    parts.append("<h2>Route</h2><ul>")
    for d in route(rec, kb):
        others = "; ".join(f"{b.label}: {b.outcome}" for b in d.not_taken)
        parts.append(f"<li>{_h(d.question)} → <strong>{_h(d.taken)}</strong>"
                     + (f' <span class="small">(other branches: {_h(others)})</span>' if others else "") + "</li>")
    parts.append("</ul><h2>References</h2><ol>")
    parts += [f'<li id="ref-{i}">{_h(citation(kb, sid))}</li>' for sid, i in numbers.items()]
    return parts + ["</ol>"]


def handout_html(kb, answers: Mapping[str, Any] | None, rec: Recommendation, today: dt.date | None = None) -> str:
    title = f"Myositis decision support: {rec.status.title}"
    numbers = _source_numbers(kb, rec)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{_h(title)}</title><style>{_CSS}</style></head><body>", f"<h1>{_h(title)}</h1>",
             f'<p class="meta">Patient: <span class="field">{_h(rec.patient_label or "")}</span><br>'
             f'Clinician: <span class="field"></span><br>Date: {_h(_today(today))}</p>',
             f'<p class="disclaimer">{_h(rec.disclaimer)}</p>', "<h2>Where the patient stands</h2>",
             f"<p><strong>{_h(rec.status.title)}.</strong></p>"]
    if rec.status.explanation:
        parts.append(f"<p>{_h(rec.status.explanation)}</p>")
    if rec.status.reassess:
        parts.append(f"<p>Reassess after {_h(rec.status.reassess.after)}.</p>")
    parts += _actions_html(kb, rec, numbers) + _warnings_html(kb, rec, numbers)
    parts += _tail_html(kb, answers, rec, numbers)
    parts.append(f'<footer class="small"><p class="disclaimer">{_h(rec.disclaimer)}</p>'
                 f"<p>{_h(_kb_line(kb, rec))}</p></footer></body></html>")
    return "\n".join(parts) + "\n"


# --- JSON -----------------------------------------------------------------------------------------------


def export_data(kb, answers: Mapping[str, Any] | None, rec: Recommendation, today: dt.date | None = None) -> dict:
    m = kb.metadata
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "exported": _today(today),
        "knowledge_base": {**rec.knowledge_base, "title": m.title, "status": m.status, "date": m.date.isoformat()},
        "inputs": plain(dict(answers or {})),
        "path": list(rec.path),
        "recommendation": rec.to_dict(),
        "references": {sid: reference(kb, sid) for sid in cited_sources(kb, rec)},
        "disclaimer": DISCLAIMER,
    }


def export_json(kb, answers: Mapping[str, Any] | None, rec: Recommendation, today: dt.date | None = None) -> str:
    """The inputs, the path, the recommendation and the knowledge-base version as one JSON document."""
    return json.dumps(export_data(kb, answers, rec, today), indent=2, ensure_ascii=False, default=str) + "\n"
