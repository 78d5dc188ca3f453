"""``load()``: YAML files in ``algorithms/`` → checked, immutable :class:`KnowledgeBase`.

One facade, three stages, like python-statemachine's ``io``: text → data with line numbers
(:mod:`decision.reader`), data → small frozen models (:mod:`decision.kb.models`), models → a frozen
networkx graph checked as a whole (:mod:`decision.kb.checks`). Every problem from every stage is
collected and raised together in one :class:`KnowledgeBaseError`, each naming ``file:line``, the key path,
what was expected and what was found. Past this point the code trusts the knowledge base.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import BaseModel, ValidationError

from decision.errors import KB_WORDING, KnowledgeBaseError, Problem, bounded_repr, problems_from_validation
from decision.kb.lookups import Lookups, build_lookups
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
from decision.reader import KB_LIMITS, decode, format_path, line_of, read_yaml

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


MAX_FILES = 200
MAX_TOTAL_BYTES = 8 * 1024 * 1024
MAX_ITEMS = 5_000  # entries of one kind (sources, therapies, rules, nodes): far beyond any real pathway

Item = tuple[Any, str, tuple[Any, ...], dict]


def _yaml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load(path: str | Path | None = None) -> KnowledgeBase:
    """Load and check a knowledge base (a folder of YAML files, or one file); default: the bundled one.

    Raises :class:`KnowledgeBaseError` listing every authoring problem found.
    """
    root = Path(path) if path is not None else default_path()
    files = _files_within_limits(root)
    bag = _Collector()
    digest = hashlib.sha256()
    collected: dict[str, list[Item]] = {k: [] for k in FileKinds.keys}
    for f in files:
        raw = f.read_bytes()
        digest.update(f.name.encode() + b"\0" + raw + b"\0")
        _collect_file(raw, f.name, bag, collected)
    models, locations, failed = _validate_models(collected, bag)
    _check_counts(models, failed, str(root), bag)
    if bag.problems:
        raise KnowledgeBaseError(bag.problems)
    kb = _assemble(models, locations, digest.hexdigest(), files, bag)
    from decision.kb.checks import check_knowledge_base

    check_knowledge_base(kb, bag)
    if bag.problems:
        raise KnowledgeBaseError(bag.problems)
    return kb


def _files_within_limits(root: Path) -> list[Path]:
    try:
        if not root.exists():
            raise KnowledgeBaseError([Problem(str(root), "a knowledge-base folder or YAML file", "nothing there")])
        files = _yaml_files(root)
        total = sum(f.stat().st_size for f in files)
    except OSError as exc:
        raise KnowledgeBaseError([Problem(str(root), "a readable knowledge base", exc.strerror or str(exc))]) from None
    if not files:
        raise KnowledgeBaseError([Problem(str(root), "at least one .yaml file", "none")])
    if len(files) > MAX_FILES:
        raise KnowledgeBaseError([Problem(str(root), f"at most {MAX_FILES} YAML files", str(len(files)))])
    if total > MAX_TOTAL_BYTES:
        raise KnowledgeBaseError([Problem(str(root), f"at most {MAX_TOTAL_BYTES // 1024 // 1024} MiB of YAML in all",
                                          f"{total // 1024} KiB")])
    return files


def _collect_file(raw: bytes, name: str, bag: _Collector, collected: dict[str, list[Item]]) -> None:
    """One file's top-level sections, each item kept with its file name, key path and line map."""
    text, problems = decode(raw, name, KB_LIMITS)
    data: Any = None
    lines: dict[tuple[Any, ...], int] = {}
    if text is not None:
        data, lines, problems = read_yaml(text, name, KB_LIMITS)
    bag.problems.extend(problems)
    if data is None:
        if not problems:
            bag.add(name, "a mapping with top-level keys " + ", ".join(FileKinds.keys), "an empty file")
        return
    if not isinstance(data, dict):
        bag.add(f"{name}:{line_of(lines, ())}", "a mapping at the top level", type(data).__name__)
        return
    for key, value in data.items():
        where = f"{name}:{line_of(lines, (key,))} {key}"
        if key not in FileKinds.keys:
            bag.add(where, "a top-level key among " + ", ".join(FileKinds.keys), bounded_repr(key))
        elif key not in FileKinds.lists:
            collected[key].append((value, name, (key,), lines))
        elif not isinstance(value, list):
            bag.add(where, "a list", type(value).__name__)
        else:
            collected[key].extend((item, name, (key, i), lines) for i, item in enumerate(value))


