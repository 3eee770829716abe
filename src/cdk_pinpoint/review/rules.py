"""Which changes replace a resource: CloudFormation's own resource schemas (the copies cfn-lint
ships: ``createOnlyProperties``) for AWS types, and ``cdk_pinpoint._shared.replacement`` (the
rules the provider itself follows) for cdk-pinpoint's custom resources. No hand-typed table."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

from .._shared import replacement
from .assembly import ReviewError

# The schemas do not differ between regions in what they make create-only; one region's set is read.
_REGION = "us-east-1"


@cache
def _schema_folder() -> Path:
    # find_spec locates cfn-lint without importing it (its import takes seconds).
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        raise ReviewError(
            "cdk-pinpoint diff reads CloudFormation's resource schemas from cfn-lint: "
            "pip install 'cdk-pinpoint[review]'"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"


@cache
def _schema_files() -> dict[str, str]:
    files: dict[str, str] = json.loads((_schema_folder() / "providers" / f"{_REGION}.json").read_text())
    return files


@cache
def create_only_paths(resource_type: str) -> tuple[tuple[str, ...], ...]:
    """The property paths of ``resource_type`` whose change replaces the resource (``()`` when the
    type has no schema, such as a third-party or ``Custom::`` type)."""
    name = _schema_files().get(resource_type)
    if name is None:
        return ()
    schema = json.loads((_schema_folder() / "resources" / f"{name}.json").read_text())
    paths = []
    for pointer in schema.get("createOnlyProperties", []):
        parts = pointer.split("/")[1:]
        if parts and parts[0] == "properties":
            paths.append(tuple(parts[1:]))
    return tuple(paths)


def replacing_properties(resource_type: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The create-only properties whose value differs between ``old`` and ``new`` properties."""
    return [".".join(path) for path in create_only_paths(resource_type) if value_at(old, path) != value_at(new, path)]


def value_at(value: Any, path: tuple[str, ...]) -> Any:
    """The value at a schema path of properties (``*``, any array item, stops the walk)."""
    for key in path:
        if key == "*" or not isinstance(value, dict):
            return value
        value = value.get(key)
    return value


def custom_rule(resource_type: str) -> Any:
    """The provider's ``Replacement`` rule for ``Custom::Pinpoint<Kind>``, or None for other types."""
    if not resource_type.startswith("Custom::Pinpoint"):
        return None
    return replacement.RULES.get(resource_type.removeprefix("Custom::Pinpoint"))
