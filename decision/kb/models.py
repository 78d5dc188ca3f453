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
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from decision.kb.basis import (  # noqa: F401  (re-exported: the vocabulary every model module shares)
    CONFIDENCE_TEXT,
    EVIDENCE_TEXT,
    STRENGTH_TEXT,
    Basis,
    Confidence,
    Domain,
    DomainGrade,
    Evidence,
    Id,
    Strength,
    When,
    _Model,
)
from decision.kb.pathway_model import (  # noqa: F401  (re-exported)
    Action,
    ActionKind,
    Branch,
    Definition,
    Node,
    Pathway,
    Reassess,
    Select,
    StatusDeclaration,
    Withhold,
)


class Source(_Model):
    id: Id
    citation: str = Field(min_length=5)
    kind: Literal["seed", "journal", "guideline", "label", "textbook", "trial_registry", "web"]
    year: int | None = Field(None, ge=1900, le=2100)
    doi: str | None = None
    url: str | None = None
    seed_file: str | None = None
    note: str | None = None

    def unstated(self, link: str | None) -> str | None:
        """``link`` (the DOI or the URL) unless the citation already gives it: a reader sees each once."""
        return link if link and link not in " ".join(self.citation.split()) else None


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
    # given in cycles: a course marked current whose last dose is at least this many weeks before as_of has lapsed
    # and is due for its next cycle — read as a course stopped, its recorded outcome deciding (round-11 audit)
    redose_after_weeks: float | None = Field(None, gt=0, le=104)
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
    silently passes: it becomes a warning that names the missing facts. ``stop_if_current`` (an ``exclude``
    gate only) also stops a target the patient takes now, with the gate's message: for a gate whose reason
    applies to continuing the drug as much as to starting it. ``caps_dose`` (a gate) says its reason also holds a drug
    taken now at its dose: an under-dosed course of it is not "optimised" while the gate holds. ``ladders`` keeps a
    ranking rule to the ladders its evidence speaks for (a muscle-and-skin trial does not rank the ILD ladder).
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
    caps_dose: bool = False  # a gate whose reason also holds a drug taken now at its dose (reduce, do not raise)
    ladders: tuple[Id, ...] = ()  # prefer/promote only: the ladders it ranks (empty: every ladder)
    basis: Basis

    @model_validator(mode="after")
    def _effect_needs(self) -> Rule:
        if self.effect != "warn" and self.targets is None:
            raise ValueError(f"'targets' for effect {self.effect!r} (only 'warn' may apply to the patient as a whole)")
        if self.effect in ("prefer", "promote") and self.weight == 0:
            raise ValueError(f"a positive 'weight' for effect {self.effect!r}")
        if self.ladders and self.effect not in ("prefer", "promote"):
            raise ValueError("'ladders' only on a 'prefer' or 'promote' rule (a gate or a caution applies on every "
                             "ladder)")
        if self.stop_if_current and (self.kind, self.effect) != ("gate", "exclude"):
            raise ValueError("'stop_if_current' only on a gate with effect 'exclude' (a caution or a preference never "
                             "stops a drug)")
        if self.caps_dose and self.kind != "gate":
            raise ValueError("'caps_dose' only on a gate (a tailoring rule says nothing of a dose)")
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
