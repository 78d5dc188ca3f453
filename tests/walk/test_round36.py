"""Fixes from the round-36 to round-38 reviews (rules left at the last stop, and three audit rounds).

Each test states the principle on a patient built for it, with a variation that must not change; each fails with
its fix undone, except the guards that pin what must stay.

- Replacing a working drug: never from a line that failed (unless tailoring prefers it, as in a planned
  pregnancy), labelled as a replacement, a steroid-sparing agent before IVIG; a calcineurin inhibitor not
  tolerated with impaired kidneys is not switched to its class-mate.
- Emergencies: azathioprine is no rapidly progressive ILD option; bulbar and severe-weakness emergencies say what
  becomes of a failed agent taken now.
- Skin: its basic measures beside every route that lists it active, never suggesting hydroxychloroquine already
  tried; recorded skin activity without a dermatomyositis rash is explained.
- Lung: anti-MDA5 ILD progressing on therapy is intensified now, whatever the weeks; a lung of unknown activity is
  asked before any taper or any "controlled" reading in pregnancy; a symptomatic ILD without an ILD agent is said.
- Steroid myopathy named on every route its clues reach (set aside by a raised CK only).
- Screening: TPMT/NUDT15 before azathioprine; fertility counselling for women before cyclophosphamide.
- Wording: a partial response said as recorded; "holds escalation" only where a question can hold it.
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


def _first(rec) -> str | None:
    return next((a.therapy for a in rec.actions if a.rank == 1), None)


@pytest.mark.parametrize("subtype", ["dm", "pm"])
def test_a_working_regimen_is_replaced_first_by_a_steroid_sparing_agent_not_ivig(subtype):
    """Round-36 audit: mycophenolate working, stopped for a planned conception, was replaced by IVIG first."""
    patient = active_dm(course("methotrexate", 20, "failed"),
                        course("mycophenolate_mofetil", 40, "responded", current=True),
                        **{**QUIET, **SCREENED, "diagnosis": {"subtype": subtype, "ibm_features_excluded": True},
                           "pregnancy": {"status": "not_pregnant", "plans": "trying", "breastfeeding": False,
                                         "contraception": False}})
    rec = decision.recommend(KB, patient)
    assert _first(rec) not in (None, "ivig")
    assert _first(rec) in {"azathioprine", "tacrolimus", "cyclosporine"}


def test_ivig_keeps_its_place_among_the_alternatives_of_a_replacement():
    rec = decision.recommend(KB, _stopped_for_latent_tb(course("methotrexate", 20, "failed"),
                                                        course("mycophenolate_mofetil", 20, "failed"), subtype="dm"))
    assert _first(rec) == "rituximab"
    assert "ivig" in _offered(rec)  # second, not dropped for a more toxic agent


@pytest.mark.parametrize("stopped, mate", [("cyclosporine", "tacrolimus"), ("tacrolimus", "cyclosporine")])
@pytest.mark.parametrize("egfr, offered", [(38, False), (59, False), (75, True)])
def test_a_calcineurin_inhibitor_not_tolerated_with_the_kidneys_impaired_is_not_switched_to_its_class_mate(
        stopped, mate, egfr, offered):
    """Round-36 audit: ciclosporin stopped (eGFR 78 to 38), tacrolimus offered as the switch."""
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), course(stopped, 24, "intolerant"),
                                           **SCREENED, labs={"ck": {"value": 2400, "uln": 200}, "egfr": egfr,
                                                             "thyroid_function": "normal"}))
    assert rec.status.code == "intolerance"
    passed_over = {n.therapy: n.reason for n in rec.not_suggested}
    assert ("nephrotoxicity" in passed_over.get(mate, "")) is not offered
    if not offered:
        assert mate not in _offered(rec)


SKIN_ACTIVE = {"active": True}


@pytest.mark.parametrize("hcq", [course("hydroxychloroquine", 24, "failed"),
                                 course("hydroxychloroquine", 6, "intolerant"),
                                 course("hydroxychloroquine", 30, None, current=True)])
def test_the_skin_line_beside_the_muscle_never_suggests_hydroxychloroquine_already_tried(hcq):
    """Round-36 audit: 'hydroxychloroquine if the rash persists' to a patient in whom it failed, was not tolerated or
    is taken now."""
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), hcq, skin=SKIN_ACTIVE, **SCREENED))
    ids = _ids(rec)
    assert "skin_alongside_hcq_tried" in ids and "skin_alongside" not in ids
    assert "hydroxychloroquine" not in _offered(rec)


def test_the_skin_line_suggests_hydroxychloroquine_never_tried():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), skin=SKIN_ACTIVE, **SCREENED))
    assert "skin_alongside" in _ids(rec) and "skin_alongside_hcq_tried" not in _ids(rec)


def _ids(rec) -> set[str]:
    return {a.id for a in rec.actions}


@pytest.mark.parametrize("patient", [
    pytest.param(active_dm(skin=SKIN_ACTIVE, ild={"present": True, "progressing": False, "symptomatic": True,
                                                  "rapidly_progressive": False}, treatment_naive=True, **SCREENED),
                 id="new-with-ild"),
    pytest.param(active_dm(course("methotrexate", 6, None, current=True), skin=SKIN_ACTIVE, **SCREENED),
                 id="not-yet-refractory"),
])
def test_active_skin_gets_its_basic_measures_on_every_route(patient):
    """Round-36 audit: the ILD start and the not-yet-refractory answer listed the skin as active and said nothing."""
    rec = decision.recommend(KB, {**patient, "therapies": [t for t in patient["therapies"]
                                                           if not patient.get("treatment_naive")]})
    assert "skin" in rec.status.domains
    assert "skin_alongside" in _ids(rec)


def test_the_skin_line_follows_the_muscle_regimen():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), skin=SKIN_ACTIVE, **SCREENED))
    order = [a.id for a in rec.actions]
    assert order.index("skin_alongside") > order.index("muscle_exercise")


LUNG_PROGRESSING = {"present": True, "rapidly_progressive": False, "progressing": True, "symptomatic": True}
QUIET_MUSCLE_ON_MMF_WEEK_6 = dict(
    muscle={"active": False, "weakness": {"proximal": False, "trend": "stable"}},
    labs={"ck": {"value": 100, "uln": 200}, "egfr": 90, "thyroid_function": "normal", "ferritin": 300},
    mri={"oedema": False}, **SCREENED)


@pytest.mark.parametrize("mda5, lung, progressing_line, taper", [
    ("positive", LUNG_PROGRESSING, True, False),
    ("negative", LUNG_PROGRESSING, False, False),
    ("positive", {**LUNG_PROGRESSING, "progressing": False, "symptomatic": False, "symptoms_worse": False,
                  "hrct_progression": False}, False, True),
])
def test_an_anti_mda5_lung_progressing_on_therapy_is_not_left_to_the_twelve_weeks(mda5, lung, progressing_line, taper):
    """Round-36 audit: anti-MDA5 ILD progressing at week 6 of mycophenolate was told 'continue, taper on schedule'."""
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 6, "ongoing", current=True), ild=lung,
                                           autoantibodies=[{"name": "mda5", "result": mda5}],
                                           **QUIET_MUSCLE_ON_MMF_WEEK_6))
    assert rec.status.code == "not_yet_refractory"
    assert ("mda5_progressing_on_therapy" in _ids(rec)) is progressing_line
    assert ("not_yet_taper" in _ids(rec)) is taper


PREGNANT = {"status": "pregnant", "gestation_weeks": 8, "breastfeeding": False}


def _pregnant_on_methotrexate(*history: dict, ild: dict | None = None, outcome: str = "responded") -> dict:
    """Controlled on methotrexate, now pregnant: the teratogen stops and is replaced."""
    return active_dm(*history, course("methotrexate", 60, outcome, current=True),
                     **{**QUIET, **SCREENED, "pregnancy": PREGNANT, "skin": {"active": False},
                        "ild": ild or {"present": False}})


def _timing(rec, therapy: str) -> str | None:
    return next((a.timing for a in rec.actions if a.therapy == therapy and a.kind == "therapy"), None)


def test_with_no_compatible_agent_left_ivig_takes_the_stopped_teratogens_place():
    """Round-36 audit: azathioprine failed, tacrolimus not tolerated — and IVIG still waited 'if insufficient'."""
    rec = decision.recommend(KB, _pregnant_on_methotrexate(course("azathioprine", 20, "failed"),
                                                           course("tacrolimus", 10, "intolerant")))
    assert _timing(rec, "ivig") == "now"


def test_with_a_compatible_agent_left_ivig_still_waits():
    rec = decision.recommend(KB, _pregnant_on_methotrexate(course("azathioprine", 20, "failed")))
    assert _timing(rec, "tacrolimus") == "now" and _timing(rec, "ivig") == "if_insufficient"


def test_a_pregnancy_with_an_ild_of_unrecorded_activity_is_not_read_as_controlled():
    """Round-36 audit: the muscle judged quiet on methotrexate (outcome 'ongoing'), the lung's activity unrecorded:
    it counted as quiet, and was never asked. (A regimen recorded as responding is read as control.)"""
    rec = decision.recommend(KB, _pregnant_on_methotrexate(ild={"present": True, "symptomatic": True},
                                                           outcome="ongoing"))
    assert "pregnancy_gc_continue" not in _ids(rec)
    asked = {m.field for m in rec.missing}
    assert {"ild.progressing", "ild.hrct_progression"} <= asked
    assert _timing(rec, "ivig") != "now"  # no rescue brought forward past the question


STEROID_PATTERN = dict(
    muscle={"weakness": {"proximal": True, "trend": "worsening", "hip_girdle_trend": "worsening",
                         "neck_flexor_trend": "improving"}, "dysphagia": "none"},
    labs={"ck": {"value": 90, "uln": 200}, "crp_raised": False, "egfr": 90, "thyroid_function": "normal"},
    comorbidity={"cushingoid": True}, glucocorticoid={"prednisone_mg_day": 45, "weeks_above_40mg": 12}, **SCREENED)


def test_the_steroid_myopathy_pattern_with_the_muscle_unjudged_is_named_and_the_mri_asked():
    """Round-36 audit: prednisone 45 mg/day, hip weakness worse, neck improving, CK normal, Cushingoid, no MRI,
    mycophenolate at week 10: 'continue, check adherence' and nothing else."""
    patient = active_dm(course("mycophenolate_mofetil", 10, "ongoing", current=True), **STEROID_PATTERN)
    patient.pop("mri")
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "not_yet_refractory"
    assert "steroid_myopathy_unjudged" in _ids(rec)


def test_the_steroid_myopathy_line_is_not_said_of_a_neck_worsening_too():
    patient = active_dm(course("mycophenolate_mofetil", 10, "ongoing", current=True), **STEROID_PATTERN)
    patient.pop("mri")
    patient["muscle"] = {**patient["muscle"], "weakness": {**patient["muscle"]["weakness"],
                                                            "neck_flexor_trend": "worsening"}}
    assert "steroid_myopathy_unjudged" not in _ids(decision.recommend(KB, patient))


def test_glucocorticoids_alone_with_the_steroid_myopathy_pattern_name_it():
    """Round-36 audit: a responder on prednisone alone with the pattern heard only 'add a steroid-sparing agent'."""
    patient = {**active_dm(**STEROID_PATTERN), "mri": {"oedema": False},
               "therapies": [{"drug": "glucocorticoids", "weeks": 12, "current": True, "outcome": "responded"}]}
    patient["muscle"] = {**patient["muscle"], "active": False}
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "add_steroid_sparing"
    assert "not_yet_steroid_myopathy" in _ids(rec)


@pytest.mark.parametrize("subtype, rash, noted", [("asys", {}, True), ("asys", {"gottron_papules": True}, False),
                                                  ("dm", {}, False), ("overlap", {"heliotrope": False}, True)])
def test_skin_recorded_active_without_a_dermatomyositis_rash_says_how_it_is_read(subtype, rash, noted):
    """Round-36 audit: mechanic's hands recorded as active skin showed 'Skin active: unknown', unexplained."""
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 52, "responded", current=True),
                                           **{**QUIET, **SCREENED, "diagnosis": {"subtype": subtype},
                                              "skin": {"active": True, "mechanics_hands": True, **rash}}))
    assert any(n.startswith("skin.active is true") for n in rec.input_notes) is noted


