"""decision.labels: every patient field and every value has words, written once."""

from __future__ import annotations

from typing import get_args

from decision.labels import FIELD_LABELS, antibody_label, field_label, question, value_label
from decision.patient.facts import CATALOGUE
from decision.patient.model import Antibody


def test_every_field_has_an_explicit_label_and_a_question_without_codes():
    for name in CATALOGUE:
        if name.endswith((".value", ".xuln")):
            continue
        assert name in FIELD_LABELS, name
        assert "_" not in field_label(name) and "_" not in question(name), name


def test_every_value_reads_as_words():
    for name, spec in CATALOGUE.items():
        for choice in spec.choices:
            assert "_" not in value_label(name, choice), (name, choice)
    assert value_label("diagnosis.subtype", "asys") == "antisynthetase syndrome"
    assert value_label("pregnancy.status", "not_applicable") == "cannot become pregnant"
    assert value_label("treatment_naive", True).startswith("no")  # the question asks "has had treatment?"
    assert value_label("failed_line", 0.0) == "none yet"  # never "Treatment line that failed: 0"
    assert value_label("failed_line", 2.0) == "second line"
    for name in get_args(Antibody):
        assert antibody_label(name).startswith("anti-") and "_" not in antibody_label(name)


def test_indexed_and_derived_fields_have_labels():
    assert field_label("therapies[2].drug") == field_label("therapies.drug")
    assert field_label("hbv_exposed") == "Hepatitis B exposure"
