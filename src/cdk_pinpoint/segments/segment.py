"""Dimensional segments (``AWS::Pinpoint::Segment``): ``ISegment``, :class:`SegmentGroup` and
:class:`Segment`, with ``Segment.from_segment_id`` for one defined elsewhere."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from aws_cdk import Resource
from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct, Node

from .. import _cfn_schema
from .._construct_checks import (
    located_at,
    project_of,
    project_of_import,
    renamed,
    require_each,
    require_enum,
    require_instance,
)
from .._project_base import IProject
from .._shapes import without_none
from .._typed_args import construct_init
from ..errors import (
    ConfigurationError,
    check_length,
)
from ..segment_rules import CannotEvaluateLocally, Matcher, compile_segment
from .filters import Include, SegmentDimensions

_MAX_NAME_LENGTH = 64
_SEGMENT_ALLOWED = "must be an ISegment (a Segment, an ImportedSegment or Segment.from_segment_id(...))"


@runtime_checkable
class ISegment(Protocol):
    """A Pinpoint segment, created here or imported. Campaigns and journeys take these."""

    @property
    def node(self) -> Node: ...

    @property
    def segment_id(self) -> str: ...

    @property
    def project(self) -> IProject:
        """The project the segment belongs to (campaigns and journeys must use the same one)."""
        ...


# --------------------------------------------------------------------------------------------
# Model values
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentGroup:
    """Endpoints selected by dimensions and/or source (base) segments.

    An endpoint is in the group when it passes the dimensions (combined by ``include``) and the
    source segments (combined by ``source_include``); a part that is not given does not filter.

    :param dimensions: criteria sets. Default: - none.
    :param source_segments: base segments, from the same project: several dimensional segments,
        or exactly one imported segment. Default: - none (all endpoints).
    :param include: how the dimensions combine (Pinpoint's ``Type``). Default: Include.ALL
    :param source_include: how the source segments combine (``SourceType``). Default: Include.ANY
    """

    dimensions: Sequence[SegmentDimensions] = ()
    source_segments: Sequence[ISegment] = ()
    include: Include = Include.ALL
    source_include: Include = Include.ANY

    def __post_init__(self) -> None:
        dimensions = require_each("group.dimensions", self.dimensions, SegmentDimensions, "must be a SegmentDimensions")
        sources = require_each(
            "group.source_segments", self.source_segments, (_SegmentBase, ISegment), _SEGMENT_ALLOWED
        )
        object.__setattr__(self, "dimensions", dimensions)
        object.__setattr__(self, "source_segments", sources)
        require_enum("group.include", self.include, Include)
        require_enum("group.source_include", self.source_include, Include)
        if not self.dimensions and not self.source_segments:
            raise ConfigurationError("group", {}, "needs dimensions, source segments or both")
        imported = [s for s in self.source_segments if getattr(type(s), "_IMPORTED", False)]
        if imported and len(self.source_segments) > 1:
            raise ConfigurationError(
                "source_segments",
                [s.node.path for s in self.source_segments],
                "an imported segment must be the only source segment of its group",
            )

    @classmethod
    def excluding(cls, *segments: ISegment) -> SegmentGroup:
        """A group of the endpoints that are in none of ``segments``."""
        return cls(source_segments=segments, source_include=Include.NONE)

    def _to_cfn(self) -> dict[str, Any]:
        rendered = {
            "dimensions": [d._to_cfn() for d in self.dimensions] or None,
            "sourceSegments": [{"id": s.segment_id} for s in self.source_segments] or None,
            "sourceType": self.source_include.value if self.source_segments else None,
            "type": self.include.value,
        }
        return without_none(rendered)


# --------------------------------------------------------------------------------------------
# Constructs
# --------------------------------------------------------------------------------------------


class _SegmentBase(Resource):
    """The id, project and ARN of every kind of segment (subclasses set the id and project)."""

    _segment_id: str
    _project: IProject
    #: an import job's static segment (``ImportedSegment``), which Pinpoint allows as the only source of a group
    _IMPORTED = False

    @property
    def segment_id(self) -> str:
        return self._segment_id

    @property
    def project(self) -> IProject:
        return self._project

    @property
    def segment_arn(self) -> str:
        """``arn:...:mobiletargeting:<region>:<account>:apps/<project id>/segments/<segment id>``."""
        return f"{self.project.project_arn}/segments/{self.segment_id}"

    def _take_name_and_project(self, construct: str, name: Any, segment_name: Any, project: Any) -> str:
        """Check the segment's name (``segment_name``, or the deprecated ``name``) and keep its project."""
        name_field, name = renamed(
            construct, "name", name, "segment_name", segment_name, required="its name, 1-64 characters"
        )
        self._project = project_of(self, project)
        check_length(name_field, name, _MAX_NAME_LENGTH)
        return str(name)


def _check_same_project(project: IProject, segments: Sequence[ISegment]) -> None:
    stack = project.stack
    for segment in segments:
        if segment.project is project:
            continue
        if stack.resolve(segment.project.project_id) != stack.resolve(project.project_id):
            raise ConfigurationError(
                "source_segments",
                segment.node.path,
                f"must belong to the same project as the segment ({project.node.path})",
            )


class Segment(_SegmentBase):
    """A dimensional segment (``AWS::Pinpoint::Segment``).

    "All EMAIL endpoints whose City attribute is Berlin, excluding the endpoints of a test segment"::

        Segment(self, "BerlinEmail", project=project, name="berlin-email", groups=[
            SegmentGroup(dimensions=[SegmentDimensions(
                channel=SetFilter.is_any_of("EMAIL"),
                attributes={"City": AttributeFilter.is_any_of("Berlin")},
            )]),
            SegmentGroup.excluding(test_segment),
        ])

    When both ``dimensions`` and ``groups`` are given, :meth:`matches` requires both.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the segment belongs to.
    :param segment_name: the segment's name, 1-64 characters (required).
    :param dimensions: criteria every endpoint of the segment meets (Pinpoint's top-level
        ``Dimensions``). Default: - none.
    :param groups: segment groups. Default: - none.
    :param include: how the groups combine. Default: Include.ALL
    :param tags: tags for the segment. Default: - none.
    :param name: deprecated: use ``segment_name`` (one naming rule for physical names).
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        segment_name: str | None = None,
        dimensions: SegmentDimensions | None = None,
        groups: Sequence[SegmentGroup] | None = None,
        include: Include | None = None,
        tags: Mapping[str, str] | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(scope, id, physical_name=segment_name if segment_name is not None else name)
        # Every error below names this segment's path; it is read only when one is raised.
        with located_at(self):
            name = self._take_name_and_project("Segment", name, segment_name, project)
            self.dimensions = require_instance(
                "dimensions", dimensions, SegmentDimensions, "must be a SegmentDimensions", optional=True
            )
            self.groups = require_each("groups", groups, SegmentGroup, "must be a SegmentGroup")
            self.include = require_enum("include", include, Include, optional=True) or Include.ALL
            if dimensions is None and not self.groups:
                raise ConfigurationError(
                    "dimensions", None, "a segment needs dimensions or groups (use ImportedSegment for a list)"
                )
            for group in self.groups:
                _check_same_project(project, group.source_segments)
                if self in group.source_segments:
                    raise ConfigurationError("source_segments", self.node.path, "a segment cannot be its own source")
            self._resource = _cfn_schema.create(
                pinpoint.CfnSegment,
                self,
                "Resource",
                fields={"Name": "segment_name"},
                application_id=project.project_id,
                name=name,
                dimensions=dimensions._to_cfn() if dimensions else None,
                segment_groups=(
                    {"groups": [g._to_cfn() for g in self.groups], "include": self.include.value}
                    if self.groups
                    else None
                ),
                tags=dict(tags) if tags else None,
            )

    @property
    def segment_id(self) -> str:
        # Read from the L1 on use: each read is a jsii round trip (see benchmarks/synth_overhead.py).
        return self._resource.attr_segment_id

    @property
    def resource(self) -> pinpoint.CfnSegment:
        """The underlying ``AWS::Pinpoint::Segment``, for escape hatches."""
        return self._resource

    def matches(self, endpoint: Mapping[str, Any], *, now: datetime | None = None) -> bool:
        """Whether Pinpoint would put ``endpoint`` (an ``EndpointResponse``-shaped dict) in this segment.

        It evaluates the segment as it synthesizes (``Dimensions`` and ``SegmentGroups``) with
        :mod:`cdk_pinpoint.segment_rules`, which documents the semantics of every dimension kind
        and is what ``cdk-pinpoint simulate`` uses on a cloud assembly.

        Raises :class:`CannotEvaluateLocally` for what needs Pinpoint's data: source segments not
        defined as :class:`Segment` here (imported, or from :meth:`from_segment_id`); recency
        without the endpoint's ``EffectiveDate``; device type without ``Demographic.DeviceType``.

        :param endpoint: the endpoint, as ``GetEndpoint`` returns it.
        :param now: the time recency is judged at. Default: - the current time.
        """
        now = now or datetime.now(UTC)
        stack = self.stack
        properties = stack.resolve(self._resource._render_properties(self._resource._cfn_properties))
        sources = {
            json.dumps(stack.resolve(source.segment_id), sort_keys=True): source
            for group in self.groups
            for source in group.source_segments
        }

        def source_matcher(segment_id: Any) -> Matcher:
            source = sources.get(json.dumps(segment_id, sort_keys=True))
            if isinstance(source, Segment):
                return lambda e: source.matches(e, now=now)
            where = source.node.path if source is not None else segment_id
            raise CannotEvaluateLocally(
                f"source segment {where} is not defined here; Pinpoint alone knows its endpoints"
            )

        return compile_segment(properties, now=now, resolve_source=source_matcher)(endpoint)

    @staticmethod
    def from_segment_id(scope: Construct, id: str, *, project: IProject, segment_id: str) -> ISegment:
        """Import an existing segment of ``project`` by its id (not validated)."""
        return _ImportedSegmentReference(scope, id, project=project, segment_id=segment_id)


class _ImportedSegmentReference(_SegmentBase):
    def __init__(self, scope: Construct, id: str, *, project: IProject, segment_id: str) -> None:
        project = project_of_import(scope, id, project)
        super().__init__(scope, id, environment_from_arn=project.project_arn)
        self._project = project
        self._segment_id = segment_id
