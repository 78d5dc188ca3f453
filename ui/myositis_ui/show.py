"""Rendering one recommendation, the pathway, one node, a list of problems and the export buttons.

Every page shows a recommendation the same way and leads with the decision: the status, then the first actions
(with why this patient is on them), then the cautions that apply, then the checks still due before starting a
drug, worded conditionally. Sources are citations; identifiers (field names, node ids, status codes) appear only
when the reader turns on "technical details". The wording comes from :mod:`decision.views.reading` and
:mod:`decision.labels`, the same the terminal and the handouts use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from decision import labels
from decision.errors import Problem
from decision.guide.answers import flatten, plain
from decision.guide.checks import problems_by_field
from decision.guide.describe import describe_value
from decision.kb.models import CONFIDENCE_TEXT, EVIDENCE_TEXT, STRENGTH_TEXT
from decision.labels import field_label
from decision.recommendation import BasisView, Recommendation
from decision.views import reading
from decision.views import text as render
from decision.views.handout import export_json, handout_html, handout_markdown

md = reading.md_escape
STATUS_ALERT = {"urgent": "error", "caution": "warning", "information": "info", "on_track": "success"}
OUTCOME_MARK = {"true": "✔ yes", "false": "✖ no", "unknown": "? unknown", "not evaluated": "– not evaluated"}
TECH = "show_technical_details"  # session key of the "technical details" toggle (one for the whole app)


def _alert(kind: str, body: str) -> None:
    getattr(st, kind)(body)


def technical_toggle(key: str) -> bool:
    """The reader's switch for identifiers (field names, node ids, status codes); off by default."""
    return bool(st.toggle("Technical details (identifiers for authors)", key=key))


def status_banner(rec: Recommendation, *, note: str = "") -> None:
    s = rec.status
    body = f"**{md(s.title)}**" + (f" — {md(note)}" if note else "")
    if s.explanation:
        body += f"\n\n{md(s.explanation)}"
    if s.reassess:
        body += f"\n\nReassess after {md(s.reassess.after)}."
    _alert(STATUS_ALERT.get(s.severity, "info"), body)


def problems(items: Iterable[Problem], title: str = "The patient data has problems",
             note: str = "correct these and try again") -> None:
    """One st.error naming every field (in words and by its name in the file), what was expected and found."""
    grouped = problems_by_field(list(items))
    lines = [f"**{title}** — {note}:"]
    for where, msgs in grouped.items():
        for m in msgs:
            label = f"{md(field_label(where))} " if labels.is_field(where) else ""
            lines.append(f"- {label}(`{where}`): {md(m)}" if label else f"- `{where}`: {md(m)}")
    st.error("\n".join(lines))


def sources_markdown(kb: Any, sources: tuple[str, ...]) -> str:
    cites = reading.citations(kb, sources)
    return "  \n".join(f"{i}. {md(c)}" for i, c in enumerate(cites, 1))


def basis_markdown(kb: Any, b: BasisView) -> str:
    strength = STRENGTH_TEXT.get(b.strength, b.strength)
    out = (f"*Strength:* {md(strength)} · *evidence:* {md(EVIDENCE_TEXT.get(b.evidence, b.evidence))} · "
           f"*confidence:* {md(CONFIDENCE_TEXT.get(b.confidence, b.confidence))}")
    if b.expert_opinion:
        out = ":orange-background[**Expert opinion** — not a graded recommendation]  \n" + out
    if b.note:
        out += f"  \n*Note:* {md(b.note)}"
    return out + "  \n*Sources:*  \n" + sources_markdown(kb, b.sources)


def action_line(kb: Any, a: Any, i: int, previous_why: str | None = None) -> str:
    """One action in one or two lines; "for this patient" is left out when it repeats the previous action's."""
    line = f" · line {a.line}" if a.line else ""
    when = f" — *{md(a.timing_note())}*" if a.timing_note() else ""
    text = reading.action_text(a)
    why = reading.action_why(a, kb)
    out = f"{i}. **{md(reading.action_name(a))}**{line}{when}" + (f": {md(text)}" if text else "")
    if why and why == previous_why:
        return out + "  \n   *For this patient:* as above"
    return out + (f"  \n   *For this patient:* {md(why)}" if why else "")


def action_lines(kb: Any, actions: Any) -> str:
    lines, previous = [], None
    for i, a in enumerate(actions, 1):
        lines.append(action_line(kb, a, i, previous))
        previous = reading.action_why(a, kb)
    return "\n".join(lines)


def first_actions(kb: Any, rec: Recommendation, n: int = 3) -> None:
    """The first actions, one line each (the top of every page that shows a recommendation)."""
    acts = reading.first_actions(rec, n)
    if not acts:
        st.markdown("No action is suggested at this point.")
        return
    st.markdown(action_lines(kb, acts))


