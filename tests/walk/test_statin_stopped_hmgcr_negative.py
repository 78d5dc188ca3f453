"""A statin stopped, anti-HMGCR negative: a toxic statin myopathy does not explain persistent disease (round 11).

Before: a seronegative necrotising myopathy with a statin stopped years ago and anti-HMGCR tested negative was
held for good with "test anti-HMGCR; stop the statin" — both already done, and no field could release it. A
toxic statin myopathy is self-limited once the statin stops (brief 13.5), so it explains the disease only while
the statin is still taken; an untested anti-HMGCR is still tested first.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def seronegative(statin: str, *tested: str) -> dict:
    return active_dm(course("methotrexate", 16, "failed"), exposures={"statin": statin},
                     diagnosis={"subtype": "imnm", "ibm_features_excluded": True},
                     autoantibodies=[{"name": a, "result": "negative"} for a in tested])


@pytest.mark.parametrize(("statin", "tested", "diverted"), [
    ("past", ("hmgcr", "srp"), False),  # stopped, tested negative: the disease is not the statin's
    ("current", ("hmgcr", "srp"), True),  # still taken: stop it and see
    ("past", ("srp",), True),  # anti-HMGCR never tested: test it first
])
def test_statin_mimic(statin, tested, diverted):
    rec = decision.recommend(KB, seronegative(statin, *tested))
    assert ("act_mimic_statin" in rec.path) is diverted
    if not diverted:
        assert [a for a in rec.actions if a.kind == "therapy" and a.line]
