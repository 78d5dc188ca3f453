"""Teaching cases as data: small frozen models, unknown keys rejected, validated once at the loader.

A case carries the story, the patient revealed in stages and the questions to ask — never the answers. The
answer key is computed by the walker from the staged patient, so a case cannot drift from the knowledge base:
``teach check`` compares the walker's answers with a committed snapshot and names every one that moved.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = str
# The questions a stage may ask besides a pathway decision node id.
THERAPY_CHOICE = "therapy_choice"  # rank up to three therapies
SAFETY_CHECKS = "safety_checks"  # tick the checks due before those therapies
SPECIAL_ASKS = (THERAPY_CHOICE, SAFETY_CHECKS)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stage(_Model):
    """One reveal: prose, the patient (whole on the first stage, a patch on later ones) and the questions."""

    title: str = Field(min_length=2)
    text: str = Field(min_length=2)
    patient: dict[str, Any] | None = None
    patch: dict[str, Any] | None = None
    ask: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_of(self) -> Stage:
        if self.patient is not None and self.patch is not None:
            raise ValueError("either 'patient' (the whole patient) or 'patch' (changes to the stage before), not both")
        if len(set(self.ask)) != len(self.ask):
            raise ValueError("each question once in 'ask'")
        return self


class TeachingPoint(_Model):
    text: str = Field(min_length=5)
    sources: tuple[Id, ...] = Field(min_length=1)
    at: str | None = None  # the question it belongs to (a node id, therapy_choice or safety_checks)


class PanelItem(_Model):
    """An expert panel's answers to one question (Script Concordance style): option → number of panellists."""

    stage: int = Field(ge=1)
    ask: str
    answers: dict[str, int] = Field(min_length=1)
    source: str = Field(min_length=3)  # who the panel was and when: a panel without provenance is not accepted


class Case(_Model):
    id: Id = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    title: str = Field(min_length=5)
    difficulty: Literal["foundation", "core", "advanced"]
    tags: tuple[str, ...] = Field(min_length=1)
    objectives: tuple[str, ...] = Field(min_length=1)
    story: str = Field(min_length=10)
    based_on: str | None = None  # the reference scenario or example patient the case follows
    stages: tuple[Stage, ...] = Field(min_length=1)
    teaching_points: tuple[TeachingPoint, ...] = Field(min_length=1)
    panel: tuple[PanelItem, ...] = ()

    @model_validator(mode="after")
    def _first_stage_whole(self) -> Case:
        if self.stages[0].patient is None:
            raise ValueError("the first stage needs 'patient' (later stages give a 'patch')")
        if any(s.patient is not None for s in self.stages[1:]):
            raise ValueError("only the first stage gives 'patient'; later stages give a 'patch'")
        return self


def case_schema() -> dict[str, Any]:
    """The published JSON Schema of a case file (schemas/case.schema.json is this, pinned by a test)."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "myositis-cds teaching case"
    return schema
