"""Views of one recommendation and one graph: text, Markdown, DOT and Mermaid.

One source, many views: the CLI, the Streamlit pages and the exported handout all call these, so a
suggestion reads the same everywhere and always names the knowledge-base version it came from.
"""

from __future__ import annotations

from decision.kb.models import EVIDENCE_TEXT, STRENGTH_TEXT
from decision.recommendation import Recommendation

STEP_TITLES = {
    "triage": "Triage",
    "refractory": "Is it refractory?",
    "activity": "Step 1 · activity or damage",
    "diagnosis": "Step 2 · is the diagnosis right?",
    "therapy": "Step 3 · change therapy",
    "outcome": "Outcomes",
}
STRENGTH_COLOURS = {  # light fills so black labels stay readable
    "strong_for": "#a6dba0",
    "conditional_for": "#d9f0d3",
    "expert_opinion": "#e7e7e7",
    "conditional_against": "#fddbc7",
    "strong_against": "#f4a582",
}


class _Basis:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def basis_line(b, kb=None) -> str:
    opinion = " — expert opinion" if b.expert_opinion else ""
    return (f"{STRENGTH_TEXT.get(b.strength, b.strength)}; evidence {EVIDENCE_TEXT.get(b.evidence, b.evidence)}"
            f"{opinion}; sources: {', '.join(b.sources)}")


def _inputs(inputs: dict) -> str:
    if not inputs:
        return ""
    return "; decided by " + ", ".join(f"{k}={_short(v)}" for k, v in inputs.items())


def _short(v) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(map(str, v)) + "]"
    return str(v)


def to_text(rec: Recommendation, markdown: bool = False) -> str:
    h1, h2, bullet = ("# ", "## ", "- ") if markdown else ("", "", "  - ")
    kb = rec.knowledge_base
    out = [f"{h1}{rec.status.title}" + (f" — {rec.patient_label}" if rec.patient_label else ""),
           f"status: {rec.status.code}   knowledge base: {kb['id']} {kb['version']} (sha256 {kb['sha256'][:12]})"]
    if rec.status.explanation:
        out.append(rec.status.explanation)
    if rec.status.domains:
        out.append("active domains: " + ", ".join(rec.status.domains))
    out += [f"note on the input: {n}" for n in rec.input_notes]
    out += _held_and_preview(rec, h2, bullet)
    if rec.warnings:
        out += ["", f"{h2}Warnings (read first)"]
        for w in rec.warnings:
            first = f" First: {w.action_first}" if w.action_first else ""
            out.append(f"{bullet}[{w.severity}] {w.message}{first} ({', '.join(w.basis.sources)})")
    out += ["", f"{h2}Actions"]
    for a in rec.actions:
        tag = f"#{a.rank} " if a.rank else ""
        when = f" ({a.timing_note()})" if a.timing_note() else ""
        out.append(f"{bullet}{tag}[{a.kind}] {a.text}{when}")
        detail = [f"{label}: {text}" for label, text in a.details()]
        detail.append("basis: " + basis_line(a.basis) + _inputs(a.inputs))
        out += [("    " if not markdown else "  - ") + d for d in detail]
    if rec.trial_leads:
        out += ["", f"{h2}Consider a clinical trial (after the ladder, not instead of it)"]
        out += [f"{bullet}{lead.text}" for lead in rec.trial_leads]
    if rec.not_suggested:
        out += ["", f"{h2}Not suggested"]
        out += [f"{bullet}{n.therapy_name}: {n.reason} ({', '.join(n.basis.sources)})" for n in rec.not_suggested]
    if rec.glucocorticoid_plan and "default" in rec.glucocorticoid_plan:
        g = rec.glucocorticoid_plan["default"]
        out += ["", f"{h2}Glucocorticoid plan ({g['name']})",
                f"{bullet}start {g['start_mg_day'][0]:g}–{g['start_mg_day'][1]:g} mg/day ({g['calculation']}); "
                f"{g['high_dose_weeks']}; taper: {g['taper']}; target: {g['target']}"]
        for alt in rec.glucocorticoid_plan["alternatives"]:
            out.append(f"{bullet}alternative ({alt['name']}): {alt['start_mg_day'][0]:g}–{alt['start_mg_day'][1]:g} "
                       f"mg/day; {alt['taper']}")
    cs = rec.cancer_screening
    if cs:
        out += ["", f"{h2}Cancer screening (IMACS 2023)"]
        if cs["applies"] is False:
            out.append(f"{bullet}{cs['note']}")
        else:
            feats = ", ".join(cs["higher_risk_features"]) or "none"
            could = f"; could be {cs['could_be']} if the unknown features are present" if cs["could_be"] else ""
            out.append(f"{bullet}stratum: {cs['stratum_label']} (higher-risk features: {feats}){could}; "
                       f"screening recorded as {cs['screening_status'] or 'unknown'}")
            out += [f"{bullet}{p['text']}" for p in cs["panels"]]
            out.append(f"{bullet}basis: {basis_line(_Basis(**cs['basis']))}")
    if rec.response:
        out += ["", f"{h2}Response on the current regimen", f"{bullet}{rec.response['explanation']}"]
    if rec.missing:
        out += ["", f"{h2}Missing data (what it would change)"]
        for m in rec.missing:
            out.append(f"{bullet}{m.field}: {m.question} — " + "; ".join(m.would_change))
    out += ["", f"{h2}Reasoning trace"]
    for i, s in enumerate(rec.trace, 1):
        if s.kind == "decision":
            out.append(f"{bullet}{i}. {s.title} → {s.taken_label}")
            for b in s.branches:
                held = f" [held: clue {_short(sorted(b.clues))}]" if b.clues else ""
                out.append(("    " if not markdown else "  - ") + f"{b.label}: {b.outcome}{held}{_inputs(b.inputs)}"
                           + (f"; missing {', '.join(b.missing)}" if b.missing else ""))
        else:
            out.append(f"{bullet}{i}. {s.title}")
    out += ["", rec.disclaimer]
    return "\n".join(out) + "\n"


