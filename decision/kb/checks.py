"""Whole-knowledge-base checks, run once at load time, naming every offender.

The models check each node on its own; these checks need everything at once: one entry, no edge to a
missing node, every node reachable, no dead ends, an outcome reachable from every node, cycles only through
declared re-assessment loops (found in linear time, the offender named the same on every run), every
condition on a declared fact with a fitting operator and value (and every name in a ``contains`` a real
antibody or a declared therapy), every outcome's status a declared one, every therapy id and cited source
resolving. A knowledge base that passes can be walked without surprises.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

import networkx as nx

from decision.errors import bounded_repr
from decision.kb.hold_checks import check_holds
from decision.kb.models import Basis
from decision.patient.model import Antibody
from decision.walk.conditions import OPS_BY_KIND, Condition, fields_of


def check_knowledge_base(kb, bag) -> None:
    _check_graph(kb, bag)
    _check_conditions(kb, bag)
    _check_references(kb, bag)
    check_holds(kb, bag)


def _where(kb, key: str, suffix: str = "") -> str:
    loc = kb.locations.get(key, key)
    return f"{loc} {suffix}".strip()


def _check_graph(kb, bag) -> None:
    g: nx.DiGraph = kb.graph
    nodes = kb.nodes
    if kb.pathway.entry not in nodes:
        bag.add("pathway.entry", "the id of a declared node", repr(kb.pathway.entry))
        return
    for u, v, data in g.edges(data=True):
        if v not in nodes:
            bag.add(_where(kb, f"node:{u}", f"node {u}"), "edges to declared nodes",
                    f"an edge ({data['label']}) to unknown node {v!r}")
    known = g.subgraph(nodes)
    reachable = nx.descendants(known, kb.pathway.entry) | {kb.pathway.entry}
    for n in nodes:
        if n not in reachable:
            bag.add(_where(kb, f"node:{n}", f"node {n}"), "every node reachable from the entry "
                    f"{kb.pathway.entry!r}", "unreachable")
    outcomes = [n for n, node in nodes.items() if node.kind == "outcome"]
    if not outcomes:
        bag.add("pathway", "at least one outcome node", "none")
    forward = {n: [v for v in known.successors(n) if not known.edges[n, v]["loop"]] for n in nodes}
    for n, node in nodes.items():
        if node.kind != "outcome" and not forward[n]:
            bag.add(_where(kb, f"node:{n}", f"node {n}"), "a way out (branches/otherwise/next)", "a dead end")
    can_finish = _reaching(forward, outcomes)
    for n in nodes:
        if n not in can_finish and forward[n]:
            bag.add(_where(kb, f"node:{n}", f"node {n}"), "a path to an outcome node", "none")
    for cycle in find_cycles(forward):
        bag.add(_where(kb, f"node:{cycle[0]}", f"node {cycle[0]}"),
                "cycles only through a declared 'reassess' loop", "cycle " + " → ".join(cycle + cycle[:1]))
    for n, node in nodes.items():
        if node.reassess and node.reassess.to not in nodes:
            bag.add(_where(kb, f"node:{n}", f"node {n}.reassess.to"), "the id of a declared node",
                    repr(node.reassess.to))


def _reaching(forward: dict[str, list[str]], targets: list[str]) -> set[str]:
    """Every node with a path to one of ``targets`` (one backward search, not one per target)."""
    backward: dict[str, list[str]] = {n: [] for n in forward}
    for u, vs in forward.items():
        for v in vs:
            backward[v].append(u)
    seen, todo = set(targets), list(targets)
    while todo:
        for u in backward[todo.pop()]:
            if u not in seen:
                seen.add(u)
                todo.append(u)
    return seen


MAX_CYCLES = 10


def find_cycles(forward: dict[str, list[str]], limit: int = MAX_CYCLES) -> list[list[str]]:
    """Up to ``limit`` cycles, found by one depth-first search in declaration order: O(nodes + edges).

    Enumerating every simple cycle (``networkx.simple_cycles``) is exponential on densely linked nodes, and
    its order depends on set iteration (so on ``PYTHONHASHSEED``). Here each back edge found gives one cycle,
    rotated to start at the node declared first, so the offender named is the same on every run.
    """
    order = {n: i for i, n in enumerate(forward)}
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    found: list[list[str]] = []
    for root in forward:
        if root in state:
            continue
        path, iters = [root], [iter(forward[root])]
        state[root] = 1
        while path and len(found) < limit:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                first = min(range(len(cycle)), key=lambda k: order[cycle[k]])
                found.append(cycle[first:] + cycle[:first])
            elif nxt not in state and nxt in forward:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(forward[nxt]))
    return found


def _node_conditions(node) -> Iterable[tuple[str, Condition]]:
    """Every condition one node holds, with where it sits in the node."""
    for i, b in enumerate(node.branches):
        yield f"branches[{i}].when", b.when
        if b.clues is not None:
            yield f"branches[{i}].clues", b.clues
    for a in node.actions:
        if a.when is not None:
            yield f"actions.{a.id}.when", a.when
    for key in ("when", "kept_when", "wait_when"):
        cond = getattr(node.select, key) if node.select is not None else None
        if cond is not None:
            yield f"select.{key}", cond
    for i, w in enumerate(node.withhold):
        if w.when is not None:
            yield f"withhold[{i}].when", w.when


def _conditions(kb) -> Iterable[tuple[str, Condition]]:
    for d in kb.pathway.definitions:
        yield f"pathway.definitions.{d.name}.when", d.when
    for n, node in kb.nodes.items():
        for where, cond in _node_conditions(node):
            yield _where(kb, f"node:{n}", f"node {n}.{where}"), cond
    for rule in kb.rules:
        yield _where(kb, f"rules:{rule.id}", f"rule {rule.id}.when"), rule.when
    cs = kb.cancer_screening
    if cs:
        yield "cancer_screening.applies_when", cs.applies_when
        for f in cs.higher_risk_features + cs.lower_risk_features:
            yield f"cancer_screening feature {f.id}.when", f.when
        for p in cs.panels:
            if p.when is not None:
                yield f"cancer_screening panel {p.id}.when", p.when


def _check_conditions(kb, bag) -> None:
    for where, cond in _conditions(kb):
        for cmp in fields_of(cond):
            spec = kb.lookups.fact_specs.get(cmp.field)
            if spec is None:
                close = [f for f in kb.lookups.fact_specs if f.split(".")[-1] == cmp.field.split(".")[-1]]
                hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
                bag.add(where, "a declared patient fact" + hint, repr(cmp.field))
                continue
            if cmp.op not in OPS_BY_KIND[spec.kind]:
                bag.add(where, f"an operator for a {spec.kind} fact ({', '.join(sorted(OPS_BY_KIND[spec.kind]))}) "
                        f"on {cmp.field}", repr(cmp.op))
                continue
            problem = _value_problem(spec, cmp) or _vocabulary_problem(kb, spec, cmp)
            if problem:
                bag.add(where, problem, bounded_repr(cmp.value))


def _value_problem(spec, cmp) -> str | None:
    if cmp.op == "known":
        return None if cmp.value in (True, False, None) else f"true/false as the value of 'known' on {cmp.field}"
    values = cmp.value if cmp.op in ("in", "not_in", "contains_any") else (cmp.value,)
    if cmp.op in ("in", "not_in", "contains_any") and not isinstance(cmp.value, tuple):
        return f"a list as the value of {cmp.op!r} on {cmp.field}"
    for v in values:
        if spec.kind == "bool" and not isinstance(v, bool):
            return f"true or false for {cmp.field}"
        if spec.kind == "number" and (isinstance(v, bool) or not isinstance(v, (int, float))):
            return f"a number for {cmp.field}" + (f" (in {spec.unit})" if spec.unit else "")
        if spec.kind == "enum" and v not in spec.choices:
            return f"one of {', '.join(map(str, spec.choices))} for {cmp.field}"
        if spec.kind == "set" and not isinstance(v, str):
            return f"a name for {cmp.field}"
    return None


def vocabulary(kb, spec) -> tuple[str, frozenset[str]] | None:
    """The names a set fact can hold: autoantibody names, or therapy ids of this knowledge base."""
    if "autoantibodies" in spec.inputs:
        return "an autoantibody name", frozenset(get_args(Antibody))
    if "therapies" in spec.inputs:
        return "a therapy id declared in 'therapies'", frozenset(kb.therapies)
    return None


def _vocabulary_problem(kb, spec, cmp) -> str | None:
    if spec.kind != "set" or cmp.op == "known":
        return None
    vocab = vocabulary(kb, spec)
    if vocab is None:
        return None
    what, names = vocab
    unknown = [v for v in cmp.value if v not in names] if isinstance(cmp.value, tuple) else (
        [cmp.value] if cmp.value not in names else [])
    if not unknown:
        return None
    close = sorted(n for n in names if n[:3] == str(unknown[0])[:3])[:3]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return f"{what} in {cmp.op} on {cmp.field}, not {bounded_repr(unknown[0], 40)}{hint}"


def _bases(kb) -> Iterable[tuple[str, Basis]]:
    for n, node in kb.nodes.items():
        yield _where(kb, f"node:{n}", f"node {n}.basis"), node.basis
        for a in node.actions:
            yield _where(kb, f"node:{n}", f"node {n}.actions.{a.id}.basis"), a.basis
        for w in node.withhold:
            yield _where(kb, f"node:{n}", f"node {n}.withhold.basis"), w.basis
    for t in kb.therapies.values():
        yield _where(kb, f"therapies:{t.id}", f"therapy {t.id}.basis"), t.basis
        yield _where(kb, f"therapies:{t.id}", f"therapy {t.id}.dose.basis"), t.dose.basis
        if t.response_time:
            yield _where(kb, f"therapies:{t.id}", f"therapy {t.id}.response_time.basis"), t.response_time.basis
        if t.evidence_basis:
            yield _where(kb, f"therapies:{t.id}", f"therapy {t.id}.evidence_basis"), t.evidence_basis
    for r in kb.rules:
        yield _where(kb, f"rules:{r.id}", f"rule {r.id}.basis"), r.basis
    for d in kb.pathway.definitions:
        yield f"pathway.definitions.{d.name}.basis", d.basis
    for domain, ladder in kb.ladders.items():
        for s in ladder.steps:
            yield _where(kb, f"ladders:{domain}:{s.line}", f"ladder {domain} line {s.line}.basis"), s.basis
    for reg in kb.steroid_regimens.values():
        yield _where(kb, f"steroid_regimens:{reg.id}", f"steroid regimen {reg.id}.basis"), reg.basis
    if kb.antibody_thresholds:
        yield "antibody_thresholds.basis", kb.antibody_thresholds.basis
    if kb.cancer_screening:
        yield "cancer_screening.basis", kb.cancer_screening.basis
        for p in kb.cancer_screening.panels:
            yield f"cancer_screening panel {p.id}.basis", p.basis


def _check_references(kb, bag) -> None:
    _check_sources(kb, bag)
    _check_therapy_ids(kb, bag)
    _check_stops(kb, bag)
    _check_nodes(kb, bag)
    _check_antibody_thresholds(kb, bag)


def _check_sources(kb, bag) -> None:
    for where, basis in _bases(kb):
        for key in basis.sources:
            if key not in kb.sources:
                bag.add(where, "a source key declared in 'sources'", repr(key))


def _therapy_refs(kb) -> Iterable[tuple[str, str]]:
    """Every therapy id the knowledge base mentions outside 'therapies' itself, with where."""
    for t in kb.therapies.values():
        for c in t.components:
            yield _where(kb, f"therapies:{t.id}", f"therapy {t.id}.components"), c
    for domain, ladder in kb.ladders.items():
        for s in ladder.steps:
            for o in s.options:
                yield _where(kb, f"ladders:{domain}:{s.line}", f"ladder {domain} line {s.line}.options"), o
    for r in kb.rules:
        for tid in r.targets.therapies if r.targets else ():
            yield _where(kb, f"rules:{r.id}", f"rule {r.id}.targets.therapies"), tid
    for n, node in kb.nodes.items():
        for a in node.actions:
            if a.therapy:
                yield _where(kb, f"node:{n}", f"node {n}.actions.{a.id}.therapy"), a.therapy
            if a.concerns:
                yield _where(kb, f"node:{n}", f"node {n}.actions.{a.id}.concerns"), a.concerns
            for tid in a.satisfied_by:
                yield _where(kb, f"node:{n}", f"node {n}.actions.{a.id}.satisfied_by"), tid
        for w in node.withhold:
            for tid in w.therapies:
                yield _where(kb, f"node:{n}", f"node {n}.withhold.therapies"), tid


def _check_therapy_ids(kb, bag) -> None:
    for where, tid in _therapy_refs(kb):
        if tid not in kb.therapies:
            bag.add(where, "a declared therapy id", repr(tid))
    tags = {tag for t in kb.therapies.values() for tag in t.tags}
    for r in kb.rules:
        for ladder in r.ladders:
            if ladder not in kb.ladders:
                bag.add(_where(kb, f"rules:{r.id}", f"rule {r.id}.ladders"), f"a ladder ({', '.join(kb.ladders)})",
                        repr(ladder))
        for tag in r.targets.tags if r.targets else ():
            if tag not in tags:
                bag.add(_where(kb, f"rules:{r.id}", f"rule {r.id}.targets.tags"), "a tag some therapy carries",
                        repr(tag))


def _check_stops(kb, bag) -> None:
    """A gate that stops a current drug never reaches a glucocorticoid: those are tapered, never stopped at once."""
    for r in kb.rules:
        if not r.stop_if_current:
            continue
        abrupt = sorted(t for t in kb.lookups.rule_targets[r.id] if t in kb.therapies
                        and kb.therapies[t].drug_class == "glucocorticoid")
        if abrupt:
            bag.add(_where(kb, f"rules:{r.id}", f"rule {r.id}.stop_if_current"),
                    "targets without a glucocorticoid (a glucocorticoid is tapered, never stopped abruptly)",
                    ", ".join(abrupt))


def _check_nodes(kb, bag) -> None:
    for n, node in kb.nodes.items():
        if node.select and node.select.ladder not in kb.ladders:
            bag.add(_where(kb, f"node:{n}", f"node {n}.select.ladder"), "a declared ladder domain",
                    repr(node.select.ladder))


def _check_antibody_thresholds(kb, bag) -> None:
    if not kb.antibody_thresholds:
        return
    names = set(get_args(Antibody))
    for t in kb.antibody_thresholds.thresholds:
        if t.antibody not in names:
            bag.add("antibody_thresholds", f"an antibody among {', '.join(sorted(names))}", repr(t.antibody))
