"""Facts that trial criteria need and the walker does not: windows in months, background regimens, BMI.

Trial rules count time ("rituximab in the 6 months prior", "diagnosed within 2 years of a cancer"), so
these facts need a reference date: the screening date passed to :func:`decision.trials.eligibility`, else the
patient's ``as_of``. Without one, every date-based fact is unknown and names ``as_of`` as what to ask. As in
:mod:`decision.patient.facts`, each fact is a small pure function that returns ``None`` when its inputs are
unknown and declares the patient fields it reads; it only counts and compares, the rules live in the YAML.

Choices made here, shown to the user through each fact's description:

* months are calendar months (15 January to 15 July is exactly 6.0), so a washout boundary is exact;
* a course that is ``current`` was taken 0 months ago; otherwise its last dose, or else its start plus its
  weeks, dates it;
* a drug absent from a non-empty therapy list was never taken (the list is the treatment history).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from decision.patient.facts import FactSpec, Kind
from decision.patient.model import Patient, TherapyCourse

#: IM101-611 background immunosuppressants (seed 002); NCT04946669 adds cyclophosphamide (seed 003).
BACKGROUND_IS = frozenset({"methotrexate", "azathioprine", "mycophenolate_mofetil", "tacrolimus", "cyclosporine"})
STANDARD_IS = BACKGROUND_IS | {"cyclophosphamide", "methotrexate_azathioprine"}
GLUCOCORTICOIDS = frozenset({"glucocorticoids", "pulse_methylprednisolone"})
OTHER_BIOLOGICS = frozenset({"abatacept", "tnf_inhibitor"})
IMMUNOGLOBULIN = frozenset({"ivig"})
NOT_IMMUNOSUPPRESSIVE = frozenset({"hydroxychloroquine", "topical_glucocorticoid", "topical_calcineurin_inhibitor",
                                   "photoprotection", "exercise_rehabilitation", "nintedanib"})


@dataclass(frozen=True)
class Ctx:
    patient: Patient
    on: dt.date | None
    base: Mapping[str, Any] = field(default_factory=dict)  # the walker's facts for this patient


@dataclass(frozen=True)
class TrialFact:
    spec: FactSpec
    compute: Callable[[Ctx], Any]


TRIAL_FACTS: dict[str, TrialFact] = {}


def fact(name: str, kind: Kind, description: str, inputs: tuple[str, ...], unit: str | None = None,
         choices: tuple[Any, ...] = ()):
    def register(fn: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        TRIAL_FACTS[name] = TrialFact(FactSpec(name, kind, description, choices, unit, None, inputs, True), fn)
        return fn

    return register


def compute_trial_facts(patient: Patient, on: dt.date | None, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    ctx = Ctx(patient, on or patient.as_of, base or {})
    return {name: f.compute(ctx) for name, f in TRIAL_FACTS.items()}


# --- dates --------------------------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months (clamped to the month's last day: 31 Jan + 1 = 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_between(earlier: dt.date, later: dt.date) -> float:
    """Calendar months from ``earlier`` to ``later`` (negative if reversed), rounded to 4 decimals."""
    if later < earlier:
        return -months_between(later, earlier)
    whole = (later.year - earlier.year) * 12 + later.month - earlier.month
    if _add_months(earlier, whole) > later:
        whole -= 1
    anchor, following = _add_months(earlier, whole), _add_months(earlier, whole + 1)
    return round(whole + (later - anchor).days / (following - anchor).days, 4)


def _since(ctx: Ctx, when: dt.date | None) -> float | None:
    return None if when is None or ctx.on is None else months_between(when, ctx.on)


def _course_end(c: TherapyCourse) -> dt.date | None:
    if c.last_dose is not None:
        return c.last_dose
    if c.start is not None and c.weeks is not None:
        return c.start + dt.timedelta(weeks=c.weeks)
    return None


def _months_since_drugs(ctx: Ctx, drugs: Iterable[str]) -> float | None:
    courses = [c for c in ctx.patient.therapies if c.drug in set(drugs)]
    if any(c.current for c in courses):
        return 0.0
    if not courses or ctx.on is None:
        return None
    ends = [_course_end(c) for c in courses]
    if any(e is None for e in ends):
        return None
    return min(months_between(e, ctx.on) for e in ends if e is not None)


_WINDOW = ("therapies", "as_of")
_NOTE = " (calendar months to the screening date; 0 while current; unknown if never taken)"


@fact("months_since_rituximab", "number", "months since the last rituximab" + _NOTE, _WINDOW, "months")
def _rtx(ctx: Ctx):
    return _months_since_drugs(ctx, {"rituximab"})


@fact("months_since_other_biologic", "number", "months since the last biologic other than rituximab (abatacept, "
      "TNF inhibitor)" + _NOTE, _WINDOW, "months")
def _bio(ctx: Ctx):
    return _months_since_drugs(ctx, OTHER_BIOLOGICS)


@fact("months_since_immunoglobulin", "number", "months since the last IVIG or SCIG" + _NOTE, _WINDOW, "months")
def _ig(ctx: Ctx):
    return _months_since_drugs(ctx, IMMUNOGLOBULIN)


_HISTORY = ("therapies", "treatment_naive")


@fact("drugs_ever", "set", "therapies ever taken (unknown when no history is recorded)", _HISTORY)
def _ever(ctx: Ctx):
    p = ctx.patient
    if p.therapies or p.treatment_naive:
        return frozenset(c.drug for c in p.therapies)
    return None


@fact("drugs_current", "set", "therapies taken now (unknown when no history is recorded)", _HISTORY)
def _now(ctx: Ctx):
    p = ctx.patient
    if p.therapies or p.treatment_naive:
        return frozenset(c.drug for c in p.therapies if c.current)
    return None


def _with_history(ctx: Ctx, name: str):
    p = ctx.patient
    return ctx.base.get(name) if p.therapies or p.treatment_naive or p.assessments else None


def _outcomes(ctx: Ctx, name: str):
    """A history set that an unrecorded outcome could still add to: unknown while an immunosuppressant course has
    no outcome (stated or judged) and neither set holds an immunosuppressant already — "not failed" is never read
    from a course whose outcome nobody recorded (measures.md section 6: an unknown is never "not met")."""
    known = _with_history(ctx, name)
    if known is None:
        return None
    failed = ctx.base.get("failed_drugs") or frozenset()
    settled = failed | (ctx.base.get("intolerant_drugs") or frozenset())
    outside = NOT_IMMUNOSUPPRESSIVE | GLUCOCORTICOIDS
    unsettled = any(c.outcome is None and c.drug not in settled | outside for c in ctx.patient.therapies)
    if unsettled and not settled - outside:
        return None
    return known


@fact("history_failed_drugs", "set", "therapies that failed (stated, or judged from the assessments); unknown when "
      "no history is recorded, or while an immunosuppressant's outcome is unrecorded and none is known to have "
      "failed or not been tolerated", ("therapies", "assessments"))
def _h_failed(ctx: Ctx):
    return _outcomes(ctx, "failed_drugs")


@fact("history_intolerant_drugs", "set", "therapies stopped for intolerance; unknown when no history is recorded, "
      "or while an immunosuppressant's outcome is unrecorded and none is known to have failed or not been tolerated",
      ("therapies",))
def _h_intolerant(ctx: Ctx):
    return _outcomes(ctx, "intolerant_drugs")


# --- glucocorticoids and background immunosuppression ---------------------------------------------------


def _gc_current(p: Patient) -> bool | None:
    if any(c.drug in GLUCOCORTICOIDS and c.current for c in p.therapies):
        return True
    dose = p.glucocorticoid.prednisone_mg_day
    if dose is not None:
        return dose > 0
    return False if p.therapies or p.treatment_naive else None


@fact("glucocorticoid_current", "bool", "taking glucocorticoids now (a current course or a prednisone dose above 0)",
      ("therapies", "glucocorticoid.prednisone_mg_day"))
def _gc_now(ctx: Ctx):
    return _gc_current(ctx.patient)


@fact("glucocorticoid_ever", "bool", "ever treated with glucocorticoids",
      ("therapies", "glucocorticoid.prednisone_mg_day"))
def _gc_ever(ctx: Ctx):
    p = ctx.patient
    if any(c.drug in GLUCOCORTICOIDS for c in p.therapies) or _gc_current(p):
        return True
    return False if p.therapies or p.treatment_naive else None


def _current_courses(p: Patient) -> list[TherapyCourse]:
    return [c for c in p.therapies if c.current and c.drug not in NOT_IMMUNOSUPPRESSIVE]


@fact("background_regimen", "enum", "current IIM treatment: glucocorticoid only, one of methotrexate, azathioprine, "
      "mycophenolate, tacrolimus or cyclosporine only, the two together, none, or other (anything else, or two "
      "immunosuppressants)", ("therapies", "glucocorticoid.prednisone_mg_day"),
      choices=("none", "glucocorticoid_only", "immunosuppressant_only", "glucocorticoid_plus_immunosuppressant",
               "other"))
def _background(ctx: Ctx):
    p = ctx.patient
    gc = _gc_current(p)
    courses = [c for c in _current_courses(p) if c.drug not in GLUCOCORTICOIDS]
    if gc is None:
        return None
    if any(c.drug not in BACKGROUND_IS for c in courses) or len(courses) > 1:
        return "other"
    if courses:
        return "glucocorticoid_plus_immunosuppressant" if gc else "immunosuppressant_only"
    return "glucocorticoid_only" if gc else "none"


def _weeks_on(c: TherapyCourse, on: dt.date | None) -> float | None:
    if c.weeks is not None:
        return c.weeks
    if c.start is not None and on is not None:
        return round((on - c.start).days / 7, 4)
    return None


def _min_known(values: list[float | None]) -> float | None:
    return None if not values or any(v is None for v in values) else min(v for v in values if v is not None)


@fact("background_weeks_on", "number", "shortest time on any current background drug (weeks; from 'weeks', else "
      "from 'start' to the screening date)", ("therapies",), "weeks")
def _bg_on(ctx: Ctx):
    return _min_known([_weeks_on(c, ctx.on) for c in _current_courses(ctx.patient)])


@fact("background_weeks_stable", "number", "shortest time at a stable dose of any current background drug",
      ("therapies",), "weeks")
def _bg_stable(ctx: Ctx):
    return _min_known([c.stable_dose_weeks for c in _current_courses(ctx.patient)])


def _aza(p: Patient) -> list[TherapyCourse]:
    return [c for c in p.therapies if c.current and c.drug == "azathioprine"]


@fact("azathioprine_weeks_on", "number", "weeks on the current azathioprine (unknown if none)", ("therapies",), "weeks")
def _aza_on(ctx: Ctx):
    return _min_known([_weeks_on(c, ctx.on) for c in _aza(ctx.patient)])


@fact("azathioprine_weeks_stable", "number", "weeks at a stable dose of the current azathioprine", ("therapies",),
      "weeks")
def _aza_stable(ctx: Ctx):
    return _min_known([c.stable_dose_weeks for c in _aza(ctx.patient)])


@fact("immunosuppressant_longest_weeks", "number", "longest course of methotrexate, azathioprine, mycophenolate, "
      "tacrolimus, cyclosporine or cyclophosphamide (when a course lacks its length, the longest known one is "
      "given only once it exceeds 12 weeks)", ("therapies",), "weeks")
def _is_longest(ctx: Ctx):
    weeks = [_weeks_on(c, ctx.on) for c in ctx.patient.therapies if c.drug in STANDARD_IS]
    known = [w for w in weeks if w is not None]
    if not weeks:
        return 0.0 if ctx.patient.therapies or ctx.patient.treatment_naive else None
    return max(known) if known and (len(known) == len(weeks) or max(known) > 12) else None


@fact("immunosuppressant_longest_stable_weeks", "number", "longest time at a stable dose of one of those "
      "immunosuppressants", ("therapies",), "weeks")
def _is_stable(ctx: Ctx):
    weeks = [c.stable_dose_weeks for c in ctx.patient.therapies if c.drug in STANDARD_IS]
    known = [w for w in weeks if w is not None]
    if not weeks:
        return 0.0 if ctx.patient.therapies or ctx.patient.treatment_naive else None
    return max(known) if known and (len(known) == len(weeks) or max(known) > 12) else None


@fact("immunosuppressants_current_count", "number", "how many of those immunosuppressants are taken now",
      ("therapies",))
def _is_count(ctx: Ctx):
    p = ctx.patient
    if not (p.therapies or p.treatment_naive):
        return None
    return float(sum(2 if c.drug == "methotrexate_azathioprine" else 1
                     for c in p.therapies if c.current and c.drug in STANDARD_IS))


@fact("prednisone_mg_per_kg", "number", "current prednisone-equivalent dose per kg body weight",
      ("glucocorticoid.prednisone_mg_day", "weight_kg"), "mg/kg/day")
def _pred_kg(ctx: Ctx):
    p = ctx.patient
    dose = p.glucocorticoid.prednisone_mg_day
    if dose == 0:
        return 0.0
    return None if dose is None or p.weight_kg is None else round(dose / p.weight_kg, 4)


# --- core set measures, diagnosis and activity ------------------------------------------------------------


@fact("mmt8_150", "number", "MMT-8 on the 0-150 scale (the patient's MMT-8 if scored out of 150, else the latest "
      "assessment's; a 0-80 score is not converted)", ("muscle.weakness.mmt8", "muscle.weakness.mmt8_max"), "points")
def _mmt150(ctx: Ctx):
    w = ctx.patient.muscle.weakness
    if w.mmt8 is not None and w.mmt8_max == 150:
        return w.mmt8
    latest = ctx.patient.assessments[-1] if ctx.patient.assessments else None
    if latest is not None and latest.mmt is not None and latest.mmt_max == 150:
        return latest.mmt
    return None


def _latest(name: str):
    def compute(ctx: Ctx):
        latest = ctx.patient.assessments[-1] if ctx.patient.assessments else None
        return None if latest is None else getattr(latest, name)

    return compute


for _name, _label, _unit in (("pga", "physician global activity", "cm"), ("ptga", "patient global activity", "cm"),
                             ("haq", "HAQ-DI", None), ("extramuscular", "extramuscular global activity", "cm")):
    fact(f"latest_{_name}", "number", f"{_label} at the latest dated assessment", ("assessments",), _unit)(
        _latest(_name))


@fact("biopsy_typical", "bool", "a muscle biopsy typical of IIM (inflammation, infiltrates, necrosis or "
      "perifascicular atrophy)", ("biopsy.inflammation", "biopsy.necrosis", "biopsy.endomysial_infiltrate"))
def _biopsy(ctx: Ctx):
    b = ctx.patient.biopsy
    signs = (b.inflammation, b.necrosis, b.endomysial_infiltrate, b.perimysial_perivascular_infiltrate,
             b.perifascicular_atrophy)
    if any(s is True for s in signs):
        return True
    if b.performed is False or (b.inflammation is False and b.necrosis is False):
        return False
    return None


@fact("months_since_myositis_diagnosis", "number", "months since myositis was diagnosed (from its date, else the "
      "disease duration)", ("diagnosis.date", "diagnosis.disease_duration_months", "as_of"), "months")
def _since_dx(ctx: Ctx):
    d = ctx.patient.diagnosis
    if d.date is not None and ctx.on is not None:
        return months_between(d.date, ctx.on)
    return d.disease_duration_months


for _what, _field in (("mri", "mri.date"), ("biopsy", "biopsy.date"), ("emg", "emg.date")):
    def _dated(ctx: Ctx, _what=_what):
        return _since(ctx, getattr(ctx.patient, _what).date)

    fact(f"months_since_{_what}", "number", f"months since the latest {_what.upper() if _what != 'biopsy' else _what}",
         (_field, "as_of"), "months")(_dated)


# --- cancer, thrombosis, body size ---------------------------------------------------------------------


@fact("cancer_ever", "bool", "a cancer now or in the past (or cancer-associated myositis)",
      ("cancer.history", "cancer.active", "diagnosis.subtype"))
def _cancer_ever(ctx: Ctx):
    p = ctx.patient
    if p.cancer.history or p.cancer.active or p.cancer.date is not None or p.diagnosis.subtype == "cam":
        return True
    return False if p.cancer.history is False else None  # no history: none now either


@fact("cancer_myositis_interval_years", "number", "years between the cancer and the myositis diagnoses (either "
      "order)", ("cancer.date", "diagnosis.date"), "years")
def _interval(ctx: Ctx):
    c, d = ctx.patient.cancer.date, ctx.patient.diagnosis.date
    return None if c is None or d is None else round(abs(months_between(c, d)) / 12, 4)


@fact("years_since_cancer", "number", "years since the latest cancer diagnosis (0 while active)",
      ("cancer.date", "cancer.active", "as_of"), "years")
def _since_cancer(ctx: Ctx):
    if ctx.patient.cancer.active:
        return 0.0
    months = _since(ctx, ctx.patient.cancer.date)
    return None if months is None else round(months / 12, 4)


@fact("venous_thrombosis_ever", "bool", "a deep vein thrombosis or pulmonary embolism ever",
      ("comorbidity.thrombosis_history", "comorbidity.venous_thrombosis_date"))
def _vte_ever(ctx: Ctx):
    c = ctx.patient.comorbidity
    if c.venous_thrombosis_date is not None:
        return True
    return False if c.thrombosis_history is False else None


@fact("months_since_venous_thrombosis", "number", "months since the latest DVT or pulmonary embolism",
      ("comorbidity.venous_thrombosis_date", "as_of"), "months")
def _since_vte(ctx: Ctx):
    return _since(ctx, ctx.patient.comorbidity.venous_thrombosis_date)


@fact("bmi", "number", "body-mass index from weight and height", ("weight_kg", "height_cm"), "kg/m²")
def _bmi(ctx: Ctx):
    p = ctx.patient
    return None if p.weight_kg is None or p.height_cm is None else round(p.weight_kg / (p.height_cm / 100) ** 2, 2)
