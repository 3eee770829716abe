"""The one place for the engagement metrics' namespace, names and dimensions, and for which Pinpoint
event feeds which metric. Imports nothing from aws_cdk: ``EventProcessor`` hands
:func:`handler_config` to its function as JSON, so the handler and the constructs cannot drift.

Every metric is a count (unit ``Count``, read it with the ``Sum`` statistic), published with the
dimension sets ``[ProjectId]`` and, when the event names one, ``[ProjectId, CampaignId]`` or
``[ProjectId, JourneyId]``. Endpoint ids and addresses are never dimensions.
"""

from __future__ import annotations

from typing import Any

from .._shared.custom_channel import DEADLINE_EXCEEDED, FAILED_EVENT_TYPE, SENT_EVENT_TYPE

NAMESPACE = "CdkPinpoint"
PROJECT_DIMENSION = "ProjectId"
CAMPAIGN_DIMENSION = "CampaignId"
JOURNEY_DIMENSION = "JourneyId"
UNIT = "Count"

SENDS = "Sends"
EMAIL_SENDS = "EmailSends"
DELIVERIES = "Deliveries"
OPENS = "Opens"
CLICKS = "Clicks"
HARD_BOUNCES = "HardBounces"
SOFT_BOUNCES = "SoftBounces"
COMPLAINTS = "Complaints"
UNSUBSCRIBES = "Unsubscribes"
RENDERING_FAILURES = "RenderingFailures"
EMAIL_REJECTS = "EmailRejects"
SMS_FAILURES = "SmsFailures"
PUSH_FAILURES = "PushFailures"
CUSTOM_CHANNEL_SENT = "CustomChannelSent"
CUSTOM_CHANNEL_FAILED = "CustomChannelFailed"
CUSTOM_CHANNEL_DEADLINE_EXCEEDED = "CustomChannelDeadlineExceeded"
#: opt-outs the processor applied (endpoint opted out and, with suppress_in_ses, address suppressed)
OPT_OUTS_PROCESSED = "OptOutsProcessed"

#: Pinpoint event type -> the metrics it counts in (Pinpoint developer guide, "Email events",
#: "SMS events"; ``custom_channel.*`` are the events CustomChannel records)
EVENT_METRICS: dict[str, tuple[str, ...]] = {
    "_email.send": (SENDS, EMAIL_SENDS),
    "_email.delivered": (DELIVERIES,),
    "_email.open": (OPENS,),
    "_email.click": (CLICKS,),
    "_email.hardbounce": (HARD_BOUNCES,),
    "_email.softbounce": (SOFT_BOUNCES,),
    "_email.complaint": (COMPLAINTS,),
    "_email.unsubscribe": (UNSUBSCRIBES,),
    "_email.rendering_failure": (RENDERING_FAILURES,),
    "_email.rejected": (EMAIL_REJECTS,),
    "_SMS.BUFFERED": (SENDS,),
    "_SMS.SUCCESS": (DELIVERIES,),
    "_SMS.FAILURE": (SMS_FAILURES,),
    "_SMS.OPTOUT": (UNSUBSCRIBES,),
    SENT_EVENT_TYPE: (CUSTOM_CHANNEL_SENT,),
    FAILED_EVENT_TYPE: (CUSTOM_CHANNEL_FAILED,),
}
#: push sends are reported as ``_campaign.send`` / ``_journey.send`` with a send status attribute
#: and the channel in ``delivery_type``: SUCCESS counts as a send, anything else as a push failure
PUSH_SEND_EVENTS: dict[str, str] = {"_campaign.send": "campaign_send_status", "_journey.send": "journey_send_status"}
PUSH_DELIVERY_TYPES = ("APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "GCM", "BAIDU", "ADM")
#: a ``custom_channel.failed`` whose ``reason`` starts with this also counts as deadline exceeded
DEADLINE_EXCEEDED_REASON = DEADLINE_EXCEEDED

#: every metric the processor publishes, in the order the README lists them
ALL_METRICS = (
    SENDS,
    EMAIL_SENDS,
    DELIVERIES,
    OPENS,
    CLICKS,
    HARD_BOUNCES,
    SOFT_BOUNCES,
    COMPLAINTS,
    UNSUBSCRIBES,
    RENDERING_FAILURES,
    EMAIL_REJECTS,
    SMS_FAILURES,
    PUSH_FAILURES,
    CUSTOM_CHANNEL_SENT,
    CUSTOM_CHANNEL_FAILED,
    CUSTOM_CHANNEL_DEADLINE_EXCEEDED,
    OPT_OUTS_PROCESSED,
)
#: the events whose reason the processor logs (one "failure reason" line per reason and batch)
FAILURE_EVENTS = (
    "_email.hardbounce",
    "_email.softbounce",
    "_email.complaint",
    "_email.rendering_failure",
    "_email.rejected",
    "_SMS.FAILURE",
    FAILED_EVENT_TYPE,
)
FAILURE_REASON_MESSAGE = "failure reason"


def handler_config() -> dict[str, Any]:
    """What the event processor's handler needs to publish the metrics (passed as the METRICS variable)."""
    return {
        "namespace": NAMESPACE,
        "dimensions": {"project": PROJECT_DIMENSION, "campaign": CAMPAIGN_DIMENSION, "journey": JOURNEY_DIMENSION},
        "unit": UNIT,
        "events": {event: list(metrics) for event, metrics in EVENT_METRICS.items()},
        "push_send_events": PUSH_SEND_EVENTS,
        "push_delivery_types": list(PUSH_DELIVERY_TYPES),
        "push_send": SENDS,
        "push_failure": PUSH_FAILURES,
        "deadline_exceeded_reason": DEADLINE_EXCEEDED_REASON,
        "deadline_exceeded": CUSTOM_CHANNEL_DEADLINE_EXCEEDED,
        "opt_outs_processed": OPT_OUTS_PROCESSED,
        "failure_events": list(FAILURE_EVENTS),
        "failure_reason_message": FAILURE_REASON_MESSAGE,
    }
