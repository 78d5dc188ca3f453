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
    discordant: bool = False  # a stated outcome the assessments contradict

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
    """When the regimen taken now began: the latest start among its agents, a start not given being worked out
    from ``as_of`` and the course's weeks. ``None`` when some agent's start cannot be told."""
    p = ctx.patient
    starts = []
    for c in p.therapies:
        if not (c.current and c.drug in ctx.regimen_ids):
            continue
        if c.start is not None:
            starts.append(c.start)
        elif c.weeks is not None and p.as_of is not None:
            starts.append(p.as_of - dt.timedelta(weeks=c.weeks))
        else:
            return None
    return max(starts) if starts else None


def _on_regimen(ctx, start: dt.date | None) -> list | None:
    """The assessments that judge the regimen taken now: the last one on or before its start (the baseline it
    began from) and those after it. Without a start they are all of them when no other agent was ever taken,
    and ``None`` (they cannot be placed) when one was."""
    p = ctx.patient
    if start is None:
        earlier = [c for c in p.therapies if not c.current and c.drug in ctx.regimen_ids]
        return None if earlier else list(p.assessments)
    before = [a for a in p.assessments if a.date <= start]
    return before[-1:] + [a for a in p.assessments if a.date > start]


# A stated outcome the assessments contradict: (stated, judged from the assessments).
_DISCORDANT = {("failed", "responded"), ("partial", "responded"), ("responded", "failed")}


def judged_outcome(ctx) -> JudgedOutcome:
    """The stated outcome wins (the clinician sees more than the numbers); assessments that contradict it are
    shown beside it, with their DOI and TIS, so that the disagreement is seen before anyone acts on it."""
    p = ctx.patient
    current = [c for c in p.therapies if c.drug in ctx.regimen_ids and c.current]
    stated = [c.outcome for c in current if c.outcome not in (None, "ongoing")]
    if stated:
        # the least favourable stated outcome decides (a failed drug in a combination fails the regimen) — except
        # that a drug added later that worked, beside one that had not, is the regimen's answer now (round-11
        # audit: rituximab and IVIG added to a failed methotrexate, both working, read as a failed regimen)
        order = ("intolerant", "failed", "partial", "ongoing", "responded")
        worst = min(stated, key=order.index)
        said = f"stated by the clinician: {worst}"
        newest = chronological([c for c in current if c.outcome not in (None, "ongoing")])[-1]
        if worst in ("failed", "partial") and newest.outcome == "responded":
            worst, said = "responded", (f"stated by the clinician: {newest.drug}, the newest agent taken now, "
                                        "responded (an earlier agent taken now is marked as not enough on its own)")
        seen = _from_assessments(ctx)
        if (worst, seen.outcome) in _DISCORDANT:
            return JudgedOutcome(worst, "stated", f"{said} — but the assessments say "
                                 f"otherwise ({seen.explanation}); check which is right before acting on either",
                                 seen.doi, seen.tis, seen.weeks, discordant=True)
        return JudgedOutcome(worst, "stated", said)
    if not current:
        past = chronological([c for c in p.therapies if c.drug in ctx.regimen_ids])
        if past and past[-1].outcome == "responded":  # it worked and was stopped: the disease now is not its answer
            return JudgedOutcome(None, "unknown", f"no current steroid-sparing regimen; the last course "
                                 f"({past[-1].drug}) responded and was stopped")
        if past and past[-1].outcome:
            return JudgedOutcome(past[-1].outcome, "stated", f"stated for the last course: {past[-1].outcome}")
        return JudgedOutcome(None, "unknown", "no current steroid-sparing regimen")
    return _from_assessments(ctx)


def _from_assessments(ctx) -> JudgedOutcome:
    """The current regimen judged from the dated assessments made on it (IMACS DOI, with the TIS)."""
    p = ctx.patient
    start = _regimen_start(ctx)
    series = _on_regimen(ctx, start)
    if series is None:
        return JudgedOutcome(None, "unknown", "the assessments cannot be placed on the regimen taken now: give the "
                             "start date (or weeks and as_of) of its agents")
    if len(series) < 2:
        return JudgedOutcome(None, "unknown", "outcome not stated and fewer than two assessments on this regimen")
    first, last = series[0], series[-1]
    weeks = round((last.date - first.date).days / 7, 1)
    on_regimen = round((last.date - max(first.date, start or first.date)).days / 7, 1)  # the clock is the regimen's
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
    if on_regimen >= ctx.min_weeks:
        return JudgedOutcome("failed", "assessments",
                             f"IMACS definition of improvement not met after {on_regimen} weeks on this regimen "
                             f"({first.date} → {last.date}); TIS {tis.total:g}", doi, tis, weeks)
    return JudgedOutcome("ongoing", "assessments",
                         f"definition of improvement not yet met, but only {on_regimen} weeks on this regimen "
                         f"(at least {ctx.min_weeks:g} are needed to call failure)", doi, tis, weeks)
