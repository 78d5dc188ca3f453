"""A combination is judged by its components' history (variation audit).

Methotrexate + azathioprine was offered as a second-line option to a patient taking both drugs now, and to one
who had stopped methotrexate for intolerance: the history was read for the combination's own id only. A drug
not tolerated is not restarted inside a combination; taking every component now is taking the combination.
Having failed each drug alone does not use the combination up (it is the second-line option after them).
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
COMBO = "methotrexate_azathioprine"


def _offered(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"}


def _why(rec) -> dict[str, str]:
    return {n.therapy: n.reason for n in rec.not_suggested}


def test_a_component_stopped_for_intolerance_rules_the_combination_out():
    for intolerant in ("methotrexate", "azathioprine"):
        other = "azathioprine" if intolerant == "methotrexate" else "methotrexate"
        rec = decision.recommend(KB, active_dm(course(intolerant, 6, "intolerant"),
                                               course(other, 16, "failed", current=True)))
        assert rec.status.code == "refractory_active"
        assert COMBO not in _offered(rec)
        assert "stopped for intolerance" in _why(rec)[COMBO] and "contains" in _why(rec)[COMBO]


def test_taking_both_components_now_is_taking_the_combination():
    partial = decision.recommend(KB, active_dm(course("methotrexate", 16, "partial", current=True),
                                               course("azathioprine", 16, "partial", current=True)))
    assert COMBO not in _offered(partial)
    assert _why(partial)[COMBO] == "already taken now"
    # both failing together is the combination failing: a second-line option failed (round 10: one course or two)
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", current=True),
                                           course("azathioprine", 16, "failed", current=True)))
    assert COMBO not in _offered(rec)
    assert all(a.line == 3 for a in rec.actions if a.kind == "therapy" and a.line)


def test_each_drug_failed_alone_leaves_the_combination_on_offer():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                           course("azathioprine", 16, "failed", current=True)))
    assert rec.status.code == "refractory_active"
    assert COMBO not in _why(rec)  # not passed over by history (it may rank below the options shown)
