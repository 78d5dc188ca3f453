"""Facts read from the patient's drugs against the knowledge base's ladders, for the pathway to test.

Whether a drug taken now is on the ILD ladder decides whether "too early to judge" can hold for a progressing
lung: methotrexate is not an ILD-directed agent (ACR/CHEST 2023), so twelve weeks of it do not have to pass
before an ILD that progresses gets a drug aimed at it. The ladders are data, so the answer is computed from
them rather than from a list written again in the pathway.
"""

from __future__ import annotations

from decision.patient.facts import FactSpec

ILD_AGENT = "ild_agent_taken"  # bool: a drug taken now is an option of the ILD ladder (add-ons excluded)
CLIMBS = "intolerant_at_line_failed"  # bool: the drug not tolerated sits on a line that had failed, on some ladder


def ladder_fact_specs(kb) -> dict[str, FactSpec]:
    specs = {CLIMBS: FactSpec(CLIMBS, "bool", "the most recent steroid-sparing course, stopped for intolerance, sits "
                              "on a line that had already failed on a ladder it belongs to: its replacement comes from "
                              "the line above", inputs=("therapies",), derived=True)}
    if "ild" not in kb.ladders:
        return specs
    return {**specs, ILD_AGENT: FactSpec(ILD_AGENT, "bool", "a drug taken now is an option of the ILD ladder (an "
                                         "ILD-directed agent; IVIG, given with any line, does not count)",
                                         inputs=("therapies",), derived=True)}


def ladder_facts(kb, facts) -> None:
    options = kb.lookups.ladder_options.get("ild")
    if options is not None:
        facts[ILD_AGENT] = bool((facts.get("current_drugs") or frozenset()) & options)


def climb_facts(kb, facts) -> None:
    """After the pathway's named definitions (it reads which domains are active)."""
    facts[CLIMBS] = _intolerant_at_line_failed(kb, facts)


def _intolerant_at_line_failed(kb, facts) -> bool:
    """Whether the switch after an intolerance climbs, read on each ladder the drug is on (round-24 audit: muscle-
    ladder lines were read for a skin or ILD switch): azathioprine not tolerated after methotrexate failed is
    replaced from the line above, past the failed line, as an escalation is (round-23 audit)."""
    latest = facts.get("intolerant_latest_drug") or frozenset()
    failed = (facts.get("failed_drugs") or frozenset()) - (facts.get("failed_early") or frozenset())
    for name, ladder in kb.ladders.items():
        if not _may_switch_on(name, facts):
            continue
        line_of: dict[str, int] = {}
        for step in ladder.steps:  # a drug on two lines is placed on its first
            for o in step.options:
                line_of.setdefault(o, step.line)
        failed_lines = [line_of[d] for d in failed if d in line_of]
        if any(d in line_of and failed_lines and max(failed_lines) >= line_of[d] for d in latest):
            return True
    return False


def _may_switch_on(ladder: str, facts) -> bool:
    """Whether the switch may draw from this ladder: the muscle's always (it is the default), the lung's when it
    leads, the skin's or the joints' when they are active and the muscle is not known to be (a muscle-led
    switch read on the skin ladder, where methotrexate and mycophenolate share a line, is no climb: round-24
    audit). The pathway's 'which ladder for the switch' decides; this only keeps the question from being asked of
    a ladder the switch cannot use."""
    if ladder == "muscle":
        return True
    if ladder == "ild":  # the lung leads: active, or a symptomatic ILD (round-25 audit: any ILD recorded read
        # muscle-led switches on the ILD ladder, where most agents share its first line)
        return facts.get("lung_active") is True or (facts.get("ild.present") is True
                                                    and facts.get("ild.symptomatic") is True)
    muscle_not_leading = facts.get("muscle_active") is not True
    if ladder == "skin":
        return facts.get("skin_active") is True and muscle_not_leading
    return muscle_not_leading and (facts.get("joints_active") is True or facts.get("arthritis.disabling") is True)
