"""The sections of the patient state (pregnancy, diagnosis, muscle, lung, skin, labs, screening, therapy…).

Each is a small frozen model with its units, ranges and the question the guided interview asks; the whole
patient (:class:`decision.patient.model.Patient`) is assembled from them. Unknown keys are refused and every
field is optional: a missing field means *unknown*.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError


def _unit(unit: str, question: str | None = None) -> dict[str, Any]:
    extra: dict[str, Any] = {"unit": unit}
    if question:
        extra["question"] = question
    return extra


def _q(question: str) -> dict[str, Any]:
    return {"question": question}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


Subtype = Literal["dm", "cadm", "pm", "imnm", "asys", "overlap", "ibm", "jdm", "cam", "unclassified"]
SUBTYPE_NAMES = {
    "dm": "dermatomyositis",
    "cadm": "clinically amyopathic dermatomyositis",
    "pm": "polymyositis",
    "imnm": "immune-mediated necrotising myopathy",
    "asys": "antisynthetase syndrome",
    "overlap": "overlap myositis",
    "ibm": "inclusion body myositis",
    "jdm": "juvenile dermatomyositis",
    "cam": "cancer-associated myositis",
    "unclassified": "unclassified myositis",
}

Antibody = Literal[
    "jo1", "pl7", "pl12", "ej", "oj", "ks", "zo", "yrs",
    "mi2", "mi2_alpha", "mi2_beta", "mda5", "tif1g", "nxp2", "sae",
    "srp", "hmgcr", "cn1a",
    "pm_scl75", "pm_scl100", "u1rnp", "ro52", "ro60", "ku",
]
Result = Literal["positive", "negative"]
Trend = Literal["improving", "stable", "worsening"]


class AutoantibodyResult(_Model):
    """One autoantibody test. ``intensity`` is the line-blot band intensity (e.g. Euroimmun 0-100+)."""

    name: Antibody
    result: Result
    intensity: float | None = Field(None, ge=0, le=300, json_schema_extra=_unit("line-blot units"))
    method: str | None = Field(None, max_length=80, description="assay, e.g. 'line blot', 'IP'")


class Pregnancy(_Model):
    status: Literal["pregnant", "not_pregnant", "not_applicable"] | None = Field(
        None, json_schema_extra=_q("Is the patient pregnant? (not_applicable: cannot become pregnant)")
    )
    plans: Literal["none", "trying", "future"] | None = Field(
        None, json_schema_extra=_q("Pregnancy plans: none, trying now, or in the future?")
    )
    gestation_weeks: float | None = Field(None, ge=0, le=45, json_schema_extra=_unit("weeks"))
    contraception: bool | None = None
    breastfeeding: bool | None = None


class Diagnosis(_Model):
    subtype: Subtype | None = Field(None, json_schema_extra=_q("Myositis subtype?"))
    onset_age: float | None = Field(None, ge=0, le=120, json_schema_extra=_unit("years"))
    disease_duration_months: float | None = Field(None, ge=0, le=1200, json_schema_extra=_unit("months"))
    ibm_features_excluded: bool | None = Field(
        None, json_schema_extra=_q("Have IBM features been looked for and excluded?")
    )
    date: dt.date | None = Field(None, description="date myositis was diagnosed (trial criteria count from it)")
    other_myopathy: bool | None = Field(
        None, json_schema_extra=_q("Is there another cause of myopathy (drug-induced or HIV myositis, dystrophy, "
                                   "myasthenia, endocrine, metabolic)?")
    )
    other_rheumatic_disease: bool | None = Field(
        None, json_schema_extra=_q("Is there another systemic rheumatic disease (RA, SLE, SSc, Sjögren's, PBC)?")
    )
    myositis_principal: bool | None = Field(
        None, json_schema_extra=_q("In overlap myositis: is the myositis the principal active manifestation?")
    )


class Weakness(_Model):
    proximal: bool | None = None
    distal: bool | None = None
    asymmetric: bool | None = Field(None, json_schema_extra=_q("Is the weakness asymmetric?"))
    finger_flexors: bool | None = Field(None, json_schema_extra=_q("Are the finger flexors weak?"))
    quadriceps: bool | None = Field(None, json_schema_extra=_q("Are the quadriceps disproportionately weak?"))
    neck_flexors: bool | None = None
    trend: Trend | None = Field(
        None, json_schema_extra=_q("Overall muscle strength is improving, stable or worsening?"))
    hip_girdle_trend: Trend | None = Field(
        None, json_schema_extra=_q("Hip-girdle strength: improving, stable or worsening?"))
    neck_flexor_trend: Trend | None = Field(
        None, json_schema_extra=_q("Neck-flexor strength: improving, stable or worsening?"))
    mmt8: float | None = Field(None, ge=0, le=260, json_schema_extra=_unit("points", "Current MMT-8 score?"))
    mmt8_max: Literal[80, 150, 260] | None = Field(
        None, json_schema_extra=_unit("points", "MMT scale maximum (80, 150 or 260)?"))

    @model_validator(mode="after")
    def _mmt_within_its_scale(self) -> Weakness:
        if self.mmt8 is not None and self.mmt8_max is not None and self.mmt8 > self.mmt8_max:
            raise PydanticCustomError("mmt_above_scale", "mmt8 at most mmt8_max ({scale})", {"scale": self.mmt8_max})
        return self


class Muscle(_Model):
    weakness: Weakness = Weakness()
    active: bool | None = Field(
        None, json_schema_extra=_q("Is there clinically active myositis (the physician's judgement)?"))
    dysphagia: Literal["none", "mild", "moderate", "severe"] | None = Field(
        None, json_schema_extra=_q("Dysphagia: none, mild, moderate or severe (aspiration, unable to swallow)?")
    )
    respiratory_muscle_weakness: bool | None = Field(
        None, json_schema_extra=_q("Is there respiratory (diaphragm/ventilatory) muscle weakness?")
    )
    very_severe_weakness: bool | None = Field(
        None, json_schema_extra=_q("Is the weakness very severe (e.g. bed- or chair-bound)?")
    )
    damage_mdi: float | None = Field(
        None, ge=0, le=10, json_schema_extra=_unit("cm", "Myositis Damage Index, muscle damage (0-10 VAS)?")
    )
    non_iim_weakness: bool | None = Field(
        None, json_schema_extra=_q("Is there permanent weakness from a cause other than myositis?")
    )


class ILD(_Model):
    present: bool | None = Field(None, json_schema_extra=_q("Is there interstitial lung disease?"))
    pattern: Literal["nsip", "op", "uip", "dad", "mixed", "other"] | None = None
    fvc_percent: float | None = Field(None, ge=0, le=200, json_schema_extra=_unit("% predicted"))
    dlco_percent: float | None = Field(None, ge=0, le=200, json_schema_extra=_unit("% predicted"))
    fvc_previous_percent: float | None = Field(None, ge=0, le=200, json_schema_extra=_unit("% predicted"))
    dlco_previous_percent: float | None = Field(None, ge=0, le=200, json_schema_extra=_unit("% predicted"))
    symptomatic: bool | None = Field(None, json_schema_extra=_q("Does the ILD cause symptoms (beyond imaging)?"))
    symptoms_worse: bool | None = Field(
        None, json_schema_extra=_q("Have respiratory symptoms worsened within the past year?"))
    hrct_progression: bool | None = Field(
        None, json_schema_extra=_q("Does HRCT show radiological progression within the past year?"))
    progressing: bool | None = Field(None, json_schema_extra=_q("Is the ILD progressing on current therapy?"))
    rapidly_progressive: bool | None = Field(
        None, json_schema_extra=_q("Is the ILD rapidly progressive (worsening over days to weeks)?")
    )
    ground_glass_all_zones: bool | None = None
    spo2_percent: float | None = Field(None, ge=50, le=100, json_schema_extra=_unit("%"))


class Skin(_Model):
    active: bool | None = Field(None, json_schema_extra=_q("Is the skin disease active?"))
    cdasi_activity: float | None = Field(None, ge=0, le=100, json_schema_extra=_unit("CDASI activity points"))
    ulcers: bool | None = Field(None, json_schema_extra=_q("Are there cutaneous ulcers?"))
    calcinosis: bool | None = None
    heliotrope: bool | None = None
    gottron_papules: bool | None = None
    gottron_sign: bool | None = None
    mechanics_hands: bool | None = None
    photoprotection: bool | None = None


class Arthritis(_Model):
    active: bool | None = None
    disabling: bool | None = Field(
        None, json_schema_extra=_q("Is the arthritis the most prominent, disabling problem?"))


class Cardiac(_Model):
    myocarditis: bool | None = Field(None, json_schema_extra=_q("Is there myocarditis or other cardiac involvement?"))


class LabValue(_Model):
    """A laboratory value with its upper limit of normal, in the laboratory's own units."""

    value: float = Field(ge=0)
    uln: float | None = Field(None, gt=0, description="upper limit of normal, same units as value")


