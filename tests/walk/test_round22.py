"""Fixes from the round-22 audit (a regression review of round 21, and an attack on its rules).

- What stays of a regimen once a gate stops one drug excludes a drug that failed or was not tolerated; such a drug
  is still named under a hold on starting.
- A working regimen whose own line is used up climbs to the next line with an agent for its replacement.
- Emergencies optimise an under-dosed or irregular course whatever its outcome label, IVIG failed or not; an agent
  not tolerated with none staying is replaced.
- A node's rescue becomes 'now' on an agent not tolerated or ruled out only once the regimen has failed.
- The switch asks about an ILD whose course nobody judged, as the ladder does; neck-flexor weakness alone is no
  'muscle leads' clue, as proximal weakness alone is not.
- The cancer clues stay off the switch paths, and off a screening result unrecorded outside the window.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course
from tests.walk.test_round14 import _imnm

KB = decision.load()
SCREENED = {"hepatitis_b": {"hbsag": "negative", "anti_hbc": "negative"}, "tuberculosis": {"test": "negative"}}
KIDNEY = {**ACTIVE_DM["labs"], "egfr": 20}
SEVERE = {"active": True, "dysphagia": "severe", "weakness": {"proximal": True}}
TRYING = {"status": "not_pregnant", "plans": "trying", "breastfeeding": False, "contraception": False}


def _now(rec):
    return {a.therapy for a in rec.actions if a.kind == "therapy" and a.timing == "now"}


def _ids(rec):
    return {a.id for a in rec.actions}


@pytest.mark.parametrize("other", ["intolerant", "failed"])
def test_an_emergency_replaces_a_stopped_agent_when_the_other_did_not_stay(other):
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "ongoing", current=True),
                                           course("azathioprine", 14, other, current=True), labs=KIDNEY,
                                           muscle=SEVERE, **SCREENED))
    assert "stop_methotrexate" in _ids(rec)
    assert {a.therapy for a in rec.actions if a.line is not None and a.timing == "now"} - {"azathioprine"}


def test_an_emergency_replaces_an_agent_not_tolerated_within_its_line():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 6, "intolerant", current=True), muscle=SEVERE,
                                           **SCREENED))
    assert "methotrexate" in _now(rec)


@pytest.mark.parametrize("hold", [{"comorbidity": {"active_infection": True}},
                                  {"cancer": {"active": True, "screening": "done", "screening_result": "positive"}}])
def test_a_drug_not_tolerated_is_still_named_under_a_hold_on_starting(hold):
    rec = decision.recommend(KB, active_dm(course("methotrexate", 8, "intolerant", current=True), **hold))
    assert "methotrexate" in {n.therapy for n in rec.not_suggested}


@pytest.mark.parametrize("gate", [{"labs": KIDNEY}, {"pregnancy": TRYING}])
def test_a_working_regimen_whose_own_line_is_used_up_gets_the_next_line(gate):
    patient = active_dm(course("azathioprine", 6, "intolerant"), course("methotrexate", 30, "responded", current=True),
                        muscle={"active": False, "weakness": {"proximal": False}}, **SCREENED, **gate)
    rec = decision.recommend(KB, patient)
    assert "stop_methotrexate" in _ids(rec)
    assert {a.therapy for a in rec.actions if a.line == 2 and a.timing == "now"}


@pytest.mark.parametrize("outcome", ["failed", "partial"])
@pytest.mark.parametrize("flaw", [{"adequate_dose": False}, {"adherent": False}])
@pytest.mark.parametrize("ivig", [(), (course("ivig", 8, "failed"),)])
def test_an_emergency_optimises_an_inadequate_course_whatever_its_label(outcome, flaw, ivig):
    mtx = {**course("methotrexate", 20, outcome, current=True), **flaw}
    rec = decision.recommend(KB, active_dm(mtx, *ivig, muscle=SEVERE, **SCREENED))
    assert "emergency_sparing_optimise" in _ids(rec)
    assert not {"azathioprine", "mycophenolate_mofetil", "tacrolimus"} & _now(rec)


@pytest.mark.parametrize("ivig", [{"history": (course("ivig", 8, "intolerant"),)},
                                  {"labs": {**ACTIVE_DM["labs"], "iga_deficiency": True, "anti_iga_antibodies": True}}])
def test_anti_hmgcr_rituximab_waits_for_the_response_before_the_regimen_failed(ivig):
    patient = _imnm("hmgcr", course("methotrexate", 6, "ongoing", current=True), *ivig.get("history", ()))
    patient.update(**SCREENED, **({"labs": ivig["labs"]} if "labs" in ivig else {}))
    rec = decision.recommend(KB, patient)
    assert "rituximab" not in _now(rec)
    assert "rituximab" in {a.therapy for a in rec.actions if a.timing == "if_insufficient"}


def test_the_switch_asks_about_an_ild_whose_course_nobody_judged():
    patient = active_dm(course("mycophenolate_mofetil", 6, "intolerant"), **SCREENED,
                        diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                        autoantibodies=[{"name": "jo1", "result": "positive"}], ild={"present": True})
    rec = decision.recommend(KB, patient)
    assert "check_switch_domain" in {h.node for h in rec.held}
    assert not _now(rec) & {"methotrexate", "azathioprine"}


@pytest.mark.parametrize("weakness", [{"neck_flexors": True}, {"proximal": True}])
def test_a_stable_weakness_alone_does_not_hold_the_skin_ladder(weakness):
    patient = active_dm(course("methotrexate", 20, "failed", current=True), **SCREENED, skin={"active": True},
                        muscle={"weakness": {**weakness, "trend": "stable"}}, mri={},
                        labs={**ACTIVE_DM["labs"], "ck": {"value": 150, "uln": 200}})
    rec = decision.recommend(KB, patient)
    assert "check_domain" not in {h.node for h in rec.held}


@pytest.mark.parametrize("latest", [course("mycophenolate_mofetil", 10, "intolerant"),
                                    course("mycophenolate_mofetil", 30, "responded", current=True)])
def test_the_unrecorded_screening_clue_stays_off_the_switch_paths(latest):
    patient = active_dm(course("methotrexate", 16, "failed"), latest, **SCREENED,
                        **({"pregnancy": TRYING} if latest["outcome"] == "responded" else {}))
    patient["cancer"] = {}
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "intolerance"


def test_a_screening_result_unrecorded_outside_the_window_does_not_hold():
    patient = active_dm(course("methotrexate", 16, "failed", current=True), **SCREENED, as_of="2026-11-01",
                        diagnosis={"subtype": "dm", "ibm_features_excluded": True, "date": "2016-01-01"},
                        cancer={"screening": "done"})  # activity unrecorded too
    assert decision.recommend(KB, patient).status.code == "refractory_active"


def test_no_questions_are_promised_where_none_is_asked():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "ongoing", current=True), labs=KIDNEY,
                                           comorbidity={"active_infection": True}, **SCREENED))
    assert not rec.held
    for w in rec.warnings:
        assert not (w.action_first or "").startswith("Once the questions above are answered"), w.id


@pytest.mark.parametrize("muscle", [
    {"active": False, "weakness": {"proximal": True, "trend": "worsening"}},
    {"active": False, "weakness": {"proximal": False, "hip_girdle_trend": "worsening"}},
    {"active": True, "weakness": {"proximal": False}},  # the clinician's judgement against normal enzymes and MRI
])
def test_a_response_beside_a_sign_of_muscle_activity_is_flagged(muscle):
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "responded", current=True), muscle=muscle,
                                           mri={"oedema": False}, **SCREENED,
                                           labs={**ACTIVE_DM["labs"], "ck": {"value": 150, "uln": 200}}))
    assert rec.status.code == "responding"
    assert "responding_but_muscle_active" in _ids(rec)


@pytest.mark.parametrize("weeks, line", [(12, "emergency_sparing_replaced"), (20, "emergency_sparing_replaced"),
                                         (11, "emergency_sparing_kept")])
def test_an_emergency_after_ivig_failed_says_what_becomes_of_the_agent_taken_now(weeks, line):
    rec = decision.recommend(KB, active_dm(course("methotrexate", weeks, "ongoing", current=True),
                                           course("ivig", 12, "failed", current=True), muscle=SEVERE, **SCREENED))
    assert line in _ids(rec)
    replaced = line == "emergency_sparing_replaced"
    assert bool({a.therapy for a in rec.actions if a.line == 2 and a.timing == "now"}) is replaced


def test_a_drug_a_node_names_taken_before_with_no_outcome_is_asked_about():
    from tests.walk.test_round14 import _mda5_rpild
    earlier = {"drug": "cyclophosphamide", "weeks": 12, "current": False}  # outcome unrecorded
    rec = decision.recommend(KB, _mda5_rpild(course("tacrolimus", 8, "failed", current=True), earlier))
    asked = [c for m in rec.missing if m.field == "therapies" for c in m.would_change]
    assert any("Cyclophosphamide" in c for c in asked), asked
