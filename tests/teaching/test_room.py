"""Room mode in plain Python: join, answer, tally, reveal, most-split debrief, anonymous CSV, expiry, threads."""

from __future__ import annotations

import threading

import pytest

import decision
from decision.teaching import load_cases, stage_case
from decision.teaching.debrief import debrief
from decision.teaching.room import Registry, RoomError, answers_csv, most_split, split
from decision.teaching.scoring import AnswerError


@pytest.fixture(scope="module")
def staged():
    kb = decision.load()
    return kb, stage_case(kb, load_cases(kb)["F-first-line-failure-mi2"])


def test_a_session_with_three_learners(staged):
    kb, s = staged
    reg = Registry()
    code = reg.create("F-first-line-failure-mi2")
    assert len(code) == 4 and code.isalpha()
    for nick in ("Ana", "Ben", "Chi"):
        reg.join(code.lower(), nick)
    with pytest.raises(RoomError, match="a nickname nobody in the room uses yet"):
        reg.join(code, "ana")
    activity, domain = s.questions[0][0], s.questions[0][1]
    with pytest.raises(RoomError, match="a question the facilitator has opened"):
        reg.answer(code, "Ana", domain, ("muscle leads",))
    reg.show(code, activity.uid, True)
    for nick in ("Ana", "Ben", "Chi"):
        reg.answer(code, nick, activity, ("active disease",))
    reg.show(code, domain.uid, True)
    reg.answer(code, "Ana", domain, ("muscle leads",))
    reg.answer(code, "Ben", domain, ("skin leads",), "certain")
    reg.answer(code, "Chi", domain, ("skin leads",))
    view = reg.view(code)
    assert view.tally(domain)["skin leads"] == 2 and view.tally(domain)["muscle leads"] == 1
    reg.reveal(code, domain.uid)
    view = reg.view(code)
    assert domain.uid in view.revealed and not view.open
    assert most_split(view, s.all_questions()) == domain
    phases = debrief(kb, s, view)
    assert [p.phase for p in phases] == ["Reactions", "Description", "Analysis", "Summary"]
    analysis = " ".join(phases[2].prompts)
    assert "Commonest other answer: skin leads (2)" in analysis
    assert "Why the pathway did not take it: skin leads" in analysis
    table = answers_csv(view, s.all_questions())
    assert "Ana" not in table and "Ben" not in table
    assert "learner 2,F-first-line-failure-mi2/1/check_domain,check_domain,skin leads,certain,0.0,muscle leads" in table
    assert table.count("\n") == 1 + 6


def test_bad_codes_nicknames_and_answers_are_refused(staged):
    _, s = staged
    reg = Registry()
    with pytest.raises(RoomError, match="join code"):
        reg.join("ZZZZ", "Ana")
    code = reg.create("F")
    with pytest.raises(RoomError, match="nickname"):
        reg.join(code, "<b>x</b>")
    reg.join(code, "Ana")
    q = s.questions[0][1]
    reg.show(code, q.uid, True)
    with pytest.raises(AnswerError, match="expected one of"):
        reg.answer(code, "Ana", q, ("lungs",))
    with pytest.raises(RoomError, match="a learner who joined"):
        reg.answer(code, "Eve", q, ("muscle leads",))


def test_rooms_expire_without_activity():
    now = [0.0]
    reg = Registry(ttl=60, clock=lambda: now[0])
    code = reg.create("F")
    now[0] = 59
    reg.view(code)
    now[0] = 100
    assert len(reg) == 1
    now[0] = 200
    assert len(reg) == 0
    with pytest.raises(RoomError):
        reg.view(code)


def test_concurrent_answers_are_all_counted(staged):
    _, s = staged
    reg = Registry()
    code = reg.create("F")
    q = s.questions[0][1]
    names = [f"L{i}" for i in range(40)]
    for n in names:
        reg.join(code, n)
    reg.show(code, q.uid, True)
    threads = [threading.Thread(target=reg.answer, args=(code, n, q, ("muscle leads",))) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert reg.view(code).tally(q)["muscle leads"] == 40


def test_split_index():
    assert split({"a": 3, "b": 0}) == 0.0
    assert split({"a": 2, "b": 2}) == pytest.approx(1.0)
    assert 0 < split({"a": 3, "b": 1, "c": 0}) < 1
