"""The patient: the validated input model (:mod:`.model`), reading patient files (:mod:`.files`) and the
derived clinical facts the pathway's conditions read (:mod:`.facts`)."""

from decision.patient.model import Patient, parse_patient, patient_schema

__all__ = ["Patient", "parse_patient", "patient_schema"]
