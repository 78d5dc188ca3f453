"""Malformed patient input: the library raises only PatientInputError, the CLI exits 2, the field or file:line named.

Every case in :data:`cases.PATIENT_CASES` goes through the library (``read_patient``) and through the CLI's
``main`` in-process; the most hostile ones also through ``python -m decision.cli`` in a subprocess under
hard CPU and memory limits (see :mod:`limits`).
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

import decision.cli as cli
from decision.errors import PatientInputError, bounded_repr
from decision.patient.files import read_patient
from decision.patient.model import parse_patient

from .cases import PATIENT_CASES
from .limits import run_cli

IDS = [c[0] for c in PATIENT_CASES]
HOSTILE = {"billion-laughs", "recursive-alias", "deep-flow", "deep-block", "huge-integer", "oversize", "json-deep",
           "json-huge-integer", "too-many-values", "inf-lab-value", "impossible-date", "binary-tag"}


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_the_table_is_large_enough():
    assert len(PATIENT_CASES) >= 60 and len(set(IDS)) == len(IDS)


@pytest.mark.parametrize(("cid", "name", "text", "fragment"), PATIENT_CASES, ids=IDS)
def test_library_raises_patient_input_error_with_its_message(cid, name, text, fragment):
    with pytest.raises(PatientInputError) as info:
        read_patient(text, name)
    assert fragment in str(info.value)


@pytest.mark.parametrize(("cid", "name", "text", "fragment"), PATIENT_CASES, ids=IDS)
def test_cli_exits_2_with_the_message_and_writes_nothing(cid, name, text, fragment, tmp_path, capsys, monkeypatch,
                                                          kb):
    monkeypatch.setattr("decision.kb.loader.load", lambda path=None: kb)
    path = _write(tmp_path, name, text)
    assert cli.main(["recommend", str(path)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert fragment in out.err and "Traceback" not in out.err
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(("cid", "name", "text", "fragment"), [c for c in PATIENT_CASES if c[0] in HOSTILE],
                         ids=sorted(HOSTILE, key=IDS.index))
def test_cli_subprocess_fails_fast_and_small(cid, name, text, fragment, tmp_path):
    result = run_cli("recommend", str(_write(tmp_path, name, text)))
    assert result.returncode == 2, result.stderr[-500:]
    assert "Traceback" not in result.stderr and fragment in result.stderr


def _nested(depth):
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def _recursive():
    value: list = []
    value.append(value)
    return value


class _Hostile:
    def __repr__(self):
        raise RuntimeError("a repr that fails")


# Mappings handed straight to the library (a form, a notebook, a batch job): no text, no reader.
DIRECT = [
    ("deep-list", {"label": _nested(5000)}, "nesting at most 32 levels deep"),
    ("recursive-list", {"label": _recursive()}, "nesting at most 32 levels deep"),
    ("huge-int", {"age": 10 ** 5000}, "age: expected a number of plausible size; found <an integer of about"),
    ("infinity", {"labs": {"ck": {"value": math.inf, "uln": 200}}}, "labs.ck.value: expected a finite number"),
    ("nan", {"age": math.nan}, "age: expected a finite number"),
    ("object", {"label": _Hostile()}, "label: expected a plain value"),
    ("bytes", {"label": b"x"}, "label: expected a plain value"),
    ("string-number", {"age": "45"}, "age: expected a valid number"),
    ("int-date", {"as_of": 20240101}, "as_of: expected a valid date"),
    ("datetime", {"as_of": dt.datetime(2024, 1, 1, 10)}, "as_of: expected a valid date"),
    ("many-values", {"label": list(range(30_000))}, "at most 20,000 values"),
    ("not-a-mapping", [1, 2], "expected a mapping of patient fields; found list"),
]


@pytest.mark.parametrize(("cid", "data", "fragment"), DIRECT, ids=[c[0] for c in DIRECT])
def test_library_refuses_hostile_mappings_without_crashing(cid, data, fragment):
    with pytest.raises(PatientInputError) as info:
        parse_patient(data)
    assert fragment in str(info.value)


def test_dates_and_sets_from_a_form_are_still_accepted():
    patient = parse_patient({"as_of": dt.date(2024, 1, 2), "mri": {"date": "2023-12-01"},
                             "therapies": ({"drug": "methotrexate", "weeks": 12, "current": True},)})
    assert patient.as_of == dt.date(2024, 1, 2) and patient.mri.date == dt.date(2023, 12, 1)


@pytest.mark.parametrize("value", [_nested(3000), 10 ** 5000, _recursive(), _Hostile(), "x" * 10_000,
                                   {i: i for i in range(10_000)}],
                         ids=["deep", "huge-int", "recursive", "hostile-repr", "long-text", "big-dict"])
def test_bounded_repr_never_raises_and_stays_short(value):
    assert len(bounded_repr(value)) <= 80
