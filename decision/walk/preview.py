"""Plan ahead: when the walk stops for a question or an examination, what would most likely come next.

A clinic does not wait for one result before ordering the next: while an MRI or a neuromuscular review is
pending, the hepatitis B and TB tests that the likely next drug needs can be done. So when the walk holds a
branch or takes an ``unknown`` target, a second walk assumes the answers that would let it go on (each held
question answered "no", unless the decision names it as its ``preview``; each examination showing what the
decision names as its ``preview``) and reports the
therapies it would reach and their pre-treatment checks. It is labelled as what it is: not a suggestion yet.
"""

from __future__ import annotations

from decision.recommendation import Preview, PreviewTherapy
from decision.walk.rules import MissingBook


def preview_for(kb, facts, stopped) -> Preview | None:
    from decision.walk.walker import therapies_of, walk

    assumes = [f"{h.question} — '{h.branch}'" if kb.nodes[h.node].preview == h.branch
               else f"{h.question} — not '{h.branch}'" for h in stopped.held]
    for node_id in stopped.stopped_at:
        node = kb.nodes[node_id]
        if node.preview:
            assumes.append(f"{node.question} — '{node.preview}'")
    book = MissingBook()  # the preview's own questions are the ones already listed
    ahead = walk(kb, facts, book, preview=True)
    if ahead.outcome is None or ahead.outcome.id == stopped.outcome.id:
        return None
    result = therapies_of(kb, facts, ahead, book)
    therapies = tuple(PreviewTherapy(a.therapy, a.therapy_name or a.therapy, a.line, a.timing)
                      for a in result.actions if a.kind == "therapy" and a.therapy)
    ids = {t.therapy for t in therapies}
    order_now = tuple(w for w in result.warnings if set(w.therapies) & ids)
    return Preview(tuple(assumes), ahead.outcome.status or "", ahead.outcome.title, therapies, order_now)
