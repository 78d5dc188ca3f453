"""decision.views.text and decision.views.reading: the terminal view fits the terminal and leads with the decision."""

from __future__ import annotations

import re

import pytest
from example_patients import all_letters, example

import decision
from decision.views.reading import checks_and_cautions, first_actions, md_escape, route, warning_text
from decision.views.text import to_text

SCREEN = 24  # lines of a classic terminal: the status and the first actions must be on it


@pytest.mark.parametrize("letter", all_letters())
def test_text_fits_a_100_column_terminal_and_leads_with_status_and_first_actions(kb, letter):
    rec = decision.recommend(kb, example(letter))
    for details in (False, True):
        out = to_text(rec, kb=kb, details=details)
        assert max(len(line) for line in out.splitlines()) <= 100
        first_screen = "\n".join(out.splitlines()[:SCREEN])
        assert rec.status.title[:40] in first_screen
        for a in first_actions(rec, 1 if details else 2):
            assert (a.therapy_name or a.kind.capitalize()) in first_screen
    short, long = to_text(rec, kb=kb), to_text(rec, kb=kb, details=True)
    assert len(short.splitlines()) < len(long.splitlines())
    assert "ROUTE" not in short and "ROUTE" in long


def test_unknown_data_reads_as_a_check_never_as_a_finding(kb):
    patient = {k: v for k, v in example("P03").items() if k != "hepatitis_b"}  # third line, HBV not tested
    rec = decision.recommend(kb, patient)
    _, due = checks_and_cautions(rec)
    hbv = next(w for w in due if w.id == "hepatitis_b_reactivation")
    text = warning_text(kb, hbv, rec)
    assert text.startswith("Not yet known: Hepatitis B surface antigen (HBsAg), Hepatitis B core antibody (anti-HBc)")
    assert re.search(r"check before starting [^:]*Rituximab", text) and "If it turns out" in text
    assert "hbv_exposed" not in text
    out = to_text(rec, kb=kb)
    assert out.index("CHECK BEFORE STARTING") > out.index("ACTIONS")


def test_the_route_lists_each_decision_with_the_branches_not_taken(kb):
    rec = decision.recommend(kb, example("A"))
    decisions = route(rec, kb)
    assert [d.node for d in decisions] == [s.node for s in rec.trace if s.kind == "decision"]
    for d, step in zip(decisions, [s for s in rec.trace if s.kind == "decision"], strict=True):
        assert d.taken == (step.taken_label or "none of the branches")
        assert {b.label for b in d.branches} == {b.label for b in step.branches}
        assert all(b.label != d.taken for b in d.not_taken)


def test_one_markdown_escaper_neutralises_markup_and_latex():
    assert md_escape("a_b *c* [d](e) <f> #g |h| $i$ ~j~ `k` \\") == (
        "a\\_b \\*c\\* \\[d\\](e) \\<f\\> \\#g \\|h\\| \\$i\\$ \\~j\\~ \\`k\\` \\\\")


@pytest.mark.parametrize("letter", all_letters())
def test_the_inputs_behind_an_action_are_listed_once_not_again_for_the_next(kb, letter):
    """Twenty inputs repeated under every action buried the plan: an action that rests on the same inputs as the
    one before says so in one line, and every other list is printed whole."""
    from decision.views.reading import action_why

    rec = decision.recommend(kb, example(letter))
    out = to_text(rec, kb=kb, details=True)
    whys = [action_why(a, kb) for a in rec.actions]
    pointers = re.findall(r"For this patient: as for action (\d+)", out)
    expected = []
    for i, why in enumerate(whys):
        if why and i > 0 and why == whys[i - 1]:  # points to the first of the run, which printed the list
            first = i
            while first > 0 and whys[first - 1] == why:
                first -= 1
            expected.append(str(first + 1))
    assert pointers == expected
    lists = [ln for ln in out.splitlines() if ln.strip().startswith("For this patient:") and "as for action" not in ln]
    assert len(lists) == sum(1 for i, w in enumerate(whys) if w and (i == 0 or w != whys[i - 1]))
