"""Clinical trials: eligibility per criterion, three-valued, and the myositis trial pipeline as data.

A refractory patient is exactly the patient for whom "is there a trial?" is the next question. Trials live in
``algorithms/trials/`` as YAML (checked at load like the knowledge base); :func:`eligibility` judges each
criterion met / not met / unknown and names what would settle every unknown; :func:`trial_leads` turns that
into "consider a clinical trial" leads for a refractory walk.

    >>> import decision
    >>> results = decision.eligibility(decision.load(), {"age": 16})
    >>> [(r.registry_id, r.verdict) for r in results]
    [('NCT02971683', 'not_eligible'), ('NCT04946669', 'not_eligible'), ('NCT02728752', 'not_eligible')]
"""

from decision.trials.eligibility import (
    CriterionResult,
    TrialLead,
    TrialResult,
    bundled_trials,
    eligibility,
    judge,
    patient_facts,
    trial_leads,
)
from decision.trials.loader import Trials, fact_catalogue, load_trials

__all__ = [
    "CriterionResult", "TrialLead", "TrialResult", "Trials", "bundled_trials", "eligibility", "fact_catalogue",
    "judge", "load_trials", "patient_facts", "trial_leads",
]
