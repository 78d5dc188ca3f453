"""The IMACS core set measures of one assessment, validated once at the edge.

The definition of improvement (DOI) and the Total Improvement Score (TIS) both compare two of these, so
the model, the list of measures with their direction ("better when lower/higher"), and the choice of the
enzyme to follow (the most abnormal at baseline) are defined here once and shared.

Every measure is optional: ``None`` means "not measured", which the scores report as missing rather than
as "no change". The MMT scale maximum is an input because the same patient can be scored 0-80, 0-150 or
0-260 and the TIS divides by it (measures.md section 1, [C]).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from decision.errors import Problem
from decision.measures.base import require_mapping

ENZYMES = ("ck", "aldolase", "ldh", "alt", "ast")
ENZYME_LABELS = {"ck": "CK", "aldolase": "aldolase", "ldh": "LDH", "alt": "ALT", "ast": "AST"}


class Enzyme(BaseModel):
    """One muscle enzyme result with its laboratory's upper limit of normal (same units for both)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float = Field(ge=0, allow_inf_nan=False, description="The result, in the laboratory's units.",
                         json_schema_extra={"unit": "as reported by the laboratory"})
    uln: float = Field(gt=0, allow_inf_nan=False, description="Upper limit of normal, same units as value.",
                       json_schema_extra={"unit": "as reported by the laboratory"})
    unit: str | None = Field(None, max_length=20, description="Optional label for display only, e.g. U/L.")

    @property
    def times_uln(self) -> float:
        """The value as a multiple of the upper limit of normal (how abnormal it is)."""
        return self.value / self.uln


def _vas(description: str):
    return Field(None, ge=0, le=10, allow_inf_nan=False, description=description, json_schema_extra={"unit": "cm"})


class CoreSet(BaseModel):
    """One assessment's IMACS core set measures; each is ``None`` when it was not measured."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pga: float | None = _vas("Physician global activity, 0-10 cm VAS (lower is better).")
    ptga: float | None = _vas("Patient or parent global activity, 0-10 cm VAS (lower is better).")
    # mmt_max is declared before mmt so that the check on mmt can see it.
    mmt_max: Literal[80, 150, 260] | None = Field(
        None, description="Maximum of the MMT scale used: 80 (MMT-8 unilateral), 150 (MMT-8 bilateral), "
        "260 (MMT-24). Required when mmt is given.", json_schema_extra={"unit": "points"})
    mmt: float | None = Field(None, ge=0, allow_inf_nan=False,
                              description="Manual muscle testing total, 0 to mmt_max (higher is better).",
                              json_schema_extra={"unit": "points"})
    haq: float | None = Field(None, ge=0, le=3, allow_inf_nan=False,
                              description="HAQ-DI (adults) or CHAQ (children), 0-3 (lower is better).",
                              json_schema_extra={"unit": "points"})
    extramuscular: float | None = _vas("Extramuscular global activity (MDAAT), 0-10 cm VAS (lower is better).")
    ck: Enzyme | None = Field(None, description="Creatine kinase.", json_schema_extra={"unit": "lab units"})
    aldolase: Enzyme | None = Field(None, description="Aldolase.", json_schema_extra={"unit": "lab units"})
    ldh: Enzyme | None = Field(None, description="Lactate dehydrogenase.", json_schema_extra={"unit": "lab units"})
    alt: Enzyme | None = Field(None, description="Alanine aminotransferase.", json_schema_extra={"unit": "lab units"})
    ast: Enzyme | None = Field(None, description="Aspartate aminotransferase.", json_schema_extra={"unit": "lab units"})

    @field_validator(*ENZYMES, mode="before")
    @classmethod
    def _enzyme_shape(cls, value):
        return require_mapping(value, "value: ..., uln: ..., in the laboratory's units")

    @field_validator("mmt")
    @classmethod
    def _mmt_within_scale(cls, mmt: float | None, info: ValidationInfo) -> float | None:
        if mmt is None or "mmt_max" not in info.data:  # an invalid mmt_max is reported on its own
            return mmt
        scale = info.data["mmt_max"]
        if scale is None:
            raise PydanticCustomError(
                "mmt_scale_missing", "mmt_max (80, 150 or 260) to be given with mmt, so the score can be read")
        if mmt > scale:
            raise PydanticCustomError("mmt_above_scale", "at most mmt_max ({scale})", {"scale": scale})
        return mmt

    def enzyme(self, name: str) -> Enzyme | None:
        """The enzyme called ``name`` (one of :data:`ENZYMES`), or None if it was not measured."""
        return getattr(self, name)


class Assessment(CoreSet):
    """A dated core set assessment, one of a patient's serial assessments."""

    date: datetime.date = Field(description="Date of the assessment.")


