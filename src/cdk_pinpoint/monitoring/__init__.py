"""Watching messaging run: engagement metrics from the event stream, deliverability and custom-channel
alarms, and an engagement dashboard. Metric names and dimensions live in :mod:`.names`.

The constructs are loaded on first use (PEP 562): campaigns and journeys import ``.metrics`` for
their ``metric_*`` methods, and should not pay for alarms and dashboards.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "CustomChannelAlarms": "alarms",
    "DeliverabilityAlarms": "alarms",
    "EngagementDashboard": "dashboard",
    "MessagingMetrics": "metrics",
    "engagement_metric": "metrics",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
