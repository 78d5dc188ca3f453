"""Rendering one recommendation, one node, a list of problems and the export buttons.

Every page shows a recommendation the same way: status, warnings FIRST, ranked actions with their basis
(expert opinion marked), readable references from the knowledge base's source list, the inputs that decided
each action, what is not suggested and why, the missing data and what it would change, and the trace.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from decision.errors import Problem
from decision.guide.interview import describe_value, flatten, plain, problems_by_field
from decision.kb.models import CONFIDENCE_TEXT, EVIDENCE_TEXT, STRENGTH_TEXT
from decision.recommendation import BasisView, Recommendation
from decision.views import text as render
from decision.views.handout import export_json, handout_html, handout_markdown, reference

STATUS_ALERT = {"urgent": "error", "caution": "warning", "information": "info", "on_track": "success"}
SEVERITY_ALERT = {"contraindication": "error", "caution": "warning", "screening_due": "info"}
SEVERITY_LABEL = {"contraindication": "Contraindication", "caution": "Caution", "screening_due": "Screening due"}


def md(text: Any) -> str:
    """Escape text for st.markdown (Markdown control characters and the $ that would start LaTeX)."""
    out = str(text)
    for ch in "\\`*_[]<>#|$~":
        out = out.replace(ch, "\\" + ch)
    return out


def _alert(kind: str, body: str) -> None:
    getattr(st, kind)(body)


def status_banner(rec: Recommendation) -> None:
    s = rec.status
    body = f"**Status: {md(s.title)}** (`{s.code}`)"
    if s.explanation:
        body += f"\n\n{md(s.explanation)}"
    if s.reassess:
        body += f"\n\nReassess after {md(s.reassess.after)}."
    _alert(STATUS_ALERT[s.severity], body)


def problems(items: Iterable[Problem], title: str = "The patient data has problems",
             note: str = "correct these and try again") -> None:
    """One st.error naming every field, what was expected there and what was found."""
    grouped = problems_by_field(list(items))
    lines = [f"**{title}** — {note}:"]
    for where, msgs in grouped.items():
        for m in msgs:
            lines.append(f"- `{where}`: {md(m)}")
    st.error("\n".join(lines))


def basis_markdown(kb, b: BasisView, *, with_references: bool = True) -> str:
    strength = STRENGTH_TEXT.get(b.strength, b.strength)
    evidence = EVIDENCE_TEXT.get(b.evidence, b.evidence)
    out = f"*Strength:* {md(strength)} · *evidence:* {md(evidence)} · *confidence:* " \
          f"{md(CONFIDENCE_TEXT.get(b.confidence, b.confidence))}"
    if b.expert_opinion:
        out = ":orange-background[**Expert opinion** — not a graded recommendation]  \n" + out
    if b.note:
        out += f"  \n*Note:* {md(b.note)}"
    if with_references:
        out += "\n" + "\n".join(f"  - **{md(s)}**: {md(reference(kb, s))}" for s in b.sources)
    return out


def _inputs_markdown(inputs: dict) -> str:
    return ", ".join(f"`{md(k)}` = {md(describe_value(plain(v)))}" for k, v in inputs.items())


def recommendation(kb, rec: Recommendation, *, key: str, answers: dict | None = None,
                   show_status: bool = True) -> None:
    """The full recommendation. ``key`` makes the export buttons' keys unique per page."""
    if show_status:
        status_banner(rec)
    if rec.warnings:
        st.markdown("#### Warnings — read first")
        for w in rec.warnings:
            body = f"**{SEVERITY_LABEL.get(w.severity, w.severity)}.** {md(w.message)}"
            if w.action_first:
                body += f"\n\n**First:** {md(w.action_first)}"
            if w.inputs:
                body += f"\n\n*Decided by:* {_inputs_markdown(w.inputs)}"
            body += "\n\n" + basis_markdown(kb, w.basis)
            _alert(SEVERITY_ALERT.get(w.severity, "warning"), body)

    st.markdown("#### Suggested actions")
    if not rec.actions:
        st.write("No action is suggested at this point.")
    for a in rec.actions:
        rank = f"#{a.rank} · " if a.rank else ""
        name = a.therapy_name or a.kind.capitalize()
        timing = f" — *{a.timing_note()}*" if a.timing_note() else ""
        with st.container(border=True):
            st.markdown(f"**{rank}{md(name)}** `{a.kind}`{timing}  \n{md(a.text)}")
            details = [f"- *{label.capitalize()}:* {md(text)}" for label, text in a.details()]
            if a.inputs:
                details.append(f"- *Decided by:* {_inputs_markdown(a.inputs)}")
            if details:
                st.markdown("\n".join(details))
            st.markdown(basis_markdown(kb, a.basis))

    if rec.not_suggested:
        st.markdown("#### Not suggested")
        for n in rec.not_suggested:
            st.markdown(f"- **{md(n.therapy_name)}** — {md(n.reason)} "
                        f"(*{md(STRENGTH_TEXT.get(n.basis.strength, n.basis.strength))}*; sources: "
                        f"{', '.join(md(s) for s in n.basis.sources)})"
                        + (f"  \n  *decided by:* {_inputs_markdown(n.inputs)}" if n.inputs else ""))

    plan = rec.glucocorticoid_plan
    if plan and "default" in plan:
        g = plan["default"]
        st.markdown("#### Glucocorticoid plan")
        st.markdown(f"- **{md(g['name'])}**: start {g['start_mg_day'][0]:g}–{g['start_mg_day'][1]:g} mg/day "
                    f"({md(g['calculation'])}); {md(g['high_dose_weeks'])}; taper: {md(g['taper'])}; "
                    f"target: {md(g['target'])}")
        for alt in plan.get("alternatives", []):
            st.markdown(f"- alternative **{md(alt['name'])}**: {alt['start_mg_day'][0]:g}–"
                        f"{alt['start_mg_day'][1]:g} mg/day; {md(alt['taper'])}")
    elif plan and plan.get("missing"):
        st.info(f"Glucocorticoid plan: {md(plan.get('note', 'more data needed'))}")
    if rec.response:
        st.markdown(f"#### Response on the current regimen\n{md(rec.response['explanation'])}")

    if rec.missing:
        st.markdown("#### Missing data and what it would change")
        st.dataframe(
            [{"field": m.field, "question": m.question, "unit": m.unit or "", "needed at": m.needed_at,
              "would change": "; ".join(m.would_change)} for m in rec.missing],
            hide_index=True, width="stretch", key=f"{key}_missing_table")

    with st.expander("Reasoning trace (every decision, the inputs that decided it, what was unknown)"):
        trace(kb, rec)
    st.caption(f"{md(rec.disclaimer)}  \nKnowledge base {rec.knowledge_base['id']} "
               f"{rec.knowledge_base['version']} · sha256 `{rec.knowledge_base['sha256']}`")
    if answers is not None:
        exports(kb, answers, rec, key=key)


