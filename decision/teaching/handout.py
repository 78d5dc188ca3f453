"""Printable case handout and a separate answer key, in Markdown and HTML, from the same blocks.

The handout carries the story, each stage and its questions with their options — no answers — so it can be
given out before a session; the answer key (from the walker) with reasoning and sources is a separate page.
Both are built once as blocks and rendered twice; HTML escapes every piece of text, case authors' included.
"""

from __future__ import annotations

import html

from decision.teaching.models import Case
from decision.teaching.reveal import reveal
from decision.teaching.staging import stage_case

Block = tuple[str, object]  # ("h1"|"h2"|"h3"|"p"|"ul", text or list of texts)

_CSS = ("body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.4}"
        "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc}@media print{a{color:black}}")


def _case_blocks(kb, case: Case) -> list[Block]:
    staged = stage_case(kb, case)
    blocks: list[Block] = [("h1", case.title), ("p", f"Difficulty: {case.difficulty}. Tags: {', '.join(case.tags)}."),
                           ("h2", "Learning objectives"), ("ul", list(case.objectives)), ("h2", "Story"),
                           ("p", case.story)]
    for i, stage in enumerate(case.stages):
        blocks += [("h2", f"Stage {i + 1}: {stage.title}"), ("p", stage.text)]
        for n, q in enumerate(staged.questions[i], 1):
            blocks += [("h3", f"Question {i + 1}.{n}: {q.prompt}"), ("ul", [q.labels[o] for o in q.options])]
    return blocks


def _key_blocks(kb, case: Case) -> list[Block]:
    staged = stage_case(kb, case)
    blocks: list[Block] = [("h1", f"Answer key — {case.title}"),
                           ("p", f"From the knowledge base {kb.metadata.id} {kb.metadata.version}; the answers "
                                 "are the walker's, not written in the case.")]
    for i, stage in enumerate(case.stages):
        blocks.append(("h2", f"Stage {i + 1}: {stage.title} — status: {staged.recommendations[i].status.title}"))
        for n, q in enumerate(staged.questions[i], 1):
            r = reveal(kb, case, q, staged.recommendations[i])
            blocks += [("h3", f"Question {i + 1}.{n}: {q.prompt}"),
                       ("p", "Answer: " + (", ".join(q.labels.get(a, a) for a in r.answer) or "—")),
                       ("ul", [f"Why: {w}" for w in r.why] + [f"Why not: {w}" for w in r.why_not]),
                       ("p", "Sources: " + "; ".join(f"{s.id} ({s.strength}, evidence {s.evidence})"
                                                    for s in r.sources))]
            if r.teaching_point:
                blocks.append(("p", f"Teaching point: {r.teaching_point}"))
    blocks.append(("h2", "Teaching points"))
    blocks.append(("ul", [f"{tp.text} [{', '.join(tp.sources)}]" for tp in case.teaching_points]))
    return blocks


def _markdown(blocks: list[Block]) -> str:
    out = []
    for kind, body in blocks:
        if kind == "ul":
            out.append("\n".join(f"- {item}" for item in body))  # type: ignore[attr-defined]
        else:
            prefix = {"h1": "# ", "h2": "## ", "h3": "### ", "p": ""}[kind]
            out.append(f"{prefix}{body}")
    return "\n\n".join(out) + "\n"


def _html(blocks: list[Block], title: str) -> str:
    parts = []
    for kind, body in blocks:
        if kind == "ul":
            items = "".join(f"<li>{html.escape(str(x))}</li>" for x in body)  # type: ignore[attr-defined]
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<{kind}>{html.escape(str(body))}</{kind}>")
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>\n")


def case_markdown(kb, case: Case) -> str:
    return _markdown(_case_blocks(kb, case))


def answer_key_markdown(kb, case: Case) -> str:
    return _markdown(_key_blocks(kb, case))


def case_html(kb, case: Case) -> str:
    return _html(_case_blocks(kb, case), case.title)


def answer_key_html(kb, case: Case) -> str:
    return _html(_key_blocks(kb, case), f"Answer key — {case.title}")
