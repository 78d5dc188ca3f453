"""The response is judged on the regimen taken now, from the baseline it started from, and an undecided
response is settled before anything escalates.

Variations of scenario O (methotrexate, assessments 16 weeks apart, no improvement): a baseline three days before
the drug began and a clear improvement; no start date after an earlier drug; the improvement undecided because
the MMT was not repeated; and assessments that cannot be compared (fourth variation audit).
"""

from __future__ import annotations

import datetime as dt

import pytest
from example_patients import example

import decision

KB = decision.load()
IMPROVED = {"date": dt.date(2026, 10, 21), "pga": 3, "ptga": 3, "mmt": 130, "mmt_max": 150, "haq": 0.9,
            "extramuscular": 1, "ck": {"value": 900, "uln": 200}}


def _o(**changes) -> dict:
    return {**example("O"), **changes}


def _baseline(**changes) -> dict:
    return {**example("O")["assessments"][0], **changes}


def _mtx(**changes) -> dict:
    return {**example("O")["therapies"][1], **changes}


def test_a_baseline_taken_just_before_the_drug_began_judges_it():
    rec = decision.recommend(KB, _o(assessments=[_baseline(date=dt.date(2026, 6, 28)), IMPROVED]))
    assert rec.response["outcome"] == "responded"
    assert rec.status.code == "responding"


def test_assessments_before_an_earlier_drug_do_not_fail_the_new_one():
    start_unknown = {k: v for k, v in _mtx(weeks=6).items() if k != "start"}
    earlier = {"drug": "azathioprine", "weeks": 20, "current": False, "outcome": "intolerant"}
    gc = example("O")["therapies"][0]
    rec = decision.recommend(KB, _o(therapies=[gc, earlier, start_unknown], as_of=dt.date(2026, 10, 21),
                                    assessments=[_baseline(date=dt.date(2026, 3, 1)), example("O")["assessments"][1]]))
    assert rec.response["outcome"] != "failed"
    assert rec.status.code == "not_yet_refractory"
    no_date = decision.recommend(KB, _o(therapies=[gc, earlier, start_unknown],
                                        assessments=[_baseline(date=dt.date(2026, 3, 1)),
                                                     example("O")["assessments"][1]]))
    assert no_date.response["outcome"] is None and "cannot be placed" in no_date.response["explanation"]


def test_an_undecided_improvement_is_settled_before_escalating():
    follow_up = {k: v for k, v in IMPROVED.items() if k not in ("mmt", "mmt_max")}
    rec = decision.recommend(KB, _o(assessments=[_baseline(), follow_up]))
    assert rec.response["outcome"] is None
    assert rec.status.code == "confirm_before_escalating"
    assert not {a.therapy for a in rec.actions if a.kind == "therapy"} - {"exercise_rehabilitation"}


def test_scenario_o_itself_is_still_refractory():
    assert decision.recommend(KB, example("O")).status.code == "refractory_active"


@pytest.mark.parametrize(("second", "field"), [({"date": dt.date(2026, 7, 1)}, "assessments[1].date"),
                                              ({"mmt": 70, "mmt_max": 80}, "assessments[1].mmt_max")])
def test_assessments_that_cannot_be_compared_are_refused_at_the_edge(second, field):
    with pytest.raises(decision.PatientInputError) as err:
        decision.recommend(KB, _o(assessments=[_baseline(), {**example("O")["assessments"][1], **second}]))
    assert [p.where for p in err.value.problems] == [field]
