"""Fixes from the round-36 review (rules known wrong and left at the last stop, and the round-36 audit).

- A working drug that must stop is replaced from its own line or an untried line below it — never from a line
  that has already failed, unless this patient's tailoring prefers that agent (azathioprine when a pregnancy is
  planned, the compatible choice).
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
SCREENED = {"hepatitis_b": {"hbsag": "negative", "anti_hbc": "negative"}, "tuberculosis": {"test": "negative"}}
QUIET = {"muscle": {"active": False, "weakness": {"proximal": False, "trend": "stable"}},
         "labs": {"ck": {"value": 120, "uln": 200}, "egfr": 90, "thyroid_function": "normal"}, "mri": {"oedema": False}}


def _offered(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy" and a.therapy and a.rank is not None}


def _stopped_for_latent_tb(*history: dict, subtype: str = "pm") -> dict:
    """Tofacitinib working, then latent TB found untreated: the drug stops and is replaced."""
    return active_dm(*history, course("tofacitinib", 40, "responded", current=True),
                     **{**QUIET, "diagnosis": {"subtype": subtype, "ibm_features_excluded": True},
                        "hepatitis_b": SCREENED["hepatitis_b"], "tuberculosis": {"test": "positive", "treated": False}})


@pytest.mark.parametrize("failed", ["methotrexate", "azathioprine"])
def test_a_replacement_does_not_step_down_into_a_failed_line(failed):
    rec = decision.recommend(KB, _stopped_for_latent_tb(course(failed, 20, "failed")))
    offered = _offered(rec)
    assert offered and not offered & {"methotrexate", "azathioprine"}
    assert offered <= {"mycophenolate_mofetil", "tacrolimus", "cyclosporine", "ivig", "methotrexate_azathioprine"}


def test_an_untried_line_below_is_still_a_replacement():
    """Nothing failed below tofacitinib (taken first): the agents of the first line are the replacement."""
    rec = decision.recommend(KB, _stopped_for_latent_tb())
    assert _offered(rec) & {"methotrexate", "azathioprine"}


def test_a_planned_pregnancy_still_steps_down_to_azathioprine():
    """Mycophenolate working, a conception planned, methotrexate failed years ago: azathioprine, the compatible
    agent, is offered although the first line failed (round-33 audit)."""
    patient = active_dm(course("methotrexate", 20, "failed"),
                        course("mycophenolate_mofetil", 90, "responded", current=True),
                        **{**QUIET, **SCREENED, "pregnancy": {"status": "not_pregnant", "plans": "trying",
                                                              "breastfeeding": False, "contraception": False}})
    assert "azathioprine" in _offered(decision.recommend(KB, patient))


def test_a_step_down_is_not_labelled_as_a_line_failure():
    patient = active_dm(course("methotrexate", 20, "failed"),
                        course("mycophenolate_mofetil", 90, "responded", current=True),
                        **{**QUIET, **SCREENED, "pregnancy": {"status": "not_pregnant", "plans": "trying",
                                                              "breastfeeding": False, "contraception": False}})
    text = next(a.text for a in decision.recommend(KB, patient).actions if a.therapy == "azathioprine")
    assert "in place of a regimen that worked" in text and "after first-line failure" not in text


RPILD = {"present": True, "rapidly_progressive": True, "progressing": True, "symptomatic": True}


@pytest.mark.parametrize("history", [
    [course("mycophenolate_mofetil", 3, "intolerant")],  # the round-35 case: azathioprine came first
    [],  # a new rapidly progressive ILD
    [course("methotrexate", 20, "failed")],
])
def test_azathioprine_is_no_option_in_rapidly_progressive_ild(history):
    rec = decision.recommend(KB, active_dm(*history, ild=RPILD, **SCREENED, autoantibodies=[
        {"name": "jo1", "result": "positive"}, {"name": "mda5", "result": "negative"}]))
    assert "act_rpild" in rec.path
    assert "azathioprine" not in _offered(rec)
    assert "rapidly progressive ILD" in {n.therapy: n.reason for n in rec.not_suggested}["azathioprine"]
    assert _offered(rec) & {"rituximab", "cyclophosphamide", "tacrolimus", "mycophenolate_mofetil"}


def test_azathioprine_stays_a_first_line_option_for_an_ild_not_rapidly_progressive():
    rec = decision.recommend(KB, active_dm(ild={"present": True, "progressing": False, "symptomatic": True,
                                                 "rapidly_progressive": False}, **SCREENED))
    assert "act_rpild" not in rec.path
    assert "rapidly progressive ILD" not in {n.therapy: n.reason for n in rec.not_suggested}.get("azathioprine", "")


BULBAR = {"active": True, "weakness": {"proximal": True, "trend": "worsening"}, "dysphagia": "severe"}


@pytest.mark.parametrize("weeks, outcome", [(20, "failed"), (6, "failed"), (20, "partial")])
@pytest.mark.parametrize("muscle", [BULBAR, {**BULBAR, "dysphagia": "none", "respiratory_muscle_weakness": True}])
def test_an_emergency_says_what_becomes_of_the_failed_agent_taken_now(weeks, outcome, muscle):
    rec = decision.recommend(KB, active_dm(course("methotrexate", weeks, outcome, current=True), **SCREENED,
                                           muscle=muscle))
    assert rec.status.code == "emergency"
    assert "emergency_sparing_escalated" in {a.id for a in rec.actions}
    assert _offered(rec) - {"methotrexate"}  # beside the next line's agent


@pytest.mark.parametrize("outcome", [None, "responded"])
def test_an_agent_not_recorded_as_failing_is_judged_or_kept_not_escalated(outcome):
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, outcome, current=True), **SCREENED,
                                           muscle=BULBAR))
    assert "emergency_sparing_escalated" not in {a.id for a in rec.actions}
