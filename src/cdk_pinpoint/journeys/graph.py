"""A journey request as a Mermaid flowchart (used by ``Journey.to_mermaid`` and ``cdk-pinpoint graph``).

Pure: it reads the API request (a dict), so it works on a synthesized template without aws_cdk.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .._shared import journey_model

DEPLOY_TIME = "(deploy-time)"
_TOKEN = re.compile(r"\$\{Token\[[^\]]*\]\}")

_LABELS = {
    "EMAIL": "Email",
    "SMS": "SMS",
    "PUSH": "Push",
    "CUSTOM": "Custom",
    "Wait": "Wait",
    "Holdout": "Holdout",
    "ConditionalSplit": "Yes/no split",
    "MultiCondition": "Multivariate split",
    "RandomSplit": "Random split",
    "ContactCenter": "Contact center",
}
# Mermaid node shapes: (opening, closing)
_SHAPES = {
    "ConditionalSplit": ("{", "}"),
    "MultiCondition": ("{", "}"),
    "RandomSplit": ("{", "}"),
    "Wait": ("([", "])"),
    "Holdout": ("([", "])"),
    "ContactCenter": ("[[", "]]"),
}


# Styles of the marks a review puts on activities (``cdk-pinpoint diff``).
MARK_STYLES = {
    "added": "fill:#dafbe1,stroke:#1a7f37",
    "changed": "fill:#fff8c5,stroke:#9a6700",
    "removed": "fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4",
}


def mermaid_from_request(request: dict[str, Any] | str, marks: dict[str, str] | None = None) -> str:
    """The journey in ``request`` (a WriteJourneyRequest, or CloudFormation's ``Fn::Join`` of one) as a
    Mermaid ``flowchart``. Values known only at deploy time are shown as ``(deploy-time)``.
    ``marks`` (activity id -> a key of ``MARK_STYLES``) styles those activities' nodes."""
    known = _known_part(request)
    activities: dict[str, dict[str, Any]] = known.get("Activities") or {}
    lines = ["flowchart TD", f'  start(["{_escape(_start_label(known))}"])']
    if known.get("StartActivity"):
        lines.append(f"  start --> {_node(known['StartActivity'])}")
    for activity_id, activity in activities.items():
        kind = journey_model.activity_type(activity) or "?"
        opening, closing = _SHAPES.get(kind, ("[", "]"))
        label = _escape(_activity_label(activity_id, kind, activity))
        lines.append(f'  {_node(activity_id)}{opening}"{label}"{closing}')
        for edge, target in journey_model.successors(activity):
            arrow = f" -- {_escape(edge)} -->" if edge else " -->"
            lines.append(f"  {_node(activity_id)}{arrow} {_node(target)}")
    for mark in sorted(set((marks or {}).values())):
        lines.append(f"  classDef {mark} {MARK_STYLES[mark]}")
        marked = sorted(_node(a) for a, m in (marks or {}).items() if m == mark and a in activities)
        if marked:
            lines.append(f"  class {','.join(marked)} {mark}")
    return "\n".join(lines)


def _known_part(request: dict[str, Any] | str) -> dict[str, Any]:
    """A request with deploy-time values replaced by a placeholder."""
    data: dict[str, Any] = json.loads(request) if isinstance(request, str) else request
    if set(data) == {"Fn::Join"}:
        separator, parts = data["Fn::Join"]
        data = json.loads(separator.join(part if isinstance(part, str) else DEPLOY_TIME for part in parts))
    shown: dict[str, Any] = json.loads(_TOKEN.sub(DEPLOY_TIME, json.dumps(data)))
    return shown


def _node(activity_id: str) -> str:
    # A prefix keeps ids such as "end" from colliding with Mermaid keywords.
    return f"a_{activity_id}"


def _escape(text: str) -> str:
    return text.replace('"', "#quot;")


def _start_label(request: dict[str, Any]) -> str:
    start = request.get("StartCondition") or {}
    if "SegmentStartCondition" in start:
        return f"Start: segment {start['SegmentStartCondition'].get('SegmentId')}"
    if "EventStartCondition" in start:
        event = start["EventStartCondition"]
        types = event.get("EventFilter", {}).get("Dimensions", {}).get("EventType", {}).get("Values", [])
        label = f"Start: event {', '.join(types)}"
        return f"{label} in segment {event['SegmentId']}" if event.get("SegmentId") else label
    return "Start"


def _activity_label(activity_id: str, kind: str, activity: dict[str, Any]) -> str:
    body = activity.get(kind, {})
    label = f"{_LABELS.get(kind, kind)}: {activity.get('Description') or activity_id}"
    if body.get("TemplateName"):
        label += f"<br/>template {body['TemplateName']}"
    if kind == "Wait":
        wait = body.get("WaitTime", {})
        label += f"<br/>{wait.get('WaitFor') or 'until ' + str(wait.get('WaitUntil'))}"
    if kind == "Holdout":
        label += f"<br/>{body.get('Percentage')}% held out"
    return label