class Labs(_Model):
    ck: LabValue | None = Field(None, json_schema_extra=_unit("U/L", "CK (with its upper limit of normal)?"))
    aldolase: LabValue | None = Field(None, json_schema_extra=_unit("U/L"))
    ldh: LabValue | None = Field(None, json_schema_extra=_unit("U/L"))
    alt: LabValue | None = Field(None, json_schema_extra=_unit("U/L"))
    ast: LabValue | None = Field(None, json_schema_extra=_unit("U/L"))
    ck_trend: Literal["falling", "stable", "rising"] | None = None
    enzymes_normal_months: float | None = Field(
        None, ge=0, le=600, json_schema_extra=_unit("months", "For how many months have muscle enzymes been normal?")
    )
    crp_raised: bool | None = None
    ferritin: float | None = Field(None, ge=0, le=100000, json_schema_extra=_unit("ng/mL"))
    tsh: LabValue | None = Field(None, json_schema_extra=_unit("mIU/L", "TSH (with its upper limit of normal)?"))
    thyroid_function: Literal["normal", "hypothyroid", "hyperthyroid"] | None = Field(
        None, json_schema_extra=_q("Thyroid function (TSH/free T4): normal, hypothyroid or hyperthyroid?")
    )
    igg: float | None = Field(None, ge=0, le=100, json_schema_extra=_unit("g/L"))
    iga_deficiency: bool | None = Field(None, json_schema_extra=_q("Is there IgA deficiency?"))
    anti_iga_antibodies: bool | None = None
    cd19_b_cells_present: bool | None = Field(
        None, json_schema_extra=_q("After rituximab: are circulating (CD19+) B cells present again?")
    )
    egfr: float | None = Field(None, ge=0, le=200, json_schema_extra=_unit("mL/min/1.73m²", "eGFR?"))
    lymphocytes: float | None = Field(None, ge=0, le=100, json_schema_extra=_unit("×10⁹/L"))
    tpmt: Literal["normal", "intermediate", "poor"] | None = Field(
        None, description="thiopurine metabolism, TPMT and NUDT15 (activity or genotype): normal, intermediate (one "
        "no-function allele) or poor (deficient)",
        json_schema_extra=_q("TPMT and NUDT15 status before azathioprine: normal, intermediate or poor?"))


