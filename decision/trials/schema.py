"""JSON Schema of a trial file, generated from the models so the published schema cannot drift."""

from __future__ import annotations

from typing import Any

from decision.trials.models import TrialFile


def trials_schema() -> dict[str, Any]:
    schema = TrialFile.model_json_schema()
    schema["title"] = "myositis-cds trial or pipeline file (algorithms/trials/)"
    return schema
