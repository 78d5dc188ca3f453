"""A response seen in the muscle does not hide an active lung.

Step 1 is judged for each organ domain (brief §13.1), and the lung leads when it is active. Variations of P11
(ILD progressing, muscle quiet) with the current regimen stated as responded: the lung active, the lung quiet,
and the lung not recorded.
"""

from __future__ import annotations

from example_patients import example

import decision

KB = decision.load()


def _responded(p: dict) -> dict:
    courses = [dict(c, outcome="responded") if c.get("current", True) and c["drug"] != "glucocorticoids" else c
               for c in p["therapies"]]
    return {**p, "therapies": courses}


def test_a_response_with_the_lung_active_is_not_called_responding():
    rec = decision.recommend(KB, _responded(example("P11")))
    assert rec.status.code != "responding"
    assert "lung" in rec.status.domains


def test_a_response_with_the_lung_quiet_or_not_recorded_is_responding():
    p11 = _responded(example("P11"))
    quiet = {**p11, "ild": {"present": False}}
    assert decision.recommend(KB, quiet).status.code == "responding"
    unrecorded = {k: v for k, v in p11.items() if k != "ild"}
    assert decision.recommend(KB, unrecorded).status.code == "responding"