class HepatitisB(_Model):
    hbsag: Result | None = Field(None, json_schema_extra=_q("Hepatitis B surface antigen (HBsAg)?"))
    anti_hbc: Result | None = Field(None, json_schema_extra=_q("Hepatitis B core antibody (anti-HBc)?"))
    dna: Literal["detectable", "undetectable"] | None = None


class HepatitisC(_Model):
    antibody: Result | None = Field(None, json_schema_extra=_q("Hepatitis C antibody?"))


class Tuberculosis(_Model):
    test: Literal["positive", "negative", "indeterminate"] | None = Field(
        None, json_schema_extra=_q("Latent TB test (IGRA or skin test) result?")
    )
    treated: bool | None = Field(None, description="latent TB treated or under treatment")
    active_recent: bool | None = Field(
        None, json_schema_extra=_q("Active tuberculosis treated within the past 3 years?")
    )


class MRI(_Model):
    oedema: bool | None = Field(None, json_schema_extra=_q("Does muscle MRI (STIR/T2) show oedema?"))
    fatty_replacement: Literal["none", "mild", "marked", "complete"] | None = Field(
        None, json_schema_extra=_q("Muscle MRI T1 fatty replacement: none, mild, marked or complete?")
    )
    atrophy: bool | None = None
    date: dt.date | None = None


class EMG(_Model):
    myopathic: bool | None = Field(None, json_schema_extra=_q("Does the EMG show a myopathic pattern?"))
    active: bool | None = Field(None, json_schema_extra=_q("Does the EMG show active disease (spontaneous activity)?"))
    date: dt.date | None = None


class Biopsy(_Model):
    performed: bool | None = None
    repeat: bool | None = Field(None, description="a repeat biopsy during treatment")
    inflammation: bool | None = Field(None, json_schema_extra=_q("Does the (latest) biopsy show inflammation?"))
    endomysial_infiltrate: bool | None = None
    perimysial_perivascular_infiltrate: bool | None = None
    necrosis: bool | None = None
    perifascicular_atrophy: bool | None = None
    rimmed_vacuoles: bool | None = Field(None, json_schema_extra=_q("Does the biopsy show rimmed vacuoles?"))
    fibre_loss_fat: bool | None = None
    type2_fibre_atrophy: bool | None = None
    date: dt.date | None = None


class Exposures(_Model):
    statin: Literal["current", "past", "never"] | None = Field(
        None, json_schema_extra=_q("Statin exposure: current, past or never?")
    )
    penicillamine: bool | None = None
    zidovudine: bool | None = None


