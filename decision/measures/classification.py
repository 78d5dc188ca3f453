"""2017 EULAR/ACR classification criteria for idiopathic inflammatory myopathy (Lundberg 2017),
measures.md section 4.

Classification criteria say whether a patient belongs in a study population; they are not a diagnosis.
The score decides the category by the published score cut-offs; the logistic probability is shown next to
it, marked as a reconstruction [O] (at exactly 5.5 it gives 54.2%, below the 55% it stands for).

Points are held in tenths (integers), so that 5.3 + 0.2 is exactly 5.5 and every cut-off test is exact.

Missing data: every item is yes / no / unknown. Unknown items add nothing to ``score`` and everything to
``score_max``; the category is given only when both ends agree, otherwise ``indeterminate``. Whether a
biopsy was done is an explicit input (``biopsy_performed``): it chooses the weight set, and biopsy
findings given without it are rejected rather than guessed.

Rash-or-biopsy rule [C]: without heliotrope, Gottron's papules or Gottron's sign, biopsy features are
required to classify. Read here as: with all three skin signs absent and no biopsy, the patient cannot be
classified probable or definite; the category is then ``biopsy_required`` (the score category is still shown).

Subgroup: the tree of measures.md is [O] and is shown as such. "Weakness" for DM versus amyopathic DM is
any of the four objective weakness items (a named choice, ``WEAKNESS_ITEMS``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from decision.measures.base import Finding, Result, YesNo, tristate_any

CategoryName = Literal["definite", "probable", "possible", "not_iim"]
ItemStatus = Literal["present", "absent", "unknown", "not_applicable"]
FinalCategory = CategoryName | Literal["indeterminate", "biopsy_required"]
LADDER: tuple[CategoryName, ...] = ("not_iim", "possible", "probable", "definite")
IIM = ("probable", "definite")

#: Score cut-offs in tenths: lower limit of possible, probable, definite [C].
CUTOFFS = {False: {"possible": 53, "probable": 55, "definite": 75},
           True: {"possible": 65, "probable": 67, "definite": 87}}
#: The probability each score category stands for [C] ("not IIM" is below the first).
NOMINAL_PROBABILITY = {"possible": 0.50, "probable": 0.55, "definite": 0.90}
#: Logistic constant of the probability reconstruction [O]: p = 1 / (1 + exp(c - score)).
PROBABILITY_CONSTANT = {False: 5.33, True: 6.49}
AGE_POINTS = {False: (13, 21), True: (15, 22)}  # (18 to <40, >=40), tenths


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    without_biopsy: int  # tenths; 0 = not part of the without-biopsy set
    with_biopsy: int


ITEMS = (
    Item("weakness_proximal_upper", "Objective symmetric weakness, proximal upper extremities", 7, 7),
    Item("weakness_proximal_lower", "Objective symmetric weakness, proximal lower extremities", 8, 5),
    Item("neck_flexors_weaker_than_extensors", "Neck flexors weaker than neck extensors", 19, 16),
    Item("legs_proximal_weaker_than_distal", "Legs: proximal weaker than distal", 9, 12),
    Item("heliotrope_rash", "Heliotrope rash", 31, 32),
    Item("gottron_papules", "Gottron's papules", 21, 27),
    Item("gottron_sign", "Gottron's sign", 33, 37),
    Item("dysphagia_or_oesophageal_dysmotility", "Dysphagia or oesophageal dysmotility", 7, 6),
    Item("anti_jo1", "Anti-Jo-1 autoantibody", 39, 38),
    Item("raised_muscle_enzymes", "Raised CK, LDH, AST or ALT (aldolase not counted)", 13, 14),
    Item("biopsy_endomysial_infiltrate",
         "Biopsy: endomysial mononuclear infiltrate surrounding, not invading, myofibres", 0, 17),
    Item("biopsy_perimysial_or_perivascular_infiltrate", "Biopsy: perimysial and/or perivascular infiltrate", 0, 12),
    Item("biopsy_perifascicular_atrophy", "Biopsy: perifascicular atrophy", 0, 19),
    Item("biopsy_rimmed_vacuoles", "Biopsy: rimmed vacuoles", 0, 31),
)
BIOPSY_ITEMS = tuple(i.key for i in ITEMS if i.without_biopsy == 0)
SKIN_ITEMS = ("heliotrope_rash", "gottron_papules", "gottron_sign")
#: Named choice [O]: the weakness that makes skin disease "DM" rather than "amyopathic DM".
WEAKNESS_ITEMS = ("weakness_proximal_upper", "weakness_proximal_lower", "neck_flexors_weaker_than_extensors",
                  "legs_proximal_weaker_than_distal")
SUBGROUP_TREE = ("[O] onset <18 with skin signs -> JDM; adult with skin signs -> DM if weakness, else "
                 "amyopathic DM; no skin signs -> IBM if finger-flexor weakness with no treatment response "
                 "or rimmed vacuoles, else PM (incl. IMNM)")


def _finding(description: str):
    return Field(None, description=description + " yes / no / unknown (unknown is never read as absent).")


class ClassificationInput(BaseModel):
    """The items of the 2017 EULAR/ACR criteria for one patient; each finding is yes / no / unknown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    biopsy_performed: YesNo = Field(description="Was a muscle biopsy done? Chooses the weight set (required).")
    age_at_onset: float | None = Field(None, ge=0, le=120, allow_inf_nan=False,
                                       description="Age at onset of the first symptom assumed related to the "
                                       "disease.", json_schema_extra={"unit": "years"})
    weakness_proximal_upper: Finding = _finding("Objective symmetric, usually progressive, weakness of the "
                                                "proximal upper extremities.")
    weakness_proximal_lower: Finding = _finding("Objective symmetric, usually progressive, weakness of the "
                                                "proximal lower extremities.")
    neck_flexors_weaker_than_extensors: Finding = _finding("Neck flexors relatively weaker than neck extensors.")
    legs_proximal_weaker_than_distal: Finding = _finding("In the legs, proximal muscles relatively weaker than "
                                                         "distal.")
    heliotrope_rash: Finding = _finding("Heliotrope rash.")
    gottron_papules: Finding = _finding("Gottron's papules.")
    gottron_sign: Finding = _finding("Gottron's sign.")
    dysphagia_or_oesophageal_dysmotility: Finding = _finding("Dysphagia or oesophageal dysmotility.")
    anti_jo1: Finding = _finding("Anti-Jo-1 (anti-histidyl-tRNA synthetase) autoantibody present.")
    raised_muscle_enzymes: Finding = _finding("Highest CK, LDH, AST or ALT during the illness above the ULN "
                                              "(aldolase is not counted).")
    biopsy_endomysial_infiltrate: Finding = _finding("Biopsy: endomysial mononuclear infiltrate surrounding, "
                                                     "but not invading, myofibres.")
    biopsy_perimysial_or_perivascular_infiltrate: Finding = _finding("Biopsy: perimysial and/or perivascular "
                                                                     "infiltrate.")
    biopsy_perifascicular_atrophy: Finding = _finding("Biopsy: perifascicular atrophy.")
    biopsy_rimmed_vacuoles: Finding = _finding("Biopsy: rimmed vacuoles.")
    finger_flexor_weakness_no_treatment_response: Finding = _finding(
        "Finger-flexor weakness that has not improved with treatment (subgroup only, scores no points).")

    @field_validator(*BIOPSY_ITEMS)
    @classmethod
    def _biopsy_findings_need_biopsy(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        if value is not None and info.data.get("biopsy_performed") is False:
            raise PydanticCustomError(
                "biopsy_not_performed", "no biopsy finding when biopsy_performed is no (say yes, or remove it)")
        return value


class ClassificationItem(Result):
    """One criterion: what was given, and the points it earned and could earn."""

    item: str
    label: str
    value: bool | float | None
    status: ItemStatus
    points: float
    points_if_present: float


class ClassificationResult(Result):
    """Score, probability, category and subgroup by the 2017 EULAR/ACR criteria."""

    biopsy_used: bool
    items: tuple[ClassificationItem, ...]
    score: float
    score_max: float
    complete: bool
    unknown_items: tuple[str, ...]
    probability: float
    probability_max: float
    probability_formula: str
    score_category: CategoryName
    score_category_max: CategoryName
    cutoffs: dict[str, float]
    rash_or_biopsy_rule: Literal["satisfied", "not_satisfied", "unknown"]
    category: FinalCategory
    subgroup: Literal["JDM", "DM", "amyopathic DM", "IBM", "PM (incl. IMNM)", "undetermined"] | None
    subgroup_tree: str = SUBGROUP_TREE
    notes: tuple[str, ...] = ()


def category_for_score(tenths: int, biopsy: bool) -> CategoryName:
    """Category for a score given in tenths (e.g. 55 for 5.5) by the published cut-offs (each inclusive)."""
    cut = CUTOFFS[biopsy]
    if tenths >= cut["definite"]:
        return "definite"
    if tenths >= cut["probable"]:
        return "probable"
    return "possible" if tenths >= cut["possible"] else "not_iim"


def probability(score: float, biopsy: bool) -> float:
    """Reconstructed probability of IIM [O]: ``1 / (1 + exp(c - score))``, c = 5.33 (6.49 with biopsy)."""
    return round(1 / (1 + math.exp(PROBABILITY_CONSTANT[biopsy] - score)), 4)


def _age_row(age: float | None, biopsy: bool) -> tuple[ClassificationItem, int, int]:
    young, old = AGE_POINTS[biopsy]
    label = f"Age at onset (18 to <40: {young / 10:g}; >=40: {old / 10:g})"
    if age is None:
        return ClassificationItem(item="age_at_onset", label=label, value=None, status="unknown", points=0,
                                  points_if_present=old / 10), 0, old
    points = old if age >= 40 else young if age >= 18 else 0
    status: ItemStatus = "present" if points else "absent"
    return ClassificationItem(item="age_at_onset", label=label, value=age, status=status, points=points / 10,
                              points_if_present=points / 10), points, 0


def _item_row(item: Item, value: bool | None, biopsy: bool) -> tuple[ClassificationItem, int, int]:
    weight = item.with_biopsy if biopsy else item.without_biopsy
    status: ItemStatus
    if item.key in BIOPSY_ITEMS and not biopsy:
        status, points, extra = "not_applicable", 0, 0
    elif value is None:
        status, points, extra = "unknown", 0, weight
    else:
        status, points, extra = ("present", weight, 0) if value else ("absent", 0, 0)
    row = ClassificationItem(item=item.key, label=item.label, value=value, status=status, points=points / 10,
                             points_if_present=weight / 10 if status != "not_applicable" else 0.0)
    return row, points, extra


def classify_eular_acr(items: ClassificationInput) -> ClassificationResult:
    """Score one patient by the 2017 EULAR/ACR criteria, with or without biopsy as ``biopsy_performed`` says."""
    biopsy = items.biopsy_performed
    rows = [_age_row(items.age_at_onset, biopsy)]
    rows += [_item_row(i, getattr(items, i.key), biopsy) for i in ITEMS]
    tenths = sum(points for _, points, _ in rows)
    tenths_max = tenths + sum(extra for _, _, extra in rows)
    low, high = category_for_score(tenths, biopsy), category_for_score(tenths_max, biopsy)
    rule = _rash_or_biopsy(items)
    category = _final_category(low, high, rule)
    subgroup, subgroup_notes = _subgroup_for(items, category, high)
    unknown = tuple(r.item for r, _, _ in rows if r.status == "unknown")
    return ClassificationResult(
        biopsy_used=biopsy, items=tuple(r for r, _, _ in rows), score=tenths / 10, score_max=tenths_max / 10,
        complete=not unknown, unknown_items=unknown, probability=probability(tenths / 10, biopsy),
        probability_max=probability(tenths_max / 10, biopsy),
        probability_formula=f"1 / (1 + exp({PROBABILITY_CONSTANT[biopsy]} - score)) [O, reconstruction]",
        score_category=low, score_category_max=high,
        cutoffs={k: v / 10 for k, v in CUTOFFS[biopsy].items()}, rash_or_biopsy_rule=rule, category=category,
        subgroup=subgroup,
        notes=tuple(_notes(tenths, tenths_max, biopsy, rule, category, unknown) + subgroup_notes),
    )


def _rash_or_biopsy(items: ClassificationInput) -> Literal["satisfied", "not_satisfied", "unknown"]:
    if items.biopsy_performed:
        return "satisfied"
    skin = tristate_any([getattr(items, k) for k in SKIN_ITEMS])
    rule: dict[bool | None, Literal["satisfied", "not_satisfied", "unknown"]] = {
        True: "satisfied", False: "not_satisfied", None: "unknown"}
    return rule[skin]


def _final_category(low: CategoryName, high: CategoryName, rule: str) -> FinalCategory:
    if rule == "not_satisfied" and low in IIM:
        return "biopsy_required"
    if rule != "satisfied" and high in IIM:
        return "indeterminate"
    return low if low == high else "indeterminate"


def _probability_note(tenths: int, biopsy: bool) -> list[str]:
    """Say so when the reconstructed probability disagrees with the percentage the category stands for."""
    category, p = category_for_score(tenths, biopsy), probability(tenths / 10, biopsy)
    nominal = NOMINAL_PROBABILITY.get(category)
    disagrees = p < nominal if nominal is not None else p >= NOMINAL_PROBABILITY["possible"]
    if not disagrees:
        return []
    stands_for = f"probability >= {nominal:.0%}" if nominal is not None else "probability < 50%"
    return [f"The reconstructed probability ({p:.1%}) does not match '{category}' ({stands_for}): the category "
            "follows the published score cut-offs and the probability formula is a reconstruction [O]."]


def _notes(tenths, tenths_max, biopsy, rule, category, unknown) -> list[str]:
    notes = _probability_note(tenths, biopsy)
    if unknown:
        low, high = category_for_score(tenths, biopsy), category_for_score(tenths_max, biopsy)
        reach = f"they cannot change the score category ({low})" if low == high else \
            f"the score category is between {low} and {high}"
        notes.append(f"Unknown items ({', '.join(unknown)}) add nothing to the score; if all were present the "
                     f"score would be {tenths_max / 10:g}: {reach}.")
    if rule == "not_satisfied":
        notes.append("No heliotrope rash, Gottron's papules or Gottron's sign and no biopsy: biopsy features are "
                     "required to classify as IIM [C].")
    elif rule == "unknown":
        notes.append("Skin signs not all known and no biopsy: without a skin sign, biopsy features are required "
                     "to classify as IIM [C].")
    if category == "indeterminate":
        notes.append("Indeterminate: the category depends on items that are unknown.")
    return notes


def _subgroup_for(items: ClassificationInput, category: FinalCategory, high: CategoryName):
    if high not in IIM:
        return None, ["Subgroup not assigned: the score cannot reach probable IIM."]
    notes = ["Subgroup by the tree in measures.md [O]; it applies only to patients classified as IIM."]
    if category not in IIM:
        notes.append("The patient is not (yet) classified as IIM: the subgroup is provisional.")
    skin = tristate_any([getattr(items, k) for k in SKIN_ITEMS])
    juvenile = None if items.age_at_onset is None else items.age_at_onset < 18
    weakness = tristate_any([getattr(items, k) for k in WEAKNESS_ITEMS])
    vacuoles = items.biopsy_rimmed_vacuoles if items.biopsy_performed else False
    ibm = tristate_any([items.finger_flexor_weakness_no_treatment_response, vacuoles])
    with_skin = "undetermined" if juvenile is None else "JDM" if juvenile else \
        {True: "DM", False: "amyopathic DM", None: "undetermined"}[weakness]
    without_skin = {True: "IBM", False: "PM (incl. IMNM)", None: "undetermined"}[ibm]
    either = with_skin if with_skin == without_skin else "undetermined"
    by_skin: dict[bool | None, str] = {True: with_skin, False: without_skin}
    subgroup = by_skin.get(skin, either)
    if subgroup == "undetermined":
        notes.append("Subgroup undetermined: needs " + _needed(skin, juvenile, weakness, ibm) + ".")
    if juvenile and skin is False:
        notes.append("Onset before 18 without skin signs: the tree in measures.md has no juvenile branch here, "
                     "so the adult branch was followed.")
    return subgroup, notes


def _needed(skin, juvenile, weakness, ibm) -> str:
    needs = []
    if skin is None:
        needs.append("the skin signs (heliotrope, Gottron's papules, Gottron's sign)")
    if skin is not False and juvenile is None:
        needs.append("age at onset")
    if skin is not False and juvenile is not True and weakness is None:
        needs.append("the weakness items")
    if skin is not True and ibm is None:
        needs.append("finger-flexor weakness with treatment response, or rimmed vacuoles")
    return ", ".join(needs)
