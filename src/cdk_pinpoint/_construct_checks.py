"""What constructs do with the values they are given: check their types, locate errors at the
construct path, and wait for the resources they name.

Reading ``node.path`` is a round trip to jsii's node process, so these read it only when they raise.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import jsii
from aws_cdk import Annotations, CfnResource, Duration, Stack
from constructs import Node

from ._project_base import IProject, _ProjectBase
from .errors import ConfigurationError, is_token

T = TypeVar("T")


class _HasNode(Protocol):
    @property
    def node(self) -> Node: ...


@contextmanager
def located_at(construct: _HasNode, field_prefix: str | None = None) -> Iterator[None]:
    """Give every :class:`ConfigurationError` raised inside (by the construct's own checks, or by a
    model value it validates or renders) the construct's path, its field nested under
    ``field_prefix``; errors that already name a path pass unchanged."""
    try:
        yield
    except ConfigurationError as err:
        if err.path is not None:
            raise
        raise err.at(construct.node.path, field_prefix) from None


def renamed(
    construct: str,
    old: str,
    old_value: Any,
    new: str,
    new_value: Any,
    *,
    required: str | None = None,
) -> tuple[str, Any]:
    """The field and value of a prop renamed from ``old`` to ``new``. The old name keeps working for
    one release, with a :class:`DeprecationWarning` pointing at the user's call; giving both is an
    error, and so is giving neither when the prop is ``required`` (which says what it is)."""
    if old_value is None:
        if new_value is None and required is not None:
            raise ConfigurationError(new, None, f"is required: {required}")
        return new, new_value
    if new_value is not None:
        raise ConfigurationError(old, old_value, f"is the deprecated name of {new}; give only {new}")
    deprecated(f"{construct}({old}=...) is deprecated and will be removed in the next release: use {new}=...")
    return old, old_value


def deprecated(message: str) -> None:
    """A :class:`DeprecationWarning` at the user's line (the first frame outside cdk_pinpoint and jsii)."""
    warnings.warn(message, DeprecationWarning, stacklevel=_user_stacklevel())


def _user_stacklevel() -> int:
    """The ``stacklevel`` of the first frame outside cdk_pinpoint and jsii (which wraps every
    construct's ``__init__``): the user's line that a warning should point at."""
    inside = (str(Path(__file__).resolve().parent), str(Path(jsii.__file__).resolve().parent))
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(inside):
        frame, level = frame.f_back, level + 1
    return level


def require_instance(
    field: str,
    value: Any,
    expected: type[Any] | tuple[type[Any], ...],
    allowed: str | None = None,
    *,
    optional: bool = False,
) -> Any:
    """``value`` if it is an instance of ``expected`` (or None, if ``optional``); a
    :class:`ConfigurationError` saying what is ``allowed`` otherwise (by default "must be a <class>").

    List a concrete class before a runtime-checkable protocol in ``expected``: the protocol check
    reads every member (``node`` is a jsii round trip), the class check reads none.
    """
    if (value is None and optional) or isinstance(value, expected):
        return value
    if allowed is None:
        name = (expected[0] if isinstance(expected, tuple) else expected).__name__
        allowed = f"must be {'an' if name[0] in 'AEIOU' else 'a'} {name}"
    raise ConfigurationError(field, value, allowed)


def require_enum(field: str, value: Any, enum_type: type[T], *, optional: bool = False) -> T:
    """``value`` if it is a member of ``enum_type`` (or None, if ``optional``); a
    :class:`ConfigurationError` listing the members otherwise."""
    if (value is None and optional) or isinstance(value, enum_type):
        return value  # type: ignore[return-value]
    members = ", ".join(f"{enum_type.__name__}.{m.name}" for m in enum_type)  # type: ignore[attr-defined]
    raise ConfigurationError(field, value, f"must be one of {members}")


def require_each(field: str, values: Any, expected: type[Any] | tuple[type[Any], ...], allowed: str) -> tuple[Any, ...]:
    """``values`` (None or a list) as a tuple, each an instance of ``expected``; the field names the bad index."""
    if values is None:
        return ()
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ConfigurationError(field, values, f"must be a list; each {allowed.removeprefix('must be ')}")
    items = tuple(values)
    for index, value in enumerate(items):
        require_instance(f"{field}[{index}]", value, expected, allowed)
    return items


def project_of(construct: _HasNode, project: Any) -> IProject:
    """``project`` if it is an :class:`IProject`; a :class:`ConfigurationError` at the construct's path otherwise."""
    if isinstance(project, _ProjectBase):  # ours: no protocol check, no path read
        return project
    return require_project(project, construct.node.path)


def project_of_import(scope: _HasNode, id: str, project: Any) -> IProject:
    """:func:`project_of` for an import about to be created as ``scope/id``: it needs the project's
    ARN before its own construct exists."""
    if isinstance(project, _ProjectBase):
        return project
    return require_project(project, f"{scope.node.path}/{id}")


def require_project(project: Any, path: str) -> IProject:
    """``project`` if it is an :class:`IProject`; a :class:`ConfigurationError` at ``path`` otherwise."""
    if not isinstance(project, IProject):
        raise ConfigurationError(
            "project", project, "must be an IProject (a Project or an imported project)", path=path
        )
    return project


