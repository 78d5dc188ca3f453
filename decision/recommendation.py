"""The answer the walker gives: plain frozen records that every view renders the same way.

One object, many views: the CLI's text/JSON/Markdown, the Streamlit pages and the exported handout all read
this. ``to_dict()`` is JSON-serialisable and stable (same input and knowledge base → byte-identical JSON).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from json.encoder import encode_basestring
from typing import Any, Protocol, TypedDict

DISCLAIMER = (
    "Decision support for clinicians, not a substitute for clinical judgement. Check every suggestion against "
    "its basis and the patient in front of you."
)


class _Reads(Protocol):
    @property
    def used(self) -> tuple[tuple[str, Any], ...]: ...


class Inputs(Mapping[str, Any]):
    """The patient facts a condition read (fact → value), worked out when first looked at.

    Every branch of every decision on the path records its inputs, for the trace; most answers (a batch row,
    the status, the next question) never read them. This reads like the ``dict`` it stands for, compares
    equal to it, and is serialised, copied and pickled as one."""

    __slots__ = ("_source", "_data")

    def __init__(self, source: _Reads) -> None:
        self._source: _Reads | None = source
        self._data: dict[str, Any] | None = None

    def _dict(self) -> dict[str, Any]:
        if self._data is None:
            assert self._source is not None
            self._data, self._source = dict(self._source.used), None
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())

    def __repr__(self) -> str:
        return repr(self._dict())

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (self._dict(),)


@dataclass(frozen=True)
class BasisView:
    sources: tuple[str, ...]
    strength: str
    evidence: str
    confidence: str
    expert_opinion: bool
    note: str | None = None

    def plain(self) -> BasisDict:
        return {"sources": self.sources, "strength": self.strength, "evidence": self.evidence,
                "confidence": self.confidence, "expert_opinion": self.expert_opinion, "note": self.note}


@dataclass(frozen=True)
class ActionView:
    id: str
    kind: str
    text: str
    basis: BasisView
    inputs: dict[str, Any]
    node: str
    therapy: str | None = None
    therapy_name: str | None = None
    line: int | None = None
    timing: str = "now"
    rank: int | None = None
    ranking: tuple[str, ...] = ()
    dose: str | None = None
    response_time: str | None = None
    monitoring: tuple[str, ...] = ()
    evidence_by_domain: dict[str, str] | None = None


    def details(self) -> list[tuple[str, str]]:
        """The labelled facts every view prints under an action (dose, timing, ranking, monitoring)."""
        rows = [("dose", self.dose), ("judge response", self.response_time),
                ("why this rank", "; ".join(self.ranking)), ("monitoring", "; ".join(self.monitoring))]
        return [(label, text) for label, text in rows if text]

    def timing_note(self) -> str:
        """'' for an action to take now, else e.g. 'if insufficient'."""
        return "" if self.timing == "now" else self.timing.replace("_", " ")


@dataclass(frozen=True)
class NotSuggested:
    therapy: str
    therapy_name: str
    reason: str
    by: str  # rule or node id
    basis: BasisView
    inputs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Warning:
    id: str
    severity: str  # contraindication, caution, screening_due
    message: str
    therapies: tuple[str, ...]
    basis: BasisView
    action_first: str | None = None
    missing: tuple[str, ...] = ()
    inputs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Missing:
    field: str
    question: str
    unit: str | None
    needed_at: str
    would_change: tuple[str, ...]


@dataclass(frozen=True)
class BranchTrace:
    label: str
    to: str
    condition: str
    outcome: str  # "true", "false", "unknown"
    inputs: Mapping[str, Any]  # Inputs: read when first looked at
    missing: tuple[str, ...]
    on_unknown: str = "continue"  # "hold": an unknown answer with a clue present stops escalation
    clues: dict[str, Any] | None = None  # for a held branch left unknown: the clues found (empty: none)


@dataclass(frozen=True)
class TraceStep:
    node: str
    kind: str
    step: str
    title: str
    question: str | None
    branches: tuple[BranchTrace, ...]
    taken: str | None
    taken_label: str | None
    note: str | None = None


class BasisDict(TypedDict):
    """A :class:`BasisView` as plain data, inside the plans below."""

    sources: tuple[str, ...]
    strength: str
    evidence: str
    confidence: str
    expert_opinion: bool
    note: str | None


class PanelDict(TypedDict):
    id: str
    text: str
    basis: BasisDict


class CancerScreeningPlan(TypedDict, total=False):
    """IMACS 2023 screening: whether it applies, the stratum (and what unknown features could raise it), the
    panels due, and the screening recorded so far."""

    applies: bool | None
    note: str
    stratum: str
    stratum_label: str
    could_be: str | None
    higher_risk_features: list[str]
    unknown_features: list[str]
    lower_risk_features: list[str]
    panels: list[PanelDict]
    screening_status: str | None
    basis: BasisDict


class RegimenStart(TypedDict):
    regimen: str
    name: str
    start_mg_day: list[float]
    calculation: str
    high_dose_weeks: str
    taper: str
    target: str
    basis: BasisDict


class GlucocorticoidPlan(TypedDict, total=False):
    """The starting plan of a named regimen with its alternatives, or what is missing to calculate it."""

    regimen: str
    name: str
    missing: list[str]
    note: str
    default: RegimenStart
    alternatives: list[RegimenStart]
    pulse: dict[str, Any]


class ResponseJudgement(TypedDict):
    """Has the current regimen failed: stated, or computed from the dated assessments (DOI and TIS)."""

    outcome: str | None
    how: str
    explanation: str
    weeks_between_assessments: float | None
    doi: dict[str, Any] | None
    tis: dict[str, Any] | None


@dataclass(frozen=True)
class Reassess:
    after: str
    back_to: str


@dataclass(frozen=True)
class Status:
    """Where the walk ended: the outcome's status code, how loudly to show it, and what it means."""

    code: str
    title: str
    explanation: str | None
    node: str
    reassess: Reassess | None
    severity: str  # urgent, caution, information, on_track (declared with the status in the YAML)
    domains: tuple[str, ...] = ()  # organ domains judged active (muscle, lung, skin, joints)


