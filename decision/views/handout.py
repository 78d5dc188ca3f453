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

from decision.guide.interview import describe_value, flatten, plain
from decision.kb.models import EVIDENCE_TEXT, STRENGTH_TEXT
from decision.recommendation import DISCLAIMER, BasisView, Recommendation

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
    """One readable reference: the citation, then DOI and URL when the knowledge base gives them."""
    s = kb.sources.get(source_id)
    if s is None:
        return f"{source_id} (not in the knowledge base's source list)"
    text = " ".join(s.citation.split())
    if s.doi:
        text += f" doi:{s.doi}"
    if s.url:
        text += f" {s.url}"
    return text


def _inputs(inputs: Mapping[str, Any]) -> str:
    return ", ".join(f"{k} = {describe_value(plain(v))}" for k, v in inputs.items())


def _path_titles(kb, rec: Recommendation) -> list[tuple[str, str]]:
    return [(n, kb.nodes[n].title if n in kb.nodes else n) for n in rec.path]


def _kb_line(kb, rec: Recommendation) -> str:
    v = rec.knowledge_base
    m = kb.metadata
    return (f"{m.title} — knowledge base {v['id']} version {v['version']} ({m.status}, dated {m.date}); "
            f"sha256 {v['sha256']}")


def _kb_md(kb, rec: Recommendation) -> str:
    v = rec.knowledge_base
    m = kb.metadata
    return (f"{_md_escape(m.title)} — `{v['id']}` version `{v['version']}` ({m.status}, dated {m.date}); "
            f"sha256 `{v['sha256']}`")


