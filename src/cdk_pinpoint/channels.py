"""Channels: one construct per ``AWS::Pinpoint::*Channel`` resource, each attached to a project.

Email, SMS, Voice, APNs (production, sandbox, VoIP, VoIP sandbox), FCM (``GCMChannel``), Baidu and
ADM. Every credential (APNs keys and certificates, the FCM service JSON or API key, the Baidu secret
key, the ADM client secret) is a :class:`SecretCredential`: a Secrets Manager secret, rendered as a
``{{resolve:secretsmanager:...}}`` dynamic reference. The secret text never enters the template,
and the API has no way to pass a credential as a plain string.

Pinpoint keeps one channel of each type per project; two constructs for the same channel type
and project fail at synth.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_cdk import Resource, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct

from . import _cfn_schema
from ._construct_checks import check_same_region, located_at, project_of, require_enum
from ._project_base import IProject
from ._project_scoped import check_one_per_project
from ._typed_args import checked_values, construct_init
from .errors import ConfigurationError, check_choice, is_token

if TYPE_CHECKING:  # only in annotations: importing them costs ~0.1 s of every synth (jsii modules)
    from aws_cdk import aws_secretsmanager as secretsmanager
    from aws_cdk import aws_ses as ses

# SES actions Pinpoint needs to send campaign and journey email through the orchestration role.
ORCHESTRATION_SEND_ACTIONS = ("ses:SendEmail", "ses:SendRawEmail")

_EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SES_IDENTITY_ARN = re.compile(r"^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity/(?P<name>.+)$")
# Pinpoint: a sender id has up to 11 alphanumeric characters, at least one of them a letter.
_SENDER_ID = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$")
# Short codes are 5-6 digits in the US and 3-8 digits elsewhere (e.g. 19xxxxxx in Australia).
_SHORT_CODE = re.compile(r"^\d{3,8}$")
# Apple's key ids and team ids are 10 characters; bundle ids are reverse-DNS strings.
_APPLE_ID = re.compile(r"^[A-Z0-9]{10}$")
_BUNDLE_ID = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def check_ses_configuration_set(field: str, name: str | None) -> None:
    """An SES configuration set name, as CloudFormation's AWS::SES::ConfigurationSet schema has it
    (letters, digits, hyphens and underscores, up to 64)."""
    _cfn_schema.check(field, name, "AWS::SES::ConfigurationSet", "Name")


# ---------------------------------------------------------------------------------------------
# credentials


class _Redacted:
    """Stands for a value that may be a credential in an error message: its type and length, never its
    text (error messages end up in terminals and CI logs)."""

    def __init__(self, value: Any) -> None:
        length = f", {len(value)} characters" if isinstance(value, str) else ""
        self._shown = f"<{type(value).__name__}{length}, not shown>"

    def __repr__(self) -> str:
        return self._shown


@checked_values
@dataclass(frozen=True)
class SecretCredential:
    """A channel credential kept in AWS Secrets Manager.

    The template gets a ``{{resolve:secretsmanager:...}}`` dynamic reference, which CloudFormation
    resolves at deploy time; the secret text never appears in the template or the cloud assembly.

    :param secret: the secret holding the credential.
    :param json_field: the field of the secret's JSON value that holds the credential.
        Default: - the whole secret string.
    """

    secret: secretsmanager.ISecret
    json_field: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.secret, str) or not hasattr(self.secret, "secret_value_from_json"):
            raise ConfigurationError(
                "secret",
                _Redacted(self.secret),
                "must be a secretsmanager.ISecret (credentials are never accepted as plain strings)",
            )
        if self.json_field is None or is_token(self.json_field):
            return
        if not isinstance(self.json_field, str) or not self.json_field.strip():
            raise ConfigurationError("json_field", self.json_field, "must be a non-empty field name, or None")

    def _to_cfn(self) -> str:
        value = (
            self.secret.secret_value if self.json_field is None else self.secret.secret_value_from_json(self.json_field)
        )
        return value.unsafe_unwrap()  # a dynamic reference, not the secret text


def _require_credential(field: str, value: Any, *, path: str | None = None) -> SecretCredential:
    if not isinstance(value, SecretCredential):
        raise ConfigurationError(
            field,
            _Redacted(value),
            "must be a SecretCredential (a Secrets Manager secret, never a plain string)",
            path=path,
        )
    return value


def _check_pattern(
    field: str, value: str | None, pattern: re.Pattern[str], allowed: str, *, path: str | None = None
) -> None:
    if value is None or is_token(value):
        return
    if not isinstance(value, str) or not pattern.match(value):
        raise ConfigurationError(field, value, allowed, path=path)


# ---------------------------------------------------------------------------------------------
# the shared base


class _ChannelBase(Resource):
    """A channel of one project: the L1 child ``Resource``, the project, and ``enabled``."""

    def __init__(self, scope: Construct, id: str, *, project: IProject, enabled: bool) -> None:
        super().__init__(scope, id)
        self.project = project_of(self, project)
        if not isinstance(enabled, bool) and not is_token(enabled):
            raise ConfigurationError("enabled", enabled, "must be True or False", path=self.node.path)
        self.enabled = enabled

    def _create(self, cfn_class: Any, **properties: Any) -> Any:
        check_one_per_project(self, self.project, _cfn_schema.resource_type_of(cfn_class))
        self._resource = _cfn_schema.create(
            cfn_class, self, "Resource", application_id=self.project.project_id, enabled=self.enabled, **properties
        )
        return self._resource

    @property
    def resource(self) -> Any:
        """The underlying ``AWS::Pinpoint::*Channel``, for escape hatches."""
        return self._resource


# ---------------------------------------------------------------------------------------------
# email


class EmailChannel(_ChannelBase):
    """The email channel (``AWS::Pinpoint::EmailChannel``): Pinpoint sends email through Amazon SES.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the channel belongs to.
    :param identity: the verified SES identity (domain or address) to send from: an
        ``ses.IEmailIdentity`` or its ARN (``arn:aws:ses:<region>:<account>:identity/<name>``).
    :param from_address: the address email is sent from; it must belong to ``identity`` (the
        address itself, or an address in the domain or one of its subdomains).
    :param configuration_set: the SES configuration set applied to the email (an
        ``ses.IConfigurationSet`` or its name). Default: - none.
    :param role: a role Pinpoint uses to submit email event data for the channel. Default: - none
        (Pinpoint needs none; this is a legacy setting).
    :param orchestration_sending_role: a role Pinpoint assumes to send campaign and journey email
        through SES. The channel grants it ``ses:SendEmail`` and ``ses:SendRawEmail`` on the
        identity (and the configuration set, if any); its trust policy is yours. Default: - none
        (Pinpoint sends with its own service permissions).
    :param enabled: whether the channel is enabled. Default: True
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        identity: ses.IEmailIdentity | str,
        from_address: str,
        configuration_set: ses.IConfigurationSet | str | None = None,
        role: iam.IRole | None = None,
        orchestration_sending_role: iam.IRole | None = None,
        enabled: bool = True,
    ) -> None:
        super().__init__(scope, id, project=project, enabled=enabled)
        with located_at(self):  # the path is read only if a check fails
            for field, role_value in (("role", role), ("orchestration_sending_role", orchestration_sending_role)):
                if role_value is not None and not hasattr(role_value, "role_arn"):
                    raise ConfigurationError(field, role_value, "must be an iam.IRole")
            if not isinstance(configuration_set, str | None) and not hasattr(
                configuration_set, "configuration_set_name"
            ):
                raise ConfigurationError(
                    "configuration_set", configuration_set, "must be an ses.IConfigurationSet or its name"
                )
            identity_arn, identity_name = self._identity(identity)
            _check_pattern("from_address", from_address, _EMAIL_ADDRESS, "must be an email address")
            _check_sender_belongs_to_identity(from_address, identity_name)
            configuration_set_name = (
                configuration_set
                if configuration_set is None or isinstance(configuration_set, str)
                else configuration_set.configuration_set_name
            )
            check_ses_configuration_set("configuration_set", configuration_set_name)

        self.identity_arn = identity_arn
        self.from_address = from_address
        self.role = role
        self.orchestration_sending_role = orchestration_sending_role
        self._create(
            pinpoint.CfnEmailChannel,
            identity=identity_arn,
            from_address=from_address,
            configuration_set=configuration_set_name,
            role_arn=role.role_arn if role else None,
            orchestration_sending_role_arn=orchestration_sending_role.role_arn if orchestration_sending_role else None,
        )
        if orchestration_sending_role is not None:
            resources = [identity_arn]
            if configuration_set_name is not None:
                resources.append(
                    Stack.of(self).format_arn(
                        service="ses", resource="configuration-set", resource_name=configuration_set_name
                    )
                )
            iam.Grant.add_to_principal(
                grantee=orchestration_sending_role, actions=list(ORCHESTRATION_SEND_ACTIONS), resource_arns=resources
            )

    def _identity(self, identity: ses.IEmailIdentity | str) -> tuple[str, str | None]:
        """The identity's ARN and, when known at synth, its name (a domain or an address)."""
        if isinstance(identity, str):
            if is_token(identity):
                return identity, None
            match = _SES_IDENTITY_ARN.match(identity)
            if match is None:
                raise ConfigurationError(
                    "identity",
                    identity,
                    "must be an ses.IEmailIdentity or an SES identity ARN "
                    "(arn:aws:ses:<region>:<account>:identity/<domain or address>)",
                    path=self.node.path,
                )
            check_same_region(self, "identity", identity, "Pinpoint sends email only through SES in its own region")
            return identity, match.group("name")
        if not hasattr(identity, "email_identity_arn"):
            raise ConfigurationError(
                "identity", identity, "must be an ses.IEmailIdentity or an SES identity ARN", path=self.node.path
            )
        name = identity.email_identity_name
        return identity.email_identity_arn, None if is_token(name) else name