def _held_and_preview(rec: Recommendation, h2: str, bullet: str) -> list[str]:
    """The questions the walk would not pass, then what would most likely follow once they are answered."""
    out: list[str] = []
    if rec.held:
        out += ["", f"{h2}Answer first (each could forbid escalation, and a clue says it might)"]
        for h in rec.held:
            clues = ", ".join(f"{k}={_short(v)}" for k, v in h.clues.items())
            out.append(f"{bullet}{h.question} — '{h.branch}' is possible (clue: {clues}); record {', '.join(h.ask)}")
    p = rec.next_if_confirmed
    if p:
        out += ["", f"{h2}Next if confirmed — not a suggestion yet", f"{bullet}{p.note}"]
        out += [f"{bullet}assuming: {a}" for a in p.assumes]
        out.append(f"{bullet}would most likely be: {p.title}; " + ", ".join(
            t.therapy_name + ("" if t.timing == "now" else f" ({t.timing.replace('_', ' ')})") for t in p.therapies))
        out += [f"{bullet}order now: {w.message}" for w in p.order_now]
    return out


def _dot_id(s: str) -> str:
    return '"' + s.replace('"', r'\"') + '"'


def to_dot(kb, rec: Recommendation | None = None, rankdir: str = "LR") -> str:
    """Graphviz DOT of the pathway, clustered by step; the walked path in bold blue when ``rec`` is given.

    Left to right by default: top to bottom, the whole pathway is about ten times wider than high.
    """
    walked = set(rec.path) if rec else set()
    walked_edges = set(zip(rec.path, rec.path[1:])) if rec else set()
    lines = ["digraph pathway {", f'  rankdir={rankdir}; node [fontname="Helvetica", fontsize=10, style=filled];',
             '  edge [fontname="Helvetica", fontsize=9];']
    by_step: dict[str, list] = {}
    for node in kb.nodes.values():
        by_step.setdefault(node.step, []).append(node)
    for step, nodes in by_step.items():
        lines.append(f"  subgraph cluster_{step} {{ label={_dot_id(STEP_TITLES.get(step, step))}; "
                     'style=rounded; color="#cccccc";')
        for n in nodes:
            shape = {"decision": "diamond", "action": "box", "outcome": "doubleoctagon"}[n.kind]
            fill = STRENGTH_COLOURS.get(n.basis.strength, "#ffffff")
            extra = ', penwidth=3, color="#1f4e9c"' if n.id in walked else ""
            label = n.title if len(n.title) < 40 else n.title[:38] + "…"
            if n.reassess:  # the declared loop back to the entry, as a note rather than a long edge
                label += f"\\n↻ reassess after {n.reassess.after}"
            lines.append(f"    {_dot_id(n.id)} [label={_dot_id(label)}, shape={shape}, fillcolor={_dot_id(fill)}{extra}];")
        lines.append("  }")
    for u, v, d in kb.graph.edges(data=True):
        if d["loop"]:
            continue  # shown in the outcome's label
        attrs = [f"label={_dot_id(d['label'])}"]
        if (u, v) in walked_edges:
            attrs.append('penwidth=3, color="#1f4e9c"')
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [{', '.join(attrs)}];")
    lines.append('  subgraph cluster_legend { label="Legend: strength of recommendation"; style=rounded;')
    for s, colour in STRENGTH_COLOURS.items():
        lines.append(f'    "legend_{s}" [label={_dot_id(STRENGTH_TEXT[s])}, shape=note, fillcolor="{colour}"];')
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(kb, rec: Recommendation | None = None) -> str:
    walked = set(rec.path) if rec else set()
    out = ["flowchart TD"]
    for n in kb.nodes.values():
        text = n.title.replace('"', "'")
        shape = {"decision": ('{"', '"}'), "action": ('["', '"]'), "outcome": ('(["', '"])')}[n.kind]
        out.append(f"  {n.id}{shape[0]}{text}{shape[1]}")
    for u, v, d in kb.graph.edges(data=True):
        arrow = "-.->" if d["loop"] else "-->"
        label = d["label"].replace('"', "'").replace("|", "/")
        out.append(f'  {u} {arrow}|"{label}"| {v}')
    if walked:
        out.append("  classDef walked stroke:#1f4e9c,stroke-width:3px;")
        out.append("  class " + ",".join(n for n in kb.nodes if n in walked) + " walked;")
    return "\n".join(out) + "\n"
