"""A drug added later that worked, beside one taken now that had not: the newest agent's outcome is the regimen's.

Round-11 audit: anti-SRP, methotrexate taken now and marked failed, rituximab and IVIG added later and marked
responded — the tool called it refractory and ranked cyclophosphamide first; with methotrexate stopped or marked
ongoing the same patient was "responding". The order of the courses (dates, or the file's order) decides which
agent is newest; a failure added after a response still fails the regimen.
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
SRP = {"diagnosis": {"subtype": "imnm", "ibm_features_excluded": True},
       "autoantibodies": [{"name": "srp", "result": "positive"}]}


def test_rituximab_added_to_a_failed_methotrexate_and_working_is_a_response():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 30, "failed", current=True),
                                           course("rituximab", 20, "responded", current=True), **SRP))
    assert rec.status.code == "responding"
    assert not [a for a in rec.actions if a.kind == "therapy" and a.line]


def test_the_same_read_whether_methotrexate_is_marked_failed_or_going_on():
    for mtx in ("failed", "ongoing"):
        rec = decision.recommend(KB, active_dm(course("methotrexate", 30, mtx, current=True),
                                               course("rituximab", 20, "responded", current=True), **SRP))
        assert rec.status.code == "responding", mtx


def test_a_drug_added_later_that_failed_still_fails_the_regimen():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 30, "responded", current=True),
                                           course("mycophenolate_mofetil", 16, "failed", current=True)))
    assert rec.status.code != "responding"