def trace(kb, rec: Recommendation) -> None:
    for i, s in enumerate(rec.trace, 1):
        if s.kind == "decision":
            lines = [f"**{i}. {md(s.title)}** → *{md(s.taken_label)}*  \n{md(s.question or '')}"]
            for b in s.branches:
                if b.outcome == "not evaluated":
                    lines.append(f"  - {md(b.label)}: not evaluated")
                    continue
                icon = {"true": "✅", "false": "✖️", "unknown": "❓"}.get(b.outcome, "")
                extra = f" — decided by {_inputs_markdown(b.inputs)}" if b.inputs else ""
                missing = f" — missing: {', '.join(f'`{m}`' for m in b.missing)}" if b.missing else ""
                lines.append(f"  - {icon} {md(b.label)}: **{b.outcome}** (`{md(b.condition)}`){extra}{missing}")
            st.markdown("\n".join(lines))
        else:
            st.markdown(f"**{i}. {md(s.title)}** ({s.kind})" + (f"  \n{md(s.note)}" if s.note else ""))


def exports(kb, answers: dict, rec: Recommendation, *, key: str) -> None:
    st.markdown("#### Export")
    c1, c2, c3 = st.columns(3)
    c1.download_button("JSON (inputs, path, recommendation)", export_json(kb, answers, rec),
                       file_name="myositis-cds-recommendation.json", mime="application/json",
                       key=f"{key}_export_json")
    c2.download_button("Handout (Markdown)", handout_markdown(kb, answers, rec),
                       file_name="myositis-cds-handout.md", mime="text/markdown", key=f"{key}_export_md")
    c3.download_button("Handout (HTML, printable)", handout_html(kb, answers, rec),
                       file_name="myositis-cds-handout.html", mime="text/html", key=f"{key}_export_html")


def answers_table(answers: dict, *, key: str) -> None:
    rows = [{"field": f, "answer": describe_value(v)} for f, v in flatten(answers)]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key=key)
    else:
        st.caption("No answers yet.")


