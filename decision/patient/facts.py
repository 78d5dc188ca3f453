"""Facts: the named, typed values that conditions in the knowledge base may test.

Conditions never reach into the patient model directly. They name *facts*, declared here once with their
kind (bool, number, enum, set), unit and the question that would obtain them, so the loader can check that a
condition names a real fact with a fitting operator, and the guided interview knows what to ask.

Two sorts of fact:

* **raw facts** are the patient's own scalar fields, by dotted path (``labs.ferritin``, ``mri.oedema``),
  generated from :class:`decision.patient.model.Patient`;
* **derived facts** summarise several inputs (weeks of adequate therapy, the highest line that failed,
  positive autoantibodies). Each is a small pure function that returns ``None`` when its inputs are unknown and
  declares which raw inputs it reads, so a missing derived fact can be traced back to the questions to ask.

Clinical judgement belongs in the YAML; derived facts only count, compare and look things up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from decision.patient.fact_specs import (  # noqa: F401  (re-exported: FactSpec and friends)
    FactSpec,
    Kind,
    _get,
    _raw_specs,
    unwrap_optional,
)
from decision.patient.model import Patient, TherapyCourse

# --- derived facts -----------------------------------------------------------------------------------

ANTISYNTHETASE = frozenset({"jo1", "pl7", "pl12", "ej", "oj", "ks", "zo", "yrs"})
DM_SUBTYPES = frozenset({"dm", "cadm", "jdm"})


@dataclass(frozen=True)
class Derived:
    spec: FactSpec
    compute: Callable[[FactContext], Any]


@dataclass(frozen=True)
class FactContext:
    """What a derived fact may look at: the patient and the knowledge-base lookups it needs."""

    patient: Patient
    therapy_lines: dict[str, int]  # therapy id -> its line on the muscle ladder (first ladder it appears in)
    antibody_thresholds: dict[str, float]
    non_gc_ids: frozenset[str] = field(default_factory=frozenset)  # steroid-sparing agents (add-ons excluded)
    min_weeks: float = 12  # the knowledge base's refractory_min_weeks (kb.lookups.min_weeks)
    add_on_ids: frozenset[str] = field(default_factory=frozenset)  # given at any line (IVIG): part of a regimen
    combinations: dict[str, frozenset[str]] = field(default_factory=dict)  # combination id -> its components
    redose_weeks: dict[str, float] = field(default_factory=dict)  # drug given in cycles -> its re-dosing interval

    def with_parts(self, drugs) -> frozenset[str]:
        """The drugs, with the components of every combination among them: taking methotrexate + azathioprine
        recorded as one course is taking each, and its failure is theirs (round-10 audit: methotrexate alone
        was offered after the combination failed)."""
        drugs = frozenset(drugs)
        return drugs.union(*(self.combinations[d] for d in drugs if d in self.combinations))

    @cached_property
    def regimen_ids(self) -> frozenset[str]:
        """The drugs whose response is judged: steroid-sparing agents and the add-ons given with them."""
        return self.non_gc_ids | self.add_on_ids

    @cached_property
    def judged(self):
        """The current regimen's outcome (stated, or from the assessments), computed once per patient."""
        from decision.walk.response import judged_outcome

        return judged_outcome(self)


_DERIVED: dict[str, Derived] = {}


def derived(name: str, kind: Kind, description: str, inputs: tuple[str, ...], choices: tuple = (),
            unit: str | None = None):
    def register(fn: Callable[[FactContext], Any]) -> Callable[[FactContext], Any]:
        _DERIVED[name] = Derived(FactSpec(name, kind, description, choices, unit, None, inputs, True), fn)
        return fn

    return register


def _positive(ctx: FactContext, *, confident: bool) -> frozenset[str] | None:
    abs_ = ctx.patient.autoantibodies
    if not abs_:
        return None
    out = set()
    for ab in abs_:
        if ab.result != "positive":
            continue
        threshold = ctx.antibody_thresholds.get(ab.name)
        weak = ab.intensity is not None and threshold is not None and ab.intensity < threshold
        if weak != confident:
            out.add(ab.name)
    # mi2 alpha/beta count as mi2
    if out & {"mi2_alpha", "mi2_beta"}:
        out.add("mi2")
    return frozenset(out)


@derived("antibodies", "set", "autoantibodies positive at a band intensity the laboratories agree on",
         ("autoantibodies",))
def _antibodies(ctx: FactContext):
    return _positive(ctx, confident=True)


@derived("antibodies_uncertain", "set",
         "autoantibodies reported positive but below the inter-laboratory agreement intensity",
         ("autoantibodies",))