@dataclass(frozen=True)
class Measure:
    """One of the six core set measures as the DOI and the TIS see it."""

    key: str
    label: str
    higher_is_better: bool
    unit: str


#: The six core set measures in the order of the published tables (measures.md sections 1 and 3).
MEASURES = (
    Measure("pga", "Physician global (PGA)", False, "cm"),
    Measure("ptga", "Patient global (PtGA)", False, "cm"),
    Measure("mmt", "Manual muscle testing (MMT)", True, "points"),
    Measure("haq", "HAQ-DI / CHAQ", False, ""),
    Measure("enzyme", "Muscle enzyme", False, "x ULN"),
    Measure("extramuscular", "Extramuscular global", False, "cm"),
)
MEASURE_KEYS = tuple(m.key for m in MEASURES)


def measure_label(measure: Measure, enzyme: str | None) -> str:
    """The measure's label; for the enzyme, with the enzyme followed, e.g. ``Muscle enzyme (CK)``."""
    if measure.key == "enzyme" and enzyme is not None:
        return f"{measure.label} ({ENZYME_LABELS[enzyme]})"
    return measure.label


def most_abnormal_enzyme(baseline: CoreSet) -> str | None:
    """The enzyme to follow: the highest multiple of its ULN at baseline (measures.md section 1, [C]).

    Ties go to the first in :data:`ENZYMES` order (CK, aldolase, LDH, ALT, AST), so the choice is
    reproducible. Returns None when no enzyme was measured at baseline.
    """
    measured = [(enzyme.times_uln, -i, name)
                for i, name in enumerate(ENZYMES) if (enzyme := baseline.enzyme(name)) is not None]
    return max(measured)[2] if measured else None


@dataclass(frozen=True)
class Pair:
    """The values of one measure at baseline and follow-up, in the units the scores compare."""

    baseline: float | None
    followup: float | None
    note: str | None = None


def measure_pair(key: str, baseline: CoreSet, followup: CoreSet, enzyme: str | None) -> Pair:
    """Baseline and follow-up values of measure ``key``, with a note saying why one is missing.

    Enzymes are compared as multiples of each visit's ULN, so a change of laboratory between visits is
    not read as a change in disease activity (with the same ULN at both visits this is the formula of
    measures.md exactly)."""
    if key != "enzyme":
        b, f = getattr(baseline, key), getattr(followup, key)
        missing = [when for when, v in (("baseline", b), ("follow-up", f)) if v is None]
        return Pair(b, f, f"not measured at {' or '.join(missing)}" if missing else None)
    if enzyme is None:
        return Pair(None, None, "no muscle enzyme measured at baseline")
    b = cast(Enzyme, baseline.enzyme(enzyme))  # the enzyme was chosen because it was measured at baseline
    f = followup.enzyme(enzyme)
    label = ENZYME_LABELS[enzyme]
    if f is None:
        return Pair(b.times_uln, None, f"{label} was the most abnormal enzyme at baseline but was not measured "
                    "at follow-up; another enzyme is not substituted")
    return Pair(b.times_uln, f.times_uln, f"{label}, the most abnormal enzyme at baseline "
                f"({b.times_uln:.3g} x ULN)")


def pair_problems(baseline: CoreSet, followup: CoreSet) -> list[Problem]:
    """Problems that only show when the two assessments are compared (scale changed, dates reversed)."""
    problems = []
    if baseline.mmt is not None and followup.mmt is not None and baseline.mmt_max != followup.mmt_max:
        problems.append(Problem("followup.mmt_max", f"the same MMT scale as baseline ({baseline.mmt_max}); "
                                "scores on different scales cannot be compared", repr(followup.mmt_max)))
    b_date, f_date = getattr(baseline, "date", None), getattr(followup, "date", None)
    if b_date is not None and f_date is not None and f_date <= b_date:
        problems.append(Problem("followup.date", f"a date after baseline.date ({b_date.isoformat()})",
                                f_date.isoformat()))
    return problems
