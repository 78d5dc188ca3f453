"""Drugs given in cycles (rituximab): a course marked current whose last dose is past its re-dosing interval.

Such a course is a cycle that has lapsed, not an agent taken now that has not worked: the walk reads it as
stopped, so that its recorded outcome decides (round-11 audit), the answer says so, and where the lapse cannot
be told (no as_of, no last dose) it is asked rather than guessed (round-12 audit). Kept apart from the walker,
which calls these three steps in order.
"""

from __future__ import annotations

from dataclasses import replace

from decision.patient.model import Patient
from decision.recommendation import Warning
from decision.walk.rules import MissingBook, RuleOutcome, basis_view


def lapsed_cycles(kb, patient: Patient) -> list[tuple[int, float]]:
    """The courses marked current of a drug given in cycles whose last dose is at least its re-dosing interval
    before as_of: (index in therapies, weeks since the last dose)."""
    if patient.as_of is None:
        return []
    out = []
    for i, c in enumerate(patient.therapies):
        every = kb.lookups.redose_weeks.get(c.drug)
        if c.current and every and c.last_dose is not None:
            weeks = (patient.as_of - c.last_dose).days / 7
            if weeks >= every:
                out.append((i, round(weeks, 1)))
    return out


def lapsed_read_as_stopped(kb, patient: Patient) -> Patient:
    """Maintenance rituximab marked current, its last dose 30 weeks ago, is a cycle that has lapsed, not an agent
    taken now that has not worked (round-11 audit: the flare went on to cyclophosphamide while the same history
    written as a stopped course that responded gave 'rituximab now'). Read as stopped: its outcome decides."""
    lapsed = lapsed_cycles(kb, patient)
    if not lapsed:
        return patient
    courses = list(patient.therapies)
    for i, _ in lapsed:
        courses[i] = courses[i].model_copy(update={"current": False})
    return patient.model_copy(update={"therapies": courses})


def ask_when_cycles_lapse(kb, patient: Patient, book: MissingBook) -> None:
    """A drug given in cycles, marked current, whose lapse cannot be told (no as_of, or no last dose): ask, rather
    than read it as taken now (round-12 audit: a last dose two years ago with no as_of read as 'responding')."""
    for c in patient.therapies:
        every = kb.lookups.redose_weeks.get(c.drug)
        if not (c.current and every) or (patient.as_of is not None and c.last_dose is not None):
            continue
        facts = (("cycle_as_of_known",) if patient.as_of is None else ()) + (
            ("cycle_last_dose_known",) if c.last_dose is None else ())
        book.add(facts, "cycle", f"the date of this assessment (as_of) and of the last {kb.therapies[c.drug].name} "
                 f"dose: given in cycles, a last dose {every:g} weeks or more ago is a cycle that has lapsed, read "
                 "as stopped")


def cycles_lapsed(kb, patient: Patient, result: RuleOutcome) -> RuleOutcome:
    """Say that a course marked current was read as a lapsed cycle, and why."""
    said = []
    for i, weeks in lapsed_cycles(kb, patient):
        t = kb.therapies[patient.therapies[i].drug]
        said.append(Warning(
            "cycle_lapsed", "caution",
            f"{t.name} is marked as taken now, but its last dose was {weeks:g} weeks ago: it is given in cycles "
            f"({t.dose.text.strip()}). It is read here as a course whose cycle has lapsed — its recorded outcome "
            "decides whether the next cycle is the answer.", (t.id,), basis_view(t.dose.basis),
            "Record whether the last cycles worked (and the B-cell count); if they did, the next cycle may be all "
            "that is needed.", (), {"therapies": f"{t.id}: last dose {patient.therapies[i].last_dose}"}))
    return replace(result, warnings=(*said, *result.warnings)) if said else result
