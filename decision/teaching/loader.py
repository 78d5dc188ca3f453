"""Read and check the teaching cases: YAML → frozen :class:`Case` models, every problem named with file:line.

Cases are checked against the knowledge base they teach: each question names a decision node that exists,
each teaching point cites a source the knowledge base lists, and each stage's patient passes the same patient
validation the clinic uses. All problems are collected before one :class:`CaseError` is raised.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from decision.errors import DecisionError, PatientInputError, Problem, problems_from_validation
from decision.patient.model import parse_patient
from decision.reader import read_yaml
from decision.teaching.models import SPECIAL_ASKS, Case
from decision.teaching.staging import stage_patients

CASES_DIR = Path(__file__).resolve().parents[2] / "cases"


class CaseError(DecisionError):
    """A teaching case is malformed or no longer matches the knowledge base: for the case authors."""

    audience = "teaching cases"


def default_cases_path() -> Path:
    """The bundled cases: the checkout's ``cases/`` or the installed package data."""
    if CASES_DIR.is_dir():
        return CASES_DIR
    return Path(str(resources.files("decision") / "cases"))


def _where(fname: str, lines: dict, path: tuple) -> str:
    for n in range(len(path), -1, -1):
        if path[:n] in lines:
            return f"{fname}:{lines[path[:n]]}"
    return fname


def _parse(path: Path, problems: list[Problem]) -> Case | None:
    data, lines, found = read_yaml(path.read_text(encoding="utf-8"), path.name)
    problems.extend(found)
    if found:
        return None
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        for err, prob in zip(exc.errors(include_url=False), problems_from_validation(exc), strict=True):
            problems.append(Problem(f"{_where(path.name, lines, tuple(err['loc']))} ({prob.where})",
                                    prob.expected, prob.found))
        return None


def check_against_kb(kb, case: Case, fname: str) -> list[Problem]:
    """Cross-references: decision nodes, sources, teaching-point anchors, panel items and staged patients."""
    out: list[Problem] = []
    asks = {(i + 1, a) for i, s in enumerate(case.stages) for a in s.ask}
    for stage, ask in sorted(asks):
        node = kb.nodes.get(ask)
        if ask not in SPECIAL_ASKS and (node is None or node.kind != "decision"):
            out.append(Problem(f"{fname}: stages[{stage - 1}].ask", f"a decision node id or one of {SPECIAL_ASKS}",
                               repr(ask)))
    for i, tp in enumerate(case.teaching_points):
        for src in tp.sources:
            if src not in kb.sources:
                out.append(Problem(f"{fname}: teaching_points[{i}].sources", "a source id from sources.yaml", src))
        if tp.at is not None and tp.at not in {a for _, a in asks}:
            out.append(Problem(f"{fname}: teaching_points[{i}].at", "a question the case asks", repr(tp.at)))
    for i, item in enumerate(case.panel):
        if (item.stage, item.ask) not in asks:
            out.append(Problem(f"{fname}: panel[{i}]", "a stage and question the case asks",
                               f"stage {item.stage}, {item.ask}"))
    for i, patient in enumerate(stage_patients(case)):
        try:
            parse_patient(patient)
        except PatientInputError as exc:
            out += [Problem(f"{fname}: stage {i + 1} patient {p.where}", p.expected, p.found) for p in exc.problems]
    return out


def load_cases(kb, path: str | Path | None = None) -> dict[str, Case]:
    """All cases in ``path`` (a folder of ``*.yaml`` or one file), keyed by id, checked against ``kb``."""
    root = Path(path) if path else default_cases_path()
    files = sorted(root.glob("*.yaml")) if root.is_dir() else [root]
    if not files:
        raise CaseError([Problem(str(root), "at least one case file (*.yaml)", "none")])
    problems: list[Problem] = []
    cases: dict[str, Case] = {}
    for f in files:
        case = _parse(f, problems)
        if case is None:
            continue
        if case.id in cases:
            problems.append(Problem(f.name, "a case id used once", f"{case.id} again"))
        if f.stem != case.id:
            problems.append(Problem(f.name, f"the file named after the case id ({case.id}.yaml)", f.name))
        problems += check_against_kb(kb, case, f.name)
        cases[case.id] = case
    if problems:
        raise CaseError(problems)
    return cases
