"""What a valid Pinpoint journey request is: botocore's model (shape and enums) plus the rules the
model does not carry (the activity graph, counts, percentages, the documented limits).

Both sides run these checks: the ``Journey`` construct at synth time and the custom-resource
provider before it calls Pinpoint (``cdk_pinpoint._shared`` is copied into its asset). So this module
imports only the standard library and botocore.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

# The activity types the API knows (the members of the ``Activity`` shape other than Description).
ACTIVITY_TYPES = (
    "CUSTOM",
    "ConditionalSplit",
    "ContactCenter",
    "EMAIL",
    "Holdout",
    "MultiCondition",
    "PUSH",
    "RandomSplit",
    "SMS",
    "Wait",
)
MESSAGE_TYPES = ("CUSTOM", "EMAIL", "PUSH", "SMS")
MAX_ACTIVITIES = 40  # Pinpoint quotas: activities per journey
MAX_ACTIVITY_ID = 100  # WriteJourneyRequest.Activities: "an activity identifier can contain a maximum of 100"
MAX_NAME = 150  # WriteJourneyRequest.Name
MAX_DURATION_DAYS = 3600  # journeys-create.html: a journey runs for at most 3600 days
MAX_CONDITION_BRANCHES = 4  # MultiCondition: up to five paths, one of them the default ("else") path
MAX_RANDOM_BRANCHES = 5
# User guide, "Set up a wait activity": wait 1 hour to 365 days, or until a date before the journey's end.
MIN_WAIT = timedelta(hours=1)
MAX_WAIT = timedelta(days=365)
# (field under Limits, minimum, maximum); maximum None = no documented maximum.
LIMIT_RANGES = (
    ("DailyCap", 0, 100),
    ("TotalCap", 0, 100),
    ("EndpointReentryCap", 0, 100),
    ("MessagesPerSecond", 1, None),
    ("TimeframeCap.Cap", 0, 100),
    ("TimeframeCap.Days", 0, 30),
)
# JourneySchedule.Timezone: the values its documentation lists.
TIMEZONES = frozenset(
    [
        "UTC",
        "UTC+01",
        "UTC+02",
        "UTC+03",
        "UTC+03:30",
        "UTC+04",
        "UTC+04:30",
        "UTC+05",
        "UTC+05:30",
        "UTC+05:45",
        "UTC+06",
        "UTC+06:30",
        "UTC+07",
        "UTC+08",
        "UTC+09",
        "UTC+09:30",
        "UTC+10",
        "UTC+10:30",
        "UTC+11",
        "UTC+12",
        "UTC+13",
        "UTC-02",
        "UTC-03",
        "UTC-04",
        "UTC-05",
        "UTC-06",
        "UTC-07",
        "UTC-08",
        "UTC-09",
        "UTC-10",
        "UTC-11",
    ]
)
# Strings the model leaves open but documents a closed set of values for: (structure, member) -> values.
DOCUMENTED_ENUMS = {
    # MetricDimension.ComparisonOperator: "Valid values are: GREATER_THAN, LESS_THAN, ..."
    ("MetricDimension", "ComparisonOperator"): (
        "GREATER_THAN",
        "LESS_THAN",
        "GREATER_THAN_OR_EQUAL",
        "LESS_THAN_OR_EQUAL",
        "EQUAL",
    ),
}
_ALPHANUMERIC = re.compile(r"^[A-Za-z0-9]+$")
# OpenHoursRule times: 24-hour "HH:MM", like QuietTime.Start/End (the console's format).
_HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
# The ISO 8601 durations aws_cdk.Duration.to_iso_string() writes (weeks, days and time; no years or months,
# whose length varies).
_DURATION = re.compile(
    r"^P(?:(?P<weeks>\d+(?:\.\d+)?)W)?(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
# Values CloudFormation resolves at deploy time; they cannot be checked at synth time.
_TOKEN = re.compile(r"\$\{Token\[|\[\"Fn::|\{\"(Ref|Fn::)")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: where (``field``, a dotted path), what, and what is allowed."""

    field: str
    value: Any
    allowed: str
    activity: str | None = None

    def __str__(self) -> str:
        return f"{self.field}={self.value!r} is invalid: {self.allowed}"


def is_deploy_time(value: Any) -> bool:
    return isinstance(value, str) and bool(_TOKEN.search(value))


