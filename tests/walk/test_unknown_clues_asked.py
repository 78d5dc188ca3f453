"""A clue left unknown is a question too: if present it would hold escalation, so it is asked.

Anti-MDA5 ILD with its pace and every poor-prognosis marker unrecorded goes on (nothing says it might be rapidly
progressive), but ferritin and ground glass are asked beside the pace, with what they would change (second
variation audit). The same holds for every held branch: its unknown clues are listed.
"""

from __future__ import annotations

from example_patients import example

import decision

KB = decision.load()


def test_unrecorded_mda5_markers_are_asked_with_what_they_would_change():
    e = example("E")
    rec = decision.recommend(KB, {**e, "labs": {}, "ild": {"present": True}})
    asked = {m.field: m for m in rec.missing}
    assert {"ild.rapidly_progressive", "labs.ferritin", "ild.ground_glass_all_zones"} <= set(asked)
    assert any("holds escalation" in w for w in asked["labs.ferritin"].would_change)


def test_every_unknown_held_branch_asks_its_unknown_clues():
    for letter in ("F", "J", "P02", "P05", "P27"):
        rec = decision.recommend(KB, example(letter))
        asked = {m.field for m in rec.missing}
        for step in rec.trace:
            node = KB.nodes[step.node]
            for branch, bt in zip(node.branches, step.branches, strict=True):
                if branch.on_unknown == "hold" and bt.outcome == "unknown" and not bt.clues:
                    cue = decision.walk.conditions.evaluate(branch.clues, decision.walk.walker.facts_for(
                        KB, decision.parse_patient(example(letter))))
                    fields = set(decision.walk.rules.asked_fields(KB, cue.missing))
                    assert fields <= asked, (letter, step.node, branch.label, fields - asked)
