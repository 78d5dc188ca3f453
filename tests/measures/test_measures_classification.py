"""2017 EULAR/ACR classification criteria: vectors, exact cut-offs, unknown items, the rash-or-biopsy rule
and the [O] subgroup tree."""

import pytest

from decision.measures import ClassificationInput, category_for_score, classify_eular_acr
from decision.measures.classification import ITEMS, probability

ALL_ITEMS = [i.key for i in ITEMS]
CLINICAL = [i.key for i in ITEMS if not i.key.startswith("biopsy_")]
BIOPSY = [i.key for i in ITEMS if i.key.startswith("biopsy_")]
SHORT = {"upper": "weakness_proximal_upper", "lower": "weakness_proximal_lower",
         "neck": "neck_flexors_weaker_than_extensors", "legs": "legs_proximal_weaker_than_distal",
         "helio": "heliotrope_rash", "gpap": "gottron_papules", "gsign": "gottron_sign",
         "dys": "dysphagia_or_oesophageal_dysmotility", "jo1": "anti_jo1", "enz": "raised_muscle_enzymes",
         "endo": "biopsy_endomysial_infiltrate", "peri": "biopsy_perimysial_or_perivascular_infiltrate",
         "pfa": "biopsy_perifascicular_atrophy", "rv": "biopsy_rimmed_vacuoles"}
AGES = {"age1840": 30, "age40": 50}


def patient(*present: str, biopsy: bool = False, **overrides) -> ClassificationInput:
    """Every item known: those named present, all others absent (age 10, i.e. no age points, unless named)."""
    items = {k: False for k in (ALL_ITEMS if biopsy else CLINICAL)}
    items["finger_flexor_weakness_no_treatment_response"] = False
    age = 10
    for name in present:
        if name in AGES:
            age = AGES[name]
        else:
            items[SHORT[name]] = True
    return ClassificationInput(**{"biopsy_performed": biopsy, "age_at_onset": age, **items, **overrides})


def test_vector_e1():
    result = classify_eular_acr(patient("age40", "upper", "helio", "jo1"))
    assert result.score == 9.8 and result.category == "definite" and not result.biopsy_used
    assert result.complete and result.score_max == 9.8


def test_vector_e2():
    result = classify_eular_acr(patient("age1840", "upper", "lower", "enz", "gpap"))
    assert result.score == 6.2 and result.category == "probable"


def test_per_item_points_are_shown():
    result = classify_eular_acr(patient("age40", "upper", "helio", "jo1"))
    points = {i.item: i.points for i in result.items if i.points}
    assert points == {"age_at_onset": 2.1, "weakness_proximal_upper": 0.7, "heliotrope_rash": 3.1, "anti_jo1": 3.9}
    assert {i.status for i in result.items if i.item.startswith("biopsy_")} == {"not_applicable"}


@pytest.mark.parametrize("items, biopsy, score, category", [
    (("age1840", "jo1", "gsign"), False, 8.5, "definite"),
    (("age40", "helio"), False, 5.2, "not_iim"),
    (("age1840", "upper", "gsign"), False, 5.3, "possible"),
    (("age40", "gsign"), False, 5.4, "possible"),
    (("age1840", "legs", "gsign"), False, 5.5, "probable"),
    (("age1840", "upper", "gpap", "gsign"), False, 7.4, "probable"),
    (("age40", "gpap", "gsign"), False, 7.5, "definite"),
    (("gpap", "gsign"), True, 6.4, "not_iim"),
    (("gpap", "jo1"), True, 6.5, "possible"),
    (("age1840", "helio", "pfa"), True, 6.6, "possible"),
    (("age40", "upper", "gpap", "dys"), True, 6.2, "not_iim"),
    (("age1840", "jo1", "enz", "helio"), True, 9.9, "definite"),
    (("age1840", "gsign", "enz", "upper"), True, 7.3, "probable"),
    (("age40", "gpap", "gsign"), True, 8.6, "probable"),
    (("age40", "gpap", "jo1"), True, 8.7, "definite"),
])
def test_cutoffs_exactly(items, biopsy, score, category):
    result = classify_eular_acr(patient(*items, biopsy=biopsy))
    assert result.score == score
    assert result.score_category == category


@pytest.mark.parametrize("tenths, biopsy, category", [
    (52, False, "not_iim"), (53, False, "possible"), (54, False, "possible"), (55, False, "probable"),
    (74, False, "probable"), (75, False, "definite"),
    (64, True, "not_iim"), (65, True, "possible"), (66, True, "possible"), (67, True, "probable"),
    (86, True, "probable"), (87, True, "definite"),
])
def test_category_for_score_in_tenths(tenths, biopsy, category):
    assert category_for_score(tenths, biopsy) == category


