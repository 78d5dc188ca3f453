"""Views of one recommendation and one graph: text, Markdown, DOT and Mermaid.

One source, many views: the CLI, the Streamlit pages and the exported handout all call these, so a
suggestion reads the same everywhere and always names the knowledge-base version it came from.
"""

from __future__ import annotations

import textwrap
from typing import Any

from decision.kb.models import EVIDENCE_TEXT, STRENGTH_TEXT
from decision.labels import field_label
from decision.recommendation import Recommendation
from decision.views.reading import (
    action_name,
    action_text,
    action_why,
    checks_and_cautions,
    citations,
    plan_sections,
    route,
    warning_text,
)

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


# plan_sections titles: those on the first screen (around the actions), the rest behind --details
FIRST_SCREEN = ("Notes on the input",
                "Answer first (each could forbid or redirect escalation, and a clue says it might)",
                "Next if confirmed — not a suggestion yet",
                "Consider a clinical trial (after the ladder, not instead of it)")
DETAILS = ("Glucocorticoid plan", "Cancer screening (IMACS 2023)", "Response on the current regimen")
WIDTH = 96  # fits a 100-column terminal; the first screen holds the status and the first actions


def basis_line(b: Any, kb: Any = None) -> str:
    opinion = " — expert opinion" if b.expert_opinion else ""
    sources = "; ".join(citations(kb, b.sources)) if kb is not None else ", ".join(b.sources)
    return (f"{STRENGTH_TEXT.get(b.strength, b.strength)}; evidence {EVIDENCE_TEXT.get(b.evidence, b.evidence)}"
            f"{opinion}. Sources: {sources}")


