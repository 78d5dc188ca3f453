"""The patient state: one validated, immutable description of a myositis patient.

This is the edge where clinical input enters the library, so everything is checked here and nowhere else:
units and ranges, allowed values, unknown keys (a typo must never silently become "not present"). Every
field is optional because a clinician rarely knows everything; a missing field means *unknown*, and the
walker says which unknowns left a branch undecided. Nothing here interprets the data: derived facts
(weeks on therapy, the line that failed, which domain leads) live in :mod:`decision.patient.facts`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, ValidationError

from decision.errors import PatientInputError, Problem, problems_from_validation
from decision.measures.coreset import Assessment
from decision.patient.sections import (  # noqa: F401  (re-exported: the sections of the patient state)
    EMG,
    ILD,
    MRI,
    SUBTYPE_NAMES,
    Antibody,
    Arthritis,
    AutoantibodyResult,
    Biopsy,
    Cancer,
    Cardiac,
    Comorbidity,
    Diagnosis,
    Exposures,
    Glucocorticoid,
    HepatitisB,
    HepatitisC,
    Labs,
    LabValue,
    Muscle,
    Pregnancy,
    Result,
    Skin,
    Subtype,
    TherapyCourse,
    TherapyOutcome,
    Trend,
    Tuberculosis,
    Weakness,
    _Model,
    _q,
    _unit,
)
from decision.plain_data import strict_json


class Patient(_Model):
    """A patient with (suspected) idiopathic inflammatory myopathy, as the clinician knows them today."""

    label: str | None = Field(None, max_length=80, description="a non-identifying label, e.g. 'Scenario F'")
    as_of: dt.date | None = Field(None, description="the date the state describes")
    age: float | None = Field(None, ge=0, le=120, json_schema_extra=_unit("years", "Age?"))
    sex: Literal["female", "male", "other"] | None = Field(None, json_schema_extra=_q("Sex?"))
    weight_kg: float | None = Field(None, gt=0, le=400, json_schema_extra=_unit("kg", "Weight?"))
    height_cm: float | None = Field(None, gt=0, le=250, json_schema_extra=_unit("cm"))
    pregnancy: Pregnancy = Pregnancy()
    diagnosis: Diagnosis = Diagnosis()
    autoantibodies: tuple[AutoantibodyResult, ...] = Field(
        (), json_schema_extra=_q("Which myositis autoantibodies were tested, and with what result?")
    )
    muscle: Muscle = Muscle()
    ild: ILD = ILD()
    skin: Skin = Skin()
    arthritis: Arthritis = Arthritis()
    cardiac: Cardiac = Cardiac()
    labs: Labs = Labs()
    hepatitis_b: HepatitisB = HepatitisB()
    hepatitis_c: HepatitisC = HepatitisC()
    tuberculosis: Tuberculosis = Tuberculosis()
    mri: MRI = MRI()
    emg: EMG = EMG()
    biopsy: Biopsy = Biopsy()
    exposures: Exposures = Exposures()
    cancer: Cancer = Cancer()
    comorbidity: Comorbidity = Comorbidity()
    glucocorticoid: Glucocorticoid = Glucocorticoid()
    therapies: tuple[TherapyCourse, ...] = Field(
        (), json_schema_extra=_q("Which treatments has the patient had (drug, weeks, outcome)?")
    )
    treatment_naive: bool | None = Field(
        None, json_schema_extra=_q("Is the patient untreated so far (no immunosuppression yet)?")
    )
    assessments: tuple[Assessment, ...] = Field(
        (), description="dated IMACS core set measures, oldest first; used to judge response",
        json_schema_extra=_q("Dated IMACS core set assessments (at least two on the current regimen)?"),
    )


def parse_patient(data: Any, source: str = "") -> Patient:
    """Validate a mapping (from YAML, JSON or a form) into a :class:`Patient`.

    Strict at the edge: the mapping is checked for size, depth and odd values, then validated in pydantic's
    strict JSON mode, so ``"45"`` is not a number, ``1``/``"yes"`` not a boolean and ``20240101`` not a date
    (dates are ``date`` objects or ``YYYY-MM-DD`` text), and ``inf``/``nan`` are refused. Then the whole patient
    is checked for contradictions no single field shows (a therapy starting after ``as_of``, gestation
    without pregnancy). Raises :class:`PatientInputError` naming every bad field; never returns a partial
    patient.
    """
    if isinstance(data, Patient):
        return data
    where = source or "(patient)"
    if not isinstance(data, dict):
        raise PatientInputError([Problem(where, "a mapping of patient fields", type(data).__name__)])
    text = strict_json(data, where)
    try:
        patient = Patient.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise PatientInputError(problems_from_validation(exc)) from None
    from decision.patient.plausible import contradictions

    problems = contradictions(patient)
    if problems:
        raise PatientInputError(problems)
    return patient


def plausibility_notes(patient: Patient, today: dt.date | None = None) -> tuple[str, ...]:
    """Warnings about a valid but unusual patient (male and pregnant, an antibody both positive and negative).

    Each note says what was found and how the recommendation reads it, for the output to show. ``today``
    (default: the clock) is only used to flag dates in the future.
    """
    from decision.patient.plausible import notes

    return notes(patient, today)


def patient_schema() -> dict[str, Any]:
    """JSON Schema of the patient state (what ``myositis-cds schema patient`` prints)."""
    schema = Patient.model_json_schema()
    schema["title"] = "myositis-cds patient state"
    return schema