def test_probability_is_shown_but_the_score_decides():
    result = classify_eular_acr(patient("age1840", "legs", "gsign"))  # exactly 5.5
    assert result.probability == pytest.approx(0.5424, abs=1e-4)  # below 55% ...
    assert result.category == "probable"  # ... yet probable by the published score cut-off
    assert "reconstruction" in result.probability_formula
    assert any("54.2%) does not match 'probable'" in n for n in result.notes)
    assert probability(6.49, True) == 0.5
    far_from_cutoff = classify_eular_acr(patient("age40", "upper", "helio", "jo1"))
    assert not any("does not match" in n for n in far_from_cutoff.notes)


def test_unknown_items_give_a_score_range_never_absent():
    result = classify_eular_acr(ClassificationInput(biopsy_performed=False))
    assert result.score == 0 and result.score_max == 20.8
    assert result.category == "indeterminate"
    assert len(result.unknown_items) == 11  # age + 10 clinical items
    assert result.score_category == "not_iim" and result.score_category_max == "definite"


def test_unknown_item_that_cannot_change_the_category_keeps_it():
    result = classify_eular_acr(patient("age40", "upper", "helio", "jo1", dysphagia_or_oesophageal_dysmotility=None))
    assert result.unknown_items == ("dysphagia_or_oesophageal_dysmotility",)
    assert result.score == 9.8 and result.score_max == 10.5 and result.category == "definite"


def test_unknown_age_adds_the_highest_age_points_to_the_maximum():
    result = classify_eular_acr(patient("helio", "gsign", age_at_onset=None))
    assert result.score == 6.4 and result.score_max == 8.5
    age = result.items[0]
    assert age.status == "unknown" and age.points_if_present == 2.1


def test_files_may_say_unknown():
    result = classify_eular_acr(ClassificationInput.model_validate(
        {"biopsy_performed": "no", "anti_jo1": "unknown", "heliotrope_rash": "yes"}))
    jo1 = next(i for i in result.items if i.item == "anti_jo1")
    assert jo1.status == "unknown" and jo1.value is None


def test_without_skin_signs_or_biopsy_the_patient_cannot_be_classified():
    result = classify_eular_acr(patient("age40", "upper", "lower", "neck", "legs", "dys", "jo1", "enz"))
    assert result.score == 12.3 and result.score_category == "definite"
    assert result.rash_or_biopsy_rule == "not_satisfied"
    assert result.category == "biopsy_required"


def test_with_a_biopsy_the_rule_is_satisfied_without_skin_signs():
    result = classify_eular_acr(patient("age40", "upper", "lower", "enz", "endo", "peri", biopsy=True))
    assert result.rash_or_biopsy_rule == "satisfied"
    assert result.score == 7.7 and result.category == "probable"


def test_unknown_skin_signs_without_biopsy_leave_classification_open():
    result = classify_eular_acr(patient("age40", "upper", "lower", "neck", "legs", "jo1", "enz",
                                        heliotrope_rash=None, gottron_papules=None, gottron_sign=None))
    assert result.rash_or_biopsy_rule == "unknown" and result.category == "indeterminate"


def test_below_probable_the_rule_does_not_matter():
    result = classify_eular_acr(patient("age1840", "jo1"))
    assert result.rash_or_biopsy_rule == "not_satisfied" and result.category == "not_iim"
    assert result.subgroup is None


def test_biopsy_findings_without_a_biopsy_are_rejected():
    with pytest.raises(ValueError) as err:
        ClassificationInput(biopsy_performed=False, biopsy_rimmed_vacuoles=True)
    assert "biopsy_rimmed_vacuoles" in str(err.value)


@pytest.mark.parametrize("items, biopsy, overrides, subgroup", [
    (("age40", "upper", "helio", "jo1"), False, {}, "DM"),
    (("helio", "gsign"), False, {}, "JDM"),
    (("age40", "helio", "gpap"), False, {}, "amyopathic DM"),
    (("age40", "upper", "lower", "enz", "rv", "endo"), True, {}, "IBM"),
    (("age40", "upper", "lower", "enz", "endo", "peri", "neck"), True,
     {"finger_flexor_weakness_no_treatment_response": True}, "IBM"),
    (("age40", "upper", "lower", "enz", "endo", "peri", "neck"), True, {}, "PM (incl. IMNM)"),
    (("age40", "upper", "lower", "enz", "endo", "peri", "neck"), True,
     {"finger_flexor_weakness_no_treatment_response": None}, "undetermined"),
    (("helio", "gsign"), False, {"age_at_onset": None}, "undetermined"),
    (("age40", "helio", "gpap"), False, {"weakness_proximal_upper": None}, "undetermined"),
])
def test_subgroup_tree(items, biopsy, overrides, subgroup):
    result = classify_eular_acr(patient(*items, biopsy=biopsy, **overrides))
    assert result.subgroup == subgroup
    assert result.subgroup_tree.startswith("[O]")


def test_juvenile_without_skin_signs_follows_the_adult_branch_and_says_so():
    result = classify_eular_acr(patient("upper", "lower", "neck", "legs", "enz", "endo", "peri", "pfa",
                                        biopsy=True))
    assert result.score == 10.2 and result.category == "definite" and result.subgroup == "PM (incl. IMNM)"
    assert any("no juvenile branch" in n for n in result.notes)
