"""What a trial file in ``algorithms/trials/`` may say, declared once (frozen, unknown keys rejected).

A trial is identity (registry id, sponsor, phase, intervention, and its status *with the date that status was
read from its source*: statuses change), the trial's own definition of refractory or active disease, and
each inclusion and exclusion criterion as a condition over declared patient facts, with a paraphrase, the
seed or section it comes from and what would settle it when the data are missing. What no patient record can
answer (consent, an adjudication committee, "other protocol-defined criteria") is listed as ``site_checks``
and never counted for or against the patient. The pipeline file is the seed 004 table as data.
The published JSON Schema (``schemas/trials.schema.json``) is generated from these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from decision.kb.models import When  # conditions are the knowledge base's own, parsed the same way

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
#: A date as precise as the source gives it: 2022, 2022-03 or 2022-03-28.
SourceDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


def _date_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


Status = Literal["not_yet_recruiting", "recruiting", "active_not_recruiting", "completed", "terminated",
                 "withdrawn", "unknown"]
STATUS_TEXT = {
    "not_yet_recruiting": "not yet recruiting", "recruiting": "recruiting",
    "active_not_recruiting": "active, not recruiting", "completed": "completed", "terminated": "terminated",
    "withdrawn": "withdrawn", "unknown": "unknown (not verified recently)",
}
OPEN_STATUSES = frozenset({"not_yet_recruiting", "recruiting"})


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Citation(_Model):
    id: Id
    citation: str = Field(min_length=5)
    seed_file: str | None = None
    date: Annotated[SourceDate | None, BeforeValidator(_date_text)] = None
    note: str | None = None


class Criterion(_Model):
    """One criterion. For an exclusion, the condition describes the excluding finding (true = excluded)."""

    id: Id
    text: str = Field(min_length=5, description="a paraphrase of the criterion, not the registry's wording")
    source: str = Field(min_length=3, description="seed and section (or measures.md section) it comes from")
    condition: When
    settle: str = Field(min_length=5, description="the test or datum that decides it when unknown")
    if_not_met: Literal["fails", "adjudication"] = Field(
        "fails", description="inclusion only: 'adjudication' when the trial's committee decides instead")
    note: str | None = Field(None, description="an interpretation this encoding chose ([O]) or an ambiguity")


class SiteCheck(_Model):
    id: Id
    text: str = Field(min_length=5)
    source: str = Field(min_length=3)


class Trial(_Model):
    id: Id
    registry_id: str = Field(pattern=r"^(NCT\d{8}|EudraCT[\d-]+)$")
    other_ids: tuple[str, ...] = ()
    acronym: str | None = None
    title: str = Field(min_length=10)
    sponsor: str
    phase: str = Field(description="as the registry gives it, e.g. '3' or 'early 1'")
    intervention: str
    design: str | None = None
    status: Status
    status_as_of: Annotated[SourceDate, BeforeValidator(_date_text)]
    status_source: str = Field(description="the citation id the status was read from")
    status_note: str | None = None
    definition: str = Field(description="the trial's own refractory or active-disease definition, paraphrased")
    sources: tuple[Citation, ...] = Field(min_length=1)
    inclusion: tuple[Criterion, ...]
    exclusion: tuple[Criterion, ...] = ()
    site_checks: tuple[SiteCheck, ...] = ()

    @model_validator(mode="after")
    def _ids_unique_and_cited(self) -> Trial:
        if not self.inclusion:
            raise ValueError("at least one inclusion criterion")
        ids = [c.id for c in (*self.inclusion, *self.exclusion)] + [s.id for s in self.site_checks]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"unique criterion ids within a trial; repeated: {', '.join(twice)}")
        if self.status_source not in {s.id for s in self.sources}:
            raise ValueError(f"status_source to name one of the trial's sources; found {self.status_source!r}")
        if any(c.if_not_met != "fails" for c in self.exclusion):
            raise ValueError("if_not_met only on inclusion criteria")
        return self

    @property
    def completed(self) -> bool:
        return self.status in ("completed", "terminated", "withdrawn")


PipelineGroup = Literal["completed_published", "completed_unpublished", "terminated", "in_process", "novel_agent",
                        "fcrn", "ibm"]
GROUP_TEXT = {
    "completed_published": "completed, published", "completed_unpublished": "completed, unpublished",
    "terminated": "terminated", "in_process": "in process", "novel_agent": "novel agent (RCT)",
    "fcrn": "FcRn blocker (named, no trial listed)", "ibm": "inclusion body myositis",
}


class PipelineEntry(_Model):
    agent: str
    mechanism: str
    group: PipelineGroup
    sponsor: str | None = None
    phase: str | None = None
    disease: str | None = None
    route: str | None = None
    registry_ids: tuple[str, ...] = ()
    reference: str | None = None
    note: str | None = Field(None, description="what the source got wrong or left unclear")


class Pipeline(_Model):
    source: str
    source_date: Annotated[SourceDate, BeforeValidator(_date_text)]
    source_date_note: str
    entries: tuple[PipelineEntry, ...] = Field(min_length=1)


class TrialFile(_Model):
    """One YAML file in ``algorithms/trials/``: a trial, or the pipeline."""

    trial: Trial | None = None
    pipeline: Pipeline | None = None
