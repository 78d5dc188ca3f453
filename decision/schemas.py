"""JSON Schemas generated from the models, so the published schemas cannot drift from the code."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, create_model

from decision.kb.models import FileKinds
from decision.patient.model import patient_schema

__all__ = ["algorithm_schema", "patient_schema"]


def algorithm_schema() -> dict[str, Any]:
    """Schema of one YAML file in ``algorithms/`` (each file carries some of the top-level sections)."""
    fields: dict[str, Any] = {}
    for key, model in FileKinds.keys.items():
        annotation = list[model] if key in FileKinds.lists else model  # type: ignore[valid-type]
        fields[key] = (annotation | None, None)
    model = create_model("KnowledgeBaseFile", __config__=ConfigDict(extra="forbid"), **fields)
    schema = model.model_json_schema()
    schema["title"] = "myositis-cds knowledge-base file"
    return schema