def test_a_course_that_responded_only_partly_is_not_called_failed():
    """Round-36 audit: anti-SRP, IVIG recorded 'partial' and stopped, was listed as 'already failed'."""
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), course("ivig", 16, "partial"),
                                           **SCREENED, diagnosis={"subtype": "imnm", "ibm_features_excluded": True},
                                           autoantibodies=[{"name": "srp", "result": "positive"}]))
    reason = {n.therapy: n.reason for n in rec.not_suggested}.get("ivig", "")
    assert "responded only partly" in reason and "already failed" not in reason


STABLE_ILD = {"present": True, "symptomatic": False, "progressing": False, "hrct_progression": False,
              "symptoms_worse": False}


@pytest.mark.parametrize("intolerant", ["azathioprine", "methotrexate"])
def test_with_ild_present_the_first_line_switch_offers_the_agent_that_treats_the_lung_first(intolerant):
    """Round-36 audit: antisynthetase syndrome, stable ILD, azathioprine stopped for neutropenia: methotrexate,
    cautioned for the ILD, was the only switch."""
    rec = decision.recommend(KB, active_dm(course(intolerant, 16, "intolerant"), ild=STABLE_ILD, **SCREENED,
                                           diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                                           autoantibodies=[{"name": "pl12", "result": "positive"}]))
    assert rec.status.code == "intolerance"
    assert _first(rec) == "mycophenolate_mofetil"


