"""Watching messaging run: engagement metrics from the event stream (:mod:`.names`, :mod:`.metrics`),
deliverability and custom-channel alarms (:mod:`.alarms`) and the engagement dashboard
(:mod:`.dashboard`). The constructs are exported by ``cdk_pinpoint``.

Nothing is imported here: campaigns and journeys import :mod:`.metrics` for their ``metric_*``
methods, and should not load what alarms and dashboards need.
"""
