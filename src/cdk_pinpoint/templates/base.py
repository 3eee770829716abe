"""Message templates: Email, SMS, Push and In-app (CloudFormation) and Voice (a custom resource).

What CloudFormation cannot create goes through the Pinpoint API instead, with one custom resource
(``lambdas/pinpoint_api/message_template.py``): every voice template, an email template with a
``recommender_id`` and a push template with ``raw_content`` (``AWS::Pinpoint::EmailTemplate`` and
``PushTemplate`` have no such properties; raw push content is CloudFormation coverage-roadmap
issue #2252). Without those options they stay plain CloudFormation resources.

Every template part is compiled by :mod:`cdk_pinpoint.rendering` when the construct is created, so
a broken template fails ``cdk synth`` (not a send) with the construct path, the part, the line and
the column. ``template.variables`` lists the message variables the parts read, and
``template.preview(endpoint)`` renders every part the way Pinpoint would.

Templates belong to the account and region, not to a project: a name is unique per kind.

Synth warnings (acknowledge with ``Annotations.of(template).acknowledge_warning(id, reason)``):

* ``cdk-pinpoint:template-variable-without-default`` -- a part reads a message variable that has
  no default substitution, so an endpoint without that attribute gets an empty string there.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar, cast, runtime_checkable

from aws_cdk import Annotations, Names, Resource, Stack
from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct, Node

from .._construct_checks import require_enum, require_instance
from .._shapes import without_none
from ..errors import ConfigurationError, check_length, is_token
from ..rendering import TemplateError, cached_template, check_template

#: the id of the warning for a message variable without a default substitution.
VARIABLE_WITHOUT_DEFAULT_WARNING_ID = "cdk-pinpoint:template-variable-without-default"

# Pinpoint's template names: "must start with an alphanumeric character and can contain a maximum
# of 128 characters ... alphanumeric characters, underscores (_), or hyphens (-)" (API reference).
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
_MAX_NAME_LENGTH = 128

# "Message template quotas" in the Amazon Pinpoint developer guide (characters, not eligible for increase).
MAX_EMAIL_CHARACTERS = 500_000
MAX_SMS_CHARACTERS = 1_600
MAX_VOICE_CHARACTERS = 10_000
MAX_PUSH_CHARACTERS = {"default": 2_000, "apns": 2_000, "adm": 4_000, "baidu": 4_000, "fcm": 4_000}

# Creating a template with tags is also authorized as TagResource (Service Authorization Reference).
_TAG_ACTION = "mobiletargeting:TagResource"
# Why an API-created template's provider may delete any template of its kind (cdk-nag acknowledgment).
_DELETE_ANY_REASON = (
    "CloudFormation deletes a renamed or removed template in its cleanup phase, after the provider's policy "
    "was updated to name only the templates still in the stack; Delete<Kind>Template on templates/*/<KIND> "
    "(this kind only; create and update stay on each template's own ARN) keeps that delete from failing and "
    "leaving the old template behind"
)


class TemplateKind(enum.Enum):
    """The channel a message template is for (Pinpoint's ``TemplateType``)."""

    EMAIL = "EMAIL"
    SMS = "SMS"
    PUSH = "PUSH"
    IN_APP = "INAPP"
    VOICE = "VOICE"


# The kinds that can be created through the Pinpoint API (lambdas/pinpoint_api/message_template.py):
# the custom resource's Kind, the request body's key, and the noun in the IAM actions.
_API_TEMPLATES = {
    TemplateKind.EMAIL: ("EmailTemplate", "EmailTemplateRequest", "Email"),
    TemplateKind.PUSH: ("PushTemplate", "PushNotificationTemplateRequest", "Push"),
    TemplateKind.VOICE: ("VoiceTemplate", "VoiceTemplateRequest", "Voice"),
}


@runtime_checkable
class ITemplate(Protocol):
    """A Pinpoint message template, created here or imported. Campaigns and journeys take these."""

    @property
    def node(self) -> Node: ...

    @property
    def template_name(self) -> str:
        """The template's name (templates are account-wide, not per project)."""
        ...

    @property
    def template_arn(self) -> str:
        """``arn:<partition>:mobiletargeting:<region>:<account>:templates/<name>/<kind>``."""
        ...

    @property
    def template_kind(self) -> TemplateKind: ...

    @property
    def variables(self) -> frozenset[str]:
        """The message variables the template uses (empty for imported templates)."""
        ...


class TemplateBody:
    """The text of one template part, written inline or read from a file at synth time."""

    def __init__(self, text: str, *, origin: str) -> None:
        self.text = text
        #: where the text came from (``"inline"`` or the file path), for error messages.
        self.origin = origin

    @staticmethod
    def from_string(text: str) -> TemplateBody:
        """A part written in the app."""
        return TemplateBody(text, origin="inline")

    @staticmethod
    def from_file(path: str | Path, *, encoding: str = "utf-8") -> TemplateBody:
        """A part read from ``path`` (relative paths are relative to the working directory).

        :param path: the file.
        :param encoding: the file's text encoding. Default: utf-8
        """
        file = Path(path)
        try:
            text = file.read_text(encoding=encoding)
        except OSError as error:
            raise ConfigurationError("path", str(path), f"must be a readable file ({error.strerror})") from None
        return TemplateBody(text, origin=str(file))


#: a template part: a string, or a :class:`TemplateBody` (from a string or a file).
Part = str | TemplateBody


def _part_text(part: Part | None) -> str | None:
    return part.text if isinstance(part, TemplateBody) else part


def _l1_properties(content: Mapping[str, Any]) -> dict[str, Any]:
    """A template's content in the API's shape (``HtmlPart``, ``APNS: {"ImageUrl": ...}``) as L1
    keyword arguments (``html_part``, ``apns={"imageUrl": ...}``). Both shapes name the same fields,
    so each template renders its content once, in the API's shape, whichever way it is created."""

    def snake(key: str) -> str:
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).lower()

    def camel(key: str) -> str:  # jsii reads camelCase keys in a dict passed to an L1 property
        return key[:1].lower() + key[1:]

    return {
        snake(key): {camel(k): v for k, v in value.items()} if isinstance(value, Mapping) else value
        for key, value in content.items()
    }


