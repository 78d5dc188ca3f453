"""Label gates the round-11 safety audit found missing: nintedanib in pregnancy, trying, breastfeeding and without
contraception; tofacitinib at a lymphocyte count below 0.5 ×10⁹/L; a dated DVT read as a thrombosis history.

Before: nintedanib carried no tag any pregnancy rule reads, so it was offered to a woman trying to conceive and
while breastfeeding, and a pregnant woman taking it was not told to stop (Ofev label: not in pregnancy, a
pregnancy test and highly effective contraception until 3 months after the last dose, breastfeeding stopped).
A recorded lymphocyte count was never read (tofacitinib label: not started below 500 cells/mm³). A DVT dated six
weeks ago with the yes/no field unrecorded left IVIG with no thrombosis line.
"""

from __future__ import annotations

from typing import Any

import pytest

import decision
from decision.errors import PatientInputError
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
FIBROTIC_ILD = {"present": True, "progressing": True, "pattern": "uip", "symptomatic": True,
                "fvc_percent": 60, "fvc_previous_percent": 68}


def fibrotic(pregnancy: dict[str, Any], *extra: dict) -> dict:
    return active_dm(course("mycophenolate_mofetil", 24, "failed"), course("azathioprine", 16, "failed"), *extra,
                     age=31, diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                     autoantibodies=[{"name": "jo1", "result": "positive"}], ild=FIBROTIC_ILD, pregnancy=pregnancy)


def _offered(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"}


def _stopped(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "stop"}


BASE = {"status": "not_pregnant", "plans": "none", "breastfeeding": False, "contraception": True}


def test_nintedanib_is_offered_for_progressing_fibrotic_ild_when_nothing_forbids_it():
    assert "nintedanib" in _offered(decision.recommend(KB, fibrotic(BASE)))


@pytest.mark.parametrize("pregnancy", [
    {**BASE, "plans": "trying"},
    {**BASE, "breastfeeding": True},
    {"status": "pregnant", "gestation_weeks": 10, "breastfeeding": False},
])
def test_nintedanib_is_not_offered_in_pregnancy_trying_or_breastfeeding(pregnancy):
    rec = decision.recommend(KB, fibrotic(pregnancy))
    assert "nintedanib" not in _offered(rec)
    assert any(n.therapy == "nintedanib" for n in rec.not_suggested)


@pytest.mark.parametrize("pregnancy", [{"status": "pregnant", "gestation_weeks": 10, "breastfeeding": False},
                                       {**BASE, "breastfeeding": True}])
def test_nintedanib_taken_now_is_stopped(pregnancy):
    rec = decision.recommend(KB, fibrotic(pregnancy, course("nintedanib", 8, None, current=True)))
    assert "nintedanib" in _stopped(rec)


def test_contraception_unknown_is_asked_before_nintedanib():
    rec = decision.recommend(KB, fibrotic({k: v for k, v in BASE.items() if k != "contraception"}))
    asked = next(m for m in rec.missing if m.field == "pregnancy.contraception")
    assert any("Nintedanib or tofacitinib and contraception" in w for w in asked.would_change)


SKIN_ONLY = {"muscle": {"active": False, "weakness": {"proximal": False}},
             "skin": {"active": True, "cdasi_activity": 25, "gottron_papules": True},
             "autoantibodies": [{"name": "mi2", "result": "positive"}], "pregnancy": {"status": "not_applicable"},
             "age": 58, "mri": {"oedema": False}}
SKIN_HISTORY = (course("hydroxychloroquine", 24, "failed"), course("methotrexate", 20, "failed"),
                course("mycophenolate_mofetil", 20, "failed"), course("ivig", 16, "failed"))


@pytest.mark.parametrize(("count", "offered"), [(0.2, False), (0.49, False), (0.5, True), (1.4, True)])
def test_tofacitinib_and_the_lymphocyte_count(count, offered):
    rec = decision.recommend(KB, active_dm(*SKIN_HISTORY, **{**SKIN_ONLY,
                                                             "labs": {**ACTIVE_DM["labs"], "lymphocytes": count}}))
    assert ("tofacitinib" in _offered(rec)) is offered
    if not offered:
        assert any(n.therapy == "tofacitinib" and "0.5" in n.reason for n in rec.not_suggested)


def test_a_dated_dvt_is_a_thrombosis_history():
    dvt = {"venous_thrombosis_date": "2026-09-15"}
    rec = decision.recommend(KB, active_dm(*SKIN_HISTORY[1:3], comorbidity=dvt, as_of="2026-11-01"))
    assert "comorbidity.thrombosis_history" not in {m.field for m in rec.missing}
    if "ivig" in _offered(rec):
        assert any(w.id == "ivig_thrombosis_renal" for w in rec.warnings)


def test_a_dated_dvt_with_thrombosis_history_no_is_refused_naming_the_field():
    with pytest.raises(PatientInputError) as err:
        decision.parse_patient({**ACTIVE_DM, "comorbidity": {"thrombosis_history": False,
                                                            "venous_thrombosis_date": "2026-09-15"}})
    assert "comorbidity.thrombosis_history" in str(err.value)


def test_a_dvt_dated_after_as_of_is_refused_round_12():
    with pytest.raises(PatientInputError) as err:
        decision.parse_patient({**ACTIVE_DM, "as_of": "2026-11-01",
                                "comorbidity": {"venous_thrombosis_date": "2026-12-15"}})
    assert "comorbidity.venous_thrombosis_date" in str(err.value)
