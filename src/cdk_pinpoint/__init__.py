"""cdk-pinpoint: AWS CDK constructs for Amazon Pinpoint.

The public names are loaded lazily (PEP 562, see ``_lazy``): ``import cdk_pinpoint.rendering`` runs inside
Lambda, where aws_cdk, constructs and jsii are absent, and importing jsii alone costs about
half a second. ``from cdk_pinpoint import Project`` imports the construct modules on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

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
    # watching it run
    "CustomChannelAlarms": "monitoring.alarms",
    "DeliverabilityAlarms": "monitoring.alarms",
    "EngagementDashboard": "monitoring.dashboard",
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
    # personal-data retention
    "EndpointRetention": "retention",
    # recommender models
    "RecommenderConfiguration": "recommender",
    "RecommenderIdType": "recommender",
    # journeys: the construct here; activities, conditions and settings in cdk_pinpoint.journeys
    "IJourney": "journeys",
    "Journey": "journeys",
    "JourneyStart": "journeys",
    "JourneyState": "journeys",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)

if TYPE_CHECKING:  # what type checkers see; a test keeps it equal to _EXPORTS
    from .campaigns import Campaign as Campaign
    from .campaigns import CampaignChannel as CampaignChannel
    from .campaigns import CustomDelivery as CustomDelivery
    from .campaigns import CustomMessage as CustomMessage
    from .campaigns import EmailMessage as EmailMessage
    from .campaigns import EventSource as EventSource
    from .campaigns import Frequency as Frequency
    from .campaigns import ICampaign as ICampaign
    from .campaigns import InAppMessage as InAppMessage
    from .campaigns import PushMessage as PushMessage
    from .campaigns import Schedule as Schedule
    from .campaigns import SmsMessage as SmsMessage
    from .campaigns import Treatment as Treatment
    from .channels import AdmChannel as AdmChannel
    from .channels import ApnsAuth as ApnsAuth
    from .channels import ApnsChannel as ApnsChannel
    from .channels import ApnsEnvironment as ApnsEnvironment
    from .channels import BaiduChannel as BaiduChannel
    from .channels import EmailChannel as EmailChannel
    from .channels import FcmAuth as FcmAuth
    from .channels import FcmChannel as FcmChannel
    from .channels import SecretCredential as SecretCredential
    from .channels import SmsChannel as SmsChannel
    from .channels import SmsMessageType as SmsMessageType
    from .channels import VoiceChannel as VoiceChannel
    from .custom_channel import CustomChannel as CustomChannel
    from .custom_channel import Delivery as Delivery
    from .end_of_support import END_OF_SUPPORT_WARNING_ID as END_OF_SUPPORT_WARNING_ID
    from .end_of_support import acknowledge_end_of_support as acknowledge_end_of_support
    from .errors import ConfigurationError as ConfigurationError
    from .event_processing import EventArchive as EventArchive
    from .event_processing import EventProcessor as EventProcessor
    from .event_stream import EventDestination as EventDestination
    from .event_stream import EventStream as EventStream
    from .hooks import CampaignHook as CampaignHook
    from .hooks import HookMode as HookMode
    from .journeys import IJourney as IJourney
    from .journeys import Journey as Journey
    from .journeys import JourneyStart as JourneyStart
    from .journeys import JourneyState as JourneyState
    from .monitoring.alarms import CustomChannelAlarms as CustomChannelAlarms
    from .monitoring.alarms import DeliverabilityAlarms as DeliverabilityAlarms
    from .monitoring.dashboard import EngagementDashboard as EngagementDashboard
    from .project import IProject as IProject
    from .project import Project as Project
    from .recommender import RecommenderConfiguration as RecommenderConfiguration
    from .recommender import RecommenderIdType as RecommenderIdType
    from .retention import EndpointRetention as EndpointRetention
    from .segments import AttributeFilter as AttributeFilter
    from .segments import AttributeOperator as AttributeOperator
    from .segments import CannotEvaluateLocally as CannotEvaluateLocally
    from .segments import GpsPoint as GpsPoint
    from .segments import ImportedSegment as ImportedSegment
    from .segments import ImportFormat as ImportFormat
    from .segments import Include as Include
    from .segments import ISegment as ISegment
    from .segments import MetricFilter as MetricFilter
    from .segments import MetricOperator as MetricOperator
    from .segments import Recency as Recency
    from .segments import RecencyDuration as RecencyDuration
    from .segments import Segment as Segment
    from .segments import SegmentDimensions as SegmentDimensions
    from .segments import SegmentGroup as SegmentGroup
    from .segments import SetFilter as SetFilter
    from .settings import Limits as Limits
    from .settings import QuietTime as QuietTime
    from .templates import VARIABLE_WITHOUT_DEFAULT_WARNING_ID as VARIABLE_WITHOUT_DEFAULT_WARNING_ID
    from .templates import AndroidPush as AndroidPush
    from .templates import ApnsPush as ApnsPush
    from .templates import ButtonAction as ButtonAction
    from .templates import ButtonOverride as ButtonOverride
    from .templates import DefaultPush as DefaultPush
    from .templates import EmailTemplate as EmailTemplate
    from .templates import InAppButton as InAppButton
    from .templates import InAppContent as InAppContent
    from .templates import InAppLayout as InAppLayout
    from .templates import InAppTemplate as InAppTemplate
    from .templates import ITemplate as ITemplate
    from .templates import PushAction as PushAction
    from .templates import PushTemplate as PushTemplate
    from .templates import SmsTemplate as SmsTemplate
    from .templates import TemplateBody as TemplateBody
    from .templates import TemplateKind as TemplateKind
    from .templates import TextAlignment as TextAlignment
    from .templates import VoiceTemplate as VoiceTemplate
    from .templates import disable_link_tracking as disable_link_tracking