def _check_sender_belongs_to_identity(from_address: str, identity_name: str | None) -> None:
    if identity_name is None or is_token(from_address):
        return
    if "@" in identity_name:
        allowed = identity_name.lower() == from_address.lower()
        what = f"must be the identity's address {identity_name!r}"
    else:
        domain = from_address.rsplit("@", 1)[-1].lower()
        allowed = domain == identity_name.lower() or domain.endswith("." + identity_name.lower())
        what = f"must be an address in the identity's domain {identity_name!r} or one of its subdomains"
    if not allowed:
        raise ConfigurationError("from_address", from_address, what)


# ---------------------------------------------------------------------------------------------
# SMS and voice


class SmsChannel(_ChannelBase):
    """The SMS channel (``AWS::Pinpoint::SMSChannel``).

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the channel belongs to.
    :param sender_id: the alphanumeric sender id shown to recipients, 1-11 letters and digits
        with at least one letter (only some countries support sender ids). Default: - none.
    :param short_code: the registered short code messages are sent from, 3-8 digits.
        Default: - none (Pinpoint uses the account's origination identities).
    :param enabled: whether the channel is enabled. Default: True
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        sender_id: str | None = None,
        short_code: str | None = None,
        enabled: bool = True,
    ) -> None:
        super().__init__(scope, id, project=project, enabled=enabled)
        with located_at(self):  # the path is read only if a check fails
            _check_pattern("sender_id", sender_id, _SENDER_ID, "must be 1-11 letters and digits, at least one a letter")
            _check_pattern("short_code", short_code, _SHORT_CODE, "must be 3-8 digits")
        self.sender_id = sender_id
        self.short_code = short_code
        self._create(pinpoint.CfnSMSChannel, sender_id=sender_id, short_code=short_code)


class VoiceChannel(_ChannelBase):
    """The voice channel (``AWS::Pinpoint::VoiceChannel``).

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the channel belongs to.
    :param enabled: whether the channel is enabled. Default: True
    """

    @construct_init
    def __init__(self, scope: Construct, id: str, *, project: IProject, enabled: bool = True) -> None:
        super().__init__(scope, id, project=project, enabled=enabled)
        self._create(pinpoint.CfnVoiceChannel)


# ---------------------------------------------------------------------------------------------
# APNs


class ApnsEnvironment(enum.Enum):
    """The APNs environment a channel sends to; each is its own CloudFormation resource type."""

    PRODUCTION = "PRODUCTION"
    SANDBOX = "SANDBOX"
    VOIP = "VOIP"
    VOIP_SANDBOX = "VOIP_SANDBOX"


_APNS_RESOURCE_CLASSES: dict[ApnsEnvironment, Any] = {
    ApnsEnvironment.PRODUCTION: pinpoint.CfnAPNSChannel,
    ApnsEnvironment.SANDBOX: pinpoint.CfnAPNSSandboxChannel,
    ApnsEnvironment.VOIP: pinpoint.CfnAPNSVoipChannel,
    ApnsEnvironment.VOIP_SANDBOX: pinpoint.CfnAPNSVoipSandboxChannel,
}


# The credentials of each APNs authentication method (the other properties are identifiers).
_APNS_CREDENTIALS = {"TOKEN": ("token_key",), "CERTIFICATE": ("certificate", "private_key")}


@checked_values(field="apns")
@dataclass(frozen=True)
class ApnsAuth:
    """How Pinpoint authenticates with APNs: a token signing key or a certificate (one or the other).

    Build it with :meth:`token_key` or :meth:`certificate`. Whichever is chosen is also the
    channel's ``DefaultAuthenticationMethod``.
    """

    method: str
    properties: tuple[tuple[str, Any], ...]

    def __post_init__(self) -> None:
        check_choice("apns.method", self.method, _APNS_CREDENTIALS)
        given = dict(self.properties)
        for name in _APNS_CREDENTIALS[self.method]:
            _require_credential(f"apns.{name}", given.get(name))

    @staticmethod
    def token_key(*, signing_key: SecretCredential, key_id: str, team_id: str, bundle_id: str) -> ApnsAuth:
        """Token-based authentication with an APNs signing key (a ``.p8`` file).

        :param signing_key: the ``.p8`` key's contents, from Secrets Manager.
        :param key_id: the key's 10-character id from Apple.
        :param team_id: the 10-character Apple developer team id.
        :param bundle_id: the app's bundle id, e.g. ``com.example.app``.
        """
        key = _require_credential("apns.signing_key", signing_key)
        _check_pattern("apns.key_id", key_id, _APPLE_ID, "must be 10 upper-case letters and digits")
        _check_pattern("apns.team_id", team_id, _APPLE_ID, "must be 10 upper-case letters and digits")
        _check_pattern("apns.bundle_id", bundle_id, _BUNDLE_ID, "must be a reverse-DNS bundle id, e.g. com.example.app")
        return ApnsAuth(
            "TOKEN",
            (("token_key", key), ("token_key_id", key_id), ("team_id", team_id), ("bundle_id", bundle_id)),
        )

    @staticmethod
    def certificate(*, certificate: SecretCredential, private_key: SecretCredential) -> ApnsAuth:
        """Certificate-based authentication with an APNs TLS certificate and its private key.

        :param certificate: the APNs client certificate (PEM), from Secrets Manager.
        :param private_key: the certificate's private key (PEM), from Secrets Manager.
        """
        cert = _require_credential("apns.certificate", certificate)
        key = _require_credential("apns.private_key", private_key)
        return ApnsAuth("CERTIFICATE", (("certificate", cert), ("private_key", key)))

    def _to_cfn(self) -> dict[str, Any]:
        """Keyword arguments for the ``CfnAPNS*Channel`` classes."""
        rendered = {
            name: value._to_cfn() if isinstance(value, SecretCredential) else value for name, value in self.properties
        }
        return {"default_authentication_method": self.method, **rendered}


class ApnsChannel(_ChannelBase):
    """An Apple Push Notification service channel, in one of the four APNs environments.

    ``environment`` selects the CloudFormation type: ``AWS::Pinpoint::APNSChannel``,
    ``APNSSandboxChannel``, ``APNSVoipChannel`` or ``APNSVoipSandboxChannel``. A project may have
    one channel per environment.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the channel belongs to.
    :param auth: the credentials, ``ApnsAuth.token_key(...)`` or ``ApnsAuth.certificate(...)``.
    :param environment: the APNs environment. Default: ApnsEnvironment.PRODUCTION
    :param enabled: whether the channel is enabled. Default: True
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        auth: ApnsAuth,
        environment: ApnsEnvironment | None = None,
        enabled: bool = True,
    ) -> None:
        super().__init__(scope, id, project=project, enabled=enabled)
        if not isinstance(auth, ApnsAuth):
            raise ConfigurationError(
                "auth",
                _Redacted(auth),
                "must be ApnsAuth.token_key(...) or ApnsAuth.certificate(...)",
                path=self.node.path,
            )
        if not isinstance(environment, ApnsEnvironment | None):
            with located_at(self):
                require_enum("environment", environment, ApnsEnvironment, optional=True)
        self.environment = environment if environment is not None else ApnsEnvironment.PRODUCTION
        self.auth = auth
        self._create(_APNS_RESOURCE_CLASSES[self.environment], **auth._to_cfn())


