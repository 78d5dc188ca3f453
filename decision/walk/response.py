"""Has the current regimen failed? Said by the clinician, or judged from the patient's dated assessments.

Seed 003 defines treatment failure as the IMACS definition of improvement *not* met on the current regimen,
and the brief asks for at least 12 weeks of adequate therapy before calling a regimen refractory. When the
clinician has not typed an outcome, this module compares the first assessment made on the current
steroid-sparing regimen with the latest one: DOI met → responded; DOI not met after ≥12 weeks → failed;
anything shorter → ongoing. The computed DOI and TIS travel with the answer so the trace can show them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from decision.measures.doi import definition_of_improvement
from decision.measures.tis import total_improvement_score
from decision.patient.facts import chronological, is_juvenile
from decision.recommendation import ResponseJudgement


@dataclass(frozen=True)
class JudgedOutcome:
    outcome: str | None
    how: str  # "stated", "assessments", "unknown"
    explanation: str
    doi: Any = None
    tis: Any = None
    weeks: float | None = None

    def to_dict(self) -> ResponseJudgement:
        return {
            "outcome": self.outcome,
            "how": self.how,
            "explanation": self.explanation,
            "weeks_between_assessments": self.weeks,
            "doi": self.doi.to_dict() if self.doi is not None else None,
            "tis": self.tis.to_dict() if self.tis is not None else None,
        }


def _regimen_start(ctx) -> dt.date | None:
    starts = [c.start for c in ctx.patient.therapies
              if c.current and c.drug in ctx.regimen_ids and c.start is not None]
    return max(starts) if starts else None


def judged_outcome(ctx) -> JudgedOutcome:
    p = ctx.patient
    current = [c for c in p.therapies if c.drug in ctx.regimen_ids and c.current]
    stated = [c.outcome for c in current if c.outcome not in (None, "ongoing")]
    if stated:
        # the least favourable stated outcome decides (a failed drug in a combination fails the regimen)
        order = ("intolerant", "failed", "partial", "ongoing", "responded")
        worst = min(stated, key=order.index)
        return JudgedOutcome(worst, "stated", f"stated by the clinician: {worst}")
    if not current:
        past = chronological([c for c in p.therapies if c.drug in ctx.regimen_ids])
        if past and past[-1].outcome:
            return JudgedOutcome(past[-1].outcome, "stated", f"stated for the last course: {past[-1].outcome}")
        return JudgedOutcome(None, "unknown", "no current steroid-sparing regimen")
    start = _regimen_start(ctx)
    series = [a for a in p.assessments if start is None or a.date >= start]
    if len(series) < 2:
        return JudgedOutcome(None, "unknown", "outcome not stated and fewer than two assessments on this regimen")
    first, last = series[0], series[-1]
    weeks = round((last.date - first.date).days / 7, 1)
    doi = definition_of_improvement(first, last)
    tis = total_improvement_score(first, last, population="juvenile" if is_juvenile(p) else "adult")
    if doi.status == "indeterminate":
        return JudgedOutcome(None, "unknown", "the assessments do not settle the IMACS definition of improvement: "
                             + "; ".join(doi.notes[:2] or ("core set measures missing at one of the times",)),
                             doi, tis, weeks)
    if doi.met:
        return JudgedOutcome("responded", "assessments",
                             f"IMACS definition of improvement met between {first.date} and {last.date} "
                             f"({weeks} weeks); TIS {tis.total:g}", doi, tis, weeks)
    if weeks >= ctx.min_weeks:
        return JudgedOutcome("failed", "assessments",
                             f"IMACS definition of improvement not met after {weeks} weeks "
                             f"({first.date} → {last.date}); TIS {tis.total:g}", doi, tis, weeks)
    return JudgedOutcome("ongoing", "assessments",
                         f"definition of improvement not yet met, but only {weeks} weeks of assessments "
                         f"(at least {ctx.min_weeks:g} are needed to call failure)", doi, tis, weeks)
