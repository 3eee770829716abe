"""When a campaign sends: once, on a recurring frequency, or on an event (:class:`Schedule`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .._construct_checks import (
    require_enum,
)
from .._shapes import without_none
from .._typed_args import checked_values
from ..errors import (
    ConfigurationError,
    check_choice,
    is_token,
)
from ..segments import (
    AttributeFilter,
    MetricFilter,
    SetFilter,
)
from ..settings import QuietTime

IMMEDIATE = "IMMEDIATE"
#: the UTC offsets Pinpoint accepts as a schedule's time zone (botocore ``Schedule.Timezone``).
TIME_ZONES = (
    "UTC",
    "UTC+01", "UTC+02", "UTC+03", "UTC+03:30", "UTC+04", "UTC+04:30", "UTC+05", "UTC+05:30", "UTC+05:45",
    "UTC+06", "UTC+06:30", "UTC+07", "UTC+08", "UTC+09", "UTC+09:30", "UTC+10", "UTC+10:30", "UTC+11",
    "UTC+12", "UTC+13",
    "UTC-02", "UTC-03", "UTC-04", "UTC-05", "UTC-06", "UTC-07", "UTC-08", "UTC-09", "UTC-10", "UTC-11",
)  # fmt: skip

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


def _time_text(field_name: str, value: datetime | str) -> str:
    if isinstance(value, str):
        if value == IMMEDIATE or is_token(value):
            return value
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ConfigurationError(field_name, value, 'must be an ISO 8601 instant or "IMMEDIATE"') from None
    if value.tzinfo is None:
        raise ConfigurationError(field_name, value, "must carry a time zone (e.g. tzinfo=UTC)")
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _instant(text: str | None) -> datetime | None:
    if text is None or text == IMMEDIATE or is_token(text):
        return None
    return datetime.fromisoformat(text)


@checked_values(field="schedule")
@dataclass(frozen=True)
class Schedule:
    """When a campaign (or a treatment) is sent. Use the class methods.

    Pinpoint rejects start times in the past. Synth does not depend on the clock: a campaign whose
    start (or end) has passed gets a warning ``cdk-pinpoint:schedule-in-the-past`` (acknowledgeable),
    or fails when the context key ``cdk-pinpoint:now`` pins the time synth judges by (README,
    "Schedules and the clock"). A consequence of CloudFormation issue
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
        start = _time_text("schedule.start", self.start)
        end = None if self.end is None else _time_text("schedule.end", self.end)
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

    def _times(self) -> list[tuple[str, datetime | None]]:
        """The start and end as instants, for the start-in-the-past check (IMMEDIATE and tokens: None)."""
        start, end = self._start_text, self._end_text  # type: ignore[attr-defined]
        return [("schedule.start", _instant(start)), ("schedule.end", _instant(end))]

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
        if not event_types or any(not event_type for event_type in event_types):
            raise ConfigurationError("event_types", event_types, "must name at least one event type, none empty")
        for index, event_type in enumerate(event_types):
            if not isinstance(event_type, str):
                raise ConfigurationError(f"event_types[{index}]", event_type, "must be a string (an event type)")
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
