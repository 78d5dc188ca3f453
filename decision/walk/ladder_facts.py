"""Facts read from the patient's drugs against the knowledge base's ladders, for the pathway to test.

Whether a drug taken now is on the ILD ladder decides whether "too early to judge" can hold for a progressing
lung: methotrexate is not an ILD-directed agent (ACR/CHEST 2023), so twelve weeks of it do not have to pass
before an ILD that progresses gets a drug aimed at it. The ladders are data, so the answer is computed from
them rather than from a list written again in the pathway.
"""

from __future__ import annotations

from decision.patient.facts import FactSpec
from decision.walk.conditions import evaluate

ILD_AGENT = "ild_agent_taken"  # bool: a drug taken now is an option of the ILD ladder (add-ons excluded)
CLIMBS = "intolerant_at_line_failed"  # bool: the drug not tolerated sits on a line that had failed, on some ladder


def ladder_fact_specs(kb) -> dict[str, FactSpec]:
    specs = {CLIMBS: FactSpec(CLIMBS, "bool", "the most recent steroid-sparing course, stopped for intolerance, sits "
                              "on a line that had already failed, or used up its line, on the ladder the switch takes: "
                              "its replacement comes from the line above", inputs=("therapies",), derived=True)}
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
    """Whether the switch after an intolerance climbs, read on each ladder the switch may use (round-24 audit:
    muscle-ladder lines were read for a skin or ILD switch): azathioprine not tolerated after methotrexate failed is
    replaced from the line above, past the failed line, as an escalation is (round-23 audit)."""
    latest = facts.get("intolerant_latest_drug") or frozenset()
    if not latest:
        return False
    failed = (facts.get("failed_drugs") or frozenset()) - (facts.get("failed_early") or frozenset())
    used = ((facts.get("failed_drugs") or frozenset()) | (facts.get("intolerant_drugs") or frozenset())
            | (facts.get("current_drugs") or frozenset()))  # what the ladder's selection counts as tried
    for name in _switch_ladders(kb, facts):
        steps = kb.ladders[name].steps
        failed_lines = [line for d in failed if (line := kb.therapy_line(d, name)) is not None]  # a drug on two
        for d in latest:  # lines is placed on its first
            line = kb.therapy_line(d, name)
            # a drug not on this ladder (azathioprine on the arthritis ladder) is replaced past its failed lines too
            # (round-26 audit: methotrexate failed, azathioprine not tolerated, arthritis leading: rituximab unheld)
            if failed_lines and (line is None or max(failed_lines) >= line):
                return True
            # and a line the intolerance used up is left for the one above (round-27 audit: methotrexate, the
            # arthritis ladder's only first-line agent, not tolerated: rituximab, unheld)
            if line is not None and all(o in used for s in steps if s.line == line for o in s.options) and any(
                    s.line > line for s in steps):
                return True
    return False


def _switch_ladders(kb, facts) -> list[str]:
    """The ladders the pathway's switch draws from, read from its own decision rather than restated here (round-26
    audit: an antisynthetase lung never assessed, and disabling arthritis beside an active muscle, took ladders a
    copy of the routing left out), as the walk takes it: the first true branch's; an unknown branch only where its
    clue holds the walk there (an ILD nobody has judged), since the walk passes over any other (round-25 audit: a
    stable ILD read a muscle-led switch on the ILD ladder); none true, the ``otherwise`` target's."""
    ladders: dict[str, None] = {}
    for node in kb.lookups.switch_decisions:
        for branch in node.branches:
            value = evaluate(branch.when, facts).value
            held = (value is None and branch.on_unknown == "hold" and branch.clues is not None
                    and evaluate(branch.clues, facts).value is True)
            if value is True or held:
                ladders[kb.nodes[branch.to].select.ladder] = None
            if value is True:
                break
        else:
            if node.otherwise:
                ladders[kb.nodes[node.otherwise].select.ladder] = None
    return list(ladders)
