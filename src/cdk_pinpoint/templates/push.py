"""Push templates: a default notification and per-service overrides (APNs, Android)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct

from .._construct_checks import require_enum, require_instance
from .._shapes import without_none
from .._typed_args import checked_values, construct_init
from ..errors import ConfigurationError
from .base import (
    MAX_PUSH_CHARACTERS,
    Part,
    TemplateKind,
    _l1_properties,
    _part_text,
    _pascal_case,
    _Template,
)


class PushAction(enum.Enum):
    """What happens when the recipient taps the notification."""

    OPEN_APP = "OPEN_APP"
    DEEP_LINK = "DEEP_LINK"
    URL = "URL"


@dataclass(frozen=True)
class _PushNotification:
    """What every channel's push notification has; the channels add image fields."""

    title: Part | None = None
    body: Part | None = None
    action: PushAction | None = None
    url: str | None = None
    sound: str | None = None

    def __post_init__(self) -> None:
        require_enum("action", self.action, PushAction, optional=True)
        raw_content = getattr(self, "raw_content", None)
        if raw_content is not None:
            for f in fields(self):
                if f.name != "raw_content" and getattr(self, f.name) is not None:
                    raise ConfigurationError(
                        f.name,
                        getattr(self, f.name),
                        "must not be set with raw_content, which replaces the whole notification",
                    )
        if self.action in (PushAction.URL, PushAction.DEEP_LINK) and self.url is None:
            raise ConfigurationError("url", None, f"is required when action is {self.action.value}")

    def _parts(self) -> dict[str, Part | None]:
        """The text fields (all but ``action`` and ``sound``), compiled as template parts."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("action", "sound")}

    def _to_api(self) -> dict[str, Any]:
        """The channel's notification in the API's shape (``ImageUrl``...); ``_l1_properties`` turns it
        into the L1's (``imageUrl``...)."""
        rendered = {_pascal_case(name): _part_text(value) for name, value in self._parts().items()}
        rendered.update(Action=self.action.value if self.action else None, Sound=self.sound)
        return without_none(rendered)


@checked_values(field="default")
@dataclass(frozen=True)
class DefaultPush(_PushNotification):
    """The push notification for every channel that has no channel-specific part.

    :param title: the title. Default: - none.
    :param body: the message text. Default: - none.
    :param action: what a tap does. Default: - Pinpoint's default (open the app).
    :param url: the URL or deep link a tap opens (``action`` URL or DEEP_LINK). Default: - none.
    :param sound: the sound to play. Default: - the device's default.
    """


@checked_values(field="apns")
@dataclass(frozen=True)
class ApnsPush(_PushNotification):
    """The push notification for the APNs channels (iOS).

    :param title: the title. Default: - none.
    :param body: the message text. Default: - none.
    :param action: what a tap does. Default: - Pinpoint's default (open the app).
    :param url: the URL or deep link a tap opens. Default: - none.
    :param sound: the sound file in the app bundle (or ``default``). Default: - the device's default.
    :param media_url: an image, video or audio file shown with the notification. Default: - none.
    :param raw_content: the whole APNs payload as JSON (a template part: it may use message
        variables), instead of the fields above. ``AWS::Pinpoint::PushTemplate`` cannot hold it
        (CloudFormation coverage-roadmap #2252), so a template with raw content is created through
        the Pinpoint API by a custom resource. Default: - none (the fields above).
    """

    media_url: str | None = None
    raw_content: Part | None = None


@checked_values
@dataclass(frozen=True)
class AndroidPush(_PushNotification):
    """The push notification for an Android channel (FCM/GCM, Baidu or ADM).

    :param title: the title. Default: - none.
    :param body: the message text. Default: - none.
    :param action: what a tap does. Default: - Pinpoint's default (open the app).
    :param url: the URL or deep link a tap opens. Default: - none.
    :param sound: the sound resource in the app (or ``default``). Default: - the device's default.
    :param image_url: a large image shown in the notification. Default: - none.
    :param image_icon_url: the large icon. Default: - none.
    :param small_image_icon_url: the small icon in the status bar. Default: - none.
    :param raw_content: the whole payload as JSON (a template part: it may use message variables),
        instead of the fields above. ``AWS::Pinpoint::PushTemplate`` cannot hold it (CloudFormation
        coverage-roadmap #2252), so a template with raw content is created through the Pinpoint API
        by a custom resource. Default: - none (the fields above).
    """

    image_url: str | None = None
    image_icon_url: str | None = None
    small_image_icon_url: str | None = None
    raw_content: Part | None = None


