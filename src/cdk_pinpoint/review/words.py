"""Pinpoint resources in words: each resource becomes ordered facts (label -> text) that read like
the console, with references to other resources shown by their Pinpoint names."""

from __future__ import annotations

import json
import re
from typing import Any

Facts = dict[str, str]

# Resource type -> how to name one (the property that holds its Pinpoint name, and a noun).
_NOUNS = {
    "AWS::Pinpoint::App": ("Name", "project"),
    "AWS::Pinpoint::Segment": ("Name", "segment"),
    "AWS::Pinpoint::Campaign": ("Name", "campaign"),
    "AWS::Pinpoint::EmailTemplate": ("TemplateName", "email template"),
    "AWS::Pinpoint::SmsTemplate": ("TemplateName", "SMS template"),
    "AWS::Pinpoint::PushTemplate": ("TemplateName", "push template"),
    "AWS::Pinpoint::InAppTemplate": ("TemplateName", "in-app template"),
}
_CUSTOM_NOUNS = {
    "Custom::PinpointJourney": ("Name", "journey"),
    "Custom::PinpointEmailTemplate": ("TemplateName", "email template"),
    "Custom::PinpointPushTemplate": ("TemplateName", "push template"),
    "Custom::PinpointVoiceTemplate": ("TemplateName", "voice template"),
    "Custom::PinpointImportJob": ("ImportJobRequest.SegmentName", "imported segment"),
}
TEMPLATE_TYPES = frozenset(t for t, (_, noun) in {**_NOUNS, **_CUSTOM_NOUNS}.items() if noun.endswith(" template"))
SEGMENT_TYPES = frozenset(("AWS::Pinpoint::Segment", "Custom::PinpointImportJob"))
_PSEUDO = re.compile(r"^AWS::")
_ATTRIBUTE_TYPES = {
    "INCLUSIVE": "is",
    "EXCLUSIVE": "is not",
    "CONTAINS": "contains",
    "BEFORE": "is before",
    "AFTER": "is after",
    "ON": "is on",
    "BETWEEN": "is between",
}
_OPERATORS = {
    "GREATER_THAN": ">",
    "GREATER_THAN_OR_EQUAL": ">=",
    "LESS_THAN": "<",
    "LESS_THAN_OR_EQUAL": "<=",
    "EQUAL": "=",
}


def is_pinpoint(resource_type: str) -> bool:
    return resource_type.startswith(("AWS::Pinpoint::", "Custom::Pinpoint"))


def request_of(resource: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A custom resource's ``Request`` (a JSON string, or a ``Fn::Join`` of one) with references
    to other resources replaced by their names."""
    text = readable(resource.get("Properties", {}).get("Request", "{}"), names, in_json=True)
    try:
        parsed = json.loads(text)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def title(logical_id: str, resource: dict[str, Any]) -> str:
    """How the review names a resource: ``segment berlin-email``, ``AWS::IAM::Role ProviderRole``."""
    resource_type = resource.get("Type", "?")
    properties = resource.get("Properties") or {}
    if resource_type in _NOUNS:
        key, noun = _NOUNS[resource_type]
        name = properties.get(key)
        return f"{noun} {name}" if isinstance(name, str) else f"{noun} {logical_id}"
    if resource_type in _CUSTOM_NOUNS:
        key, noun = _CUSTOM_NOUNS[resource_type]
        value: Any = request_of(resource, {})
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return f"{noun} {value}" if isinstance(value, str) else f"{noun} {logical_id}"
    if resource_type.startswith("AWS::Pinpoint::") and resource_type.endswith("Channel"):
        return f"{resource_type.removeprefix('AWS::Pinpoint::').removesuffix('Channel')} channel"
    if resource_type == "AWS::Pinpoint::EventStream":
        return "event stream"
    if resource_type == "AWS::Pinpoint::ApplicationSettings":
        return "project settings"
    return f"{resource_type} {logical_id}"


def names_of(template: dict[str, Any]) -> dict[str, str]:
    """Logical id -> title, for every resource of a template."""
    return {logical_id: title(logical_id, r) for logical_id, r in template.get("Resources", {}).items()}


def readable(value: Any, names: dict[str, str], *, in_json: bool = False) -> str:
    """A property value as text; ``Ref``/``Fn::GetAtt`` of a resource become its name. ``in_json``:
    the value is JSON text being joined, so names are escaped to stay valid inside its strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict) and len(value) == 1:
        ((key, argument),) = value.items()
        text = _intrinsic(key, argument, names, in_json)
        if text is not None:
            return json.dumps(text)[1:-1] if in_json and key != "Fn::Join" else text
    return json.dumps(value, sort_keys=True)


