"""Anti-MDA5 with a lung never assessed is settled today, not escalated on the skin ladder (variation audit).

Anti-MDA5 carries the risk of rapidly progressive ILD (brief §5): for a serotype whose defining risk is an organ
emergency, an unassessed organ is itself the clue. Before, anti-MDA5 amyopathic DM with ``ild`` unrecorded was
escalated on the skin ladder and the lung appeared only in the question list.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
MDA5 = [{"name": "mda5", "result": "positive"}]
SKIN = {"active": True, "cdasi_activity": 24}


def _patient(ild, antibodies=MDA5, **changes):
    sections = {"autoantibodies": antibodies, "skin": SKIN,
                "muscle": {"active": False, "weakness": {"proximal": False, "trend": "stable"}}, **changes}
    p = active_dm(course("methotrexate", 20, "failed", current=True), **sections)
    if ild is None:
        p.pop("ild")
    else:
        p["ild"] = ild
    return decision.recommend(KB, p)


@pytest.mark.parametrize("ild", [None, {}, {"symptomatic": True}])
def test_anti_mda5_with_the_lung_unassessed_is_settled_today(ild):
    rec = _patient(ild)
    assert rec.status.code == "urgent_question"
    assert "pace_establish" in {a.id for a in rec.actions}
    assert "ild.present" in [m.field for m in rec.missing][:3]
    assert not {a.therapy for a in rec.actions if a.kind == "therapy"}


@pytest.mark.parametrize("ild", [{"present": False},
                                 {"present": True, "rapidly_progressive": False, "progressing": False}])
def test_anti_mda5_with_the_lung_assessed_goes_on(ild):
    assert _patient(ild).status.code != "urgent_question"


def test_without_anti_mda5_an_unrecorded_lung_is_only_asked():
    rec = _patient(None, antibodies=[{"name": "tif1g", "result": "negative"}, {"name": "mda5", "result": "negative"}])
    assert rec.status.code != "urgent_question"
    assert "ild.present" in {m.field for m in rec.missing}


@pytest.mark.parametrize("ild", [{"present": True}, {"present": True, "symptomatic": True}])
def test_anti_mda5_ild_whose_pace_was_never_recorded_is_settled_today(ild):
    """A lung recorded as not progressing has its pace recorded: it is not rapidly progressive (round 26)."""
    rec = _patient(ild)
    assert rec.status.code == "urgent_question"


def test_an_emergency_that_comes_first_keeps_the_lung_question_as_an_action():
    rec = _patient(None, muscle={"active": True, "dysphagia": "severe"})
    assert rec.status.code == "emergency"
    assert "mda5_lung_today" in {a.id for a in rec.actions}
    settled = _patient({"present": False}, muscle={"active": True, "dysphagia": "severe"})
    assert "mda5_lung_today" not in {a.id for a in settled.actions}