# The notification type each channel of a push template takes.
_PUSH_TYPES: dict[str, type[_PushNotification]] = {
    "default": DefaultPush,
    "apns": ApnsPush,
    "fcm": AndroidPush,
    "baidu": AndroidPush,
    "adm": AndroidPush,
}


class PushTemplate(_Template):
    """A push notification template (``AWS::Pinpoint::PushTemplate``).

    Every text field (title, body, URLs, raw content) is compiled as a template part named
    ``<channel>.<field>`` (``apns.title``, ``fcm.body``...). A notification with ``raw_content``
    (a whole JSON payload) cannot be written in ``AWS::Pinpoint::PushTemplate`` (CloudFormation
    coverage-roadmap #2252): such a template is created through the Pinpoint API by a custom resource
    (``resource`` is then that construct); the provider may create, update and tag only this
    template, and delete push templates (CloudFormation deletes a renamed or removed one after the
    policy stopped naming it). Without raw content it is a plain ``AWS::Pinpoint::PushTemplate``.

    :param scope: the parent construct.
    :param id: the construct id.
    :param default: the notification for channels without their own part. Default: - none.
    :param apns: the notification for APNs (iOS). Default: - the default notification.
    :param fcm: the notification for FCM/GCM (Android; CloudFormation's ``GCM``). Default: - the
        default notification.
    :param baidu: the notification for Baidu Cloud Push. Default: - the default notification.
    :param adm: the notification for Amazon Device Messaging. Default: - the default notification.
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``. Default: - generated
        from the construct path.
    :param default_substitutions: default values of message variables, nested like the message
        context. Default: - none.
    :param description: the template's description. Default: - none.
    :param tags: tags for the template. Default: - none.
    """

    _KIND = TemplateKind.PUSH

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        default: DefaultPush | None = None,
        apns: ApnsPush | None = None,
        fcm: AndroidPush | None = None,
        baidu: AndroidPush | None = None,
        adm: AndroidPush | None = None,
        template_name: str | None = None,
        default_substitutions: Mapping[str, Any] | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            scope, id, template_name=template_name, default_substitutions=default_substitutions, description=description
        )
        channels: dict[str, DefaultPush | ApnsPush | AndroidPush | None] = {
            "default": default,
            "apns": apns,
            "fcm": fcm,
            "baidu": baidu,
            "adm": adm,
        }
        try:
            for channel, message in channels.items():
                require_instance(channel, message, _PUSH_TYPES[channel], optional=True)
        except ConfigurationError as error:
            raise error.at(self.node.path) from None
        if all(message is None for message in channels.values()):
            raise ConfigurationError(
                "default",
                None,
                "a push template needs a default, apns, fcm, baidu or adm notification",
                path=self.node.path,
            )
        for channel, message in channels.items():
            if message is None:
                continue
            parts = message._parts()
            # The quota counts the channel's template parts: every text the notification shows.
            texts = [_part_text(p) for p in parts.values()] + [message.sound]
            self._check_total_length(channel, texts, MAX_PUSH_CHARACTERS[channel])
            for field, value in parts.items():
                self._check_part(f"{channel}.{field}", value)
        self._warn_about_variables_without_defaults()
        content = {
            "Default": default._to_api() if default else None,
            "APNS": apns._to_api() if apns else None,
            "GCM": fcm._to_api() if fcm else None,
            "Baidu": baidu._to_api() if baidu else None,
            "ADM": adm._to_api() if adm else None,
            "DefaultSubstitutions": self._defaults_json(),
        }
        self.resource: Construct
        if any(getattr(message, "raw_content", None) is not None for message in channels.values()):
            self.resource = self._create_api_resource(content, tags=tags)
        else:
            self.resource = self._create_resource(pinpoint.CfnPushTemplate, tags=tags, **_l1_properties(content))
