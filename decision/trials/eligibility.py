"""``eligibility(kb_or_trials, patient)``: each trial's criteria judged for one patient, three-valued.

Tools that screen patients for trials tend to read a missing datum as "not met" (TrialGPT's prompt, OHDSI
Circe's closed world), which over-rejects: at pre-screening more than half the needed values are usually
unknown. Here *unknown* is an answer of its own and names what would settle it. Per trial the verdict is

* **not eligible** — with every criterion that fails (an inclusion not met, or an exclusion present);
* **possibly eligible** — nothing fails but some criteria are unknown (each with the datum that settles it),
  or an adjudication committee must decide;
* **eligible** — every criterion the record can answer passes; the site still checks ``site_checks``.

A completed trial is judged the same way and reported as "would have qualified" (useful context: ProDERM is
why IVIG is labelled for dermatomyositis). Pure functions, no I/O: the same call serves CLI, app and tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Literal

from decision.errors import PatientInputError, Problem
from decision.patient.facts import compute_facts
from decision.patient.model import Patient, parse_patient
from decision.trials.facts import compute_trial_facts
from decision.trials.loader import Trials, fact_catalogue, load_trials
from decision.trials.logic import describe, run
from decision.trials.models import OPEN_STATUSES, STATUS_TEXT, Criterion, Trial

Verdict = Literal["eligible", "possibly_eligible", "not_eligible"]
VERDICT_TEXT = {"eligible": "eligible", "possibly_eligible": "possibly eligible", "not_eligible": "not eligible"}
COMPLETED_TEXT = {"eligible": "would have qualified", "possibly_eligible": "might have qualified",
                  "not_eligible": "would not have qualified"}


@dataclass(frozen=True)
class CriterionResult:
    id: str
    kind: Literal["inclusion", "exclusion"]
    text: str
    rule: str
    status: Literal["met", "not_met", "unknown"]  # the truth of the criterion's condition
    outcome: Literal["passes", "fails", "unknown", "adjudication"]  # what it means for eligibility
    used: tuple[tuple[str, Any], ...]
    missing: tuple[str, ...]
    asks: tuple[str, ...]  # patient fields that would settle it
    settle: str
    source: str
    note: str | None = None


@dataclass(frozen=True)
class TrialResult:
    trial_id: str
    registry_id: str
    title: str
    status: str
    status_as_of: str
    completed: bool
    verdict: Verdict
    verdict_text: str
    screening_date: str | None
    criteria: tuple[CriterionResult, ...]
    site_checks: tuple[str, ...]

    @property
    def failed(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.outcome == "fails")

    @property
    def unknown(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.outcome in ("unknown", "adjudication"))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for c in out["criteria"]:
            c["used"] = dict(c["used"])
            c["missing"] = list(c["missing"])
            c["asks"] = list(c["asks"])
        out["failed"] = [c.id for c in self.failed]
        out["unknown"] = [c.id for c in self.unknown]
        out["site_checks"] = list(self.site_checks)
        return out


@lru_cache(maxsize=1)
def _bundled_kb():
    from decision.kb.loader import load

    return load()


@lru_cache(maxsize=1)
def bundled_trials() -> Trials:
    return load_trials()


def patient_facts(kb, patient: Patient, on: dt.date | None = None,
                  base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The walker's facts (``base`` when the walk already computed them) plus the trial facts (``None`` = unknown)."""
    if base is None:
        from decision.walk.walker import context_for

        base = compute_facts(context_for(kb, patient))
    return {**base, **compute_trial_facts(patient, on, base)}


def eligibility(kb_or_trials=None, patient: Patient | dict[str, Any] | None = None, *,
                trials: Trials | None = None, on: dt.date | None = None,
                base: Mapping[str, Any] | None = None) -> tuple[TrialResult, ...]:
    """Judge every trial for ``patient``; the first argument is a knowledge base or a :class:`Trials`.

    ``on`` is the screening date that washout and "within N months" windows count to (default: the patient's
    ``as_of``). Bad input raises :class:`~decision.errors.PatientInputError` naming every bad field.
    """
    trials, facts, when = _prepared(kb_or_trials, patient, trials, on, base)
    return tuple(judge(t, facts, when) for t in trials.trials)


def _prepared(kb_or_trials, patient, trials: Trials | None, on: dt.date | None,
              base: Mapping[str, Any] | None) -> tuple[Trials, dict[str, Any], dt.date | None]:
    """The trials to judge, the patient's facts and the screening date, after checking the input."""
    if patient is None:
        raise PatientInputError([Problem("(patient)", "a patient mapping or Patient", "nothing")])
    patient = parse_patient(patient)
    if isinstance(kb_or_trials, Trials):
        trials, kb = kb_or_trials, _bundled_kb()
    else:
        kb = kb_or_trials if kb_or_trials is not None else _bundled_kb()
        trials = trials or bundled_trials()
    unknown_drugs = [Problem(f"therapies[{i}].drug", "a therapy id of the knowledge base", repr(c.drug))
                     for i, c in enumerate(patient.therapies) if c.drug not in kb.therapies]
    if unknown_drugs:
        raise PatientInputError(unknown_drugs)
    return trials, patient_facts(kb, patient, on, base), on or patient.as_of