def _pascal_case(name: str) -> str:
    """``image_icon_url`` -> ``ImageIconUrl``: the API's name of a field."""
    return "".join(word.title() for word in name.split("_"))


def template_arn(scope: Construct, name: str, kind: TemplateKind) -> str:
    """The ARN of the template ``name`` of ``kind`` in ``scope``'s account and region."""
    return Stack.of(scope).format_arn(
        service="mobiletargeting", resource="templates", resource_name=f"{name}/{kind.value}"
    )


def _has_value(data: Any, path: str) -> bool:
    """True if the nested ``data`` has a value at the dotted ``path``."""
    for key in path.split("."):
        if not isinstance(data, Mapping) or key not in data:
            return False
        data = data[key]
    return data is not None


# <a ...> start tags: attribute values may be quoted and contain ">", the name must end the word.
_ANCHOR = re.compile(r"<a(?=[\s>/])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_NO_TRACK = re.compile(r"(?:^|\s)ses:no-track(?:[\s=/]|$)", re.IGNORECASE)


def disable_link_tracking(html: str) -> str:
    """``html`` with ``ses:no-track`` on every ``<a>`` start tag that does not have it yet.

    Amazon Pinpoint (through SES) then leaves those links alone: no click tracking redirect.
    """

    def add(match: re.Match[str]) -> str:
        attributes = match.group(1)
        if _NO_TRACK.search(attributes):
            return match.group(0)
        return f"{match.group(0)[:2]} ses:no-track{attributes}>"

    return _ANCHOR.sub(add, html)


class _TemplateL1(Protocol):
    """What _Template needs of its CloudFormation resource."""

    @property
    def attr_arn(self) -> str: ...


_TemplateL1T = TypeVar("_TemplateL1T", bound=_TemplateL1)


class _TemplateBase(Resource):
    """What created and imported templates share (subclasses set the name and the ARN)."""

    _KIND: ClassVar[TemplateKind]
    _template_name: str
    _template_arn: str

    @property
    def template_name(self) -> str:
        return self._template_name

    @property
    def template_arn(self) -> str:
        return self._template_arn

    @property
    def template_kind(self) -> TemplateKind:
        return self._KIND

    @property
    def variables(self) -> frozenset[str]:
        return frozenset()

    @classmethod
    def from_template_name(cls, scope: Construct, id: str, template_name: str) -> ITemplate:
        """Import an existing template of this kind by name (not validated)."""
        return _ImportedTemplate(scope, id, template_name=template_name, kind=cls._KIND)


class _ImportedTemplate(_TemplateBase):
    _CREATES_RESOURCE: ClassVar[bool] = False  # read by _construct_checks.depend_on_created (no jsii call)

    def __init__(self, scope: Construct, id: str, *, template_name: str, kind: TemplateKind) -> None:
        super().__init__(scope, id)
        self._template_name = template_name
        self._kind = kind
        self._template_arn = template_arn(self, template_name, kind)

    @property
    def template_kind(self) -> TemplateKind:
        return self._kind


class _Template(_TemplateBase):
    """A template created here: its name, compiled parts, variables, warnings and preview."""

    _CREATES_RESOURCE: ClassVar[bool] = True  # every subclass creates its child "Resource" in __init__

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        template_name: str | None,
        default_substitutions: Mapping[str, Any] | None,
        description: str | None,
    ) -> None:
        super().__init__(scope, id, physical_name=template_name)
        # self.node.path is read only when raising: each read is a round trip to jsii's node process.
        if template_name is not None and not is_token(template_name) and not _NAME.fullmatch(template_name):
            raise ConfigurationError(
                "template_name",
                template_name,
                "must be 1 to 128 characters of A-Z, a-z, 0-9, '_' and '-', starting with a letter or digit",
                path=self.node.path,
            )
        self._template_name = (
            template_name
            if template_name is not None
            else Names.unique_resource_name(self, max_length=_MAX_NAME_LENGTH)
        )
        self._defaults = self._check_defaults(default_substitutions)
        self._description = description
        self._parts: dict[str, str] = {}  # part name -> its text, as checked (a token is not checked)
        self._variables: frozenset[str] = frozenset()
        self._cfn_resource: _TemplateL1 | None = None  # the AWS::Pinpoint::*Template, where CloudFormation creates it

    @property
    def variables(self) -> frozenset[str]:
        """The message variables the parts read, as dotted paths (``User.UserAttributes.FirstName``)."""
        return self._variables

    @property
    def default_substitutions(self) -> dict[str, Any] | None:
        """The default values of message variables, nested like the message context."""
        return self._defaults

    def preview(self, endpoint: Mapping[str, Any]) -> dict[str, str]:
        """Every part rendered for ``endpoint`` as Pinpoint would: default substitutions fill what
        the endpoint lacks.

        :param endpoint: the message context: an endpoint (``Address``, ``Attributes``,
            ``Location``, ``User.UserAttributes``, ...; attribute values are lists of strings).
        :returns: the rendered text of each part, by part name (``subject``, ``html``, ``body``...).
        """
        return {
            part: cached_template(text, self._defaults).render(dict(endpoint)) for part, text in self._parts.items()
        }

    def _create_resource(
        self, cfn_class: Callable[..., _TemplateL1T], *, tags: Mapping[str, str] | None, **properties: Any
    ) -> _TemplateL1T:
        """The template's CloudFormation resource (child ``Resource``) with its name, description and
        tags; the template's ARN is the resource's."""
        resource = cfn_class(
            self,
            "Resource",
            template_name=self.template_name,
            template_description=self._description,
            tags=dict(tags) if tags else None,
            **properties,
        )
        self._cfn_resource = resource
        return resource

    @property
    def template_arn(self) -> str:
        # Read from the L1 on demand: each read is a jsii round trip, and most apps never need the ARN.
        if self._cfn_resource is not None:
            return self._cfn_resource.attr_arn
        return self._template_arn

    def _create_api_resource(self, content: Mapping[str, Any], *, tags: Mapping[str, str] | None) -> Construct:
        """The template created through the Pinpoint API (child ``Resource``), for what CloudFormation
        cannot create. The provider may create, update and tag only this template; it may delete any
        template of this kind, because CloudFormation deletes a renamed or removed template after the
        policy stopped naming it (see ``_DELETE_ANY_REASON``)."""
        # Imported here: they load aws_lambda (~100 ms), which apps without API-created templates never need.
        from aws_cdk import aws_iam as iam

        from .._api_resource import PinpointApiResource, api_provider
        from .._nag import acknowledge_wildcard_resource

        kind, request_key, noun = _API_TEMPLATES[self._KIND]
        self._template_arn = template_arn(self, self.template_name, self._KIND)
        body = {**content, "TemplateDescription": self._description, "tags": dict(tags) if tags else None}
        actions = [
            f"mobiletargeting:Create{noun}Template",
            f"mobiletargeting:Update{noun}Template",
            "mobiletargeting:UpdateTemplateActiveVersion",
        ] + ([_TAG_ACTION] if tags else [])
        resource = PinpointApiResource(
            self,
            "Resource",
            project=None,  # templates belong to the account, not to a project
            kind=kind,
            request={"TemplateName": self.template_name, request_key: without_none(body)},
            actions=actions,
            resource_arns=[self._template_arn],
        )
        any_of_kind = template_arn(self, "*", self._KIND)
        role = api_provider(self).role
        delete = iam.PolicyStatement(actions=[f"mobiletargeting:Delete{noun}Template"], resources=[any_of_kind])
        role.add_to_policy(delete)
        acknowledge_wildcard_resource(role, Stack.of(self), any_of_kind, _DELETE_ANY_REASON)
        return resource

    def _check_defaults(self, defaults: Mapping[str, Any] | None) -> dict[str, Any] | None:
        if defaults is None:
            return None
        if not isinstance(defaults, Mapping):
            raise ConfigurationError(
                "default_substitutions", defaults, "must be a dict nested like the message context", path=self.node.path
            )
        try:
            json.dumps(defaults)
        except (TypeError, ValueError) as error:
            raise ConfigurationError(
                "default_substitutions", defaults, f"must be JSON-serializable ({error})", path=self.node.path
            ) from None
        return dict(defaults)

    def _defaults_json(self) -> str | None:
        """DefaultSubstitutions as Pinpoint stores it: a JSON string."""
        return json.dumps(self._defaults, separators=(",", ":")) if self._defaults else None

    def _check_text(self, part: str, text: str | None, *, origin: str | None = None) -> None:
        """Check one part with cdk_pinpoint.rendering and add the variables it reads; tokens pass.
        Only the text is kept (preview compiles it on demand), and repeated texts are checked once."""
        if text is None or is_token(text):
            return
        if not isinstance(text, str):
            raise ConfigurationError(part, text, "must be a str or a TemplateBody", path=self.node.path)
        try:
            self._variables |= check_template(text)
        except TemplateError as error:
            where = f"line {error.line}, column {error.column}" if error.line is not None else "template"
            if origin and origin != "inline":
                where = f"{origin}: {where}"
            lines = text.splitlines()
            bad_line = lines[error.line - 1] if error.line is not None and 0 < error.line <= len(lines) else text
            shown = bad_line.strip()
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            raise ConfigurationError(part, shown, f"{where}: {error.message}", path=self.node.path) from None
        self._parts[part] = text

    def _check_part(self, part: str, value: Part | None) -> None:
        origin = value.origin if isinstance(value, TemplateBody) else None
        self._check_text(part, _part_text(value), origin=origin)

    def _warn_about_variables_without_defaults(self) -> None:
        missing = sorted(v for v in self.variables if not _has_value(self._defaults, v))
        if missing:
            Annotations.of(self).add_warning_v2(
                VARIABLE_WITHOUT_DEFAULT_WARNING_ID,
                f"message variables without a default substitution render empty for endpoints that lack them: "
                f"{', '.join(missing)} (set default_substitutions, or acknowledge this warning)",
            )

    def _check_total_length(self, field: str, texts: Sequence[str | None], maximum: int) -> None:
        """Pinpoint's per-template character quota, over the parts it applies to (tokens skip)."""
        known = [t for t in texts if isinstance(t, str)]  # other types fail when the part is compiled
        if any(is_token(t) for t in known):
            return
        total = sum(len(t) for t in known)
        if total > maximum:
            raise ConfigurationError(
                field,
                f"<{total} characters>",
                f"must be at most {maximum:,} characters (Pinpoint quota)",
                path=self.node.path,
            )


