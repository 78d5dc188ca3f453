"""``load()``: YAML files in ``algorithms/`` → checked, immutable :class:`KnowledgeBase`.

One facade, three stages, like python-statemachine's ``io``: text → data with line numbers
(:mod:`decision.reader`), data → small frozen models (:mod:`decision.kb.models`), models → a frozen
networkx graph checked as a whole (:mod:`decision.kb.checks`). Every problem from every stage is
collected and raised together in one :class:`KnowledgeBaseError`, each naming ``file:line``, the key path,
what was expected and what was found. Past this point the code trusts the knowledge base.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import ValidationError

from decision.errors import KnowledgeBaseError, Problem
from decision.kb.models import (
    AntibodyThresholds,
    CancerScreening,
    FileKinds,
    Ladder,
    Metadata,
    Node,
    Pathway,
    Rule,
    Source,
    StatusDeclaration,
    SteroidRegimen,
    Therapy,
)
from decision.kb.lookups import Lookups, build_lookups
from decision.reader import format_path, line_of, read_yaml

ALGORITHMS_DIR = Path(__file__).resolve().parents[2] / "algorithms"


def default_path() -> Path:
    """The bundled knowledge base: the checkout's ``algorithms/`` or the installed package data."""
    if ALGORITHMS_DIR.is_dir():
        return ALGORITHMS_DIR
    return Path(str(resources.files("decision") / "algorithms"))


@dataclass(frozen=True)
class KnowledgeBase:
    """A loaded, checked knowledge base. Treat as read-only; ``graph`` is a frozen networkx DiGraph."""

    metadata: Metadata
    sha256: str
    files: tuple[str, ...]
    sources: dict[str, Source]
    therapies: dict[str, Therapy]
    ladders: dict[str, Ladder]
    rules: tuple[Rule, ...]
    pathway: Pathway
    nodes: dict[str, Node]
    graph: nx.DiGraph
    antibody_thresholds: AntibodyThresholds | None
    steroid_regimens: dict[str, SteroidRegimen]
    cancer_screening: CancerScreening | None = None
    locations: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> dict[str, str]:
        return {"id": self.metadata.id, "version": self.metadata.version, "sha256": self.sha256}

    def therapy_line(self, therapy_id: str, domain: str = "muscle") -> int | None:
        for step in self.ladders[domain].steps if domain in self.ladders else ():
            if therapy_id in step.options:
                return step.line
        return None

    @cached_property
    def lookups(self) -> Lookups:
        """Tables that depend on the knowledge base only (ladder lines, rule targets, declared facts)."""
        return build_lookups(self)

    @property
    def statuses(self) -> dict[str, StatusDeclaration]:
        """Every status an outcome may name, with its severity, in declaration order."""
        return {s.code: s for s in self.pathway.statuses}

    def tagged(self, tag: str) -> list[str]:
        return [t.id for t in self.therapies.values() if tag in t.tags]


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, expected: str, found: str = "") -> None:
        self.problems.append(Problem(where, expected, found))