def depend_on_created(dependent: _HasNode, targets: Iterable[_HasNode]) -> None:
    """Make ``dependent`` wait for each target created in this app: CloudFormation then creates the
    target first and deletes it last. For what is referred to by a plain name (templates), which
    CloudFormation cannot see; an import has no resource to wait for, so it adds nothing.

    Each of ``node``, ``try_find_child`` and ``add_dependency`` is a round trip to jsii's node
    process, so this asks as little as it can: a target that holds its CloudFormation resource as
    ``_cfn_resource`` (our templates) is added to a ``CfnResource`` dependent in one call; a class
    attribute ``_CREATES_RESOURCE`` (ours have it) says whether a target created a resource; other
    constructs are asked whether they hold a child "Resource", and all of those are added at once.
    """
    created: list[_HasNode] = []
    seen: set[int] = set()
    for target in targets:
        if id(target) in seen:
            continue
        seen.add(id(target))
        cfn_resource = getattr(target, "_cfn_resource", None)
        if cfn_resource is not None and isinstance(dependent, CfnResource):
            dependent.add_resource_dependency(cfn_resource)
            continue
        creates = getattr(type(target), "_CREATES_RESOURCE", None)
        if creates is None:
            # Created constructs hold their primary resource as the child "Resource" (cdk-style.md);
            # imported ones hold none.
            creates = target.node.try_find_child("Resource") is not None
        if creates:
            created.append(target)
    if created:
        dependent.node.add_dependency(*created)


#: The context key that pins "now" for the start-in-the-past check (an ISO 8601 instant).
NOW_CONTEXT_KEY = "cdk-pinpoint:now"
#: The id of the warning a start in the past gives when no time is pinned (acknowledge it with
#: ``Annotations.of(scope).acknowledge_warning(SCHEDULE_IN_THE_PAST_WARNING_ID, reason)``).
SCHEDULE_IN_THE_PAST_WARNING_ID = "cdk-pinpoint:schedule-in-the-past"


def check_not_past(construct: _HasNode, times: Iterable[tuple[str, datetime | None]]) -> None:
    """Pinpoint rejects a new schedule whose start or end has passed. Synth must not be a function of
    the clock, so: with a time pinned in context (``cdk-pinpoint:now``) a past time is an error; without
    one, it is a warning (``cdk-pinpoint:schedule-in-the-past``, acknowledgeable), so an old commit
    still synthesizes. ``times`` are (field, time) pairs; None and deploy-time values are skipped.
    Context is read only when there is a time to judge (each read is two round trips to jsii)."""
    known = [(field, time) for field, time in times if time is not None]
    if not known:
        return
    pinned = construct.node.try_get_context(NOW_CONTEXT_KEY)
    if pinned is not None:
        try:
            now = datetime.fromisoformat(str(pinned))
        except ValueError:
            raise ConfigurationError(
                f"context[{NOW_CONTEXT_KEY!r}]", pinned, "must be an ISO 8601 instant with a time zone"
            ) from None
        if now.tzinfo is None:
            raise ConfigurationError(f"context[{NOW_CONTEXT_KEY!r}]", pinned, "must carry a time zone (e.g. +00:00)")
    for field, time in known:
        if pinned is not None:
            if time < now:
                allowed = f"must not be in the past (now, pinned in context {NOW_CONTEXT_KEY!r}: {pinned})"
                raise ConfigurationError(field, time.isoformat(), allowed)
        elif time < datetime.now(UTC):
            Annotations.of(construct).add_warning_v2(  # type: ignore[arg-type]
                SCHEDULE_IN_THE_PAST_WARNING_ID,
                f"{field}={time.isoformat()} is in the past: Pinpoint rejects a new schedule that starts or ends "
                f"before the deploy. Pin the time synth judges by with context {NOW_CONTEXT_KEY!r} to make this an "
                "error, or acknowledge this warning if the schedule is already deployed.",
            )


def other_region(construct: _HasNode, arn: str) -> str | None:
    """The stack's region when ``arn`` (known at synth) names another one; None otherwise."""
    parts = arn.split(":")
    if len(parts) < 4 or not parts[3] or is_token(arn):
        return None
    region = Stack.of(construct).region  # type: ignore[arg-type]
    return region if not is_token(region) and parts[3] != region else None


def check_same_region(construct: _HasNode, field: str, arn: str, why: str) -> None:
    """Fail when ``arn`` (known at synth) names another region than the construct's stack."""
    region = other_region(construct, arn)
    if region is not None:
        raise ConfigurationError(field, arn, f"must be in the stack's region {region}: {why}")


def check_whole_days(field: str, duration: Duration, why: str) -> None:
    """Fail unless ``duration`` (known at synth) is a whole number of days."""
    _check_whole(field, duration, 86400, "days", why)


def check_whole_seconds(field: str, duration: Duration | None, why: str) -> None:
    """Fail unless ``duration`` (known at synth; None passes) is a whole number of seconds:
    ``Duration.to_seconds()`` of a fraction is a jsii error, not the user's message."""
    if duration is not None:
        _check_whole(field, duration, 1, "seconds", why)


def _check_whole(field: str, duration: Duration, unit_seconds: int, unit: str, why: str) -> None:
    if not is_token(duration) and duration.to_seconds(integral=False) % unit_seconds:
        raise ConfigurationError(field, duration.to_human_string(), f"must be a whole number of {unit} ({why})")
