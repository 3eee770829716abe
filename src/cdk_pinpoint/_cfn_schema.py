"""CloudFormation's own resource schemas, checked at synth: no retyped limits.

``_data/cfn_constraints.json`` holds what the schemas (the copies cfn-lint ships) constrain for the
types cdk-pinpoint creates: types, enums, patterns, lengths, ranges, item counts and required
properties, by property path. tools/extract_cfn_constraints.py writes it; a test fails when the
installed cfn-lint's schemas say otherwise. The installed library reads only this file (cfn-lint is
not a runtime dependency).

Two uses:

- :func:`check` — a construct's own check reads a limit the schema states (a Kinesis stream name,
  an SES configuration set name...), so the limit is written once, by AWS;
- :func:`create` — the one place our constructs create their Pinpoint L1 resources: every property
  value known at synth is checked against the type's schema before the L1 exists (a backstop behind
  the constructs' own, more specific, checks). Deploy-time values (tokens) are skipped.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from .errors import ConfigurationError, is_token

L1 = TypeVar("L1")

_FILE = Path(__file__).parent / "_data" / "cfn_constraints.json"


@functools.cache
def _types() -> dict[str, dict[str, dict[str, Any]]]:
    types: dict[str, dict[str, dict[str, Any]]] = json.loads(_FILE.read_text(encoding="utf-8"))["types"]
    return types


def constraints(resource_type: str, path: str) -> dict[str, Any]:
    """What the schema of ``resource_type`` says about property ``path`` (``TableInput.Name``)."""
    try:
        return _types()[resource_type][path]
    except KeyError:
        raise KeyError(f"{resource_type} {path!r} is not in _data/cfn_constraints.json") from None


def _norm(name: str) -> str:
    """A property name as both spellings reach it: ``sms_message`` (kwargs), ``smsMessage`` (jsii
    dicts) and ``SMSMessage`` (CloudFormation) are all ``smsmessage``."""
    return name.replace("_", "").lower()


@functools.cache
def _by_norm(resource_type: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """The schema's paths by their normalized spelling: {normalized path: (path, constraints)}."""
    return {".".join(_norm(p) for p in path.split(".")): (path, kept) for path, kept in _types()[resource_type].items()}


@functools.cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _source(resource_type: str, path: str) -> str:
    return f"CloudFormation's {resource_type} schema, {path or 'its properties'}"


def check(
    field: str, value: Any, resource_type: str, path: str, *, stricter_minimum: tuple[float, str] | None = None
) -> None:
    """Raise a :class:`ConfigurationError` for ``field`` unless ``value`` meets what the schema of
    ``resource_type`` says of property ``path`` (None and deploy-time values pass).
    ``stricter_minimum`` is (a lower bound above the schema's, who sets it: an aws-cdk L2's own check)."""
    if value is None or _token(value):
        return
    kept = constraints(resource_type, path)
    source = _source(resource_type, path)
    if stricter_minimum is not None:
        kept = {**kept, "minimum": stricter_minimum[0]}
        source += f"; at least {stricter_minimum[0]}: {stricter_minimum[1]}"
    problem = _scalar_problem(value, kept)
    if problem:
        raise ConfigurationError(field, value, f"{problem} ({source})")


_RESOURCE_TYPES: dict[type, str] = {}


def resource_type_of(cfn_class: type) -> str:
    """``cfn_class.CFN_RESOURCE_TYPE_NAME`` (``AWS::Pinpoint::Segment``): a constant of the class, read
    once per class because each read is a round trip to jsii's node process."""
    name = _RESOURCE_TYPES.get(cfn_class)
    if name is None:
        name = _RESOURCE_TYPES[cfn_class] = cfn_class.CFN_RESOURCE_TYPE_NAME  # type: ignore[attr-defined]
    return name


def create(cfn_class: type[L1], scope: Any, id: str, *, fields: Mapping[str, str] | None = None, **props: Any) -> L1:
    """``cfn_class(scope, id, **props)``, once every property value known at synth meets the type's
    schema. ``fields`` names the Python field a property came from when it is not the property's
    own name (``{"Name": "segment_name"}``); the error then names it."""
    resource_type = resource_type_of(cfn_class)
    table = _by_norm(resource_type)
    by_field = {_norm(k): v for k, v in (fields or {}).items()}
    _walk(resource_type, table, "", props, None, by_field)
    return cfn_class(scope, id, **props)  # type: ignore[call-arg]


