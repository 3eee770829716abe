"""A journey's change: its activities added, removed and changed, drawn as a marked flowchart."""

from __future__ import annotations

from typing import Any

from ..journeys.graph import mermaid_from_request
from .text import facts_diff
from .words import flatten


def activity_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], str]:
    """Details in words and the Mermaid flowchart of a journey going from request ``old`` to ``new``
    (either may be empty: an added or removed journey)."""
    details = facts_diff(_settings(old), _settings(new))
    if old and new and old.get("State") == new.get("State"):
        details.insert(0, f"State: {new.get('State', 'DRAFT')} (unchanged)")
    old_activities = old.get("Activities") or {}
    new_activities = new.get("Activities") or {}
    marks: dict[str, str] = {}
    for activity_id in sorted(set(old_activities) | set(new_activities)):
        before, after = old_activities.get(activity_id), new_activities.get(activity_id)
        if before == after:
            continue
        if before is None:
            assert after is not None
            marks[activity_id] = "added"
            details.append(f"Activity {activity_id} added: {_summary(after)}")
        elif after is None:
            marks[activity_id] = "removed"
            details.append(f"Activity {activity_id} removed: {_summary(before)}")
        else:
            marks[activity_id] = "changed"
            changed = facts_diff(flatten(before, {}), flatten(after, {}))
            details.extend(f"Activity {activity_id}: {line}" for line in changed)
    # The flowchart shows the new journey, with the removed activities drawn (dashed) where they were.
    drawn = dict(new or old)
    drawn["Activities"] = {**new_activities, **{a: old_activities[a] for a, m in marks.items() if m == "removed"}}
    if not new:
        marks = {a: "removed" for a in old_activities}
    elif not old:
        marks = {a: "added" for a in new_activities}
    return details, mermaid_from_request(drawn, marks)


def _settings(request: dict[str, Any]) -> dict[str, str]:
    return flatten({k: v for k, v in request.items() if k != "Activities"}, {})


def _summary(activity: dict[str, Any]) -> str:
    facts = flatten(activity, {})
    return "; ".join(f"{k} {v}" for k, v in facts.items())