class EmailTemplate(_Template):
    """An email message template (``AWS::Pinpoint::EmailTemplate``).

    Each part is compiled at synth time. Message variables without a default substitution give
    the warning ``cdk-pinpoint:template-variable-without-default``.

    :param scope: the parent construct.
    :param id: the construct id.
    :param subject: the subject line.
    :param html_part: the HTML body. Default: - none (then ``text_part`` is required).
    :param text_part: the plain-text body, for clients that do not show HTML. Default: - none
        (then ``html_part`` is required).
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``, unique among the
        account's email templates. Default: - generated from the construct path.
    :param default_substitutions: default values of message variables, nested like the message
        context (``{"User": {"UserAttributes": {"FirstName": "there"}}}``); stored as a JSON
        string. Default: - none.
    :param disable_tracking: add ``ses:no-track`` to every link of the HTML part, so Pinpoint
        neither rewrites links for click tracking. Default: false (links are tracked)
    :param recommender_id: the id of the recommender model (Pinpoint's machine-learning
        recommendations) whose results the template's ``Recommendations`` attributes read.
        ``AWS::Pinpoint::EmailTemplate`` has no such property, so with it the template is created
        through the Pinpoint API by a custom resource (``resource`` is then that construct).
        Default: - none (a plain ``AWS::Pinpoint::EmailTemplate``).
    :param description: the template's description. Default: - none.
    :param tags: tags for the template. Default: - none.
    """

    _KIND = TemplateKind.EMAIL

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        subject: Part,
        html_part: Part | None = None,
        text_part: Part | None = None,
        template_name: str | None = None,
        default_substitutions: Mapping[str, Any] | None = None,
        disable_tracking: bool | None = None,
        recommender_id: str | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            scope, id, template_name=template_name, default_substitutions=default_substitutions, description=description
        )
        if html_part is None and text_part is None:
            raise ConfigurationError(
                "html_part", None, "an email template needs an HTML part, a text part or both", path=self.node.path
            )
        html = _part_text(html_part)
        if disable_tracking and html is not None and not is_token(html):
            html = disable_link_tracking(html)
        subject_text, text = _part_text(subject), _part_text(text_part)
        self._check_total_length("subject + html_part + text_part", [subject_text, html, text], MAX_EMAIL_CHARACTERS)
        self._check_part("subject", subject)
        self._check_text("html", html, origin=html_part.origin if isinstance(html_part, TemplateBody) else None)
        self._check_part("text", text_part)
        self._warn_about_variables_without_defaults()
        content = {
            "Subject": subject_text,
            "HtmlPart": html,
            "TextPart": text,
            "DefaultSubstitutions": self._defaults_json(),
        }
        self.resource: Construct
        if recommender_id is None:
            self.resource = self._create_resource(pinpoint.CfnEmailTemplate, tags=tags, **_l1_properties(content))
        else:
            check_length("recommender_id", recommender_id, 1_000, path=self.node.path)
            self.resource = self._create_api_resource({**content, "RecommenderId": recommender_id}, tags=tags)


