"""The knowledge-base models: what a YAML file in ``algorithms/`` may say, declared once.

Every node kind's allowed keys live here (frozen pydantic models, unknown keys rejected) and the published
JSON Schema is generated from them, so the two cannot drift. Checks that need the whole knowledge base
(graph shape, cited sources, declared facts) are in :mod:`decision.kb.checks`.

Rating scheme. Each recommendation carries a *basis*: source keys, a strength of recommendation and a
quality of evidence in GRADE terms, plus the confidence tag the clinical brief gave the fact (seed, confirmed,
partly confirmed, opinion). A fact the brief marks unconfirmed must be graded ``expert_opinion``; the loader
enforces it. Per-domain drug evidence uses the Cavagna 2017 grades (``***`` … ``!``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from decision.walk.conditions import Condition, ConditionSyntaxError, parse_condition

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


def _condition(value: Any) -> Condition:
    try:
        return parse_condition(value)
    except ConditionSyntaxError as exc:
        raise ValueError(str(exc)) from None


When = Annotated[Any, BeforeValidator(_condition)]

Strength = Literal["strong_for", "conditional_for", "conditional_against", "strong_against", "expert_opinion"]
Evidence = Literal["high", "moderate", "low", "very_low", "expert_opinion"]
Confidence = Literal["seed", "confirmed", "partial", "opinion"]
DomainGrade = Literal["***", "**", "*", "!", "none", "n/a"]
Domain = Literal["muscle", "ild", "skin", "arthritis"]

STRENGTH_TEXT = {
    "strong_for": "strong recommendation for",
    "conditional_for": "conditional recommendation for",
    "conditional_against": "conditional recommendation against",
    "strong_against": "strong recommendation against",
    "expert_opinion": "expert opinion (no graded recommendation)",
}
EVIDENCE_TEXT = {
    "high": "high",
    "moderate": "moderate",
    "low": "low",
    "very_low": "very low",
    "expert_opinion": "expert opinion",
}
CONFIDENCE_TEXT = {
    "seed": "stated in a seed document",
    "confirmed": "confirmed from a published source",
    "partial": "partly confirmed (secondary summary)",
    "opinion": "expert opinion, not confirmed from a primary text",
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Basis(_Model):
    """Why a statement is in the knowledge base: the checkable part of every recommendation."""

    sources: tuple[Id, ...] = Field(min_length=1)
    strength: Strength
    evidence: Evidence
    confidence: Confidence
    note: str | None = None

    @model_validator(mode="after")
    def _opinion_is_graded_as_opinion(self) -> Basis:
        if self.confidence == "opinion" and self.evidence != "expert_opinion":
            raise ValueError(
                "confidence 'opinion' (unconfirmed in the brief) to be graded evidence: expert_opinion, "
                f"found evidence: {self.evidence}"
            )
        return self

    @property
    def is_opinion(self) -> bool:
        return self.evidence == "expert_opinion" or self.confidence == "opinion"


class Source(_Model):
    id: Id
    citation: str = Field(min_length=5)
    kind: Literal["seed", "journal", "guideline", "label", "textbook", "trial_registry", "web"]
    year: int | None = Field(None, ge=1900, le=2100)
    doi: str | None = None
    url: str | None = None
    seed_file: str | None = None
    note: str | None = None


class Metadata(_Model):
    id: Id
    title: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+([-+.][0-9A-Za-z.]+)?$")
    status: Literal["draft", "review", "approved", "retired"]
    date: dt.date
    authors: tuple[str, ...] = Field(min_length=1)
    reviewers: tuple[str, ...] = ()
    intended_use: str
    intended_users: tuple[str, ...] = Field(min_length=1)
    not_for: tuple[str, ...] = Field(min_length=1)
    rating_scheme: str
    limitations: tuple[str, ...] = ()


class Dosing(_Model):
    text: str
    basis: Basis


class Therapy(_Model):
    id: Id
    name: str
    drug_class: Literal[
        "glucocorticoid", "conventional_immunosuppressant", "calcineurin_inhibitor", "alkylating_agent",
        "biologic", "jak_inhibitor", "immunoglobulin", "hormone", "antifibrotic", "antimalarial", "topical",
        "procedure", "combination",
    ]
    components: tuple[Id, ...] = ()
    immunosuppressive: bool
    tags: tuple[Id, ...] = ()
    dose: Dosing
    response_time: Dosing | None = None
    monitoring: tuple[str, ...] = ()
    evidence_by_domain: dict[Domain, DomainGrade] | None = None
    evidence_basis: Basis | None = None
    basis: Basis

    @model_validator(mode="after")
    def _grades_have_basis(self) -> Therapy:
        if self.evidence_by_domain is not None and self.evidence_basis is None:
            raise ValueError("an 'evidence_basis' for 'evidence_by_domain'")
        if self.drug_class == "combination" and len(self.components) < 2:
            raise ValueError("at least two 'components' for a combination")
        return self


class LadderStep(_Model):
    line: int = Field(ge=1, le=3)
    label: str
    options: tuple[Id, ...] = Field(min_length=1)
    basis: Basis


class Ladder(_Model):
    domain: Domain
    title: str
    steps: tuple[LadderStep, ...] = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _lines_in_order(cls, steps):
        lines = [s.line for s in steps]
        if lines != sorted(set(lines)):
            raise ValueError(f"steps with distinct lines in increasing order, found lines {lines}")
        return steps


class Targets(_Model):
    therapies: tuple[Id, ...] = ()
    tags: tuple[Id, ...] = ()

    @model_validator(mode="after")
    def _not_empty(self) -> Targets:
        if not self.therapies and not self.tags:
            raise ValueError("at least one of 'therapies' or 'tags'")
        return self


class Rule(_Model):
    """A tailoring rule or a safety gate.

    Effects: ``exclude`` removes the targets (into *not suggested*, with the reason); ``avoid`` does the same
    for a preference rather than a contraindication; ``warn`` attaches a warning and the action to take first
    whenever a target is suggested or taken; ``prefer`` raises the targets in the ranking; ``promote`` brings
    a target from a later line into the options being ranked. A gate whose condition is *unknown* never
    silently passes: it becomes a warning that names the missing facts.
    """

    id: Id
    kind: Literal["gate", "tailoring"]
    title: str
    when: When
    effect: Literal["exclude", "avoid", "warn", "prefer", "promote"]
    targets: Targets | None = None
    weight: int = Field(0, ge=0, le=10)
    message: str
    action_first: str | None = None
    stop_if_current: bool = False
    basis: Basis

    @model_validator(mode="after")
    def _effect_needs(self) -> Rule:
        if self.effect != "warn" and self.targets is None:
            raise ValueError(f"'targets' for effect {self.effect!r} (only 'warn' may apply to the patient as a whole)")
        if self.effect in ("prefer", "promote") and self.weight == 0:
            raise ValueError(f"a positive 'weight' for effect {self.effect!r}")
        return self


ActionKind = Literal["therapy", "investigation", "referral", "supportive", "monitoring", "stop", "plan"]


class Action(_Model):
    id: Id
    kind: ActionKind
    text: str
    therapy: Id | None = None
    line: int | None = Field(None, ge=1, le=3)
    timing: Literal["now", "if_insufficient", "alternative"] = "now"
    when: When | None = None
    basis: Basis

    @model_validator(mode="after")
    def _therapy_kind(self) -> Action:
        if self.kind == "therapy" and self.therapy is None:
            raise ValueError("a 'therapy' id for an action of kind 'therapy'")
        return self


class Select(_Model):
    """Pick therapies from a ladder: the next line after the highest failed one, or the same line (a switch)."""

    ladder: Domain
    line: Literal["next", "same", "first"]
    max_options: int = Field(4, ge=1, le=10)


class Withhold(_Model):
    """Therapies a node rules out for this situation (shown under *not suggested* with the reason)."""

    therapies: tuple[Id, ...] = Field(min_length=1)
    reason: str
    when: When | None = None
    basis: Basis


class Branch(_Model):
    """One answer to a decision. ``on_unknown`` says what an unknown answer does: ``continue`` (list the
    question, go on) or ``hold`` (the answer could withhold or redirect escalation: when ``clues`` is true the
    walk stops at the decision's ``hold`` target until the question is answered)."""

    when: When
    to: Id
    label: str
    on_unknown: Literal["hold", "continue"] = "continue"
    clues: When | None = None

    @model_validator(mode="after")
    def _clues_with_hold(self) -> Branch:
        if self.on_unknown == "hold" and self.clues is None:
            raise ValueError("'clues' (the positive findings that make an unknown answer worth waiting for) "
                             "on a branch with on_unknown: hold")
        if self.on_unknown == "continue" and self.clues is not None:
            raise ValueError("no 'clues' on a branch with on_unknown: continue")
        return self


class Reassess(_Model):
    to: Id
    after: str


class Node(_Model):
    id: Id
    kind: Literal["decision", "action", "outcome"]
    step: Literal["triage", "refractory", "activity", "diagnosis", "therapy", "outcome"]
    title: str
    question: str | None = None
    explanation: str | None = None
    branches: tuple[Branch, ...] = ()
    otherwise: Id | None = None
    unknown: Id | None = None
    hold: Id | None = None
    preview: str | None = None
    actions: tuple[Action, ...] = ()
    select: Select | None = None
    withhold: tuple[Withhold, ...] = ()
    next: Id | None = None
    status: str | None = None
    reassess: Reassess | None = None
    basis: Basis

    @model_validator(mode="after")
    def _shape_by_kind(self) -> Node:
        wrong = []
        if self.kind == "decision":
            wrong += self._decision_shape()
        else:
            for key in ("branches", "otherwise", "unknown", "hold", "preview"):
                if getattr(self, key):
                    wrong.append(f"no '{key}' on an {self.kind} node")
        if self.kind == "action" and not self.next:
            wrong.append("a 'next' target on an action node")
        if self.kind == "outcome":
            if not self.status:
                wrong.append("a 'status' on an outcome node")
            if self.next:
                wrong.append("no 'next' on an outcome node (use 'reassess' for a declared loop)")
        if wrong:
            raise ValueError("; ".join(wrong))
        return self

    def _decision_shape(self) -> list[str]:
        wrong = []
        if not self.question:
            wrong.append("a 'question'")
        if not self.branches:
            wrong.append("at least one entry in 'branches'")
        if not self.otherwise:
            wrong.append("an 'otherwise' target")
        wrong += [f"no '{key}' on a decision node" for key in ("actions", "select", "next", "status", "reassess")
                  if getattr(self, key)]
        if any(b.on_unknown == "hold" for b in self.branches) != bool(self.hold):
            wrong.append("a 'hold' target exactly when a branch has on_unknown: hold")
        if self.preview and self.preview not in {b.label for b in self.branches}:
            wrong.append(f"'preview' naming one of the branch labels, not {self.preview!r}")
        return wrong

    def targets(self) -> list[tuple[str, str]]:
        """Outgoing edges as (target, label), in evaluation order; the reassessment loop is not included."""
        out = [(b.to, b.label) for b in self.branches]
        if self.hold:
            out.append((self.hold, "hold"))
        if self.unknown:
            out.append((self.unknown, "unknown"))
        if self.otherwise:
            out.append((self.otherwise, "otherwise"))
        if self.next:
            out.append((self.next, "next"))
        return out


class StatusDeclaration(_Model):
    """One status an outcome may name, with how loudly every view shows it (declared once, in the YAML)."""

    code: Id
    severity: Literal["urgent", "caution", "information", "on_track"]
    meaning: str
    escalates: bool = False  # an outcome with this status suggests new immunosuppression along the ladder


class Definition(_Model):
    """A named finding judged from several facts (e.g. "the lung is active"), reused by several decisions.

    Conditions test it like a fact (``{field: lung_active, op: is, value: true}``); it is three-valued, and when
    unknown the questions asked are those of its own condition. ``domain`` marks the activity of one organ
    domain, so the answer can name the active domains."""

    name: Id
    description: str
    domain: Literal["muscle", "lung", "skin", "joints"] | None = None
    when: When
    basis: Basis


class Pathway(_Model):
    entry: Id
    statuses: tuple[StatusDeclaration, ...] = Field(min_length=1)
    definitions: tuple[Definition, ...] = ()
    nodes: tuple[Node, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _outcomes_name_declared_statuses(self) -> Pathway:
        declared = {s.code for s in self.statuses}
        wrong = [f"{n.id}: {n.status!r}" for n in self.nodes if n.kind == "outcome" and n.status not in declared]
        if wrong:
            raise ValueError("outcome statuses must be declared under pathway.statuses ("
                             + ", ".join(sorted(declared)) + "); undeclared: " + "; ".join(wrong))
        return self


class AntibodyThreshold(_Model):
    antibody: Id
    min_intensity: float = Field(gt=0)


class AntibodyThresholds(_Model):
    method: str
    thresholds: tuple[AntibodyThreshold, ...]
    basis: Basis


class SteroidRegimen(_Model):
    id: Id
    name: str
    start_mg_per_kg: tuple[float, float]
    max_mg_day: float
    high_dose_weeks: str
    taper: str
    target: str
    basis: Basis


class RiskFeature(_Model):
    id: Id
    label: str
    when: When


class RiskStratum(_Model):
    id: Id
    label: str
    min_higher_risk_features: int = Field(ge=0, le=10)
    panels: tuple[Id, ...]


class ScreeningPanel(_Model):
    id: Id
    text: str
    when: When | None = None
    basis: Basis


class CancerScreening(_Model):
    """IMACS 2023 cancer-screening risk strata: features counted, strata by count, panels by stratum."""

    title: str
    applies_when: When
    not_applicable: str
    higher_risk_features: tuple[RiskFeature, ...] = Field(min_length=1)
    lower_risk_features: tuple[RiskFeature, ...] = ()
    strata: tuple[RiskStratum, ...] = Field(min_length=1)
    panels: tuple[ScreeningPanel, ...] = Field(min_length=1)
    basis: Basis

    @model_validator(mode="after")
    def _panels_declared(self) -> CancerScreening:
        ids = {p.id for p in self.panels}
        unknown = sorted({p for s in self.strata for p in s.panels} - ids)
        if unknown:
            raise ValueError(f"strata to name declared panels ({', '.join(sorted(ids))}), found {unknown}")
        counts = [s.min_higher_risk_features for s in self.strata]
        if counts != sorted(counts, reverse=True):
            raise ValueError(f"strata from the highest count down, found {counts}")
        return self


class FileKinds:
    """The top-level keys each YAML file may carry (one knowledge base may spread over several files)."""

    keys: dict[str, type[BaseModel]] = {
        "metadata": Metadata,
        "sources": Source,
        "therapies": Therapy,
        "ladders": Ladder,
        "rules": Rule,
        "pathway": Pathway,
        "antibody_thresholds": AntibodyThresholds,
        "steroid_regimens": SteroidRegimen,
        "cancer_screening": CancerScreening,
    }
    lists = {"sources", "therapies", "ladders", "rules", "steroid_regimens"}