def _antibodies_uncertain(ctx: FactContext):
    return _positive(ctx, confident=False)


@derived("antisynthetase", "bool", "antisynthetase syndrome (subtype or an anti-synthetase antibody)",
         ("diagnosis.subtype", "autoantibodies"))
def _antisynthetase(ctx: FactContext):
    if ctx.patient.diagnosis.subtype == "asys":
        return True
    abs_ = _positive(ctx, confident=True)
    if abs_ is not None and abs_ & ANTISYNTHETASE:
        return True
    if abs_ is None or ctx.patient.diagnosis.subtype is None:
        return None
    return False


@derived("dermatomyositis", "bool", "a dermatomyositis-spectrum subtype (DM, CADM, JDM)", ("diagnosis.subtype",))
def _dm(ctx: FactContext):
    st = ctx.patient.diagnosis.subtype
    return None if st is None else st in DM_SUBTYPES


def is_juvenile(p: Patient) -> bool | None:
    """A child now: current age under 18; with the age unknown, the JDM subtype, or the onset age (with the
    disease duration when onset was in childhood) say so.

    The one derivation of "juvenile" for the pathway, the doses and the response measures: an adult whose
    disease began in childhood is treated, dosed and measured as an adult."""
    if p.age is not None:
        return p.age < 18
    if p.diagnosis.subtype == "jdm":
        return True
    onset, months = p.diagnosis.onset_age, p.diagnosis.disease_duration_months
    if onset is not None and onset >= 18:
        return False
    if onset is not None and months is not None:  # the age now lies in [onset + duration, onset + 1 + duration)
        if onset + 1 + months / 12 <= 18:
            return True
        if onset + months / 12 >= 18:
            return False
    return None


@derived("juvenile", "bool", "a child now (age under 18; with the age unknown, JDM or onset under 18)",
         ("age", "diagnosis.subtype"))
def _juvenile(ctx: FactContext):
    return is_juvenile(ctx.patient)


@derived("juvenile_onset", "bool",
         "disease onset before 18 (onset age under 18, or age minus disease duration under 18; JDM subtype)",
         ("diagnosis.disease_duration_months", "diagnosis.onset_age", "diagnosis.subtype", "age"))
def _juvenile_onset(ctx: FactContext):
    """The onset age when given, else the age less the disease duration: an adult whose disease began at 9
    has juvenile onset, and an adult with only a duration recorded is not left unknown (IMACS scope)."""
    p = ctx.patient
    if p.diagnosis.onset_age is not None:
        return p.diagnosis.onset_age < 18
    if p.diagnosis.subtype == "jdm" or (p.age is not None and p.age < 18):
        return True
    if p.age is not None and p.diagnosis.disease_duration_months is not None:
        return p.age - p.diagnosis.disease_duration_months / 12 < 18
    return None


# Plausibility bounds, not clinical thresholds: outside them pregnancy is not asked about. Stated in the
# fact's description so the clinical-basis document shows them.
CHILDBEARING_AGE = (10, 60)


def _cannot_be_pregnant(p) -> bool:
    lo, hi = CHILDBEARING_AGE
    return (p.sex == "male" or p.pregnancy.status == "not_applicable"
            or (p.age is not None and (p.age < lo or p.age > hi)))


@derived("pregnant", "bool", f"pregnant now (not asked when male, or aged under {CHILDBEARING_AGE[0]} or over "
         f"{CHILDBEARING_AGE[1]}); a gestation recorded with no status counts as pregnant",
         ("pregnancy.status", "sex"))
def _pregnant(ctx: FactContext):
    p = ctx.patient
    if p.pregnancy.status is not None:
        return p.pregnancy.status == "pregnant"
    if _cannot_be_pregnant(p):
        return False
    return True if p.pregnancy.gestation_weeks is not None else None  # a gestation is a pregnancy (round-10 audit)


@derived("pregnancy_possible", "bool", "could become pregnant (female, or pregnancy status recorded, and not "
         "outside the age bounds above)", ("sex", "age", "pregnancy.status"))
def _pregnancy_possible(ctx: FactContext):
    p = ctx.patient
    if _cannot_be_pregnant(p):
        return False
    if p.pregnancy.status in ("pregnant", "not_pregnant") or p.sex == "female":
        return True
    return None


@derived("pregnancy_possible_soon", "bool", "pregnant, or trying to conceive",
         ("pregnancy.status", "pregnancy.plans", "sex"))
