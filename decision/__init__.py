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

from decision.errors import DecisionError, KnowledgeBaseError, PatientInputError, Problem
from decision.kb.loader import KnowledgeBase, load
from decision.patient.model import Patient, parse_patient, patient_schema
from decision.recommendation import Recommendation
from decision.trials import eligibility
from decision.walk.walker import recommend

__all__ = [
    "DecisionError", "KnowledgeBase", "KnowledgeBaseError", "Patient", "PatientInputError", "Problem",
    "Recommendation", "eligibility", "load", "parse_patient", "patient_schema", "recommend",
]
__version__ = "0.1.0"