class SmsTemplate(_Template):
    """An SMS message template (``AWS::Pinpoint::SmsTemplate``).

    :param scope: the parent construct.
    :param id: the construct id.
    :param body: the message text, at most 1,600 characters (Pinpoint quota).
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``. Default: - generated
        from the construct path.
    :param default_substitutions: default values of message variables, nested like the message
        context. Default: - none.
    :param description: the template's description. Default: - none.
    :param tags: tags for the template. Default: - none.
    """

    _KIND = TemplateKind.SMS

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        body: Part,
        template_name: str | None = None,
        default_substitutions: Mapping[str, Any] | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            scope, id, template_name=template_name, default_substitutions=default_substitutions, description=description
        )
        text = cast(str, _part_text(body))
        self._check_total_length("body", [text], MAX_SMS_CHARACTERS)
        self._check_part("body", body)
        self._warn_about_variables_without_defaults()
        self.resource = self._create_resource(
            pinpoint.CfnSmsTemplate,
            tags=tags,
            body=text,
            default_substitutions=self._defaults_json(),
        )


# --- push -----------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class DefaultPush(_PushNotification):
    """The push notification for every channel that has no channel-specific part.

    :param title: the title. Default: - none.
    :param body: the message text. Default: - none.
    :param action: what a tap does. Default: - Pinpoint's default (open the app).
    :param url: the URL or deep link a tap opens (``action`` URL or DEEP_LINK). Default: - none.
    :param sound: the sound to play. Default: - the device's default.
    """


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


