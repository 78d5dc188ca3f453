"""``load_trials()``: the YAML files in ``algorithms/trials/`` → checked, immutable :class:`Trials`.

The same three stages as the knowledge-base loader: hardened YAML with line numbers (:mod:`decision.reader`),
frozen models with unknown keys rejected (:mod:`decision.trials.models`), then checks over the whole: every
fact a criterion names is declared (the walker's catalogue or :mod:`decision.trials.facts`) with an operator
that fits its kind and values among its choices, trial ids are unique, at most one pipeline. Every problem
is collected and raised at once in a :class:`~decision.errors.KnowledgeBaseError` naming ``file:line``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from decision.errors import KnowledgeBaseError, Problem
from decision.patient.facts import CATALOGUE, FactSpec
from decision.reader import format_path, line_of, read_yaml
from decision.trials.facts import TRIAL_FACTS
from decision.trials.logic import leaves
from decision.trials.models import Criterion, Pipeline, Trial, TrialFile
from decision.walk.conditions import OPS_BY_KIND

TRIALS_DIR = Path(__file__).resolve().parents[2] / "algorithms" / "trials"


@cache
def fact_catalogue() -> dict[str, FactSpec]:
    """Every fact a trial criterion may name: the walker's and the trial-only ones."""
    return {**CATALOGUE, **{name: f.spec for name, f in TRIAL_FACTS.items()}}


def default_trials_path() -> Path:
    if TRIALS_DIR.is_dir():
        return TRIALS_DIR
    return Path(str(resources.files("decision") / "algorithms" / "trials"))


@dataclass(frozen=True)
class Trials:
    """The loaded trials (in file order) and the pipeline table; treat as read-only."""

    trials: tuple[Trial, ...]
    pipeline: Pipeline | None
    sha256: str
    locations: dict[str, str] = field(default_factory=dict)

    def get(self, trial_id: str) -> Trial:
        for t in self.trials:
            if t.id == trial_id or t.registry_id == trial_id:
                return t
        raise KeyError(trial_id)


def load_trials(path: str | Path | None = None) -> Trials:
    """Load and check the trial files (a folder or one file). Raises ``KnowledgeBaseError`` with every problem."""
    root = Path(path) if path is not None else default_trials_path()
    if not root.exists():
        raise KnowledgeBaseError([Problem(str(root), "a folder of trial YAML files or one file", "nothing there")])
    files = [root] if root.is_file() else sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml"))
    problems: list[Problem] = []
    trials: list[Trial] = []
    pipelines: list[Pipeline] = []
    locations: dict[str, str] = {}
    digest = hashlib.sha256()
    for f in files:
        raw = f.read_bytes()
        digest.update(f.name.encode() + b"\0" + raw + b"\0")
        parsed = _read_one(f.name, raw, problems)
        if parsed is None:
            continue
        model, lines = parsed
        if model.trial is not None:
            trials.append(model.trial)
            locations[model.trial.id] = f"{f.name}:{line_of(lines, ('trial',))}"
            problems += _check_trial(model.trial, f.name, lines)
        if model.pipeline is not None:
            pipelines.append(model.pipeline)
    seen: dict[str, str] = {}
    for t in trials:
        for key in (t.id, t.registry_id):
            if key in seen:
                problems.append(Problem(locations[t.id], "each trial once", f"{key!r} also in {seen[key]}"))
            seen[key] = locations[t.id]
    if len(pipelines) > 1:
        problems.append(Problem(str(root), "at most one 'pipeline' section", str(len(pipelines))))
    if not trials and not problems:
        problems.append(Problem(str(root), "at least one trial file", "none"))
    if problems:
        raise KnowledgeBaseError(problems)
    return Trials(tuple(trials), pipelines[0] if pipelines else None, digest.hexdigest(), locations)


def _read_one(name: str, raw: bytes, problems: list[Problem]):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, "UTF-8 text", str(exc)))
        return None
    data, lines, found = read_yaml(text, name)
    problems += found
    if found:
        return None
    if not isinstance(data, dict) or not data:
        problems.append(Problem(f"{name}:{line_of(lines, ())}", "a mapping with 'trial' or 'pipeline'",
                                type(data).__name__))
        return None
    try:
        return TrialFile.model_validate(data), lines
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err.get("loc", ()))
            kind = err.get("type", "")
            if kind == "extra_forbidden":
                expected = "only the declared keys (unknown key)"
            elif kind == "missing":
                expected = f"the required key '{loc[-1]}'" if loc else "a required key"
            else:
                msg = str(err.get("msg", "")).removeprefix("Value error, ")
                expected = msg[:1].lower() + msg[1:] if msg else "a valid value"
            found_text = "" if kind == "missing" else repr(err.get("input"))[:100]
            problems.append(Problem(f"{name}:{line_of(lines, loc)} {format_path(loc)}", expected, found_text))
        return None


def _check_trial(trial: Trial, name: str, lines) -> list[Problem]:
    catalogue = fact_catalogue()
    out: list[Problem] = []
    for part in ("inclusion", "exclusion"):
        criteria: tuple[Criterion, ...] = getattr(trial, part)
        for i, crit in enumerate(criteria):
            path = ("trial", part, i, "condition")
            where = f"{name}:{line_of(lines, path)} {format_path(path)}"
            for leaf in leaves(crit.condition):
                spec = catalogue.get(leaf.field)
                if spec is None:
                    out.append(Problem(where, "a declared fact (see decision.trials.facts or the patient facts)",
                                       repr(leaf.field)))
                    continue
                if leaf.op not in OPS_BY_KIND[spec.kind]:
                    allowed = ", ".join(sorted(OPS_BY_KIND[spec.kind]))
                    out.append(Problem(where, f"an operator for a {spec.kind} fact ({allowed})",
                                       f"{leaf.op!r} on {leaf.field}"))
                values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
                if spec.kind == "bool" and leaf.op == "is" and not isinstance(leaf.value, bool):
                    out.append(Problem(where, f"true or false for {leaf.field} (yes/no are not booleans here)",
                                       repr(leaf.value)))
                if spec.kind == "enum" and leaf.op != "known" and any(v not in spec.choices for v in values):
                    out.append(Problem(where, f"values of {leaf.field} among {list(spec.choices)}", repr(leaf.value)))
                if spec.kind == "number" and leaf.op != "known" and not all(
                        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
                    out.append(Problem(where, f"a number to compare {leaf.field} with", repr(leaf.value)))
    return out
