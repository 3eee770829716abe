"""Journey: a Pinpoint journey, deployed by the cdk-pinpoint custom-resource provider."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from aws_cdk import Duration, Names, RemovalPolicy, Resource
from aws_cdk import aws_iam as iam
from constructs import Construct, Node

from .._api_resource import PinpointApiResource, TaggablePinpointApiResource, api_provider
from .._binding import bind
from .._construct_checks import (
    check_not_past,
    depend_on_created,
    deprecated,
    located_at,
    project_of,
    project_of_import,
    renamed,
    require_enum,
    require_instance,
)
from .._nag import acknowledge_wildcard_resource
from .._project_base import IProject
from .._shapes import without_none
from .._shared import journey_model
from .._typed_args import checked_values, construct_init, reject_invalid
from ..errors import ConfigurationError, check_length, is_token
from ..monitoring.metrics import MESSAGE_CHANNELS, MessagingMetrics
from ..segments import _SEGMENT_ALLOWED, AttributeFilter, ISegment, MetricFilter, _SegmentBase
from ..settings import QuietTime
from .activities import Activity, IChainable
from .graph import mermaid_from_request

# The provider's journey calls, each allowed only on the resource type IAM authorizes it on (Service
# Authorization Reference, "Actions, resources, and condition keys for Amazon Pinpoint"): CreateJourney
# on "journeys" (apps/<id>/journeys), ListJourneys on "app" (apps/<id>), the others on "journey"
# (apps/<id>/journeys/<journey id>).
#: actions on one journey of this project (``<project arn>/journeys/*``)
JOURNEY_ACTIONS = (
    "mobiletargeting:DeleteJourney",
    "mobiletargeting:GetJourney",
    "mobiletargeting:UpdateJourney",
    "mobiletargeting:UpdateJourneyState",
)
# The provider appends "-" and 8 hex digits to the name, so a retried create finds its journey.
NAME_SUFFIX_LENGTH = 9
MAX_JOURNEY_NAME = journey_model.MAX_NAME - NAME_SUFFIX_LENGTH


class JourneyState(enum.Enum):
    """The state to keep the journey in. PAUSED and CANCELLED apply to a journey already deployed ACTIVE."""

    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    CANCELLED = "CANCELLED"


class ActiveChange(enum.Enum):
    """What a deploy does when the definition of an ACTIVE or PAUSED journey changes (Pinpoint cannot edit it)."""

    #: create a new journey; the old one is cancelled and deleted (participants' progress is lost)
    REPLACE = "REPLACE"
    #: fail the deploy and leave the live journey alone
    FAIL = "FAIL"


class EventFilterType(enum.Enum):
    """Which events start a journey."""

    #: events an application reports for an endpoint (PutEvents)
    ENDPOINT = "ENDPOINT"
    #: events Pinpoint itself records
    SYSTEM = "SYSTEM"


class TimezoneEstimation(enum.Enum):
    """How Pinpoint guesses an endpoint's time zone when it has none."""

    PHONE_NUMBER = "PHONE_NUMBER"
    POSTAL_CODE = "POSTAL_CODE"


