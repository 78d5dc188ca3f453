"""The regimens a node names (pregnancy, emergencies) read the drug history as the ladder does.

A drug that failed or was not tolerated is not offered again by any node, and an urgent regimen that loses one
for that reason says so first. A drug stopped with no outcome recorded is asked about rather than counted as
used up (third variation audit). Contraception is asked before every teratogenic drug, and a normal TSH
settles the thyroid question.
"""

from __future__ import annotations

from example_patients import example

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
PREGNANT = {"pregnancy": {"status": "pregnant", "gestation_weeks": 14}}


def _offered(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"}


def _not_suggested(rec) -> dict[str, str]:
    return {n.therapy: n.reason for n in rec.not_suggested}


def test_pregnancy_regimen_does_not_restart_a_drug_not_tolerated_or_failed():
    for outcome, reason in (("intolerant", "not restarted"), ("failed", "already failed")):
        rec = decision.recommend(KB, active_dm(course("azathioprine", 4, outcome), **PREGNANT))
        assert rec.status.code == "pregnancy"
        assert "azathioprine" not in _offered(rec), outcome
        assert reason in _not_suggested(rec)["azathioprine"], outcome


def test_an_urgent_regimen_missing_a_drug_not_tolerated_says_so_first():
    """Tacrolimus not tolerated: the combination's other calcineurin inhibitor takes its place (round 16); with
    both not tolerated the regimen is said to be incomplete, first."""
    e = example("E")
    rec = decision.recommend(KB, {**e, "therapies": [*e["therapies"], course("tacrolimus", 3, "intolerant")]})
    assert rec.status.code == "emergency"
    assert "tacrolimus" not in _offered(rec) and "cyclosporine" in _offered(rec)
    both = decision.recommend(KB, {**e, "therapies": [*e["therapies"], course("tacrolimus", 3, "intolerant"),
                                                       course("cyclosporine", 3, "intolerant")]})
    assert not {"tacrolimus", "cyclosporine"} & _offered(both)
    assert both.warnings[0].id == "urgent_regimen_incomplete" and "tacrolimus" in both.warnings[0].therapies


def test_an_agent_with_no_recorded_outcome_is_not_counted_as_used_up():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 6, None), course("azathioprine", 4, "intolerant")))
    assert rec.status.code == "intolerance"
    now = [a for a in rec.actions if a.kind == "therapy" and a.line]
    assert all(a.line == 1 for a in now)  # not moved to line 2 past the open question
    assert "no outcome recorded" in _not_suggested(rec)["methotrexate"]


def test_contraception_is_asked_before_cyclophosphamide_too():
    third_line = active_dm(course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed", True),
                           pregnancy={"status": "not_pregnant", "plans": "none"})
    rec = decision.recommend(KB, third_line)
    assert "cyclophosphamide" in _offered(rec)
    check = next(w for w in rec.warnings if w.id == "contraception_teratogens")
    assert "cyclophosphamide" in check.therapies


def test_a_normal_tsh_settles_the_thyroid_question():
    imnm = active_dm(course("methotrexate", 16, "failed", True),
                     diagnosis={"subtype": "imnm", "ibm_features_excluded": True},
                     autoantibodies=[{"name": "hmgcr", "result": "negative"}, {"name": "srp", "result": "negative"}],
                     exposures={"statin": "never"}, labs={"ck": {"value": 6000, "uln": 200}, "egfr": 90,
                                                         "tsh": {"value": 2, "uln": 4.5}})
    assert decision.recommend(KB, imnm).status.code == "refractory_active"


def test_a_pregnant_patient_whose_lung_pace_is_asked_today_is_referred_to_maternal_fetal_medicine():
    e = example("E")
    rec = decision.recommend(KB, {**e, "ild": {"present": True, "progressing": True}, **PREGNANT})
    assert rec.status.code == "urgent_question"
    assert "pace_mfm" in {a.id for a in rec.actions}
