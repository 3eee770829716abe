"""Checks that an argument has the type a construct or model value needs, so a wrong type (a string
where an enum member belongs) fails with a ConfigurationError, not an AttributeError deep inside."""

from __future__ import annotations

import enum
from typing import Any

from .errors import ConfigurationError


def check_enum(
    field: str, value: Any, enum_class: type[enum.Enum], *, required: bool = False, path: str | None = None
) -> None:
    """Raise unless ``value`` is a member of ``enum_class`` (None passes unless ``required``)."""
    if isinstance(value, enum_class) or (value is None and not required):
        return
    members = ", ".join(f"{enum_class.__name__}.{member.name}" for member in enum_class)
    raise ConfigurationError(field, value, f"must be one of {members}", path=path)


def check_instance(field: str, value: Any, expected: type, *, required: bool = False, path: str | None = None) -> None:
    """Raise unless ``value`` is an instance of ``expected`` (None passes unless ``required``)."""
    if isinstance(value, expected) or (value is None and not required):
        return
    article = "an" if expected.__name__[0] in "AEIOU" else "a"
    raise ConfigurationError(field, value, f"must be {article} {expected.__name__}", path=path)
