"""A child with new myositis and ILD gets an ILD-directed agent, never glucocorticoids alone.

The juvenile regimen pairs glucocorticoids with methotrexate (SHARE 2017), but methotrexate is not an
ILD-directed agent (ACR/CHEST 2023: conditionally against as ILD therapy), so with ILD the first line of the ILD
ladder stands beside it (brief §5, myositis-ILD and juvenile DM rows). Variations of scenario K.
"""

from __future__ import annotations

from example_patients import example

import decision

KB = decision.load()
STEROID_SPARING = {t for t, therapy in KB.therapies.items() if therapy.immunosuppressive
                   and therapy.drug_class != "glucocorticoid"}


def _agents(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"} & STEROID_SPARING


def test_scenario_k_is_the_juvenile_regimen_with_methotrexate():
    rec = decision.recommend(KB, example("K"))
    assert "methotrexate" in _agents(rec)


def test_a_child_with_ild_gets_an_ild_directed_agent():
    for age, subtype in ((12, "jdm"), (17, "dm"), (9, "asys")):
        k = example("K")
        rec = decision.recommend(KB, {**k, "age": age, "diagnosis": {**k["diagnosis"], "subtype": subtype},
                                      "ild": {"present": True, "symptomatic": True}})
        assert rec.status.code == "initial_therapy"
        agents = _agents(rec)
        ild_first = {t for s in KB.ladders["ild"].steps if s.line == 1 for t in s.options}
        # ciclosporin: SHARE's alternative to methotrexate in JDM (round 11), a calcineurin inhibitor as tacrolimus is
        assert agents and agents <= ild_first | {"cyclosporine"}, agents
        assert "methotrexate" not in agents
        assert "methotrexate" in {n.therapy for n in rec.not_suggested}  # and says why