class _Out:
    """Lines wrapped to :data:`WIDTH`, with Markdown headings and bullets when asked."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []

    def head(self, text: str, level: int = 2) -> None:
        self.lines += ["", ("#" * level + " " + text) if self.markdown else text.upper() if level == 2 else text]

    def para(self, text: str, indent: int = 0, bullet: str = "") -> None:
        if self.markdown:
            self.lines.append(" " * indent + (f"{bullet} " if bullet else "") + text)
            return
        first = " " * indent + (f"{bullet} " if bullet else "")
        rest = " " * len(first)
        self.lines += textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                                    break_long_words=False, break_on_hyphens=False) or [first]


def to_text(rec: Recommendation, markdown: bool = False, kb: Any = None, details: bool = False) -> str:
    """The recommendation for a terminal (or Markdown): status and first actions first, details on request."""
    o = _Out(markdown)
    label = f" — {rec.patient_label}" if rec.patient_label else ""
    o.para(("# " if markdown else "") + rec.status.title + label)
    if rec.status.explanation:
        o.para(rec.status.explanation)
    if rec.status.reassess:
        o.para(f"Reassess after {rec.status.reassess.after}.")
    if rec.status.domains:
        o.para("Active domains: " + ", ".join(rec.status.domains) + ".")
    sections = dict(plan_sections(rec, kb))
    for title in FIRST_SCREEN[:2]:  # notes on the input and the questions to answer first lead
        _section(o, title, sections.get(title, []))
    _actions(o, rec, kb, details)
    for title in FIRST_SCREEN[2:]:
        _section(o, title, sections.get(title, []))
    found, due = checks_and_cautions(rec)
    if found:
        o.head("Contraindications and cautions")  # a drug a gate removed is named too (round 21)
        for w in found:
            o.para(f"{warning_text(kb, w, rec)}" + (f" First: {w.action_first}" if w.action_first else ""), 2, "-")
    if due:
        o.head("Check before starting")
        for w in due:
            o.para(warning_text(kb, w, rec), 2, "-")
    kbv = rec.knowledge_base
    o.lines.append("")
    o.para(f"status: {rec.status.code} · knowledge base {kbv['id']} {kbv['version']} (sha256 {kbv['sha256'][:12]})")
    if details:
        _details(o, rec, kb)
    else:
        o.para("More: --details adds doses and monitoring, the basis of each action, the route, what is not "
               "suggested, the missing data and the cancer screening plan.")
    o.lines.append("")
    o.para(rec.disclaimer)
    return "\n".join(o.lines) + "\n"


def _section(o: _Out, title: str, items: list[str]) -> None:
    if items:
        o.head(title)
        for text in items:
            o.para(text, 2, "-")


def _actions(o: _Out, rec: Recommendation, kb: Any, details: bool) -> None:
    o.head("Actions")
    if not rec.actions:
        o.para("No action is suggested at this point.", 2, "-")
    previous_why, first_with = None, 0  # the action that printed the list a run of equal ones points back to
    for i, a in enumerate(rec.actions, 1):
        when = f" ({a.timing_note()})" if a.timing_note() else ""
        line = f" · line {a.line}" if a.line else ""
        text = action_text(a)
        o.para(f"{action_name(a)}{line}{when}" + (f": {text}" if text else ""), 2, f"{i}.")
        why = action_why(a, kb)
        if why and why != previous_why:
            o.para(f"For this patient: {why}", 6)
            first_with = i
        elif why and details:  # the basis lines stand between: say which inputs, without twenty lines again
            o.para(f"For this patient: as for action {first_with}", 6)
        previous_why = why
        if details:  # dose, timing, ranking and monitoring: behind --details, so the first screen stays short
            for label, text in a.details():
                o.para(f"{label.capitalize()}: {text}", 6)
            o.para("Basis: " + basis_line(a.basis, kb), 6)


def _details(o: _Out, rec: Recommendation, kb: Any) -> None:
    if rec.not_suggested:
        o.head("Not suggested")
        for n in rec.not_suggested:
            o.para(f"{n.therapy_name}: {n.reason}", 2, "-")
    for title, lines in plan_sections(rec, kb):
        if title in DETAILS:
            _section(o, title, lines)
    if rec.missing:
        o.head("Missing data (what it would change)")
        for m in rec.missing:
            o.para(f"{field_label(m.field)}: " + "; ".join(m.would_change), 2, "-")
    o.head("Route (each decision, the branch taken, the others with their value)")
    for i, d in enumerate(route(rec, kb), 1):
        o.para(f"{d.question} → {d.taken}", 2, f"{i}.")
        for b in d.not_taken:
            extra = f" (unknown: {b.unknown})" if b.unknown else ""
            held = f" — held: clue {b.held}" if b.held else ""
            o.para(f"{b.label}: {b.outcome}{extra}{held}", 6, "·")


def _dot_id(s: str) -> str:
    return '"' + s.replace('"', r'\"') + '"'


def _wrapped(text: str, width: int) -> str:
    """Text wrapped for a DOT label (lines joined by DOT's own newline escape)."""
    return "\\n".join(textwrap.wrap(text, width))


def _node_line(n: Any, walked: set[str], wrap: int | None) -> str:
    shape = {"decision": "diamond", "action": "box", "outcome": "doubleoctagon"}[n.kind]
    fill = STRENGTH_COLOURS.get(n.basis.strength, "#ffffff")
    extra = ', penwidth=3, color="#1f4e9c"' if n.id in walked else ""
    if wrap:
        label = _wrapped(n.title, wrap)
    else:
        label = n.title if len(n.title) < 40 else n.title[:38] + "…"
    if n.reassess:  # the declared loop back to the entry, as a note rather than a long edge
        label += f"\\n↻ reassess after {n.reassess.after}"
    return f"    {_dot_id(n.id)} [label={_dot_id(label)}, shape={shape}, fillcolor={_dot_id(fill)}{extra}];"


def step_rankdir(kb: Any, step: str) -> str:
    """The layout that keeps one step narrow: top to bottom for a chain of decisions, left to right for a fan."""
    import networkx as nx

    nodes = [n for n in kb.nodes if kb.nodes[n].step == step]
    g = nx.DiGraph((u, v) for u, v, d in kb.graph.edges(data=True) if u in nodes and v in nodes and not d["loop"])
    g.add_nodes_from(nodes)
    depth = nx.dag_longest_path_length(g) if nx.is_directed_acyclic_graph(g) else len(nodes)
    breadth = max((sum(1 for _ in kb.graph.successors(n)) for n in nodes), default=1)
    return "TB" if depth + 1 > breadth else "LR"


def to_dot(kb: Any, rec: Recommendation | None = None, rankdir: str = "LR", only_step: str | None = None) -> str:
    """Graphviz DOT of the pathway, clustered by step; the walked path in bold blue when ``rec`` is given.

    Left to right by default: top to bottom, the whole pathway is about ten times wider than high. With
    ``only_step``, just that step's nodes (titles wrapped, larger type) and a plain note for each way out of it,
    so one step at a time reads at projector size.
    """
    walked = set(rec.path) if rec else set()
    walked_edges = set(zip(rec.path, rec.path[1:], strict=False)) if rec else set()
    size = (12, 11) if only_step else (10, 9)  # one step is drawn at its natural size: 12 pt = 16 px
    lines = ["digraph pathway {",
             f'  rankdir={rankdir}; node [fontname="Helvetica", fontsize={size[0]}, style=filled];',
             f'  edge [fontname="Helvetica", fontsize={size[1]}];']
    by_step: dict[str, list] = {}
    for node in kb.nodes.values():
        if only_step is None or node.step == only_step:
            by_step.setdefault(node.step, []).append(node)
    shown = {n.id for nodes in by_step.values() for n in nodes}
    for step, nodes in by_step.items():
        lines.append(f"  subgraph cluster_{step} {{ label={_dot_id(STEP_TITLES.get(step, step))}; "
                     'style=rounded; color="#cccccc";')
        lines += [_node_line(n, walked, 20 if only_step else None) for n in nodes]
        lines.append("  }")
    for u, v, d in kb.graph.edges(data=True):
        if d["loop"] or u not in shown:
            continue  # a loop is shown in the outcome's label
        attrs = [f"label={_dot_id(d['label'])}"]
        if (u, v) in walked_edges:
            attrs.append('penwidth=3, color="#1f4e9c"')
        target = v
        if v not in shown:  # a way out of the step shown: a note naming where it goes
            target = f"out_{v}"
            title = f"→ {STEP_TITLES.get(kb.nodes[v].step, kb.nodes[v].step)}: {kb.nodes[v].title}"
            note = _wrapped(title, 20)
            lines.append(f'  {_dot_id(target)} [label={_dot_id(note)}, shape=plaintext, style=""];')
        lines.append(f"  {_dot_id(u)} -> {_dot_id(target)} [{', '.join(attrs)}];")
    if only_step is None:
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