def _validate_models(collected: dict[str, list[Item]], bag: _Collector):
    """Data → frozen models; remembers where each id was declared, for later messages."""
    models: dict[str, list[Any]] = {k: [] for k in FileKinds.keys}
    locations: dict[str, str] = {}
    failed: set[str] = set()
    for key, items in collected.items():
        if len(items) > MAX_ITEMS:
            bag.add(key, f"at most {MAX_ITEMS:,} entries in '{key}'", f"{len(items):,}")
            failed.add(key)
            continue
        model: type[BaseModel] = FileKinds.keys[key]
        for item, fname, path, lines in items:
            try:
                obj = model.model_validate_json(_as_json(item), strict=True)
            except ValidationError as exc:
                bag.problems.extend(problems_from_validation(exc, locate=_locator(fname, path, lines),
                                                             wording=KB_WORDING))
                failed.add(key)
                continue
            models[key].append(obj)
            _remember(locations, key, obj, f"{fname}:{line_of(lines, path)}",
                      lambda sub, fname=fname, path=path, lines=lines: f"{fname}:{line_of(lines, path + sub)}")
    return models, locations, failed


def _as_json(item: Any) -> str:
    """Strict JSON mode, as at the patient edge: ``"yes"`` is not a boolean, ``"12"`` not a number."""
    return json.dumps(item, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))


def _locator(fname: str, path: tuple[Any, ...], lines: dict):
    def locate(loc: tuple[Any, ...]) -> str:
        full = path + loc
        return f"{fname}:{line_of(lines, full)} {format_path(full)}"
    return locate


def _remember(locations: dict[str, str], key: str, obj: Any, here: str, at) -> None:
    if hasattr(obj, "id"):
        locations[f"{key}:{obj.id}"] = here
    if key == "ladders":
        locations[f"ladders:{obj.domain}"] = here
        for i, step in enumerate(obj.steps):
            locations[f"ladders:{obj.domain}:{step.line}"] = at(("steps", i))
    if key == "pathway":
        if len(obj.nodes) > MAX_ITEMS:
            return
        for i, node in enumerate(obj.nodes):
            locations[f"node:{node.id}"] = at(("nodes", i))
        for i, definition in enumerate(obj.definitions):
            locations[f"definition:{definition.name}"] = at(("definitions", i))


def _check_counts(models: dict[str, list[Any]], failed: set[str], root: str, bag: _Collector) -> None:
    for key in ("metadata", "pathway"):
        if len(models[key]) != 1 and key not in failed:
            bag.add(root, f"exactly one '{key}' section in the knowledge base", str(len(models[key])))
    for key in ("antibody_thresholds", "cancer_screening"):
        if len(models[key]) > 1:
            bag.add(root, f"at most one '{key}' section", str(len(models[key])))
    for pathway in models["pathway"]:
        if len(pathway.nodes) > MAX_ITEMS:
            bag.add("pathway.nodes", f"at most {MAX_ITEMS:,} nodes", f"{len(pathway.nodes):,}")


def _unique(objs, key, bag: _Collector, where, what: str) -> dict[str, Any]:
    """Objects by key; a key declared twice is named (with where it was declared) as a problem."""
    out: dict[str, Any] = {}
    for obj in objs:
        k = key(obj)
        if k in out:
            bag.add(where(k), what, f"{k!r} twice")
        out[k] = obj
    return out


def _assemble(models: dict[str, list[Any]], locations: dict[str, str], sha256: str, files: list[Path],
              bag: _Collector) -> KnowledgeBase:
    pathway: Pathway = models["pathway"][0]

    def located(prefix: str, default: str):
        return lambda k: locations.get(f"{prefix}:{k}", default)

    def by_id(kind: str) -> dict[str, Any]:
        return _unique(models[kind], lambda o: o.id, bag, located(kind, kind), f"unique {kind} ids")

    nodes = _unique(pathway.nodes, lambda n: n.id, bag, located("node", "pathway"), "unique node ids")
    ladders = _unique(models["ladders"], lambda lad: lad.domain, bag, located("ladders", "ladders"),
                      "one ladder per domain")
    rules = tuple(models["rules"])
    _unique(rules, lambda r: r.id, bag, located("rules", "rules"), "unique rule ids")
    return KnowledgeBase(
        metadata=models["metadata"][0],
        sha256=sha256,
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
