"""Ciclosporin beside methotrexate in juvenile DM (SHARE 2017, 1B/A), so a child is never left on steroids alone.

Round-11 audits: a new JDM patient whose methotrexate was ruled out (eGFR 25, or a breastfeeding 16-year-old)
got glucocorticoids and nothing else; a child who did not tolerate methotrexate was offered azathioprine only,
the adult first line, though SHARE names ciclosporin.
"""

from __future__ import annotations

from typing import Any

import pytest

import decision
from tests.walk.patients import course

KB = decision.load()


def jdm(**changes: Any) -> dict:
    base = {"age": 14, "sex": "female", "diagnosis": {"subtype": "jdm"}, "ild": {"present": False},
            "muscle": {"active": True, "dysphagia": "none", "respiratory_muscle_weakness": False},
            "skin": {"active": True, "gottron_papules": True, "ulcers": False}, "labs": {"egfr": 100},
            "pregnancy": {"status": "not_pregnant", "plans": "none", "breastfeeding": False, "contraception": True},
            "treatment_naive": True}
    return {**base, **changes}


def _therapies(rec) -> dict[str, str]:
    return {a.therapy: a.timing for a in rec.actions if a.kind == "therapy"}


@pytest.mark.parametrize("changes", [
    {"labs": {"egfr": 25}},
    {"pregnancy": {"status": "not_pregnant", "plans": "none", "breastfeeding": True, "contraception": True},
     "age": 16},
])
def test_a_new_jdm_whose_methotrexate_is_ruled_out_still_gets_a_steroid_sparing_agent(changes):
    rec = decision.recommend(KB, jdm(**changes))
    offered = _therapies(rec)
    assert "methotrexate" not in offered and offered.get("cyclosporine") == "now"  # the regimen's agent now
    assert "regimen_incomplete" not in {w.id for w in rec.warnings}


def test_a_new_jdm_keeps_methotrexate_first():
    offered = _therapies(decision.recommend(KB, jdm()))
    assert offered["methotrexate"] == "now" and offered["cyclosporine"] == "alternative"


def test_a_child_not_tolerating_methotrexate_is_offered_ciclosporin():
    rec = decision.recommend(KB, jdm(treatment_naive=None, skin={"active": False}, therapies=[
        {"drug": "glucocorticoids", "weeks": 10, "current": True}, course("methotrexate", 6, "intolerant")]))
    assert "cyclosporine" in _therapies(rec)


def test_an_adult_is_not_offered_ciclosporin_at_first_line():
    from tests.walk.patients import active_dm
    rec = decision.recommend(KB, active_dm(course("methotrexate", 4, "intolerant")))
    assert "cyclosporine" not in _therapies(rec)