def _preg_soon(ctx: FactContext):
    pregnant = _pregnant(ctx)
    if pregnant:
        return True
    if _cannot_be_pregnant(ctx.patient):  # a man whose partner is trying: the paternal gates apply, not these
        return False
    p = ctx.patient
    plans = p.pregnancy.plans
    if plans == "trying":  # her own pregnancy only if she could carry it: with the sex unknown, ask
        return True if p.sex == "female" or p.pregnancy.status == "not_pregnant" else None
    if pregnant is False and plans in ("none", "future"):
        return False
    return None


@derived("hbv_exposed", "bool", "HBsAg or anti-HBc positive", ("hepatitis_b.hbsag", "hepatitis_b.anti_hbc"))
def _hbv(ctx: FactContext):
    hb = ctx.patient.hepatitis_b
    if "positive" in (hb.hbsag, hb.anti_hbc):
        return True
    if hb.hbsag == "negative" and hb.anti_hbc == "negative":
        return False
    return None


@derived("latent_tb_untreated", "bool", "latent TB test positive or indeterminate and not yet treated",
         ("tuberculosis.test",))
def _tb(ctx: FactContext):
    tb = ctx.patient.tuberculosis
    if tb.test == "negative":
        return False
    if tb.test in ("positive", "indeterminate"):
        return False if tb.treated else True
    return None


@derived("current_drugs", "set", "therapies currently taken", ("therapies",))
def _current(ctx: FactContext):
    return ctx.with_parts(c.drug for c in ctx.patient.therapies if c.current)


@derived("tried_drugs", "set", "therapies ever taken", ("therapies",))
def _tried(ctx: FactContext):
    return ctx.with_parts(c.drug for c in ctx.patient.therapies)


def _failed_set(ctx: FactContext) -> frozenset[str]:
    """Drugs stated to have failed, plus the current regimen when the assessments show it failed, plus a course
    stopped with only a partial response after an adequate trial (at least the refractory weeks, adequate dose,
    taken as prescribed): an insufficient response is a failure of its line whether the course goes on or not
    (brief §2; round-10 audit: three such courses read as "the first agent has not been tried yet")."""
    failed = {c.drug for c in ctx.patient.therapies if c.outcome == "failed"}
    failed |= {c.drug for c in ctx.patient.therapies if c.outcome == "partial" and not c.current
               and c.weeks is not None and c.weeks >= ctx.min_weeks and _adequate(c)}
    judged = ctx.judged
    if judged.how == "assessments" and judged.outcome == "failed":
        failed |= {c.drug for c in ctx.patient.therapies if c.current and c.drug in ctx.regimen_ids}
    return frozenset(failed)


@derived("failed_drugs", "set", "therapies that failed (stated, or judged from the assessments)",
         ("therapies", "assessments"))
def _failed(ctx: FactContext):
    return _failed_with_combinations(ctx)


def _failed_with_combinations(ctx: FactContext) -> frozenset[str]:
    """The failed drugs, with the parts of a failed combination, and a combination whose parts failed taken
    together now (two courses or one: the same regimen, the same line)."""
    failed = ctx.with_parts(_failed_set(ctx))
    now = frozenset(c.drug for c in ctx.patient.therapies if c.current)
    fair = failed - _failed_early_set(ctx)  # the combination failed only if each part had a fair trial (round-26
    # audit: an under-dosed azathioprine beside a failed methotrexate made the combination, a line-2 agent, failed)
    return failed | {combo for combo, parts in ctx.combinations.items() if parts <= fair & now}


@derived("thrombosis_history", "bool", "a previous venous or arterial thrombosis (stated, or a DVT or pulmonary "
         "embolism dated)", ("comorbidity.thrombosis_history",))  # the question to ask; a date answers it too
def _thrombosis_history(ctx: FactContext):
    """A dated DVT is a thrombosis history whatever the yes/no field says (round-11 audit: a DVT six weeks ago
    with the field unrecorded was asked about, and IVIG offered with no thrombosis line); a date with the field
    'no' is refused at the edge as a contradiction."""
    co = ctx.patient.comorbidity
    return True if co.venous_thrombosis_date is not None else co.thrombosis_history


@derived("cyclophosphamide_within_12_weeks", "bool",
         "cyclophosphamide stopped with its last dose less than 12 weeks before as_of", ("therapies", "as_of"))
def _cyclophosphamide_within_12_weeks(ctx: FactContext):
    """For the wait that counts from the last dose (a father-to-be after cyclophosphamide: ACR 2020). Unknown when a
    stopped course of it lacks its last dose, or as_of is not given — asked, never read as 'long ago' (round-12
    audit)."""
    as_of = ctx.patient.as_of
    stopped = [c for c in ctx.patient.therapies if not c.current and "cyclophosphamide" in ctx.with_parts({c.drug})]
    dated = [c.last_dose for c in stopped if c.last_dose is not None] if as_of is not None else []
    if as_of is not None and any((as_of - d).days < 84 for d in dated):
        return True
    return False if len(dated) == len(stopped) else None


