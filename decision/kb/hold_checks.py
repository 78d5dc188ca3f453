"""Load-time proof that no path escalates past a question whose answer could forbid the escalation.

A branch marked ``on_unknown: hold`` is one whose truth would withhold or redirect escalation (another
diagnosis, IBM, steroid myopathy, damage, cancer not excluded…). The walker stops at the decision's ``hold``
target when such a branch is unknown and a clue is present. That promise only holds if every route to an
escalating outcome actually passes those questions, so this check proves it on the graph. The same question
may be asked at several places (the diagnosis is re-checked before a switch, before adding an agent and before
the ladder): decisions holding on the same branches ask one question, and every path from the entry to an
outcome whose status ``escalates`` must pass at least one of them. Named definitions must not refer to
themselves, directly or through one another, and use only those written above them (they are judged in file
order).
"""

from __future__ import annotations

import networkx as nx

from decision.walk.conditions import fields_of


def check_holds(kb, bag) -> None:
    _check_definitions(kb, bag)
    _check_min_weeks(kb, bag)
    nodes = kb.nodes
    entry = kb.pathway.entry
    if entry not in nodes:
        return  # reported by the graph check
    questions: dict[tuple[str, ...], list[str]] = {}  # the held branches' labels → the decisions asking them
    for n, node in sorted(nodes.items()):
        held = tuple(b.label for b in node.branches if b.on_unknown == "hold")
        if held:
            questions.setdefault(held, []).append(n)
    escalating = sorted(n for n, node in nodes.items()
                        if node.kind == "outcome" and node.status in kb.lookups.escalating_statuses)
    forward = nx.DiGraph()
    forward.add_nodes_from(sorted(nodes))
    forward.add_edges_from(sorted((u, v) for u, v, d in kb.graph.edges(data=True)
                                  if not d["loop"] and u in nodes and v in nodes))
    reachable = nx.descendants(forward, entry)
    for labels, askers in questions.items():
        if entry in askers:
            continue  # asked at the entry: every path passes it
        bypass = forward.subgraph(n for n in forward if n not in askers)
        around = nx.descendants(bypass, entry)
        for outcome in escalating:
            if outcome in reachable and outcome in around:
                asked = " or ".join(repr(a) for a in askers)
                where = f"{kb.locations.get(f'node:{outcome}', 'pathway')} node {outcome}"
                bag.add(where, f"every path to this escalating outcome to pass the held question "
                        f"({'; '.join(labels)}) at {asked} (a held question must be answered before escalation)",
                        "a path that bypasses it")


def _check_definitions(kb, bag) -> None:
    """No cycles, and each definition uses only those written above it: they are judged in file order, once
    per patient, so a later one would still be unknown when an earlier one reads it."""
    graph = nx.DiGraph()
    names = {d.name for d in kb.pathway.definitions}
    seen: set[str] = set()
    for d in kb.pathway.definitions:
        graph.add_node(d.name)
        for cmp in fields_of(d.when):
            if cmp.field in names:
                graph.add_edge(d.name, cmp.field)
                if cmp.field not in seen and cmp.field != d.name:
                    bag.add(_where(kb, d.name), f"definitions used by {d.name!r} written above it",
                            f"{cmp.field!r}, written below it")
        seen.add(d.name)
    in_cycle = {name for cycle in nx.simple_cycles(graph) for name in cycle}  # descendants() never holds the node
    for name in sorted(in_cycle):
        bag.add(_where(kb, name), "a definition that does not refer back to itself", "a cycle")


def _where(kb, name: str) -> str:
    return f"{kb.locations.get(f'definition:{name}', 'pathway')} definitions.{name}"


def _check_min_weeks(kb, bag) -> None:
    """The refractory threshold is declared once: a condition on weeks of therapy must use that number."""
    weeks = kb.pathway.parameters.refractory_min_weeks
    for n, node in sorted(kb.nodes.items()):
        for i, b in enumerate(node.branches):
            for cmp in fields_of(b.when):
                if cmp.field == "weeks_adequate_therapy" and cmp.value != weeks:
                    bag.add(f"node {n}.branches[{i}].when", f"pathway.parameters.refractory_min_weeks ({weeks:g}) "
                            "as the number of weeks", repr(cmp.value))
