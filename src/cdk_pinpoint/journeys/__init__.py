"""Journeys: the Journey construct, its chainable activities, start conditions and graph checks.

Names load lazily, so ``cdk_pinpoint.journeys.graph`` (used by the CLI) never loads aws_cdk.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Activity": "activities",
    "Chain": "activities",
    "ConditionalSplit": "activities",
    "ContactCenter": "activities",
    "Custom": "activities",
    "Email": "activities",
    "Holdout": "activities",
    "IChainable": "activities",
    "MultiCondition": "activities",
    "Push": "activities",
    "RandomSplit": "activities",
    "Sms": "activities",
    "Wait": "activities",
    "Condition": "conditions",
    "MessageEvent": "conditions",
    "ActiveChange": "journey",
    "ClosedDay": "journey",
    "ContactCenterSettings": "journey",
    "EventFilterType": "journey",
    "Journey": "journey",
    "JourneyLimits": "journey",
    "JourneySchedule": "journey",
    "JourneyStart": "journey",
    "JourneyState": "journey",
    "Refresh": "journey",
    "SendingSchedule": "journey",
    "TimezoneEstimation": "journey",
    "mermaid_from_request": "graph",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
