"""An MRI older than the regimen it would judge.

Step 1 asks whether the disease is active *now*, on the regimen taken now. Muscle oedema seen (or not seen) on an
MRI done before the current steroid-sparing course began describes the disease before that course, so it cannot
say whether the course failed. Its oedema is therefore read as unknown: the second examination orders a new MRI,
and the answer says why. The fatty replacement it shows stands, because damage does not go away. The repeat
biopsy is handled the same way by its own field (``biopsy.repeat``). Round-18 audit: an MRI of 2021 decided
"active" for a course begun in 2026, and another decided "damage".
"""

from __future__ import annotations

import datetime as dt

from decision.patient.model import Patient
from decision.recommendation import BasisView, Warning

_BASIS = BasisView(("lundberg_2021",), "expert_opinion", "expert_opinion", "opinion", True,
                   "Lundberg's second diagnostic examination judges activity on the current regimen; reading an "
                   "MRI from before that regimen as unknown is our reading.")


def regimen_start(kb, patient: Patient) -> dt.date | None:
    """When the newest steroid-sparing course taken now began: its start date, or as_of less its weeks."""
    starts = []
    for c in patient.therapies:
        if not c.current or c.drug not in kb.lookups.non_gc_ids:
            continue
        if c.start is not None:
            starts.append(c.start)
        elif patient.as_of is not None and c.weeks is not None:
            starts.append(patient.as_of - dt.timedelta(weeks=c.weeks))
    return max(starts) if starts else None


def stale_mri(kb, patient: Patient) -> dt.date | None:
    """The start of the regimen the recorded MRI oedema predates, or ``None`` when the MRI is not older."""
    mri = patient.mri
    if mri is None or mri.date is None or mri.oedema is None:
        return None
    start = regimen_start(kb, patient)
    return start if start is not None and mri.date < start else None


def set_aside_stale_mri(kb, patient: Patient) -> tuple[Patient, Warning | None]:
    """The patient with an MRI's oedema read as unknown when the MRI predates the current regimen, and the caution
    that says so and what to do instead (``None`` when the MRI is not older)."""
    start = stale_mri(kb, patient)
    if start is None or patient.mri is None:
        return patient, None
    mri = patient.mri
    seen = "showed oedema" if mri.oedema else "showed no oedema"
    caution = Warning("mri_before_regimen", "caution",
                      f"The muscle MRI of {mri.date} {seen}, but it was done before the current regimen began "
                      f"(about {start}): it cannot say whether that regimen is working, so its oedema is not read "
                      "as today's activity.", (), _BASIS,
                      "Repeat the muscle MRI (STIR/T2) on the current regimen: where activity or damage is still "
                      "open it helps settle it, and otherwise it is the new baseline.",
                      (), {"mri.date": str(mri.date), "mri.oedema": mri.oedema})
    return patient.model_copy(update={"mri": mri.model_copy(update={"oedema": None})}), caution
