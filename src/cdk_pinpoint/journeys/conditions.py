"""Conditions for journey splits: message events, segment membership, endpoint attributes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from .._construct_checks import deprecated, require_each, require_enum, require_instance
from .._typed_args import checked_values
from ..campaigns.messages import CampaignChannel
from ..errors import ConfigurationError
from ..segments import _SEGMENT_ALLOWED, AttributeFilter, ISegment, SegmentDimensions, _SegmentBase

if TYPE_CHECKING:
    from .activities import Activity

#: how a rendered condition finds the API id of an activity it refers to
ActivityIds = Callable[["Activity", str], str]


def _channel_named(name: str) -> CampaignChannel:
    try:
        return CampaignChannel(name)
    except ValueError:
        members = ", ".join(f"CampaignChannel.{m.name}" for m in CampaignChannel)
        raise ConfigurationError("event.channel", name, f"must be one of {members}") from None


class MessageEvent:
    """An event Pinpoint records for a message a journey activity sent (constants below, or ``of``).

    :param event_type: Pinpoint's event type, e.g. ``"_email.open"``.
    :param channel: the channel of the messages that have such events: ``CampaignChannel.EMAIL``,
        ``SMS``, ``PUSH`` or ``CUSTOM`` (a string is deprecated).
    """

    EMAIL_OPENED: ClassVar[MessageEvent]
    EMAIL_CLICKED: ClassVar[MessageEvent]
    EMAIL_DELIVERED: ClassVar[MessageEvent]
    EMAIL_SENT: ClassVar[MessageEvent]
    EMAIL_HARD_BOUNCED: ClassVar[MessageEvent]
    EMAIL_SOFT_BOUNCED: ClassVar[MessageEvent]
    EMAIL_COMPLAINED: ClassVar[MessageEvent]
    EMAIL_UNSUBSCRIBED: ClassVar[MessageEvent]
    EMAIL_REJECTED: ClassVar[MessageEvent]
    SMS_DELIVERED: ClassVar[MessageEvent]
    SMS_BUFFERED: ClassVar[MessageEvent]
    SMS_FAILED: ClassVar[MessageEvent]
    SMS_OPTED_OUT: ClassVar[MessageEvent]
    PUSH_OPENED: ClassVar[MessageEvent]
    PUSH_RECEIVED_FOREGROUND: ClassVar[MessageEvent]
    PUSH_RECEIVED_BACKGROUND: ClassVar[MessageEvent]

    def __init__(self, event_type: str, channel: CampaignChannel | str) -> None:
        if isinstance(channel, str):
            deprecated("MessageEvent(event_type, '<channel>') is deprecated: pass a CampaignChannel")
            channel = _channel_named(channel)
        self.event_type = event_type
        self.channel = require_enum("event.channel", channel, CampaignChannel)

    def __repr__(self) -> str:
        return f"MessageEvent({self.event_type!r}, {self.channel!r})"

    @staticmethod
    def of(event_type: str, channel: CampaignChannel | str) -> MessageEvent:
        """An event type this class has no constant for."""
        return MessageEvent(event_type, channel)


# The event types are Pinpoint's standard event names (EventDimensions.EventType in botocore's model:
# "a standard event that Amazon Pinpoint generates, such as _email.delivered").
# Email: Amazon Pinpoint Developer Guide, "Email events" (event-streams-data-email): _email.send,
# _email.delivered, _email.rejected, _email.hardbounce, _email.softbounce, _email.complaint,
# _email.open, _email.click, _email.unsubscribe.
MessageEvent.EMAIL_OPENED = MessageEvent("_email.open", CampaignChannel.EMAIL)
MessageEvent.EMAIL_CLICKED = MessageEvent("_email.click", CampaignChannel.EMAIL)
MessageEvent.EMAIL_DELIVERED = MessageEvent("_email.delivered", CampaignChannel.EMAIL)
MessageEvent.EMAIL_SENT = MessageEvent("_email.send", CampaignChannel.EMAIL)
MessageEvent.EMAIL_HARD_BOUNCED = MessageEvent("_email.hardbounce", CampaignChannel.EMAIL)
MessageEvent.EMAIL_SOFT_BOUNCED = MessageEvent("_email.softbounce", CampaignChannel.EMAIL)
MessageEvent.EMAIL_COMPLAINED = MessageEvent("_email.complaint", CampaignChannel.EMAIL)
MessageEvent.EMAIL_UNSUBSCRIBED = MessageEvent("_email.unsubscribe", CampaignChannel.EMAIL)
MessageEvent.EMAIL_REJECTED = MessageEvent("_email.rejected", CampaignChannel.EMAIL)
# SMS: Developer Guide, "SMS events" (event-streams-data-sms): _SMS.BUFFERED, _SMS.SUCCESS,
# _SMS.FAILURE, _SMS.OPTOUT.
MessageEvent.SMS_DELIVERED = MessageEvent("_SMS.SUCCESS", CampaignChannel.SMS)
MessageEvent.SMS_BUFFERED = MessageEvent("_SMS.BUFFERED", CampaignChannel.SMS)
MessageEvent.SMS_FAILED = MessageEvent("_SMS.FAILURE", CampaignChannel.SMS)
MessageEvent.SMS_OPTED_OUT = MessageEvent("_SMS.OPTOUT", CampaignChannel.SMS)
# Push: the API reference (ConditionalSplitActivity) allows splits on push "Open or Received events"
# once the app reports the endpoint and user ids; the names are those AWS's mobile SDKs record for a
# journey's push (aws-sdk-ios AWSPinpointNotificationManager, amplify-js getAnalyticsEvent: the
# "_journey." prefix + opened_notification / received_foreground / received_background, as the
# developer guide's "Campaign events" documents them with "_campaign.").
MessageEvent.PUSH_OPENED = MessageEvent("_journey.opened_notification", CampaignChannel.PUSH)
MessageEvent.PUSH_RECEIVED_FOREGROUND = MessageEvent("_journey.received_foreground", CampaignChannel.PUSH)
MessageEvent.PUSH_RECEIVED_BACKGROUND = MessageEvent("_journey.received_background", CampaignChannel.PUSH)


@checked_values(field="condition")
class Condition:
    """What a split tests. Build one with the static methods; combine with ``all_of`` / ``any_of``
    (a ConditionalSplit takes a combination, a MultiCondition branch takes one simple condition).
    """

    def __init__(
        self,
        parts: Sequence[Callable[[ActivityIds, str], dict[str, Any]]],
        operator: str | None,
        segments: Sequence[ISegment] = (),
    ) -> None:
        self._parts = tuple(parts)
        self._operator = operator
        #: the segments the condition tests membership of (the journey checks they are its project's)
        self.segments = tuple(segments)

    @property
    def is_simple(self) -> bool:
        return len(self._parts) == 1 and self._operator is None

    @staticmethod
    def message_event(activity: Activity, event: MessageEvent) -> Condition:
        """True when ``activity``'s message had ``event`` (for example the email was opened).

        :param activity: an Email, Sms, Push or Custom activity of the same journey.
        :param event: the event, e.g. ``MessageEvent.EMAIL_OPENED``.
        """
        if not isinstance(getattr(activity, "_api_type", None), str):  # Activity: imported only for type checkers
            raise ConfigurationError("condition.activity", activity, "must be an Email, Sms, Push or Custom activity")
        if activity._api_type != event.channel.value:
            raise ConfigurationError(
                "condition.event",
                event.event_type,
                f"is an event of {event.channel.value} messages, but activity {activity.name!r} is "
                f"{activity._api_type}",
            )

        def render(ids: ActivityIds, where: str) -> dict[str, Any]:
            return {
                "EventCondition": {
                    "Dimensions": {"EventType": {"DimensionType": "INCLUSIVE", "Values": [event.event_type]}},
                    "MessageActivity": ids(activity, where),
                }
            }

        return Condition([render], None)

    @staticmethod
    def in_segment(segment: ISegment) -> Condition:
        """True for participants in ``segment`` (a segment of the journey's project)."""
        require_instance("condition.segment", segment, (_SegmentBase, ISegment), _SEGMENT_ALLOWED)
        return Condition([lambda ids, where: {"SegmentCondition": {"SegmentId": segment.segment_id}}], None, [segment])

    @staticmethod
    def endpoint_attribute(
        name: str, matches: AttributeFilter | Sequence[str], *, attribute_type: str | None = None
    ) -> Condition:
        """True for participants whose endpoint attribute ``name`` matches, e.g.
        ``Condition.endpoint_attribute("tier", AttributeFilter.is_any_of("gold"))``.

        :param name: the custom endpoint attribute.
        :param matches: the test, an :class:`AttributeFilter` (the operators of segments). A list of
            values with ``attribute_type`` (an operator string) is deprecated.
        :param attribute_type: deprecated, with a list of values: use an ``AttributeFilter``.
        """
        if isinstance(matches, AttributeFilter):
            if attribute_type is not None:
                raise ConfigurationError("condition.attribute_type", attribute_type, "give it in the AttributeFilter")
            return Condition.segment_dimensions(SegmentDimensions(attributes={name: matches}))
        deprecated(
            "Condition.endpoint_attribute(name, [values], attribute_type=...) is deprecated: pass an "
            "AttributeFilter, e.g. AttributeFilter.is_any_of(...)"
        )
        values = require_each("condition.matches", matches, str, "must be a string")
        dimension = {"AttributeType": attribute_type or "INCLUSIVE", "Values": list(values)}
        return Condition._dimensions({"Attributes": {name: dimension}})

    @staticmethod
    def segment_dimensions(dimensions: SegmentDimensions | Mapping[str, Any]) -> Condition:
        """True for participants matching ``dimensions`` (a :class:`SegmentDimensions`, as segments use).
        A dict in the API's shape is deprecated."""
        if isinstance(dimensions, SegmentDimensions):
            return Condition._dimensions(dimensions._to_api())
        require_instance("condition.dimensions", dimensions, Mapping, "must be a SegmentDimensions")
        deprecated("Condition.segment_dimensions(<dict>) is deprecated: pass a SegmentDimensions")
        return Condition._dimensions(dict(dimensions))

    @staticmethod
    def _dimensions(rendered: dict[str, Any]) -> Condition:
        return Condition([lambda ids, where: {"SegmentDimensions": rendered}], None)

    @staticmethod
    def all_of(*conditions: Condition) -> Condition:
        """True when every condition is (for a ConditionalSplit)."""
        return Condition._combine(conditions, "ALL")

    @staticmethod
    def any_of(*conditions: Condition) -> Condition:
        """True when at least one condition is (for a ConditionalSplit)."""
        return Condition._combine(conditions, "ANY")

    @staticmethod
    def _combine(conditions: Sequence[Condition], operator: str) -> Condition:
        name = f"Condition.{operator.lower()}_of"
        if not conditions:
            raise ConfigurationError("conditions", (), f"{name} needs one or more simple conditions")
        nested = next((i for i, c in enumerate(conditions) if not c.is_simple), None)
        if nested is not None:
            raise ConfigurationError(
                f"conditions[{nested}]",
                f"Condition.{(conditions[nested]._operator or 'ALL').lower()}_of(...)",
                f"a simple condition: {name} cannot hold a combined one (Pinpoint allows one level)",
            )
        return Condition([c._parts[0] for c in conditions], operator, [s for c in conditions for s in c.segments])

    def _render_simple(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        return self._parts[0](ids, where)

    def _render(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        return {"Conditions": [part(ids, where) for part in self._parts], "Operator": self._operator or "ALL"}