@checked_values(field="start")
class JourneyStart:
    """Who enters the journey: a segment's members, or endpoints that report an event."""

    def __init__(self, condition: dict[str, Any], segment: ISegment | None) -> None:
        self._condition = condition
        self.segment = segment

    @staticmethod
    def from_segment(segment: ISegment, *, description: str | None = None) -> JourneyStart:
        """The members of ``segment`` enter the journey (see ``Refresh`` for re-evaluation).

        :param segment: a segment of the journey's project.
        :param description: a description of the start condition. Default: - none.
        """
        require_instance("start.segment", segment, (_SegmentBase, ISegment), _SEGMENT_ALLOWED)
        condition = {"SegmentStartCondition": {"SegmentId": segment.segment_id}}
        return JourneyStart(without_none({"Description": description, **condition}), segment)

    @staticmethod
    def from_event(
        event_type: str | Sequence[str],
        *,
        filter_type: EventFilterType = EventFilterType.ENDPOINT,
        attributes: Mapping[str, AttributeFilter | Sequence[str]] | None = None,
        metrics: Mapping[str, MetricFilter | tuple[str, float]] | None = None,
        segment: ISegment | None = None,
        description: str | None = None,
    ) -> JourneyStart:
        """Endpoints enter the journey when they report an event.

        :param event_type: the event type(s), e.g. ``"purchase"``.
        :param filter_type: where the events come from. Default: EventFilterType.ENDPOINT
        :param attributes: event attributes and their tests, as segments write them:
            ``{"plan": AttributeFilter.is_any_of("pro")}`` (a list of values is deprecated). Default: - none.
        :param metrics: event metrics and their tests: ``{"amount": MetricFilter.greater_than(100)}``
            (an ``(operator, value)`` tuple is deprecated). Default: - none.
        :param segment: only endpoints in this segment enter. Default: - any endpoint.
        :param description: a description of the start condition. Default: - none.
        """
        require_instance("start.segment", segment, (_SegmentBase, ISegment), _SEGMENT_ALLOWED, optional=True)
        require_enum("start.filter_type", filter_type, EventFilterType)
        types = [event_type] if isinstance(event_type, str) else list(event_type)
        if not types or any(not isinstance(t, str) or not t for t in types):
            raise ConfigurationError("start.event_type", event_type, "must name at least one event type, none empty")
        dimensions: dict[str, Any] = {"EventType": {"DimensionType": "INCLUSIVE", "Values": types}}
        if attributes:
            dimensions["Attributes"] = {name: _event_attribute(test) for name, test in attributes.items()}
        if metrics:
            dimensions["Metrics"] = {name: _event_metric(test) for name, test in metrics.items()}
        event = without_none(
            {
                "EventFilter": {"Dimensions": dimensions, "FilterType": filter_type.value},
                "SegmentId": segment.segment_id if segment is not None else None,
            }
        )
        return JourneyStart(without_none({"Description": description, "EventStartCondition": event}), segment)


def _event_attribute(test: AttributeFilter | Sequence[str]) -> dict[str, Any]:
    if isinstance(test, AttributeFilter):
        return test._to_json()
    deprecated("JourneyStart.from_event(attributes={name: [values]}) is deprecated: pass an AttributeFilter")
    return {"AttributeType": "INCLUSIVE", "Values": list(test)}


def _event_metric(test: MetricFilter | tuple[str, float]) -> dict[str, Any]:
    if isinstance(test, MetricFilter):
        return test._to_json()
    deprecated("JourneyStart.from_event(metrics={name: (operator, value)}) is deprecated: pass a MetricFilter")
    operator, value = test
    return {"ComparisonOperator": operator, "Value": value}


@checked_values(field="refresh")
@dataclass(frozen=True)
class Refresh:
    """How often the journey re-evaluates its segment and event data.

    :param frequency: re-evaluate this often. Default: - never.
    :param on_segment_update: re-evaluate when the segment changes. Default: - Pinpoint's default (no).
    """

    frequency: Duration | None = None
    on_segment_update: bool | None = None

    def __post_init__(self) -> None:
        if self.frequency is not None and not is_token(self.frequency) and self.frequency.to_seconds() <= 0:
            raise ConfigurationError("refresh.frequency", self.frequency.to_human_string(), "must be longer than zero")

    def _to_api(self) -> dict[str, Any]:
        return without_none(
            {
                "RefreshFrequency": self.frequency.to_iso_string() if self.frequency is not None else None,
                "RefreshOnSegmentUpdate": self.on_segment_update,
            }
        )


@checked_values(field="schedule")
@dataclass(frozen=True)
class JourneySchedule:
    """When the journey runs (at most 3,600 days).

    :param start: when it starts (timezone-aware). Default: - when it is published.
    :param end: when it ends, after ``start``. Default: - 3,600 days after the start.
    :param timezone: the UTC offset of ``start`` and ``end`` when ``local_time`` is set, e.g. ``"UTC+02"``.
        Default: - none.
    """

    start: datetime | None = None
    end: datetime | None = None
    timezone: str | None = None

    def __post_init__(self) -> None:
        _raise_first(journey_model.schedule_problems(self._to_api()), "schedule")

    def _to_api(self) -> dict[str, Any]:
        return without_none(
            {
                "StartTime": self.start.isoformat() if self.start is not None else None,
                "EndTime": self.end.isoformat() if self.end is not None else None,
                "Timezone": self.timezone,
            }
        )