def judge(trial: Trial, facts: dict[str, Any], when: dt.date | None = None) -> TrialResult:
    """One trial against already computed facts."""
    results = [_criterion(c, "inclusion", facts) for c in trial.inclusion]
    results += [_criterion(c, "exclusion", facts) for c in trial.exclusion]
    verdict = _verdict([r.outcome for r in results])
    text = (COMPLETED_TEXT if trial.completed else VERDICT_TEXT)[verdict]
    return TrialResult(
        trial.id, trial.registry_id, trial.title, STATUS_TEXT[trial.status], trial.status_as_of, trial.completed,
        verdict, text, when.isoformat() if when else None, tuple(results),
        tuple(s.text for s in trial.site_checks))


Outcome = Literal["passes", "fails", "unknown", "adjudication"]
OPEN: frozenset[str] = frozenset({"unknown", "adjudication"})  # outcomes that leave the verdict open


def _verdict(outcomes: list[Outcome]) -> Verdict:
    if "fails" in outcomes:
        return "not_eligible"
    return "possibly_eligible" if any(o in OPEN for o in outcomes) else "eligible"


def _outcome(c: Criterion, kind: Literal["inclusion", "exclusion"], value: bool | None) -> Outcome:
    """What the truth of a criterion's condition means for eligibility."""
    if value is None:
        return "unknown"
    if kind == "inclusion":
        return "passes" if value else ("adjudication" if c.if_not_met == "adjudication" else "fails")
    return "fails" if value else "passes"


def _open_criteria(trial: Trial, facts: dict[str, Any]) -> list[tuple[Criterion, Outcome, Any]] | None:
    """Each criterion with its outcome and evaluation, in order; ``None`` at the first that fails (the verdict
    is then 'not eligible' whatever the rest say, and a lead needs nothing more)."""
    judged: list[tuple[Criterion, Outcome, Any]] = []
    for kind, criteria in _sides(trial):
        for c in criteria:
            ev = run(c.condition, facts)
            outcome = _outcome(c, kind, ev.value)
            if outcome == "fails":
                return None
            judged.append((c, outcome, ev))
    return judged


def _sides(trial: Trial) -> tuple[tuple[Literal["inclusion", "exclusion"], tuple[Criterion, ...]], ...]:
    return ("inclusion", tuple(trial.inclusion)), ("exclusion", tuple(trial.exclusion))


def _asks(missing: tuple[str, ...]) -> tuple[str, ...]:
    """The patient fields that would settle these unknown facts (the catalogue is fixed: worked out once)."""
    asks = _ASKS.get(missing)
    if asks is None:
        catalogue = fact_catalogue()
        fields: dict[str, None] = {}
        for name in missing:
            spec = catalogue.get(name)
            fields.update(dict.fromkeys(spec.asks() if spec else (name,)))
        if len(_ASKS) >= 10_000:
            _ASKS.clear()
        asks = _ASKS[missing] = tuple(fields)
    return asks


_ASKS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _criterion(c: Criterion, kind: Literal["inclusion", "exclusion"], facts: dict[str, Any]) -> CriterionResult:
    ev = run(c.condition, facts)
    status: Literal["met", "not_met", "unknown"] = "unknown" if ev.value is None else "met" if ev.value else "not_met"
    return CriterionResult(c.id, kind, c.text, describe(c.condition), status, _outcome(c, kind, ev.value), ev.used,
                           ev.missing, _asks(ev.missing), c.settle, c.source, c.note)


@dataclass(frozen=True)
class TrialLead:
    """A "consider a clinical trial" lead for a refractory walk; never ranked above the ladder's therapies."""

    trial_id: str
    registry_id: str
    title: str
    verdict: Verdict
    text: str
    open_questions: tuple[str, ...]


LEAD_STATUSES = frozenset({"refractory_active"})
#: Trials a patient may be referred to: enrolling or about to, or of unknown status (the lead says to check).
LEAD_TRIAL_STATUSES = OPEN_STATUSES | {"unknown"}


def trial_leads(trials: Trials | None, patient: Patient | dict[str, Any], status_code: str, *, kb=None,
                on: dt.date | None = None, base: Mapping[str, Any] | None = None) -> tuple[TrialLead, ...]:
    """Leads for a walk that ended in refractory disease: trials the patient is or may be eligible for.

    Only trials that may still enrol (recruiting, not yet recruiting, or of unknown status) are leads; each says
    its status *as of* the date it was read and asks the reader to check the registry. Nothing for any other
    status, or when every trial is ruled out.
    """
    if status_code not in LEAD_STATUSES:
        return ()
    bundle = trials or bundled_trials()
    bundle, facts, _ = _prepared(kb if kb is not None else bundle, patient, bundle, on, base)
    leads = []
    for trial in bundle.trials:  # the verdict and its open questions only: a lead shows no criteria table
        if trial.completed or trial.status not in LEAD_TRIAL_STATUSES:
            continue  # a patient can be referred only to a trial that may still enrol
        judged = _open_criteria(trial, facts)
        if judged is None:  # a criterion fails: not a lead
            continue
        verdict = _verdict([o for _, o, _ in judged])
        questions = tuple(dict.fromkeys(q for c, o, ev in judged if o in OPEN for q in (_asks(ev.missing)
                                                                                         or (c.settle,))))
        text = (f"Consider a clinical trial: {trial.registry_id} ({trial.title}) — {VERDICT_TEXT[verdict]}; status "
                f"{STATUS_TEXT[trial.status]} as of {trial.status_as_of}; check the registry before referring.")
        leads.append(TrialLead(trial.id, trial.registry_id, trial.title, verdict, text, questions))
    return tuple(leads)