class Cancer(_Model):
    history: bool | None = None
    active: bool | None = Field(None, json_schema_extra=_q("Is there an active cancer?"))
    screening: Literal["done", "incomplete", "not_done"] | None = Field(
        None, json_schema_extra=_q("Has cancer screening for the risk stratum been done?")
    )
    screening_result: Literal["negative", "positive"] | None = None
    unexplained_weight_loss: bool | None = Field(
        None, json_schema_extra=_q("Is there unexplained weight loss (a cancer red flag)?")
    )
    constitutional_symptoms: bool | None = Field(
        None, json_schema_extra=_q("Constitutional symptoms such as fever or night sweats (a cancer red flag)?")
    )
    red_flag_investigated: bool | None = Field(
        None, json_schema_extra=_q("Has the red flag (weight loss, constitutional symptoms) been investigated for "
                                   "cancer since it appeared?")
    )
    date: dt.date | None = Field(None, description="date of the most recent cancer diagnosis")
    excepted_types_only: bool | None = Field(
        None, json_schema_extra=_q("Were the only cancers cured non-metastatic skin SCC/BCC or cervical CIS?")
    )


class Comorbidity(_Model):
    thrombosis_history: bool | None = Field(None, json_schema_extra=_q("Any previous venous or arterial thrombosis?"))
    venous_thrombosis_date: dt.date | None = Field(None, description="date of the latest DVT or pulmonary embolism")
    cardiovascular_disease: bool | None = Field(
        None, json_schema_extra=_q("Cardiovascular disease (e.g. previous myocardial infarction, stroke)?")
    )
    smoking: Literal["current", "former", "never"] | None = None
    immobility: bool | None = None
    hyperviscosity: bool | None = None
    diabetes: bool | None = Field(None, json_schema_extra=_q("Does the patient have diabetes?"))
    active_infection: bool | None = Field(None, json_schema_extra=_q("Is there an active infection?"))
    recent_antibiotics: bool | None = Field(
        None, json_schema_extra=_q("A recent acute infection that needed antibiotics?")
    )
    chronic_infection: bool | None = Field(
        None, json_schema_extra=_q("Chronic or recurrent bacterial, viral or systemic fungal infections?")
    )
    severe_organ_disease: bool | None = Field(
        None, json_schema_extra=_q("Severe heart, liver, kidney, blood or endocrine disease?")
    )
    drug_allergies: bool | None = Field(None, json_schema_extra=_q("Allergic to several drugs in the past?"))
    unable_to_cooperate: bool | None = Field(
        None, json_schema_extra=_q("A mental disorder or other reason the patient cannot cooperate with a trial?")
    )
    family_history_myopathy: bool | None = Field(
        None, json_schema_extra=_q("Is there a family history of muscle disease?")
    )
    exercise_intolerance: bool | None = None
    cushingoid: bool | None = Field(None, json_schema_extra=_q("Are there Cushingoid features?"))
    adherence_concern: bool | None = Field(None, json_schema_extra=_q("Is there doubt about adherence to therapy?"))
    live_vaccine_planned: bool | None = None


TherapyOutcome = Literal["ongoing", "responded", "partial", "failed", "intolerant"]


class TherapyCourse(_Model):
    """One course of one drug. ``drug`` is a therapy id from the knowledge base (checked by the walker)."""

    drug: str = Field(min_length=1, max_length=60)
    dose: str | None = Field(None, max_length=120, description="as given, e.g. '20 mg/week SC'")
    dose_mg: float | None = Field(None, ge=0, le=10000, json_schema_extra=_unit("mg per dose unit of the regimen"))
    start: dt.date | None = None
    last_dose: dt.date | None = Field(None, description="date of the last dose (washout windows count from it)")
    weeks: float | None = Field(None, ge=0, le=2000, json_schema_extra=_unit("weeks", "How many weeks on this drug?"))
    stable_dose_weeks: float | None = Field(None, ge=0, le=2000, json_schema_extra=_unit("weeks"))
    current: bool = Field(description="taken now (true) or stopped (false); required: a course not known to be taken "
                                      "now is never read as current")
    adequate_dose: bool | None = Field(None, json_schema_extra=_q("Was the dose adequate?"))
    adherent: bool | None = Field(None, json_schema_extra=_q("Was the patient adherent?"))
    outcome: TherapyOutcome | None = Field(
        None, json_schema_extra=_q("Outcome: ongoing, responded, partial, failed or intolerant?")
    )
    reason: str | None = Field(None, max_length=200)


class Glucocorticoid(_Model):
    prednisone_mg_day: float | None = Field(
        None, ge=0, le=2000, json_schema_extra=_unit("mg/day", "Current prednisone(-equivalent) dose?")
    )
    weeks_at_or_above_30mg: float | None = Field(None, ge=0, le=2000, json_schema_extra=_unit("weeks"))
    weeks_above_40mg: float | None = Field(None, ge=0, le=2000, json_schema_extra=_unit("weeks"))
    pulses_recent: bool | None = None
    pjp_prophylaxis: bool | None = Field(
        None, json_schema_extra=_q("Already on pneumocystis (PJP) prophylaxis, for example co-trimoxazole?"))