def _token(value: Any) -> bool:
    """A value known only at deploy time. A string holding a token's encoding is one, wholly or in part
    (asking jsii would cost a round trip per value: hundreds per synth)."""
    if isinstance(value, str):
        return "{Token[" in value
    return isinstance(value, float) and is_token(value)


_PLAIN = (str, int, float, bool, list, tuple, dict)


def _as_mapping(value: Any) -> Mapping[str, Any] | None:
    """A dict, or a jsii struct's values (``CfnCampaign.ScheduleProperty(...)``: read in Python, no round trip)."""
    if isinstance(value, Mapping):
        return value
    values = getattr(type(value), "__jsii_struct_bases__", None) is not None and getattr(value, "_values", None)
    return values if isinstance(values, Mapping) else None


def _walk(
    resource_type: str,
    table: dict[str, tuple[str, dict[str, Any]]],
    norm_path: str,
    value: Any,
    field: str | None,
    by_field: dict[str, str],
) -> None:
    if value is None or _token(value):
        return
    path, kept = table.get(norm_path, ("", {}))
    mapping = _as_mapping(value)
    if mapping is None and not isinstance(value, _PLAIN):
        return  # an IResolvable or other object: known at deploy time only
    problem = _type_problem(value if mapping is None else {}, kept.get("type"))
    if problem is None and mapping is None:
        problem = _scalar_problem(value, kept)
    if problem:
        raise ConfigurationError(field or path, value, f"{problem} ({_source(resource_type, path)})")
    if mapping is not None:
        present = {_norm(k) for k, v in mapping.items() if v is not None}
        for required in kept.get("required", ()):
            if _norm(required) not in present:
                name = f"{field}.{required}" if field else by_field.get(_norm(required), required)
                raise ConfigurationError(name, None, f"is required ({_source(resource_type, path)})")
        for key, item in mapping.items():
            child = f"{norm_path}.{_norm(key)}" if norm_path else _norm(key)
            if child in table:
                name = f"{field}.{key}" if field else by_field.get(_norm(key), key)
                _walk(resource_type, table, child, item, name, by_field)
    elif isinstance(value, list | tuple) and f"{norm_path}[]" in table:
        for index, item in enumerate(value):
            _walk(resource_type, table, f"{norm_path}[]", item, f"{field}[{index}]", by_field)


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list, tuple),
}
_TYPE_WORDS = {"string": "a string", "integer": "a whole number", "number": "a number", "boolean": "True or False",
               "object": "a mapping", "array": "a list"}  # fmt: skip


def _type_problem(value: Any, expected: str | list[str] | None) -> str | None:
    if expected is None:
        return None
    names = [expected] if isinstance(expected, str) else expected
    for name in names:
        if isinstance(value, bool) and name not in ("boolean", "string"):
            continue  # a bool is an int to Python, not to CloudFormation
        if isinstance(value, _TYPES.get(name, object)):
            return None
        if name == "integer" and isinstance(value, float) and value.is_integer():
            return None
    return "must be " + " or ".join(_TYPE_WORDS.get(n, n) for n in names)


def _between(low: float | None, high: float | None, unit: str, got: int) -> str:
    return f"must be {low or 0} to {high if high is not None else 'any number of'} {unit} (got {got})"


def _scalar_problem(value: Any, kept: dict[str, Any]) -> str | None:
    """What is wrong with ``value`` by the schema's keywords ``kept``; None when nothing is."""
    problem = _type_problem(value, kept.get("type"))
    if problem:
        return problem
    if "enum" in kept and value not in kept["enum"]:
        return "must be one of " + ", ".join(repr(v) for v in kept["enum"])
    if "const" in kept and value != kept["const"]:
        return f"must be {kept['const']!r}"
    if isinstance(value, str):
        low, high = kept.get("minLength"), kept.get("maxLength")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            return _between(low, high, "characters long", len(value))
        if "pattern" in kept and not _pattern(kept["pattern"]).search(value):
            return f"must match {kept['pattern']}"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        low, high = kept.get("minimum"), kept.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            return (
                f"must be between {low} and {high}"
                if low is not None and high is not None
                else (f"must be at least {low}" if low is not None else f"must be at most {high}")
            )
        if ("exclusiveMinimum" in kept and value <= kept["exclusiveMinimum"]) or (
            "exclusiveMaximum" in kept and value >= kept["exclusiveMaximum"]
        ):
            return f"must be greater than {kept.get('exclusiveMinimum')} and less than {kept.get('exclusiveMaximum')}"
    elif isinstance(value, list | tuple):
        low, high = kept.get("minItems"), kept.get("maxItems")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            return _between(low, high, "items", len(value))
    return None
