"""Writing CloudFormation properties and Pinpoint API requests as plain dicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def without_none(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` without the keys whose value is None (optional properties that are not set)."""
    return {key: value for key, value in data.items() if value is not None}


def camel_case(name: str) -> str:
    """``image_icon_url`` -> ``imageIconUrl``: the key jsii reads in a dict passed to an L1 property."""
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)
