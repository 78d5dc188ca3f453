"""Facts read from the patient's drugs against the knowledge base's ladders, for the pathway to test.

Whether a drug taken now is on the ILD ladder decides whether "too early to judge" can hold for a progressing
lung: methotrexate is not an ILD-directed agent (ACR/CHEST 2023), so twelve weeks of it do not have to pass
before an ILD that progresses gets a drug aimed at it. The ladders are data, so the answer is computed from
them rather than from a list written again in the pathway.
"""

from __future__ import annotations

from decision.patient.facts import FactSpec

ILD_AGENT = "ild_agent_taken"  # bool: a drug taken now is an option of the ILD ladder (add-ons excluded)


def ladder_fact_specs(kb) -> dict[str, FactSpec]:
    if "ild" not in kb.ladders:
        return {}
    return {ILD_AGENT: FactSpec(ILD_AGENT, "bool", "a drug taken now is an option of the ILD ladder (an ILD-directed "
                                "agent; IVIG, given with any line, does not count)", inputs=("therapies",),
                                derived=True)}


def ladder_facts(kb, facts) -> None:
    options = kb.lookups.ladder_options.get("ild")
    if options is not None:
        facts[ILD_AGENT] = bool((facts.get("current_drugs") or frozenset()) & options)
