"""Fixes from the round-19 audit (a regression review of round 18, and an attack on its rules).

- The anti-SRP/HMGCR 'quiet disease' reading yields to recorded signs of activity, and an unrecorded muscle state is
  asked, not read as active; the pregnancy copy of the early IVIG carries the same guard.
- The 'history needed' hold lists no drug taken now as not suggested, says to continue it, and still asks for the
  lung of an antisynthetase patient never assessed.
- An emergency whose steroid-sparing agent a gate stops draws its replacement; an uninvestigated red flag is named.
- IBM: no 'regimen incomplete' beside 'withdraw immunosuppression'.
- The cancer hold asks to investigate a red flag when the screening is recorded done.
- Arthritis leading names the muscle on Lundberg's clue (raised enzymes with weakness) too.
- The old-MRI caution is said only where step 1 is judged.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course
from tests.walk.test_round14 import _imnm

KB = decision.load()


def _now(rec):
    return {a.therapy for a in rec.actions if a.kind == "therapy" and a.timing == "now"}


QUIET = {"active": False, "weakness": {"proximal": False}}


@pytest.mark.parametrize("sign", [
    {"muscle": {**QUIET, "dysphagia": "moderate"}},
    {"muscle": {**QUIET, "weakness": {"proximal": False, "neck_flexor_trend": "worsening"}}},
    {"muscle": {**QUIET, "weakness": {"proximal": False, "neck_flexors": True}}},  # round 20
    {"muscle": QUIET, "labs": {**ACTIVE_DM["labs"], "ck": {"value": 3000, "uln": 200}}},
])
@pytest.mark.parametrize("antibody", ["srp", "hmgcr"])
def test_a_recorded_sign_of_activity_overrides_a_quiet_judgement(antibody, sign):
    patient = {**_imnm(antibody), "mri": {}, **sign}
    if "labs" not in sign:
        patient["labs"] = {**ACTIVE_DM["labs"], "ck": {"value": 150, "uln": 200}}
    assert "ivig" in _now(decision.recommend(KB, patient))


@pytest.mark.parametrize("antibody", ["srp", "hmgcr"])
def test_an_unrecorded_muscle_state_is_asked_before_the_early_ivig(antibody):
    patient = {k: v for k, v in _imnm(antibody).items() if k not in ("muscle", "mri")}
    patient["labs"] = {"thyroid_function": "normal", "egfr": 90}
    rec = decision.recommend(KB, patient)
    assert "ivig" not in _now(rec)
    assert {"muscle.active", "muscle.weakness.proximal"} & {m.field for m in rec.missing}


def _history_unknown(*drugs, **changes):
    patient = active_dm(**changes)
    patient["therapies"] = [{"drug": d, "current": True} for d in drugs]
    return patient


def test_the_history_hold_continues_what_is_taken_now():
    rec = decision.recommend(KB, _history_unknown("glucocorticoids", "methotrexate"))
    assert rec.status.code == "needs_information"
    assert not {n.therapy for n in rec.not_suggested} & {"glucocorticoids", "methotrexate"}
    assert "history_continue" in {a.id for a in rec.actions}
    assert "mycophenolate_mofetil" in {n.therapy for n in rec.not_suggested}  # nothing new starts


def test_the_history_hold_still_asks_for_an_unassessed_antisynthetase_lung():
    patient = _history_unknown("glucocorticoids", "methotrexate", diagnosis={"subtype": "asys"},
                               autoantibodies=[{"name": "jo1", "result": "positive"}])
    del patient["ild"]
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "needs_information" and "lung_assess_meanwhile" in {a.id for a in rec.actions}


def _bulbar(*history, **changes):
    return active_dm(*history, muscle={**ACTIVE_DM["muscle"], "dysphagia": "severe"}, **changes)


@pytest.mark.parametrize("history, changes, replaced_by_line", [
    ((course("methotrexate", 8, "ongoing", current=True),),
     {"pregnancy": {"status": "not_pregnant", "plans": "trying", "breastfeeding": False}}, 1),
    ((course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed"),
      course("tofacitinib", 8, "ongoing", current=True)),
     {"tuberculosis": {"test": "positive", "treated": False}}, 3),
])
def test_an_emergency_replaces_the_agent_a_gate_stops(history, changes, replaced_by_line):
    rec = decision.recommend(KB, _bulbar(*history, **changes))
    assert rec.status.code == "emergency"
    assert any(a.kind == "stop" for a in rec.actions)
    assert [a for a in rec.actions if a.kind == "therapy" and a.line == replaced_by_line and a.timing == "now"]
    assert "emergency_sparing_kept" not in {a.id for a in rec.actions}


@pytest.mark.parametrize("investigated, named", [(None, True), (False, True), (True, False)])
def test_an_emergency_names_an_uninvestigated_red_flag(investigated, named):
    cancer = {"active": False, "screening": "done", "screening_result": "negative", "unexplained_weight_loss": True,
              **({"red_flag_investigated": investigated} if investigated is not None else {})}
    rec = decision.recommend(KB, _bulbar(course("methotrexate", 16, "failed", current=True), cancer=cancer))
    assert ("emergency_red_flag" in {a.id for a in rec.actions}) == named


def test_the_cancer_hold_investigates_the_red_flag_when_screening_is_done():
    cancer = {"active": False, "screening": "done", "screening_result": "negative", "unexplained_weight_loss": True,
              "red_flag_investigated": False}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", current=True), cancer=cancer))
    ids = {a.id for a in rec.actions}
    assert "mimic_cancer_red_flag" in ids and "mimic_cancer_screen" not in ids


def test_ibm_withdrawing_immunosuppression_says_no_regimen_is_incomplete():
    patient = active_dm(course("tofacitinib", 20, "ongoing", current=True), age=70, diagnosis={"subtype": "ibm"},
                        tuberculosis={"test": "positive", "treated": False})
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "ibm" and "ibm_withdraw" in {a.id for a in rec.actions}
    assert not any(w.id.endswith("regimen_incomplete") for w in rec.warnings)
    assert "has not helped" not in next(a.text for a in rec.actions if a.id == "ibm_withdraw")


def test_arthritis_leading_names_the_muscle_on_raised_enzymes_with_weakness():
    patient = active_dm(course("methotrexate", 16, "failed", current=True), arthritis={"active": True,
                        "disabling": True}, muscle={"weakness": {"proximal": True}}, mri={})
    rec = decision.recommend(KB, patient)
    assert "act_ladder_arthritis" in rec.path and "arthritis_muscle_too" in {a.id for a in rec.actions}


@pytest.mark.parametrize("history, warned", [
    ((course("methotrexate", 20, "responded", current=True),), False),  # responding: step 1 is not judged
    ((course("methotrexate", 6, "ongoing", current=True),), False),  # week 6: nothing is judged yet
])
def test_the_old_mri_caution_is_said_only_where_step_1_is_judged(history, warned):
    patient = active_dm(*history, as_of="2026-11-20", mri={"oedema": True, "date": "2021-03-01"},
                        muscle={"active": False, "weakness": {"proximal": False}})
    assert any(w.id == "mri_before_regimen" for w in decision.recommend(KB, patient).warnings) == warned


# Round 20: the regression review of round 19


@pytest.mark.parametrize("hold", [
    {"muscle": {"active": False, "weakness": {"proximal": False}}, "mri": {}},  # "is the regimen working?" held
    {},  # the history hold (weeks and outcome unrecorded)
])
def test_a_hold_on_starting_still_says_a_stopped_regimen_is_incomplete(hold):
    labs = {**ACTIVE_DM["labs"], "egfr": 20, "ck": {"value": 150, "uln": 200}}
    if hold:
        patient = active_dm(course("methotrexate", 20, None, current=True), labs=labs, **hold)
    else:
        patient = _history_unknown("glucocorticoids", "methotrexate", labs=labs)
    rec = decision.recommend(KB, patient)
    assert rec.status.code in ("confirm_before_escalating", "needs_information")
    assert any(a.kind == "stop" and a.therapy == "methotrexate" for a in rec.actions)
    assert any(w.id == "regimen_incomplete" for w in rec.warnings)


def test_arthritis_leading_names_the_muscle_when_the_serotype_ivig_is_used_up():
    patient = {**_imnm("hmgcr", course("methotrexate", 16, "failed"), course("ivig", 20, "failed"),
                       course("rituximab", 26, "failed", current=True)),
               "arthritis": {"active": True, "disabling": True}}
    rec = decision.recommend(KB, patient)
    assert "act_ladder_arthritis" in rec.path and "arthritis_muscle_too" in {a.id for a in rec.actions}


@pytest.mark.parametrize("weeks", [None, 8])
def test_an_emergency_replaces_a_stopped_agent_within_its_own_line(weeks):
    mtx = {"drug": "methotrexate", "current": True, **({"weeks": weeks} if weeks else {})}
    labs = {**ACTIVE_DM["labs"], "egfr": 20}
    rec = decision.recommend(KB, {**_bulbar(labs=labs), "therapies": [{"drug": "glucocorticoids", "current": True},
                                                                       mtx]})
    ranked = [a for a in rec.actions if a.kind == "therapy" and a.line]
    assert ranked and all(a.line == 1 for a in ranked)  # azathioprine, not line 2 from an unknown duration


@pytest.mark.parametrize("weeks, line", [(6, "emergency_sparing_kept"), (20, "emergency_sparing_judged")])
def test_an_emergency_says_kept_only_while_the_agent_is_too_early_to_judge(weeks, line):
    rec = decision.recommend(KB, _bulbar(course("methotrexate", weeks, "ongoing", current=True)))
    ids = {a.id for a in rec.actions}
    assert line in ids and not ({"emergency_sparing_kept", "emergency_sparing_judged"} - {line}) & ids


def test_a_glucocorticoid_recorded_as_a_dose_is_not_listed_as_not_suggested_at_the_history_hold():
    patient = {**active_dm(glucocorticoid={"prednisone_mg_day": 10}), "therapies": []}
    del patient["therapies"]
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "needs_information"
    assert "glucocorticoids" not in {n.therapy for n in rec.not_suggested}


def test_a_hold_on_starting_still_lists_a_pulse_as_not_suggested():
    """Round 20 re-read: exempting the glucocorticoids taken now also exempted the pulse, a new escalation."""
    rec = decision.recommend(KB, _history_unknown("glucocorticoids", "methotrexate"))
    held = {n.therapy for n in rec.not_suggested}
    assert "pulse_methylprednisolone" in held and "glucocorticoids" not in held
