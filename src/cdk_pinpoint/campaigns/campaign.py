"""Campaigns: messages or templates, schedules, A/B treatments, hold-out, limits, custom delivery.

A campaign is written from frozen model values that check themselves where they are written
(:class:`Schedule`, the messages, :class:`Treatment`, :class:`CustomDelivery`); the
:class:`Campaign` construct then checks how they fit together (channel, frequency, sizes, project)
and renders them to ``AWS::Pinpoint::Campaign`` in one place each.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard, Union

from aws_cdk import Resource
from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct

from .._binding import bind
from .._construct_checks import depend_on_created, located_at, project_of, require_each, require_enum, require_instance
from .._project_base import IProject, allow_pinpoint_to_invoke
from .._shapes import without_none
from ..errors import ConfigurationError, check_choice, check_length, check_range, is_token
from ..segments import (
    _SEGMENT_ALLOWED,
    CHANNEL_TYPES,
    AttributeFilter,
    ImportedSegment,
    ISegment,
    MetricFilter,
    SetFilter,
    _SegmentBase,
)
from ..settings import CampaignHook, Limits, QuietTime, SmsMessageType
from ..templates import InAppContent, InAppLayout, ITemplate, PushAction, TemplateKind, TextAlignment, _TemplateBase

if TYPE_CHECKING:
    # Type hints only: importing aws_cdk.aws_lambda costs every synth a noticeable share of its time.
    from aws_cdk import aws_lambda as lambda_

    from .._binding import BindContext

_MAX_NAME_LENGTH = 64
IMMEDIATE = "IMMEDIATE"
# Our own template class first: checking the protocol reads every member, each a jsii round trip.
_TEMPLATE_TYPES = (_TemplateBase, ITemplate)
_TEMPLATE_ALLOWED = "must be an ITemplate (an EmailTemplate, SmsTemplate or PushTemplate, or an imported one)"
_MESSAGE_ALLOWED = "must be an EmailMessage, SmsMessage, PushMessage, InAppMessage or CustomMessage"

#: the UTC offsets Pinpoint accepts as a schedule's time zone (botocore ``Schedule.Timezone``).
TIME_ZONES = (
    "UTC",
    "UTC+01", "UTC+02", "UTC+03", "UTC+03:30", "UTC+04", "UTC+04:30", "UTC+05", "UTC+05:30", "UTC+05:45",
    "UTC+06", "UTC+06:30", "UTC+07", "UTC+08", "UTC+09", "UTC+09:30", "UTC+10", "UTC+10:30", "UTC+11",
    "UTC+12", "UTC+13",
    "UTC-02", "UTC-03", "UTC-04", "UTC-05", "UTC-06", "UTC-07", "UTC-08", "UTC-09", "UTC-10", "UTC-11",
)  # fmt: skip


class CampaignChannel(enum.Enum):
    """The channel a campaign sends through, given by its message or template."""

    EMAIL = "EMAIL"
    SMS = "SMS"
    PUSH = "PUSH"
    IN_APP = "IN_APP"
    CUSTOM = "CUSTOM"


# CloudFormation's TemplateConfiguration has email, SMS, push and voice templates (no in-app).
_TEMPLATE_CHANNELS = {
    TemplateKind.EMAIL: CampaignChannel.EMAIL,
    TemplateKind.SMS: CampaignChannel.SMS,
    TemplateKind.PUSH: CampaignChannel.PUSH,
}
_TEMPLATE_CFN_KEYS = {
    CampaignChannel.EMAIL: "emailTemplate",
    CampaignChannel.SMS: "smsTemplate",
    CampaignChannel.PUSH: "pushTemplate",
}


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


class _Message(Protocol):
    channel: CampaignChannel

    def _to_cfn(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class EmailMessage:
    """An email written into the campaign.

    :param subject: the subject line.
    :param html_body: the HTML body. Default: - none (``text_body`` is required then).
    :param text_body: the plain-text body. Default: - none (``html_body`` is required then).
    :param from_address: the sender. Default: - the project's email channel's address.
    """

    subject: str
    html_body: str | None = None
    text_body: str | None = None
    from_address: str | None = None
    channel: CampaignChannel = field(default=CampaignChannel.EMAIL, init=False)

    def __post_init__(self) -> None:
        check_length("email.subject", self.subject, 998)
        if self.html_body is None and self.text_body is None:
            raise ConfigurationError("email.html_body", None, "an email needs an HTML body, a text body or both")

    def _to_cfn(self) -> dict[str, Any]:
        email = {"title": self.subject, "htmlBody": self.html_body, "body": self.text_body,
                 "fromAddress": self.from_address}  # fmt: skip
        return {"emailMessage": without_none(email)}


@dataclass(frozen=True)
class SmsMessage:
    """A text message written into the campaign.

    :param body: the text.
    :param message_type: transactional (critical, highest reliability) or promotional.
        Default: SmsMessageType.PROMOTIONAL
    :param sender_id: the alphanumeric sender id, where supported. Default: - none.
    :param origination_number: the number to send from. Default: - the channel's default.
    :param entity_id: the DLT entity id (India). Default: - none.
    :param template_id: the DLT template id (India). Default: - none.
    """

    body: str
    message_type: SmsMessageType = SmsMessageType.PROMOTIONAL
    sender_id: str | None = None
    origination_number: str | None = None
    entity_id: str | None = None
    template_id: str | None = None
    channel: CampaignChannel = field(default=CampaignChannel.SMS, init=False)

    def __post_init__(self) -> None:
        check_length("sms.body", self.body, 1600)

    def _to_cfn(self) -> dict[str, Any]:
        sms = {
            "body": self.body,
            "messageType": self.message_type.value,
            "senderId": self.sender_id,
            "originationNumber": self.origination_number,
            "entityId": self.entity_id,
            "templateId": self.template_id,
        }
        return {"smsMessage": without_none(sms)}


@dataclass(frozen=True)
class PushMessage:
    """A push notification written into the campaign, sent the same on APNs, FCM, Baidu and ADM.

    :param title: the title.
    :param body: the text.
    :param action: what tapping does. Default: PushAction.OPEN_APP
    :param url: the URL or deep link for ``URL`` / ``DEEP_LINK``. Default: - none.
    :param image_url: an image to show. Default: - none.
    :param silent: deliver as a silent (data) notification. Default: False
    """

    title: str
    body: str
    action: PushAction = PushAction.OPEN_APP
    url: str | None = None
    image_url: str | None = None
    silent: bool = False
    channel: CampaignChannel = field(default=CampaignChannel.PUSH, init=False)

    def __post_init__(self) -> None:
        if self.action in (PushAction.URL, PushAction.DEEP_LINK) and self.url is None:
            raise ConfigurationError("push.url", None, f"is required when action is {self.action.value}")

    def _to_cfn(self) -> dict[str, Any]:
        message = {"title": self.title, "body": self.body, "action": self.action.value, "url": self.url,
                   "imageUrl": self.image_url, "silentPush": self.silent or None}  # fmt: skip
        message = without_none(message)
        return {key: message for key in ("apnsMessage", "gcmMessage", "baiduMessage", "admMessage")}


@dataclass(frozen=True, init=False)
class InAppMessage:
    """An in-app message written into the campaign: a layout and its content cards.

    ``InAppMessage(InAppLayout.BOTTOM_BANNER, InAppContent(header="Sale", body="20% off today"))``;
    a carousel takes several cards. The cards are the in-app template's :class:`InAppContent`
    (buttons, colours, images). The campaign API requires an alignment and a text colour with
    every header and body, so one the card leaves unset is centred and black.

    :param layout: where and how it appears.
    :param content: the content cards, at least one.
    :param custom_config: key-value pairs handed to the app. Default: - none.
    """

    layout: InAppLayout
    content: tuple[InAppContent, ...]
    custom_config: Mapping[str, str] | None
    channel: CampaignChannel = field(default=CampaignChannel.IN_APP, init=False)

    def __init__(
        self, layout: InAppLayout, *content: InAppContent, custom_config: Mapping[str, str] | None = None
    ) -> None:
        if not content:
            raise ConfigurationError("in_app.content", [], "an in-app message needs at least one InAppContent")
        object.__setattr__(self, "layout", layout)
        object.__setattr__(self, "content", content)
        object.__setattr__(self, "custom_config", custom_config)

    def _to_cfn(self) -> dict[str, Any]:
        cards = [
            card._to_cfn(default_alignment=TextAlignment.CENTER, default_text_color="#000000") for card in self.content
        ]
        in_app: dict[str, Any] = {"layout": self.layout.value, "content": cards}
        if self.custom_config:
            in_app["customConfig"] = dict(self.custom_config)
        return {"inAppMessage": in_app}


@dataclass(frozen=True)
class CustomMessage:
    """The data a custom channel (a Lambda function or web hook) receives; needs ``custom_delivery``.

    :param data: the message data, up to 5,000 characters.
    """

    data: str
    channel: CampaignChannel = field(default=CampaignChannel.CUSTOM, init=False)

    def __post_init__(self) -> None:
        check_length("custom.data", self.data, 5000)

    def _to_cfn(self) -> dict[str, Any]:
        return {"customMessage": {"data": self.data}}


Message = Union[EmailMessage, SmsMessage, PushMessage, InAppMessage, CustomMessage]  # noqa: UP007
_MESSAGE_TYPES = (EmailMessage, SmsMessage, PushMessage, InAppMessage, CustomMessage)


def _is_template(content: Message | ITemplate) -> TypeGuard[ITemplate]:
    return not isinstance(content, _MESSAGE_TYPES)


def _channel_of(content: Message | ITemplate) -> CampaignChannel:
    if isinstance(content, _MESSAGE_TYPES):
        return content.channel
    return _TEMPLATE_CHANNELS[content.template_kind]


# --------------------------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------------------------


class Frequency(enum.Enum):
    """How often a campaign is sent (Pinpoint's ``Frequency``)."""

    ONCE = "ONCE"
    HOURLY = "HOURLY"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    #: sent when an endpoint reports an event (email, SMS, push, custom)
    EVENT = "EVENT"
    #: shown when the app reports an event (in-app campaigns only)
    IN_APP_EVENT = "IN_APP_EVENT"


_RECURRING = (Frequency.HOURLY, Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY)
_EVENT_FREQUENCIES = (Frequency.EVENT, Frequency.IN_APP_EVENT)


class EventSource(enum.Enum):
    """Which events trigger the campaign (Pinpoint's event filter type)."""

    #: events your app or backend reports for an endpoint
    ENDPOINT = "ENDPOINT"
    #: events Pinpoint itself records
    SYSTEM = "SYSTEM"


def _time_text(field_name: str, value: datetime | str, now: datetime) -> str:
    if isinstance(value, str):
        if value == IMMEDIATE or is_token(value):
            return value
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ConfigurationError(field_name, value, 'must be an ISO 8601 instant or "IMMEDIATE"') from None
    if value.tzinfo is None:
        raise ConfigurationError(field_name, value, "must carry a time zone (e.g. tzinfo=UTC)")
    if value < now:
        raise ConfigurationError(
            field_name, value.isoformat(), f"must not be in the past (now: {now.isoformat(timespec='seconds')})"
        )
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Schedule:
    """When a campaign (or a treatment) is sent. Use the class methods.

    Pinpoint rejects start times in the past, so a start is checked against the current time
    when the schedule is written (that is, at synth). A consequence of CloudFormation issue
    #2139 (cloudformation-coverage-roadmap): once a deployed campaign's start time has passed, a
    failed update cannot roll back, because the rollback re-sends the old, now past, start time
    ("StartTime must be at least current time"); fix forward, or use ``Schedule.immediately()``.

    :param frequency: how often.
    :param start: the first send, a time-zone-aware datetime or ``"IMMEDIATE"``.
    :param end: the last possible send. Default: - none (required for event schedules).
    :param time_zone: the UTC offset the times are read in, when ``local_time``. Default: - UTC.
    :param local_time: send at each recipient's local time. Default: False
    :param event_type: the event types that trigger an event schedule. Default: - none.
    :param event_attributes: criteria on the event's attributes. Default: - none.
    :param event_metrics: criteria on the event's metrics. Default: - none.
    :param event_source: which events. Default: EventSource.ENDPOINT
    """

    frequency: Frequency
    start: datetime | str
    end: datetime | str | None = None
    time_zone: str | None = None
    local_time: bool = False
    event_type: SetFilter | None = None
    event_attributes: Mapping[str, AttributeFilter] | None = None
    event_metrics: Mapping[str, MetricFilter] | None = None
    event_source: EventSource = EventSource.ENDPOINT

    def __post_init__(self) -> None:
        require_enum("schedule.frequency", self.frequency, Frequency)
        require_enum("schedule.event_source", self.event_source, EventSource)
        now = datetime.now(UTC)
        start = _time_text("schedule.start", self.start, now)
        end = None if self.end is None else _time_text("schedule.end", self.end, now)
        check_choice("schedule.time_zone", self.time_zone, TIME_ZONES)
        is_event = self.frequency in _EVENT_FREQUENCIES
        if is_event and self.event_type is None:
            raise ConfigurationError("schedule.event_type", None, f"{self.frequency.value} schedules need event types")
        if not is_event and (self.event_type or self.event_attributes or self.event_metrics):
            raise ConfigurationError(
                "schedule.frequency", self.frequency.value, "event filters need Frequency.EVENT or IN_APP_EVENT"
            )
        if is_event and end is None:
            raise ConfigurationError("schedule.end", None, "event-triggered campaigns need an end time")
        if self.frequency is Frequency.ONCE and end is not None:
            raise ConfigurationError("schedule.end", end, "a campaign sent once has no end time")
        if end is not None and start != IMMEDIATE and not is_token(start) and not is_token(end) and end <= start:
            raise ConfigurationError("schedule.end", end, f"must be after schedule.start ({start})")
        object.__setattr__(self, "_start_text", start)
        object.__setattr__(self, "_end_text", end)

    def _check_not_past(self, now: datetime) -> None:
        """Fail if the start or end is before ``now``: a schedule written a while ago is checked
        again when a campaign uses it (Pinpoint rejects times in the past)."""
        _time_text("schedule.start", self.start, now)
        if self.end is not None:
            _time_text("schedule.end", self.end, now)

    @classmethod
    def immediately(cls) -> Schedule:
        """Send once, as soon as the campaign is deployed."""
        return cls(Frequency.ONCE, IMMEDIATE)

    @classmethod
    def once(cls, at: datetime | str, *, local_time: bool = False, time_zone: str | None = None) -> Schedule:
        """Send once at ``at`` (in each recipient's local time if ``local_time``)."""
        return cls(Frequency.ONCE, at, local_time=local_time, time_zone=time_zone)

    @classmethod
    def recurring(
        cls,
        frequency: Frequency,
        *,
        start: datetime | str,
        end: datetime | str | None = None,
        time_zone: str | None = None,
        local_time: bool = False,
    ) -> Schedule:
        """Send every hour, day, week or month from ``start`` until ``end``."""
        if frequency not in _RECURRING:
            allowed = ", ".join(f.value for f in _RECURRING)
            raise ConfigurationError("schedule.frequency", frequency.value, f"a recurring schedule is one of {allowed}")
        return cls(frequency, start, end, time_zone=time_zone, local_time=local_time)

    @classmethod
    def on_event(
        cls,
        *event_types: str,
        start: datetime | str,
        end: datetime | str | None = None,
        attributes: Mapping[str, AttributeFilter] | None = None,
        metrics: Mapping[str, MetricFilter] | None = None,
        source: EventSource = EventSource.ENDPOINT,
        in_app: bool = False,
    ) -> Schedule:
        """Send when an endpoint reports one of ``event_types`` between ``start`` and ``end``.

        :param in_app: for in-app campaigns (``IN_APP_EVENT``). Default: False
        """
        frequency = Frequency.IN_APP_EVENT if in_app else Frequency.EVENT
        return cls(
            frequency,
            start,
            end,
            event_type=SetFilter(event_types),
            event_attributes=attributes,
            event_metrics=metrics,
            event_source=source,
        )

    def _to_cfn(self, quiet_time: QuietTime | None) -> dict[str, Any]:
        rendered: dict[str, Any] = {
            "frequency": self.frequency.value,
            "startTime": self._start_text,  # type: ignore[attr-defined]
            "endTime": self._end_text,  # type: ignore[attr-defined]
            "timeZone": self.time_zone,
            "isLocalTime": self.local_time or None,
            "quietTime": quiet_time._to_cfn() if quiet_time else None,
        }
        if self.event_type is not None:
            dimensions: dict[str, Any] = {"eventType": self.event_type._to_cfn()}
            # Attributes and metrics are Json maps in CloudFormation: written with its own keys.
            if self.event_attributes:
                dimensions["attributes"] = {k: v._to_json() for k, v in self.event_attributes.items()}
            if self.event_metrics:
                dimensions["metrics"] = {k: v._to_json() for k, v in self.event_metrics.items()}
            rendered["eventFilter"] = {"filterType": self.event_source.value, "dimensions": dimensions}
        return without_none(rendered)


# --------------------------------------------------------------------------------------------
# Custom delivery and treatments
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomDelivery:
    """Where a custom-channel campaign is delivered: a Lambda function or an HTTPS web hook.

    Use :meth:`lambda_function` (Pinpoint is allowed to invoke it for this project only) or :meth:`url`.
    """

    uri: str
    function: lambda_.IFunction | None = None
    endpoint_types: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for endpoint_type in self.endpoint_types or ():
            check_choice("custom_delivery.endpoint_types", endpoint_type, CHANNEL_TYPES)
        if self.function is None and not is_token(self.uri) and not self.uri.startswith("https://"):
            raise ConfigurationError("custom_delivery.url", self.uri, "must be a full https:// URL")

    @classmethod
    def lambda_function(
        cls, function: lambda_.IFunction, *, endpoint_types: Sequence[str] | None = None
    ) -> CustomDelivery:
        """Deliver through ``function`` (for example ``CustomChannel(...).function``).

        :param endpoint_types: the endpoint channel types to deliver to. Default: - all.
        """
        return cls(function.function_arn, function, tuple(endpoint_types) if endpoint_types else None)

    @classmethod
    def url(cls, url: str, *, endpoint_types: Sequence[str] | None = None) -> CustomDelivery:
        """Deliver by POSTing to an HTTPS ``url``."""
        return cls(url, None, tuple(endpoint_types) if endpoint_types else None)

    def bind(self, context: BindContext) -> dict[str, Any]:
        """Let the campaign's project invoke the function (if any); return the
        ``CustomDeliveryConfiguration`` property (see ``cdk_pinpoint._binding``)."""
        if self.function is not None:
            allow_pinpoint_to_invoke(context.project, self.function)
        rendered: dict[str, Any] = {"deliveryUri": self.uri}
        if self.endpoint_types:
            rendered["endpointTypes"] = list(self.endpoint_types)
        return rendered


@dataclass(frozen=True)
class Treatment:
    """One arm of an A/B test. What it does not set, it takes from the campaign.

    :param size_percent: the share of the segment that gets this treatment, 0-100.
    :param message: the message. Default: - the campaign's message or template.
    :param template: the template. Default: - the campaign's message or template.
    :param schedule: the schedule. Default: - the campaign's schedule.
    :param name: a name for reports. Default: - none.
    :param description: a description. Default: - none.
    """

    size_percent: int
    message: Message | None = None
    template: ITemplate | None = None
    schedule: Schedule | None = None
    name: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        check_range("treatment.size_percent", self.size_percent, 0, 100)
        require_instance("treatment.message", self.message, _MESSAGE_TYPES, _MESSAGE_ALLOWED, optional=True)
        require_instance("treatment.template", self.template, _TEMPLATE_TYPES, _TEMPLATE_ALLOWED, optional=True)
        require_instance("treatment.schedule", self.schedule, Schedule, "must be a Schedule", optional=True)
        if self.message is not None and self.template is not None:
            raise ConfigurationError(
                "treatment.template", self.template.template_name, "give a message or a template, not both"
            )


# --------------------------------------------------------------------------------------------
# The construct
# --------------------------------------------------------------------------------------------


class ICampaign(Protocol):
    @property
    def campaign_id(self) -> str: ...


class Campaign(Resource):
    """A Pinpoint campaign (``AWS::Pinpoint::Campaign``) on one channel: email, SMS, push, in-app
    or custom, chosen by its message or template.

    An A/B campaign lists ``treatments``: their sizes plus ``holdout_percent`` must be 100; the
    first treatment is the campaign's own (CloudFormation's top-level message and schedule),
    the others are additional treatments.

    Start times are checked against the current time at synth; see :class:`Schedule` for what
    CloudFormation issue #2139 means for rolling back a campaign whose start time has passed.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project.
    :param segment: the segment to send to, from the same project.
    :param name: the campaign's name, 1-64 characters.
    :param schedule: when to send. Default: - the first treatment's schedule (one is required).
    :param message: the message. Default: - a template (one of the two is required, here or in
        every treatment).
    :param template: the message template (email, SMS or push). Default: - a message.
    :param treatments: A/B treatments. Default: - one treatment: the campaign itself.
    :param holdout_percent: the share of the segment that gets nothing (the control), 0-100.
        Default: - none.
    :param limits: sending limits (``session`` is allowed here). Default: - the project's.
    :param quiet_time: hours without sends, in each endpoint's time zone. Default: - the project's.
    :param priority: 1 (highest) to 5, orders in-app messages shown at the same time. Default: - none.
    :param hook: a Lambda function Pinpoint calls while sending. Default: - the project's.
    :param custom_delivery: where a custom-channel campaign is delivered (required with a
        :class:`CustomMessage`, refused otherwise). Default: - none.
    :param description: a description. Default: - none.
    :param segment_version: the segment version to use. Default: - the latest.
    :param paused: create the campaign paused. Default: - not paused.
    :param tags: tags for the campaign. Default: - none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        segment: ISegment,
        name: str,
        schedule: Schedule | None = None,
        message: Message | None = None,
        template: ITemplate | None = None,
        treatments: Sequence[Treatment] | None = None,
        holdout_percent: int | None = None,
        limits: Limits | None = None,
        quiet_time: QuietTime | None = None,
        priority: int | None = None,
        hook: CampaignHook | None = None,
        custom_delivery: CustomDelivery | None = None,
        description: str | None = None,
        segment_version: int | None = None,
        paused: bool | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id, physical_name=name)
        # Every error below names this campaign's path; it is read only when one is raised.
        with located_at(self):
            self._create(
                project=project, segment=segment, name=name, schedule=schedule, message=message, template=template,
                treatments=treatments, holdout_percent=holdout_percent, limits=limits, quiet_time=quiet_time,
                priority=priority, hook=hook, custom_delivery=custom_delivery, description=description,
                segment_version=segment_version, paused=paused, tags=tags,
            )  # fmt: skip

    def _create(
        self,
        *,
        project: IProject,
        segment: ISegment,
        name: str,
        schedule: Schedule | None,
        message: Message | None,
        template: ITemplate | None,
        treatments: Sequence[Treatment] | None,
        holdout_percent: int | None,
        limits: Limits | None,
        quiet_time: QuietTime | None,
        priority: int | None,
        hook: CampaignHook | None,
        custom_delivery: CustomDelivery | None,
        description: str | None,
        segment_version: int | None,
        paused: bool | None,
        tags: Mapping[str, str] | None,
    ) -> None:
        self.project = project_of(self, project)
        self.segment = require_instance("segment", segment, (_SegmentBase, ISegment), _SEGMENT_ALLOWED)
        require_instance("message", message, _MESSAGE_TYPES, _MESSAGE_ALLOWED, optional=True)
        require_instance("template", template, _TEMPLATE_TYPES, _TEMPLATE_ALLOWED, optional=True)
        require_instance("schedule", schedule, Schedule, "must be a Schedule (Schedule.once(...), ...)", optional=True)
        arms_given = require_each("treatments", treatments, Treatment, "must be a Treatment")
        require_instance("limits", limits, Limits, "must be a Limits", optional=True)
        require_instance("quiet_time", quiet_time, QuietTime, "must be a QuietTime", optional=True)
        require_instance("hook", hook, CampaignHook, "must be a CampaignHook", optional=True)
        require_instance("custom_delivery", custom_delivery, CustomDelivery,
                         "must be a CustomDelivery (CustomDelivery.lambda_function(...) or .url(...))",
                         optional=True)  # fmt: skip
        check_length("name", name, _MAX_NAME_LENGTH)
        check_range("holdout_percent", holdout_percent, 0, 100)
        check_range("priority", priority, 1, 5)
        check_range("segment_version", segment_version, 1)
        self._check_segment_project(project, segment)
        if message is not None and template is not None:
            raise ConfigurationError("template", template.template_name, "give a message or a template, not both")

        arms = list(arms_given or [Treatment(100 - (holdout_percent or 0))])
        if arms_given:
            total = sum(t.size_percent for t in arms) + (holdout_percent or 0)
            if total != 100:
                sizes = [t.size_percent for t in arms]
                raise ConfigurationError(
                    "treatments.size_percent", sizes,
                    f"treatment sizes plus holdout_percent ({holdout_percent or 0}) must be 100, not {total}",
                )  # fmt: skip
        contents = [self._content(i, arm, message, template) for i, arm in enumerate(arms)]
        schedules = [arm.schedule or schedule for arm in arms]
        self.channel = self._channel(contents)
        for index, arm_schedule in enumerate(schedules):
            self._check_schedule(index, arm_schedule, segment)
        if self.channel is CampaignChannel.CUSTOM and custom_delivery is None:
            raise ConfigurationError("custom_delivery", None, "a custom-channel campaign needs custom_delivery")
        if self.channel is not CampaignChannel.CUSTOM and custom_delivery is not None:
            raise ConfigurationError("custom_delivery", custom_delivery.uri,
                                     "only campaigns with a CustomMessage are custom-delivered")  # fmt: skip
        delivery = bind(self, "custom_delivery", custom_delivery, project=project) if custom_delivery else None

        def arm_properties(index: int) -> dict[str, Any]:
            content, arm_schedule = contents[index], schedules[index]
            assert arm_schedule is not None  # checked above
            is_message = not _is_template(content)
            return {
                "messageConfiguration": content._to_cfn() if is_message else None,  # type: ignore[union-attr]
                "templateConfiguration": None if is_message else self._template_cfn(content),  # type: ignore[arg-type]
                "schedule": arm_schedule._to_cfn(quiet_time),
                "customDeliveryConfiguration": delivery,
            }

        main = arm_properties(0)
        additional = []
        for index, arm in enumerate(arms[1:], start=1):
            rendered = {**arm_properties(index), "sizePercent": arm.size_percent,
                        "treatmentName": arm.name, "treatmentDescription": arm.description}  # fmt: skip
            additional.append(without_none(rendered))

        self._resource = pinpoint.CfnCampaign(
            self,
            "Resource",
            application_id=project.project_id,
            name=name,
            segment_id=segment.segment_id,
            segment_version=segment_version,
            schedule=main["schedule"],
            message_configuration=main["messageConfiguration"],
            template_configuration=main["templateConfiguration"],
            custom_delivery_configuration=main["customDeliveryConfiguration"],
            treatment_name=arms[0].name,
            treatment_description=arms[0].description,
            additional_treatments=additional or None,
            holdout_percent=holdout_percent,
            limits=bind(self, "limits", limits, project=project) if limits else None,
            priority=priority,
            campaign_hook=bind(self, "hook", hook, project=project) if hook else None,
            description=description,
            is_paused=paused,
            tags=dict(tags) if tags else None,
        )
        # Templates are named by a plain string, which CloudFormation cannot see: without this it may
        # create the campaign before its template, and delete the template first.
        depend_on_created(self._resource, [c for c in contents if _is_template(c)])

    @property
    def campaign_id(self) -> str:
        # Read from the L1 on use: each read is a jsii round trip (see benchmarks/synth_overhead.py).
        return self._resource.attr_campaign_id

    @property
    def campaign_arn(self) -> str:
        return self._resource.attr_arn

    @property
    def resource(self) -> pinpoint.CfnCampaign:
        """The underlying ``AWS::Pinpoint::Campaign``, for escape hatches."""
        return self._resource

    # ---- checks

    def _field(self, index: int, name: str) -> str:
        return name if index == 0 else f"treatments[{index}].{name}"

    def _content(
        self, index: int, arm: Treatment, message: Message | None, template: ITemplate | None
    ) -> Message | ITemplate:
        if arm.message is not None or arm.template is not None:
            content: Message | ITemplate | None = arm.message or arm.template
        else:
            content = message or template
        if content is None:
            raise ConfigurationError(self._field(index, "message"), None, "a campaign needs a message or a template")
        if _is_template(content) and content.template_kind not in _TEMPLATE_CHANNELS:
            raise ConfigurationError(
                self._field(index, "template"),
                f"{content.template_name} ({content.template_kind.value})",
                "campaigns take EMAIL, SMS or PUSH templates; give in-app campaigns an InAppMessage",
            )
        return content

    def _channel(self, contents: list[Message | ITemplate]) -> CampaignChannel:
        channels = [_channel_of(c) for c in contents]
        for index, (content, channel) in enumerate(zip(contents, channels, strict=True)):
            if channel is not channels[0]:
                kind = "template" if _is_template(content) else "message"
                name = content.template_name if _is_template(content) else type(content).__name__
                raise ConfigurationError(
                    self._field(index, kind), name,
                    f"must be for the campaign's channel {channels[0].value}, not {channel.value}",
                )  # fmt: skip
        return channels[0]

    def _check_schedule(self, index: int, schedule: Schedule | None, segment: ISegment) -> None:
        if schedule is None:
            raise ConfigurationError(self._field(index, "schedule"), None, "a campaign needs a schedule")
        with located_at(self, None if index == 0 else f"treatments[{index}]"):
            schedule._check_not_past(datetime.now(UTC))
        in_app = self.channel is CampaignChannel.IN_APP
        if in_app and schedule.frequency is not Frequency.IN_APP_EVENT:
            raise ConfigurationError(
                self._field(index, "schedule.frequency"), schedule.frequency.value,
                "in-app campaigns only allow IN_APP_EVENT (Schedule.on_event(..., in_app=True))",
            )  # fmt: skip
        if not in_app and schedule.frequency is Frequency.IN_APP_EVENT:
            raise ConfigurationError(
                self._field(index, "schedule.frequency"), schedule.frequency.value,
                f"IN_APP_EVENT is only for in-app campaigns; {self.channel.value} campaigns use EVENT",
            )  # fmt: skip
        if schedule.frequency in _EVENT_FREQUENCIES and isinstance(segment, ImportedSegment):
            raise ConfigurationError(
                "segment", segment.node.path, "event-triggered campaigns need a dynamic segment, not an imported one",
            )  # fmt: skip

    def _check_segment_project(self, project: IProject, segment: ISegment) -> None:
        if segment.project is project:
            return
        stack = project.stack
        if stack.resolve(segment.project.project_id) != stack.resolve(project.project_id):
            raise ConfigurationError(
                "segment", segment.node.path,
                f"must belong to the campaign's project ({project.node.path}), not {segment.project.node.path}",
            )  # fmt: skip

    def _template_cfn(self, template: ITemplate) -> dict[str, Any]:
        return {_TEMPLATE_CFN_KEYS[_TEMPLATE_CHANNELS[template.template_kind]]: {"name": template.template_name}}


__all__ = [
    "IMMEDIATE",
    "TIME_ZONES",
    "Campaign",
    "CampaignChannel",
    "CustomDelivery",
    "CustomMessage",
    "EmailMessage",
    "EventSource",
    "Frequency",
    "ICampaign",
    "InAppMessage",
    "Message",
    "PushMessage",
    "Schedule",
    "SmsMessage",
    "SmsMessageType",
    "Treatment",
]
