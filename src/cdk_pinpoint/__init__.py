"""cdk-pinpoint: AWS CDK constructs for Amazon Pinpoint.

The public names are loaded lazily (PEP 562): ``import cdk_pinpoint.rendering`` runs inside
Lambda, where aws_cdk, constructs and jsii are absent, and importing jsii alone costs about
half a second. ``from cdk_pinpoint import Project`` imports the construct modules on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # typing.Any at run time would cost the Lambda cold start a few ms
    from typing import Any

# public name -> module (relative to this package) that defines it
_EXPORTS: dict[str, str] = {
    # errors and the end-of-support decision
    "ConfigurationError": "errors",
    "acknowledge_end_of_support": "end_of_support",
    "END_OF_SUPPORT_WARNING_ID": "end_of_support",
    # project and shared settings
    "IProject": "project",
    "Project": "project",
    "CampaignHook": "hooks",
    "HookMode": "hooks",
    "Limits": "settings",
    "QuietTime": "settings",
    # channels
    "AdmChannel": "channels",
    "ApnsAuth": "channels",
    "ApnsChannel": "channels",
    "ApnsEnvironment": "channels",
    "BaiduChannel": "channels",
    "EmailChannel": "channels",
    "FcmAuth": "channels",
    "FcmChannel": "channels",
    "SecretCredential": "channels",
    "SmsChannel": "channels",
    "SmsMessageType": "channels",
    "VoiceChannel": "channels",
    # event streaming and processing
    "EventDestination": "event_stream",
    "EventStream": "event_stream",
    "EventArchive": "event_processing",
    "EventProcessor": "event_processing",
    # message templates
    "AndroidPush": "templates",
    "ApnsPush": "templates",
    "ButtonAction": "templates",
    "ButtonOverride": "templates",
    "DefaultPush": "templates",
    "EmailTemplate": "templates",
    "ITemplate": "templates",
    "InAppButton": "templates",
    "InAppLayout": "templates",
    "InAppContent": "templates",
    "InAppTemplate": "templates",
    "PushAction": "templates",
    "PushTemplate": "templates",
    "SmsTemplate": "templates",
    "TemplateBody": "templates",
    "TemplateKind": "templates",
    "TextAlignment": "templates",
    "VARIABLE_WITHOUT_DEFAULT_WARNING_ID": "templates",
    "VoiceTemplate": "templates",
    "disable_link_tracking": "templates",
    # segments
    "AttributeFilter": "segments",
    "AttributeOperator": "segments",
    "CannotEvaluateLocally": "segments",
    "GpsPoint": "segments",
    "ISegment": "segments",
    "ImportFormat": "segments",
    "ImportedSegment": "segments",
    "Include": "segments",
    "MetricFilter": "segments",
    "MetricOperator": "segments",
    "Recency": "segments",
    "RecencyDuration": "segments",
    "Segment": "segments",
    "SegmentDimensions": "segments",
    "SegmentGroup": "segments",
    "SetFilter": "segments",
    # campaigns
    "Campaign": "campaigns",
    "CampaignChannel": "campaigns",
    "CustomDelivery": "campaigns",
    "CustomMessage": "campaigns",
    "EmailMessage": "campaigns",
    "EventSource": "campaigns",
    "Frequency": "campaigns",
    "ICampaign": "campaigns",
    "InAppMessage": "campaigns",
    "PushMessage": "campaigns",
    "Schedule": "campaigns",
    "SmsMessage": "campaigns",
    "Treatment": "campaigns",
    # the custom channel
    "CustomChannel": "custom_channel",
    "Delivery": "custom_channel",
    # journeys: the construct here; activities, conditions and settings in cdk_pinpoint.journeys
    "Journey": "journeys",
    "JourneyStart": "journeys",
    "JourneyState": "journeys",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'cdk_pinpoint' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
