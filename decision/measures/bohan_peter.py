"""Bohan & Peter 1975 criteria for polymyositis (PM) and dermatomyositis (DM), measures.md section 5.

Still the entry criterion of several trials (abatacept IM101-611, NCT04946669), so the pathway needs the
PM and DM categories with the reason for each. Criteria: (1) symmetric proximal weakness, (2) raised
muscle enzymes, (3) myopathic EMG triad, (4) typical biopsy, (5) typical DM rash. PM: definite 4 of 1-4,
probable 3, possible 2. DM: rash + 3 definite, rash + 2 probable, rash + 1 possible [C].

Both categories are reported as the spec defines them, side by side. Unknown findings give a range
(``*_range``: lower with the unknowns absent, upper with them present); the category is
``indeterminate`` when the ends differ. Any exclusion present makes the patient not classifiable, naming
the exclusion; exclusions that are unknown leave the categories standing but marked provisional.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from decision.measures.base import Finding, Result

Category = Literal["definite", "probable", "possible", "not_met"]
FinalCategory = Category | Literal["indeterminate", "not_classifiable"]

CRITERIA = {
    "symmetric_proximal_weakness": "(1) Symmetric proximal muscle weakness",
    "raised_muscle_enzymes": "(2) Raised serum muscle enzymes",
    "myopathic_emg": "(3) Myopathic EMG triad",
    "typical_biopsy": "(4) Biopsy: degeneration, regeneration, necrosis, phagocytosis, mononuclear infiltrate",
    "typical_dm_rash": "(5) Typical dermatomyositis rash",
}
MUSCLE_CRITERIA = tuple(CRITERIA)[:4]
EXCLUSIONS = {
    "neurological_disease": "Neurological disease",
    "muscular_dystrophy": "Muscular dystrophy",
    "infectious_or_granulomatous_myositis": "Infectious or granulomatous myositis",
    "metabolic_or_endocrine_myopathy": "Metabolic or endocrine myopathy",
    "myasthenia": "Myasthenia gravis",
}
PM_BY_COUNT: tuple[Category, ...] = ("not_met", "not_met", "possible", "probable", "definite")  # index = count
DM_BY_COUNT: tuple[Category, ...] = ("not_met", "possible", "probable", "definite", "definite")  # with rash


def _finding(description: str):
    return Field(None, description=description + " yes / no / unknown.")


class BohanPeterInput(BaseModel):
    """The five Bohan & Peter criteria and the exclusions; each yes / no / unknown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    symmetric_proximal_weakness: Finding = _finding("Symmetric proximal muscle weakness.")
    raised_muscle_enzymes: Finding = _finding("Raised serum skeletal muscle enzymes.")
    myopathic_emg: Finding = _finding("EMG triad: short small polyphasic units, fibrillations, bizarre "
                                      "high-frequency discharges.")
    typical_biopsy: Finding = _finding("Biopsy with degeneration, regeneration, necrosis, phagocytosis and a "
                                       "mononuclear infiltrate.")
    typical_dm_rash: Finding = _finding("Typical dermatomyositis rash.")
    neurological_disease: Finding = _finding("Exclusion: neurological disease.")
    muscular_dystrophy: Finding = _finding("Exclusion: muscular dystrophy.")
    infectious_or_granulomatous_myositis: Finding = _finding("Exclusion: infectious or granulomatous myositis.")
    metabolic_or_endocrine_myopathy: Finding = _finding("Exclusion: metabolic or endocrine myopathy.")
    myasthenia: Finding = _finding("Exclusion: myasthenia gravis.")


class BohanPeterCriterion(Result):
    """One criterion or exclusion and what was given for it."""

    item: str
    label: str
    status: Literal["present", "absent", "unknown"]


class BohanPeterResult(Result):
    """PM and DM categories by Bohan & Peter, with the exclusions that were found or not known."""

    criteria: tuple[BohanPeterCriterion, ...]
    exclusions: tuple[BohanPeterCriterion, ...]
    muscle_criteria_met: int
    muscle_criteria_max: int
    pm_category: FinalCategory
    pm_range: tuple[Category, Category]
    dm_category: FinalCategory
    dm_range: tuple[Category, Category]
    exclusions_present: tuple[str, ...]
    exclusions_unknown: tuple[str, ...]
    classifiable: bool | None  # False: an exclusion is present; None: some exclusions unknown
    notes: tuple[str, ...] = ()


def _status(value: bool | None) -> Literal["present", "absent", "unknown"]:
    return "unknown" if value is None else "present" if value else "absent"


def _final(low: Category, high: Category, classifiable: bool | None) -> FinalCategory:
    if classifiable is False:
        return "not_classifiable"
    return low if low == high else "indeterminate"


def bohan_peter(items: BohanPeterInput) -> BohanPeterResult:
    """Classify by Bohan & Peter 1975: PM and DM categories, with any exclusion named."""
    criteria = tuple(BohanPeterCriterion(item=k, label=v, status=_status(getattr(items, k)))
                     for k, v in CRITERIA.items())
    exclusions = tuple(BohanPeterCriterion(item=k, label=v, status=_status(getattr(items, k)))
                       for k, v in EXCLUSIONS.items())
    met = sum(getattr(items, k) is True for k in MUSCLE_CRITERIA)
    most = met + sum(getattr(items, k) is None for k in MUSCLE_CRITERIA)
    pm = (PM_BY_COUNT[met], PM_BY_COUNT[most])
    rash = items.typical_dm_rash
    dm = ("not_met" if rash is not True else DM_BY_COUNT[met], "not_met" if rash is False else DM_BY_COUNT[most])
    present = tuple(e.item for e in exclusions if e.status == "present")
    unknown = tuple(e.item for e in exclusions if e.status == "unknown")
    classifiable = False if present else (None if unknown else True)
    return BohanPeterResult(
        criteria=criteria, exclusions=exclusions, muscle_criteria_met=met, muscle_criteria_max=most,
        pm_category=_final(*pm, classifiable), pm_range=pm, dm_category=_final(*dm, classifiable), dm_range=dm,
        exclusions_present=present, exclusions_unknown=unknown, classifiable=classifiable,
        notes=tuple(_notes(present, unknown, pm, dm)),
    )


def _notes(present, unknown, pm, dm) -> list[str]:
    notes = []
    if present:
        notes.append("Not classifiable: exclusion present - " + ", ".join(EXCLUSIONS[k] for k in present) + ".")
    elif unknown:
        notes.append("Provisional: exclusions not assessed - " + ", ".join(EXCLUSIONS[k] for k in unknown) + ".")
    for name, (low, high) in (("PM", pm), ("DM", dm)):
        if low != high:
            notes.append(f"{name} is between {low} and {high}, depending on unknown criteria.")
    return notes