@derived("cycle_last_dose_known", "bool", "every course of a drug given in cycles marked current has its last dose "
         "recorded (whether its cycle has lapsed can be told)", ("therapies",))
def _cycle_last_dose_known(ctx: FactContext):
    cycled = [c for c in ctx.patient.therapies if c.current and c.drug in ctx.redose_weeks]
    return True if all(c.last_dose for c in cycled) else None


@derived("cycle_as_of_known", "bool", "the date of this assessment is given, for a drug given in cycles marked current",
         ("as_of",))
def _cycle_as_of_known(ctx: FactContext):
    cycled = [c for c in ctx.patient.therapies if c.current and c.drug in ctx.redose_weeks]
    return True if ctx.patient.as_of is not None or not cycled else None


@derived("responded_before", "set", "therapies with a course that responded and was stopped, and no later failure "
         "or intolerance of them", ("therapies",))
def _responded_before(ctx: FactContext):
    """A drug that worked and was stopped (pregnancy, remission, a lapsed cycle) is an option again whatever line
    the patient has reached since (round-11 audit: it vanished from the answer once the line moved past it)."""
    worked = {c.drug for c in ctx.patient.therapies if not c.current and c.outcome == "responded"}
    return frozenset(worked - _failed_set(ctx) - {c.drug for c in ctx.patient.therapies if c.outcome == "intolerant"})


@derived("failed_now", "set", "therapies taken now whose current course failed (stated, or the regimen judged "
         "failed from the assessments)", ("therapies", "assessments"))
def _failed_now(ctx: FactContext):
    """A drug taken now is continued only if its own course has not failed: one recorded failed is the reason to
    change, not a plan to keep (round-11 audit: "continue IVIG" beside "IVIG: already failed")."""
    now = {c.drug for c in ctx.patient.therapies if c.current and c.outcome == "failed"}
    judged = ctx.judged
    if judged.how == "assessments" and judged.outcome == "failed":
        now |= {c.drug for c in ctx.patient.therapies if c.current and c.drug in ctx.regimen_ids}
    return ctx.with_parts(now)


@derived("partial_now", "set", "therapies taken now whose course responded only partly after an adequate trial (the "
         "refractory weeks, an adequate dose, taken as prescribed): an insufficient response", ("therapies",))
def _partial_now(ctx: FactContext):
    """An insufficient response after an adequate trial is a failure of the regimen (brief §2): what a node gives "if
    insufficient" follows it, as it follows a failure (round-27 audit: anti-HMGCR with IVIG partial at 24 weeks kept
    rituximab waiting)."""
    return ctx.with_parts(c.drug for c in ctx.patient.therapies if c.current and c.outcome == "partial"
                          and c.weeks is not None and c.weeks >= ctx.min_weeks and _adequate(c))


@derived("underdosed_now", "set", "therapies taken now recorded under-dosed or not taken as prescribed",
         ("therapies",))
def _underdosed_now(ctx: FactContext):
    """A course taken now without an adequate dose, or not taken as prescribed: whatever its outcome is labelled, it
    has had no adequate trial (brief §2), so it is no failure to move past and no reason to stop it."""
    return ctx.with_parts(c.drug for c in ctx.patient.therapies if c.current and not _adequate(c))


@derived("stopped_outcome_unknown", "set", "therapies taken before and stopped with no outcome recorded",
         ("therapies",))
def _stopped_unknown(ctx: FactContext):
    return frozenset(c.drug for c in ctx.patient.therapies
                     if not c.current and c.outcome is None and c.drug in ctx.regimen_ids)


@derived("partial_stopped", "set", "therapies stopped after responding only partly, never recorded as failed",
         ("therapies",))
def _partial_stopped(ctx: FactContext):
    """Read as failed (an insufficient response after an adequate trial), but said as it was recorded (round-36
    audit: an IVIG course recorded 'partial' was called 'already failed')."""
    failed = {c.drug for c in ctx.patient.therapies if c.outcome == "failed"}
    return frozenset(c.drug for c in ctx.patient.therapies
                     if not c.current and c.outcome == "partial" and c.drug not in failed)


