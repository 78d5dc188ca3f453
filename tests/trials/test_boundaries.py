"""Boundary values of every numeric criterion: the measures.md vectors, age limits, washouts, MMT cut-offs.

Each row is (trial, criterion, patient fragment, expected status of the criterion's condition). The screening
date is 2026-06-01 (helpers.ON), so "6 months before" is 2025-12-01 exactly.
"""

import pytest

from .helpers import criterion


def mmt(score):
    return {"muscle": {"weakness": {"mmt8": score, "mmt8_max": 150}}}


def enzymes(ck_times):
    """CK at ``ck_times`` x ULN and every other enzyme normal, so the enzyme item is decided by CK alone."""
    normal = {"value": 10, "uln": 40}
    return {"labs": {"ck": {"value": 200 * ck_times, "uln": 200}, "aldolase": normal, "ldh": normal, "ast": normal,
                     "alt": normal}}


# Two other measures clearly abnormal, the rest clearly normal: the third item decides "any 3 of".
TWO_ABNORMAL_611 = {"date": "2026-05-01", "pga": 3, "ptga": 3, "haq": 0.1, "extramuscular": 0}
# One other abnormal, the rest normal: the second item decides ProDERM's "at least 2 of".
ONE_ABNORMAL_PRODERM = {"date": "2026-05-01", "pga": 3, "ptga": 0, "haq": 0.1, "extramuscular": 0}


def with_assessment(base, **changes):
    return {"assessments": [{**base, **changes}]}


def rtx(last_dose):
    return {"therapies": [{"drug": "rituximab", "current": False, "last_dose": last_dose}],
            "labs": {"cd19_b_cells_present": True}}


def course(drug, last_dose):
    return {"therapies": [{"drug": drug, "current": False, "last_dose": last_dose}]}