def test_without_ild_the_first_line_switch_stays_in_the_first_line():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 16, "intolerant"), **SCREENED))
    assert _first(rec) == "methotrexate" and "mycophenolate_mofetil" not in _offered(rec)


def test_after_a_first_line_failure_the_ild_rule_does_not_reorder_the_second_line():
    """Antisynthetase ILD: tacrolimus keeps its sourced preference on line 2."""
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), ild=STABLE_ILD, **SCREENED,
                                           diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                                           autoantibodies=[{"name": "jo1", "result": "positive"}]))
    assert not any("ILD is present: mycophenolate" in r for a in rec.actions for r in (a.ranking or ()))


def _aza_switch(tpmt: str | None, *taken: dict) -> dict:
    """Methotrexate not tolerated: azathioprine is the first-line switch."""
    labs = {"ck": {"value": 2400, "uln": 200}, "egfr": 90, "thyroid_function": "normal",
            **({"tpmt": tpmt} if tpmt else {})}
    return active_dm(course("methotrexate", 8, "intolerant"), *taken, labs=labs, **SCREENED)


@pytest.mark.parametrize("tpmt, warned, offered", [(None, True, True), ("intermediate", True, True),
                                                   ("normal", False, True), ("poor", False, False)])
def test_tpmt_is_checked_before_azathioprine(tpmt, warned, offered):
    """Round-36 audit: the TPMT check was only a monitoring line, never a check before starting."""
    rec = decision.recommend(KB, _aza_switch(tpmt))
    assert ("azathioprine" in _offered(rec)) is offered
    assert any(w.id == "thiopurine_reduced" for w in rec.warnings) is warned
    assert ("labs.tpmt" in {m.field for m in rec.missing}) is (tpmt is None)
    if not offered:
        assert "TPMT or NUDT15 deficient" in {n.therapy: n.reason for n in rec.not_suggested}["azathioprine"]


