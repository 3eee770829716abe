"""Segments: dimensional segments with typed dimensions and groups, imported segments.

A segment is written from frozen model values that check themselves where they are written:

* :class:`SetFilter` (demographic and location values, event types): one of / none of a list;
* :class:`AttributeFilter` (endpoint and user attributes): the operators of Pinpoint's
  ``AttributeType`` (INCLUSIVE, EXCLUSIVE, CONTAINS, BEFORE, AFTER, ON, BETWEEN);
* :class:`MetricFilter` (endpoint metrics): GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL,
  LESS_THAN_OR_EQUAL, EQUAL;
* :class:`GpsPoint`, :class:`Recency`;
* :class:`SegmentDimensions` (all of the above, combined with AND), :class:`SegmentGroup`
  (dimensions and/or source segments, each with its own ALL/ANY/NONE).

botocore's Pinpoint model is the authority on the operators: it has no ``NOT_BETWEEN`` attribute
operator, and a metric dimension compares with one value, so there is no metric ``BETWEEN``.

Each model type renders itself to the CloudFormation shape in one method (``_to_cfn``) and evaluates
itself against an endpoint in one method (``_matches``), which :meth:`Segment.matches` uses.

Modules: :mod:`.filters` (filters and dimensions), :mod:`.segment` (``ISegment``, groups and
:class:`Segment`), :mod:`.import_job` (:class:`ImportedSegment`). Import from ``cdk_pinpoint.segments``
(or ``cdk_pinpoint``).
"""

from __future__ import annotations

from .filters import (
    CHANNEL_TYPES as CHANNEL_TYPES,
)
from .filters import (
    AttributeFilter,
    AttributeOperator,
    CannotEvaluateLocally,
    GpsPoint,
    Include,
    MetricFilter,
    MetricOperator,
    Recency,
    RecencyDuration,
    SegmentDimensions,
    SetFilter,
)
from .import_job import (
    IMPORT_JOB_ACTIONS as IMPORT_JOB_ACTIONS,
)
from .import_job import (
    ImportedSegment,
    ImportFormat,
)
from .segment import (
    _SEGMENT_ALLOWED as _SEGMENT_ALLOWED,
)
from .segment import (
    ISegment,
    Segment,
    SegmentGroup,
)
from .segment import (
    _SegmentBase as _SegmentBase,
)

__all__ = [
    "AttributeFilter",
    "AttributeOperator",
    "CannotEvaluateLocally",
    "GpsPoint",
    "ISegment",
    "ImportFormat",
    "ImportedSegment",
    "Include",
    "MetricFilter",
    "MetricOperator",
    "Recency",
    "RecencyDuration",
    "Segment",
    "SegmentDimensions",
    "SegmentGroup",
    "SetFilter",
]
