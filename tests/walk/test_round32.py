"""Fixes from the round-32 review (rules known wrong and left at earlier stops, and the round-32 audit).

- A failure after an inadequate trial does not close a drug's class outside an emergency: ciclosporin "failed" at
  week 3 leaves tacrolimus open, as it leaves the line it sits on unfailed.
- A climb that rests on a failure with nothing of its dose recorded says it reads that course as adequate.
- Anti-MDA5 ILD: poor-prognosis markers beside a recorded slow lung are shown; a ferritin never measured is asked
  for; the markers in dermatomyositis with anti-MDA5 never tested ask for the test.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
SCREENED = {"hepatitis_b": {"hbsag": "negative", "anti_hbc": "negative"}, "tuberculosis": {"test": "negative"}}


def _offered(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy" and a.therapy}


def _ids(rec) -> set[str]:
    return {a.id for a in rec.actions}


def _passed_over(rec) -> dict[str, str]:
    return {n.therapy: n.reason for n in rec.not_suggested}


@pytest.mark.parametrize("failed, mate", [("cyclosporine", "tacrolimus"), ("tacrolimus", "cyclosporine")])
def test_an_early_failure_leaves_the_class_open(failed, mate):
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), course(failed, 3, "failed"),
                                           **SCREENED))
    assert mate in _offered(rec)
    assert "without an adequate trial" in _passed_over(rec)[failed]  # the drug itself is still not restarted


@pytest.mark.parametrize("change", [{"weeks": 3, "adequate_dose": False}, {"weeks": 20, "adequate_dose": False}])
def test_a_failure_at_a_dose_not_adequate_leaves_the_class_open(change):
    ciclosporin = {**course("cyclosporine", None, "failed"), **change}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), ciclosporin, **SCREENED))
    assert "same class" not in _passed_over(rec).get("tacrolimus", "")


def test_an_adequate_failure_still_closes_the_class():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), course("cyclosporine", 16, "failed"),
                                           **SCREENED))
    assert "tacrolimus" not in _offered(rec)


def _undosed(drug: str, weeks: float, outcome: str, **extra) -> dict:
    """A course with nothing recorded of its dose (neither the dose nor whether it was adequate)."""
    return {"drug": drug, "weeks": weeks, "current": False, "outcome": outcome, **extra}


def _caution(rec):
    return next((w for w in rec.warnings if w.id == "trial_unconfirmed"), None)


def test_a_climb_on_a_failure_with_no_dose_recorded_says_what_it_rests_on():
    rec = decision.recommend(KB, active_dm(_undosed("methotrexate", 20, "failed"), **SCREENED))
    caution = _caution(rec)
    assert caution is not None and caution.inputs["failed_trial_unconfirmed"] == ["methotrexate"]
    assert "optimise the dose" in caution.message and "line 2" in caution.message
    assert {a.line for a in rec.actions if a.kind == "therapy" and a.line} == {2}  # read as adequate: not held
    assert any("dose of each course recorded as failed" in c for m in rec.missing for c in m.would_change)


@pytest.mark.parametrize("recorded", [{"dose": "20 mg/week SC"}, {"dose_mg": 20}, {"adequate_dose": True}])
def test_a_recorded_dose_is_the_clinicians_reading(recorded):
    rec = decision.recommend(KB, active_dm(_undosed("methotrexate", 20, "failed", **recorded), **SCREENED))
    assert _caution(rec) is None


def test_a_higher_failure_with_its_dose_recorded_reaches_the_line_anyway():
    rec = decision.recommend(KB, active_dm(_undosed("methotrexate", 20, "failed"),
                                           course("mycophenolate_mofetil", 20, "failed"), **SCREENED))
    assert _caution(rec) is None
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"),
                                           _undosed("mycophenolate_mofetil", 20, "failed"), **SCREENED))
    assert _caution(rec) is not None and _caution(rec).inputs["failed_trial_unconfirmed"] == ["mycophenolate_mofetil"]


QUIET = {"active": False, "weakness": {"proximal": False, "trend": "stable"}}


def _dm_ild(antibodies, labs=None, **ild):
    """Dermatomyositis with ILD and no steroid-sparing agent yet, its lung recorded as given."""
    return active_dm(**SCREENED, autoantibodies=antibodies, muscle=QUIET, mri={"oedema": False},
                     labs={**ACTIVE_DM["labs"], **(labs or {})}, ild={"present": True, **ild})


MDA5 = [{"name": "mda5", "result": "positive"}]
PANEL_WITHOUT_MDA5 = [{"name": "tif1g", "result": "negative"}, {"name": "jo1", "result": "negative"}]


@pytest.mark.parametrize("marker", [{"labs": {"ferritin": 2500}}, {"ground_glass_all_zones": True}])
def test_poor_prognosis_markers_beside_a_recorded_slow_lung_are_shown(marker):
    rec = decision.recommend(KB, _dm_ild(MDA5, rapidly_progressive=False, **marker))
    assert "mda5_markers_recorded" in _ids(rec)


@pytest.mark.parametrize("ild", [{"symptoms_worse": False}, {"progressing": False}])
def test_anti_mda5_ild_with_no_ferritin_asks_for_it(ild):
    rec = decision.recommend(KB, _dm_ild(MDA5, **ild))
    assert "mda5_ferritin_unmeasured" in _ids(rec)
    assert "mda5_markers_recorded" not in _ids(rec)


@pytest.mark.parametrize("marker", [{"labs": {"ferritin": 1500}}, {"ground_glass_all_zones": True}])
def test_markers_with_anti_mda5_never_tested_ask_for_the_test(marker):
    rec = decision.recommend(KB, _dm_ild(PANEL_WITHOUT_MDA5, progressing=False, **marker))
    assert "mda5_untested_markers" in _ids(rec)


def test_no_marker_and_ferritin_measured_says_none_of_it():
    for antibodies in (MDA5, PANEL_WITHOUT_MDA5):
        rec = decision.recommend(KB, _dm_ild(antibodies, labs={"ferritin": 450}, progressing=False))
        assert not _ids(rec) & {"mda5_markers_recorded", "mda5_ferritin_unmeasured", "mda5_untested_markers"}


def test_a_drug_marked_taken_now_and_not_tolerated_is_named_to_stop():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 6, "intolerant", current=True,
                                                  reason="pancreatitis"), **SCREENED))
    assert any("(azathioprine) is marked taken now and not tolerated" in n and "stop it now" in n
               for n in rec.input_notes)
    stopped = decision.recommend(KB, active_dm(course("azathioprine", 6, "intolerant"), **SCREENED))
    assert not any("not tolerated" in n for n in stopped.input_notes)


def _hbv_warnings(hepatitis_b) -> dict[str, tuple[str, ...]]:
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), hepatitis_b=hepatitis_b,
                                           tuberculosis={"test": "negative"}))
    return {w.id: w.therapies for w in rec.warnings if w.id.startswith("hepatitis_b")}


@pytest.mark.parametrize("hepatitis_b", [{"hbsag": "negative", "anti_hbc": "positive"}, {"anti_hbc": "positive"},
                                         {"hbsag": "negative", "anti_hbc": "positive", "dna": "undetectable"}])
def test_past_hepatitis_b_is_flagged_beside_conventional_agents(hepatitis_b):
    found = _hbv_warnings(hepatitis_b)
    assert "mycophenolate_mofetil" in found["hepatitis_b_core_positive"]
    assert "hepatitis_b_known_positive" not in found


@pytest.mark.parametrize("hepatitis_b, expected", [
    ({"hbsag": "positive", "anti_hbc": "positive"}, "hepatitis_b_known_positive"),  # said once, by the gate above
    ({"hbsag": "negative", "anti_hbc": "negative"}, None)])
def test_past_hepatitis_b_is_not_said_twice_nor_without_exposure(hepatitis_b, expected):
    found = _hbv_warnings(hepatitis_b)
    assert "hepatitis_b_core_positive" not in found
    assert expected is None or expected in found


def _ibm_like(**changes):
    """Polymyositis at 67 with the IBM pattern of weakness, on methotrexate and prednisone (clinic-letter shape)."""
    return {**active_dm(course("methotrexate", 52, "failed", current=True), **SCREENED),
            "age": 67, "sex": "male", "diagnosis": {"subtype": "pm", "disease_duration_months": 40},
            "muscle": {"active": True, "weakness": {"proximal": True, "distal": True, "asymmetric": True,
                                                    "finger_flexors": True, "quadriceps": True, "trend": "worsening"}},
            "glucocorticoid": {"prednisone_mg_day": 10}, **changes}


CN1A = [{"name": "cn1a", "result": "positive"}]
VACUOLES = {"performed": True, "inflammation": True, "rimmed_vacuoles": True}


@pytest.mark.parametrize("changes, asked", [
    ({"autoantibodies": CN1A, "biopsy": VACUOLES}, False),  # both in hand: confirm, do not test again
    ({"autoantibodies": CN1A}, True), ({"biopsy": VACUOLES}, True)])
def test_the_ibm_work_up_asks_only_for_what_is_not_recorded(changes, asked):
    rec = decision.recommend(KB, _ibm_like(**changes))
    assert rec.status.code == "alternative_diagnosis"
    assert ("mimic_ibm_review" in _ids(rec)) is asked and ("mimic_ibm_confirm" in _ids(rec)) is not asked
    assert "mimic_ibm_taken_now" in _ids(rec)  # what is taken now: withdrawn if IBM is confirmed


def _rpild_on(*courses):
    """Antisynthetase syndrome whose ILD is rapidly progressive, on the courses given."""
    return active_dm(*courses, **SCREENED, diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                     autoantibodies=[{"name": "jo1", "result": "positive"}],
                     ild={"present": True, "rapidly_progressive": True})


LINE_ONE_ILD = {"mycophenolate_mofetil", "azathioprine"}


@pytest.mark.parametrize("taken", [course("mycophenolate_mofetil", 4, "ongoing", current=True),
                                   course("azathioprine", 4, "ongoing", current=True),
                                   course("mycophenolate_mofetil", 20, "failed", current=True)])
def test_rapidly_progressive_ild_escalates_past_the_agent_it_arose_on_at_any_week(taken):
    rec = decision.recommend(KB, _rpild_on(taken))
    assert rec.status.code == "emergency"
    started = {a.therapy for a in rec.actions if a.kind == "therapy" and a.timing == "now" and a.line}
    assert started and not started & LINE_ONE_ILD - {"mycophenolate_mofetil"}  # never a second antimetabolite
    assert taken["drug"] not in started and "rpild_current_agent" in _ids(rec)


def test_an_underdosed_agent_in_rapidly_progressive_ild_is_optimised_beside_the_escalation():
    mmf = {**course("mycophenolate_mofetil", 16, "failed", current=True), "adequate_dose": False}
    rec = decision.recommend(KB, _rpild_on(mmf))
    assert "emergency_sparing_optimise" in _ids(rec) and "rpild_current_agent" not in _ids(rec)
    assert "azathioprine" not in {a.therapy for a in rec.actions if a.timing == "now"}


@pytest.mark.parametrize("emergency", [{"very_severe_weakness": True}, {"dysphagia": "severe"}])
@pytest.mark.parametrize("trend, repeated", [("improving", False), ("stable", True), ("worsening", True)])
def test_a_pulse_is_not_repeated_while_the_weakness_improves_after_one(emergency, trend, repeated):
    rec = decision.recommend(KB, active_dm(course("ivig", 3, "ongoing", current=True),
                                           course("methotrexate", 3, "ongoing", current=True), **SCREENED,
                                           glucocorticoid={"prednisone_mg_day": 60, "pulses_recent": True},
                                           muscle={"active": True, "weakness": {"proximal": True, "trend": trend},
                                                   **emergency}))
    assert rec.status.code == "emergency"
    assert ("pulse_methylprednisolone" in {a.therapy for a in rec.actions}) is repeated
    assert ("emergency_pulse_working" in _ids(rec)) is not repeated


def test_the_rapidly_progressive_ild_emergency_asks_for_an_anti_mda5_never_tested():
    rec = decision.recommend(KB, active_dm(**SCREENED, autoantibodies=PANEL_WITHOUT_MDA5, muscle=QUIET,
                                           labs={**ACTIVE_DM["labs"], "ferritin": 1600},
                                           ild={"present": True, "rapidly_progressive": True}))
    assert rec.status.code == "emergency" and "mda5_untested_markers" in _ids(rec)


@pytest.mark.parametrize("steroid", ["glucocorticoids", "pulse_methylprednisolone"])
def test_a_glucocorticoid_marked_not_tolerated_is_tapered_not_stopped(steroid):
    rec = decision.recommend(KB, {**active_dm(course("methotrexate", 20, "failed"), **SCREENED),
                                  "therapies": [course(steroid, 20, "intolerant", current=True),
                                                course("methotrexate", 20, "failed")]})
    notes = [n for n in rec.input_notes if "not tolerated" in n]
    assert notes and all("stop it now" not in n and "taper" in n for n in notes)


def test_a_switch_within_a_line_reached_on_a_failure_with_no_dose_says_so_too():
    rec = decision.recommend(KB, active_dm(_undosed("methotrexate", 20, "failed"),
                                           course("tacrolimus", 6, "intolerant"), **SCREENED))
    assert rec.status.code == "intolerance"
    assert _caution(rec) is not None and _caution(rec).inputs["failed_trial_unconfirmed"] == ["methotrexate"]


PREGNANT = {"status": "pregnant", "gestation_weeks": 14, "plans": "none", "breastfeeding": False}


@pytest.mark.parametrize("ciclosporin", [course("cyclosporine", 4, "failed"),
                                         {**course("cyclosporine", 16, "failed"), "adequate_dose": False}])
def test_the_pregnancy_node_is_no_emergency_an_early_failure_leaves_the_class_open(ciclosporin):
    rec = decision.recommend(KB, active_dm(course("azathioprine", 20, "failed"), ciclosporin, **SCREENED,
                                           pregnancy=PREGNANT))
    assert rec.status.code == "pregnancy"
    assert "tacrolimus" in _offered(rec) and "same class" not in _passed_over(rec).get("tacrolimus", "")


def test_a_failure_of_unknown_length_leaves_the_class_as_open_as_the_line():
    ciclosporin = {k: v for k, v in course("cyclosporine", 1, "failed").items() if k != "weeks"}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), ciclosporin, **SCREENED))
    assert "same class" not in _passed_over(rec).get("tacrolimus", "")
    assert "failed_weeks_unknown" in {f for m in rec.missing for f in (m.field,)} or any(
        "weeks" in c for m in rec.missing for c in m.would_change)


def _skin_on_ivig(outcome: str):
    """Dermatomyositis skin refractory to hydroxychloroquine and methotrexate, IVIG added 16 weeks ago."""
    return active_dm(course("hydroxychloroquine", 60, "failed", current=True),
                     course("methotrexate", 30, "failed", current=True), course("ivig", 16, outcome, current=True),
                     **SCREENED, muscle=QUIET, mri={"oedema": False}, labs={**ACTIVE_DM["labs"], "ck": {"value": 90,
                                                                                                         "uln": 200}},
                     skin={"active": True, "cdasi_activity": 8})


def test_a_responding_regimen_beside_a_domain_still_active_is_not_escalated_past():
    rec = decision.recommend(KB, _skin_on_ivig("responded"))
    assert "responded_domain_active" in _ids(rec)
    assert not [a for a in rec.actions if a.line and a.timing == "now"]  # the options wait on the regimen
    failed = decision.recommend(KB, _skin_on_ivig("failed"))
    assert "responded_domain_active" not in _ids(failed)
    assert [a for a in failed.actions if a.line and a.timing == "now"]


TRYING = {"status": "not_pregnant", "plans": "trying", "breastfeeding": False, "contraception": False}


def test_a_working_drug_stopped_for_a_planned_conception_may_be_replaced_by_an_untried_earlier_agent():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"),
                                           course("mycophenolate_mofetil", 30, "responded", current=True),
                                           **SCREENED, pregnancy=TRYING, muscle=QUIET, mri={"oedema": False}))
    assert any(a.kind == "stop" and a.therapy == "mycophenolate_mofetil" for a in rec.actions)
    assert "azathioprine" in _offered(rec)


def test_a_failed_line_is_not_stepped_down_from():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 20, "failed"),
                                           course("mycophenolate_mofetil", 30, "failed", current=True), **SCREENED))
    assert "methotrexate" not in _offered(rec)


def _new_dm(**changes):
    """An untreated adult with dermatomyositis skin disease, the muscle judged quiet, the lung assessed."""
    return {**ACTIVE_DM, **SCREENED, "treatment_naive": True, "diagnosis": {"subtype": "cadm"},
            "muscle": QUIET, "mri": {"oedema": False}, "labs": {**ACTIVE_DM["labs"], "ck": {"value": 80, "uln": 200}},
            "skin": {"active": True, "cdasi_activity": 20, "gottron_papules": True}, **changes}


def test_new_dermatomyositis_of_the_skin_only_starts_on_the_skin_ladder():
    rec = decision.recommend(KB, _new_dm())
    assert rec.status.code == "initial_therapy" and "act_initial_skin" in rec.path
    assert "hydroxychloroquine" in _offered(rec)
    assert not _offered(rec) & {"glucocorticoids", "methotrexate", "azathioprine"}
    assert rec.glucocorticoid_plan is None


@pytest.mark.parametrize("changes", [
    {"muscle": {"active": True, "weakness": {"proximal": True}}},  # the muscle active: its starting regimen
    {"diagnosis": {"subtype": "dm"}, "labs": {**ACTIVE_DM["labs"], "ck": {"value": 2400, "uln": 200}}},  # CK raised
    {"ild": {"present": True}}])  # ILD: the ILD regimen
def test_new_dermatomyositis_with_more_than_skin_keeps_its_regimen(changes):
    rec = decision.recommend(KB, _new_dm(**changes))
    assert "act_initial_skin" not in rec.path


PREGNANT_20 = {"status": "pregnant", "gestation_weeks": 20, "plans": "none", "breastfeeding": False}


def _pregnant_on(drug: str, outcome, **changes):
    quiet = {"muscle": QUIET, "mri": {"oedema": False}, "labs": {"ck": {"value": 90, "uln": 200}, "egfr": 90}}
    return active_dm(course(drug, 30, outcome, current=True), **SCREENED, pregnancy=PREGNANT_20,
                     **{**quiet, **changes})


@pytest.mark.parametrize("drug", ["ivig", "hydroxychloroquine"])
@pytest.mark.parametrize("outcome", ["responded", None])
def test_a_controlled_pregnancy_on_ivig_or_hydroxychloroquine_is_not_given_a_new_agent(drug, outcome):
    rec = decision.recommend(KB, _pregnant_on(drug, outcome))
    assert rec.status.code == "pregnancy"
    assert "azathioprine" not in _offered(rec) and rec.glucocorticoid_plan is None
    assert any(a.id.endswith(f"_continue_{drug}") for a in rec.actions)


@pytest.mark.parametrize("drug", ["ivig", "hydroxychloroquine"])
def test_an_active_pregnancy_on_them_still_gets_the_steroid_sparing_agent(drug):
    rec = decision.recommend(KB, _pregnant_on(drug, "ongoing", muscle={"active": True,
                                                                       "weakness": {"proximal": True}}))
    assert "azathioprine" in _offered(rec)


@pytest.mark.parametrize("recorded, cautioned", [({}, True), ({"dose": "150 mg/day"}, False)])
def test_a_rescue_brought_forward_by_a_failure_with_no_dose_says_so(recorded, cautioned):
    aza = _undosed("azathioprine", 20, "failed", **recorded)
    rec = decision.recommend(KB, active_dm(aza, **SCREENED, pregnancy=PREGNANT_20))
    assert rec.status.code == "pregnancy" and "ivig" in {a.therapy for a in rec.actions if a.timing == "now"}
    assert (_caution(rec) is not None) is cautioned
    if cautioned:
        assert _caution(rec).inputs["failed_trial_unconfirmed"] == ["azathioprine"]


def test_a_responder_whose_screening_is_due_is_told_so():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "responded", current=True), **SCREENED,
                                           age=79, sex="male", muscle=QUIET, mri={"oedema": False},
                                           autoantibodies=[{"name": "tif1g", "result": "positive"}],
                                           diagnosis={"subtype": "dm", "disease_duration_months": 8},
                                           cancer={"active": False, "screening": "incomplete"}))
    assert rec.status.code == "responding" and "screen_due_meanwhile" in _ids(rec)
    screened = decision.recommend(KB, active_dm(course("methotrexate", 20, "responded", current=True), **SCREENED,
                                                muscle=QUIET, mri={"oedema": False}))
    assert "screen_due_meanwhile" not in _ids(screened)


@pytest.mark.parametrize("outcome, status", [("responded", "responding"), ("ongoing", "not_yet_refractory")])
def test_anti_mda5_keeps_its_lung_follow_up_off_the_emergency_path(outcome, status):
    rec = decision.recommend(KB, active_dm(course("tacrolimus", 4 if outcome == "ongoing" else 20, outcome,
                                                  current=True), **SCREENED, muscle=QUIET, mri={"oedema": False},
                                           autoantibodies=MDA5, labs={**ACTIVE_DM["labs"], "ferritin": 400},
                                           ild={"present": True, "rapidly_progressive": False}))
    assert rec.status.code == status and "ild_mda5_monitoring" in _ids(rec)


# --- round 34 ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("muscle", [{"active": False, "dysphagia": "moderate", "weakness": {"proximal": False}},
                                    {"active": False, "weakness": {"proximal": False, "neck_flexors": True}}])
def test_a_symptom_of_the_muscle_keeps_a_new_dermatomyositis_off_the_skin_ladder(muscle):
    rec = decision.recommend(KB, _new_dm(muscle=muscle))
    assert "act_initial_skin" not in rec.path and "glucocorticoids" in _offered(rec)


@pytest.mark.parametrize("changes", [{"ild": {}},  # the lung unassessed: the skin node asks for it
                                     {"muscle": {"weakness": {"proximal": False}}}])  # unjudged, nothing against it
def test_the_skin_ladder_start_is_reachable_with_the_lung_unassessed_or_the_muscle_unjudged(changes):
    rec = decision.recommend(KB, _new_dm(**changes))
    assert "act_initial_skin" in rec.path
    assert ("initial_skin_lung" in _ids(rec)) is ("ild" in changes)


def _pregnant(*courses, **changes):
    quiet = {"muscle": QUIET, "mri": {"oedema": False}, "labs": {"ck": {"value": 90, "uln": 200}, "egfr": 90}}
    return active_dm(*courses, **SCREENED, pregnancy=PREGNANT_20, **{**quiet, **changes})


LOW_DOSE_PREDNISONE = {"therapies": [course("glucocorticoids", 30, None, current=True)],
                       "glucocorticoid": {"prednisone_mg_day": 5}}


@pytest.mark.parametrize("changes", [{"therapies": []}, LOW_DOSE_PREDNISONE])
def test_a_quiet_pregnancy_on_nothing_or_low_dose_prednisone_starts_nothing(changes):
    rec = decision.recommend(KB, {**_pregnant(), **changes})
    assert rec.status.code == "pregnancy" and rec.glucocorticoid_plan is None
    assert "azathioprine" not in _offered(rec)


def test_a_pregnancy_with_the_skin_alone_active_gets_no_starting_dose():
    rec = decision.recommend(KB, _pregnant(course("hydroxychloroquine", 30, "ongoing", current=True),
                                           skin={"active": True, "cdasi_activity": 16}))
    assert rec.glucocorticoid_plan is None and "azathioprine" not in _offered(rec)
    assert "pregnancy_hcq_continue_hydroxychloroquine" in _ids(rec)


@pytest.mark.parametrize("ck, started", [(90, False), (2400, True)])
def test_a_pregnancy_with_the_muscle_unjudged_is_asked_unless_the_enzymes_speak(ck, started):
    rec = decision.recommend(KB, _pregnant(course("ivig", 10, None, current=True),
                                           muscle={"weakness": {"trend": "stable"}},
                                           labs={"ck": {"value": ck, "uln": 200}, "egfr": 90}))
    assert (rec.glucocorticoid_plan is not None) is started
    assert started or "muscle.active" in {m.field for m in rec.missing}


@pytest.mark.parametrize("teratogen", ["mycophenolate_mofetil", "methotrexate"])
def test_a_pregnant_responder_on_a_teratogen_gets_azathioprine_in_its_place(teratogen):
    rec = decision.recommend(KB, _pregnant(course(teratogen, 30, "responded", current=True)))
    assert any(a.kind == "stop" and a.therapy == teratogen for a in rec.actions)
    assert "azathioprine" in _offered(rec)
    assert "tacrolimus" not in {a.therapy for a in rec.actions if a.timing == "now"}


def test_a_pregnant_womans_azathioprine_failed_at_week_4_is_kept_not_replaced():
    rec = decision.recommend(KB, _pregnant(course("azathioprine", 4, "failed", current=True),
                                           muscle={"active": True, "weakness": {"proximal": True}},
                                           labs={"ck": {"value": 2400, "uln": 200}, "egfr": 90}))
    assert "pregnancy_aza_continue_azathioprine" in _ids(rec)
    assert "tacrolimus" not in {a.therapy for a in rec.actions if a.timing == "now"}


def test_a_recent_pulse_with_the_trend_unrecorded_is_given_and_the_trend_asked():
    rec = decision.recommend(KB, active_dm(course("ivig", 3, "ongoing", current=True), **SCREENED,
                                           glucocorticoid={"prednisone_mg_day": 60, "pulses_recent": True},
                                           muscle={"active": True, "very_severe_weakness": True,
                                                   "weakness": {"proximal": True}}))
    assert "pulse_methylprednisolone" in _offered(rec)
    assert "muscle.weakness.trend" in {m.field for m in rec.missing}


def test_a_lung_progressing_on_record_is_not_kept_waiting_by_a_stated_response():
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 40, "responded", current=True),
                                           **SCREENED, muscle=QUIET, mri={"oedema": False},
                                           diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                                           autoantibodies=[{"name": "pl12", "result": "positive"}],
                                           ild={"present": True, "progressing": True, "hrct_progression": True,
                                                "fvc_percent": 62, "fvc_previous_percent": 70}))
    assert [a for a in rec.actions if a.line and a.timing == "now"]



@pytest.mark.parametrize("progression", [{"symptoms_worse": True, "hrct_progression": True},
                                         {"fvc_percent": 58, "fvc_previous_percent": 64, "hrct_progression": True},
                                         {"progressing": True}])
def test_fibrotic_progression_as_the_lung_definition_reads_it_offers_nintedanib(progression):
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 60, "failed", current=True),
                                           course("rituximab", 40, "failed"), **SCREENED, muscle=QUIET,
                                           mri={"oedema": False},
                                           diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                                           autoantibodies=[{"name": "pl12", "result": "positive"}],
                                           ild={"present": True, "pattern": "uip", "rapidly_progressive": False,
                                                **progression}))
    assert "nintedanib" in _offered(rec)


def test_active_skin_beside_an_active_muscle_gets_its_basic_measures():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", current=True), **SCREENED,
                                           skin={"active": True, "gottron_papules": True}))
    assert "skin_alongside" in _ids(rec)
    quiet_skin = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed", current=True), **SCREENED,
                                                  skin={"active": False}))
    assert "skin_alongside" not in _ids(quiet_skin)


@pytest.mark.parametrize("outcome", ["responded", None])
def test_a_controlled_pregnancy_whose_old_azathioprine_failed_gets_one_new_agent_not_the_rescue(outcome):
    rec = decision.recommend(KB, _pregnant(course("azathioprine", 20, "failed"),
                                           course("methotrexate", 60, outcome, current=True)))
    assert any(a.kind == "stop" and a.therapy == "methotrexate" for a in rec.actions)
    started = {a.therapy for a in rec.actions if a.kind == "therapy" and a.timing == "now"} - {"glucocorticoids"}
    assert started == {"tacrolimus"}  # IVIG waits for a flare


@pytest.mark.parametrize("outcome", ["responded", "ongoing"])
def test_a_lung_progressing_on_an_agent_too_early_to_judge_is_followed_within_weeks(outcome):
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 6, outcome, current=True), **SCREENED,
                                           muscle=QUIET, mri={"oedema": False},
                                           diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                                           autoantibodies=[{"name": "jo1", "result": "positive"}],
                                           ild={"present": True, "progressing": True, "rapidly_progressive": False}))
    assert rec.status.code == "not_yet_refractory" and "not_yet_lung_progressing" in _ids(rec)
    assert "responded_domain_active" not in _ids(rec)


def test_the_response_caution_is_not_said_beside_a_lung_progression_on_record():
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 40, "responded", current=True),
                                           **SCREENED, muscle=QUIET, mri={"oedema": False},
                                           diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                                           autoantibodies=[{"name": "pl12", "result": "positive"}],
                                           ild={"present": True, "progressing": True, "hrct_progression": True}))
    assert "responded_domain_active" not in _ids(rec)


def test_a_responders_steroid_myopathy_is_named_not_read_as_activity():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "responded", current=True), **SCREENED,
                                           muscle={"active": False, "weakness": {"proximal": True,
                                                                                 "hip_girdle_trend": "worsening",
                                                                                 "neck_flexor_trend": "improving"}},
                                           labs={"ck": {"value": 120, "uln": 200}, "crp_raised": False, "egfr": 90},
                                           mri={"oedema": False, "atrophy": True}, comorbidity={"cushingoid": True},
                                           glucocorticoid={"prednisone_mg_day": 45, "weeks_above_40mg": 10,
                                                           "weeks_at_or_above_30mg": 14}))
    assert rec.status.code == "responding"
    assert "not_yet_steroid_myopathy" in _ids(rec) and "responding_but_muscle_active" not in _ids(rec)
