"""The file edge: plain mappings (as loaded from a YAML or JSON file) in, validated models out.

This is where bad input is caught, strictly (no ``"45"`` for a number, no ``yes`` for a boolean; the same
strict JSON-mode validation as the patient), all of it at once, and reported as a ``PatientInputError`` that names
each field by its dotted path (``followup.ck.value``). Past this point the scores trust their input.

File formats (documented with examples in docs/measures-examples.md and examples/measures/):

* TIS and DOI share one *assessment pair* file, so the same file answers both questions::

      population: adult          # adult | juvenile (required for the TIS; thresholds differ)
      enzyme_method: uln_range   # uln_range (default) | relative - TIS only
      baseline:
        date: 2024-01-15         # optional; if both are given, follow-up must be later
        pga: 6                   # cm, 0-10
        mmt: 60
        mmt_max: 80              # required with mmt: 80 | 150 | 260
        ck: {value: 1200, uln: 200, unit: U/L}
      followup: { ... same keys ... }

  Leave a measure out (or write null) when it was not measured. ``population`` and ``enzyme_method`` are
  accepted by the DOI parser so that the file can be shared, and do not change the DOI.
* Classification (2017 EULAR/ACR) and Bohan & Peter files are flat: one key per item, each yes / no /
  unknown. An item left out is unknown, never absent.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, ValidationError

from decision.errors import PatientInputError, Problem, bounded_repr, problems_from_validation
from decision.measures.bohan_peter import BohanPeterInput, BohanPeterResult, bohan_peter
from decision.measures.classification import ClassificationInput, ClassificationResult, classify_eular_acr
from decision.measures.coreset import Assessment, CoreSet, pair_problems
from decision.measures.doi import DOIResult, definition_of_improvement
from decision.measures.tis import EnzymeMethod, Population, TISResult, total_improvement_score
from decision.plain_data import strict_json

SCORE_KINDS = ("tis", "doi", "classify", "bohan_peter")


class TISInput(BaseModel):
    """A validated TIS request: population, enzyme method and the two assessments."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    population: Population
    enzyme_method: EnzymeMethod = "uln_range"
    baseline: CoreSet
    followup: CoreSet


class DOIInput(BaseModel):
    """A validated DOI request: the two assessments."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    baseline: CoreSet
    followup: CoreSet


class _Visit(CoreSet):
    """A core set as written in a file: the date is optional there."""

    date: datetime.date | None = None


class _PairFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    population: Population | None = None
    enzyme_method: EnzymeMethod = "uln_range"
    baseline: _Visit | None = None
    followup: _Visit | None = None


_VISIT_SHAPE = "a mapping (of core set measures: pga, ptga, mmt, mmt_max, haq, extramuscular, ck, ...)"


def _as_visit(visit: _Visit | None) -> CoreSet:
    visit = cast(_Visit, visit)  # _parse_pair has refused a missing visit
    data = visit.model_dump(exclude={"date"}, exclude_none=True)
    return Assessment(**data, date=visit.date) if visit.date is not None else CoreSet(**data)


def _top_level(mapping: Any, expected: str) -> None:
    if not isinstance(mapping, Mapping):
        raise PatientInputError([Problem("(top level)", expected, type(mapping).__name__)])


def _parse_pair(mapping: Any, need_population: bool) -> _PairFile:
    _top_level(mapping, "a mapping with baseline and followup assessments")
    problems = []
    if "baseline" not in mapping or mapping["baseline"] is None:
        why = " (followup given without baseline)" if mapping.get("followup") is not None else " (it is required)"
        problems.append(Problem("baseline", "the baseline assessment" + why, "nothing"))
    if "followup" not in mapping or mapping["followup"] is None:
        problems.append(Problem("followup", "the follow-up assessment (it is required)", "nothing"))
    data = dict(mapping)
    for key in ("baseline", "followup"):  # checked here, not in a validator, so strict JSON mode reaches the dates
        if data.get(key) is not None and not isinstance(data[key], Mapping):
            problems.append(Problem(key, _VISIT_SHAPE, bounded_repr(data[key])))
            data[key] = None
    if need_population and mapping.get("population") is None:
        problems.append(Problem("population", "adult or juvenile (the TIS thresholds differ; it is required)",
                                "nothing"))
    try:
        parsed = _PairFile.model_validate_json(strict_json(data, "(top level)"), strict=True)
    except ValidationError as exc:
        raise PatientInputError(problems + problems_from_validation(exc)) from None
    if not problems and parsed.baseline is not None and parsed.followup is not None:
        problems += pair_problems(parsed.baseline, parsed.followup)
    if problems:
        raise PatientInputError(problems)
    return parsed


def parse_tis_input(mapping: Any) -> TISInput:
    """Validate an assessment pair file for the TIS; raise PatientInputError naming every bad field."""
    parsed = _parse_pair(mapping, need_population=True)
    return TISInput(population=cast(Population, parsed.population), enzyme_method=parsed.enzyme_method,
                    baseline=_as_visit(parsed.baseline), followup=_as_visit(parsed.followup))


def parse_doi_input(mapping: Any) -> DOIInput:
    """Validate an assessment pair file for the DOI; raise PatientInputError naming every bad field."""
    parsed = _parse_pair(mapping, need_population=False)
    return DOIInput(baseline=_as_visit(parsed.baseline), followup=_as_visit(parsed.followup))


def _parse_flat(model: type[BaseModel], mapping: Any):
    _top_level(mapping, "a mapping of criteria items to yes / no / unknown")
    try:
        return model.model_validate_json(strict_json(dict(mapping), "(top level)"), strict=True)
    except ValidationError as exc:
        raise PatientInputError(problems_from_validation(exc)) from None


def parse_classification_input(mapping: Any) -> ClassificationInput:
    """Validate a 2017 EULAR/ACR item file; raise PatientInputError naming every bad field."""
    return _parse_flat(ClassificationInput, mapping)


def parse_bohan_peter_input(mapping: Any) -> BohanPeterInput:
    """Validate a Bohan & Peter item file; raise PatientInputError naming every bad field."""
    return _parse_flat(BohanPeterInput, mapping)


def score(kind: str, mapping: Any) -> TISResult | DOIResult | ClassificationResult | BohanPeterResult:
    """Parse ``mapping`` for ``kind`` (one of :data:`SCORE_KINDS`) and compute the result."""
    if kind == "tis":
        tis = parse_tis_input(mapping)
        return total_improvement_score(tis.baseline, tis.followup, tis.population, tis.enzyme_method)
    if kind == "doi":
        doi = parse_doi_input(mapping)
        return definition_of_improvement(doi.baseline, doi.followup)
    if kind == "classify":
        return classify_eular_acr(parse_classification_input(mapping))
    if kind == "bohan_peter":
        return bohan_peter(parse_bohan_peter_input(mapping))
    raise ValueError(f"unknown score kind {kind!r}; expected one of {', '.join(SCORE_KINDS)}")