BOUNDARIES = [
    # ages
    ("im101_611", "adult", {"age": 18}, "met"),
    ("im101_611", "adult", {"age": 17.9}, "not_met"),
    ("nct04946669", "adult", {"age": 18}, "met"),
    ("nct04946669", "adult", {"age": 17.99}, "not_met"),
    ("proderm", "adult", {"age": 18}, "met"),
    ("proderm", "under_80", {"age": 79.9}, "met"),
    ("proderm", "under_80", {"age": 80}, "not_met"),
    # MMT-8 cut-offs (0-150)
    ("im101_611", "mmt8_at_most_135", mmt(135), "met"),
    ("im101_611", "mmt8_at_most_135", mmt(135.5), "not_met"),
    ("im101_611", "three_abnormal_core_set_measures", {**mmt(125), **enzymes(1), **with_assessment(TWO_ABNORMAL_611)},
     "met"),
    ("im101_611", "three_abnormal_core_set_measures", {**mmt(126), **enzymes(1), **with_assessment(TWO_ABNORMAL_611)},
     "not_met"),
    ("proderm", "mmt8_below_142", mmt(141.5), "met"),
    ("proderm", "mmt8_below_142", mmt(142), "not_met"),  # measures.md: exactly 142 does not qualify
    # enzymes: measures.md boundary vectors
    ("im101_611", "three_abnormal_core_set_measures", {**mmt(140), **enzymes(1.3), **with_assessment(TWO_ABNORMAL_611)},
     "met"),  # exactly 1.3 x ULN counts
    ("im101_611", "three_abnormal_core_set_measures",
     {**mmt(140), **enzymes(1.29), **with_assessment(TWO_ABNORMAL_611)}, "not_met"),
    ("proderm", "two_abnormal_core_set_measures", {**enzymes(1.5), **with_assessment(ONE_ABNORMAL_PRODERM)},
     "not_met"),  # exactly 1.5 x ULN does not count
    ("proderm", "two_abnormal_core_set_measures", {**enzymes(1.51), **with_assessment(ONE_ABNORMAL_PRODERM)}, "met"),
    # VAS, HAQ
    ("im101_611", "three_abnormal_core_set_measures",
     {**mmt(140), **enzymes(1), **with_assessment(TWO_ABNORMAL_611, extramuscular=2)}, "met"),
    ("im101_611", "three_abnormal_core_set_measures",
     {**mmt(140), **enzymes(1), **with_assessment(TWO_ABNORMAL_611, extramuscular=1.9)}, "not_met"),
    ("im101_611", "three_abnormal_core_set_measures",
     {**mmt(140), **enzymes(1), **with_assessment(TWO_ABNORMAL_611, haq=0.5)}, "met"),
    ("im101_611", "three_abnormal_core_set_measures",
     {**mmt(140), **enzymes(1), **with_assessment(TWO_ABNORMAL_611, haq=0.49)}, "not_met"),
    ("proderm", "two_abnormal_core_set_measures", {**enzymes(1), **with_assessment(ONE_ABNORMAL_PRODERM, haq=0.25)},
     "met"),
    ("proderm", "two_abnormal_core_set_measures", {**enzymes(1), **with_assessment(ONE_ABNORMAL_PRODERM, haq=0.24)},
     "not_met"),
    ("proderm", "two_abnormal_core_set_measures", {**enzymes(1), **with_assessment(ONE_ABNORMAL_PRODERM, ptga=2)},
     "met"),
    ("proderm", "two_abnormal_core_set_measures", {**enzymes(1), **with_assessment(ONE_ABNORMAL_PRODERM, ptga=1.9)},
     "not_met"),
    # activity: CK > 5 x ULN; MRI within 3 months
    ("im101_611", "active_disease_shown", {"labs": {"ck": {"value": 1001, "uln": 200}}}, "met"),
    ("im101_611", "active_disease_shown", {"labs": {"ck": {"value": 1000, "uln": 200}}, "skin": {"active": False},
                                           "mri": {"oedema": False}, "biopsy": {"inflammation": False},
                                           "emg": {"active": False}}, "not_met"),
    ("im101_611", "active_disease_shown", {"mri": {"oedema": True, "date": "2026-03-01"}}, "met"),
    ("im101_611", "active_disease_shown", {"mri": {"oedema": True, "date": "2026-02-28"}, "labs": {"ck": {"value": 1,
                                           "uln": 200}}, "skin": {"active": False}, "biopsy": {"inflammation": False},
                                           "emg": {"active": False}}, "not_met"),
    # washout windows (screening 2026-06-01)
    ("im101_611", "rituximab_6_months", rtx("2025-12-02"), "met"),
    ("im101_611", "rituximab_6_months", rtx("2025-12-01"), "not_met"),  # exactly 6 months: outside [O]
    ("im101_611", "other_biologic_3_months", course("abatacept", "2026-03-02"), "met"),
    ("im101_611", "other_biologic_3_months", course("abatacept", "2026-03-01"), "not_met"),
    ("im101_611", "immunoglobulin_3_months", course("ivig", "2026-03-02"), "met"),
    ("im101_611", "immunoglobulin_3_months", course("ivig", "2026-03-01"), "not_met"),
    # time since diagnoses
    ("im101_611", "tif1g_recent_onset", {"autoantibodies": [{"name": "tif1g", "result": "positive"}],
                                         "diagnosis": {"date": "2025-06-02"}}, "met"),
    ("im101_611", "tif1g_recent_onset", {"autoantibodies": [{"name": "tif1g", "result": "positive"}],
                                         "diagnosis": {"date": "2025-06-01"}}, "not_met"),
    ("im101_611", "cancer_associated_myositis", {"cancer": {"history": True, "date": "2022-01-10"},
                                                 "diagnosis": {"subtype": "dm", "date": "2024-01-10"}}, "met"),
    ("im101_611", "cancer_associated_myositis", {"cancer": {"history": True, "date": "2022-01-09"},
                                                 "diagnosis": {"subtype": "dm", "date": "2024-01-10"}}, "not_met"),
    ("im101_611", "malignancy_5_years", {"cancer": {"history": True, "date": "2021-06-01",
                                                    "excepted_types_only": False}}, "met"),
    ("im101_611", "malignancy_5_years", {"cancer": {"history": True, "date": "2021-05-31",
                                                    "excepted_types_only": False}}, "not_met"),
    ("im101_611", "severe_damage", {"muscle": {"damage_mdi": 7.1}}, "met"),
    ("im101_611", "severe_damage", {"muscle": {"damage_mdi": 7}}, "not_met"),
    # background therapy durations
    ("im101_611", "background_duration",
     {"therapies": [{"drug": "methotrexate", "weeks": 12, "stable_dose_weeks": 4, "current": True}]}, "met"),
    ("im101_611", "background_duration",
     {"therapies": [{"drug": "methotrexate", "weeks": 11.9, "stable_dose_weeks": 4, "current": True}]}, "not_met"),
    ("im101_611", "background_duration",
     {"therapies": [{"drug": "methotrexate", "weeks": 12, "stable_dose_weeks": 3.9, "current": True}]}, "not_met"),
    ("im101_611", "azathioprine_duration",
     {"therapies": [{"drug": "azathioprine", "weeks": 24, "stable_dose_weeks": 12, "current": True}]}, "met"),
    ("im101_611", "azathioprine_duration",
     {"therapies": [{"drug": "azathioprine", "weeks": 23.9, "stable_dose_weeks": 12, "current": True}]}, "not_met"),
    ("im101_611", "azathioprine_duration",
     {"therapies": [{"drug": "azathioprine", "weeks": 24, "stable_dose_weeks": 11.9, "current": True}]}, "not_met"),
    ("im101_611", "background_duration",  # start + 12 weeks
     {"therapies": [{"drug": "methotrexate", "start": "2026-03-09", "stable_dose_weeks": 4, "current": True}]}, "met"),
    # NCT04946669
    ("nct04946669", "three_months_gc_and_immunosuppressant",
     {"therapies": [{"drug": "glucocorticoids", "current": True},
                    {"drug": "methotrexate", "weeks": 12, "current": True}]}, "met"),
    ("nct04946669", "three_months_gc_and_immunosuppressant",
     {"therapies": [{"drug": "glucocorticoids", "current": True},
                    {"drug": "methotrexate", "weeks": 11.9, "current": True}]}, "not_met"),
    ("nct04946669", "prednisone_below_1mg_kg", {"glucocorticoid": {"prednisone_mg_day": 59.9}, "weight_kg": 60},
     "met"),
    ("nct04946669", "prednisone_below_1mg_kg", {"glucocorticoid": {"prednisone_mg_day": 60}, "weight_kg": 60},
     "not_met"),
    ("nct04946669", "stable_immunosuppressant_3_months",
     {"therapies": [{"drug": "azathioprine", "stable_dose_weeks": 12.1, "current": True}]}, "met"),
    ("nct04946669", "stable_immunosuppressant_3_months",
     {"therapies": [{"drug": "azathioprine", "stable_dose_weeks": 12, "current": True}]}, "not_met"),
    ("nct04946669", "transaminases_above_2x", {"labs": {"alt": {"value": 100.5, "uln": 50}}}, "met"),
    ("nct04946669", "transaminases_above_2x", {"labs": {"alt": {"value": 100, "uln": 50},
                                                         "ast": {"value": 80, "uln": 40}}}, "not_met"),
    # ProDERM
    ("proderm", "bmi_40", {"weight_kg": 115.6, "height_cm": 170}, "met"),  # 40.0
    ("proderm", "bmi_40", {"weight_kg": 115.5, "height_cm": 170}, "not_met"),  # 39.97
    ("proderm", "dvt_past_year", {"comorbidity": {"venous_thrombosis_date": "2025-06-01"}}, "met"),
    ("proderm", "dvt_past_year", {"comorbidity": {"venous_thrombosis_date": "2025-05-31"}}, "not_met"),
]


@pytest.mark.parametrize(("trial_id", "criterion_id", "patient", "expected"), BOUNDARIES,
                         ids=[f"{t}.{c}.{i}" for i, (t, c, _, _) in enumerate(BOUNDARIES)])
def test_boundary(kb, trial_id, criterion_id, patient, expected):
    result = criterion(kb, trial_id, criterion_id, patient)
    assert result.status == expected, (result.rule, result.used, result.missing)


def test_months_are_calendar_months():
    import datetime as dt

    from decision.trials.facts import months_between

    assert months_between(dt.date(2026, 1, 15), dt.date(2026, 7, 15)) == 6.0
    assert months_between(dt.date(2026, 1, 15), dt.date(2026, 7, 14)) < 6.0
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 1.0
    assert months_between(dt.date(2026, 7, 15), dt.date(2026, 1, 15)) == -6.0


def test_windows_are_unknown_without_a_screening_date(kb):
    from decision.trials import eligibility

    result = next(r for r in eligibility(kb, rtx("2025-01-01")) if r.trial_id == "im101_611")
    crit = next(c for c in result.criteria if c.id == "rituximab_6_months")
    assert crit.status == "unknown" and "as_of" in crit.asks