# --- Markdown -------------------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    """Neutralise Markdown/HTML control characters in user-supplied text."""
    out = str(text)
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def handout_markdown(kb, answers: Mapping[str, Any] | None, rec: Recommendation,
                     today: dt.date | None = None) -> str:
    e = _md_escape
    label = f" — {e(rec.patient_label)}" if rec.patient_label else ""
    out = [f"# Myositis decision support: {e(rec.status.title)}{label}", "",
           f"*Date:* {_today(today)}  ", f"*Knowledge base:* {_kb_md(kb, rec)}", "",
           f"> {rec.disclaimer}", "", f"## Status: {e(rec.status.title)} (`{rec.status.code}`)"]
    if rec.status.explanation:
        out += ["", e(rec.status.explanation)]
    if rec.status.reassess:
        r = rec.status.reassess
        out += ["", f"Reassess after {e(r.after)}."]
    if rec.warnings:
        out += ["", "## Warnings (read first)"]
        for w in rec.warnings:
            first = f" **First:** {e(w.action_first)}" if w.action_first else ""
            out.append(f"- **[{w.severity}]** {e(w.message)}{first}")
            out.append(f"  - basis: {e(basis_text(w.basis))}; sources: {', '.join(w.basis.sources)}")
    out += ["", "## Suggested actions"]
    for a in rec.actions:
        rank = f"#{a.rank} " if a.rank else ""
        timing = f" ({a.timing_note()})" if a.timing_note() else ""
        out.append(f"- {rank}**{e(a.therapy_name or a.kind)}** — {e(a.text)}{timing}")
        out += [f"  - {label}: {e(text)}" for label, text in a.details()]
        out.append(f"  - basis: {e(basis_text(a.basis))}; sources: {', '.join(a.basis.sources)}")
        if a.inputs:
            out.append(f"  - decided by: {e(_inputs(a.inputs))}")
    if not rec.actions:
        out.append("- none")
    if rec.not_suggested:
        out += ["", "## Not suggested"]
        for n in rec.not_suggested:
            out.append(f"- **{e(n.therapy_name)}**: {e(n.reason)}")
            out.append(f"  - basis: {e(basis_text(n.basis))}; sources: {', '.join(n.basis.sources)}")
    if rec.missing:
        out += ["", "## Missing data (what it would change)"]
        out += [f"- `{m.field}`: {e(m.question)} — {e('; '.join(m.would_change))}" for m in rec.missing]
    out += ["", "## Answers given"]
    rows = flatten(answers)
    out += [f"- `{f}`: {e(describe_value(v))}" for f, v in rows] or ["- none"]
    out += ["", "## Path walked"]
    out += [f"{i}. {e(title)} (`{n}`)" for i, (n, title) in enumerate(_path_titles(kb, rec), 1)]
    out += ["", "## References"]
    out += [f"- **{sid}**: {e(reference(kb, sid))}" for sid in cited_sources(kb, rec)]
    out += ["", "---", "", f"*{rec.disclaimer}*", ""]
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
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _h(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _basis_html(b: BasisView) -> str:
    text = (f"{_h(STRENGTH_TEXT.get(b.strength, b.strength))}; evidence "
            f"{_h(EVIDENCE_TEXT.get(b.evidence, b.evidence))}")
    if b.expert_opinion:
        text += ' — <span class="opinion">expert opinion (not a graded recommendation)</span>'
    if b.note:
        text += f" ({_h(b.note)})"
    return text + "; sources: " + ", ".join(f'<a href="#src-{_h(s)}">{_h(s)}</a>' for s in b.sources)


def handout_html(kb, answers: Mapping[str, Any] | None, rec: Recommendation, today: dt.date | None = None) -> str:
    title = f"Myositis decision support: {rec.status.title}"
    label = f" — {rec.patient_label}" if rec.patient_label else ""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{_h(title + label)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_h(title + label)}</h1>",
             f'<p class="meta">Date: {_h(_today(today))}<br>Knowledge base: {_h(_kb_line(kb, rec))}</p>',
             f'<p class="disclaimer">{_h(rec.disclaimer)}</p>',
             f"<h2>Status: {_h(rec.status.title)} (<code>{_h(rec.status.code)}</code>)</h2>"]
    if rec.status.explanation:
        parts.append(f"<p>{_h(rec.status.explanation)}</p>")
    if rec.status.reassess:
        parts.append(f"<p>Reassess after {_h(rec.status.reassess.after)}.</p>")
    if rec.warnings:
        parts.append("<h2>Warnings (read first)</h2>")
        for w in rec.warnings:
            first = f" <strong>First:</strong> {_h(w.action_first)}" if w.action_first else ""
            parts.append(f'<p class="warning"><strong>[{_h(w.severity)}]</strong> {_h(w.message)}{first}<br>'
                         f'<span class="small">{_basis_html(w.basis)}</span></p>')
    parts.append("<h2>Suggested actions</h2><ol>" if rec.actions else "<h2>Suggested actions</h2><p>none</p>")
    for a in rec.actions:
        rank = f"#{a.rank} " if a.rank else ""
        timing = f" <em>({_h(a.timing_note())})</em>" if a.timing_note() else ""
        items = [f"{label}: {_h(text)}" for label, text in a.details()]
        items.append("basis: " + _basis_html(a.basis))
        if a.inputs:
            items.append(f"decided by: {_h(_inputs(a.inputs))}")
        parts.append(f"<li>{rank}<strong>{_h(a.therapy_name or a.kind)}</strong> — {_h(a.text)}{timing}"
                     f"<ul class=\"small\">{''.join(f'<li>{i}</li>' for i in items)}</ul></li>")
    if rec.actions:
        parts.append("</ol>")
    if rec.not_suggested:
        parts.append("<h2>Not suggested</h2><ul>")
        parts += [f"<li><strong>{_h(n.therapy_name)}</strong>: {_h(n.reason)}<br>"
                  f'<span class="small">{_basis_html(n.basis)}</span></li>' for n in rec.not_suggested]
        parts.append("</ul>")
    if rec.missing:
        parts.append("<h2>Missing data (what it would change)</h2><ul>")
        parts += [f"<li><code>{_h(m.field)}</code>: {_h(m.question)} — {_h('; '.join(m.would_change))}</li>"
                  for m in rec.missing]
        parts.append("</ul>")
    parts.append("<h2>Answers given</h2>")
    rows = flatten(answers)
    if rows:
        parts.append("<table><tr><th>Field</th><th>Answer</th></tr>")
        parts += [f"<tr><td><code>{_h(f)}</code></td><td>{_h(describe_value(v))}</td></tr>" for f, v in rows]
        parts.append("</table>")
    else:
        parts.append("<p>none</p>")
    parts.append("<h2>Path walked</h2><ol>")
    parts += [f"<li>{_h(t)} (<code>{_h(n)}</code>)</li>" for n, t in _path_titles(kb, rec)]
    parts.append("</ol><h2>References</h2><ul>")
    parts += [f'<li id="src-{_h(sid)}"><strong>{_h(sid)}</strong>: {_h(reference(kb, sid))}</li>'
              for sid in cited_sources(kb, rec)]
    parts.append(f'</ul><p class="disclaimer">{_h(rec.disclaimer)}</p></body></html>')
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
