"""myositis-cds: computable decision support for refractory idiopathic inflammatory myopathy.

The library comes first; the CLI and the Streamlit app are thin views over it::

    >>> import decision
    >>> kb = decision.load()
    >>> rec = decision.recommend(kb, {"age": 45, "sex": "female", "diagnosis": {"subtype": "dm"}})
    >>> rec.status["code"] in {s for s in decision.STATUSES}
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

STATUSES = (
    "emergency", "pregnancy", "ibm", "initial_therapy", "intolerance", "not_yet_refractory",
    "second_examination_needed", "damage", "steroid_myopathy", "alternative_diagnosis", "refractory_active",
    "responding", "needs_information",
)

__all__ = [
    "DecisionError", "KnowledgeBase", "KnowledgeBaseError", "Patient", "PatientInputError", "Problem",
    "Recommendation", "STATUSES", "eligibility", "load", "parse_patient", "patient_schema", "recommend",
]
__version__ = "0.1.0"
