"""Campaigns: messages or templates, schedules, A/B treatments, hold-out, limits, custom delivery.

A campaign is written from frozen model values that check themselves where they are written
(:class:`Schedule`, the messages, :class:`Treatment`, :class:`CustomDelivery`); the
:class:`Campaign` construct then checks how they fit together (channel, frequency, sizes, project)
and renders them to ``AWS::Pinpoint::Campaign`` in one place each.

Modules: :mod:`.messages`, :mod:`.schedule`, :mod:`.campaign` (the construct, treatments and custom
delivery). Import from ``cdk_pinpoint.campaigns`` (or ``cdk_pinpoint``).
"""

from __future__ import annotations

from ..channels import SmsMessageType
from .campaign import (
    Campaign,
    CustomDelivery,
    ICampaign,
    Treatment,
)
from .messages import (
    CampaignChannel,
    CustomMessage,
    EmailMessage,
    InAppMessage,
    Message,
    PushMessage,
    SmsMessage,
)
from .schedule import (
    IMMEDIATE,
    TIME_ZONES,
    EventSource,
    Frequency,
    Schedule,
)

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
