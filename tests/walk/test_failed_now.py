"""A drug taken now whose own course failed is not "continued"; "if insufficient" is now once the regimen failed.

Round-11 audit: the round-10 rule that turns a node's drug the patient already takes into "continue it" did not
look at the course's outcome. An anti-HMGCR patient on IVIG recorded failed was told "continue IVIG (taken now)"
beside "IVIG: already failed", with rituximab only "if insufficient"; a pregnant woman whose azathioprine had
failed was told to continue it, IVIG "if insufficient"; severe dysphagia with IVIG failed got a pulse and nothing
else (brief §2: failure means change; §2 exception row: escalate now; §13.5: rituximab once IVIG is insufficient).
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
PREGNANT = {"status": "pregnant", "gestation_weeks": 14, "breastfeeding": False}
HMGCR = {"diagnosis": {"subtype": "imnm", "ibm_features_excluded": True}, "exposures": {"statin": "past"},
         "autoantibodies": [{"name": "hmgcr", "result": "positive"}]}


def _plans(rec) -> str:
    return " ".join(a.text for a in rec.actions if a.kind == "plan")


def _timing(rec, therapy) -> str | None:
    return next((a.timing for a in rec.actions if a.kind == "therapy" and a.therapy == therapy), None)


@pytest.mark.parametrize("outcome", ["failed", None])
def test_anti_hmgcr_on_ivig(outcome):
    rec = decision.recommend(KB, active_dm(course("methotrexate", 28, "failed"),
                                           course("ivig", 16, outcome, current=True), **HMGCR))
    if outcome == "failed":
        assert "continue Intravenous immunoglobulin" not in _plans(rec)
        assert any(n.therapy == "ivig" and "already failed" in n.reason for n in rec.not_suggested)
        assert _timing(rec, "rituximab") == "now"
    else:  # IVIG going on, its outcome not yet known: it is continued, rituximab if it proves insufficient
        assert "continue Intravenous immunoglobulin" in _plans(rec)


@pytest.mark.parametrize(("outcome", "weeks"), [("failed", 14), (None, 6)])
def test_pregnant_on_azathioprine(outcome, weeks):
    rec = decision.recommend(KB, active_dm(course("azathioprine", weeks, outcome, current=True),
                                           pregnancy=PREGNANT))
    assert "act_pregnancy" in rec.path
    if outcome == "failed":
        assert "continue Azathioprine" not in _plans(rec)
        assert _timing(rec, "ivig") == "now"
    else:
        assert "continue Azathioprine" in _plans(rec)
        assert _timing(rec, "ivig") == "if_insufficient"


def test_an_emergency_whose_ivig_failed_escalates_along_the_ladder():
    bulbar = {**ACTIVE_DM["muscle"], "dysphagia": "severe"}
    failed = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"),
                                              course("ivig", 12, "failed", current=True), muscle=bulbar))
    assert failed.status.code == "emergency"
    agents = [a for a in failed.actions if a.kind == "therapy" and a.line]
    assert agents and agents[0].therapy not in {"ivig", "methotrexate"}
    fresh = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), muscle=bulbar))
    assert _timing(fresh, "ivig") == "now"  # IVIG first; the failed methotrexate's place is taken too (round 13)
    assert {a.line for a in fresh.actions if a.kind == "therapy" and a.line} == {2}


def test_a_pregnant_woman_whose_lung_progresses_gets_a_lung_plan():
    """Round 11: a progressing ILD in pregnancy got 'continue azathioprine' and prednisolone, no lung plan."""
    ild = {"present": True, "progressing": True, "symptomatic": True, "rapidly_progressive": False}
    rec = decision.recommend(KB, active_dm(course("azathioprine", 16, "failed", current=True),
                                           pregnancy=PREGNANT, ild=ild))
    assert "pregnancy_lung" in {a.id for a in rec.actions}
    assert _timing(rec, "tacrolimus") == "now"
    quiet = decision.recommend(KB, active_dm(course("azathioprine", 16, "failed", current=True),
                                             pregnancy=PREGNANT))
    assert "pregnancy_lung" not in {a.id for a in quiet.actions}


def test_pregnant_with_azathioprine_not_tolerated_gets_a_steroid_sparing_agent_now_round_12():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 4, "intolerant"), pregnancy=PREGNANT))
    assert _timing(rec, "tacrolimus") == "now"
    assert "regimen_incomplete" not in {w.id for w in rec.warnings}
