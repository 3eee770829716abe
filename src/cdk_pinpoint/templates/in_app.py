"""In-app templates: layouts, content cards and buttons."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct

from .._construct_checks import require_enum, require_instance
from .._shapes import without_none
from .._typed_args import checked_values, construct_init
from ..errors import ConfigurationError, is_token
from .base import (
    Part,
    TemplateKind,
    _part_text,
    _Template,
)


class InAppLayout(enum.Enum):
    """How an in-app message appears."""

    BOTTOM_BANNER = "BOTTOM_BANNER"
    TOP_BANNER = "TOP_BANNER"
    MIDDLE_BANNER = "MIDDLE_BANNER"
    OVERLAYS = "OVERLAYS"
    MOBILE_FEED = "MOBILE_FEED"
    CAROUSEL = "CAROUSEL"


class TextAlignment(enum.Enum):
    """The alignment of an in-app message's header or body."""

    LEFT = "LEFT"
    CENTER = "CENTER"
    RIGHT = "RIGHT"


class ButtonAction(enum.Enum):
    """What an in-app message button does."""

    LINK = "LINK"
    DEEP_LINK = "DEEP_LINK"
    CLOSE = "CLOSE"


def _check_button_link(field: str, action: ButtonAction, link: str | None) -> None:
    require_enum(f"{field}.action", action, ButtonAction)
    if action is not ButtonAction.CLOSE and link is None:
        raise ConfigurationError(f"{field}.link", None, f"is required when the action is {action.value}")


# Colours are "expressed as a hex color code (such as #000000 for black)": CloudFormation's reference,
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-pinpoint-inapptemplate-bodyconfig.html
# (and headerconfig, buttonconfig, inappmessagecontent). No AWS page rules out the short form #RGB.
_MAX_MESSAGES = 5
_HEX_COLOR = re.compile(r"^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")


def _check_colors(prefix: str, colors: Mapping[str, str | None]) -> None:
    for name, value in colors.items():
        if value is not None and not is_token(value) and not (isinstance(value, str) and _HEX_COLOR.match(value)):
            allowed = 'must be a hex colour code "#RRGGBB" or "#RGB", e.g. "#000000"'
            raise ConfigurationError(f"{prefix}{name}", value, allowed)


# The in-app shapes below render to camelCase dicts rather than L1 property classes: the content card
# is the same shape in AWS::Pinpoint::InAppTemplate and AWS::Pinpoint::Campaign, and jsii accepts a
# camelCase dict for either L1 (snake_case multi-word keys would be dropped silently).


@checked_values(field="button_override")
@dataclass(frozen=True)
class ButtonOverride:
    """A button's behaviour on one platform (Android, iOS or web).

    :param action: what the button does there.
    :param link: the URL or deep link (required unless ``action`` is CLOSE). Default: - none.
    """

    action: ButtonAction
    link: str | None = None

    def __post_init__(self) -> None:
        _check_button_link("button_override", self.action, self.link)

    def _to_cfn(self) -> dict[str, Any]:
        return without_none({"buttonAction": self.action.value, "link": self.link})


@checked_values(field="button")
@dataclass(frozen=True)
class InAppButton:
    """A button of an in-app message.

    :param text: the button's text.
    :param action: what the button does. Default: ButtonAction.CLOSE
    :param link: the URL or deep link (required unless ``action`` is CLOSE). Default: - none.
    :param background_color: the background colour, ``#RRGGBB`` or ``#RGB`` (e.g. ``#FFFFFF``).
        Default: - the SDK's default.
    :param text_color: the text colour. Default: - the SDK's default.
    :param border_radius: the corner radius, in pixels. Default: - the SDK's default.
    :param android: what the button does on Android instead. Default: - the above.
    :param ios: what the button does on iOS instead. Default: - the above.
    :param web: what the button does on the web instead. Default: - the above.
    """

    text: Part
    action: ButtonAction = ButtonAction.CLOSE
    link: str | None = None
    background_color: str | None = None
    text_color: str | None = None
    border_radius: int | None = None
    android: ButtonOverride | None = None
    ios: ButtonOverride | None = None
    web: ButtonOverride | None = None

    def __post_init__(self) -> None:
        _check_button_link("button", self.action, self.link)
        _check_colors("button.", {"background_color": self.background_color, "text_color": self.text_color})
        for platform in ("android", "ios", "web"):
            require_instance(f"button.{platform}", getattr(self, platform), ButtonOverride, optional=True)

    def _to_cfn(self) -> dict[str, Any]:
        default_config = {
            "text": _part_text(self.text),
            "buttonAction": self.action.value,
            "link": self.link,
            "backgroundColor": self.background_color,
            "textColor": self.text_color,
            "borderRadius": self.border_radius,
        }
        return without_none(
            {
                "defaultConfig": without_none(default_config),
                "android": self.android._to_cfn() if self.android else None,
                "ios": self.ios._to_cfn() if self.ios else None,
                "web": self.web._to_cfn() if self.web else None,
            }
        )


