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

from decision.measures.bohan_peter import BohanPeterInput, BohanPeterResult, bohan_peter
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

__all__ = [
    "Assessment", "BohanPeterInput", "BohanPeterResult", "ClassificationInput", "ClassificationItem",
    "ClassificationResult", "CoreSet", "DOIInput", "DOIMeasure", "DOIResult", "Enzyme", "MEASURES",
    "SCORE_KINDS", "TISInput", "TISMeasure", "TISResult", "bohan_peter", "category_for", "category_for_score",
    "classify_eular_acr", "definition_of_improvement", "most_abnormal_enzyme", "parse_bohan_peter_input",
    "parse_classification_input", "parse_doi_input", "parse_tis_input", "percent_changes_doi", "render_text",
    "score", "tis_points", "total_improvement_score",
]