def _intrinsic(key: str, argument: Any, names: dict[str, str], in_json: bool) -> str | None:
    if key == "Ref" and isinstance(argument, str):
        return f"${{{argument}}}" if _PSEUDO.match(argument) else names.get(argument, argument)
    if key == "Fn::GetAtt" and isinstance(argument, list) and len(argument) == 2:
        target, attribute = argument
        name = str(names.get(target, target))
        # SegmentId, Arn, Id...: the resource itself is what a reader needs
        return name if attribute in ("SegmentId", "Id", "JourneyId", "CampaignId") else f"{name} ({attribute})"
    if key == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
        separator, parts = argument
        return str(separator).join(readable(part, names, in_json=in_json) for part in parts)
    if key == "Fn::Sub":
        return argument if isinstance(argument, str) else readable(argument[0], names)
    return None


def flatten(value: Any, names: dict[str, str], prefix: str = "") -> Facts:
    """Nested properties as ``A.B[0].C -> text`` facts, in key order."""
    if isinstance(value, dict) and value and not (len(value) == 1 and next(iter(value)).startswith(("Fn::", "Ref"))):
        facts: Facts = {}
        for key in sorted(value):
            facts.update(flatten(value[key], names, f"{prefix}.{key}" if prefix else key))
        return facts
    if value == {} or value == []:
        return {}
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        facts = {}
        for index, item in enumerate(value):
            facts.update(flatten(item, names, f"{prefix}[{index}]"))
        return facts
    if isinstance(value, list):
        return {prefix: ", ".join(readable(item, names) for item in value)}
    return {prefix: readable(value, names)}


# --- segments ---------------------------------------------------------------------------------


def segment_criteria(properties: dict[str, Any], names: dict[str, str]) -> str:
    """``EMAIL endpoints whose City is Berlin, excluding segment testers``."""
    groups = (properties.get("SegmentGroups") or {}).get("Groups")
    if not groups:
        return _dimensions_words(properties.get("Dimensions") or {}, names)
    include = (properties.get("SegmentGroups") or {}).get("Include", "ALL")
    included: list[str] = []
    excluded: list[str] = []
    for group in groups:
        words, excluding = _group_words(group, names)
        (excluded if excluding else included).append(words)
    joiner = {"ANY": " or ", "NONE": " nor "}.get(include, " and ")
    text = joiner.join(included) if included else "all endpoints"
    if include == "NONE":
        text = f"neither {text}"
    return text + "".join(f", excluding {words}" for words in excluded)


def _group_words(group: dict[str, Any], names: dict[str, str]) -> tuple[str, bool]:
    """A segment group in words, and whether it is an exclusion (source segments of type NONE)."""
    parts = [_dimensions_words(d, names) for d in group.get("Dimensions") or []]
    sources = [readable(s.get("Id"), names) for s in group.get("SourceSegments") or []]
    source_type = group.get("SourceType", "ALL")
    if sources and source_type == "NONE" and not parts:
        return " and ".join(sources), True
    if sources:
        parts.insert(0, ("in " if source_type == "ALL" else "in any of ") + " and ".join(sources))
    joiner = {"ANY": " or ", "NONE": " nor "}.get(group.get("Type", "ALL"), " and ")
    return joiner.join(parts) or "all endpoints", False


