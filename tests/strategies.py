"""Hypothesis strategies for patient states: broad, partly missing, always valid input."""

from hypothesis import strategies as st

ANTIBODIES = ["jo1", "pl7", "pl12", "mi2", "mda5", "tif1g", "nxp2", "sae", "srp", "hmgcr", "cn1a", "pm_scl75", "ro52"]
DRUGS = ["glucocorticoids", "methotrexate", "azathioprine", "mycophenolate_mofetil", "tacrolimus", "cyclosporine",
         "ivig", "rituximab", "cyclophosphamide", "hydroxychloroquine", "tofacitinib", "abatacept",
         "methotrexate_azathioprine"]


def maybe(strategy):
    return st.one_of(st.none(), strategy)


def _drop_none(d):
    return {k: v for k, v in d.items() if v is not None and v != {}}


def section(**fields):
    return st.fixed_dictionaries({}, optional=fields).map(_drop_none)


booleans = st.booleans()


def _plausible_gc(gc: dict) -> dict:
    """Weeks above 40 mg are also weeks at or above 30 mg (the input edge refuses anything else)."""
    if "weeks_above_40mg" in gc:
        gc = {**gc, "weeks_at_or_above_30mg": max(gc.get("weeks_at_or_above_30mg", 0), gc["weeks_above_40mg"])}
    return gc
lab = st.fixed_dictionaries({"value": st.floats(0, 20000, allow_nan=False), "uln": st.floats(1, 500, allow_nan=False)})

course = st.fixed_dictionaries(
    {"drug": st.sampled_from(DRUGS), "current": st.booleans()},  # required: a course says whether it is taken now
    optional={
        "weeks": st.floats(0, 200, allow_nan=False),
        "adequate_dose": booleans,
        "adherent": booleans,
        "outcome": st.sampled_from(["ongoing", "responded", "partial", "failed", "intolerant"]),
    },
)

patients = st.fixed_dictionaries(
    {},
    optional={
        "age": st.floats(1, 95, allow_nan=False),
        "sex": st.sampled_from(["female", "male", "other"]),
        "weight_kg": st.floats(10, 150, allow_nan=False),
        "pregnancy": section(status=st.sampled_from(["pregnant", "not_pregnant", "not_applicable"]),
                             plans=st.sampled_from(["none", "trying", "future"])),
        "diagnosis": section(subtype=st.sampled_from(["dm", "cadm", "pm", "imnm", "asys", "overlap", "ibm", "jdm",
                                                      "cam", "unclassified"]),
                             ibm_features_excluded=booleans),
        "autoantibodies": st.lists(st.fixed_dictionaries({
            "name": st.sampled_from(ANTIBODIES), "result": st.sampled_from(["positive", "negative"])},
            optional={"intensity": st.floats(0, 150, allow_nan=False)}), max_size=3),
        "muscle": section(active=booleans, dysphagia=st.sampled_from(["none", "mild", "moderate", "severe"]),
                          respiratory_muscle_weakness=booleans, very_severe_weakness=booleans,
                          weakness=section(finger_flexors=booleans, asymmetric=booleans, quadriceps=booleans,
                                           hip_girdle_trend=st.sampled_from(["improving", "stable", "worsening"]),
                                           trend=st.sampled_from(["improving", "stable", "worsening"]),
                                           neck_flexor_trend=st.sampled_from(["improving", "stable", "worsening"]))),
        "ild": section(present=booleans, rapidly_progressive=booleans, progressing=booleans, symptomatic=booleans,
                       symptoms_worse=booleans, hrct_progression=booleans, fvc_percent=st.floats(30, 120),
                       fvc_previous_percent=st.floats(30, 120), dlco_percent=st.floats(20, 120),
                       dlco_previous_percent=st.floats(20, 120),
                       pattern=st.sampled_from(["nsip", "uip", "op"])),
        "skin": section(active=booleans, ulcers=booleans, cdasi_activity=st.floats(0, 60)),
        "arthritis": section(active=booleans, disabling=booleans),
        "cardiac": section(myocarditis=booleans),
        "labs": section(ck=lab, ldh=lab, ferritin=st.floats(0, 5000, allow_nan=False),
                        thyroid_function=st.sampled_from(["normal", "hypothyroid"]),
                        iga_deficiency=booleans, anti_iga_antibodies=booleans, crp_raised=booleans,
                        enzymes_normal_months=st.floats(0, 24), tsh=lab),
        "hepatitis_b": section(hbsag=st.sampled_from(["positive", "negative"]),
                               anti_hbc=st.sampled_from(["positive", "negative"])),
        "tuberculosis": section(test=st.sampled_from(["positive", "negative", "indeterminate"]), treated=booleans),
        "mri": section(oedema=booleans, atrophy=booleans,
                       fatty_replacement=st.sampled_from(["none", "mild", "marked", "complete"])),
        "biopsy": section(inflammation=booleans, rimmed_vacuoles=booleans, fibre_loss_fat=booleans),
        "exposures": section(statin=st.sampled_from(["current", "past", "never"])),
        "cancer": section(active=booleans, history=booleans,
                          screening=st.sampled_from(["done", "incomplete", "not_done"])),
        "comorbidity": section(cushingoid=booleans, thrombosis_history=booleans, active_infection=booleans,
                               family_history_myopathy=booleans, adherence_concern=booleans,
                               smoking=st.sampled_from(["current", "former", "never"])),
        "glucocorticoid": section(prednisone_mg_day=st.floats(0, 100, allow_nan=False),
                                  weeks_at_or_above_30mg=st.floats(0, 52, allow_nan=False),
                                  weeks_above_40mg=st.floats(0, 52, allow_nan=False)).map(_plausible_gc),
        "therapies": st.lists(course, max_size=4),
        "treatment_naive": booleans,
    },
)


def _merge(data: dict, fixed: dict) -> dict:
    out = dict(data)
    for key, value in fixed.items():
        out[key] = _merge(out.get(key) or {}, value) if isinstance(value, dict) else value
    return out


# Patients past triage who have failed at least one adequate course: the part of the pathway where holds,
# domains and lines decide. Generated fields fill the rest, often leaving the deciding ones unknown.
_PAST_TRIAGE = {
    "sex": "male",
    "ild": {"rapidly_progressive": False},
    "muscle": {"dysphagia": "none", "respiratory_muscle_weakness": False, "very_severe_weakness": False},
    "cardiac": {"myocarditis": False},
}
refractory_patients = st.tuples(patients, st.lists(course, max_size=2), st.sampled_from(DRUGS[1:6])).map(
    lambda t: _merge(t[0], {**_PAST_TRIAGE, "diagnosis": {"subtype": "pm"} if t[0].get("diagnosis", {}).get(
        "subtype") in (None, "ibm") else {}, "therapies": [
        {"drug": t[2], "weeks": 16, "current": False, "adequate_dose": True, "adherent": True, "outcome": "failed"},
        *t[1]]}))
