"""myositis-cds: computable decision support for refractory idiopathic inflammatory myopathy.

The library comes first; the CLI and the Streamlit app are thin views over it::

    >>> import decision
    >>> kb = decision.load()
    >>> rec = decision.recommend(kb, {"age": 45, "sex": "female", "diagnosis": {"subtype": "dm"}})
    >>> rec.status.code in kb.statuses          # every status is declared once, with its severity, in the YAML
    True

``load()`` reads and checks the knowledge base in ``algorithms/``; ``recommend()`` is a pure function from
(knowledge base, patient state) to a :class:`Recommendation` carrying its full reasoning trace.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decision.errors import DecisionError, KnowledgeBaseError, PatientInputError, Problem
    from decision.kb.loader import KnowledgeBase, load
    from decision.patient.model import Patient, parse_patient, patient_schema
    from decision.recommendation import Recommendation
    from decision.trials import eligibility
    from decision.walk.walker import recommend

# Imported on first use (PEP 562), so that ``myositis-cds --help`` and a worker process that only needs one
# module do not pay for pydantic models and networkx they never touch.
_LAZY = {
    "DecisionError": "decision.errors", "KnowledgeBaseError": "decision.errors",
    "PatientInputError": "decision.errors", "Problem": "decision.errors",
    "KnowledgeBase": "decision.kb.loader", "load": "decision.kb.loader",
    "Patient": "decision.patient.model", "parse_patient": "decision.patient.model",
    "patient_schema": "decision.patient.model", "Recommendation": "decision.recommendation",
    "eligibility": "decision.trials", "recommend": "decision.walk.walker",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'decision' has no attribute {name!r}")


__all__ = [
    "DecisionError", "KnowledgeBase", "KnowledgeBaseError", "Patient", "PatientInputError", "Problem",
    "Recommendation", "eligibility", "load", "parse_patient", "patient_schema", "recommend",
]
__version__ = "0.1.0"
