"""A man whose partner is trying to conceive is not given the maternal pregnancy rules (variation audit).

ACR 2020 (and Bermas 2020): for men only cyclophosphamide, of the drugs used here, is stopped — at least 12
weeks before trying to conceive; methotrexate, mycophenolate, azathioprine, the calcineurin inhibitors and
rituximab may be continued; a man who may want children is offered sperm cryopreservation before
cyclophosphamide. Before, ``pregnancy.plans: trying`` made the maternal gates fire whatever the sex: a man's
mycophenolate was stopped and methotrexate excluded.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
MTX_FAILED = course("methotrexate", 20, "failed")
PROGRESSING_ILD = {"present": True, "progressing": True, "rapidly_progressive": False}


def _man(plans: str | None, *courses, **changes):
    pregnancy = {"status": "not_applicable"} | ({"plans": plans} if plans else {})
    return decision.recommend(KB, active_dm(*courses, sex="male", pregnancy=pregnancy, **changes))


def _gates(rec) -> set[str]:
    return {w.id for w in rec.warnings} | {n.by for n in rec.not_suggested}


@pytest.mark.parametrize("plans", ["trying", "future", "none"])
def test_a_mans_methotrexate_and_mycophenolate_are_not_stopped_for_his_partners_pregnancy(plans):
    rec = _man(plans, course("mycophenolate_mofetil", 20, "responded", current=True))
    assert not {a.id for a in rec.actions if a.kind == "stop"}
    assert not {"pregnancy_teratogens", "pregnancy_jak_inhibitor", "contraception_teratogens"} & _gates(rec)


def test_a_man_trying_to_father_a_child_is_cautioned_about_cyclophosphamide_not_denied_it():
    rec = _man("trying", MTX_FAILED, course("mycophenolate_mofetil", 20, "failed", current=True),
               ild=PROGRESSING_ILD)
    caution = next(w for w in rec.warnings if w.id == "paternal_cyclophosphamide")
    assert caution.severity == "caution" and "12 weeks" in caution.message
    assert "cyclophosphamide" in {a.therapy for a in rec.actions}  # organ-threatening disease may need it
    assert "mycophenolate_mofetil" not in {n.therapy for n in rec.not_suggested if n.by.startswith("pregnancy")}


def test_an_emergency_keeps_cyclophosphamide_for_a_man_whose_partner_is_trying():
    mda5 = [{"name": "mda5", "result": "positive"}]
    rec = _man("trying", autoantibodies=mda5, ild={"present": True, "rapidly_progressive": True})
    assert rec.status.code == "emergency"
    assert "cyclophosphamide" in {a.therapy for a in rec.actions}
    assert "paternal_cyclophosphamide" in {w.id for w in rec.warnings}
    assert "urgent_regimen_incomplete" not in {w.id for w in rec.warnings}


def test_a_man_already_on_cyclophosphamide_is_told_about_conception():
    rec = _man("trying", MTX_FAILED, course("cyclophosphamide", 8, None, current=True), ild=PROGRESSING_ILD)
    assert "paternal_cyclophosphamide" in {w.id for w in rec.warnings}


@pytest.mark.parametrize(("plans", "warned"), [("future", True), ("none", False)])
def test_a_man_who_may_want_children_is_offered_sperm_banking_before_cyclophosphamide(plans, warned):
    rec = _man(plans, MTX_FAILED, course("mycophenolate_mofetil", 20, "failed", current=True), ild=PROGRESSING_ILD)
    assert "cyclophosphamide" in {a.therapy for a in rec.actions}
    assert ("cyclophosphamide_fertility_men" in _gates(rec)) is warned


def test_a_woman_trying_to_conceive_still_gets_the_maternal_rules():
    pregnancy = {"status": "not_pregnant", "plans": "trying", "breastfeeding": False}
    rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 20, "responded", current=True),
                                           pregnancy=pregnancy))
    assert "stop_mycophenolate_mofetil" in {a.id for a in rec.actions}


def test_trying_to_conceive_with_the_sex_unknown_asks_before_stopping_anything():
    """Round-9 audit: 'Stop mycophenolate now' was stated as fact while the sex was the open question."""
    p = active_dm(course("mycophenolate_mofetil", 20, "responded", current=True), pregnancy={"plans": "trying"})
    p.pop("sex")
    rec = decision.recommend(KB, p)
    assert not {a.id for a in rec.actions if a.kind == "stop"}
    check = next(w for w in rec.warnings if w.id == "pregnancy_teratogens")
    assert check.severity == "screening_due" and "sex" in check.missing


def test_a_boy_is_not_asked_whether_he_is_trying_to_father_a_child():
    """Round 10: an 8-year-old boy was asked it before cyclophosphamide; the bound is the one girls are asked from."""
    third = [course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed", True)]
    for age, asked in ((8, False), (9.9, False), (10, True), (40, True)):
        rec = decision.recommend(KB, {**active_dm(*third), "age": age, "weight_kg": 30, "sex": "male",
                                      "pregnancy": {}})
        ids = {w.id for w in rec.warnings}
        assert ({"paternal_cyclophosphamide", "cyclophosphamide_fertility_men"} <= ids) is asked, age


def test_a_man_trying_soon_after_cyclophosphamide_is_told_to_wait_round_11():
    """Round 11: three weeks after the last cyclophosphamide, a man trying to conceive got no line (the gate spoke
    only of cyclophosphamide offered or taken). The 12 weeks count from the last dose (ACR 2020)."""
    import decision as _d
    from tests.walk.patients import active_dm, course

    def man(last_dose: str, **extra):
        return active_dm(course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed"),
                         course("cyclophosphamide", 24, "failed", last_dose=last_dose), sex="male",
                         pregnancy={"plans": "trying"}, as_of="2026-11-01", **extra)
    kb = _d.load()
    recent = _d.recommend(kb, man("2026-10-11"))
    assert "paternal_cyclophosphamide_recent" in {w.id for w in recent.warnings}
    long_ago = _d.recommend(kb, man("2026-05-01"))
    assert "paternal_cyclophosphamide_recent" not in {w.id for w in long_ago.warnings}
    woman = _d.recommend(kb, {**man("2026-10-11"), "sex": "female"})
    assert "paternal_cyclophosphamide_recent" not in {w.id for w in woman.warnings}


def test_unknown_dates_of_a_past_cyclophosphamide_are_asked_not_read_as_long_ago_round_12():
    import decision as _d
    from tests.walk.patients import active_dm, course
    kb = _d.load()
    rec = _d.recommend(kb, active_dm(course("methotrexate", 16, "failed"), course("cyclophosphamide", 24, "failed"),
                                     sex="male", pregnancy={"plans": "trying"}))
    found = [w for w in rec.warnings if w.id == "paternal_cyclophosphamide_recent"]
    assert found and found[0].severity == "screening_due"
    never = _d.recommend(kb, active_dm(course("methotrexate", 16, "failed"), sex="male", pregnancy={"plans": "trying"}))
    assert "paternal_cyclophosphamide_recent" not in {w.id for w in never.warnings}
