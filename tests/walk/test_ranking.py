"""decision.walk.rules: which ladder line a selection draws from, over the whole therapy history."""

import pytest

import decision
from decision.walk.rules import _line_for

KB = decision.load()
MUSCLE = KB.ladders["muscle"]


@pytest.mark.parametrize(("which", "failed", "intolerant", "line"), [
    ("next", set(), set(), 1),
    ("next", {"methotrexate"}, set(), 2),
    ("next", {"methotrexate", "mycophenolate_mofetil"}, set(), 3),
    ("next", {"rituximab"}, set(), 3),  # never above the top line
    ("same", set(), {"methotrexate"}, 1),
    ("same", {"methotrexate"}, {"mycophenolate_mofetil"}, 2),
    ("same", {"methotrexate", "mycophenolate_mofetil"}, {"rituximab"}, 3),
    ("same", {"methotrexate", "tacrolimus"}, {"ivig"}, 3),  # IVIG sits on lines 2 and 3: the line reached wins
    ("first", {"methotrexate", "tacrolimus"}, set(), 1),
])
def test_line_drawn_from(which, failed, intolerant, line):
    assert _line_for(MUSCLE, which, frozenset(failed), frozenset(intolerant)) == line


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
