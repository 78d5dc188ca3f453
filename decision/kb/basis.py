"""The vocabulary every knowledge-base statement shares: ids, conditions, and the *basis* of a statement.

Rating scheme. Each recommendation carries a *basis*: source keys, a strength of recommendation and a
quality of evidence in GRADE terms, plus the confidence tag the clinical brief gave the fact (seed, confirmed,
partly confirmed, opinion). A fact the brief marks unconfirmed must be graded ``expert_opinion``; the loader
enforces it. Per-domain drug evidence uses the Cavagna 2017 grades (``***`` … ``!``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

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
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


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
