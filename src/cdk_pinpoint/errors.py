"""The one error type for bad input found at synth time, and the checks that raise it.

Every message names where the value was written (the construct path, when there is one), the
field, the bad value and what is allowed, so a user can fix it without opening the docs.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from aws_cdk import Token
from constructs import Construct


class ConfigurationError(ValueError):
    """Bad input to a cdk-pinpoint construct or model value, caught at synth time."""

    def __init__(self, field: str, value: Any, allowed: str, *, path: str | None = None) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{field}={_shown(value)} is invalid: {allowed}")

    def at(self, path: str, field_prefix: str | None = None) -> ConfigurationError:
        """The same error, located at a construct path (and nested under a field, if given)."""
        field = f"{field_prefix}.{self.field}" if field_prefix else self.field
        return self.renamed(field, path=path)

    def renamed(self, field: str, *, path: str | None = None) -> ConfigurationError:
        """The same error under another field (and path); its notes (where a value was written) kept."""
        error = ConfigurationError(field, self.value, self.allowed, path=path)
        for note in getattr(self, "__notes__", ()):
            error.add_note(note)
        return error


def _shown(value: Any) -> str:
    """The bad value as the message prints it."""
    # a token's encoding ("${Token[...]}", 1.888e+289) means nothing to the user
    if isinstance(value, str | float) and is_token(value):
        return "<a deploy-time value>"
    # a construct by its class and path (which the user can find), not by its memory address
    if isinstance(value, Construct):
        return f"<{type(value).__name__} {value.node.path}>"
    return repr(value)


def is_token(value: Any) -> bool:
    """True for values CloudFormation resolves at deploy time; they cannot be checked at synth."""
    # Answer the common plain values here: asking jsii costs a round trip to node per call, and
    # constructs check hundreds of values per synth. Encoded string tokens contain "${Token[" (list
    # elements "#{Token["); numbers that encode tokens are floats; everything else goes to jsii.
    if value is None or isinstance(value, bool | int):
        return False
    if isinstance(value, str) and "{Token[" not in value:
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False  # token numbers are finite; jsii cannot even send NaN to node (its kernel dies)
    return Token.is_unresolved(value)


def check_range(
    field: str,
    value: float | None,
    minimum: float | None = None,
    maximum: float | None = None,
    *,
    path: str | None = None,
) -> None:
    """Raise unless ``minimum <= value <= maximum`` (None and tokens pass)."""
    if value is None or is_token(value):
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ConfigurationError(field, value, "must be a number", path=path)
    too_small = minimum is not None and value < minimum
    too_large = maximum is not None and value > maximum
    if too_small or too_large:
        if minimum is not None and maximum is not None:
            allowed = f"must be between {minimum} and {maximum}"
        elif minimum is not None:
            allowed = f"must be at least {minimum}"
        else:
            allowed = f"must be at most {maximum}"
        raise ConfigurationError(field, value, allowed, path=path)


def check_choice(field: str, value: Any, allowed: Collection[Any], *, path: str | None = None) -> None:
    """Raise unless ``value`` is one of ``allowed`` (None and tokens pass)."""
    if value is None or is_token(value):
        return
    if value not in allowed:
        choices = ", ".join(sorted(repr(a) for a in allowed))
        raise ConfigurationError(field, value, f"must be one of {choices}", path=path)


def check_length(field: str, value: str | None, maximum: int, *, minimum: int = 1, path: str | None = None) -> None:
    """Raise unless ``minimum <= len(value) <= maximum`` (None and tokens pass)."""
    if value is None or is_token(value):
        return
    if not minimum <= len(value) <= maximum:
        raise ConfigurationError(
            field, value, f"must be {minimum} to {maximum} characters long (got {len(value)})", path=path
        )
