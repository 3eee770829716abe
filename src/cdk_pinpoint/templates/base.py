"""What every message template shares: the kinds, ``ITemplate``, the template body, the
CloudFormation and custom-resource base classes, the limits and the synth warning id.

The package's docstring (``cdk_pinpoint.templates``) tells how templates are created and checked.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from aws_cdk import Annotations, Names, Resource, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct, Node

from .. import _cfn_schema
from .._shapes import without_none
from .._typed_args import checked_values
from ..errors import ConfigurationError, is_token
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


#: the action that reads a template of each kind (Pinpoint's IAM actions: Get<Kind>Template)
TEMPLATE_READ_ACTIONS = {
    TemplateKind.EMAIL: "mobiletargeting:GetEmailTemplate",
    TemplateKind.SMS: "mobiletargeting:GetSmsTemplate",
    TemplateKind.PUSH: "mobiletargeting:GetPushTemplate",
    TemplateKind.IN_APP: "mobiletargeting:GetInAppTemplate",
    TemplateKind.VOICE: "mobiletargeting:GetVoiceTemplate",
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

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow reading this template (``Get<Kind>Template``), as a function that renders it does."""
        ...


@checked_values
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

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow reading this template (``Get<Kind>Template`` on its ARN), as a function that renders it does."""
        actions = [TEMPLATE_READ_ACTIONS[self.template_kind]]
        return iam.Grant.add_to_principal(grantee=grantee, actions=actions, resource_arns=[self.template_arn])

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
        resource = _cfn_schema.create(
            cfn_class,  # type: ignore[arg-type]
            self,
            "Resource",
            template_name=self.template_name,
            fields={"template_description": "description"},
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

        from .._api_resource import TaggablePinpointApiResource, api_provider
        from .._nag import acknowledge_wildcard_resource

        kind, request_key, noun = _API_TEMPLATES[self._KIND]
        self._template_arn = template_arn(self, self.template_name, self._KIND)
        body = {**content, "TemplateDescription": self._description}
        actions = [
            f"mobiletargeting:Create{noun}Template",
            f"mobiletargeting:Update{noun}Template",
            "mobiletargeting:UpdateTemplateActiveVersion",
        ]
        # Tags travel beside the request (Tags.of reaches them); the handler puts them in the create request.
        resource = TaggablePinpointApiResource(
            self,
            "Resource",
            project=None,  # templates belong to the account, not to a project
            kind=kind,
            tags=tags,
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

    def _check_text(self, part: str, text: str | None, *, origin: str | None = None, field: str | None = None) -> None:
        """Check one part with cdk_pinpoint.rendering and add the variables it reads; tokens pass.
        Only the text is kept (preview compiles it on demand), and repeated texts are checked once.
        Errors name ``field``, the keyword the user wrote, when it differs from the part's name."""
        field = field or part
        if text is None or is_token(text):
            return
        if not isinstance(text, str):
            raise ConfigurationError(field, text, "must be a str or a TemplateBody", path=self.node.path)
        if not text.strip():  # almost certainly a mistake (a body read from an empty file...)
            raise ConfigurationError(field, text, "must hold text: it would be sent blank", path=self.node.path)
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
            raise ConfigurationError(field, shown, f"{where}: {error.message}", path=self.node.path) from None
        self._parts[part] = text

    def _check_part(self, part: str, value: Part | None, *, field: str | None = None) -> None:
        origin = value.origin if isinstance(value, TemplateBody) else None
        self._check_text(part, _part_text(value), origin=origin, field=field)

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