@derived("intolerant_drugs", "set", "therapies stopped for intolerance", ("therapies",))
def _intolerant(ctx: FactContext):
    """Drugs stopped for intolerance — unless taken again now without it (oral methotrexate not tolerated,
    subcutaneous tolerated now: round-11 audit), alone or inside a combination taken now (round-26 audit: an old
    azathioprine intolerance dropped the azathioprine of a methotrexate + azathioprine course tolerated now)."""
    tolerated_now = ctx.with_parts(c.drug for c in ctx.patient.therapies if c.current and c.outcome != "intolerant")
    return frozenset(c.drug for c in ctx.patient.therapies if c.outcome == "intolerant") - tolerated_now


@derived("treated", "bool", "any immunosuppressive treatment so far", ("treatment_naive", "therapies"))
def _treated(ctx: FactContext):
    if ctx.patient.therapies:
        return True
    if ctx.patient.treatment_naive is not None:
        return not ctx.patient.treatment_naive
    return None


_NO_DATE = dt.date.min


def chronological(courses: list[TherapyCourse]) -> list[TherapyCourse]:
    """Courses from first to latest: by start date when every course has one, else in the order the file lists
    them (the file's order is the only evidence then). A history written newest first, with dates, reads the same
    as one written oldest first."""
    if courses and all(c.start is not None for c in courses):
        return sorted(courses, key=lambda c: c.start or _NO_DATE)  # every course is dated here
    return courses


def _adequate(c) -> bool:
    return c.adequate_dose is not False and c.adherent is not False


@derived("weeks_adequate_therapy", "number",
         "longest course of a steroid-sparing agent at adequate dose and adherence (current, failed, or stopped "
         "with only a partial response)", ("therapies",), unit="weeks")
def _weeks(ctx: FactContext):
    courses = [c for c in ctx.patient.therapies if c.drug in ctx.non_gc_ids and _adequate(c)
               and (c.current or c.outcome in ("failed", "partial"))]
    if not courses:
        return 0.0 if ctx.patient.therapies or ctx.patient.treatment_naive else None
    if any(c.weeks is None for c in courses):
        known = [c.weeks for c in courses if c.weeks is not None]
        return max(known) if known and max(known) >= ctx.min_weeks else None
    return max(c.weeks or 0.0 for c in courses)


@derived("new_agent_too_early", "bool",
         "a steroid-sparing agent taken now and not (yet) failed has had fewer weeks than a response is judged after",
         ("therapies",))
def _new_agent_too_early(ctx: FactContext):
    """After switching or adding, the response is judged after the refractory minimum of weeks (brief §4): an
    earlier failed drug does not make a regimen refractory while its newest agent is still early."""
    return _too_early(ctx, ctx.regimen_ids)


def _too_early(ctx: FactContext, drugs: frozenset[str]):
    """Whether one of these drugs, taken now and not (yet) failed, has had fewer than the refractory weeks."""
    failed = _failed_set(ctx) - _failed_early_set(ctx)  # an inadequate earlier course of it does not count:
    courses = [c for c in ctx.patient.therapies if c.current and c.drug in drugs  # the 12 weeks are the
               and c.outcome not in ("intolerant", "failed") and c.drug not in failed]  # course's (round 11)
    if any(c.weeks is not None and c.weeks < ctx.min_weeks for c in courses):
        return True
    return None if any(c.weeks is None for c in courses) else False


@derived("sparing_agent_too_early", "bool",
         "a steroid-sparing agent taken now and not (yet) failed has had fewer weeks than a response is judged "
         "after (add-ons such as IVIG not counted)", ("therapies",))
def _sparing_agent_too_early(ctx: FactContext):
    """Whether the steroid-sparing agent an emergency meets is still too early to judge: an add-on given with it
    (IVIG) is not that agent (round-21 audit: IVIG added 8 weeks ago made methotrexate at 20 weeks 'too early')."""
    return _too_early(ctx, ctx.non_gc_ids)


@derived("dose_not_adequate_now", "bool",
         "a steroid-sparing agent taken now is recorded as not at an adequate dose", ("therapies",))
def _dose_not_adequate_now(ctx: FactContext):
    """Whether the regimen taken now is under-dosed: its 12 weeks are judged at an adequate dose (brief §2)."""
    courses = [c for c in ctx.patient.therapies if c.current and c.drug in ctx.regimen_ids]
    if any(c.adequate_dose is False for c in courses):
        return True
    return None if any(c.adequate_dose is None for c in courses) else False


@derived("adherence_doubt", "bool", "the regimen taken now (or, with none, the latest course) marked non-adherent, "
         "or doubt recorded", ("therapies", "comorbidity.adherence_concern"))
