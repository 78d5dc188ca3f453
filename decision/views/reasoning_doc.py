"""The part of the clinical-basis document that explains how the walker reasons, in a clinician's words.

Kept apart from the node-by-node listing so the rules a reviewer must check — how unknown answers, organ
domains and ladder lines are handled — read as one short text, generated with the definitions they rely on.
"""

from __future__ import annotations


def how_the_pathway_is_walked(kb, basis) -> list[str]:
    escalating = ", ".join(f"`{s.code}`" for s in kb.pathway.statuses if s.escalates)
    out = [
        "## How the pathway is walked",
        "",
        "**Every answer is three-valued.** A fact the patient file does not give is *unknown*, never \"no\". Each "
        "decision evaluates all its branches and the trace shows every one as true, false or unknown, with the "
        "facts that decided it and those missing. Each unknown branch becomes a question with what its answer "
        "would change.",
        "",
        "**How a decision chooses.** Going down the branches in order up to the first true one, a branch marked "
        "*hold* that is unknown while one of its clues is present stops the walk at the decision's hold target: "
        "the questions that decide come first in the list, and no new immunosuppressive drug is suggested until "
        "they are answered. A held branch with no clue present does not stop the walk; its question is listed. "
        "Otherwise the first true branch is taken. If none is true and a branch is unknown, the walk goes to the "
        "decision's *unknown* target when it has one (usually an examination to do first), else to *otherwise*.",
        "",
        "**Held branches** are those whose truth would withhold or redirect escalation: another diagnosis (IBM, "
        "hypothyroid myopathy, statin myopathy, cancer not excluded), steroid myopathy, damage, pregnancy. When "
        "the knowledge base loads, a check proves that every path to an outcome that escalates therapy "
        f"({escalating}) passes every decision with a held branch. Organ- or life-threatening disease is "
        "escalated at triage on purpose, before these questions; the safety gates still apply there.",
        "",
        "**Plan ahead.** When the walk stops for a held question or an examination, a preview walks on as if the "
        "held questions were answered \"no\" and the examination showed active disease, and lists the therapies "
        "that would most likely follow and the pre-treatment checks to order now. It is labelled as not a "
        "suggestion.",
        "",
        "**Organ domains.** Step 1 (activity or damage) is judged for each domain from its own evidence: muscle, "
        "lung, skin and joints, by the definitions below. Any active domain is active disease; the status names "
        "the active domains, and the domain that leads chooses the ladder (the lung when it is active or "
        "symptomatic, then muscle, skin, joints). Damage and steroid myopathy are judged from their clues, not "
        "from one mandatory test.",
        "",
        "**Lines over the whole history.** The line *reached* is the one after the highest ladder line with a "
        "failed drug; when the walk concludes refractory disease, the agents taken now count as failed too. A "
        "new choice is drawn from that line; after an intolerance the switch stays within the line "
        "of the drug not tolerated but never below the line reached (so an intolerance after two failed lines "
        "switches within the third). A drug that failed, was not tolerated or is taken now is not suggested "
        "again from the ladder. IVIG is given with or without any line: a course of it neither makes a line nor "
        "counts as the steroid-sparing immunosuppressant that refractory disease needs. After switching or "
        "adding an agent, the regimen is judged once the newest agent has had 12 weeks. The latest course is the "
        "latest by start date when every course has one, else the last one listed. A line whose every option "
        "failed, was not tolerated or is taken now gives way to the next. A drug stopped with no outcome recorded is "
        "not offered again until its outcome is known. A patient on "
        "glucocorticoids alone gets a steroid-sparing agent now, not \"too early to call failure\". One new "
        "agent is suggested now; the others are listed as alternatives.",
        "",
        "**Safety gates and warnings.** Tailoring rules rank options; safety gates remove or flag them. A gate "
        "whose facts are unknown becomes a \"check before starting\" item naming what to record, never a silent "
        "pass. Contraindications and cautions come first, then the checks, grouped by the therapy they concern in "
        "the order the therapies are suggested; nothing is said about a therapy that is neither suggested nor "
        "taken.",
        "",
        "### Named definitions",
    ]
    for d in kb.pathway.definitions:
        domain = f" (domain: {d.domain})" if d.domain else ""
        out += ["", f"- **`{d.name}`**{domain} — {d.description.strip()}", f"  - when {d.when.describe()}",
                f"  - basis: {basis(d.basis)}"]
    return out
