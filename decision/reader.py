"""One hardened reader for YAML and JSON: patients, measure files, the knowledge base, cases and trials.

Everything that enters the library as text comes through here, so this is where hostile or careless text is
stopped, and stopped *small*: a size limit before parsing; YAML is built from the parser's event stream
without recursion, so nesting depth, the number of values and alias expansion are counted as they arrive (a
"billion laughs" bomb fails after a few thousand values, not after gigabytes); aliases can be refused
outright (patient input has no use for them); explicit tags other than the standard scalar ones, merge keys
(``<<``), non-finite numbers and integers too long to be a measurement are refused. Every failure is a
:class:`~decision.errors.Problem` with ``file:line``, never an exception from PyYAML or ``json``.

Clinical YAML is full of words like ``yes``, ``no``, ``on`` and ``off``; YAML 1.1 would turn them into
booleans behind the author's back, so only ``true``/``false`` are booleans here. Duplicate keys are errors in
YAML and in JSON (both parsers would silently keep the last one). A leading byte-order mark is accepted. Every
mapping key and list item is recorded with its line, so an error found later (by the models or the graph
checks) can point at ``file:line`` and the key path.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import yaml

from decision.errors import DecisionError, Problem, bounded_repr
from decision.plain_data import KB_LIMITS, PATIENT_LIMITS, Limits, check_plain

__all__ = ["KB_LIMITS", "PATIENT_LIMITS", "Limits", "read_data", "read_json", "read_yaml"]

Path = tuple[Any, ...]


# libyaml's C parser when present (five times faster; the marks give the same lines), else pure Python.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader with YAML 1.2-style booleans (only true/false)."""


_StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
for _first in "tTfF":
    _StrictLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(0, ("tag:yaml.org,2002:bool", _BOOL))

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {None, "!", _TAG + "map", _TAG + "seq"}


class _Stop(Exception):
    """Reading cannot go on (a limit was hit, or the parser gave up); the problem is already recorded."""


class _Frame:
    __slots__ = ("container", "path", "key", "expect_key", "skip")

    def __init__(self, container: Any, path: Path):
        self.container = container
        self.path = path
        self.key: Any = None
        self.expect_key = True
        self.skip = False  # the current key was refused: drop its value