def actions(kb: Any, rec: Recommendation) -> None:
    st.markdown("#### Actions")
    if not rec.actions:
        st.write("No action is suggested at this point.")
    for i, a in enumerate(rec.actions, 1):
        with st.container(border=True):
            st.markdown(action_line(kb, a, i))
            with st.expander("Dose, timing, monitoring and basis", expanded=False):
                details = [f"- *{label.capitalize()}:* {md(text)}" for label, text in a.details()]
                if details:
                    st.markdown("\n".join(details))
                st.markdown(basis_markdown(kb, a.basis))


def warnings(kb: Any, rec: Recommendation) -> None:
    found, due = reading.checks_and_cautions(rec)
    if found:
        st.markdown("#### Contraindications and cautions")
        for w in found:
            body = md(reading.warning_text(kb, w, rec))
            if w.action_first:
                body += f"\n\n**First:** {md(w.action_first)}"
            _alert("error" if w.severity == "contraindication" else "warning", body)
    if due:
        st.markdown("#### Check before starting")
        st.info("\n".join(f"- {md(reading.warning_text(kb, w, rec))}" for w in due))


def recommendation(kb: Any, rec: Recommendation, *, key: str, answers: dict | None = None,
                   show_status: bool = True) -> None:
    """The full recommendation, decision first. ``key`` makes widget keys unique per page."""
    if show_status:
        status_banner(rec)
    ahead(kb, rec)
    actions(kb, rec)
    preview_and_trials(kb, rec)
    warnings(kb, rec)
    _more(kb, rec)
    with st.expander("The route: each decision and why", expanded=False):
        route(kb, rec)
    st.caption(md(rec.disclaimer) + "  \n" + md(f"Knowledge base {kb.metadata.title}, version "
                                                 f"{rec.knowledge_base['version']} ({kb.metadata.status})."))
    if st.session_state.get(f"{key}_{TECH}"):
        technical(rec)
    technical_toggle(f"{key}_{TECH}")
    if answers is not None:
        exports(kb, answers, rec, key=key)


def ahead(kb: Any, rec: Recommendation) -> None:
    """Active domains, then the sections that lead (notes on the input, the questions to answer first)."""
    if rec.status.domains:
        st.markdown("**Active domains:** " + md(", ".join(rec.status.domains)))
    for title, lines in reading.plan_sections(rec, kb):
        if title in LEADING:
            st.warning(f"**{md(title)}**\n\n" + "\n".join(f"- {md(x)}" for x in lines))


def preview_and_trials(kb: Any, rec: Recommendation) -> None:
    """The other sections (preview, trials, steroid plan, cancer screening, response), each in an expander."""
    for title, lines in reading.plan_sections(rec, kb):
        if title not in LEADING:
            with st.expander(title, expanded=title.startswith("Next if confirmed")):
                st.markdown("\n".join(f"- {md(x)}" for x in lines))


LEADING = ("Notes on the input", "Answer first (each could forbid or redirect escalation, and a clue says it might)")


def _more(kb: Any, rec: Recommendation) -> None:
    if rec.not_suggested:
        with st.expander(f"Not suggested ({len(rec.not_suggested)})"):
            st.markdown("\n".join(f"- **{md(n.therapy_name)}** — {md(n.reason)}" for n in rec.not_suggested))
    if rec.missing:
        with st.expander(f"Missing data and what it would change ({len(rec.missing)})"):
            st.markdown("\n".join(f"- **{md(field_label(m.field))}**: {md('; '.join(m.would_change))}"
                                  for m in rec.missing))


def technical(rec: Recommendation) -> None:
    st.markdown(f"Status code `{rec.status.code}` · outcome node `{rec.status.node}` · knowledge base "
                f"`{rec.knowledge_base['id']}` sha256 `{rec.knowledge_base['sha256']}`")
    st.markdown("Path: " + " → ".join(f"`{n}`" for n in rec.path))
    if rec.missing:
        st.markdown("Missing fields: " + ", ".join(f"`{m.field}` (at `{m.needed_at}`)" for m in rec.missing))


def route(kb: Any, rec: Recommendation) -> None:
    """The route as decisions: the question, the branch taken, and the branches not taken with their value."""
    lines = []
    for i, d in enumerate(reading.route(rec, kb), 1):
        lines.append(f"{i}. **{md(d.question)}** → {md(d.taken)}")
        for b in d.not_taken:
            extra = f" — not known: {md(b.unknown)}" if b.unknown else ""
            held = f" — **held** (clue: {md(b.held)})" if b.held else ""
            lines.append(f"   - {md(b.label)}: {OUTCOME_MARK.get(b.outcome, md(b.outcome))}{extra}{held}")
    st.markdown("\n".join(lines) or "No decision yet.")


