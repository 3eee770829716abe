"""Each endpoint's outcome recorded as a custom Pinpoint event, so a custom channel's sends show up
in the project's analytics and event stream (Pinpoint does not count them itself).

Event types: ``custom_channel.sent`` and ``custom_channel.failed`` (attribute ``reason``). Both carry
the campaign or journey ids, the template and the delivery kind as attributes, and the delivery
attempts as a metric. Names starting with ``_`` are reserved by Pinpoint, hence no underscore.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cdk_pinpoint._shared.custom_channel import FAILED_EVENT_TYPE, SENT_EVENT_TYPE

from .delivery import Message

SENT_EVENT = SENT_EVENT_TYPE
FAILED_EVENT = FAILED_EVENT_TYPE
#: PutEvents accepts at most 100 items per request (Pinpoint quotas); a batch holds at most 50 endpoints.
MAX_ITEMS_PER_CALL = 100
_ACCEPTED = 202
_MAX_ATTRIBUTE_LENGTH = 100


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent" or "failed"
    reason: str | None = None
    attempts: int = 0

    @property
    def sent(self) -> bool:
        return self.status == "sent"


def _event(outcome: Outcome, attributes: Mapping[str, str], timestamp: str) -> dict[str, Any]:
    event_attributes = dict(attributes)
    if outcome.reason:
        event_attributes["reason"] = outcome.reason
    return {
        "EventType": SENT_EVENT if outcome.sent else FAILED_EVENT,
        "Timestamp": timestamp,
        "Attributes": {k: v[:_MAX_ATTRIBUTE_LENGTH] for k, v in event_attributes.items()},
        "Metrics": {"attempts": float(outcome.attempts)},
    }


def record_outcomes(
    pinpoint: Any,
    project_id: str,
    message: Message,
    outcomes: Mapping[str, Outcome],
    attributes: Mapping[str, str],
) -> dict[str, str]:
    """PutEvents for every outcome; returns ``{endpoint_id: why it was not recorded}`` (empty: all recorded)."""
    timestamp = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    unrecorded: dict[str, str] = {}
    endpoint_ids: Sequence[str] = list(outcomes)
    for start in range(0, len(endpoint_ids), MAX_ITEMS_PER_CALL):
        chunk = endpoint_ids[start : start + MAX_ITEMS_PER_CALL]
        event_ids = {endpoint_id: message.idempotency_key(endpoint_id) for endpoint_id in chunk}
        batch = {
            endpoint_id: {
                "Endpoint": {},
                "Events": {event_ids[endpoint_id]: _event(outcomes[endpoint_id], attributes, timestamp)},
            }
            for endpoint_id in chunk
        }
        try:
            response = pinpoint.put_events(ApplicationId=project_id, EventsRequest={"BatchItem": batch})
        except (ClientError, BotoCoreError) as exc:
            code = (
                exc.response.get("Error", {}).get("Code", "ClientError")
                if isinstance(exc, ClientError)
                else (type(exc).__name__)
            )
            unrecorded.update({endpoint_id: f"put_events_{code}" for endpoint_id in chunk})
            continue
        results = response.get("EventsResponse", {}).get("Results", {})
        for endpoint_id in chunk:
            item = results.get(endpoint_id, {}).get("EventsItemResponse", {}).get(event_ids[endpoint_id])
            status = item.get("StatusCode") if isinstance(item, dict) else None
            if status != _ACCEPTED:
                unrecorded[endpoint_id] = f"put_events_status_{status}"
    return unrecorded
