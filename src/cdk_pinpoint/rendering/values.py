"""How message-context values look up, print, escape and count as true (handlebars.js rules).

A context is JSON-shaped: dicts, lists, strings, numbers, booleans and None. Pinpoint attribute
values are lists of strings, which print like JavaScript's ``Array#toString`` (a one-item list
prints its item, a longer list prints comma-joined). Scalars stand for one-item lists where an
index is applied (``"Jane".[0]`` is ``"Jane"``), so defaults written as plain strings work with
``.[0]`` as well as without.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

# ------------------------------------------------------------------------------------ printing

if TYPE_CHECKING:
    from typing import Any


def _float_to_str(value: float) -> str:
    """JavaScript's Number#toString for the floats a context can hold."""
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:  # 1e-07 -> 1e-7, 1e+22 -> 1e+22
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else "+"
        text = f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"
    return text


def to_str(value: Any) -> str:
    """A value as handlebars.js prints it: None -> "", True -> "true", 7.0 -> "7", lists comma-joined."""
    cls = value.__class__
    if cls is str:
        return value  # type: ignore[no-any-return]  # a str: checked by class, no cast in the hot path
    if value is None:
        return ""
    if cls is bool:
        return "true" if value else "false"
    if cls is int:
        return str(value)
    if cls is float:
        return _float_to_str(value)
    if isinstance(value, (list, tuple)):
        return ",".join(to_str(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


_NEEDS_ESCAPE = re.compile(r"[&<>\"'`=]").search


def escape(value: Any) -> str:
    """HTML-escape like handlebars.js ``escapeExpression``: & < > " ' ` =."""
    text: str = value
    try:  # a string, the common case, pays for no type check (a try costs nothing until it raises)
        if _NEEDS_ESCAPE(text) is None:
            return text
    except TypeError:  # None, a number, a list...: print it first
        text = to_str(value)
        if _NEEDS_ESCAPE(text) is None:
            return text
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        .replace("`", "&#x60;")
        .replace("=", "&#x3D;")
    )


# ---------------------------------------------------------------------------------- truthiness


def is_truthy(value: Any) -> bool:
    """handlebars.js ``if``: false for None, False, 0, "", NaN and empty lists; ``{}`` is true."""
    if not value:
        return value.__class__ is dict  # {} is truthy in JS
    return not (value.__class__ is float and value != value)  # NaN is falsy


def is_empty_for_with(value: Any) -> bool:
    """handlebars.js ``Utils.isEmpty`` (used by ``with``): like falsy, but 0 is not empty."""
    if value.__class__ is dict:
        return False
    if not value:
        return not (value == 0 and value.__class__ in (int, float))
    return False


# ----------------------------------------------------------------------------------- lookups


def lookup(parent: Any, key: str) -> Any:
    """One path segment: dict key, list index, ``length``; missing or out of range -> None."""
    cls = parent.__class__
    if cls is dict:
        return parent.get(key)
    if cls is list or cls is tuple:
        if key.isdigit():
            index = int(key)
            return parent[index] if index < len(parent) else None
        if key == "length":
            return len(parent)
        return None
    if parent is None or cls is bool:
        return None
    if cls is str and key == "length":
        return len(parent)
    if key == "0":  # a scalar stands for a one-item list
        return parent
    if isinstance(parent, dict):
        return parent.get(key)
    return None


def resolve(base: Any, parts: tuple[str, ...]) -> Any:
    """A whole path below ``base`` (the slow, general form of the compiled fast path)."""
    for part in parts:
        base = lookup(base, part)
        if base is None:
            return None
    return base


def lookup_any(parent: Any, key: Any) -> Any:
    """The ``lookup`` helper: like a path segment, but the key is a value (number or string)."""
    if parent is None:
        return None
    if key.__class__ is float and key.is_integer():
        key = int(key)
    return lookup(parent, to_str(key))


# --------------------------------------------------------------------------- default values


def _has_value(value: Any) -> bool:
    return value is not None and value != []


def merge_defaults(defaults: dict[str, Any], context: Any) -> Any:
    """``defaults`` deep-merged under ``context``; the context wins where it has a value.

    Only the dicts on the defaults' paths are copied, so the cost follows the size of the
    defaults, not of the context. A None or an empty list in the context counts as no value.
    """
    if context.__class__ is not dict:
        return context if _has_value(context) else defaults
    merged = dict(context)
    for key, default in defaults.items():
        current = merged.get(key)
        if not _has_value(current):
            merged[key] = default
        elif default.__class__ is dict and current.__class__ is dict:
            merged[key] = merge_defaults(default, current)
    return merged


def default_leaves(defaults: dict[str, Any]) -> list[tuple[str, ...]]:
    """The paths of ``defaults`` down to each value that is not a non-empty dict (see ``fills_defaults``)."""
    leaves: list[tuple[str, ...]] = []
    for key, value in defaults.items():
        if value.__class__ is dict and value:
            leaves.extend((key, *rest) for rest in default_leaves(value))
        else:
            leaves.append((key,))
    return leaves


def fills_defaults(leaves: list[tuple[str, ...]], context: dict[str, Any]) -> bool:
    """Whether ``merge_defaults`` would put any default into ``context`` (``leaves`` from
    ``default_leaves``): when it would not, the merge equals ``context`` and can be skipped."""
    for path in leaves:
        value: Any = context
        for name in path:
            if value.__class__ is not dict:  # a value where the defaults have a dict: the context wins
                break
            value = value.get(name)
            if not _has_value(value):
                return True
    return False