def _yaml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load(path: str | Path | None = None) -> KnowledgeBase:
    """Load and check a knowledge base (a folder of YAML files, or one file); default: the bundled one.

    Raises :class:`KnowledgeBaseError` listing every authoring problem found.
    """
    root = Path(path) if path is not None else default_path()
    bag = _Collector()
    if not root.exists():
        raise KnowledgeBaseError([Problem(str(root), "a knowledge-base folder or YAML file", "nothing there")])
    files = _yaml_files(root)
    if not files:
        raise KnowledgeBaseError([Problem(str(root), "at least one .yaml file", "none")])

    digest = hashlib.sha256()
    collected: dict[str, list[tuple[Any, str, Any]]] = {k: [] for k in FileKinds.keys}
    for f in files:
        raw = f.read_bytes()
        digest.update(f.name.encode() + b"\0" + raw + b"\0")
        name = f.name
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bag.add(name, "UTF-8 text", str(exc))
            continue
        data, lines, problems = read_yaml(text, name)
        bag.problems.extend(problems)
        if data is None:
            if not problems:
                bag.add(name, "a mapping with top-level keys " + ", ".join(FileKinds.keys), "an empty file")
            continue
        if not isinstance(data, dict):
            bag.add(f"{name}:{line_of(lines, ())}", "a mapping at the top level", type(data).__name__)
            continue
        for key, value in data.items():
            if key not in FileKinds.keys:
                bag.add(f"{name}:{line_of(lines, (key,))} {key}",
                        "a top-level key among " + ", ".join(FileKinds.keys), repr(key))
                continue
            if key in FileKinds.lists:
                if not isinstance(value, list):
                    bag.add(f"{name}:{line_of(lines, (key,))} {key}", "a list", type(value).__name__)
                    continue
                for i, item in enumerate(value):
                    collected[key].append((item, name, (key, i), lines))
            else:
                collected[key].append((value, name, (key,), lines))

    models: dict[str, list[Any]] = {k: [] for k in FileKinds.keys}
    locations: dict[str, str] = {}
    failed: set[str] = set()
    for key, items in collected.items():
        model = FileKinds.keys[key]
        for item, fname, path, lines in items:
            try:
                obj = model.model_validate(item)
            except ValidationError as exc:
                _report(bag, exc, fname, path, lines)
                failed.add(key)
                continue
            models[key].append(obj)
            if hasattr(obj, "id"):
                locations[f"{key}:{obj.id}"] = f"{fname}:{line_of(lines, path)}"
            if key == "ladders":
                locations[f"ladders:{obj.domain}"] = f"{fname}:{line_of(lines, path)}"
                for i, step in enumerate(obj.steps):
                    locations[f"ladders:{obj.domain}:{step.line}"] = f"{fname}:{line_of(lines, path + ('steps', i))}"
            if key == "pathway":
                for i, node in enumerate(obj.nodes):
                    locations[f"node:{node.id}"] = f"{fname}:{line_of(lines, path + ('nodes', i))}"

    for key in ("metadata", "pathway"):
        if len(models[key]) != 1 and key not in failed:
            bag.add(str(root), f"exactly one '{key}' section in the knowledge base", str(len(models[key])))
    for key in ("antibody_thresholds", "cancer_screening"):
        if len(models[key]) > 1:
            bag.add(str(root), f"at most one '{key}' section", str(len(models[key])))
    if bag.problems:
        raise KnowledgeBaseError(bag.problems)

    def by_id(kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for obj in models[kind]:
            if obj.id in out:
                bag.add(locations.get(f"{kind}:{obj.id}", kind), f"unique {kind} ids", f"{obj.id!r} twice")
            out[obj.id] = obj
        return out

    pathway: Pathway = models["pathway"][0]
    nodes: dict[str, Node] = {}
    for node in pathway.nodes:
        if node.id in nodes:
            bag.add(locations[f"node:{node.id}"], "unique node ids", f"{node.id!r} twice")
        nodes[node.id] = node
    ladders: dict[str, Ladder] = {}
    for ladder in models["ladders"]:
        if ladder.domain in ladders:
            bag.add("ladders", "one ladder per domain", f"{ladder.domain!r} twice")
        ladders[ladder.domain] = ladder
    rules = tuple(models["rules"])
    seen_rules: set[str] = set()
    for rule in rules:
        if rule.id in seen_rules:
            bag.add(locations.get(f"rules:{rule.id}", "rules"), "unique rule ids", f"{rule.id!r} twice")
        seen_rules.add(rule.id)

    kb = KnowledgeBase(
        metadata=models["metadata"][0],
        sha256=digest.hexdigest(),
        files=tuple(f.name for f in files),
        sources=by_id("sources"),
        therapies=by_id("therapies"),
        ladders=ladders,
        rules=rules,
        pathway=pathway,
        nodes=nodes,
        graph=_build_graph(nodes),
        antibody_thresholds=models["antibody_thresholds"][0] if models["antibody_thresholds"] else None,
        steroid_regimens=by_id("steroid_regimens"),
        cancer_screening=models["cancer_screening"][0] if models["cancer_screening"] else None,
        locations=locations,
    )
    from decision.kb.checks import check_knowledge_base

    check_knowledge_base(kb, bag)
    if bag.problems:
        raise KnowledgeBaseError(bag.problems)
    return kb


def _report(bag: _Collector, exc: ValidationError, fname: str, path: tuple, lines) -> None:
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        full = path + loc
        line = line_of(lines, full)
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            expected = "only the declared keys (unknown key)"
        elif kind == "missing":
            expected = f"the required key '{loc[-1]}'" if loc else "a required key"
        else:
            msg = err.get("msg", "")
            expected = msg.removeprefix("Value error, ")
            expected = expected[0].lower() + expected[1:] if expected else "a valid value"
        found = "" if kind == "missing" else repr(err.get("input"))
        if len(found) > 100:
            found = found[:97] + "..."
        bag.add(f"{fname}:{line} {format_path(full)}", expected, found)


def _build_graph(nodes: dict[str, Node]) -> nx.DiGraph:
    g = nx.DiGraph()
    for node in nodes.values():
        g.add_node(node.id, kind=node.kind, step=node.step, title=node.title)
    for node in nodes.values():
        for target, label in node.targets():
            if g.has_edge(node.id, target):  # two branches to one target: one edge, both labels
                label = f"{g.edges[node.id, target]['label']} / {label}"
            g.add_edge(node.id, target, label=label, loop=False)
        if node.reassess:
            g.add_edge(node.id, node.reassess.to, label=f"reassess after {node.reassess.after}", loop=True)
    return nx.freeze(g)