class _Builder:
    """Turns parser events into plain data, counting depth, values and alias expansion as it goes."""

    def __init__(self, filename: str, limits: Limits, loader: Any):
        self.name = filename
        self.limits = limits
        self.loader = loader
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        # plain scalars read so far in this text, by what was written: (resolved tag, value); only values that
        # read without a problem, all immutable (text, numbers, booleans, null, dates); gone with the reading
        self.plain: dict[str, tuple[str, Any]] = {}
        self.stack: list[_Frame] = []
        self.values = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: list[tuple[str | None, int]] = []  # (anchor, values count at start) per open collection
        self.root: Any = None
        self.documents = 0

    def where(self, mark: Any) -> str:
        return f"{self.name}:{mark.line + 1}" if mark is not None else self.name

    def fail(self, mark: Any, expected: str, found: str = "") -> None:
        self.problems.append(Problem(self.where(mark), expected, found))
        raise _Stop

    def count(self, n: int, mark: Any) -> None:
        self.values += n
        if self.values > self.limits.max_values:
            what = "values (alias expansion counted)" if self.limits.aliases else "values"
            self.fail(mark, f"at most {self.limits.max_values:,} {what} in one file", "more")

    # --- where the next value goes ---------------------------------------------------------------------

    def next_path(self) -> Path | None:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return top.path + (len(top.container),)
        return None if top.expect_key else top.path + (top.key,)

    def place(self, value: Any, mark: Any) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
            return
        if top.expect_key:
            self.take_key(top, value, mark)
            return
        top.expect_key = True
        if not top.skip:
            top.container[top.key] = value

    def take_key(self, top: _Frame, key: Any, mark: Any) -> None:
        top.expect_key = False
        top.skip = True
        if isinstance(key, (list, dict)):
            self.problems.append(Problem(self.where(mark), "a plain key", bounded_repr(key)))
            return
        if key in top.container:
            self.problems.append(Problem(
                f"{self.where(mark)} {format_path(top.path + (key,))}", "each key once in a mapping",
                f"duplicate key {bounded_repr(key)} (first at line {self.lines.get(top.path + (key,), '?')})"))
            return
        top.skip = False
        top.key = key
        self.lines[top.path + (key,)] = mark.line + 1

    # --- events ----------------------------------------------------------------------------------------

    def on_event(self, event: Any) -> None:
        mark = event.start_mark
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(mark, "one YAML document (no second '---')", "several")
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.start_collection(event, mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.end_collection(mark)
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event, mark)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event, mark)

    def start_collection(self, event: Any, mark: Any) -> None:
        if event.tag not in _COLLECTION_TAGS:
            self.fail(mark, "a plain mapping or list (no YAML tags)", _tag_name(event.tag))
        if event.anchor is not None and not self.limits.aliases:
            self.fail(mark, "no anchors or aliases (& and *) in this input", f"&{event.anchor}")
        if len(self.stack) >= self.limits.max_depth:
            self.fail(mark, f"nesting at most {self.limits.max_depth} levels deep", "deeper")
        self.count(1, mark)
        path = self.next_path()
        if path is not None and path not in self.lines:
            self.lines[path] = mark.line + 1
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Frame(container, path if path is not None else ("<key>",)))
        self.open_anchors.append((event.anchor, self.values))

    def end_collection(self, mark: Any) -> None:
        frame = self.stack.pop()
        anchor, start = self.open_anchors.pop()
        if anchor is not None:
            self.anchors[anchor] = (frame.container, self.values - start + 1)
        self.place(frame.container, mark)

    def scalar(self, event: Any, mark: Any) -> None:
        if event.anchor is not None and not self.limits.aliases:
            self.fail(mark, "no anchors or aliases (& and *) in this input", f"&{event.anchor}")
        self.count(1, mark)
        value = self.construct_scalar(event, mark)
        path = self.next_path()
        if path is not None and path not in self.lines:
            self.lines[path] = mark.line + 1
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self.place(value, mark)

    def alias(self, event: Any, mark: Any) -> None:
        if not self.limits.aliases:
            self.fail(mark, "no anchors or aliases (& and *) in this input", f"*{event.anchor}")
        if event.anchor not in self.anchors:
            opened = any(a == event.anchor for a, _ in self.open_anchors)
            self.fail(mark, "an alias to an anchor defined earlier",
                      f"*{event.anchor} ({'a recursive alias' if opened else 'undefined'})")
        value, size = self.anchors[event.anchor]
        if isinstance(value, (dict, list)) and len(self.stack) + _depth(value) > self.limits.max_depth:
            self.fail(mark, f"nesting at most {self.limits.max_depth} levels deep", "deeper (through an alias)")
        self.count(size, mark)
        path = self.next_path()
        if path is not None and path not in self.lines:
            self.lines[path] = mark.line + 1
        self.place(value, mark)

    def construct_scalar(self, event: Any, mark: Any) -> Any:
        tag = event.tag
        if tag is None:
            if not event.implicit[0]:  # quoted or a block: text as written, whatever it looks like
                return event.value
            hit = self.plain.get(event.value)  # plain scalars repeat (keys above all): resolved and built once;
            if hit is not None:                 # the same text under the same limits was accepted before
                return hit[1]
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            value = self._construct(event, mark, tag)
            self.plain[event.value] = (tag, value)
            return value
        return self._construct(event, mark, tag)

    def _construct(self, event: Any, mark: Any, tag: str | None) -> Any:
        if tag in (None, "!"):
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _TAG + "merge":
            self.fail(mark, "no merge keys ('<<'); write the keys out", "<<")
        if tag not in _SCALAR_TAGS:
            self.fail(mark, "a plain value (no YAML tags such as !!binary or !custom)", _tag_name(event.tag))
        if tag in (_TAG + "int", _TAG + "float") and len(event.value) > self.limits.max_number_chars:
            self.fail(mark, f"a number of at most {self.limits.max_number_chars} characters",
                      bounded_repr(event.value, 40))
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:  # the constructor itself, not construct_object, which would keep every node in a cache
            value = self.loader.yaml_constructors[tag](self.loader, node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            kind = _KIND_NAMES.get(tag.rsplit(":", 1)[-1], "value")
            self.fail(mark, f"a valid {kind}", f"{bounded_repr(event.value, 40)}: {_short(exc)}")
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(mark, "a finite number (not .inf or .nan)", event.value)
        return value



_KIND_NAMES = {"timestamp": "date (year-month-day, a day that exists)", "float": "number", "int": "integer",
               "bool": "true or false", "null": "null", "str": "text"}


def _tag_name(tag: str | None) -> str:
    return "!!" + tag[len(_TAG):] if tag and tag.startswith(_TAG) else bounded_repr(tag, 40)


def _depth(value: Any) -> int:
    """Nesting depth of plain data, without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, d = todo.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, (list, tuple)):
            deepest = max(deepest, d)
            todo.extend((v, d + 1) for v in item if isinstance(v, (dict, list, tuple)))
    return deepest


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "problem", None) or exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def read_yaml(text: str, filename: str, limits: Limits = KB_LIMITS) -> tuple[Any, dict[Path, int], list[Problem]]:
    """Parse ``text``; return the data, a map from key path to 1-based line, and any problems found.

    On a syntax error or an exceeded limit the data is ``None`` and the problem names the line and column.
    """
    if len(text) > limits.max_bytes:
        return None, {}, [Problem(filename, f"at most {limits.describe_bytes()} of text", f"{len(text):,} characters")]
    text = _strip_bom(text)
    loader = _StrictLoader(text)
    builder = _Builder(filename, limits, loader)
    try:
        while loader.check_event():
            builder.on_event(loader.get_event())
    except _Stop:
        return None, {}, builder.problems
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        return None, {}, [Problem(builder.where(mark), "valid YAML", str(what)[:120])]
    finally:
        loader.dispose()
    if builder.problems:
        return None, {}, builder.problems
    return builder.root, builder.lines, []


def read_json(text: str, filename: str, limits: Limits = PATIENT_LIMITS) -> tuple[Any, list[Problem]]:
    """Parse JSON text strictly: duplicate keys, NaN/Infinity, over-long numbers and deep nesting refused."""
    if len(text) > limits.max_bytes:
        return None, [Problem(filename, f"at most {limits.describe_bytes()} of text", f"{len(text):,} characters")]
    text = _strip_bom(text)
    problems: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                problems.append(Problem(filename, "each key once in a JSON object",
                                        f"duplicate key {bounded_repr(key)}"))
            out[key] = value
        return out

    def number(text: str) -> Any:
        if len(text) > limits.max_number_chars:
            raise ValueError(f"a number of at most {limits.max_number_chars} characters")
        value = float(text)
        if not math.isfinite(value):
            raise ValueError("a finite number")
        return value

    def constant(name: str) -> Any:
        raise ValueError(f"a finite number (not {name})")

    def integer(text: str) -> int:
        if len(text) > limits.max_number_chars:
            raise ValueError(f"a number of at most {limits.max_number_chars} characters")
        return int(text)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_float=number, parse_int=integer,
                          parse_constant=constant)
    except json.JSONDecodeError as exc:
        return None, [Problem(f"{filename}:{exc.lineno}", "valid JSON", exc.msg)]
    except ValueError as exc:
        return None, [Problem(filename, str(exc).splitlines()[0][:120], "a value outside it")]
    except RecursionError:
        return None, [Problem(filename, f"nesting at most {limits.max_depth} levels deep", "far deeper")]
    if problems:
        return None, problems
    size = check_plain(data, limits, filename)
    return (None, size) if size else (data, [])


def decode(data: bytes | str, name: str, limits: Limits) -> tuple[str | None, list[Problem]]:
    """Bytes or text → text, refusing files over the size limit and anything that is not UTF-8."""
    if isinstance(data, bytes):
        if len(data) > limits.max_bytes:
            return None, [Problem(name, f"a file of at most {limits.describe_bytes()}", f"{len(data):,} bytes or more")]
        try:
            return data.decode("utf-8"), []
        except UnicodeDecodeError:
            return None, [Problem(name, "UTF-8 text (YAML or JSON)", "binary data")]
    if len(data) > limits.max_bytes:
        return None, [Problem(name, f"at most {limits.describe_bytes()} of text", f"{len(data):,} characters")]
    return data, []


def read_data(data: bytes | str, name: str, error: type[DecisionError], limits: Limits = PATIENT_LIMITS) -> Any:
    """Parse YAML or JSON (by ``name``'s suffix) into plain data, or raise ``error`` listing the problems."""
    value: Any = None
    text, problems = decode(data, name, limits)
    if text is not None:
        if name.lower().endswith(".json"):
            value, problems = read_json(text, name, limits)
        else:
            value, _, problems = read_yaml(text, name, limits)
    if problems:
        raise error(problems)
    return value


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest recorded ancestor."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())
