"""Outcome measures and classification criteria for myositis, as pure functions over validated input.

Why a separate library: the refractoriness rule (IMACS DOI not met), trial eligibility (TIS, Bohan &
Peter, EULAR/ACR) and the CLI (``myositis-cds score tis|doi|classify FILE``) all need the same numbers,
computed the same way, with every [O]/[P] choice and every missing measure shown in the result rather
than hidden. The clinical specification is ``shared/clinical/measures.md``.

Typical use::

    from decision.measures import score, render_text
    result = score("tis", yaml.safe_load(text))   # raises PatientInputError naming every bad field
    print(render_text(result)); result.to_dict()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Imported at once: the function shares its module's name, and importing the module binds that name here.
from decision.measures.bohan_peter import BohanPeterInput, BohanPeterResult, bohan_peter

# Where each public name lives. The package imports a module only when one of its names is first used: the
# walker needs the core set, DOI and TIS, and should not pay at every start for the classification criteria,
# the parsers and their models.
_HOME = {
    "bohan_peter": ("BohanPeterInput", "BohanPeterResult", "bohan_peter"),
    "classification": ("ClassificationInput", "ClassificationItem", "ClassificationResult", "category_for_score",
                       "classify_eular_acr"),
    "coreset": ("MEASURES", "Assessment", "CoreSet", "Enzyme", "most_abnormal_enzyme"),
    "doi": ("DOIMeasure", "DOIResult", "definition_of_improvement", "percent_changes_doi"),
    "parse": ("SCORE_KINDS", "DOIInput", "TISInput", "parse_bohan_peter_input", "parse_classification_input",
              "parse_doi_input", "parse_tis_input", "score"),
    "render": ("render_text",),
    "tis": ("TISMeasure", "TISResult", "category_for", "tis_points", "total_improvement_score"),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}

__all__ = [
    "Assessment", "BohanPeterInput", "BohanPeterResult", "ClassificationInput", "ClassificationItem",
    "ClassificationResult", "CoreSet", "DOIInput", "DOIMeasure", "DOIResult", "Enzyme", "MEASURES",
    "SCORE_KINDS", "TISInput", "TISMeasure", "TISResult", "bohan_peter", "category_for", "category_for_score",
    "classify_eular_acr", "definition_of_improvement", "most_abnormal_enzyme", "parse_bohan_peter_input",
    "parse_classification_input", "parse_doi_input", "parse_tis_input", "percent_changes_doi", "render_text",
    "score", "tis_points", "total_improvement_score",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next use is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and editors: the names as if imported eagerly
    from decision.measures.classification import (
        ClassificationInput,
        ClassificationItem,
        ClassificationResult,
        category_for_score,
        classify_eular_acr,
    )
    from decision.measures.coreset import MEASURES, Assessment, CoreSet, Enzyme, most_abnormal_enzyme
    from decision.measures.doi import DOIMeasure, DOIResult, definition_of_improvement, percent_changes_doi
    from decision.measures.parse import (
        SCORE_KINDS,
        DOIInput,
        TISInput,
        parse_bohan_peter_input,
        parse_classification_input,
        parse_doi_input,
        parse_tis_input,
        score,
    )
    from decision.measures.render import render_text
    from decision.measures.tis import TISMeasure, TISResult, category_for, tis_points, total_improvement_score