@checked_values(field="limits")
@dataclass(frozen=True)
class JourneyLimits:
    """How many messages the journey sends, and how often a participant may enter it.

    :param daily_cap: messages per participant per 24 hours, 0-100. Default: - no limit.
    :param total_cap: messages per participant in total, 0-100 (0 = no limit). Default: - no limit.
    :param endpoint_reentry_cap: times a participant may enter, 0-100 (0 = unlimited). Default: - Pinpoint's.
    :param endpoint_reentry_interval: the minimum time between two entries. Default: - none.
    :param messages_per_second: the sending rate, at least 1. Default: - Pinpoint's.
    :param timeframe_cap: messages per participant in ``timeframe_days``, 0-100. Default: - no limit.
    :param timeframe_days: the timeframe of ``timeframe_cap``, 0-30 days. Default: - no limit.
    """

    daily_cap: int | None = None
    total_cap: int | None = None
    endpoint_reentry_cap: int | None = None
    endpoint_reentry_interval: Duration | None = None
    messages_per_second: int | None = None
    timeframe_cap: int | None = None
    timeframe_days: int | None = None

    def __post_init__(self) -> None:
        _raise_first(journey_model.limits_problems(self._to_api()), "limits")

    def _to_api(self) -> dict[str, Any]:
        interval = self.endpoint_reentry_interval
        return without_none(
            {
                "DailyCap": self.daily_cap,
                "TotalCap": self.total_cap,
                "EndpointReentryCap": self.endpoint_reentry_cap,
                "EndpointReentryInterval": interval.to_iso_string() if interval is not None else None,
                "MessagesPerSecond": self.messages_per_second,
                "TimeframeCap": without_none({"Cap": self.timeframe_cap, "Days": self.timeframe_days}) or None,
            }
        )


@checked_values(field="closed_day")
@dataclass(frozen=True)
class ClosedDay:
    """A period in which a channel sends nothing (part of a ``SendingSchedule``).

    :param name: a name for the rule.
    :param start: when it starts.
    :param end: when it ends, after ``start`` (both timezone-aware, or both naive).
    """

    name: str
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        _raise_first(journey_model.closed_day_problems(self._to_api(), "closed_day"), "closed_day", keep=True)

    def _to_api(self) -> dict[str, str]:
        return {"Name": self.name, "StartDateTime": self.start.isoformat(), "EndDateTime": self.end.isoformat()}