def _dimensions_words(dimensions: dict[str, Any], names: dict[str, str]) -> str:
    demographic = dict(dimensions.get("Demographic") or {})
    channel = demographic.pop("Channel", None)
    subject = "endpoints"
    if channel:
        values = ", ".join(channel.get("Values", []))
        subject = f"{values} endpoints" if channel.get("DimensionType") != "EXCLUSIVE" else f"endpoints not on {values}"
    conditions = []
    for field, dimension in sorted(demographic.items()):
        conditions.append(_set_words(field, dimension))
    for label, key in (("", "Attributes"), ("user attribute ", "UserAttributes")):
        for name, dimension in sorted((dimensions.get(key) or {}).items()):
            verb = _ATTRIBUTE_TYPES.get(dimension.get("AttributeType", "INCLUSIVE"), dimension.get("AttributeType"))
            conditions.append(f"{label}{name} {verb} {_any_of(dimension.get('Values', []))}")
    for name, metric in sorted((dimensions.get("Metrics") or {}).items()):
        operator = _OPERATORS.get(metric.get("ComparisonOperator"), metric.get("ComparisonOperator"))
        conditions.append(f"{name} {operator} {readable(metric.get('Value'), names)}")
    location = dimensions.get("Location") or {}
    if location.get("Country"):
        conditions.append(_set_words("country", location["Country"]))
    if location.get("GPSPoint"):
        point = location["GPSPoint"]
        where = point.get("Coordinates", {})
        conditions.append(
            f"within {point.get('RangeInKilometers')} km of {where.get('Latitude')}, {where.get('Longitude')}"
        )
    recency = (dimensions.get("Behavior") or {}).get("Recency")
    if recency:
        active = "active" if recency.get("RecencyType") == "ACTIVE" else "inactive"
        conditions.append(f"{active} in the last {recency.get('Duration', '').lower().replace('_', ' ')}")
    if not conditions:
        return subject
    return f"{subject} whose " + " and ".join(conditions)


def _set_words(field: str, dimension: dict[str, Any]) -> str:
    verb = "is not" if dimension.get("DimensionType") == "EXCLUSIVE" else "is"
    return f"{field} {verb} {_any_of(dimension.get('Values', []))}"


def _any_of(values: list[Any]) -> str:
    texts = [str(v) for v in values]
    return texts[0] if len(texts) == 1 else "any of " + ", ".join(texts)


# --- campaigns --------------------------------------------------------------------------------


def schedule_words(schedule: dict[str, Any], names: dict[str, str]) -> str:
    frequency = schedule.get("Frequency", "ONCE")
    start, end = schedule.get("StartTime"), schedule.get("EndTime")
    if frequency == "EVENT":
        event_filter = (schedule.get("EventFilter") or {}).get("Dimensions") or {}
        events = ", ".join((event_filter.get("EventType") or {}).get("Values", []))
        text = f"on event {events}"
        rest = {k: v for k, v in event_filter.items() if k != "EventType"}
        if rest:
            text += " where " + _dimensions_words(rest, names).removeprefix("endpoints whose ")
    elif frequency == "ONCE":
        text = "once"
    elif frequency == "IMMEDIATE":
        text = "immediately"
    else:
        text = frequency.lower().replace("_", " ")
    if start and frequency != "IMMEDIATE":
        text += f" at {start}" if frequency == "ONCE" else f" from {start}"
    if end:
        text += f" until {end}"
    if schedule.get("Timezone"):
        text += f" ({schedule['Timezone']})"
    if schedule.get("IsLocalTime"):
        text += " in each endpoint's local time"
    return text


