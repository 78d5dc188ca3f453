"""Bohan & Peter 1975: the category table, exclusions and unknown findings."""

import pytest

from decision.measures import BohanPeterInput, bohan_peter

CRITERIA = ("symmetric_proximal_weakness", "raised_muscle_enzymes", "myopathic_emg", "typical_biopsy")
EXCLUSIONS = ("neurological_disease", "muscular_dystrophy", "infectious_or_granulomatous_myositis",
              "metabolic_or_endocrine_myopathy", "myasthenia")


def items(met: int, rash: bool | None, **overrides) -> BohanPeterInput:
    """The first ``met`` of criteria 1-4 present, the rest absent; no exclusion."""
    values = {k: i < met for i, k in enumerate(CRITERIA)}
    values.update({k: False for k in EXCLUSIONS}, typical_dm_rash=rash)
    return BohanPeterInput(**{**values, **overrides})


@pytest.mark.parametrize("name, met, rash, pm, dm", [
    ("PM definite", 4, False, "definite", "not_met"),
    ("PM probable", 3, False, "probable", "not_met"),
    ("PM possible", 2, False, "possible", "not_met"),
    ("PM not met", 1, False, "not_met", "not_met"),
    ("DM definite", 3, True, "probable", "definite"),
    ("DM definite, all four", 4, True, "definite", "definite"),
    ("DM probable", 2, True, "possible", "probable"),
    ("DM possible", 1, True, "not_met", "possible"),
    ("rash alone", 0, True, "not_met", "not_met"),
])
def test_category_table(name, met, rash, pm, dm):
    result = bohan_peter(items(met, rash))
    assert (result.pm_category, result.dm_category) == (pm, dm)
    assert result.classifiable is True and result.muscle_criteria_met == met


@pytest.mark.parametrize("exclusion", EXCLUSIONS)
def test_any_exclusion_makes_the_patient_not_classifiable_and_is_named(exclusion):
    result = bohan_peter(items(4, True, **{exclusion: True}))
    assert result.pm_category == result.dm_category == "not_classifiable"
    assert result.classifiable is False and result.exclusions_present == (exclusion,)
    assert result.pm_range == ("definite", "definite")  # what the criteria alone would give
    assert any("Not classifiable" in n for n in result.notes)


def test_unknown_criterion_gives_a_range():
    result = bohan_peter(items(3, False, typical_biopsy=None))
    assert result.pm_range == ("probable", "definite") and result.pm_category == "indeterminate"
    assert result.muscle_criteria_max == 4


def test_unknown_rash_leaves_dm_open():
    result = bohan_peter(items(3, None))
    assert result.dm_range == ("not_met", "definite") and result.dm_category == "indeterminate"


def test_unknown_exclusions_make_the_result_provisional_not_absent():
    result = bohan_peter(BohanPeterInput(symmetric_proximal_weakness=True, raised_muscle_enzymes=True,
                                         myopathic_emg=True, typical_biopsy=True, typical_dm_rash=False))
    assert result.pm_category == "definite" and result.classifiable is None
    assert set(result.exclusions_unknown) == set(EXCLUSIONS)
    assert any("Provisional" in n for n in result.notes)
