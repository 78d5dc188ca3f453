"""A progressing ILD with no ILD-directed drug is not "too early to judge" (round-9 audit).

Methotrexate is not an ILD-directed agent (ACR/CHEST 2023). A patient whose ILD progressed at week 6 of
methotrexate was told to continue and optimise methotrexate, with no drug for the lung, because twelve weeks
had not passed. The twelve weeks judge a regimen against the disease it treats; for a lung it does not treat
there is nothing to wait for. An ILD-directed drug taken for under 12 weeks is still waited on.
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
PROGRESSING = {"present": True, "progressing": True, "rapidly_progressive": False}


@pytest.mark.parametrize("outcome", [None, "ongoing", "failed"])
@pytest.mark.parametrize("weeks", [4, 6, 11])
def test_a_progressing_ild_on_methotrexate_alone_gets_an_ild_directed_drug(weeks, outcome):
    rec = decision.recommend(KB, active_dm(course("methotrexate", weeks, outcome, current=True), ild=PROGRESSING))
    assert "act_not_yet" not in rec.path
    assert "act_ladder_ild" in rec.path
    assert {"mycophenolate_mofetil", "azathioprine"} & {a.therapy for a in rec.actions if a.timing == "now"}


@pytest.mark.parametrize("drug", ["mycophenolate_mofetil", "tacrolimus", "azathioprine"])
def test_an_ild_directed_drug_under_12_weeks_is_still_waited_on(drug):
    rec = decision.recommend(KB, active_dm(course(drug, 6, None, current=True), ild=PROGRESSING))
    assert rec.status.code == "not_yet_refractory"


def test_a_stable_ild_on_methotrexate_is_still_too_early():
    stable = {"present": True, "progressing": False, "rapidly_progressive": False, "symptoms_worse": False,
              "hrct_progression": False}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 6, None, current=True), ild=stable))
    assert rec.status.code == "not_yet_refractory"