def _adherence(ctx: FactContext):
    """Doubt about the regimen taken now — with none taken now, about the latest course. An earlier course taken
    irregularly is why that course did not count as a failure (``failed_early``), not a doubt about what came
    after it (round-10 audit: it blocked escalation for good, even with the doubt recorded as resolved and the
    drug taken now taken as prescribed)."""
    sparing = [c for c in ctx.patient.therapies if c.drug in ctx.non_gc_ids]
    courses = [c for c in sparing if c.current] or chronological(sparing)[-1:]
    if ctx.patient.comorbidity.adherence_concern or any(c.adherent is False for c in courses):
        return True
    if ctx.patient.comorbidity.adherence_concern is False:
        return False
    if courses and all(c.adherent for c in courses):
        return False
    return None


def _failed_early_set(ctx: FactContext) -> frozenset[str]:
    """Drugs stated to have failed only after a trial that was not adequate: fewer weeks than a response is
    judged after, a dose not adequate, or not taken as prescribed (brief §2: refractory needs at least 12 weeks at
    adequate dose). A drug that also failed an adequate course elsewhere in the history is not among them."""
    early: set[str] = set()
    adequate: set[str] = set()
    for c in ctx.patient.therapies:
        if c.outcome == "failed":
            short = c.weeks is not None and c.weeks < ctx.min_weeks
            (early if short or not _adequate(c) else adequate).update(ctx.with_parts({c.drug}))
    return frozenset(early - adequate)


@derived("early_now", "set", "therapies taken now whose course is not (yet) an adequate trial: under the refractory "
         "weeks, dose not adequate, or not taken as prescribed", ("therapies",))
def _early_now(ctx: FactContext):
    return ctx.with_parts(c.drug for c in ctx.patient.therapies if c.current and (
        (c.weeks is not None and c.weeks < ctx.min_weeks) or not _adequate(c)))


@derived("failed_early", "set",
         "therapies stated to have failed without an adequate trial (under the refractory weeks, dose not adequate, "
         "or not taken as prescribed): not restarted, and not counted as a failure of their line", ("therapies",))
def _failed_early(ctx: FactContext):
    return _failed_early_set(ctx)


@derived("failed_trial_unconfirmed", "set",
         "therapies stated to have failed whose trial is read as adequate with nothing recorded of the dose (neither "
         "the dose nor whether it was adequate)", ("therapies",))
def _failed_trial_unconfirmed(ctx: FactContext):
    """A failure is read as an adequate trial unless the record says otherwise (``failed_early``); where that
    reading rests on nothing recorded, the escalation it leads to says so (round-32 audit: methotrexate "failed",
    dose and adherence blank, went to line 2 with no word that an under-dosed course would be optimised instead).
    A recorded dose is the clinician's own reading of a fair trial, as in the reference scenarios; adherence not
    recorded is read as taken, as everywhere (``adherence_doubt`` is asked where it decides)."""
    failed = {c.drug for c in ctx.patient.therapies if c.outcome == "failed"} - _failed_early_set(ctx)
    confirmed = {c.drug for c in ctx.patient.therapies if c.outcome == "failed"
                 and (c.adequate_dose is True or c.dose is not None or c.dose_mg is not None)}
    return frozenset(failed - confirmed)


@derived("failed_weeks_unknown", "set", "therapies stated to have failed with no duration recorded", ("therapies",))
def _failed_weeks_unknown(ctx: FactContext):
    known = {c.drug for c in ctx.patient.therapies if c.outcome == "failed" and c.weeks is not None}
    return frozenset(c.drug for c in ctx.patient.therapies if c.outcome == "failed" and c.weeks is None) - known


@derived("failed_line", "number",
         "the highest line of the muscle ladder with a drug that failed an adequate trial (0: none failed)",
         ("therapies", "assessments"))
def _failed_line(ctx: FactContext):
    counted = _failed_with_combinations(ctx) - _failed_early_set(ctx)
    return float(max((ctx.therapy_lines.get(d, 0) for d in counted if d not in ctx.add_on_ids), default=0))


@derived("intolerance_latest", "bool", "the most recent steroid-sparing course was stopped for intolerance",
         ("therapies",))
def _intolerance_latest(ctx: FactContext):
    courses = [c for c in ctx.patient.therapies if c.drug in ctx.non_gc_ids]
    if not courses:
        return False if ctx.patient.therapies or ctx.patient.treatment_naive else None
    current = [c for c in courses if c.current and c.outcome != "intolerant"]
    if current:
        return False
    return chronological(courses)[-1].outcome == "intolerant"


@derived("intolerant_latest_drug", "set", "the drug of the most recent steroid-sparing course, when it was stopped "
         "for intolerance (empty otherwise)", ("therapies",))
