"""The segments, templates, campaigns and journeys of a synthesized cloud assembly, as data.

References between resources are resolved inside each stack: ``Fn::GetAtt`` of a segment's
``SegmentId`` (an ``AWS::Pinpoint::Segment`` or an imported segment's job) names that segment,
``Ref`` of a template is its ``TemplateName``, ``Fn::Join`` of known parts is joined. Anything
else (a parameter, another stack's export, an attribute only CloudFormation knows) stays an
unresolved intrinsic, which the simulation reports as "known only at deploy time", never guesses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: marks a segment reference resolved inside the assembly: SEGMENT_REF + "Stack/LogicalId"
SEGMENT_REF = "cdk-pinpoint-segment:"
DEPLOY_TIME = "(deploy-time)"

SEGMENT_TYPE = "AWS::Pinpoint::Segment"
IMPORT_JOB_TYPE = "Custom::PinpointImportJob"
CAMPAIGN_TYPE = "AWS::Pinpoint::Campaign"
JOURNEY_TYPE = "Custom::PinpointJourney"
SETTINGS_TYPE = "AWS::Pinpoint::ApplicationSettings"
_TEMPLATE_TYPES = {
    "AWS::Pinpoint::EmailTemplate": "EMAIL",
    "AWS::Pinpoint::SmsTemplate": "SMS",
    "AWS::Pinpoint::PushTemplate": "PUSH",
    "AWS::Pinpoint::InAppTemplate": "IN_APP",
    "Custom::PinpointVoiceTemplate": "VOICE",
}


@dataclass(frozen=True)
class SegmentDef:
    """A segment of the assembly: dimensional (``properties``) or imported (``import_name``)."""

    key: str  # Stack/LogicalId
    name: str
    properties: dict[str, Any] | None = None
    imported: bool = False


@dataclass(frozen=True)
class TemplateDef:
    """A message template: its parts by name (``Subject``, ``HtmlPart``, ``Default.Body``...)."""

    name: str
    kind: str  # EMAIL, SMS, PUSH, IN_APP, VOICE
    parts: dict[str, Any]
    default_substitutions: Any = None


@dataclass(frozen=True)
class CampaignDef:
    key: str
    name: str
    properties: dict[str, Any]
    #: the project's default quiet time (ApplicationSettings), when the stack sets one
    project_quiet_time: dict[str, Any] | None


@dataclass(frozen=True)
class JourneyDef:
    key: str
    name: str
    request: dict[str, Any]


@dataclass
class Assembly:
    segments: dict[str, SegmentDef] = field(default_factory=dict)
    templates: dict[str, TemplateDef] = field(default_factory=dict)
    campaigns: list[CampaignDef] = field(default_factory=list)
    journeys: list[JourneyDef] = field(default_factory=list)

    def segment_named(self, reference: Any) -> SegmentDef | None:
        """The segment a resolved ``SegmentId`` names, or None (written as text, or deploy-time)."""
        if isinstance(reference, str) and reference.startswith(SEGMENT_REF):
            return self.segments.get(reference[len(SEGMENT_REF) :])
        return None

    def for_display(self, value: Any) -> Any:
        """``value`` with every resolved segment reference replaced by the segment's name."""
        if isinstance(value, str) and value.startswith(SEGMENT_REF):
            segment = self.segment_named(value)
            return segment.name if segment else value
        if isinstance(value, dict):
            return {k: self.for_display(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.for_display(v) for v in value]
        return value


def read_assembly(templates: dict[str, dict[str, Any]]) -> Assembly:
    """Everything the simulation needs from ``stack name -> template`` (see ``cli._stack_templates``)."""
    assembly = Assembly()
    for stack, template in templates.items():
        resources: dict[str, Any] = template.get("Resources") or {}
        resolver = _Resolver(stack, resources)
        settings = {
            json.dumps(r.get("Properties", {}).get("ApplicationId"), sort_keys=True): r.get("Properties", {})
            for r in resources.values()
            if r.get("Type") == SETTINGS_TYPE
        }
        for logical_id, resource in resources.items():
            kind = resource.get("Type")
            properties = resource.get("Properties") or {}
            key = f"{stack}/{logical_id}"
            if kind == SEGMENT_TYPE:
                resolved = resolver.resolve(properties)
                assembly.segments[key] = SegmentDef(key, _text(resolved.get("Name"), logical_id), resolved)
            elif kind == IMPORT_JOB_TYPE:
                request = resolver.request(properties.get("Request")).get("ImportJobRequest") or {}
                name = _text(request.get("SegmentName"), logical_id)
                assembly.segments[key] = SegmentDef(key, name, imported=True)
            elif kind in _TEMPLATE_TYPES:
                template_def = _template(resolver, _TEMPLATE_TYPES[kind], properties)
                assembly.templates[template_def.name] = template_def
            elif kind == CAMPAIGN_TYPE:
                app = json.dumps(properties.get("ApplicationId"), sort_keys=True)
                quiet = (settings.get(app) or {}).get("QuietTime")
                resolved = resolver.resolve(properties)
                assembly.campaigns.append(CampaignDef(key, _text(resolved.get("Name"), logical_id), resolved, quiet))
            elif kind == JOURNEY_TYPE:
                request = resolver.request(properties.get("Request"))
                assembly.journeys.append(JourneyDef(key, _text(request.get("Name"), logical_id), request))
    return assembly


def _template(resolver: _Resolver, kind: str, properties: dict[str, Any]) -> TemplateDef:
    if kind == "VOICE":  # a custom resource: the CreateVoiceTemplate request, as JSON
        request = resolver.request(properties.get("Request"))
        body = request.get("VoiceTemplateRequest") or {}
        return TemplateDef(
            str(request.get("TemplateName")), kind, {"Body": body.get("Body")}, body.get("DefaultSubstitutions")
        )
    resolved = resolver.resolve(properties)
    parts: dict[str, Any] = {}
    if kind == "EMAIL":
        parts = {p: resolved.get(p) for p in ("Subject", "HtmlPart", "TextPart") if resolved.get(p) is not None}
    elif kind == "SMS":
        parts = {"Body": resolved.get("Body")}
    elif kind == "PUSH":
        for channel in ("Default", "APNS", "GCM", "ADM", "Baidu"):
            for part in ("Title", "Body"):
                value = (resolved.get(channel) or {}).get(part)
                if value is not None:
                    parts[f"{channel}.{part}"] = value
    return TemplateDef(str(resolved.get("TemplateName")), kind, parts, resolved.get("DefaultSubstitutions"))


def _text(value: Any, fallback: str) -> str:
    return value if isinstance(value, str) else fallback


class _Resolver:
    """Resolves intrinsic functions that point inside one stack; leaves the rest as written."""

    def __init__(self, stack: str, resources: dict[str, Any]) -> None:
        self.stack = stack
        self.resources = resources

    def request(self, value: Any) -> dict[str, Any]:
        """A custom resource's ``Request`` (JSON text, or ``Fn::Join`` of JSON text and references)."""
        resolved = self.resolve(value)
        if isinstance(resolved, dict) and "Fn::Join" in resolved:
            separator, parts = resolved["Fn::Join"]
            resolved = separator.join(p if isinstance(p, str) else DEPLOY_TIME for p in parts)
        if not isinstance(resolved, str):
            return {}
        try:
            parsed = json.loads(resolved)
        except json.JSONDecodeError:
            return {}
        return parsed if isinstance(parsed, dict) else {}

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((name, argument),) = value.items()
            if name == "Fn::GetAtt":
                return self._get_att(argument, value)
            if name == "Ref":
                return self._ref(argument, value)
            if name == "Fn::Join":
                return self._join(argument, value)
        return {k: self.resolve(v) for k, v in value.items()}

    def _get_att(self, argument: Any, original: dict[str, Any]) -> Any:
        if isinstance(argument, list) and len(argument) == 2 and argument[1] == "SegmentId":
            target = self.resources.get(argument[0]) or {}
            if target.get("Type") in (SEGMENT_TYPE, IMPORT_JOB_TYPE):
                return f"{SEGMENT_REF}{self.stack}/{argument[0]}"
        return original

    def _ref(self, argument: Any, original: dict[str, Any]) -> Any:
        target = self.resources.get(argument) if isinstance(argument, str) else None
        if target and target.get("Type") in _TEMPLATE_TYPES:
            name = (target.get("Properties") or {}).get("TemplateName")
            if isinstance(name, str):
                return name
        return original

    def _join(self, argument: Any, original: dict[str, Any]) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list)):
            return original
        parts = [self.resolve(p) for p in argument[1]]
        if all(isinstance(p, str) for p in parts):
            return str(argument[0]).join(parts)
        return {"Fn::Join": [argument[0], parts]}