@checked_values(field="sending_schedule")
@dataclass(frozen=True)
class SendingSchedule:
    """Per-channel open hours and closed days (Pinpoint's "advanced quiet time"; the journey needs ``quiet_time``).

    Channels are EMAIL, SMS, PUSH, VOICE and CUSTOM; days MONDAY to SUNDAY (botocore's OpenHours,
    ClosedDays and DayOfWeek shapes).

    :param open_hours: channel -> weekday -> ``[("09:00", "17:00"), ...]`` (24-hour "HH:MM", each start
        before its end), e.g. ``{"EMAIL": {"MONDAY": [("09:00", "17:00")]}}``. Default: - none.
    :param closed_days: channel -> closed periods, e.g. ``{"SMS": [ClosedDay(...)]}``. Default: - none.
    """

    open_hours: Mapping[str, Mapping[str, Sequence[tuple[str, str]]]] = field(default_factory=dict)
    closed_days: Mapping[str, Sequence[ClosedDay]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _raise_first(journey_model.sending_schedule_problems(self._to_api()), "sending_schedule", keep=True)

    def _to_api(self) -> dict[str, Any]:
        open_hours = {
            channel: {
                day: [{"StartTime": start, "EndTime": end} for start, end in rules] for day, rules in days.items()
            }
            for channel, days in self.open_hours.items()
        }
        closed = {channel: [d._to_api() for d in days] for channel, days in self.closed_days.items()}
        return without_none({"SendingSchedule": True, "OpenHours": open_hours or None, "ClosedDays": closed or None})


@checked_values(field="contact_center")
@dataclass(frozen=True)
class ContactCenterSettings:
    """The Amazon Connect campaign ContactCenter activities hand participants to.

    :param connect_campaign_arn: the Connect campaign's ARN.
    :param execution_role: the role Pinpoint assumes to start the campaign's calls.
    """

    connect_campaign_arn: str
    execution_role: iam.IRole

    def _to_api(self) -> dict[str, str]:
        return {
            "ConnectCampaignArn": self.connect_campaign_arn,
            "ConnectCampaignExecutionRoleArn": self.execution_role.role_arn,
        }


@runtime_checkable
class IJourney(Protocol):
    """A Pinpoint journey, created here or imported (:meth:`Journey.from_journey_id`)."""

    @property
    def node(self) -> Node: ...

    @property
    def journey_id(self) -> str: ...

    @property
    def journey_arn(self) -> str:
        """``arn:<partition>:mobiletargeting:<region>:<account>:apps/<project_id>/journeys/<journey_id>``."""
        ...

    def grant(self, grantee: iam.IGrantable, *actions: str) -> iam.Grant:
        """Grant ``actions`` (``mobiletargeting:...``) on this journey."""
        ...


class _JourneyBase(Resource, MessagingMetrics):
    """The ARN and grant of created and imported journeys (subclasses give the project and the id)."""

    project: IProject

    @property
    def journey_id(self) -> str:
        raise NotImplementedError  # each subclass reads it where it has it

    @property
    def journey_arn(self) -> str:
        return f"{self.project.project_arn}/journeys/{self.journey_id}"

    def grant(self, grantee: iam.IGrantable, *actions: str) -> iam.Grant:
        """Grant ``actions`` (``mobiletargeting:...``, e.g. ``GetJourney``) on this journey."""
        return iam.Grant.add_to_principal(grantee=grantee, actions=list(actions), resource_arns=[self.journey_arn])

    def _metric_scope(self) -> tuple[str, str | None, str | None]:
        return self.project.project_id, None, self.journey_id


class _ImportedJourney(_JourneyBase):
    def __init__(self, scope: Construct, id: str, *, project: IProject, journey_id: str) -> None:
        project = project_of_import(scope, id, project)
        super().__init__(scope, id, environment_from_arn=project.project_arn)
        self.project = project
        self._journey_id = journey_id

    @property
    def journey_id(self) -> str:
        return self._journey_id


class Journey(_JourneyBase):
    """An Amazon Pinpoint journey: a graph of activities participants walk through.

    CloudFormation has no journey resource; a cdk-pinpoint custom resource creates it. While the
    journey is a DRAFT it is updated in place. Pinpoint cannot edit an ACTIVE or PAUSED journey, so
    a changed definition creates a new journey and the old one is cancelled, then deleted
    (participants' progress and re-entry counts start over); ``on_active_change=ActiveChange.FAIL``
    refuses instead. A change of ``state`` alone (ACTIVE -> PAUSED -> ACTIVE, -> CANCELLED) is made
    in place. Pinpoint's journeys reached end of support on 2026-10-30.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the journey belongs to.
    :param start: who enters: ``JourneyStart.from_segment(...)`` or ``JourneyStart.from_event(...)``.
    :param definition: the first activity, or a chain (``email.next(wait).next(split)``).
    :param journey_name: the name, 1-141 characters without spaces (the provider appends ``-`` and 8
        hex digits). Default: - a name derived from the construct path.
    :param state: the state to keep the journey in. Default: JourneyState.DRAFT
    :param schedule: when the journey runs. Default: - from publication, for up to 3,600 days.
    :param limits: sending and re-entry limits. Default: - the project's.
    :param quiet_time: when no messages are sent (participants' local time). Default: - none.
    :param wait_for_quiet_time: hold participants in quiet time until it ends, rather than skip the
        message. Default: - Pinpoint's default (no).
    :param local_time: the schedule is in each participant's local time. Default: - Pinpoint's (no).
    :param refresh: re-evaluation of the start segment. Default: - none.
    :param timezone_estimation: how to guess a participant's time zone. Default: - none.
    :param sending_schedule: per-channel open hours and closed days (needs ``quiet_time``). Default: - none.
    :param contact_center: the Connect campaign for ContactCenter activities. Default: - none.
    :param on_active_change: what a deploy does when a live journey's definition changes.
        Default: ActiveChange.REPLACE
    :param removal_policy: what happens to the journey when it leaves the stack (or is replaced):
        ``RemovalPolicy.DESTROY`` deletes it, ``RemovalPolicy.RETAIN`` cancels it but keeps it (with
        its analytics). Default: RemovalPolicy.DESTROY
    :param retain_on_delete: deprecated: use ``removal_policy`` (``True`` is ``RemovalPolicy.RETAIN``),
        as on the project and the archive.
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        start: JourneyStart,
        definition: IChainable,
        journey_name: str | None = None,
        state: JourneyState = JourneyState.DRAFT,
        schedule: JourneySchedule | None = None,
        limits: JourneyLimits | None = None,
        quiet_time: QuietTime | None = None,
        wait_for_quiet_time: bool | None = None,
        local_time: bool | None = None,
        refresh: Refresh | None = None,
        timezone_estimation: Sequence[TimezoneEstimation] | None = None,
        sending_schedule: SendingSchedule | None = None,
        contact_center: ContactCenterSettings | None = None,
        on_active_change: ActiveChange = ActiveChange.REPLACE,
        removal_policy: RemovalPolicy | None = None,
        retain_on_delete: bool | None = None,
    ) -> None:
        super().__init__(scope, id)
        # Every error below names this journey's path; it is read only when one is raised.
        with located_at(self):
            project = self._check_inputs(project, start, definition, state, on_active_change, schedule, limits,
                                         quiet_time, refresh, sending_schedule, contact_center)  # fmt: skip
            if schedule is not None:
                check_not_past(self, [("schedule.start", schedule.start), ("schedule.end", schedule.end)])
            retain = self._retains(removal_policy, retain_on_delete)
            check_length("journey_name", journey_name, MAX_JOURNEY_NAME)
            if journey_name is not None and " " in journey_name:
                raise ConfigurationError("journey_name", journey_name, "must not contain spaces")
            for method in timezone_estimation or ():
                if not isinstance(method, TimezoneEstimation):
                    allowed = ", ".join(f"TimezoneEstimation.{m.name}" for m in TimezoneEstimation)
                    raise ConfigurationError("timezone_estimation", method, f"must be one of {allowed}")
            if start.segment is not None and start.segment.project is not project:
                raise ConfigurationError(
                    "start.segment",
                    start.segment.node.path,
                    f"belongs to another project than {project.node.path}",
                )
            self.project = project
            self.journey_name = journey_name or Names.unique_resource_name(self, max_length=MAX_JOURNEY_NAME)
            self.activities = _walk(definition.start_activity)
            for activity in self.activities:
                for segment in activity._segments():
                    if segment.project is not project:
                        raise ConfigurationError(
                            f"activities.{activity.activity_id}",
                            segment.node.path,
                            f"tests a segment of another project than {project.node.path}",
                        )
                bind(self, f"activities.{activity.activity_id}", activity, project=project)
            settings: dict[str, Any] = {
                "Name": self.journey_name,
                "State": state.value,
                "StartCondition": start._condition,
                "Schedule": schedule._to_api() if schedule is not None else None,
                "Limits": limits._to_api() if limits is not None else None,
                "QuietTime": quiet_time._to_api() if quiet_time is not None else None,
                "WaitForQuietTime": wait_for_quiet_time,
                "LocalTime": local_time,
                "TimezoneEstimationMethods": [m.value for m in timezone_estimation] if timezone_estimation else None,
                "JourneyChannelSettings": contact_center._to_api() if contact_center is not None else None,
                **(refresh._to_api() if refresh is not None else {}),
                **(sending_schedule._to_api() if sending_schedule is not None else {}),
            }
            self.request = self._render_request(definition.start_activity, settings)
            _raise_first(journey_model.problems(self.request), "", keep=True)

        journeys_arn = f"{project.project_arn}/journeys/*"
        self._resource = TaggablePinpointApiResource(
            self,
            "Resource",
            project=project,
            kind="Journey",
            request=self.request,
            actions=JOURNEY_ACTIONS,
            resource_arns=[journeys_arn],
            options={"OnActiveChange": on_active_change.value, "RetainOnDelete": str(retain).lower()},
        )
        # Templates are named by a plain string, which CloudFormation cannot see: without this it may
        # create the journey before its templates, and delete them first. (Segments are referred to
        # by Fn::GetAtt inside the request, which CloudFormation already orders.)
        depend_on_created(self._resource, [t for a in self.activities for t in a._templates()])
        provider_role = api_provider(self).role
        project.grant_create_journeys(provider_role)
        acknowledge_wildcard_resource(
            provider_role,
            self.stack,
            journeys_arn,
            "journey ids are chosen by Pinpoint at create time; the wildcard covers only this project's journeys",
        )
        if contact_center is not None:
            # Pinpoint is handed the execution role when the journey is written.
            contact_center.execution_role.grant_pass_role(provider_role)

    @staticmethod
    def _retains(removal_policy: Any, retain_on_delete: Any) -> bool:
        """Whether a removed journey is kept (cancelled) rather than deleted."""
        if retain_on_delete is not None:
            require_instance("retain_on_delete", retain_on_delete, bool)
            retain_on_delete = RemovalPolicy.RETAIN if retain_on_delete else RemovalPolicy.DESTROY
        field, policy = renamed("Journey", "retain_on_delete", retain_on_delete, "removal_policy", removal_policy)
        if policy not in (None, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN):
            raise ConfigurationError(field, policy, "must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN")
        return policy is RemovalPolicy.RETAIN

    def _check_inputs(
        self,
        project: Any,
        start: Any,
        definition: Any,
        state: Any,
        on_active_change: Any,
        schedule: Any,
        limits: Any,
        quiet_time: Any,
        refresh: Any,
        sending_schedule: Any,
        contact_center: Any,
    ) -> IProject:
        """The project, once every argument is of the type the journey takes."""
        require_instance("start", start, JourneyStart,
                         "must be a JourneyStart (JourneyStart.from_segment(...) or .from_event(...))")  # fmt: skip
        require_instance("definition", definition, IChainable, "must be an activity or a chain of activities")
        require_enum("state", state, JourneyState)
        require_enum("on_active_change", on_active_change, ActiveChange)
        for field_name, value, kind in (
            ("schedule", schedule, JourneySchedule),
            ("limits", limits, JourneyLimits),
            ("quiet_time", quiet_time, QuietTime),
            ("refresh", refresh, Refresh),
            ("sending_schedule", sending_schedule, SendingSchedule),
            ("contact_center", contact_center, ContactCenterSettings),
        ):
            require_instance(field_name, value, kind, f"must be a {kind.__name__}", optional=True)
        return project_of(self, project)

    def _render_request(self, start: Activity, settings: dict[str, Any]) -> dict[str, Any]:
        """The whole WriteJourneyRequest: the one place a journey becomes its API shape."""
        ids: dict[int, str] = {}
        owners: dict[str, Activity] = {}
        for activity in self.activities:
            activity_id = activity.activity_id
            if activity_id in owners:
                raise ConfigurationError(
                    f"activities.{activity_id}",
                    activity.name,
                    f"has the same activity id as {owners[activity_id].name!r}; give one an activity_id",
                    path=self.node.path,
                )
            owners[activity_id] = activity
            ids[id(activity)] = activity_id

        def id_of(activity: Activity, where: str) -> str:
            if id(activity) not in ids:
                raise ConfigurationError(
                    f"activities.{where}",
                    activity.name,
                    "refers to an activity that is not part of the journey (connect it, or refer to one that is)",
                    path=self.node.path,
                )
            return ids[id(activity)]

        try:
            activities = {ids[id(a)]: a._render(id_of, ids[id(a)]) for a in self.activities}
        except ConfigurationError as err:
            raise (err if err.path else err.at(self.node.path)) from None
        return without_none({**settings, "Activities": activities, "StartActivity": ids[id(start)]})

    def _message_channels(self) -> frozenset[str]:
        return frozenset(a._api_type for a in self.activities if a._api_type in MESSAGE_CHANNELS)

    @property
    def journey_id(self) -> str:
        """The journey's id (it changes when a live journey is replaced)."""
        return self._resource.resource.ref

    @property
    def resource(self) -> PinpointApiResource:
        """The custom resource, for escape hatches."""
        return self._resource

    @staticmethod
    def from_journey_id(scope: Construct, id: str, *, project: IProject, journey_id: str) -> IJourney:
        """Import a journey of ``project`` by its id (not validated), like ``Segment.from_segment_id``."""
        return _ImportedJourney(scope, id, project=project, journey_id=journey_id)

    def to_mermaid(self) -> str:
        """The activity graph as a Mermaid flowchart."""
        return mermaid_from_request(self.request)


def _walk(start: Activity) -> list[Activity]:
    """Every activity reachable from ``start``, in a stable (depth-first, branch order) order."""
    seen: dict[int, Activity] = {}
    pending = [start]
    while pending:
        activity = pending.pop()
        if id(activity) in seen:
            continue
        reject_invalid("definition", activity)  # an activity made invalid after it was chained
        seen[id(activity)] = activity
        pending.extend(reversed(activity._successors()))
    return list(seen.values())


# The journey model (shared with the runtime checks) names API fields; errors name the Python
# fields the user wrote, in the field and in the explanation. Whole dotted names first (two API
# fields map to one keyword), then parts; None drops a level of the API's nesting that Python does
# not have (a Wait's WaitTime; an activity's type is dropped too).
_PYTHON_FIELDS = {
    "DailyCap": "daily_cap",
    "TotalCap": "total_cap",
    "EndpointReentryCap": "endpoint_reentry_cap",
    "MessagesPerSecond": "messages_per_second",
    "TimeframeCap.Cap": "timeframe_cap",
    "TimeframeCap.Days": "timeframe_days",
    "Schedule.StartTime": "schedule.start",
    "Schedule.EndTime": "schedule.end",
}
_PYTHON_FIELD_PARTS: dict[str, str | None] = {
    "Timezone": "timezone",
    "StartTime": "start",
    "EndTime": "end",
    "StartDateTime": "start",
    "EndDateTime": "end",
    "OpenHours": "open_hours",
    "ClosedDays": "closed_days",
    "State": "state",
    "Schedule": "schedule",
    "Limits": "limits",
    "QuietTime": "quiet_time",
    "SendingSchedule": "sending_schedule",
    "RefreshFrequency": "refresh",
    "JourneyChannelSettings": "contact_center",
    "Activities": "activities",
    "StartActivity": "definition",
    "WaitFor": "duration",
    "WaitUntil": "until",
    "Percentage": "percentage",
    "Branches": "branches",
    "WaitTime": None,
}
# API names in an explanation: only the CamelCase ones, which prose never uses as plain words.
_API_WORDS = re.compile(
    r"\b("
    + "|".join(
        re.escape(name)
        for name in sorted([*_PYTHON_FIELDS, *_PYTHON_FIELD_PARTS], key=len, reverse=True)
        if re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+(?:\.[A-Za-z]+)?|[A-Za-z]+\.[A-Za-z]+", name)
    )
    + r")\b"
)


def _python_field(api_field: str) -> str:
    api_field = api_field.removeprefix("WriteJourneyRequest.")  # botocore's validation names the request
    if api_field in _PYTHON_FIELDS:
        return _PYTHON_FIELDS[api_field]
    api_parts = api_field.split(".")
    if api_parts[0] == "Activities" and len(api_parts) > 2 and api_parts[2] in journey_model.ACTIVITY_TYPES:
        del api_parts[2]  # Activities.<id>.Wait...: the activity's type is its Python class
    parts = []
    for part in api_parts:
        name, bracket, index = part.partition("[")
        python = _PYTHON_FIELD_PARTS.get(name, name)
        if python is not None:
            parts.append(python + bracket + index)
    return ".".join(parts)


def _python_text(text: str) -> str:
    """An explanation from the journey model, with the API's field names replaced by the Python ones."""
    return _API_WORDS.sub(lambda match: _python_field(match.group(1)), text)


def _raise_first(found: list[Any], prefix: str, *, keep: bool = False) -> None:
    """Raise the first problem, its field under ``prefix`` (replacing the API's first part unless ``keep``)
    and named as the Python field; its explanation in Python names too."""
    if found:
        problem = found[0]
        field = _python_field(problem.field if keep else problem.field.split(".", 1)[-1])
        if prefix and not field.startswith(prefix):
            field = f"{prefix}.{field}"
        raise ConfigurationError(field, problem.value, _python_text(problem.allowed))
