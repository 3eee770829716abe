"""A campaign's audience, endpoint by endpoint, and the messages each endpoint would read.

The filters, in Pinpoint's order (API reference, Campaigns resource,
https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-campaigns.html):

1. the campaign's segment;
2. the channel: an endpoint is sent only the channels the campaign has a message (or template)
   for: ``EmailMessage``/``EmailTemplate`` EMAIL, ``SMSMessage``/``SMSTemplate`` SMS,
   ``VoiceTemplate`` VOICE, ``InAppMessage``/``InAppTemplate`` IN_APP, ``APNSMessage`` the APNS
   types, ``GCMMessage`` GCM, ``ADMMessage`` ADM, ``BaiduMessage`` BAIDU,
   ``DefaultPushNotificationMessage``/``DefaultMessage``/``PushTemplate`` every push type, and a
   custom delivery its ``EndpointTypes`` (*decision*: every type when it lists none);
3. ``OptOut`` ALL and ``EndpointStatus`` INACTIVE endpoints are not sent anything;
4. quiet time (``Schedule.QuietTime``, else the project's ``ApplicationSettings.QuietTime``):
   an endpoint is quiet when its ``Demographic.Timezone`` is a valid time zone and its local time
   at the send time is at or after ``Start`` and at or before ``End`` (API, ``QuietTime``; if any
   condition fails, the endpoint receives the message). *Decisions*: a quiet time whose Start is
   later than its End spans midnight; the send time is ``StartTime``, read as each endpoint's wall
   clock when ``IsLocalTime``; an event-triggered campaign (``Frequency`` EVENT) sends at ``--at``.
5. hold-out and treatments: ``HoldoutPercent`` is "the allocated percentage of users (segment
   members) who shouldn't receive messages" and each treatment's ``SizePercent`` "the allocated
   percentage of users (segment members) that the treatment is sent to"; the default treatment has
   the rest (API, ``CampaignResponse``, ``TreatmentResource``). Pinpoint draws them at random, so the
   report gives expected sizes: the hold-out is its share of the segment members, a treatment's
   recipients its share of the members left after steps 2-4 for that treatment's send time.

Every endpoint left after step 3 has each treatment's message rendered (see ``messages``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..segment_rules import CHANNEL_TYPES, parse_instant
from .assembly import Assembly, CampaignDef
from .endpoints import endpoint_key
from .messages import PUSH_CHANNELS, Message, MessageRenderer, Output, RenderLog, template_message

_MESSAGE_CHANNELS = {
    "EmailMessage": ("EMAIL",),
    "SMSMessage": ("SMS",),
    "InAppMessage": ("IN_APP",),
    "APNSMessage": ("APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX"),
    "GCMMessage": ("GCM",),
    "ADMMessage": ("ADM",),
    "BaiduMessage": ("BAIDU",),
    "DefaultPushNotificationMessage": PUSH_CHANNELS,
    "DefaultMessage": PUSH_CHANNELS,
}
_TEMPLATE_CHANNELS = {
    "EmailTemplate": ("EMAIL",),
    "SMSTemplate": ("SMS",),
    "VoiceTemplate": ("VOICE",),
    "InAppTemplate": ("IN_APP",),
    "PushTemplate": PUSH_CHANNELS,
}
_TEMPLATE_KIND = {"EMAIL": "EmailTemplate", "SMS": "SMSTemplate", "VOICE": "VoiceTemplate", "IN_APP": "InAppTemplate"}


@dataclass
class Treatment:
    name: str
    percent: float
    send_at: datetime | None  # None: no usable StartTime
    local_time: bool
    quiet_time: tuple[time, time] | None
    channels: frozenset[str]
    message_for: Callable[[str], Message | None]
    quiet: int = 0
    receiving: int = 0
    quiet_by_zone: dict[str, bool] = field(default_factory=dict)
    renderers: dict[str, MessageRenderer | None] = field(default_factory=dict)  # by channel type


@dataclass(frozen=True)
class Route:
    """Where one endpoint goes in a campaign: the counters it adds to, each treatment that sends
    to it (quiet or not), and the renderers of the messages it is sent."""

    counts: tuple[str, ...] = ()
    sends: tuple[tuple[Treatment, bool], ...] = ()
    renderers: tuple[MessageRenderer, ...] = ()


_NOTHING = Route()
_UNKNOWN = Route(("unknown",))
_OTHER_CHANNEL = Route(("segment", "other channel"))
_OPTED_OUT = Route(("segment", "opted out"))
_INACTIVE = Route(("segment", "inactive"))
_ELIGIBLE = ("segment", "eligible")


class CampaignSimulation:
    """Counts one campaign's audience as endpoints stream past."""

    def __init__(
        self, campaign: CampaignDef, assembly: Assembly, *, at: datetime, output: Output | None = None
    ) -> None:
        self.campaign = campaign
        self.assembly = assembly
        properties = campaign.properties
        segment = assembly.segment_named(properties.get("SegmentId"))
        self.segment_key = segment.key if segment else None
        self.problem = None if segment else f"segment {_shown(properties.get('SegmentId'))} is not in the assembly"
        self.holdout = _percent(properties.get("HoldoutPercent"))
        self.counts: Counter[str] = Counter()
        self.log = RenderLog(campaign.name, output)
        self.renderers: dict[str, MessageRenderer] = {}
        self.treatments = [self._treatment(properties, properties.get("TreatmentName") or "default", at)]
        for extra in properties.get("AdditionalTreatments") or []:
            self.treatments.append(self._treatment(extra, extra.get("TreatmentName") or "treatment", at, properties))
        self.treatments[0].percent = 100 - self.holdout - sum(t.percent for t in self.treatments[1:])
        self.channels = frozenset().union(*(t.channels for t in self.treatments))

    # ------------------------------------------------------------------ set-up

    def _treatment(
        self, source: dict[str, Any], name: str, at: datetime, campaign: dict[str, Any] | None = None
    ) -> Treatment:
        base = campaign or source
        schedule = source.get("Schedule") or base.get("Schedule") or {}
        messages = source.get("MessageConfiguration") or base.get("MessageConfiguration") or {}
        templates = source.get("TemplateConfiguration") or base.get("TemplateConfiguration") or {}
        custom = source.get("CustomDeliveryConfiguration") or base.get("CustomDeliveryConfiguration")
        channels: set[str] = set()
        for key in messages:
            channels.update(_MESSAGE_CHANNELS.get(key, ()))
        for key in templates:
            channels.update(_TEMPLATE_CHANNELS.get(key, ()))
        if custom is not None:
            types = custom.get("EndpointTypes")
            channels.update(types if isinstance(types, list) and types else CHANNEL_TYPES)
        quiet = schedule.get("QuietTime") or self.campaign.project_quiet_time
        send_at = at if schedule.get("Frequency") == "EVENT" else _instant(schedule.get("StartTime"))
        return Treatment(
            name=name,
            percent=0.0 if campaign is None else _percent(source.get("SizePercent")),
            send_at=send_at,
            local_time=bool(schedule.get("IsLocalTime")),
            quiet_time=_quiet_window(quiet),
            channels=frozenset(channels),
            message_for=lambda channel: self._message(channel, messages, templates, custom is not None),
        )

    def _message(
        self, channel: str, messages: dict[str, Any], templates: dict[str, Any], custom: bool
    ) -> Message | None:
        """What an endpoint of ``channel`` is sent: the inline message wins over a template."""
        if custom:
            return self._custom_message(messages.get("CustomMessage") or {})
        if channel == "EMAIL" and messages.get("EmailMessage"):
            email = messages["EmailMessage"]
            parts = {"Subject": email.get("Title"), "HtmlPart": email.get("HtmlBody"), "TextPart": email.get("Body")}
            return Message("inline EmailMessage", {k: v for k, v in parts.items() if v is not None})
        if channel == "SMS" and messages.get("SMSMessage"):
            return Message("inline SMSMessage", {"Body": messages["SMSMessage"].get("Body")})
        if channel in PUSH_CHANNELS:
            for key, channels in _MESSAGE_CHANNELS.items():
                if channel in channels and key not in ("EmailMessage", "SMSMessage", "InAppMessage"):
                    inline = messages.get(key)
                    if inline:
                        parts = {p: inline[p] for p in ("Title", "Body") if inline.get(p) is not None}
                        return Message(f"inline {key}", parts)
        kind = "PushTemplate" if channel in PUSH_CHANNELS else _TEMPLATE_KIND.get(channel)
        reference = (templates.get(kind) or {}).get("Name") if kind else None
        if reference is None:
            return None
        return template_message(self.assembly.templates, reference, channel)

    def _custom_message(self, custom: dict[str, Any]) -> Message | None:
        """A custom channel is sent ``Data`` as written; cdk-pinpoint's channel renders the template it names."""
        data = custom.get("Data")
        try:
            parsed = json.loads(data) if isinstance(data, str) else None
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, dict) and isinstance(parsed.get("template"), str):
            return template_message(self.assembly.templates, parsed["template"], str(parsed.get("type") or "SMS"))
        return None

    # ------------------------------------------------------------------ per endpoint

    def reads(self, membership: dict[str, bool | None]) -> bool:
        """Whether ``observe`` looks at an endpoint with this membership (else it does nothing)."""
        return self.segment_key is not None and membership.get(self.segment_key) is not False

    def observe(self, endpoint: dict[str, Any], membership: dict[str, bool | None]) -> None:
        route = self.route(endpoint, membership)
        self.count(route)
        if route.renderers:
            key = endpoint_key(endpoint)
            for renderer in route.renderers:
                self.log.record(renderer.message.label, key, renderer.render(endpoint))

    #: the endpoint fields ``route`` reads (as paths)
    ROUTE_FIELDS = (("ChannelType",), ("OptOut",), ("EndpointStatus",), ("Demographic", "Timezone"))

    def route(self, endpoint: dict[str, Any], membership: dict[str, bool | None]) -> Route:
        """Where ``endpoint`` goes (nothing is counted yet): a function of its membership and of its
        ``ROUTE_FIELDS``, so it may be reused for endpoints that agree on those."""
        if self.segment_key is None:
            return _NOTHING
        member = membership.get(self.segment_key)
        if member is None:
            return _UNKNOWN
        if not member:
            return _NOTHING
        channel = endpoint["ChannelType"]
        if channel not in self.channels:
            return _OTHER_CHANNEL
        if endpoint.get("OptOut") == "ALL":
            return _OPTED_OUT
        if endpoint.get("EndpointStatus") == "INACTIVE":
            return _INACTIVE
        timezone = (endpoint.get("Demographic") or {}).get("Timezone")
        sends = []
        renderers: list[MessageRenderer] = []  # treatments sharing a message render it once
        for treatment in self.treatments:
            if channel not in treatment.channels:
                continue
            sends.append((treatment, _is_quiet(treatment, timezone)))
            renderer = self._renderer(treatment, channel)
            if renderer is not None and not any(renderer is r for r in renderers):
                renderers.append(renderer)
        return Route(_ELIGIBLE, tuple(sends), tuple(renderers))

    def count(self, route: Route, times: int = 1) -> None:
        """Count ``times`` endpoints that go ``route`` (their messages are recorded in ``log``)."""
        counts = self.counts
        for name in route.counts:
            counts[name] += times
        for treatment, quiet in route.sends:
            if quiet:
                treatment.quiet += times
            else:
                treatment.receiving += times

    def all_renderers(self) -> list[MessageRenderer]:
        """Every renderer ``route`` may return."""
        found: dict[int, MessageRenderer] = {}
        for treatment in self.treatments:
            for channel in sorted(treatment.channels):
                renderer = self._renderer(treatment, channel)
                if renderer is not None:
                    found[id(renderer)] = renderer
        return list(found.values())

    def _renderer(self, treatment: Treatment, channel: str) -> MessageRenderer | None:
        """The renderer of what ``treatment`` sends ``channel``, shared by treatments sending the same message."""
        if channel in treatment.renderers:
            return treatment.renderers[channel]
        message = treatment.message_for(channel)
        renderer = None
        if message is not None:
            identity = json.dumps([message.label, message.parts, message.default_substitutions, message.problem])
            renderer = self.renderers.get(identity)
            if renderer is None:
                renderer = self.renderers[identity] = MessageRenderer(message)
        treatment.renderers[channel] = renderer
        return renderer

    # ------------------------------------------------------------------ result

    def result(self) -> dict[str, Any]:
        eligible = self.counts["eligible"]
        return {
            "campaign": self.campaign.name,
            "id": self.campaign.key,
            "segment": self.assembly.segments[self.segment_key].name if self.segment_key else None,
            "problem": self.problem,
            "channels": sorted(self.channels),
            "in_segment": self.counts["segment"],
            "unknown": self.counts["unknown"],
            "other_channel": self.counts["other channel"],
            "opted_out": self.counts["opted out"],
            "inactive": self.counts["inactive"],
            "eligible": eligible,
            "holdout_percent": self.holdout,
            "expected_holdout": round(self.counts["segment"] * self.holdout / 100, 1),
            "treatments": [
                {
                    "name": t.name,
                    "percent": t.percent,
                    "send_at": t.send_at.isoformat() if t.send_at else None,
                    "local_time": t.local_time,
                    "quiet_time": f"{t.quiet_time[0]:%H:%M}-{t.quiet_time[1]:%H:%M}" if t.quiet_time else None,
                    "in_quiet_time": t.quiet,
                    "expected_recipients": round(t.receiving * t.percent / 100, 1),
                }
                for t in self.treatments
            ],
            **self.log.result(),
        }


def _is_quiet(treatment: Treatment, timezone: Any) -> bool:
    if treatment.quiet_time is None or treatment.send_at is None or not isinstance(timezone, str):
        return False
    quiet = treatment.quiet_by_zone.get(timezone)
    if quiet is None:
        quiet = treatment.quiet_by_zone[timezone] = _quiet_in(treatment, timezone)
    return quiet


def _quiet_in(treatment: Treatment, timezone: str) -> bool:
    assert treatment.quiet_time is not None and treatment.send_at is not None
    zone = _zone(timezone)
    if zone is None:
        return False
    if treatment.local_time:
        local = treatment.send_at.replace(tzinfo=None).time()
    else:
        local = treatment.send_at.astimezone(zone).time()
    start, end = treatment.quiet_time
    if start <= end:
        return start <= local <= end
    return local >= start or local <= end


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _quiet_window(quiet: Any) -> tuple[time, time] | None:
    if not isinstance(quiet, dict):
        return None
    try:
        return time.fromisoformat(quiet["Start"]), time.fromisoformat(quiet["End"])
    except (KeyError, TypeError, ValueError):
        return None


def _instant(value: Any) -> datetime | None:
    try:
        return parse_instant(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _percent(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _shown(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value
