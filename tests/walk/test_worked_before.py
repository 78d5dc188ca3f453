"""A drug that worked and was stopped is offered first again; a lapsed rituximab cycle is read as stopped.

Round-11 audit: methotrexate that worked for 30 weeks, stopped for a planned pregnancy, vanished from the answer
once azathioprine failed after delivery (neither offered nor listed as not suggested). Maintenance rituximab
marked current with its last dose 30 weeks ago was "already taken now", so the flare went on to IVIG and
cyclophosphamide, while the same history written as a stopped course that responded gave "rituximab now" (brief
§6: rituximab is repeated every 6–9 months, timed by B cells).
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _first(rec) -> str | None:
    ranked = [a for a in rec.actions if a.kind == "therapy" and a.rank]
    return ranked[0].therapy if ranked else None


def test_a_drug_that_worked_and_was_stopped_is_offered_first():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 30, "responded"),
                                           course("azathioprine", 16, "failed")))
    assert _first(rec) == "methotrexate"
    ranked = next(a for a in rec.actions if a.therapy == "methotrexate")
    assert "worked before" in ranked.ranking[0]


def test_a_drug_that_worked_then_failed_later_is_not():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 30, "responded"),
                                           course("methotrexate", 16, "failed"), course("azathioprine", 16, "failed")))
    assert "methotrexate" not in {a.therapy for a in rec.actions if a.kind == "therapy"}


HISTORY = (course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed"))


def test_a_lapsed_rituximab_cycle_reads_as_the_same_history_written_as_stopped():
    current = decision.recommend(KB, active_dm(*HISTORY, course("rituximab", 40, "responded", current=True,
                                                                last_dose="2026-04-24"), as_of="2026-11-20"))
    stopped = decision.recommend(KB, active_dm(*HISTORY, course("rituximab", 40, "responded",
                                                                last_dose="2026-04-24"), as_of="2026-11-20"))
    assert _first(current) == _first(stopped) == "rituximab"
    assert "cycle_lapsed" in {w.id for w in current.warnings}


def test_a_recent_rituximab_cycle_is_taken_now():
    rec = decision.recommend(KB, active_dm(*HISTORY, course("rituximab", 20, None, current=True,
                                                            last_dose="2026-09-01"), as_of="2026-11-20"))
    assert "cycle_lapsed" not in {w.id for w in rec.warnings}
    assert "rituximab" not in {a.therapy for a in rec.actions if a.kind == "therapy"}


def test_a_later_line_drug_that_worked_is_not_withheld_as_third_line_waits_round_12():
    for drug in ("rituximab", "cyclophosphamide", "tofacitinib"):
        rec = decision.recommend(KB, active_dm(course(drug, 30, "responded")))
        assert _first(rec) == drug, drug
        assert not any(n.therapy == drug for n in rec.not_suggested)
    never = decision.recommend(KB, active_dm())
    assert any(n.therapy == "rituximab" and "third-line therapy waits" in n.reason for n in never.not_suggested)


def test_a_cycle_whose_lapse_cannot_be_told_is_asked_about_round_12():
    rec = decision.recommend(KB, active_dm(*HISTORY, course("rituximab", 40, "responded", current=True,
                                                            last_dose="2024-11-01")))
    assert "as_of" in {m.field for m in rec.missing}
    dated = decision.recommend(KB, active_dm(*HISTORY, course("rituximab", 20, None, current=True,
                                                              last_dose="2026-09-01"), as_of="2026-11-20"))
    assert not {"as_of"} & {m.field for m in dated.missing}


def test_only_the_missing_date_of_a_cycle_is_asked_round_13():
    no_dose = decision.recommend(KB, active_dm(*HISTORY, course("rituximab", 40, "responded", current=True),
                                               as_of="2026-11-20"))
    asked = {m.field for m in no_dose.missing if m.needed_at == "cycle"}
    assert asked == {"therapies"}


def test_a_drug_with_a_caution_against_it_now_keeps_its_ordinary_place_round_13():
    man = {"sex": "male", "pregnancy": {"plans": "trying"}}
    rec = decision.recommend(KB, active_dm(*HISTORY, course("cyclophosphamide", 24, "responded"), **man))
    assert _first(rec) != "cyclophosphamide"
    plain = decision.recommend(KB, active_dm(*HISTORY, course("cyclophosphamide", 24, "responded"), sex="male",
                                             pregnancy={"plans": "none"}))
    assert _first(plain) == "cyclophosphamide"
