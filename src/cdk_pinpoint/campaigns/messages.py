"""Campaign messages (email, SMS, push, in-app, custom) and the channel each one sends through."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeGuard, Union

from .._shapes import without_none
from .._typed_args import checked_values
from ..channels import SmsMessageType
from ..errors import (
    ConfigurationError,
    check_length,
)
from ..templates import (
    InAppContent,
    InAppLayout,
    ITemplate,
    PushAction,
    TemplateKind,
    TextAlignment,
    _TemplateBase,
)

# Our own template class first: checking the protocol reads every member, each a jsii round trip.
_TEMPLATE_TYPES = (_TemplateBase, ITemplate)
_TEMPLATE_ALLOWED = "must be an ITemplate (an EmailTemplate, SmsTemplate or PushTemplate, or an imported one)"
_MESSAGE_ALLOWED = "must be an EmailMessage, SmsMessage, PushMessage, InAppMessage or CustomMessage"


class CampaignChannel(enum.Enum):
    """The channel a campaign sends through, given by its message or template."""

    EMAIL = "EMAIL"
    SMS = "SMS"
    PUSH = "PUSH"
    IN_APP = "IN_APP"
    CUSTOM = "CUSTOM"


# CloudFormation's TemplateConfiguration has email, SMS, push and voice templates (no in-app).
_TEMPLATE_CHANNELS = {
    TemplateKind.EMAIL: CampaignChannel.EMAIL,
    TemplateKind.SMS: CampaignChannel.SMS,
    TemplateKind.PUSH: CampaignChannel.PUSH,
}
_TEMPLATE_CFN_KEYS = {
    CampaignChannel.EMAIL: "emailTemplate",
    CampaignChannel.SMS: "smsTemplate",
    CampaignChannel.PUSH: "pushTemplate",
}


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


class _Message(Protocol):
    channel: CampaignChannel

    def _to_cfn(self) -> dict[str, Any]: ...


@checked_values(field="message")
@dataclass(frozen=True)
class EmailMessage:
    """An email written into the campaign.

    :param subject: the subject line.
    :param html_body: the HTML body. Default: - none (``text_body`` is required then).
    :param text_body: the plain-text body. Default: - none (``html_body`` is required then).
    :param from_address: the sender. Default: - the project's email channel's address.
    """

    subject: str
    html_body: str | None = None
    text_body: str | None = None
    from_address: str | None = None
    channel: CampaignChannel = field(default=CampaignChannel.EMAIL, init=False)

    def __post_init__(self) -> None:
        check_length("subject", self.subject, 998)
        if self.html_body is None and self.text_body is None:
            raise ConfigurationError("html_body", None, "an email needs an HTML body, a text body or both")

    def _to_cfn(self) -> dict[str, Any]:
        email = {"title": self.subject, "htmlBody": self.html_body, "body": self.text_body,
                 "fromAddress": self.from_address}  # fmt: skip
        return {"emailMessage": without_none(email)}


@checked_values(field="message")
@dataclass(frozen=True)
class SmsMessage:
    """A text message written into the campaign.

    :param body: the text.
    :param message_type: transactional (critical, highest reliability) or promotional.
        Default: SmsMessageType.PROMOTIONAL
    :param sender_id: the alphanumeric sender id, where supported. Default: - none.
    :param origination_number: the number to send from. Default: - the channel's default.
    :param entity_id: the DLT entity id (India). Default: - none.
    :param template_id: the DLT template id (India). Default: - none.
    """

    body: str
    message_type: SmsMessageType = SmsMessageType.PROMOTIONAL
    sender_id: str | None = None
    origination_number: str | None = None
    entity_id: str | None = None
    template_id: str | None = None
    channel: CampaignChannel = field(default=CampaignChannel.SMS, init=False)

    def __post_init__(self) -> None:
        check_length("body", self.body, 1600)

    def _to_cfn(self) -> dict[str, Any]:
        sms = {
            "body": self.body,
            "messageType": self.message_type.value,
            "senderId": self.sender_id,
            "originationNumber": self.origination_number,
            "entityId": self.entity_id,
            "templateId": self.template_id,
        }
        return {"smsMessage": without_none(sms)}


_MAX_PUSH_BODY = 200


@checked_values(field="message")
@dataclass(frozen=True)
class PushMessage:
    """A push notification written into the campaign, sent the same on APNs, FCM, Baidu and ADM.

    :param title: the title.
    :param body: the text, up to 200 characters.
    :param action: what tapping does. Default: PushAction.OPEN_APP
    :param url: the URL or deep link for ``URL`` / ``DEEP_LINK``. Default: - none.
    :param image_url: an image to show. Default: - none.
    :param silent: deliver as a silent (data) notification. Default: False
    """

    title: str
    body: str
    action: PushAction = PushAction.OPEN_APP
    url: str | None = None
    image_url: str | None = None
    silent: bool = False
    channel: CampaignChannel = field(default=CampaignChannel.PUSH, init=False)

    def __post_init__(self) -> None:
        # "The body of the notification message. The maximum number of characters is 200." (Message.Body,
        # https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-campaigns.html)
        check_length("body", self.body, _MAX_PUSH_BODY, minimum=0)
        if self.action in (PushAction.URL, PushAction.DEEP_LINK) and self.url is None:
            raise ConfigurationError("url", None, f"is required when action is {self.action.value}")

    def _to_cfn(self) -> dict[str, Any]:
        message = {"title": self.title, "body": self.body, "action": self.action.value, "url": self.url,
                   "imageUrl": self.image_url, "silentPush": self.silent or None}  # fmt: skip
        message = without_none(message)
        return {key: message for key in ("apnsMessage", "gcmMessage", "baiduMessage", "admMessage")}


@checked_values(field="message")
@dataclass(frozen=True, init=False)
class InAppMessage:
    """An in-app message written into the campaign: a layout and its content cards.

    ``InAppMessage(InAppLayout.BOTTOM_BANNER, InAppContent(header="Sale", body="20% off today"))``;
    a carousel takes several cards. The cards are the in-app template's :class:`InAppContent`
    (buttons, colours, images). The campaign API requires an alignment and a text colour with
    every header and body, so one the card leaves unset is centred and black.

    :param layout: where and how it appears.
    :param content: the content cards, at least one.
    :param custom_config: key-value pairs handed to the app. Default: - none.
    """

    layout: InAppLayout
    content: tuple[InAppContent, ...]
    custom_config: Mapping[str, str] | None
    channel: CampaignChannel = field(default=CampaignChannel.IN_APP, init=False)

    def __init__(
        self, layout: InAppLayout, *content: InAppContent, custom_config: Mapping[str, str] | None = None
    ) -> None:
        if not content:
            raise ConfigurationError("content", [], "an in-app message needs at least one InAppContent")
        object.__setattr__(self, "layout", layout)
        object.__setattr__(self, "content", content)
        object.__setattr__(self, "custom_config", custom_config)

    def _to_cfn(self) -> dict[str, Any]:
        cards = [
            card._to_cfn(default_alignment=TextAlignment.CENTER, default_text_color="#000000") for card in self.content
        ]
        in_app: dict[str, Any] = {"layout": self.layout.value, "content": cards}
        if self.custom_config:
            in_app["customConfig"] = dict(self.custom_config)
        return {"inAppMessage": in_app}


@checked_values(field="message")
@dataclass(frozen=True)
class CustomMessage:
    """The data a custom channel (a Lambda function or web hook) receives; needs ``custom_delivery``.

    :param data: the message data, up to 5,000 characters.
    """

    data: str
    channel: CampaignChannel = field(default=CampaignChannel.CUSTOM, init=False)

    def __post_init__(self) -> None:
        check_length("data", self.data, 5000)

    def _to_cfn(self) -> dict[str, Any]:
        return {"customMessage": {"data": self.data}}


Message = Union[EmailMessage, SmsMessage, PushMessage, InAppMessage, CustomMessage]  # noqa: UP007
_MESSAGE_TYPES = (EmailMessage, SmsMessage, PushMessage, InAppMessage, CustomMessage)


def _is_template(content: Message | ITemplate) -> TypeGuard[ITemplate]:
    return not isinstance(content, _MESSAGE_TYPES)


def _channel_of(content: Message | ITemplate) -> CampaignChannel:
    if isinstance(content, _MESSAGE_TYPES):
        return content.channel
    return _TEMPLATE_CHANNELS[content.template_kind]
