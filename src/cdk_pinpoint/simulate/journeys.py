"""A journey walked endpoint by endpoint: which activities each endpoint can reach.

Entry is the start segment (``SegmentStartCondition``; an event start condition is entered by
the segment it names, or by every endpoint, and the report says the event decides). From there:

* a yes/no split (``ConditionalSplit``) on ``SegmentCondition`` or ``SegmentDimensions`` is
  decided with the segment rules; on an ``EventCondition`` (engagement with a message, such as
  opened or clicked, or a custom event) it is undecidable offline and the endpoint is counted on
  both branches. ``Operator`` ALL/ANY combines the conditions; one undecidable condition makes the
  split undecidable unless the decided ones settle it.
* a multivariate split (``MultiCondition``) sends the endpoint down the first branch whose
  condition holds (Pinpoint user guide, "Multivariate split"); an undecidable branch is counted and
  the next ones are still tried; the ``DefaultActivity`` is counted when no branch surely holds.
* ``Holdout`` and ``RandomSplit`` are random: every branch is counted, and the diagram keeps the
  percentage, so the expected share is visible.
* a message activity (EMAIL, SMS, PUSH, CUSTOM, ContactCenter) counts the endpoints that reach it
  and, of those, the ones it would send to: the right channel type, not ``OptOut`` ALL, not
  INACTIVE; its template is rendered for each of those, like a campaign's (failures and empty
  variables listed). Every endpoint moves on either way.

So each count is "endpoints that can reach this activity": exact where every split on the way is
decided, an upper bound after engagement or event splits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .._shared import journey_model
from ..journeys.graph import mermaid_from_request
from ..segment_rules import CHANNEL_TYPES, CannotEvaluateLocally, compile_dimensions
from .assembly import Assembly, JourneyDef
from .endpoints import endpoint_key
from .messages import PUSH_CHANNELS, MessageRenderer, Output, RenderLog, template_message

_ACTIVITY_CHANNELS = {
    "EMAIL": ("EMAIL",),
    "SMS": ("SMS",),
    "PUSH": PUSH_CHANNELS,
    "ContactCenter": ("VOICE",),
}
Decision = bool | None  # None: undecidable offline
Membership = dict[str, bool | None]  # segment key -> in it (None: cannot be evaluated)


class JourneySimulation:
    def __init__(self, journey: JourneyDef, assembly: Assembly, *, now: datetime, output: Output | None = None) -> None:
        self.journey = journey
        self.assembly = assembly
        self.request = journey.request
        self.activities: dict[str, dict[str, Any]] = self.request.get("Activities") or {}
        start = self.request.get("StartCondition") or {}
        reference = (start.get("SegmentStartCondition") or start.get("EventStartCondition") or {}).get("SegmentId")
        segment = assembly.segment_named(reference)
        self.start_segment = segment.key if segment else None
        self.problem = None
        # no start segment at all: an event start condition without one, which any endpoint may meet
        self.enterable = segment is not None or reference is None
        if not self.enterable:
            self.problem = f"start segment {reference} is not in the assembly"
        elif "EventStartCondition" in start:
            self.problem = "starts on an event: counts are of the endpoints that can enter"
        self.entered = 0
        self.unknown = 0
        self.reached: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()
        self.undecided: Counter[str] = Counter()
        self.now = now
        self._conditions: dict[int, Callable[[dict[str, Any], Membership], Decision]] = {}
        self._renderers: dict[tuple[str, str], MessageRenderer] = {}
        self.log = RenderLog(journey.name, output)

    def reads(self, membership: Membership) -> bool:
        """Whether ``observe`` looks at an endpoint with this membership (else it does nothing)."""
        if not self.enterable:
            return False
        return self.start_segment is None or membership.get(self.start_segment) is not False

    def observe(self, endpoint: dict[str, Any], membership: Membership) -> None:
        if not self.enterable:
            return
        if self.start_segment is not None:
            member = membership.get(self.start_segment)
            if member is None:
                self.unknown += 1
                return
            if not member:
                return
        self.entered += 1
        seen: set[str] = set()
        pending = [self.request.get("StartActivity")]
        while pending:
            activity_id = pending.pop()
            if not isinstance(activity_id, str) or activity_id in seen or activity_id not in self.activities:
                continue
            seen.add(activity_id)
            self.reached[activity_id] += 1
            pending.extend(self._next(activity_id, self.activities[activity_id], endpoint, membership))

    def _next(
        self, activity_id: str, activity: dict[str, Any], endpoint: dict[str, Any], membership: Membership
    ) -> list[Any]:
        kind = journey_model.activity_type(activity)
        body = (activity.get(kind) if kind is not None else None) or {}
        if kind in _ACTIVITY_CHANNELS or kind == "CUSTOM":
            channels = _ACTIVITY_CHANNELS.get(kind) or body.get("EndpointTypes") or CHANNEL_TYPES
            if (
                endpoint["ChannelType"] in channels
                and endpoint.get("OptOut") != "ALL"
                and endpoint.get("EndpointStatus") != "INACTIVE"
            ):
                self.sent[activity_id] += 1
                self._render(activity_id, body, endpoint)
        if kind == "ConditionalSplit":
            decision = self._decide(body.get("Condition") or {}, endpoint, membership)
            if decision is None:
                self.undecided[activity_id] += 1
                return [body.get("TrueActivity"), body.get("FalseActivity")]
            return [body.get("TrueActivity") if decision else body.get("FalseActivity")]
        if kind == "MultiCondition":
            chosen = []
            for branch in body.get("Branches") or []:
                decision = self._simple(branch.get("Condition") or {}, endpoint, membership)
                if decision is None:
                    self.undecided[activity_id] += 1
                if decision is not False:
                    chosen.append(branch.get("NextActivity"))
                if decision is True:
                    return chosen
            return [*chosen, body.get("DefaultActivity")]
        return [target for _, target in journey_model.successors(activity)]

    def _render(self, activity_id: str, body: dict[str, Any], endpoint: dict[str, Any]) -> None:
        if "TemplateName" not in body:
            return
        channel = endpoint["ChannelType"]
        renderer = self._renderers.get((activity_id, channel))
        if renderer is None:
            message = template_message(self.assembly.templates, body["TemplateName"], channel)
            renderer = self._renderers[(activity_id, channel)] = MessageRenderer(message)
        label = f"{activity_id} ({renderer.message.label})"
        self.log.record(label, endpoint_key(endpoint), renderer.render(endpoint))

    def _decide(self, condition: dict[str, Any], endpoint: dict[str, Any], membership: Membership) -> Decision:
        results = [self._simple(c, endpoint, membership) for c in condition.get("Conditions") or []]
        if condition.get("Operator") == "ANY":
            return True if True in results else (None if None in results else False)
        return False if False in results else (None if None in results else True)

    def _simple(self, condition: dict[str, Any], endpoint: dict[str, Any], membership: Membership) -> Decision:
        if "SegmentCondition" in condition:
            segment = self.assembly.segment_named(condition["SegmentCondition"].get("SegmentId"))
            return membership.get(segment.key) if segment else None
        if "SegmentDimensions" in condition:
            matcher = self._conditions.get(id(condition))
            if matcher is None:
                matcher = _dimensions_matcher(condition["SegmentDimensions"], self.now)
                self._conditions[id(condition)] = matcher
            return matcher(endpoint, membership)
        return None  # EventCondition: opened, clicked, a custom event... only Pinpoint knows

    def result(self) -> dict[str, Any]:
        notes = {}
        for activity_id in self.activities:
            note = f"{self.reached[activity_id]} endpoint(s)"
            kind = journey_model.activity_type(self.activities[activity_id])
            if activity_id in self.sent or kind in _ACTIVITY_CHANNELS or kind == "CUSTOM":
                note += f", {self.sent[activity_id]} sent"
            if self.undecided[activity_id]:
                note += f", {self.undecided[activity_id]} undecided (both ways)"
            notes[activity_id] = note
        return {
            "journey": self.journey.name,
            "id": self.journey.key,
            "segment": self.assembly.segments[self.start_segment].name if self.start_segment else None,
            "problem": self.problem,
            "entered": self.entered,
            "unknown": self.unknown,
            "activities": {
                activity_id: {
                    "reached": self.reached[activity_id],
                    "sent": self.sent[activity_id],
                    "undecided": self.undecided[activity_id],
                }
                for activity_id in self.activities
            },
            **self.log.result(),
            "mermaid": mermaid_from_request(self._annotated(notes)),
        }

    def _annotated(self, notes: dict[str, str]) -> dict[str, Any]:
        """The request as the diagram should show it: segment names for ids, and each activity's
        counts after its description (the diagram prints descriptions in the node labels)."""
        shown: dict[str, Any] = self.assembly.for_display(self.request)
        for activity_id, activity in (shown.get("Activities") or {}).items():
            activity["Description"] = f"{activity.get('Description') or activity_id}<br/>{notes[activity_id]}"
        start = shown.get("StartCondition") or {}
        condition = start.get("SegmentStartCondition") or start.get("EventStartCondition") or {}
        if "SegmentId" in condition:
            condition["SegmentId"] = f"{condition['SegmentId']}<br/>{self.entered} entered"
        return shown


def _dimensions_matcher(dimensions: Any, now: datetime) -> Callable[[dict[str, Any], Membership], Decision]:
    try:
        matcher = compile_dimensions(dimensions, now=now)
    except CannotEvaluateLocally:
        return lambda endpoint, membership: None

    def decide(endpoint: dict[str, Any], membership: Membership) -> Decision:
        try:
            return matcher(endpoint)
        except CannotEvaluateLocally:
            return None

    return decide