def pathway_map(rec: Recommendation) -> None:
    """The Lundberg steps (with triage and outcome) as one compact row, the steps walked lit, the last ringed."""
    walked = reading.steps_reached(rec)
    here = reading.position(rec)
    cells = []
    for step, title in reading.STEPS:
        if step == here:
            style, mark = "background:#1f4e9c;color:#fff;border:2px solid #1f4e9c;font-weight:700", "● "
        elif step in walked:
            style, mark = "background:#dce6f5;color:#0b2a5c;border:2px solid #1f4e9c", "✓ "
        else:
            style, mark = "background:#f4f4f4;color:#444;border:2px solid #ccc", ""
        label = title if step != "outcome" else f"Outcome: {rec.status.title.split(' — ')[0]}"
        cells.append(f'<div class="step" data-step="{step}" style="{style};padding:6px 10px;border-radius:8px;'
                     f'font-size:15px;line-height:1.3">{mark}{md_html(label)}</div>')
    st.html('<div class="pathway-map" aria-label="Position on the pathway" style="display:flex;flex-wrap:wrap;'
            f'gap:6px;margin:2px 0 8px 0">{"".join(cells)}</div>')


def md_html(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def exports(kb: Any, answers: dict, rec: Recommendation, *, key: str) -> None:
    st.markdown("#### Export")
    c1, c2, c3 = st.columns(3)
    c1.download_button("JSON (inputs, route, recommendation)", export_json(kb, answers, rec),
                       file_name="myositis-cds-recommendation.json", mime="application/json",
                       key=f"{key}_export_json")
    c2.download_button("Handout (Markdown)", handout_markdown(kb, answers, rec),
                       file_name="myositis-cds-handout.md", mime="text/markdown", key=f"{key}_export_md")
    c3.download_button("Handout (HTML, printable)", handout_html(kb, answers, rec),
                       file_name="myositis-cds-handout.html", mime="text/html", key=f"{key}_export_html")


def answers_list(kb: Any, answers: dict) -> None:
    rows = [(f, v) for f, v in flatten(answers) if f not in ("label", "as_of")]
    if rows:
        st.markdown("\n".join(f"- **{md(field_label(f))}:** {md(describe_value(plain(v), f, kb))}" for f, v in rows))
    else:
        st.caption("No answers yet.")


def pathway_dot(kb: Any, rec: Recommendation | None, step: str | None = None) -> str:
    """The CLI's DOT (``render.to_dot``); with ``step``, only that step's nodes (large enough to read)."""
    rankdir = render.step_rankdir(kb, step) if step else "LR"
    return render.to_dot(kb, rec, rankdir=rankdir, only_step=step)


def graph(kb: Any, rec: Recommendation | None, *, step: str | None = None) -> None:
    """One step at its natural size (wider than the page: scroll sideways), or the whole graph fitted."""
    st.graphviz_chart(pathway_dot(kb, rec, step), width="stretch")
    st.caption("The patient's route in bold blue. Diamonds: decisions; boxes: actions; octagons: outcomes. "
               "Fill colour: strength of recommendation.")


def node_rule(kb: Any, node_id: str, rec: Recommendation | None = None, *, technical_ids: bool = False) -> None:
    """Everything a reader needs to check one node: its question, branches, actions, basis and sources."""
    n = kb.nodes[node_id]
    st.markdown(f"### {md(n.title)}")
    if technical_ids:
        where = kb.locations.get(f"node:{n.id}")
        st.caption(f"`{n.id}` · {n.kind}" + (f" · `{where}`" if where else ""))
    if n.question:
        st.markdown(f"**Question:** {md(n.question)}")
    if n.explanation:
        st.markdown(md(n.explanation))
    if n.branches:
        rows = [f"{i}. {md(b.label)} → {md(kb.nodes[b.to].title)}" for i, b in enumerate(n.branches, 1)]
        if n.unknown:
            rows.append(f"- when a branch is unknown → {md(kb.nodes[n.unknown].title)}")
        rows.append(f"- otherwise → {md(kb.nodes[n.otherwise].title)}")
        st.markdown("**Branches** (tried in order; the first that is true is taken):\n" + "\n".join(rows))
    if n.actions:
        st.markdown("**Actions:**\n" + "\n".join(f"- {md(a.text)}" + (f" *({md(a.timing.replace('_', ' '))})*"
                                                                          if a.timing != "now" else "")
                                                   for a in n.actions))
    for w in n.withhold:
        st.markdown(f"**Withholds** {md(', '.join(kb.therapies[t].name for t in w.therapies))}: {md(w.reason)}")
    if n.reassess:
        st.markdown(f"**Reassess:** after {md(n.reassess.after)}")
    st.markdown("**Basis**\n\n" + basis_markdown(kb, _basis(n.basis)))
    if rec is not None:
        _for_patient(kb, rec, n.id)


def _for_patient(kb: Any, rec: Recommendation, node_id: str) -> None:
    d = next((d for d in reading.route(rec, kb) if d.node == node_id), None)
    if d is not None:
        st.markdown(f"**For this patient:** {md(d.taken)}\n" + "\n".join(
            f"- {md(b.label)}: {OUTCOME_MARK.get(b.outcome, md(b.outcome))}"
            + (f" — decided by {md(b.decided_by)}" if b.decided_by else "")
            + (f" — not known: {md(b.unknown)}" if b.unknown else "") for b in d.branches))
    elif node_id in rec.path:
        st.caption("This step is on the patient's route.")
    else:
        st.caption("This step is not on the patient's route.")


def _basis(b: Any) -> BasisView:
    from decision.walk.rules import basis_view

    return basis_view(b)
