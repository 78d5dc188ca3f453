"""A check line names only what is still unknown, and says "while taking" of a drug already taken (round 10).

Before: "Not yet known: Pregnancy, Pregnancy plans, Sex — check before starting Methotrexate" for a woman whose
sex and pregnancy status were recorded (only the plans were open) and who was taking methotrexate.
"""

from __future__ import annotations

import decision
from decision.views.reading import warning_text
from tests.walk.patients import active_dm, course

KB = decision.load()


def test_a_check_names_only_the_unknown_inputs_and_the_drug_taken_now():
    for recorded in ({"status": "not_pregnant"}, {"status": "not_pregnant", "breastfeeding": False}):
        rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed", True), pregnancy=recorded))
        check = next(w for w in rec.warnings if w.id == "pregnancy_teratogens")
        assert check.missing == ("pregnancy.plans",), recorded
        text = warning_text(KB, check, rec)
        assert text.startswith("Not yet known: Pregnancy plans —")
        assert "while taking Methotrexate" in text and "before starting Methotrexate," not in text


def test_with_nothing_recorded_every_input_is_named():
    rec = decision.recommend(KB, {**active_dm(course("methotrexate", 16, "failed", True)), "pregnancy": {},
                                  "sex": None})
    check = next(w for w in rec.warnings if w.id == "pregnancy_teratogens")
    assert {"sex", "pregnancy.status", "pregnancy.plans"} <= set(check.missing)
