"""Journeys: the Journey construct, its chainable activities, start conditions and graph checks.

Names load lazily, so ``cdk_pinpoint.journeys.graph`` (used by the CLI) never loads aws_cdk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

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
    "IJourney": "journey",
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


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)

if TYPE_CHECKING:  # what type checkers see; a test keeps it equal to _EXPORTS
    from .activities import Activity as Activity
    from .activities import Chain as Chain
    from .activities import ConditionalSplit as ConditionalSplit
    from .activities import ContactCenter as ContactCenter
    from .activities import Custom as Custom
    from .activities import Email as Email
    from .activities import Holdout as Holdout
    from .activities import IChainable as IChainable
    from .activities import MultiCondition as MultiCondition
    from .activities import Push as Push
    from .activities import RandomSplit as RandomSplit
    from .activities import Sms as Sms
    from .activities import Wait as Wait
    from .conditions import Condition as Condition
    from .conditions import MessageEvent as MessageEvent
    from .graph import mermaid_from_request as mermaid_from_request
    from .journey import ActiveChange as ActiveChange
    from .journey import ClosedDay as ClosedDay
    from .journey import ContactCenterSettings as ContactCenterSettings
    from .journey import EventFilterType as EventFilterType
    from .journey import IJourney as IJourney
    from .journey import Journey as Journey
    from .journey import JourneyLimits as JourneyLimits
    from .journey import JourneySchedule as JourneySchedule
    from .journey import JourneyStart as JourneyStart
    from .journey import JourneyState as JourneyState
    from .journey import Refresh as Refresh
    from .journey import SendingSchedule as SendingSchedule
    from .journey import TimezoneEstimation as TimezoneEstimation