def _intolerant_latest_drug(ctx: FactContext):
    if _intolerance_latest(ctx) is not True:
        return frozenset()
    return frozenset({chronological([c for c in ctx.patient.therapies if c.drug in ctx.non_gc_ids])[-1].drug})


@derived("response_undecided", "bool",
         "dated assessments on the regimen taken now leave the IMACS definition of improvement undecided",
         ("assessments",))
def _response_undecided(ctx: FactContext):
    judged = ctx.judged
    return judged.outcome is None and judged.doi is not None


@derived("regimen_outcome", "enum", "outcome of the current regimen: stated, or judged from the dated assessments",
         ("therapies", "assessments"), choices=("ongoing", "responded", "partial", "failed", "intolerant"))
def _regimen_outcome(ctx: FactContext):
    return ctx.judged.outcome


@derived("ck_raised", "bool", "CK above its upper limit of normal", ("labs.ck",))
def _ck_raised(ctx: FactContext):
    """The steroid-myopathy clue is a normal CK (brief §3.2): an ALT raised on methotrexate says nothing of it
    (round-38 audit)."""
    ck = ctx.patient.labs.ck
    return None if ck is None or ck.uln is None else ck.value > ck.uln


@derived("enzymes_raised", "bool", "any of CK, aldolase, LDH, ALT, AST above its upper limit of normal",
         ("labs.ck", "labs.ldh", "labs.aldolase", "labs.alt", "labs.ast"))
def _enzymes_raised(ctx: FactContext):
    labs = ctx.patient.labs
    values = [getattr(labs, n) for n in ("ck", "aldolase", "ldh", "alt", "ast")]
    known = [v for v in values if v is not None and v.uln is not None]
    if any(v.value > v.uln for v in known):
        return True
    if labs.ck is not None and labs.ck.uln is not None:
        return False  # CK normal and nothing measured is raised: normal as far as is known
    return None


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 6)


@derived("fvc_change", "number", "absolute change in FVC since the previous test (negative: a fall)",
         ("ild.fvc_percent", "ild.fvc_previous_percent"), unit="% predicted")
def _fvc_change(ctx: FactContext):
    return _change(ctx.patient.ild.fvc_percent, ctx.patient.ild.fvc_previous_percent)


@derived("dlco_change", "number", "absolute change in DLCO since the previous test (negative: a fall)",
         ("ild.dlco_percent", "ild.dlco_previous_percent"), unit="% predicted")
def _dlco_change(ctx: FactContext):
    return _change(ctx.patient.ild.dlco_percent, ctx.patient.ild.dlco_previous_percent)


@derived("ild_rapidly_progressive", "bool", "the ILD is rapidly progressive (worsening over days to weeks), as "
         "recorded; a lung recorded as not progressing, or with respiratory symptoms not worse, is not — unless a sign "
         "of worsening or a poor-prognosis marker is recorded",
         ("ild.rapidly_progressive",))
def _ild_rapidly_progressive(ctx: FactContext):
    """A recorded "no" to the broader question answers the narrower one: an ILD that is not progressing, or whose
    symptoms are not worse, is not rapidly progressive (round-26 audit: anti-MDA5 with a stable lung, its pace
    left blank, was held as a possible same-day emergency). What is recorded of the pace itself comes first."""
    ild = ctx.patient.ild
    if ild.rapidly_progressive is not None:
        return ild.rapidly_progressive
    if ild.present is False:
        return False
    if ild.present is True and (ild.progressing is False or ild.symptoms_worse is False) and not _lung_worse(ctx):
        return False  # only of an ILD known present (re-read: "not progressing" with its presence unrecorded
    # dropped the anti-MDA5 question whether the lung was ever assessed)
    return None


def _lung_worse(ctx: FactContext) -> bool:
    """Any sign recorded that the lung is worsening, or a poor-prognosis marker of anti-MDA5 ILD: then a "no" to one
    question does not settle the pace (round-27 audit: symptoms "not worse" beside a lung progressing on HRCT, with
    SpO2 88% and ground glass in every zone, dropped the same-day anti-MDA5 question). SpO2 itself is not read:
    no source we hold gives a threshold."""
    ild, labs = ctx.patient.ild, ctx.patient.labs
    fvc = _change(ild.fvc_percent, ild.fvc_previous_percent)
    dlco = _change(ild.dlco_percent, ild.dlco_previous_percent)
    return (True in (ild.progressing, ild.symptoms_worse, ild.hrct_progression, ild.ground_glass_all_zones)
            or (fvc is not None and fvc <= -5) or (dlco is not None and dlco <= -10)
            or (labs.ferritin is not None and labs.ferritin > 1000))