def test_tpmt_is_not_asked_of_a_patient_taking_azathioprine():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 8, "ongoing", current=True), **SCREENED))
    assert "labs.tpmt" not in {m.field for m in rec.missing}


@pytest.mark.parametrize("sex, age, warned", [("female", 29, True), ("female", 62, False), ("male", 29, False)])
def test_cyclophosphamide_brings_fertility_counselling_for_women_of_child_bearing_age(sex, age, warned):
    """Round-36 audit: the fertility caution before cyclophosphamide was given to men only."""
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 16, "failed"), ild=RPILD, **SCREENED,
                                           sex=sex, age=age,
                                           pregnancy={"status": "not_pregnant", "plans": "none",
                                                      "breastfeeding": False, "contraception": True}
                                           if sex == "female" else {}))
    assert "cyclophosphamide" in _offered(rec)
    assert any(w.id == "cyclophosphamide_fertility_women" for w in rec.warnings) is warned


def test_a_single_fvc_fall_does_not_silence_the_responded_caution_of_a_skin_led_answer():
    """Round-36 audit: methotrexate responding, the skin still active, the lung recorded not progressing with FVC
    70 to 64% alone: the caution that the skin options wait on the response disappeared."""
    rec = decision.recommend(KB, active_dm(course("azathioprine", 20, "failed"),
                                           course("methotrexate", 60, "responded", current=True), **{
        **QUIET, **SCREENED, "skin": {"active": True, "gottron_papules": True},
        "ild": {"present": True, "progressing": False, "symptomatic": False, "symptoms_worse": False,
                "hrct_progression": False, "rapidly_progressive": False, "fvc_percent": 64,
                "fvc_previous_percent": 70}}))
    assert "act_ladder_skin" in rec.path
    assert "responded_domain_active" in _ids(rec)


