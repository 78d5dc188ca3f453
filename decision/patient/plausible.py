"""Plausibility of a whole patient: contradictions that no single field shows.

Each field is checked on its own by the model; some mistakes only appear when two fields are read together.
Two kinds, kept apart on purpose:

* **contradictions** are impossible as written (a therapy that starts after the date the state describes,
  gestation recorded for a patient who is not pregnant, onset older than the patient): the input is refused,
  naming the fields, because any answer would rest on a typo;
* **notes** are unusual but a clinician may mean them (pregnancy recorded with sex male, an antibody reported
  both positive and negative by two assays, "treatment naive" beside a list of therapies, a date in the
  future): the patient is accepted and each note says how the recommendation reads the data, for the output
  to show.

The age bounds below are plausibility bounds, not clinical thresholds; they are the ones the pregnancy facts
use (:mod:`decision.patient.facts`), so the note and the walker agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from decision.errors import Problem
from decision.patient.facts import CHILDBEARING_AGE, DM_SUBTYPES
from decision.patient.model import Patient


def _dated(patient: Patient) -> Iterator[tuple[str, dt.date]]:
    """Every date in the patient except ``as_of``, with its field path."""
    if patient.mri.date is not None:
        yield "mri.date", patient.mri.date
    for i, course in enumerate(patient.therapies):
        if course.start is not None:
            yield f"therapies[{i}].start", course.start
        if course.last_dose is not None:
            yield f"therapies[{i}].last_dose", course.last_dose
    if patient.comorbidity.venous_thrombosis_date is not None:  # round-12 audit: a DVT after as_of was accepted
        yield "comorbidity.venous_thrombosis_date", patient.comorbidity.venous_thrombosis_date
    if patient.cancer.date is not None:
        yield "cancer.date", patient.cancer.date
    if patient.diagnosis.date is not None:  # round-16 audit: a diagnosis after as_of was accepted
        yield "diagnosis.date", patient.diagnosis.date
    if patient.biopsy.date is not None:
        yield "biopsy.date", patient.biopsy.date
    if patient.emg.date is not None:
        yield "emg.date", patient.emg.date
    for i, assessment in enumerate(patient.assessments):
        yield f"assessments[{i}].date", assessment.date


def contradictions(patient: Patient) -> list[Problem]:
    """Impossible combinations of fields, each naming the field to correct."""
    problems: list[Problem] = []
    preg = patient.pregnancy
    if preg.gestation_weeks is not None and preg.status in ("not_pregnant", "not_applicable"):
        problems.append(Problem("pregnancy.gestation_weeks", "no gestation unless pregnancy.status is pregnant",
                                f"{preg.gestation_weeks:g} weeks with status {preg.status}"))
    co = patient.comorbidity
    if co.venous_thrombosis_date is not None and co.thrombosis_history is False:
        problems.append(Problem("comorbidity.thrombosis_history", "true, or no venous_thrombosis_date: a dated DVT "
                                "or pulmonary embolism is a previous thrombosis",
                                f"false with venous_thrombosis_date {co.venous_thrombosis_date.isoformat()}"))
    dx, age = patient.diagnosis, patient.age
    if age is not None and dx.onset_age is not None and dx.onset_age > age:
        problems.append(Problem("diagnosis.onset_age", f"at most the patient's age ({age:g})", f"{dx.onset_age:g}"))
    if age is not None and dx.disease_duration_months is not None and dx.disease_duration_months > age * 12 + 12:
        problems.append(Problem("diagnosis.disease_duration_months", "a duration no longer than the patient's "
                                f"life (age {age:g} years)", f"{dx.disease_duration_months:g} months"))
    gc = patient.glucocorticoid
    if (gc.weeks_above_40mg is not None and gc.weeks_at_or_above_30mg is not None
            and gc.weeks_above_40mg > gc.weeks_at_or_above_30mg):
        problems.append(Problem("glucocorticoid.weeks_above_40mg", "at most weeks_at_or_above_30mg "
                                f"({gc.weeks_at_or_above_30mg:g}; weeks above 40 mg are also at or above 30 mg)",
                                f"{gc.weeks_above_40mg:g}"))
    if patient.as_of is not None:
        for field, when in _dated(patient):
            if when > patient.as_of:
                problems.append(Problem(field, f"a date on or before as_of ({patient.as_of.isoformat()})",
                                        when.isoformat()))
    dates = [a.date for a in patient.assessments]
    for i in range(1, len(dates)):
        if dates[i] <= dates[i - 1]:
            problems.append(Problem(f"assessments[{i}].date", f"assessments oldest first, one a day (after "
                                    f"{dates[i - 1].isoformat()}, the date before it)", dates[i].isoformat()))
    scored = [(i, a.mmt_max) for i, a in enumerate(patient.assessments) if a.mmt is not None]
    for i, scale in scored[1:]:
        if scale != scored[0][1]:
            problems.append(Problem(f"assessments[{i}].mmt_max", f"the MMT scale of assessments[{scored[0][0]}] "
                                    f"({scored[0][1]}): scores on different scales cannot be compared", repr(scale)))
    return problems


def notes(patient: Patient, today: dt.date | None = None) -> tuple[str, ...]:
    """Unusual but possible combinations, each with how the recommendation reads them."""
    out: list[str] = []
    status = patient.pregnancy.status
    if status == "pregnant" and patient.sex == "male":
        out.append("pregnancy.status is 'pregnant' while sex is 'male': the pregnancy pathway is followed (the "
                   "safer reading); check both fields.")
    if patient.pregnancy.breastfeeding and patient.sex == "male":  # round-11 audit: drugs went with no word
        out.append("pregnancy.breastfeeding is true while sex is 'male': the breastfeeding gates are applied (the "
                   "safer reading); check both fields.")
    lo, hi = CHILDBEARING_AGE
    if status == "pregnant" and patient.age is not None and not lo <= patient.age <= hi:
        out.append(f"pregnancy.status is 'pregnant' at age {patient.age:g} (outside {lo}-{hi}): the pregnancy "
                   "pathway is followed; check the age and the pregnancy status.")
    out += _antibody_notes(patient)
    out += _skin_notes(patient)
    if patient.treatment_naive and patient.therapies:
        out.append(f"treatment_naive is true but {len(patient.therapies)} therapies are listed: the therapies "
                   "are used (the patient counts as treated).")
    today = today or dt.date.today()
    future = [(f, d) for f, d in [("as_of", patient.as_of), *_dated(patient)] if d is not None and d > today]
    for field, when in future:
        out.append(f"{field} ({when.isoformat()}) is in the future (today is {today.isoformat()}); check the date.")
    return tuple(out)


def _skin_notes(patient: Patient) -> list[str]:
    """Skin recorded active in a subtype whose skin the pathway judges only by a dermatomyositis rash (round-36
    audit: mechanic's hands in antisynthetase syndrome showed 'Active skin disease: yes' and 'Skin active: unknown'
    and nothing said why)."""
    skin, subtype = patient.skin, patient.diagnosis.subtype
    rash = (skin.gottron_papules, skin.gottron_sign, skin.heliotrope)
    if skin.active is not True or subtype is None or subtype in DM_SUBTYPES or True in rash:
        return []
    return [f"skin.active is true in {subtype} with no dermatomyositis rash recorded (Gottron's papules or sign, "
            "heliotrope): the skin counts as an active domain, with its ladder and measures, only with such a rash "
            "— record it if present; other skin signs (mechanic's hands, for example) are not read."]


def _antibody_notes(patient: Patient) -> list[str]:
    results: dict[str, set[str]] = {}
    for ab in patient.autoantibodies:
        results.setdefault(ab.name, set()).add(ab.result)
    return [f"anti-{name} is recorded both positive and negative: the positive result is used; check which "
            "assay to trust." for name in sorted(results) if len(results[name]) > 1]
