"""One answer in words, for summaries, the "answers so far" table, the history and the handout.

Every value goes through :mod:`decision.labels`, so a screen or a printout says "antisynthetase syndrome" and
"anti-PL-12 positive", never ``asys`` or ``pl12``. Pass the knowledge base to name therapies as it does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from decision.labels import antibody_label, therapy_label, unit, value_label


def describe_value(value: Any, dotted: str = "", kb: Any = None) -> str:
    """A short human reading of one answer (``dotted`` names the field, for its value labels and unit)."""
    if isinstance(value, Mapping):
        if "value" in value and set(value) <= {"value", "uln"}:
            uln = f" (upper limit of normal {value['uln']:g})" if value.get("uln") is not None else \
                " (upper limit of normal not given)"
            u = unit(dotted) if dotted else None
            return f"{value['value']:g}{' ' + u if u else ''}{uln}"
        return ", ".join(f"{k.replace('_', ' ')} {describe_value(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, (list, tuple)):
        return "; ".join(_describe_item(v, dotted, kb) for v in value) if value else "none"
    text = value_label(dotted, value) if dotted else value_label("", value)
    u = unit(dotted) if dotted and isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return f"{text} {u}" if u else text


def _describe_item(item: Any, dotted: str, kb: Any) -> str:
    if not isinstance(item, Mapping):
        if dotted in ("antibodies", "antibodies_uncertain"):
            return antibody_label(str(item))
        if dotted.endswith("drugs"):
            return therapy_label(kb, str(item))
        return value_label(dotted, item)
    if "drug" in item:
        return _describe_course(item, kb)
    if "name" in item and "result" in item:
        intensity = f" (intensity {describe_value(item['intensity'])})" if item.get("intensity") is not None else ""
        return f"{antibody_label(item['name'])} {item['result']}{intensity}"
    if "date" in item:
        return f"{item['date']}: " + ", ".join(f"{k.replace('_', ' ')} {describe_value(v)}"
                                                for k, v in item.items() if k != "date")
    return describe_value(item)


def _describe_course(item: Mapping[str, Any], kb: Any) -> str:
    bits = [therapy_label(kb, str(item["drug"]))]
    if item.get("dose"):
        bits.append(str(item["dose"]))
    if item.get("weeks") is not None:
        bits.append(f"{describe_value(item['weeks'])} weeks")
    bits.append("current" if item.get("current", True) else "stopped")
    if item.get("outcome"):
        bits.append(value_label("outcome", item["outcome"]))
    for key, text in (("adequate_dose", "adequate dose"), ("adherent", "adherent")):
        if item.get(key) is not None:
            bits.append(f"{text}: {describe_value(item[key])}")
    return ", ".join(bits)
