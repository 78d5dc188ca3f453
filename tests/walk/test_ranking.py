"""decision.walk.rules: which ladder line a selection draws from, over the whole therapy history."""

import pytest

import decision
from decision.walk.rules import _line_for

KB = decision.load()
MUSCLE = KB.ladders["muscle"]


@pytest.mark.parametrize(("which", "failed", "line"), [
    ("next", set(), 1),
    ("next", {"methotrexate"}, 2),
    ("next", {"methotrexate", "mycophenolate_mofetil"}, 3),
    ("next", {"rituximab"}, 3),  # never above the top line
    ("same", set(), 1),  # a drug not tolerated, nothing failed: the first line, whatever line that drug sits on
    ("same", {"methotrexate"}, 2),
    ("same", {"methotrexate", "mycophenolate_mofetil"}, 3),
    ("same", {"methotrexate", "tacrolimus"}, 3),
    ("first", {"methotrexate", "tacrolimus"}, 1),
])
def test_line_drawn_from(which, failed, line):
    assert _line_for(MUSCLE, which, frozenset(failed)) == line


def test_a_drug_taken_now_failed_or_not_tolerated_is_not_suggested_again(kb):
    rec = decision.recommend(kb, {
        "age": 50, "sex": "male", "diagnosis": {"subtype": "pm", "ibm_features_excluded": True},
        "ild": {"present": False}, "mri": {"oedema": True}, "labs": {"ck": {"value": 900, "uln": 200}},
        "cancer": {"active": False, "screening": "done"},
        "therapies": [{"drug": "methotrexate", "weeks": 16, "outcome": "failed", "current": False},
                      {"drug": "tacrolimus", "weeks": 16, "current": True, "outcome": "failed"},
                      {"drug": "cyclosporine", "weeks": 2, "current": False, "outcome": "intolerant"}]})
    therapies = [a.therapy for a in rec.actions if a.rank]
    assert not {"methotrexate", "tacrolimus", "cyclosporine"} & set(therapies)
    assert all(a.line == 3 for a in rec.actions if a.rank and a.line)