def pathway_dot(kb, rec: Recommendation | None, left_to_right: bool = True) -> str:
    """The CLI's DOT (``render.to_dot``), left to right (its default) or top to bottom."""
    return render.to_dot(kb, rec, rankdir="LR" if left_to_right else "TB")


def graph(kb, rec: Recommendation | None, *, left_to_right: bool = True) -> None:
    """The pathway graph with the walked path highlighted (use the chart's full-screen button to zoom)."""
    st.graphviz_chart(pathway_dot(kb, rec, left_to_right), width="stretch")
    st.caption("Walked path in bold blue. Diamonds: decisions; boxes: actions; octagons: outcomes. "
               "Fill colour: strength of recommendation (legend in the graph). Zoom: the chart's full-screen button (top right).")


def path_list(kb, rec: Recommendation) -> None:
    """The walked path in words: each node, and at decisions the branch taken."""
    lines = []
    for i, s in enumerate(rec.trace, 1):
        taken = f" → *{md(s.taken_label)}*" if s.kind == "decision" else ""
        lines.append(f"{i}. {md(s.title)}{taken}")
    st.markdown("\n".join(lines))


def node_rule(kb, node_id: str, rec: Recommendation | None = None) -> None:
    """Everything a reader needs to check one node: its rule, actions, basis and sources."""
    n = kb.nodes[node_id]
    st.markdown(f"### {md(n.title)}\n`{n.id}` · {n.kind} · step: {md(render.STEP_TITLES.get(n.step, n.step))}"
                + (f" · source location `{kb.locations[f'node:{n.id}']}`" if f"node:{n.id}" in kb.locations else ""))
    if n.question:
        st.markdown(f"**Question:** {md(n.question)}")
    if n.explanation:
        st.markdown(md(n.explanation))
    if n.branches:
        st.markdown("**Branches** (tried in order; the first that is true is taken):")
        rows = [{"#": str(i), "label": b.label, "condition": b.when.describe(), "goes to": b.to}
                for i, b in enumerate(n.branches, 1)]
        if n.unknown:
            rows.append({"#": "unknown", "label": "a branch is unknown", "condition": "missing data", "goes to": n.unknown})
        rows.append({"#": "otherwise", "label": "none true", "condition": "—", "goes to": n.otherwise})
        st.dataframe(rows, hide_index=True, width="stretch", key=f"node_branches_{n.id}")
    if n.actions:
        st.markdown("**Actions:**")
        for a in n.actions:
            therapy = f" — therapy `{a.therapy}`" if a.therapy else ""
            when = f" — only when `{md(a.when.describe())}`" if a.when is not None else ""
            timing = "" if a.timing == "now" else f" — *{a.timing.replace('_', ' ')}*"
            st.markdown(f"- `{a.kind}` {md(a.text)}{therapy}{timing}{when}")
    if n.select:
        st.markdown(f"**Selects therapies** from the `{n.select.ladder}` ladder, line *{n.select.line}* "
                    f"(up to {n.select.max_options} options), then applies the tailoring rules and safety gates.")
    for w in n.withhold:
        when = f" when `{md(w.when.describe())}`" if w.when is not None else ""
        st.markdown(f"**Withholds** {', '.join(f'`{t}`' for t in w.therapies)}{when}: {md(w.reason)}")
    if n.next:
        st.markdown(f"**Next:** `{n.next}`")
    if n.status:
        st.markdown(f"**Outcome status:** `{n.status}`")
    if n.reassess:
        st.markdown(f"**Reassess:** after {md(n.reassess.after)}, back to `{n.reassess.to}`")
    st.markdown("**Basis**\n\n" + basis_markdown(kb, _basis(n.basis)))
    if rec is not None:
        step = next((s for s in rec.trace if s.node == n.id), None)
        if step is None:
            st.caption("This node is not on the current patient's path.")
        elif step.kind == "decision":
            st.markdown(f"**For the current patient:** took *{md(step.taken_label)}*")
            for b in step.branches:
                extra = f" — decided by {_inputs_markdown(b.inputs)}" if b.inputs else ""
                missing = f" — missing: {', '.join(f'`{m}`' for m in b.missing)}" if b.missing else ""
                st.markdown(f"- {md(b.label)}: **{b.outcome}**{extra}{missing}")
        else:
            st.caption("This node is on the current patient's path.")


def _basis(b) -> BasisView:
    from decision.walk.rules import basis_view

    return basis_view(b)