@cache
def service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("pinpoint")


def problems(request: dict[str, Any]) -> list[Problem]:
    """Everything wrong with a ``WriteJourneyRequest``; empty when it is valid."""
    found = model_problems(request)
    if found:  # the rules below assume the shapes are right
        return found
    return [*request_problems(request), *graph_problems(request)]


def describe(found: list[Problem]) -> str:
    return "; ".join(str(p) for p in found)


# --- botocore's model ---------------------------------------------------------------------------


def model_problems(request: dict[str, Any]) -> list[Problem]:
    """Shape errors (ParamValidator) and enum errors (which ParamValidator does not check)."""
    from botocore.validate import ParamValidator

    shape = service_model().operation_model("CreateJourney").input_shape
    report = ParamValidator().validate({"ApplicationId": "application", "WriteJourneyRequest": request}, shape)
    found = []
    for error in getattr(report, "_errors", []):
        _kind, name, details = error
        value = details.get("param", details.get("unknown_param", details.get("required_name")))
        field = name.removeprefix("WriteJourneyRequest").lstrip(".") or "WriteJourneyRequest"
        found.append(Problem(field, value, report._format_error(error).split(": ", 1)[-1], _activity_of(field)))
    if found:
        return found
    return list(_enum_problems(request, shape.members["WriteJourneyRequest"], ""))


def _enum_problems(value: Any, shape: Any, path: str) -> Iterator[Problem]:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name not in value:
                continue
            field = f"{path}.{name}" if path else name
            documented = DOCUMENTED_ENUMS.get((shape.name, name))
            if documented and not is_deploy_time(value[name]) and value[name] not in documented:
                yield Problem(field, value[name], f"must be one of {', '.join(documented)}", _activity_of(field))
            yield from _enum_problems(value[name], member, field)
    elif kind == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _enum_problems(item, shape.member, f"{path}[{index}]")
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            yield from _enum_problems(key, shape.key, f"{path} key")
            yield from _enum_problems(item, shape.value, f"{path}.{key}")
    elif kind == "string" and shape.enum and not is_deploy_time(value) and value not in shape.enum:
        yield Problem(path, value, f"must be one of {', '.join(shape.enum)}", _activity_of(path))


def _activity_of(field: str) -> str | None:
    parts = field.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "Activities" else None


# --- the documented rules the model does not carry ----------------------------------------------


def request_problems(request: dict[str, Any]) -> list[Problem]:
    found: list[Problem] = []
    name = request.get("Name", "")
    if not is_deploy_time(name) and (not 1 <= len(name) <= MAX_NAME or " " in name):
        found.append(Problem("Name", name, f"must be 1 to {MAX_NAME} characters without spaces"))
    found.extend(limits_problems(request.get("Limits", {})))
    if request.get("State") == "PAUSED" and not request.get("RefreshFrequency"):
        # JourneyStateRequest.State: "Currently, PAUSED only supports journeys with a segment refresh interval."
        found.append(Problem("State", "PAUSED", "Pinpoint pauses only journeys with a RefreshFrequency"))
    found.extend(schedule_problems(request.get("Schedule", {})))
    found.extend(sending_schedule_problems(request))
    if (request.get("OpenHours") or request.get("ClosedDays")) and not request.get("SendingSchedule"):
        found.append(
            Problem("SendingSchedule", request.get("SendingSchedule"), "must be true to use open hours or closed days")
        )
    if request.get("SendingSchedule") and not request.get("QuietTime"):
        found.append(Problem("QuietTime", None, "is required when SendingSchedule is true"))
    return found


def limits_problems(limits: dict[str, Any]) -> list[Problem]:
    found = []
    for field, minimum, maximum in LIMIT_RANGES:
        value = _get(limits, field)
        if value is None or is_deploy_time(value) or not isinstance(value, int | float):
            continue
        if value < minimum or (maximum is not None and value > maximum):
            allowed = (
                f"must be between {minimum} and {maximum}" if maximum is not None else f"must be at least {minimum}"
            )
            found.append(Problem(f"Limits.{field}", value, allowed))
    return found