@dataclass(frozen=True)
class Held:
    """A question the walk would not pass: its answer could forbid or redirect escalation, and a clue says it might."""

    node: str
    question: str
    branch: str
    clues: dict[str, Any]
    ask: tuple[str, ...]  # the patient fields that would settle it


@dataclass(frozen=True)
class PreviewTherapy:
    therapy: str
    therapy_name: str
    line: int | None
    timing: str


@dataclass(frozen=True)
class Preview:
    """What would most likely follow once the open questions are answered. Not a suggestion yet."""

    assumes: tuple[str, ...]  # the answers assumed, in words
    status: str
    title: str
    therapies: tuple[PreviewTherapy, ...]
    order_now: tuple[Warning, ...]  # pre-treatment checks for those therapies that can be ordered now
    note: str = ("Not a suggestion yet: what the pathway would most likely suggest once the questions above are "
                 "answered as assumed. Order the checks listed now, in parallel, so that no time is lost.")


@dataclass(frozen=True)
class Recommendation:
    knowledge_base: dict[str, str]
    patient_label: str | None
    status: Status
    actions: tuple[ActionView, ...]
    not_suggested: tuple[NotSuggested, ...]
    warnings: tuple[Warning, ...]
    missing: tuple[Missing, ...]
    trace: tuple[TraceStep, ...]
    path: tuple[str, ...]
    response: ResponseJudgement | None = None
    glucocorticoid_plan: GlucocorticoidPlan | None = None
    cancer_screening: CancerScreeningPlan | None = None
    held: tuple[Held, ...] = ()
    next_if_confirmed: Preview | None = None
    trial_leads: tuple[Any, ...] = ()  # decision.trials.TrialLead: "consider a clinical trial", after the ladder
    input_notes: tuple[str, ...] = ()  # valid but unusual input, and how the answer reads it
    disclaimer: str = DISCLAIMER

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    def to_json(self, indent: int | None = 2) -> str:
        """The same text as ``json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)``, faster."""
        if indent is None:
            return json.dumps(self.to_dict(), ensure_ascii=False)  # the C encoder
        out: list[str] = []
        _write(self, out, "\n", " " * indent)
        return "".join(out)

    def therapy_ids(self, timing: str | None = None) -> list[str]:
        """The therapies suggested (optionally only those with the given timing), in rank order."""
        return [a.therapy for a in self.actions
                if a.kind == "therapy" and a.therapy and (timing is None or a.timing == timing)]


# Serialisation without ``dataclasses.asdict`` (which deep-copies every leaf) and without the standard library's
# pure-Python indenting encoder (the C encoder does not indent before Python 3.13). Both give the same bytes as
# before: the records are frozen and hold only JSON scalars, tuples, dicts, sets and further records.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (dict, Inputs)):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.get(type(value))
        if names is None:
            names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
        return {name: _plain(getattr(value, name)) for name in names}
    return value


def _write(value: Any, out: list[str], newline: str, step: str) -> None:
    """``_encode(_plain(value))`` in one pass: records and mappings are written as they are walked, without
    building the plain dictionaries first. Exact types are dispatched directly; anything else goes through
    ``_plain`` and ``_encode`` as before, so the text is the same."""
    kind = type(value)
    scalar = _scalar(value, kind)
    if scalar is not None:
        out.append(scalar)
    elif kind is dict or kind is Inputs:
        _write_pairs(((str(k), v) for k, v in value.items()), not value, out, newline, step, _write)
    elif kind is tuple or kind is list:
        _write_list(value, out, newline, step, _write)
    else:
        names = _FIELD_NAMES.get(kind)
        if names is None and is_dataclass(value) and not isinstance(value, type):
            names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
        if names is not None:
            _write_pairs(((name, getattr(value, name)) for name in names), not names, out, newline, step, _write)
        else:
            _encode(_plain(value), out, newline, step)


def _scalar(value: Any, kind: type) -> str | None:
    """The JSON text of a value of an exact scalar type, else ``None`` (written inline: most values are)."""
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float(value)
    return None


Writer = Callable[[Any, list[str], str, str], None]


def _write_pairs(pairs: Any, empty: bool, out: list[str], newline: str, step: str, write: Writer) -> None:
    if empty:
        out.append("{}")
        return
    inner, sep = newline + step, "{"
    for key, item in pairs:
        head = sep + inner + encode_basestring(key) + ": "
        scalar = _scalar(item, type(item))
        if scalar is not None:
            out.append(head + scalar)
        else:
            out.append(head)
            write(item, out, inner, step)
        sep = ","
    out.append(newline + "}")


def _write_list(items: Any, out: list[str], newline: str, step: str, write: Writer) -> None:
    if not items:
        out.append("[]")
        return
    inner, sep = newline + step, "["
    for item in items:
        scalar = _scalar(item, type(item))
        if scalar is not None:
            out.append(sep + inner + scalar)
        else:
            out.append(sep + inner)
            write(item, out, inner, step)
        sep = ","
    out.append(newline + "]")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _encode(value: Any, out: list[str], newline: str, step: str) -> None:
    """``json.dumps(value, indent=len(step), ensure_ascii=False)`` for the plain values ``_plain`` returns."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict):
        _write_pairs(value.items(), not value, out, newline, step, _encode)
    elif isinstance(value, list):
        _write_list(value, out, newline, step, _encode)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