# --- in-app ---------------------------------------------------------------------------------------


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


# The in-app shapes below render to camelCase dicts rather than L1 property classes: the content card
# is the same shape in AWS::Pinpoint::InAppTemplate and AWS::Pinpoint::Campaign, and jsii accepts a
# camelCase dict for either L1 (snake_case multi-word keys would be dropped silently).


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


@dataclass(frozen=True)
class InAppButton:
    """A button of an in-app message.

    :param text: the button's text.
    :param action: what the button does. Default: ButtonAction.CLOSE
    :param link: the URL or deep link (required unless ``action`` is CLOSE). Default: - none.
    :param background_color: the background colour (e.g. ``#FFFFFF``). Default: - the SDK's default.
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


@dataclass(frozen=True)
class InAppContent:
    """One content card of an in-app message (a carousel shows several): used by
    :class:`InAppTemplate` and by the campaign's :class:`~cdk_pinpoint.campaigns.InAppMessage`.

    :param header: the header text. Default: - none.
    :param header_alignment: the header's alignment. Default: - the SDK's default.
    :param header_color: the header's text colour. Default: - the SDK's default.
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
    :param messages: the content cards (several for a carousel); at least one.
    :param custom_config: key-value data sent to the app's SDK with the message. Default: - none.
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``. Default: - generated
        from the construct path.
    :param description: the template's description. Default: - none.
    :param tags: tags for the template. Default: - none.
    """

    _KIND = TemplateKind.IN_APP

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


# --- voice ----------------------------------------------------------------------------------------


class VoiceTemplate(_Template):
    """A voice message template. CloudFormation has no resource for it: a custom resource calls
    Create/Update/DeleteVoiceTemplate (``lambdas/pinpoint_api/message_template.py``).

    An update creates a new template version and makes it the active one; a new name replaces the
    template. The provider may create, update and tag only this template, and delete voice templates
    (CloudFormation deletes a renamed or removed one after the policy stopped naming it).

    :param scope: the parent construct.
    :param id: the construct id.
    :param body: the text to speak (plain text or SSML), at most 10,000 characters (Pinpoint quota).
    :param language_code: the language of the voice (e.g. ``en-US``). Default: - Pinpoint's default.
    :param voice_id: the Amazon Polly voice (e.g. ``Joanna``). Default: - Pinpoint's default.
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``. Default: - generated
        from the construct path.
    :param default_substitutions: default values of message variables, nested like the message
        context. Default: - none.
    :param description: the template's description. Default: - none.
    :param tags: tags for the template (set on creation; Pinpoint ignores tags on updates).
        Default: - none.
    """

    _KIND = TemplateKind.VOICE

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        body: Part,
        language_code: str | None = None,
        voice_id: str | None = None,
        template_name: str | None = None,
        default_substitutions: Mapping[str, Any] | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            scope, id, template_name=template_name, default_substitutions=default_substitutions, description=description
        )
        text = cast(str, _part_text(body))
        self._check_total_length("body", [text], MAX_VOICE_CHARACTERS)
        self._check_part("body", body)
        self._warn_about_variables_without_defaults()
        content = {
            "Body": text,
            "LanguageCode": language_code,
            "VoiceId": voice_id,
            "DefaultSubstitutions": self._defaults_json(),
        }
        self.resource = self._create_api_resource(content, tags=tags)