def test_holds_escalation_is_said_only_of_a_question_that_can_hold_it():
    """Round-36 audit: 'holds escalation until answered' was printed beside a domain-led escalation that went ahead."""
    rec = decision.recommend(KB, active_dm(course("hydroxychloroquine", 30, "failed"),
                                           course("methotrexate", 16, "failed", current=True), **{
        **QUIET, **SCREENED, "diagnosis": {"subtype": "asys", "ibm_features_excluded": True},
        "autoantibodies": [{"name": "pl12", "result": "positive"}], "arthritis": {"active": True, "disabling": True},
        "skin": {"active": False}, "ild": STABLE_ILD,
        "labs": {"ck": {"value": 120, "uln": 200}, "enzymes_normal_months": 10, "egfr": 90}}))
    assert not rec.held and "act_ladder_arthritis" in rec.path
    assert not any(w.startswith("holds escalation until answered") for m in rec.missing for w in m.would_change)


def test_no_glucocorticoid_taper_is_advised_to_a_patient_taking_none():
    """Round-36 audit: 'taper glucocorticoids on schedule' to a woman on methotrexate at week 6 and no prednisone."""
    patient = active_dm(course("methotrexate", 6, None, current=True), **SCREENED)
    with_gc = decision.recommend(KB, patient)
    without = decision.recommend(KB, {**patient, "therapies": patient["therapies"][1:],
                                      "glucocorticoid": {"prednisone_mg_day": 0}})
    assert "not_yet_taper" in _ids(with_gc)
    assert without.status.code == "not_yet_refractory" and "not_yet_taper" not in _ids(without)


LUNG_LEADS = {"present": True, "progressing": True, "symptomatic": True, "rapidly_progressive": False}


def test_active_skin_beside_a_lung_led_escalation_gets_its_basic_measures():
    """Round-37 audit: 'active domains: lung, skin' on the ILD ladder with no word for the skin."""
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 20, "failed", current=True),
                                           **{**QUIET, **SCREENED, "skin": SKIN_ACTIVE, "ild": LUNG_LEADS}))
    assert "act_ladder_ild" in rec.path
    assert {"skin", "lung"} <= set(rec.status.domains)
    assert "skin_alongside" in _ids(rec)


@pytest.mark.parametrize("mda5, said", [("positive", True), ("negative", False)])
def test_anti_mda5_ild_progressing_after_twelve_weeks_is_still_told_to_intensify_now(mda5, said):
    """Round-37 audit: after week 12 the anti-MDA5 lung got one ladder agent after another and no team review."""
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 16, "failed", current=True), **{
        **QUIET_MUSCLE_ON_MMF_WEEK_6, "ild": LUNG_LEADS, "autoantibodies": [{"name": "mda5", "result": mda5}]}))
    assert "act_ladder_ild" in rec.path
    assert ("mda5_progressing_on_therapy" in _ids(rec)) is said


@pytest.mark.parametrize("taken, said", [("methotrexate", True), ("mycophenolate_mofetil", False)])
def test_a_symptomatic_ild_without_an_ild_agent_is_not_read_as_a_response(taken, said):
    """Round-37 audit: a symptomatic ILD found on methotrexate alone, the muscle responding: 'continue' only."""
    rec = decision.recommend(KB, active_dm(course(taken, 40, "responded", current=True), **{
        **QUIET, **SCREENED, "skin": {"active": False},
        "ild": {"present": True, "symptomatic": True, "progressing": False, "dlco_percent": 68}}))
    assert rec.status.code == "responding"
    assert ("responding_ild_untreated" in _ids(rec)) is said


def test_steroid_myopathy_is_not_suggested_beside_raised_enzymes():
    """Round-37 audit: CK 11x the upper limit, MRI without oedema, hip weakness worse: 'steroid myopathy' was named
    (the clue is a normal CK)."""
    patient = {**active_dm(course("methotrexate", 16, "responded", current=True), **STEROID_PATTERN),
               "mri": {"oedema": False, "atrophy": True}}
    patient["labs"] = {**patient["labs"], "ck": {"value": 2200, "uln": 200}}
    patient["muscle"] = {**patient["muscle"], "active": False}
    ids = _ids(decision.recommend(KB, patient))
    assert not ids & {"not_yet_steroid_myopathy", "steroid_myopathy_unjudged"}