@derived("on_steroid_sparing", "bool", "a steroid-sparing agent is taken now", ("therapies", "treatment_naive"))
def _on_steroid_sparing(ctx: FactContext):
    if any(c.current and c.drug in ctx.non_gc_ids for c in ctx.patient.therapies):
        return True
    return False if ctx.patient.therapies or ctx.patient.treatment_naive else None


@derived("on_glucocorticoids", "bool", "glucocorticoids are taken now (a current course, or a daily dose above 0)",
         ("therapies", "glucocorticoid.prednisone_mg_day"))
def _on_glucocorticoids(ctx: FactContext):
    p = ctx.patient
    dose = p.glucocorticoid.prednisone_mg_day
    if (dose is not None and dose > 0) or any(c.current and c.drug in ("glucocorticoids", "pulse_methylprednisolone")
                                              for c in p.therapies):
        return True
    if dose == 0 or p.treatment_naive:
        return False
# --- issue 10: facts for the statin branch and the IMACS cancer window ----------------------------------------


@derived("antibodies_tested", "set", "autoantibodies tested, whatever the result", ("autoantibodies",))
def _antibodies_tested(ctx: FactContext):
    abs_ = ctx.patient.autoantibodies
    return None if not abs_ else frozenset(ab.name for ab in abs_)


@derived("years_since_onset", "number", "years since symptom onset (disease duration, or age minus onset age)",
         ("diagnosis.disease_duration_months", "diagnosis.onset_age", "age"), unit="years")
def _years_since_onset(ctx: FactContext):
    d = ctx.patient.diagnosis
    if d.disease_duration_months is not None:
        return round(d.disease_duration_months / 12, 3)
    if d.onset_age is not None and ctx.patient.age is not None:
        return max(0.0, ctx.patient.age - d.onset_age)
    return None


@derived("years_since_diagnosis", "number", "years since the diagnosis date, at as_of (the onset is at least as "
         "long ago)", ("diagnosis.date", "as_of"), unit="years")
def _years_since_diagnosis(ctx: FactContext):
    """A lower bound of the time since onset: a diagnosis dated 2012 places the onset outside the 3-year cancer
    screening window whatever the onset age, which may be unrecorded (round-15 audit)."""
    d, as_of = ctx.patient.diagnosis.date, ctx.patient.as_of
    if d is None or as_of is None:
        return None
    full = as_of.year - d.year - ((as_of.month, as_of.day) < (d.month, d.day))  # calendar years: three years to
    try:  # the day is 3, not 3.0007 (round-16 audit: exactly 3 years fell outside "within 3 years")
        anniversary = d.replace(year=d.year + full)
    except ValueError:  # 29 February in a year without one
        anniversary = d.replace(year=d.year + full, day=28)
    return round(full + (as_of - anniversary).days / 365.25, 3)


# --- the catalogue --------------------------------------------------------------------------------------

RAW: dict[str, FactSpec] = _raw_specs(Patient)
DERIVED: dict[str, FactSpec] = {name: d.spec for name, d in _DERIVED.items()}
CATALOGUE: dict[str, FactSpec] = {**RAW, **DERIVED}


# The raw facts' paths, split once and grouped by the patient's section they start from, so that a section the
# file leaves out is looked at once: (section, ((fact name, rest of the path, whether a lab value × ULN), ...)).
def _raw_groups() -> tuple[tuple[str, tuple[tuple[str, tuple[str, ...], bool], ...]], ...]:
    groups: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
    for name, spec in RAW.items():
        first, *rest = (spec.inputs[0] if spec.derived else name).split(".")
        groups.setdefault(first, []).append((name, tuple(rest), spec.derived))
    return tuple((first, tuple(members)) for first, members in groups.items())


_RAW_GROUPS = _raw_groups()
_DERIVED_PLAN = tuple((name, d.compute) for name, d in _DERIVED.items())


def compute_facts(ctx: FactContext) -> dict[str, Any]:
    """Every declared fact for this patient; ``None`` means unknown."""
    facts: dict[str, Any] = {}
    patient = ctx.patient
    for first, members in _RAW_GROUPS:
        section = getattr(patient, first)
        if section is None:  # as _get: a missing section on the way means unknown
            facts.update(dict.fromkeys(name for name, _, _ in members))
            continue
        for name, rest, ratio in members:
            obj: Any = section
            for part in rest:
                if obj is None:
                    break
                obj = getattr(obj, part)
            if ratio:  # LabValue × ULN
                facts[name] = None if obj is None or obj.uln is None else round(obj.value / obj.uln, 6)
            else:
                facts[name] = obj
    for name, compute in _DERIVED_PLAN:
        facts[name] = compute(ctx)
    return facts
