"""The latest course is the latest by date, not the last one written.

Whether the patient is switching after an intolerance or escalating after a failure depends on which course came
last. With start dates, the file's order must not matter: a history written newest first reads as one written
oldest first. Without dates, the file's order is the only evidence and is used.
"""

from __future__ import annotations

import itertools

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _course(drug: str, outcome: str, start: str | None, weeks: float = 16) -> dict:
    return course(drug, weeks, outcome, start=start)


def _status(courses: list[dict]) -> str:
    return decision.recommend(KB, active_dm(*courses)).status.code


def test_with_dates_every_order_of_the_same_history_gives_the_same_answer():
    for latest_intolerant, expected in ((True, "intolerance"), (False, "refractory_active")):
        mtx = _course("methotrexate", "failed", "2024-01-01")
        mmf = _course("mycophenolate_mofetil", "intolerant" if latest_intolerant else "failed", "2025-03-01",
                      weeks=4 if latest_intolerant else 16)
        aza = _course("azathioprine", "failed", "2023-02-01")
        for order in itertools.permutations([mtx, mmf, aza]):
            assert _status(list(order)) == expected, ([c["drug"] for c in order], latest_intolerant)


def test_an_old_intolerance_written_last_is_not_the_latest_course():
    aza_failed = _course("azathioprine", "failed", "2024-01-01")
    mtx_intolerant = _course("methotrexate", "intolerant", "2023-06-01", weeks=3)
    assert _status([aza_failed, mtx_intolerant]) == "refractory_active"


def test_without_dates_the_file_order_decides():
    failed = _course("methotrexate", "failed", None)
    intolerant = _course("mycophenolate_mofetil", "intolerant", None, weeks=4)
    assert _status([failed, intolerant]) == "intolerance"
    assert _status([intolerant, failed]) == "refractory_active"
