"""Fixes from the round-13 audit of this session's own rules.

- An emergency with no steroid-sparing agent taken, or with the one taken failed, draws the agent from the
  ladder through the gates (a free-text plan named methotrexate past pregnancy, eGFR and cancer holds, and a failed
  agent was left with nothing after it).
- 'If insufficient' follows the node's own first agent: an anti-HMGCR patient whose methotrexate failed keeps
  rituximab 'if insufficient' after the IVIG not yet given.
- A line whose options are all tried or ruled out gives way to the next line that has one (azathioprine not
  tolerated, methotrexate ruled out by a planned pregnancy: tacrolimus) — but a hold on every immunosuppressant
  is said on the line reached.
- A skin never given hydroxychloroquine gets it alongside the next agent.
- A drug brought forward is labelled with the line it is offered on (JDM ciclosporin).
"""

from __future__ import annotations

import pytest

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
BULBAR = {**ACTIVE_DM["muscle"], "dysphagia": "severe"}


def _agents(rec) -> dict[str, str]:
    return {a.therapy: a.timing for a in rec.actions if a.kind == "therapy" and a.line}


@pytest.mark.parametrize(("changes", "forbidden"), [
    ({"pregnancy": {"status": "not_pregnant", "plans": "trying", "breastfeeding": False}}, "methotrexate"),
    ({"labs": {**ACTIVE_DM["labs"], "egfr": 25}}, "methotrexate"),
])
def test_an_emergency_on_glucocorticoids_alone_gets_a_gated_steroid_sparing_agent(changes, forbidden):
    rec = decision.recommend(KB, active_dm(muscle=BULBAR, **changes))
    assert rec.status.code == "emergency"
    agents = _agents(rec)
    assert agents and forbidden not in agents
    assert any(n.therapy == forbidden for n in rec.not_suggested)
    assert "methotrexate or azathioprine" not in " ".join(a.text for a in rec.actions if a.kind == "plan")


def test_an_emergency_with_cancer_says_the_first_line_is_held():
    rec = decision.recommend(KB, active_dm(muscle=BULBAR, cancer={"active": True}))
    assert not _agents(rec)
    incomplete = next(w for w in rec.warnings if w.id == "urgent_regimen_incomplete")
    assert set(incomplete.therapies) <= {"methotrexate", "azathioprine"}


def test_an_emergency_after_a_failed_agent_offers_the_next_line():
    for history in ([course("methotrexate", 16, "failed")], [course("methotrexate", 20, "failed", current=True)]):
        rec = decision.recommend(KB, active_dm(*history, muscle=BULBAR))
        agents = _agents(rec)
        assert agents and "methotrexate" not in agents and min(
            a.line for a in rec.actions if a.kind == "therapy" and a.line) == 2


def test_if_insufficient_follows_the_nodes_own_first_agent():
    hmgcr = {"diagnosis": {"subtype": "imnm", "ibm_features_excluded": True}, "exposures": {"statin": "past"},
             "autoantibodies": [{"name": "hmgcr", "result": "positive"}]}
    mtx_only = decision.recommend(KB, active_dm(course("methotrexate", 14, "failed"), **hmgcr))
    assert next(a.timing for a in mtx_only.actions if a.therapy == "rituximab") == "if_insufficient"
    ivig_too = decision.recommend(KB, active_dm(course("methotrexate", 14, "failed"),
                                                course("ivig", 16, "failed"), **hmgcr))
    assert next(a.timing for a in ivig_too.actions if a.therapy == "rituximab") == "now"


def test_a_line_used_up_by_intolerance_and_gates_gives_way_to_the_next():
    trying = {"status": "not_pregnant", "plans": "trying", "breastfeeding": False}
    rec = decision.recommend(KB, active_dm(course("azathioprine", 4, "intolerant"), pregnancy=trying))
    agents = _agents(rec)
    assert agents and not {"methotrexate", "mycophenolate_mofetil"} & set(agents)
    assert {"tacrolimus", "cyclosporine"} & set(agents)


def test_a_skin_never_given_hydroxychloroquine_gets_it_alongside():
    skin = {"muscle": {"active": False, "weakness": {"proximal": False}}, "mri": {"oedema": False},
            "labs": {**ACTIVE_DM["labs"], "ck": {"value": 120, "uln": 200}},
            "skin": {"active": True, "cdasi_activity": 20, "gottron_papules": True}}
    never = decision.recommend(KB, active_dm(course("methotrexate", 20, "failed"), **skin))
    assert "hydroxychloroquine" in {a.therapy for a in never.actions if a.kind == "therapy"}
    tried = decision.recommend(KB, active_dm(course("hydroxychloroquine", 24, "failed"),
                                             course("methotrexate", 20, "failed"), **skin))
    assert "hydroxychloroquine" not in {a.therapy for a in tried.actions if a.kind == "therapy"}


def test_a_drug_brought_forward_is_labelled_with_the_line_it_is_offered_on():
    child = {"age": 10, "diagnosis": {"subtype": "jdm"}, "ild": {"present": False},
             "muscle": {"active": True}, "skin": {"active": False},
             "therapies": [{"drug": "glucocorticoids", "weeks": 10, "current": True},
                           course("methotrexate", 4, "intolerant")]}
    rec = decision.recommend(KB, child)
    csa = next(a for a in rec.actions if a.therapy == "cyclosporine")
    assert csa.line == 1 and any("brought forward from line 2" in r for r in csa.ranking)


def test_an_emergency_names_a_known_cancer_and_a_screen_due():
    known = decision.recommend(KB, active_dm(muscle=BULBAR, cancer={"active": True}))
    assert "cancer_known_oncology" in {a.id for a in known.actions}
    due = decision.recommend(KB, active_dm(muscle=BULBAR, cancer={"active": False, "screening": "not_done"},
                                           diagnosis={"subtype": "dm", "ibm_features_excluded": True,
                                                      "disease_duration_months": 6}))
    assert "emergency_cancer_screen" in {a.id for a in due.actions}
    screened = decision.recommend(KB, active_dm(muscle=BULBAR))
    assert not {"cancer_known_oncology", "emergency_cancer_screen"} & {a.id for a in screened.actions}


def test_the_lung_line_on_the_pregnancy_and_not_yet_nodes():
    asys = {"diagnosis": {"subtype": "asys", "ibm_features_excluded": True}, "ild": {},
            "autoantibodies": [{"name": "jo1", "result": "positive"}]}
    not_yet = decision.recommend(KB, active_dm(course("methotrexate", 6, None, current=True), **asys))
    assert "act_not_yet" in not_yet.path and "lung_assess_meanwhile" in {a.id for a in not_yet.actions}
    pregnant = decision.recommend(KB, active_dm(course("azathioprine", 6, None, current=True), **asys,
                                                pregnancy={"status": "pregnant", "gestation_weeks": 12,
                                                           "breastfeeding": False}))
    assert "lung_assess_meanwhile" in {a.id for a in pregnant.actions}


def test_arthritis_recorded_not_active_is_not_asked_whether_it_is_disabling():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), arthritis={"active": False}))
    assert "arthritis.disabling" not in {m.field for m in rec.missing}
    unknown = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed")))
    assert "arthritis.disabling" in {m.field for m in unknown.missing}