@pytest.mark.parametrize("mda5", ["positive", "negative"])
def test_an_ild_of_unknown_activity_at_week_6_is_asked_about_not_tapered_past(mda5):
    """Round-37 audit: anti-MDA5 ILD at week 6, its trend unrecorded: 'taper on schedule', the lung never asked."""
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 6, "ongoing", current=True), **{
        **QUIET_MUSCLE_ON_MMF_WEEK_6, "ild": {"present": True},
        "autoantibodies": [{"name": "mda5", "result": mda5}]}))
    # anti-MDA5: the pace is asked first (urgent question); otherwise the not-yet answer asks the lung's activity
    assert rec.status.code == ("urgent_question" if mda5 == "positive" else "not_yet_refractory")
    assert "not_yet_taper" not in _ids(rec)
    assert "ild.progressing" in {m.field for m in rec.missing}


def test_pregnancy_with_azathioprine_ruled_out_by_tpmt_and_tacrolimus_failed_gets_ivig_now():
    """Round-37 audit: a gate ruling azathioprine out for good leaves IVIG as the replacement, as the history does."""
    patient = _pregnant_on_methotrexate(course("tacrolimus", 20, "failed"))
    patient["labs"] = {**patient["labs"], "tpmt": "poor"}
    assert _timing(decision.recommend(KB, patient), "ivig") == "now"


def test_adding_a_steroid_sparing_agent_says_the_skin_line_too():
    rec = decision.recommend(KB, active_dm(**SCREENED, skin=SKIN_ACTIVE))
    assert rec.status.code == "add_steroid_sparing"
    assert "skin_alongside" in _ids(rec)


@pytest.mark.parametrize("progressing, said", [(False, False), (None, True)])
def test_a_lung_recorded_not_progressing_is_not_called_unrecorded(progressing, said):
    """Round-37 audit: 'whether the ILD is active is not recorded' beside the clinician's 'not progressing'."""
    ild = {"present": True, "symptomatic": False, "fvc_percent": 80, "fvc_previous_percent": 81,
           **({"progressing": progressing} if progressing is not None else {})}
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 40, "responded", current=True), **{
        **QUIET, **SCREENED, "skin": {"active": False}, "ild": ild}))
    assert rec.status.code == "responding"
    assert ("responding_lung_unjudged" in _ids(rec)) is said


def test_a_childs_first_line_switch_with_ild_keeps_ciclosporin():
    """Round-38 audit: tacrolimus, brought in for an adult's ILD, took ciclosporin's place (SHARE) in JDM."""
    rec = decision.recommend(KB, active_dm(course("methotrexate", 10, "intolerant"), ild=STABLE_ILD, **SCREENED,
                                           age=11, diagnosis={"subtype": "jdm", "ibm_features_excluded": True}))
    assert "tacrolimus" not in _offered(rec)


def test_the_taper_line_stays_beside_a_lung_the_clinician_records_not_progressing():
    """Round-38 audit: FVC 58 to 70%, 'not progressing' recorded, the rest unrecorded: the taper line was lost."""
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 8, "ongoing", current=True), **{
        **QUIET_MUSCLE_ON_MMF_WEEK_6, "ild": {"present": True, "progressing": False, "fvc_percent": 70,
                                              "fvc_previous_percent": 58}}))
    assert rec.status.code == "not_yet_refractory"
    assert "not_yet_taper" in _ids(rec)


def test_anti_mda5_ild_progressing_on_glucocorticoids_alone_is_told_to_intensify():
    """Round-38 audit: anti-MDA5 ILD progressing on glucocorticoids alone got one agent and no team review."""
    rec = decision.recommend(KB, active_dm(**{**QUIET_MUSCLE_ON_MMF_WEEK_6, "ild": LUNG_LEADS,
                                              "autoantibodies": [{"name": "mda5", "result": "positive"}]}))
    assert rec.status.code == "add_steroid_sparing"
    assert "mda5_progressing_on_therapy" in _ids(rec)
    assert "sparing_ild_now" not in _ids(rec)  # not "add one agent" beside "combine" (round-39 audit)


@pytest.mark.parametrize("raised, named", [({"alt": {"value": 90, "uln": 40}}, True),
                                           ({"ck": {"value": 2200, "uln": 200}}, False)])
def test_only_a_raised_ck_argues_against_the_steroid_myopathy_pattern(raised, named):
    from decision.patient.model import parse_patient
    from decision.walk.walker import context_for, facts_for
    patient = active_dm(course("methotrexate", 16, "responded", current=True), **STEROID_PATTERN)
    patient["labs"] = {**patient["labs"], **raised}
    p = parse_patient(patient)
    assert facts_for(KB, p, context_for(KB, p)).get("steroid_myopathy_pattern") is named