# ---------------------------------------------------------------------------------------------
# FCM, Baidu, ADM


@checked_values(field="fcm")
@dataclass(frozen=True)
class FcmAuth:
    """How Pinpoint authenticates with Firebase Cloud Messaging. Build it with a static method."""

    method: str
    credential: SecretCredential

    def __post_init__(self) -> None:
        check_choice("fcm.method", self.method, ("TOKEN", "KEY"))
        _require_credential("fcm.credential", self.credential)

    @staticmethod
    def service_json(credential: SecretCredential) -> FcmAuth:
        """FCM HTTP v1: the Firebase service account's JSON key (``DefaultAuthenticationMethod: TOKEN``).

        :param credential: the service-account JSON, from Secrets Manager.
        """
        return FcmAuth("TOKEN", _require_credential("fcm.service_json", credential))

    @staticmethod
    def legacy_api_key(credential: SecretCredential) -> FcmAuth:
        """The legacy FCM server key (``DefaultAuthenticationMethod: KEY``); Google retired this API.

        :param credential: the server key, from Secrets Manager.
        """
        return FcmAuth("KEY", _require_credential("fcm.api_key", credential))

    def _to_cfn(self) -> dict[str, Any]:
        """Keyword arguments for ``CfnGCMChannel``."""
        field = "service_json" if self.method == "TOKEN" else "api_key"
        return {"default_authentication_method": self.method, field: self.credential._to_cfn()}


