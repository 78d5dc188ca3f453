"""What is recorded about pregnancy and lactation is read as recorded, whatever else is missing.

Round-10 audit: (1) a gestation recorded with no pregnancy status held the walk on "is she pregnant?" while
methotrexate or mycophenolate taken now was to be "continued meanwhile" — a gestation is a pregnancy, so the
pregnancy gates stop the teratogen at once; (2) a recorded breastfeeding was ignored when the woman cannot become
pregnant (sterilised at delivery): lactation is a fact of its own, not derived from fertility. Breastfeeding is
still not asked of men.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def _stops(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "stop"}


def test_a_recorded_gestation_stops_a_teratogen_taken_now():
    for drug in ("methotrexate", "mycophenolate_mofetil"):
        for weeks in (6, 20):
            rec = decision.recommend(KB, active_dm(course(drug, 16, "failed", True),
                                                   pregnancy={"gestation_weeks": weeks}))
            assert rec.status.code == "pregnancy", (drug, weeks)
            assert drug in _stops(rec)


def test_a_gestation_against_a_stated_status_is_an_input_error():
    with pytest.raises(decision.PatientInputError, match="pregnancy.gestation_weeks"):
        decision.recommend(KB, active_dm(pregnancy={"status": "not_pregnant", "gestation_weeks": 6}))


def test_breastfeeding_excludes_incompatible_drugs_whatever_the_fertility():
    for status in ("not_applicable", "not_pregnant", None):
        pregnancy = {"breastfeeding": True, **({"status": status} if status else {})}
        rec = decision.recommend(KB, active_dm(course("mycophenolate_mofetil", 16, "failed", True),
                                               pregnancy=pregnancy))
        assert "mycophenolate_mofetil" in _stops(rec), status
        offered = {a.therapy for a in rec.actions if a.kind == "therapy"}
        assert not {"cyclophosphamide", "tofacitinib", "methotrexate"} & offered, status


def test_breastfeeding_is_not_asked_of_a_man():
    man = active_dm(course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed"), sex="male",
                    pregnancy={})
    rec = decision.recommend(KB, man)
    assert "pregnancy.breastfeeding" not in {m.field for m in rec.missing}
    assert not any(w.id == "breastfeeding_incompatible" for w in rec.warnings)
