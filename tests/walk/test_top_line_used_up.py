"""When every option of the last line is used up, the answer says so and offers what was never tried (round 10).

Before: a patient who had failed methotrexate, mycophenolate, rituximab, IVIG, cyclophosphamide, RCI and
tofacitinib (abatacept not favoured in DM) was told "Refractory active disease — change therapy along the ladder"
with no drug and no word that the ladder was used up, while tacrolimus, cyclosporine, azathioprine and the
methotrexate + azathioprine combination had never been tried.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
TOP = ("rituximab", "ivig", "cyclophosphamide", "repository_corticotropin", "tofacitinib")


def _history(*extra):
    return [course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed"),
            *(course(d, 24, "failed") for d in TOP), *extra]


def test_untried_earlier_agents_are_offered_with_the_reason_said():
    rec = decision.recommend(KB, active_dm(*_history()))
    offered = [a for a in rec.actions if a.kind == "therapy" and a.line]
    assert offered and all(a.line < 3 for a in offered)
    assert not {a.therapy for a in offered} & {"methotrexate", "mycophenolate_mofetil", *TOP}
    assert all("not yet tried" in a.ranking[0] for a in offered)
    used_up = next(w for w in rec.warnings if w.id == "ladder_used_up")
    assert "agents of earlier lines not yet tried" in used_up.message and used_up.basis.expert_opinion


def test_nothing_left_at_all_is_said_too():
    everything = [course(d, 16, "failed") for s in KB.ladders["muscle"].steps for d in s.options]
    rec = decision.recommend(KB, active_dm(*everything))
    assert not [a for a in rec.actions if a.kind == "therapy" and a.line]
    assert "No agent of the ladder is left" in next(w for w in rec.warnings if w.id == "ladder_used_up").message


def test_a_line_with_options_left_says_nothing_of_the_kind():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                           course("mycophenolate_mofetil", 16, "failed", True)))
    assert not any(w.id == "ladder_used_up" for w in rec.warnings)
