"""Predict then reveal: the reveal explains the walker's answer; scoring gives key-feature and partial credit."""

from __future__ import annotations

import pytest

from decision.teaching import stage_case
from decision.teaching.handout import answer_key_html, answer_key_markdown, case_html, case_markdown
from decision.teaching.models import Case, PanelItem
from decision.teaching.reveal import reveal, why_not_therapy
from decision.teaching.scoring import AnswerError, Summary, score_answer


def _q(staged, stage, ask):
    return next(q for q in staged.questions[stage - 1] if q.ask == ask)


def test_reveal_of_a_branch_names_the_deciding_values_and_the_other_branches(kb, cases):
    case = cases["D-dm-refractory-skin"]
    staged = stage_case(kb, case)
    q = _q(staged, 1, "check_domain")
    r = reveal(kb, case, q, staged.recommendations[0])
    assert r.answer == ("skin leads",)
    assert any(w.startswith("skin leads: true") and "skin.active = yes" in w for w in r.why)
    assert any(w.startswith("muscle leads: unknown") and "missing: mri.oedema" in w for w in r.why_not)
    assert r.sources and all(s.strength and s.evidence for s in r.sources)
    assert r.teaching_point and "skin ladder" in r.teaching_point
    assert r.node == "check_domain"


def test_reveal_of_a_held_decision_names_the_clue_and_what_to_ask(kb, cases):
    case = cases["P01-ibm-held"]
    staged = stage_case(kb, case)
    r = reveal(kb, case, _q(staged, 1, "check_mimics"), staged.recommendations[0])
    assert r.answer == ("hold — answer the open question first",)
    assert "muscle.weakness.finger_flexors = yes" in r.why[0] and "diagnosis.ibm_features_excluded" in r.why[0]
    assert _q(staged, 2, "check_domain").key == ("muscle leads",)


def test_why_not_a_therapy(kb, cases):
    staged = stage_case(kb, cases["E-mda5-rpild"])
    rec = staged.recommendations[0]
    assert "not suggested — not for anti-MDA5 rapidly progressive ILD" in why_not_therapy(kb, rec, "methotrexate")
    assert why_not_therapy(kb, rec, "pulse_methylprednisolone").startswith("IV methylprednisolone pulse: suggested")
    assert "ladder" in why_not_therapy(kb, rec, "hydroxychloroquine")


def test_branch_scoring_is_all_or_nothing(kb, cases):
    staged = stage_case(kb, cases["F-first-line-failure-mi2"])
    q = _q(staged, 1, "check_domain")
    assert score_answer(q, ["muscle leads"]).points == 1.0
    wrong = score_answer(q, ["skin leads"], confidence="certain")
    assert wrong.points == 0.0 and not wrong.correct and "muscle leads" in wrong.detail


def test_ranking_partial_credit_and_killer_errors(kb, cases):
    staged = stage_case(kb, cases["E-mda5-rpild"])
    rec = staged.recommendations[0]
    q = _q(staged, 1, "therapy_choice")
    assert q.key == ("pulse_methylprednisolone", "tacrolimus", "cyclophosphamide")
    assert score_answer(q, list(q.key), rec).points == 1.0
    swapped = score_answer(q, ["tacrolimus", "pulse_methylprednisolone"], rec)
    assert swapped.points == pytest.approx(1 / 3, abs=1e-3)  # two in the key, both out of place: 0.5 + 0.5 of 3
    assert score_answer(q, ["pulse_methylprednisolone"], rec).points == pytest.approx(1 / 3, abs=1e-3)
    bad = [o for o in q.options if o in {n.therapy for n in rec.not_suggested}][0]
    killer = score_answer(q, ["pulse_methylprednisolone", bad], rec)
    assert killer.points == 0.0 and killer.unsafe == (bad,)


def test_safety_checks_score_found_minus_wrong(kb, cases):
    staged = stage_case(kb, cases["KB-1-srp"])
    q = _q(staged, 1, "safety_checks")
    assert "latent_tb_other_biologics" in q.key  # HBsAg and anti-HBc negative in this case: no hepatitis B check
    assert score_answer(q, list(q.key)).points == 1.0
    distractor = next(o for o in q.options if o not in q.key)
    one = score_answer(q, [q.key[0], distractor])
    assert one.points == 0.0
    assert score_answer(q, [q.key[0]]).points == pytest.approx(round(1 / len(q.key), 3))


def test_answers_that_do_not_fit_are_refused_with_the_field(kb, cases):
    staged = stage_case(kb, cases["F-first-line-failure-mi2"])
    with pytest.raises(AnswerError, match="F-first-line-failure-mi2/1/check_domain: choice: expected one of"):
        score_answer(_q(staged, 1, "check_domain"), ["lung"])
    with pytest.raises(AnswerError, match="one to 3 therapies"):
        q = _q(staged, 1, "therapy_choice")
        score_answer(q, list(q.options[:4]))
    with pytest.raises(AnswerError, match="confidence"):
        score_answer(_q(staged, 1, "check_domain"), ["muscle leads"], confidence="very")


def test_concordance_with_a_panel(kb, cases):
    """Illustrative panel counts for the test only: no shipped case carries a panel (none has been run)."""
    staged = stage_case(kb, cases["F-first-line-failure-mi2"])
    panel = PanelItem(stage=1, ask="check_domain", answers={"muscle leads": 6, "skin leads": 4},
                      source="test fixture, not a real panel")
    q = _q(staged, 1, "check_domain")
    assert score_answer(q, ["skin leads"], panel=panel).concordance == pytest.approx(0.4)
    assert score_answer(q, ["muscle leads"], panel=panel).concordance == pytest.approx(0.6)
    data = cases["F-first-line-failure-mi2"].model_dump()
    data["panel"] = [{"stage": 1, "ask": "check_domain", "answers": {"x": 1}, "source": "test"}]
    assert Case.model_validate(data).panel[0].answers == {"x": 1}


def test_summary_lists_missed_decisions_with_their_node(kb, cases):
    staged = stage_case(kb, cases["A-damage-not-activity"])
    s1 = score_answer(_q(staged, 1, "check_activity"), ["damage"], confidence="certain")
    s2 = score_answer(_q(staged, 2, "check_activity"), ["damage"])
    summary = Summary((s1, s2))
    assert summary.points == 1.0 and summary.maximum == 2
    assert [m.node for m in summary.missed] == ["check_activity"] and summary.overconfident == (s1,)


def test_handout_has_no_answers_and_the_key_does(kb, cases):
    case = cases["G-pregnancy"]
    handout = case_markdown(kb, case)
    assert "Answer:" not in handout and "Question 1.1" in handout
    key = answer_key_markdown(kb, case)
    assert "Answer: pregnant" in key and "Why: pregnant: true" in key
    tricky = case.model_copy(update={"title": "<script>alert(1)</script>"})
    page = case_html(kb, tricky) + answer_key_html(kb, tricky)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_review_queue_brings_misses_back_and_retires_them():
    from decision.teaching.review import after_answer, due

    q = after_answer((), "c/1/check_domain", False, now=1)
    assert due(q, 2) == () and [i.uid for i in due(q, 3)] == ["c/1/check_domain"]
    for now in (3, 10, 30, 60):
        q = after_answer(q, "c/1/check_domain", True, now)
    assert q == ()
    assert after_answer((), "c/1/x", True, 1) == ()
