"""The file edge: every example parses and scores; every broken input raises exactly the problems it
declares; several problems are reported together."""

import datetime
from pathlib import Path

import pytest
import yaml

from decision.errors import PatientInputError
from decision.measures import (
    Assessment,
    CoreSet,
    parse_classification_input,
    parse_doi_input,
    parse_tis_input,
    render_text,
    score,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "measures").glob("*.yaml"))
BROKEN = sorted((Path(__file__).parent / "broken").glob("*.yaml"))


def _kinds(data: dict) -> list[str]:
    if "baseline" in data:
        return ["tis", "doi"]
    return ["classify"] if "biopsy_performed" in data else ["bohan_peter"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_scores_and_renders(path):
    data = yaml.safe_load(path.read_text())
    for kind in _kinds(data):
        result = score(kind, data)
        assert render_text(result).strip()
        assert result.to_dict() == score(kind, data).to_dict()


def _header(path: Path, key: str) -> list[str]:
    prefix = f"# {key}: "
    return [line[len(prefix):] for line in path.read_text().splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_every_broken_input_raises_exactly_its_declared_problems(path):
    [kind] = _header(path, "kind")
    with pytest.raises(PatientInputError) as err:
        score(kind, yaml.safe_load(path.read_text()))
    assert [str(p) for p in err.value.problems] == _header(path, "expect")


def test_all_problems_are_collected_before_raising():
    bad = {
        "population": "adults",
        "enzyme_method": "ratio",
        "comment": "unknown key",
        "baseline": {"pga": 11, "haq": -1, "mmt": 90, "mmt_max": 80, "ck": {"value": -1, "uln": 0}},
        "followup": {"ptga": "high", "aldolase": {"value": 5}},
    }
    with pytest.raises(PatientInputError) as err:
        parse_tis_input(bad)
    where = {p.where for p in err.value.problems}
    assert where == {"population", "enzyme_method", "comment", "baseline.pga", "baseline.haq", "baseline.mmt",
                     "baseline.ck.value", "baseline.ck.uln", "followup.ptga", "followup.aldolase.uln"}
    assert f"{len(where)} problems in the patient input" in str(err.value)


def test_followup_without_baseline_is_reported_with_other_problems():
    with pytest.raises(PatientInputError) as err:
        parse_doi_input({"followup": {"pga": 12}})
    assert [p.where for p in err.value.problems] == ["baseline", "followup.pga"]
    assert "followup given without baseline" in err.value.problems[0].expected


def test_not_a_mapping():
    with pytest.raises(PatientInputError) as err:
        parse_tis_input(None)
    assert err.value.problems[0].where == "(top level)"


def test_dates_make_assessments_and_are_optional():
    parsed = parse_tis_input({"population": "juvenile", "baseline": {"date": "2024-01-01", "pga": 5},
                              "followup": {"pga": 3}})
    assert isinstance(parsed.baseline, Assessment) and parsed.baseline.date == datetime.date(2024, 1, 1)
    assert type(parsed.followup) is CoreSet
    assert parsed.enzyme_method == "uln_range" and parsed.population == "juvenile"


def test_doi_accepts_the_shared_pair_file_without_population():
    parsed = parse_doi_input({"population": "adult", "enzyme_method": "relative", "baseline": {"pga": 5},
                              "followup": {"pga": 3}})
    assert parsed.baseline.pga == 5


def test_classification_unknown_and_yes_no_strings():
    parsed = parse_classification_input({"biopsy_performed": "yes", "anti_jo1": "Unknown", "gottron_sign": "no",
                                         "biopsy_rimmed_vacuoles": "yes"})
    assert parsed.biopsy_performed is True and parsed.anti_jo1 is None and parsed.gottron_sign is False
    assert parsed.biopsy_rimmed_vacuoles is True


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="expected one of tis, doi, classify, bohan_peter"):
        score("cdasi", {})


def test_core_set_fields_carry_descriptions_and_units():
    schema = CoreSet.model_json_schema()
    for name in ("pga", "ptga", "mmt", "mmt_max", "haq", "extramuscular", "ck"):
        field = schema["properties"][name]
        assert field.get("description") and field.get("unit"), name
    assert schema["additionalProperties"] is False


def test_findings_read_as_clinicians_write_them_and_reject_anything_else():
    with pytest.raises(PatientInputError) as err:
        parse_classification_input({"biopsy_performed": "unknown", "anti_jo1": "positive", "gottron_sign": 1,
                                    "heliotrope_rash": "Present"})
    assert [str(p) for p in err.value.problems] == [
        "biopsy_performed: expected yes or no (unknown is not allowed here); found 'unknown'",
        "gottron_sign: expected yes, no or unknown; found 1",
        "anti_jo1: expected yes, no or unknown; found 'positive'",
    ]


def test_wrong_shapes_are_named_in_clinical_terms():
    with pytest.raises(PatientInputError) as err:
        parse_tis_input({"population": "adult", "baseline": [6, 7], "followup": {"ck": 500}})
    assert [p.where for p in err.value.problems] == ["baseline", "followup.ck"]
    assert err.value.problems[1].expected.startswith("a mapping (value: ..., uln: ...")
