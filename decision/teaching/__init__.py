"""Teaching mode: case-based, predict-then-reveal sessions for fellows, tied to the computable pathway.

Plain Python under the Streamlit pages and the ``teach`` CLI::

    >>> import decision
    >>> from decision import teaching
    >>> kb = decision.load()
    >>> cases = teaching.load_cases(kb)
    >>> len(cases) >= 24
    True
    >>> staged = teaching.stage_case(kb, cases["F-first-line-failure-mi2"])
    >>> [q.ask for q in staged.questions[0]][:2]
    ['check_activity', 'check_domain']

Cases never hold answers: :func:`stage_case` walks each stage and reads the key off the recommendation.
"""

from decision.teaching.check import check_cases, snapshot
from decision.teaching.loader import CaseError, load_cases
from decision.teaching.models import Case, case_schema
from decision.teaching.staging import Question, StagedCase, stage_case

__all__ = ["Case", "CaseError", "Question", "StagedCase", "case_schema", "check_cases", "load_cases", "snapshot",
           "stage_case"]