@checked_values
@dataclass(frozen=True)
class InAppContent:
    """One content card of an in-app message (a carousel shows several): used by
    :class:`InAppTemplate` and by the campaign's :class:`~cdk_pinpoint.campaigns.InAppMessage`.

    :param header: the header text. Default: - none.
    :param header_alignment: the header's alignment. Default: - the SDK's default.
    :param header_color: the header's text colour, ``#RRGGBB`` or ``#RGB`` (as are all colours).
        Default: - the SDK's default.
    :param body: the body text. Default: - none.
    :param body_alignment: the body's alignment. Default: - the SDK's default.
    :param body_color: the body's text colour. Default: - the SDK's default.
    :param background_color: the message's background colour. Default: - the SDK's default.
    :param image_url: an image shown in the message. Default: - none.
    :param primary_button: the first button. Default: - none.
    :param secondary_button: the second button. Default: - none.
    """

    header: Part | None = None
    header_alignment: TextAlignment | None = None
    header_color: str | None = None
    body: Part | None = None
    body_alignment: TextAlignment | None = None
    body_color: str | None = None
    background_color: str | None = None
    image_url: str | None = None
    primary_button: InAppButton | None = None
    secondary_button: InAppButton | None = None

    def __post_init__(self) -> None:
        require_enum("header_alignment", self.header_alignment, TextAlignment, optional=True)
        require_enum("body_alignment", self.body_alignment, TextAlignment, optional=True)
        require_instance("primary_button", self.primary_button, InAppButton, optional=True)
        require_instance("secondary_button", self.secondary_button, InAppButton, optional=True)
        colors = {"header_color": self.header_color, "body_color": self.body_color}
        _check_colors("", {**colors, "background_color": self.background_color})

    def _parts(self) -> dict[str, Part | None]:
        return {
            "header": self.header,
            "body": self.body,
            "primary_button.text": self.primary_button.text if self.primary_button else None,
            "secondary_button.text": self.secondary_button.text if self.secondary_button else None,
        }

    def _to_cfn(
        self, *, default_alignment: TextAlignment | None = None, default_text_color: str | None = None
    ) -> dict[str, Any]:
        """The ``InAppMessageContent`` of both L1s: the one place a content card is rendered.

        :param default_alignment: the alignment of a header or body that sets none. Default: - none.
        :param default_text_color: the text colour of a header or body that sets none. Default: - none.
        """

        def text_config(
            key: str, text: Part | None, alignment: TextAlignment | None, color: str | None
        ) -> dict[str, Any] | None:
            if text is None and not alignment and not color:
                return None
            alignment = alignment or default_alignment
            return without_none(
                {
                    key: _part_text(text),
                    "alignment": alignment.value if alignment else None,
                    "textColor": color if color is not None else default_text_color,
                }
            )

        return without_none(
            {
                "headerConfig": text_config("header", self.header, self.header_alignment, self.header_color),
                "bodyConfig": text_config("body", self.body, self.body_alignment, self.body_color),
                "backgroundColor": self.background_color,
                "imageUrl": self.image_url,
                "primaryBtn": self.primary_button._to_cfn() if self.primary_button else None,
                "secondaryBtn": self.secondary_button._to_cfn() if self.secondary_button else None,
            }
        )


class InAppTemplate(_Template):
    """An in-app message template (``AWS::Pinpoint::InAppTemplate``).

    Headers, bodies and button texts are compiled as parts named ``messages[<i>].header``,
    ``messages[<i>].body`` and ``messages[<i>].primary_button.text``. In-app templates have no
    default substitutions in Pinpoint, so they give no variable warning.

    :param scope: the parent construct.
    :param id: the construct id.
    :param layout: how the message appears.
    :param messages: the content cards (several for a carousel), 1-5.
    :param custom_config: key-value data sent to the app's SDK with the message. Default: - none.
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``. Default: - generated
        from the construct path.
    :param description: the template's description. Default: - none.
    :param tags: tags for the template. Default: - none.
    """

    _KIND = TemplateKind.IN_APP

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        layout: InAppLayout,
        messages: Sequence[InAppContent],
        custom_config: Mapping[str, str] | None = None,
        template_name: str | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id, template_name=template_name, default_substitutions=None, description=description)
        try:
            require_enum("layout", layout, InAppLayout)
            if isinstance(messages, str | bytes) or not isinstance(messages, Sequence) or not messages:
                raise ConfigurationError("messages", messages, "must be a list of at least one InAppContent")
            # "The content of the message, can include up to 5 modals." (InAppTemplateRequest.Content,
            # https://docs.aws.amazon.com/pinpoint/latest/apireference/templates-template-name-inapp.html)
            if len(messages) > _MAX_MESSAGES:
                raise ConfigurationError("messages", messages, f"must hold 1 to {_MAX_MESSAGES} InAppContent cards")
            for index, message in enumerate(messages):
                require_instance(f"messages[{index}]", message, InAppContent)
        except ConfigurationError as error:
            raise error.at(self.node.path) from None
        for index, message in enumerate(messages):
            for field, value in message._parts().items():
                self._check_part(f"messages[{index}].{field}", value)
        self.resource = self._create_resource(
            pinpoint.CfnInAppTemplate,
            tags=tags,
            layout=layout.value,
            content=[message._to_cfn() for message in messages],
            custom_config=dict(custom_config) if custom_config else None,
        )
