"""The bad-input suite's one assertion and the constructs its tables build on.

Every case is a row: how to build the bad input, and where the error must point (the construct path:
a value object's mistake is reported by the construct that receives it, so every row passes its value
to one), the field and the bad value. ``expect_error`` asserts the exception type and that the message
holds all three (and what is allowed), so no table repeats it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_secretsmanager as secretsmanager

from cdk_pinpoint import ConfigurationError, Project, Segment, SegmentDimensions, SetFilter
from tests.support import ACCOUNT, REGION


class Shown(str):
    """A value given by how its repr starts (for values whose repr is long): ``Shown("ApnsPush(")``."""


class Case:
    """One bad input: ``build(stack)`` must raise a ConfigurationError at ``path`` naming ``field`` and ``value``."""

    def __init__(self, build: Callable[[cdk.Stack], Any], path: str, field: str, value: Any, *, id: str) -> None:
        self.build, self.path, self.field, self.value, self.id = build, path, field, value, id

    def param(self) -> Any:
        return pytest.param(self, id=self.id)


def stack() -> cdk.Stack:
    app = cdk.App(context={"aws:cdk:bundling-stacks": []})
    return cdk.Stack(app, "Test", env=cdk.Environment(account=ACCOUNT, region=REGION))


def project(scope: cdk.Stack) -> Project:
    found = scope.node.try_find_child("P")
    return found if found is not None else Project(scope, "P", project_name="p")  # type: ignore[return-value]


def segment(scope: cdk.Stack) -> Segment:
    found = scope.node.try_find_child("Seg")
    if found is not None:
        return found  # type: ignore[return-value]
    return Segment(
        scope, "Seg", project=project(scope), segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )


def secret(scope: cdk.Stack) -> secretsmanager.ISecret:
    found = scope.node.try_find_child("Secret")
    return found or secretsmanager.Secret.from_secret_name_v2(scope, "Secret", "push/credentials")  # type: ignore[return-value]


def expect_error(case: Case) -> ConfigurationError:
    """The one assertion: a ConfigurationError (never a crash) naming the path, the field and the value."""
    with pytest.raises(ConfigurationError) as raised:
        case.build(stack())
    error = raised.value
    message = str(error)
    assert case.path is not None, "every row passes its value to a construct, which reports it at its path"
    assert error.path == case.path, message
    assert message.startswith(f"{case.path}: "), message
    assert error.field.startswith(case.field), message  # the whole field, from the keyword the user wrote
    if isinstance(case.value, Shown) or (isinstance(case.value, str) and case.value.startswith("<")):
        assert f"={case.value}" in message, message  # a long repr's start, or a redacted secret
    else:
        assert f"={case.value!r} is invalid: " in message, message
    assert error.allowed, message
    return error


def run(cases: list[Case]) -> Any:
    """The parametrize decorator of one table."""
    return pytest.mark.parametrize("case", [c.param() for c in cases])
