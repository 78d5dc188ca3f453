"""Human labels for every patient field and value, written once for the app, the text view and the handout.

The patient model speaks in stable identifiers (``ild.fvc_percent``, ``asys``, ``not_applicable``) because files
and tests need them; a clinician reading a screen or a printout needs words. Every view asks this module, so a
label is changed in one place and a screen can never show an identifier by accident:

* :func:`field_label` — a short noun phrase for a field (``FVC``), with its unit from the model;
* :func:`question` — the question to ask for it, without codes or double negatives;
* :func:`value_label` — a value in words (``antisynthetase syndrome``, ``yes``, ``anti-PL-12``);
* :func:`therapy_label` — a therapy id as the knowledge base names it.

Labels not given here fall back to the model's own description, then to the field's leaf name in words, so a new
field still reads (less well) before someone writes its label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from decision.patient.facts import CATALOGUE
from decision.patient.model import SUBTYPE_NAMES

FIELD_LABELS: dict[str, str] = {
    "age": "Age", "sex": "Sex", "weight_kg": "Weight", "height_cm": "Height", "label": "Patient label",
    "as_of": "Date of this assessment", "treatment_naive": "Treated with immunosuppression so far",
    "therapies": "Treatments so far", "autoantibodies": "Myositis autoantibodies", "assessments":
    "Dated core set assessments",
    "pregnancy.status": "Pregnancy", "pregnancy.plans": "Pregnancy plans", "pregnancy.gestation_weeks": "Gestation",
    "pregnancy.contraception": "Reliable contraception", "pregnancy.breastfeeding": "Breastfeeding",
    "diagnosis.subtype": "Myositis subtype", "diagnosis.onset_age": "Age at onset",
    "diagnosis.disease_duration_months": "Disease duration",
    "diagnosis.ibm_features_excluded": "Inclusion body myositis features looked for and excluded",
    "muscle.weakness.proximal": "Proximal weakness", "muscle.weakness.distal": "Distal weakness",
    "muscle.weakness.asymmetric": "Asymmetric weakness", "muscle.weakness.finger_flexors": "Weak finger flexors",
    "muscle.weakness.quadriceps": "Disproportionately weak quadriceps",
    "muscle.weakness.neck_flexors": "Weak neck flexors", "muscle.weakness.trend": "Muscle strength trend",
    "muscle.weakness.hip_girdle_trend": "Hip-girdle strength trend",
    "muscle.weakness.neck_flexor_trend": "Neck-flexor strength trend", "muscle.weakness.mmt8": "MMT-8 score",
    "muscle.weakness.mmt8_max": "MMT scale", "muscle.active": "Clinically active myositis",
    "muscle.dysphagia": "Dysphagia", "muscle.respiratory_muscle_weakness": "Respiratory muscle weakness",
    "muscle.very_severe_weakness": "Very severe weakness",
    "ild.present": "Interstitial lung disease (ILD)", "ild.pattern": "ILD pattern on CT", "ild.fvc_percent": "FVC",
    "ild.dlco_percent": "DLCO", "ild.fvc_previous_percent": "Previous FVC", "ild.dlco_previous_percent":
    "Previous DLCO", "ild.symptomatic": "Symptomatic ILD", "ild.progressing": "ILD progressing on current therapy",
    "ild.rapidly_progressive": "Rapidly progressive ILD",
    "ild_rapidly_progressive": "Rapidly progressive ILD (recorded, or ruled out by a stable lung)",
    "ild.ground_glass_all_zones": "Ground-glass change in all lung zones",
    "ild.spo2_percent": "Oxygen saturation (SpO₂)",
    "skin.active": "Active skin disease", "skin.cdasi_activity": "CDASI activity", "skin.ulcers": "Skin ulcers",
    "skin.calcinosis": "Calcinosis", "skin.heliotrope": "Heliotrope rash", "skin.gottron_papules":
    "Gottron's papules", "skin.gottron_sign": "Gottron's sign", "skin.mechanics_hands": "Mechanic's hands",
    "skin.photoprotection": "Uses photoprotection", "arthritis.active": "Active arthritis",
    "arthritis.disabling": "Arthritis is the most disabling problem", "cardiac.myocarditis":
    "Myocarditis or other cardiac involvement",
    "labs.ck": "CK", "labs.aldolase": "Aldolase", "labs.ldh": "LDH", "labs.alt": "ALT", "labs.ast": "AST",
    "labs.ck_trend": "CK trend", "labs.enzymes_normal_months": "Months with normal muscle enzymes",
    "labs.crp_raised": "CRP raised", "labs.ferritin": "Ferritin", "labs.tsh": "TSH", "labs.thyroid_function":
    "Thyroid function", "labs.igg": "IgG", "labs.iga_deficiency": "IgA deficiency", "labs.anti_iga_antibodies":
    "Anti-IgA antibodies", "labs.egfr": "eGFR", "labs.lymphocytes": "Lymphocyte count",
    "labs.tpmt": "TPMT and NUDT15 status",
    "hepatitis_b.hbsag": "Hepatitis B surface antigen (HBsAg)", "hepatitis_b.anti_hbc":
    "Hepatitis B core antibody (anti-HBc)", "hepatitis_b.dna": "Hepatitis B DNA",
    "tuberculosis.test": "Latent TB test (IGRA or skin test)", "tuberculosis.treated": "Latent TB treated",
    "mri.oedema": "Muscle oedema on MRI", "mri.fatty_replacement": "Fatty replacement on MRI",
    "mri.atrophy": "Muscle atrophy on MRI", "mri.date": "Date of MRI",
    "biopsy.performed": "Muscle biopsy done", "biopsy.repeat": "Repeat biopsy on treatment",
    "biopsy.inflammation": "Inflammation on biopsy", "biopsy.endomysial_infiltrate": "Endomysial infiltrate",
    "biopsy.perimysial_perivascular_infiltrate": "Perimysial or perivascular infiltrate",
    "biopsy.necrosis": "Necrotic fibres", "biopsy.perifascicular_atrophy": "Perifascicular atrophy",
    "biopsy.rimmed_vacuoles": "Rimmed vacuoles", "biopsy.fibre_loss_fat": "Fibre loss with fat replacement",
    "biopsy.type2_fibre_atrophy": "Type 2 fibre atrophy",
    "exposures.statin": "Statin exposure", "exposures.penicillamine": "Penicillamine exposure",
    "exposures.zidovudine": "Zidovudine exposure",
    "cancer.history": "Previous cancer", "cancer.active": "Active cancer", "cancer.screening":
    "Cancer screening for the risk stratum", "cancer.screening_result": "Cancer screening result",
    "comorbidity.thrombosis_history": "Previous thrombosis", "comorbidity.cardiovascular_disease":
    "Cardiovascular disease", "comorbidity.smoking": "Smoking", "comorbidity.immobility": "Immobility",
    "comorbidity.hyperviscosity": "Hyperviscosity", "comorbidity.active_infection": "Active infection",
    "comorbidity.family_history_myopathy": "Family history of muscle disease",
    "comorbidity.exercise_intolerance": "Exercise intolerance or cramps", "comorbidity.cushingoid":
    "Cushingoid features", "comorbidity.adherence_concern": "Doubt about adherence",
    "comorbidity.live_vaccine_planned": "Live vaccine planned",
    "glucocorticoid.prednisone_mg_day": "Prednisone(-equivalent) dose", "glucocorticoid.weeks_at_or_above_30mg":
    "Weeks at 30 mg/day or more", "glucocorticoid.weeks_above_40mg": "Weeks above 40 mg/day",
    "glucocorticoid.pulses_recent": "Recent methylprednisolone pulses",
    "glucocorticoid.pjp_prophylaxis": "On PJP prophylaxis",
    # derived facts (named by warnings and the reasoning trace)
    "antibodies": "Positive autoantibodies", "antibodies_uncertain": "Weakly positive autoantibodies",
    "antisynthetase": "Antisynthetase syndrome", "dermatomyositis": "Dermatomyositis", "juvenile": "A child (under 18)",
    "pregnant": "Pregnant", "pregnancy_possible": "Could become pregnant",
    "pregnancy_possible_soon": "Pregnant or trying to conceive", "hbv_exposed": "Hepatitis B exposure",
    "latent_tb_untreated": "Untreated latent TB", "current_drugs": "Current treatments",
    "tried_drugs": "Treatments tried", "failed_drugs": "Treatments that failed",
    "early_now": "Treatments taken now, not yet an adequate trial",
    "failed_now": "Treatments taken now that failed",
    "underdosed_now": "Treatments taken now under-dosed or not as prescribed",
    "partial_now": "Treatments taken now with a partial response after an adequate trial",
    "cyclophosphamide_within_12_weeks": "Cyclophosphamide less than 12 weeks ago",
    "thrombosis_history": "Previous thrombosis", "cycle_last_dose_known": "Last cycle dated",
    "cycle_as_of_known": "Assessment dated",
    "responded_before": "Worked before and stopped",
    "partial_stopped": "Treatments stopped after a partial response", "ck_raised": "CK raised",
    "intolerant_drugs": "Treatments not tolerated",
    "treated": "Treated so far", "weeks_adequate_therapy":
    "Weeks on adequate therapy", "response_undecided": "Response not settled by the assessments",
    "stopped_outcome_unknown": "Treatments stopped without a recorded outcome",
    "failed_early": "Failed without an adequate trial", "failed_weeks_unknown": "Failed with no duration recorded",
    "failed_trial_unconfirmed": "Failed, no dose recorded",
    "must_stop_current": "A current drug must stop for safety", "ild_agent_taken": "An ILD-directed drug taken now",
    "stopped_for_safety": "Current drugs stopped for safety",
    "new_agent_too_early": "Newest treatment still too early to judge",
    "sparing_agent_too_early": "Steroid-sparing agent taken now still too early to judge",
    "intolerant_at_line_failed": "Drug not tolerated sits on a line that had failed",
    "intolerant_latest_drug": "Latest drug, stopped for intolerance",
    "ruled_out_drugs": "Ruled out by a safety gate",
    "sparing_left": "A steroid-sparing agent stays after the safety stops",
    "sparing_left_underdosed": "An agent that stays is under-dosed or not taken as prescribed",
    "sparing_unfailed_stays": "An agent that stays has not failed, and no failure now was an adequate trial",
    "sparing_left_raisable": "An under-dosed agent that stays may be raised (no gate holds its dose)",
    "sparing_left_adequate": "An agent that stays has had an adequate trial",
    "adherence_doubt": "Doubt about adherence",
    "dose_not_adequate_now": "Steroid-sparing agent taken now below an adequate dose", "failed_line":
    "Treatment line that failed", "intolerance_latest": "Latest treatment not tolerated",
    "regimen_outcome": "Outcome of the current regimen", "enzymes_raised": "Muscle enzymes raised",
    "cancer_risk_features": "Cancer risk features",
    # fields added with the trials (issue 14), the corrections (issue 10) and the reasoning (issue 9)
    "diagnosis.other_myopathy": "Another myopathy diagnosed", "diagnosis.other_rheumatic_disease":
    "Another rheumatic disease", "diagnosis.myositis_principal": "Myositis is the principal diagnosis",
    "muscle.damage_mdi": "Myositis Damage Index (muscle)", "muscle.non_iim_weakness":
    "Weakness from another cause", "ild.symptoms_worse": "Respiratory symptoms worse within a year",
    "ild.hrct_progression": "Progression on HRCT within a year", "labs.cd19_b_cells_present":
    "CD19 B cells present", "hepatitis_c.antibody": "Hepatitis C antibody", "tuberculosis.active_recent":
    "Active tuberculosis recently", "emg.myopathic": "Myopathic EMG", "emg.active": "Active EMG changes",
    "cancer.unexplained_weight_loss": "Unexplained weight loss", "cancer.constitutional_symptoms":
    "Constitutional symptoms", "cancer.excepted_types_only": "Only cured skin or cervical in-situ cancers",
    "cancer.red_flag_investigated": "Red flag investigated since it appeared",
    "comorbidity.diabetes": "Diabetes", "comorbidity.recent_antibiotics": "Antibiotics recently",
    "comorbidity.chronic_infection": "Chronic infection", "comorbidity.severe_organ_disease":
    "Severe disease of another organ", "comorbidity.drug_allergies": "Drug allergies",
    "comorbidity.unable_to_cooperate": "Unable to take part in assessments", "juvenile_onset":
    "Onset before 18", "fvc_change": "Change in FVC", "dlco_change": "Change in DLCO", "on_steroid_sparing":
    "On a steroid-sparing agent now", "on_glucocorticoids": "On glucocorticoids now", "antibodies_tested":
    "Autoantibodies tested", "years_since_onset": "Years since onset", "years_since_diagnosis":
    "Years since diagnosis",
}

# Questions where the model's own wording carries codes, is missing, or would be a double negative.
QUESTIONS: dict[str, str] = {
    "pregnancy.status": "Is the patient pregnant?",
    "pregnancy.plans": "Is a pregnancy planned?",
    "treatment_naive": "Has the patient had any immunosuppressive treatment yet?",
    "diagnosis.subtype": "Which myositis subtype?",
    "muscle.weakness.trend": "Is overall muscle strength improving, stable or worsening?",
    "muscle.weakness.mmt8": "Current MMT-8 score",
    "muscle.weakness.mmt8_max": "On which MMT scale?",
    "muscle.dysphagia": "How severe is the dysphagia?",
    "labs.ck": "CK, with the laboratory's upper limit of normal",
    "labs.tsh": "TSH, with the laboratory's upper limit of normal",
    "labs.ck_trend": "Is the CK falling, stable or rising?",
    "ild.pattern": "ILD pattern on high-resolution CT",
    "ild.fvc_percent": "FVC now", "ild.fvc_previous_percent": "FVC at the previous test",
    "ild.dlco_percent": "DLCO now", "ild.dlco_previous_percent": "DLCO at the previous test",
    "exposures.statin": "Has the patient taken a statin?",
    "comorbidity.smoking": "Does the patient smoke?",
    "mri.fatty_replacement": "How much fatty replacement does muscle MRI (T1) show?",
    "cancer.screening": "Has cancer screening for the patient's risk stratum been done?",
    "therapies": "Treatments so far, each with its outcome",
    "autoantibodies": "Myositis autoantibodies tested, each with its result",
}

# Values in words: per field first, then for any field.
VALUE_LABELS: dict[str, dict[Any, str]] = {
    "diagnosis.subtype": dict(SUBTYPE_NAMES),
    "pregnancy.status": {"pregnant": "pregnant", "not_pregnant": "not pregnant",
                         "not_applicable": "cannot become pregnant"},
    "pregnancy.plans": {"none": "no plans", "trying": "trying to conceive now", "future": "planned in the future"},
    "treatment_naive": {True: "no — untreated so far", False: "yes — has been treated"},
    "ild.pattern": {"nsip": "NSIP (non-specific interstitial pneumonia)", "op": "organising pneumonia",
                    "uip": "UIP (usual interstitial pneumonia)", "dad": "diffuse alveolar damage",
                    "mixed": "mixed", "other": "other"},
    "muscle.weakness.mmt8_max": {80: "0–80 (MMT-8, one side)", 150: "0–150 (MMT-8, both sides)",
                                 260: "0–260 (MMT-24)"},
    "cancer.screening": {"done": "done", "incomplete": "incomplete", "not_done": "not done"},
    "outcome": {"ongoing": "still on it, too early to judge", "responded": "responded",
                "partial": "partial response", "failed": "no response (failed)",
                "intolerant": "stopped: not tolerated"},
    "tuberculosis.test": {"positive": "positive", "negative": "negative", "indeterminate": "indeterminate"},
    "failed_line": {0: "none yet", 1: "first line", 2: "second line", 3: "third line"},
}
COMMON_VALUES: dict[Any, str] = {True: "yes", False: "no", None: "unknown", "not_done": "not done"}

ANTIBODY_NAMES: dict[str, str] = {
    "jo1": "anti-Jo-1", "pl7": "anti-PL-7", "pl12": "anti-PL-12", "ej": "anti-EJ", "oj": "anti-OJ", "ks": "anti-KS",
    "zo": "anti-Zo", "yrs": "anti-YRS", "mi2": "anti-Mi-2", "mi2_alpha": "anti-Mi-2α", "mi2_beta": "anti-Mi-2β",
    "mda5": "anti-MDA5", "tif1g": "anti-TIF1-γ", "nxp2": "anti-NXP2", "sae": "anti-SAE", "srp": "anti-SRP",
    "hmgcr": "anti-HMGCR", "cn1a": "anti-cN1A", "pm_scl75": "anti-PM/Scl-75", "pm_scl100": "anti-PM/Scl-100",
    "u1rnp": "anti-U1-RNP", "ro52": "anti-Ro52", "ro60": "anti-Ro60", "ku": "anti-Ku",
}

# Instrument ranges of the IMACS core set measures a dated assessment records (IMACS core set; see
# docs/measures-examples.md and the measures brief): visual analogue scales 0–10 cm, HAQ-DI/CHAQ 0–3, and the
# MMT on one of three scales. These are the instruments' own ranges, not clinical thresholds.
ASSESSMENT_MEASURES: tuple[tuple[str, str, float], ...] = (
    ("pga", "Physician global activity (0–10 cm)", 10.0),
    ("ptga", "Patient global activity (0–10 cm)", 10.0),
    ("mmt", "MMT total (points)", 260.0),
    ("haq", "HAQ-DI / CHAQ (0–3)", 3.0),
    ("extramuscular", "Extramuscular global activity (0–10 cm)", 10.0),
)
MMT_SCALES: tuple[int, ...] = (80, 150, 260)


def field_label(dotted: str) -> str:
    """A short label for a patient field (``ild.fvc_percent`` → ``FVC``); list indices are dropped."""
    key = _strip_index(dotted)
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    if key.endswith((".value", ".xuln")):
        base = FIELD_LABELS.get(key.rsplit(".", 1)[0], key.rsplit(".", 1)[0])
        return base + (" (× upper limit of normal)" if key.endswith(".xuln") else "")
    spec = CATALOGUE.get(key)
    if spec is not None and spec.description:
        text = spec.description
    else:
        text = key.rsplit(".", 1)[-1].replace("_", " ")
    return text[:1].upper() + text[1:]


def is_field(dotted: str) -> bool:
    """Whether ``dotted`` names a patient field (``therapies[0].drug`` does; ``pasted.yaml:3`` does not)."""
    key = _strip_index(dotted)
    return key in FIELD_LABELS or key in CATALOGUE or key.split(".", 1)[0] in ("therapies", "autoantibodies",
                                                                                "assessments")


def unit(dotted: str) -> str | None:
    spec = CATALOGUE.get(_strip_index(dotted))
    if spec is None and dotted.startswith("labs."):
        spec = CATALOGUE.get(f"{dotted}.value")
    return spec.unit if spec is not None else None


def question(dotted: str) -> str:
    """The question to ask for a field, in words (never a code, never a double negative)."""
    key = _strip_index(dotted)
    if key in QUESTIONS:
        return QUESTIONS[key]
    spec = CATALOGUE.get(key) or CATALOGUE.get(f"{key}.value")
    if spec is not None and spec.question and "_" not in spec.question:
        return spec.question
    return field_label(key)


def value_label(dotted: str, value: Any) -> str:
    """One value of one field in words (``asys`` → ``antisynthetase syndrome``)."""
    key = _strip_index(dotted)
    leaf = key.rsplit(".", 1)[-1]
    for table in (VALUE_LABELS.get(key), VALUE_LABELS.get(leaf)):
        if table is not None and _hashable(value) and value in table:
            return table[value]
    if leaf in ("name", "antibodies", "antibodies_uncertain") and isinstance(value, str):
        return ANTIBODY_NAMES.get(value, value)
    if _hashable(value) and value in COMMON_VALUES and not isinstance(value, (int, float)) or isinstance(value, bool):
        return COMMON_VALUES[value]
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return str(value).replace("_", " ")


def therapy_label(kb: Any, therapy_id: str) -> str:
    t = kb.therapies.get(therapy_id) if kb is not None else None
    return t.name if t is not None else therapy_id.replace("_", " ")


def antibody_label(name: str) -> str:
    return ANTIBODY_NAMES.get(name, name)


def _strip_index(dotted: str) -> str:
    """``therapies[0].drug`` → ``therapies.drug``."""
    out = []
    for part in dotted.split("."):
        out.append(part.split("[", 1)[0])
    return ".".join(out)


def _hashable(value: Any) -> bool:
    return not isinstance(value, (list, dict, tuple, set, Mapping))