def campaign_facts(properties: dict[str, Any], names: dict[str, str]) -> Facts:
    facts: Facts = {"Audience": readable(properties.get("SegmentId"), names)}
    if properties.get("SegmentVersion") is not None:
        facts["Audience"] += f" (version {properties['SegmentVersion']})"
    facts["Hold-out"] = f"{properties.get('HoldoutPercent', 0)}%"
    facts["State"] = "paused" if properties.get("IsPaused") else "running"
    treatments = properties.get("AdditionalTreatments") or []
    main_share = 100 - sum(t.get("SizePercent", 0) for t in treatments) - properties.get("HoldoutPercent", 0)
    main_name = properties.get("TreatmentName") or "default"
    facts.update(_treatment_facts(main_name, main_share if treatments else None, properties, names))
    for treatment in treatments:
        name = treatment.get("TreatmentName") or "treatment"
        facts.update(_treatment_facts(name, treatment.get("SizePercent"), treatment, names))
    for key in ("Limits", "Priority", "CustomDeliveryConfiguration", "CampaignHook", "Description"):
        if key in properties:
            facts.update(flatten(properties[key], names, key))
    quiet = (properties.get("Schedule") or {}).get("QuietTime")
    if quiet:
        facts["Quiet time"] = f"{quiet.get('Start')} to {quiet.get('End')}"
    return facts


def _treatment_facts(name: str, share: Any, body: dict[str, Any], names: dict[str, str]) -> Facts:
    label = f"Treatment {name}"
    facts: Facts = {}
    if share is not None:
        facts[f"{label} share"] = f"{share}%"
    if "Schedule" in body:
        facts[f"{label} schedule"] = schedule_words(body["Schedule"], names)
    for key in ("MessageConfiguration", "TemplateConfiguration"):
        for path, text in flatten(body.get(key) or {}, names).items():
            facts[f"{label} {path}"] = text
    return facts


# --- templates --------------------------------------------------------------------------------


def template_parts(resource: dict[str, Any], names: dict[str, str]) -> Facts:
    """A template's parts (subject, HTML, text, body, defaults...) by name."""
    properties = resource.get("Properties") or {}
    if resource.get("Type", "").startswith("Custom::"):
        request = request_of(resource, names)
        body = next((v for k, v in request.items() if k.endswith("Request") and isinstance(v, dict)), {})
        properties = {**body, "TemplateName": request.get("TemplateName")}
    parts = flatten({k: v for k, v in properties.items() if k not in ("Tags", "tags")}, names)
    if "DefaultSubstitutions" in parts:
        parts["DefaultSubstitutions"] = _pretty_json(parts["DefaultSubstitutions"])
    return parts


def lines_of(label: str, text: str) -> list[str]:
    """Text split into lines for a line diff; an HTML part also breaks between tags."""
    if "Html" in label:
        text = re.sub(r">(?=<)", ">\n", text)
    return text.splitlines() or [""]


def _pretty_json(text: str) -> str:
    try:
        return json.dumps(json.loads(text), indent=2, sort_keys=True)
    except ValueError:
        return text


# --- everything else Pinpoint -----------------------------------------------------------------


def facts_of(resource: dict[str, Any], names: dict[str, str]) -> Facts:
    """A Pinpoint resource (other than a journey or template) as facts."""
    resource_type = resource.get("Type", "")
    properties = resource.get("Properties") or {}
    if resource_type == "AWS::Pinpoint::Segment":
        return {"Criteria": segment_criteria(properties, names), "Name": str(properties.get("Name"))}
    if resource_type == "AWS::Pinpoint::Campaign":
        return campaign_facts(properties, names)
    if resource_type.startswith("Custom::"):
        return flatten(request_of(resource, names), names)
    if resource_type == "AWS::Pinpoint::EventStream":
        return {
            "Streams events to": readable(properties.get("DestinationStreamArn"), names),
            "As role": readable(properties.get("RoleArn"), names),
        }
    if resource_type.endswith("Channel"):
        facts = {"Enabled": readable(properties.get("Enabled", True), names)}
        facts.update(flatten({k: v for k, v in properties.items() if k not in ("Enabled", "ApplicationId")}, names))
        return facts
    return flatten({k: v for k, v in properties.items() if k != "ApplicationId"}, names)