def _get(data: dict[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)  # type: ignore[assignment]
    return data


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or is_deploy_time(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def schedule_problems(schedule: dict[str, Any]) -> list[Problem]:
    found = []
    timezone = schedule.get("Timezone")
    if timezone is not None and not is_deploy_time(timezone) and timezone not in TIMEZONES:
        found.append(Problem("Schedule.Timezone", timezone, "must be UTC or an offset such as UTC+02 or UTC-05"))
    start, end = _parse_time(schedule.get("StartTime")), _parse_time(schedule.get("EndTime"))
    if start is not None and end is not None:
        if (start.tzinfo is None) != (end.tzinfo is None):
            found.append(Problem("Schedule.EndTime", schedule["EndTime"], "must have a time zone if StartTime has"))
        elif end <= start:
            found.append(Problem("Schedule.EndTime", schedule["EndTime"], f"must be after StartTime {start}"))
        elif end - start > timedelta(days=MAX_DURATION_DAYS):
            found.append(
                Problem(
                    "Schedule.EndTime", schedule["EndTime"], f"must be within {MAX_DURATION_DAYS} days of StartTime"
                )
            )
    return found


def sending_schedule_problems(request: dict[str, Any]) -> list[Problem]:
    """``OpenHours`` and ``ClosedDays``: channels and days the model knows, "HH:MM" open hours, each
    rule ending after it starts."""
    model = service_model()
    days = model.shape_for("DayOfWeek").enum
    found: list[Problem] = []
    for channel, rules_by_day in (request.get("OpenHours") or {}).items():
        found.extend(_channel_problems("OpenHours", channel, model.shape_for("OpenHours")))
        for day, rules in rules_by_day.items():
            if day not in days:
                found.append(Problem(f"OpenHours.{channel}", day, f"a day must be one of {', '.join(days)}"))
            for index, rule in enumerate(rules):
                found.extend(open_hours_problems(rule, f"OpenHours.{channel}.{day}[{index}]"))
    for channel, rules in (request.get("ClosedDays") or {}).items():
        found.extend(_channel_problems("ClosedDays", channel, model.shape_for("ClosedDays")))
        for index, rule in enumerate(rules):
            found.extend(closed_day_problems(rule, f"ClosedDays.{channel}[{index}]"))
    return found


def _channel_problems(field: str, channel: str, shape: Any) -> list[Problem]:
    if channel in shape.members:
        return []
    return [Problem(field, channel, f"a channel must be one of {', '.join(shape.members)}")]


def open_hours_problems(rule: dict[str, Any], field: str) -> list[Problem]:
    start, end = rule.get("StartTime"), rule.get("EndTime")
    found = []
    for name, value in (("StartTime", start), ("EndTime", end)):
        if not is_deploy_time(value) and not (isinstance(value, str) and _HH_MM.match(value)):
            found.append(Problem(f"{field}.{name}", value, 'must be a 24-hour time "HH:MM", e.g. "09:00"'))
    known = isinstance(start, str) and isinstance(end, str) and not (is_deploy_time(start) or is_deploy_time(end))
    if not found and known and end <= start:  # type: ignore[operator]  # both are "HH:MM" strings here
        found.append(Problem(f"{field}.EndTime", end, f"must be after StartTime {start}"))
    return found


def closed_day_problems(rule: dict[str, Any], field: str) -> list[Problem]:
    start, end = _parse_time(rule.get("StartDateTime")), _parse_time(rule.get("EndDateTime"))
    found = []
    for name, parsed in (("StartDateTime", start), ("EndDateTime", end)):
        value = rule.get(name)
        if parsed is None and not is_deploy_time(value):
            found.append(Problem(f"{field}.{name}", value, "must be an ISO 8601 date and time"))
    if start is not None and end is not None:
        if (start.tzinfo is None) != (end.tzinfo is None):
            found.append(Problem(f"{field}.EndDateTime", rule["EndDateTime"], "must have a time zone if the start has"))
        elif end <= start:
            found.append(Problem(f"{field}.EndDateTime", rule["EndDateTime"], f"must be after StartDateTime {start}"))
    return found


# --- the activity graph -------------------------------------------------------------------------


def activity_type(activity: dict[str, Any]) -> str | None:
    types = [t for t in ACTIVITY_TYPES if t in activity]
    return types[0] if len(types) == 1 else None


def successors(activity: dict[str, Any]) -> list[tuple[str, str]]:
    """The (edge label, next activity id) pairs leaving an activity, in a stable order."""
    kind = activity_type(activity)
    body = activity.get(kind, {}) if kind else {}
    edges: list[tuple[str, str | None]]
    if kind == "ConditionalSplit":
        edges = [("yes", body.get("TrueActivity")), ("no", body.get("FalseActivity"))]
    elif kind == "MultiCondition":
        edges = [(f"branch {i + 1}", b.get("NextActivity")) for i, b in enumerate(body.get("Branches", []))]
        edges.append(("else", body.get("DefaultActivity")))
    elif kind == "RandomSplit":
        edges = [(f"{b.get('Percentage')}%", b.get("NextActivity")) for b in body.get("Branches", [])]
    else:
        edges = [("", body.get("NextActivity"))]
    return [(label, target) for label, target in edges if target]


def graph_problems(request: dict[str, Any]) -> list[Problem]:
    activities: dict[str, dict[str, Any]] = request.get("Activities") or {}
    found: list[Problem] = []
    if len(activities) > MAX_ACTIVITIES:
        found.append(Problem("Activities", len(activities), f"a journey may have at most {MAX_ACTIVITIES} activities"))
    for activity_id, activity in activities.items():
        found.extend(_activity_problems(activity_id, activity, activities, request))
    start = request.get("StartActivity")
    if activities and start is None:
        found.append(Problem("StartActivity", None, "is required when the journey has activities"))
    elif start is not None and start not in activities:
        found.append(Problem("StartActivity", start, f"must be one of the activities: {', '.join(activities)}"))
    if found:
        return found
    if start is not None:
        reachable = _reachable(start, activities)
        for activity_id in activities:
            if activity_id not in reachable:
                found.append(
                    Problem(f"Activities.{activity_id}", activity_id, "is unreachable from the start", activity_id)
                )
        loop = _loop_without_wait(activities)
        if loop:
            cycle = " -> ".join([*loop, loop[0]])
            found.append(
                Problem(f"Activities.{loop[0]}", cycle, "loops back without a Wait activity on the way", loop[0])
            )
    return found


def _activity_problems(
    activity_id: str, activity: dict[str, Any], activities: dict[str, Any], request: dict[str, Any]
) -> list[Problem]:
    here = f"Activities.{activity_id}"

    def problem(field: str, value: Any, allowed: str) -> Problem:
        return Problem(f"{here}.{field}" if field else here, value, allowed, activity_id)

    found = []
    if not (_ALPHANUMERIC.match(activity_id) and len(activity_id) <= MAX_ACTIVITY_ID):
        found.append(problem("", activity_id, f"an activity id must be 1 to {MAX_ACTIVITY_ID} letters and digits"))
    kind = activity_type(activity)
    if kind is None:
        types = [t for t in ACTIVITY_TYPES if t in activity] or None
        found.append(problem("", types, f"an activity must have exactly one type of {', '.join(ACTIVITY_TYPES)}"))
        return found
    for label, target in successors(activity):
        if target not in activities:
            found.append(problem(kind, target, f"the {label or 'next'} activity does not exist"))
    body = activity[kind]
    if kind == "Holdout":
        found.extend(_percentage_problems(problem, "Holdout.Percentage", body.get("Percentage")))
    elif kind == "RandomSplit":
        branches = body.get("Branches", [])
        if not 1 <= len(branches) <= MAX_RANDOM_BRANCHES:
            found.append(problem("RandomSplit.Branches", len(branches), f"must be 1 to {MAX_RANDOM_BRANCHES} branches"))
        percentages = [b.get("Percentage") for b in branches]
        for index, percentage in enumerate(percentages):
            found.extend(_percentage_problems(problem, f"RandomSplit.Branches[{index}].Percentage", percentage))
        if all(isinstance(p, int) for p in percentages) and sum(percentages) != 100:
            found.append(problem("RandomSplit.Branches", percentages, "the percentages must add up to 100"))
    elif kind == "MultiCondition":
        branches = body.get("Branches", [])
        if not 1 <= len(branches) <= MAX_CONDITION_BRANCHES:
            found.append(
                problem("MultiCondition.Branches", len(branches), f"must be 1 to {MAX_CONDITION_BRANCHES} branches")
            )
        for index, branch in enumerate(branches):
            found.extend(
                _condition_problems(
                    problem, f"MultiCondition.Branches[{index}].Condition", [branch.get("Condition", {})], activities
                )
            )
    elif kind == "ConditionalSplit":
        conditions = body.get("Condition", {}).get("Conditions", [])
        if not conditions:
            found.append(
                problem("ConditionalSplit.Condition.Conditions", conditions, "must hold at least one condition")
            )
        found.extend(_condition_problems(problem, "ConditionalSplit.Condition.Conditions", conditions, activities))
    elif kind == "ContactCenter" and not request.get("JourneyChannelSettings"):
        found.append(problem("ContactCenter", body, "needs the journey's JourneyChannelSettings (a Connect campaign)"))
    elif kind == "Wait":
        found.extend(_wait_problems(problem, body.get("WaitTime"), request))
    return found


def parse_duration(value: str) -> timedelta | None:
    """An ISO 8601 duration of weeks, days, hours, minutes and seconds, or None if it is not one."""
    match = _DURATION.match(value) if isinstance(value, str) and value not in ("P", "PT") else None
    if match is None or value.endswith("T"):
        return None
    return timedelta(**{unit: float(amount) for unit, amount in match.groupdict().items() if amount is not None})


def _wait_problems(problem: Any, wait_time: Any, request: dict[str, Any]) -> list[Problem]:
    given = [k for k in ("WaitFor", "WaitUntil") if k in (wait_time or {})]
    if len(given) != 1:
        return [problem("Wait.WaitTime", wait_time, "must have exactly one of WaitFor and WaitUntil")]
    value = wait_time[given[0]]
    field = f"Wait.WaitTime.{given[0]}"
    if is_deploy_time(value):
        return []
    if given[0] == "WaitFor":
        length = parse_duration(value)
        if length is None:
            return [problem(field, value, "must be an ISO 8601 duration in days, hours or minutes, e.g. P2D or PT6H")]
        if not MIN_WAIT <= length <= MAX_WAIT:
            return [problem(field, value, "a wait must last 1 hour (PT1H) to 365 days (P365D)")]
        return []
    until = _parse_time(value)
    if until is None:
        return [problem(field, value, "must be an ISO 8601 date and time")]
    end = _parse_time(_get(request, "Schedule.EndTime"))
    if end is None:
        return []
    if (until.tzinfo is None) != (end.tzinfo is None):
        return [problem(field, value, f"must have a time zone if the journey's end (Schedule.EndTime {end}) has")]
    if until >= end:
        return [problem(field, value, f"must be before the journey's end (Schedule.EndTime {end})")]
    return []


def _percentage_problems(problem: Any, field: str, value: Any) -> list[Problem]:
    if value is None or is_deploy_time(value) or 1 <= value <= 100:
        return []
    return [problem(field, value, "must be between 1 and 100")]


def _condition_problems(
    problem: Any, field: str, conditions: list[dict[str, Any]], activities: dict[str, Any]
) -> list[Problem]:
    found = []
    for index, condition in enumerate(conditions):
        kinds = [k for k in ("EventCondition", "SegmentCondition", "SegmentDimensions") if k in condition]
        if len(kinds) != 1:
            found.append(problem(f"{field}[{index}]", kinds, "a condition must have exactly one kind"))
            continue
        message = condition.get("EventCondition", {}).get("MessageActivity")
        if message is not None and activity_type(activities.get(message, {})) not in MESSAGE_TYPES:
            found.append(
                problem(f"{field}[{index}].EventCondition.MessageActivity", message, "must be a message activity")
            )
    return found


def _reachable(start: str, activities: dict[str, dict[str, Any]]) -> set[str]:
    seen, pending = set(), [start]
    while pending:
        current = pending.pop()
        if current in seen or current not in activities:
            continue
        seen.add(current)
        pending.extend(target for _, target in successors(activities[current]))
    return seen


def _loop_without_wait(activities: dict[str, dict[str, Any]]) -> list[str] | None:
    """A cycle that passes no Wait activity (participants would spin through it at once), or None."""
    graph = {
        activity_id: [t for _, t in successors(activity) if activity_type(activities.get(t, {})) != "Wait"]
        for activity_id, activity in activities.items()
        if activity_type(activity) != "Wait"
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in graph.get(node, []):
            if state.get(target) == 1:
                return path[path.index(target) :]
            if target not in state:
                loop = visit(target, path)
                if loop:
                    return loop
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            loop = visit(node, [])
            if loop:
                return loop
    return None
