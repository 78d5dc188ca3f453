"""Hardened YAML reading that remembers where every value came from.

Clinical YAML is full of words like ``yes``, ``no``, ``on`` and ``off``; YAML 1.1 would turn them into
booleans behind the author's back, so only ``true``/``false`` are booleans here. Duplicate keys are errors
(PyYAML silently keeps the last one). And every mapping key and list item is recorded with its line, so an
error found later (by the models or the graph checks) can point at ``file:line`` and the key path.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from decision.errors import Problem

Path = tuple[Any, ...]


# libyaml's C parser when present (five times faster; the marks give the same lines), else pure Python.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):
    """Safe loader with YAML 1.2-style booleans (only true/false)."""


_StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
for _first in "tTfF":
    _StrictLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(0, ("tag:yaml.org,2002:bool", _BOOL))


def read_yaml(text: str, filename: str) -> tuple[Any, dict[Path, int], list[Problem]]:
    """Parse ``text``; return the data, a map from key path to 1-based line, and any problems found.

    On a syntax error the data is ``None`` and the problem names the line and column.
    """
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{filename}:{mark.line + 1}" if mark else filename
        what = getattr(exc, "problem", None) or str(exc)
        return None, {}, [Problem(where, "valid YAML", str(what))]
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    problems: list[Problem] = []
    if node is None:
        return None, lines, problems
    data = _build(node, (), lines, problems, filename, loader)
    return data, lines, problems


def _build(node, path: Path, lines, problems, filename, loader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                problems.append(Problem(f"{filename}:{key_node.start_mark.line + 1}", "a plain key", repr(key)))
                continue
            if key in out:
                problems.append(Problem(
                    f"{filename}:{key_node.start_mark.line + 1} {format_path(path + (key,))}",
                    "each key once in a mapping",
                    f"duplicate key {key!r} (first at line {lines[path + (key,)]})",
                ))
                continue
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), lines, problems, filename, loader)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, problems, filename, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


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
