"""A line skipped between two failures is offered before the line above it (round 11).

Before: methotrexate failed, then rituximab was given straight away and failed too. The line reached was "the
one after the highest line failed", so the patient was offered cyclophosphamide, RCI and tofacitinib while
mycophenolate, tacrolimus, cyclosporine and the methotrexate + azathioprine combination had never been tried.
The ladder puts the third line after a second-line failure, and the brief (13.5) says a fast response on
rituximab is no reason to skip second line. Lines below the lowest failure are not gone back to: active skin
after methotrexate and mycophenolate goes on to the skin ladder's third line (scenario P15), not back to
hydroxychloroquine.
"""

from __future__ import annotations

import pytest

import decision
from decision.walk.rules import _line_for
from tests.walk.patients import active_dm, course

KB = decision.load()
SECOND = set(KB.ladders["muscle"].steps[1].options)
THIRD_ONLY = set(KB.ladders["muscle"].steps[2].options) - SECOND


def _offered(rec) -> list:
    return [a for a in rec.actions if a.kind == "therapy" and a.line]


@pytest.mark.parametrize("early", ["rituximab", "cyclophosphamide", "tofacitinib"])
def test_second_line_comes_before_the_third_when_it_was_skipped(early):
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), course(early, 26, "failed")))
    offered = _offered(rec)
    assert offered and all(a.line == 2 for a in offered)
    assert offered[0].therapy in SECOND - {"ivig"}
    assert not {a.therapy for a in offered} & THIRD_ONLY
    name = KB.therapies[early].name
    assert all(f"line 2 was not tried before {name}" in " ".join(a.ranking) for a in offered)


def test_the_skipped_drug_taken_now_is_not_the_answer_either():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                           course("rituximab", 26, None, current=True)))
    offered = _offered(rec)
    assert offered and all(a.line == 2 for a in offered)


def test_once_second_line_has_failed_too_the_third_line_follows():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), course("rituximab", 26, "failed"),
                                           course("mycophenolate_mofetil", 16, "failed")))
    offered = _offered(rec)
    assert offered and offered[0].line == 3
    assert not any("was not tried before" in " ".join(a.ranking) for a in offered)
    assert "rituximab" not in {a.therapy for a in offered}


def test_a_third_line_drug_given_first_does_not_send_the_patient_back_to_first_line():
    assert _line_for(KB.ladders["muscle"], "next", frozenset({"rituximab"})) == 3


@pytest.mark.parametrize(("ladder", "failed", "line"), [
    ("muscle", {"methotrexate", "rituximab"}, 2),
    ("muscle", {"azathioprine", "cyclophosphamide"}, 2),
    ("muscle", {"methotrexate", "tacrolimus", "rituximab"}, 3),
    ("skin", {"methotrexate", "mycophenolate_mofetil"}, 3),  # P15: not back to hydroxychloroquine
    ("skin", {"hydroxychloroquine", "ivig"}, 2),
    ("arthritis", {"rituximab"}, 2),
])
def test_the_line_reached_fills_gaps_between_failures_only(ladder, failed, line):
    assert _line_for(KB.ladders[ladder], "next", frozenset(failed)) == line


@pytest.mark.parametrize("first_agent", ["rituximab", "cyclophosphamide", "tofacitinib", "mycophenolate_mofetil"])
def test_a_later_line_drug_not_tolerated_as_the_first_agent_switches_to_the_first_line(first_agent):
    """Round 11: rituximab given first and not tolerated, nothing failed: methotrexate or azathioprine next, not
    IVIG and cyclophosphamide (brief §2: intolerance is a switch within the line, not escalation)."""
    rec = decision.recommend(KB, active_dm(course(first_agent, 4, "intolerant")))
    offered = _offered(rec)
    assert offered and {a.therapy for a in offered} <= {"methotrexate", "azathioprine"}
    assert all(a.line == 1 for a in offered)


def test_an_intolerance_after_two_failed_lines_still_switches_within_the_third():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"),
                                           course("mycophenolate_mofetil", 16, "failed"),
                                           course("rituximab", 2, "intolerant")))
    offered = _offered(rec)
    assert offered and all(a.line == 3 for a in offered) and "rituximab" not in {a.therapy for a in offered}
