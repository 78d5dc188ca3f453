"""A treatment failure is never read as "not met" from a course whose outcome nobody recorded (variation audit).

NCT04946669 and ProDERM admit patients whose immunosuppressant failed or was not tolerated. A methotrexate course
with no outcome made the criterion *not met* ("not eligible"), while ``recommend`` called the same patient
refractory from other data. measures.md section 6: an unknown criterion is never "not met".
"""

from __future__ import annotations

import pytest

from .helpers import criterion

GC = {"drug": "glucocorticoids", "weeks": 30, "current": True}


def _mtx(**extra):
    return {"therapies": [GC, {"drug": "methotrexate", "weeks": 30, "current": True, **extra}]}


def test_an_unrecorded_outcome_leaves_failure_unknown(kb):
    assert criterion(kb, "nct04946669", "failed_or_intolerant", _mtx()).status == "unknown"


@pytest.mark.parametrize(("extra", "expected"), [
    ({"outcome": "failed"}, "met"),
    ({"outcome": "intolerant", "current": False}, "met"),
    ({"outcome": "responded"}, "not_met"),
])
def test_a_recorded_outcome_settles_it(kb, extra, expected):
    assert criterion(kb, "nct04946669", "failed_or_intolerant", _mtx(**extra)).status == expected


def test_a_known_failure_is_not_undone_by_another_unrecorded_course(kb):
    patient = {"therapies": [GC, {"drug": "methotrexate", "weeks": 20, "current": False, "outcome": "failed"},
                             {"drug": "mycophenolate_mofetil", "weeks": 8, "current": True}]}
    assert criterion(kb, "nct04946669", "failed_or_intolerant", patient).status == "met"