class FcmChannel(_ChannelBase):
    """The Firebase Cloud Messaging channel (``AWS::Pinpoint::GCMChannel``).

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the channel belongs to.
    :param auth: ``FcmAuth.service_json(...)`` (recommended) or ``FcmAuth.legacy_api_key(...)``.
    :param enabled: whether the channel is enabled. Default: True
    """

    @construct_init
    def __init__(self, scope: Construct, id: str, *, project: IProject, auth: FcmAuth, enabled: bool = True) -> None:
        super().__init__(scope, id, project=project, enabled=enabled)
        if not isinstance(auth, FcmAuth):
            raise ConfigurationError(
                "auth",
                _Redacted(auth),
                "must be FcmAuth.service_json(...) or FcmAuth.legacy_api_key(...)",
                path=self.node.path,
            )
        self.auth = auth
        self._create(pinpoint.CfnGCMChannel, **auth._to_cfn())


def _check_identifier(field: str, value: str) -> None:
    if is_token(value):
        return
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(field, value, "must be a non-empty string")


class BaiduChannel(_ChannelBase):
    """The Baidu Cloud Push channel (``AWS::Pinpoint::BaiduChannel``).

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the channel belongs to.
    :param api_key: the Baidu API key (an identifier, not a secret).
    :param secret_key: the Baidu secret key, from Secrets Manager.
    :param enabled: whether the channel is enabled. Default: True
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        api_key: str,
        secret_key: SecretCredential,
        enabled: bool = True,
    ) -> None:
        super().__init__(scope, id, project=project, enabled=enabled)
        with located_at(self):
            _check_identifier("api_key", api_key)
            secret = _require_credential("secret_key", secret_key)
        self._create(pinpoint.CfnBaiduChannel, api_key=api_key, secret_key=secret._to_cfn())


class AdmChannel(_ChannelBase):
    """The Amazon Device Messaging channel (``AWS::Pinpoint::ADMChannel``).

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project the channel belongs to.
    :param client_id: the ADM client id (an identifier, not a secret).
    :param client_secret: the ADM client secret, from Secrets Manager.
    :param enabled: whether the channel is enabled. Default: True
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        client_id: str,
        client_secret: SecretCredential,
        enabled: bool = True,
    ) -> None:
        super().__init__(scope, id, project=project, enabled=enabled)
        with located_at(self):
            _check_identifier("client_id", client_id)
            secret = _require_credential("client_secret", client_secret)
        self._create(pinpoint.CfnADMChannel, client_id=client_id, client_secret=secret._to_cfn())


class SmsMessageType(enum.Enum):
    """The SMS message type, which decides routing and pricing in some countries."""

    #: critical messages (one-time passwords, alerts): highest reliability
    TRANSACTIONAL = "TRANSACTIONAL"
    #: marketing messages: lowest cost
    PROMOTIONAL = "PROMOTIONAL"
