"""CustomChannel: a Lambda function Pinpoint calls for a custom channel, which renders the message
template for each endpoint and delivers it by HTTPS webhook, Amazon SES or AWS End User Messaging SMS.

Pinpoint sends the function up to 50 endpoints per invocation, with the campaign or journey ids and
the message configuration's ``Data``. ``Data`` names the template as JSON; write it with
:meth:`CustomChannel.message_data`::

    channel = CustomChannel(self, "Channel", project=project,
                            delivery=Delivery.ses(from_address="news@example.com"))
    # a journey activity: Custom("Welcome", function=channel.function, data=channel.message_data(welcome))

Each endpoint's outcome is recorded in the project as a custom event (``custom_channel.sent`` or
``custom_channel.failed`` with a ``reason`` attribute), so the sends show up in Pinpoint's analytics
and event stream; Pinpoint does not count a custom channel's messages itself. One endpoint's failure
never fails another. Logs carry ids, counts and reason codes, never addresses or attribute values.

The function answers in Pinpoint's "Lambda function response format" for custom channels,
``{endpoint id: {"EventAttributes": {...}}}``, so a journey's yes/no or multivariate split after the
custom activity can branch on ``status`` (``sent``/``failed``), ``reason``, ``attempts`` and ``recorded``.

Webhook requests are JSON POSTs signed with ``X-Cdk-Pinpoint-Signature: sha256=<hex HMAC-SHA256 of
the raw body>`` (the key is the secret's string value) and carry an ``Idempotency-Key`` header that is
the same for every retry of one message to one endpoint. The body holds ``endpoint_id``,
``idempotency_key``, ``address``, ``channel_type``, the campaign or journey ids, ``template``
(name, type, version) and ``message`` (the rendered parts: ``subject``/``html``/``text`` for email,
``body`` for SMS, ``title``/``body``/``url`` for push).

Repeats: if Pinpoint invokes the function again for a batch it already handled, webhook receivers can
drop the repeat by its ``Idempotency-Key``, but SES SendEmail and End User Messaging SendTextMessage
have no idempotency key, so those messages are sent again. Pinpoint's documentation does not say when
it re-invokes; the function gives it no reason to: it never raises, and it returns (with every outcome
recorded, late ones as ``deadline_exceeded``) before its Lambda timeout.
"""

from __future__ import annotations

import abc
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any, ClassVar
from urllib.parse import urlsplit

from aws_cdk import Acknowledgment, Duration, Stack, Token, Validations
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from ._construct_checks import check_whole_seconds
from ._lambda import PinpointFunction
from ._project_base import IProject, allow_pinpoint_to_invoke
from ._shared.custom_channel import (
    AWS_CALL_SECONDS,
    RECORDING_RESERVE_SECONDS,
    SETUP_SECONDS,
    WEBHOOK_BACKOFF_SECONDS,
    UnusableMessageData,
    named_template,
)

# What the handler writes (one copy, in cdk_pinpoint._shared); users' code and the docs read these names here.
from ._shared.custom_channel import FAILED_EVENT_TYPE as FAILED_EVENT_TYPE
from ._shared.custom_channel import SENT_EVENT_TYPE as SENT_EVENT_TYPE
from ._shared.custom_channel import SIGNATURE_HEADER as SIGNATURE_HEADER
from ._typed_args import checked_values, construct_init
from .channels import SmsMessageType as SmsMessageType  # users import it from here too
from .channels import check_ses_configuration_set
from .errors import ConfigurationError, check_range, is_token
from .monitoring import names
from .monitoring.metrics import delivery_failure_rate, engagement_metric
from .templates import TEMPLATE_READ_ACTIONS, ITemplate, TemplateKind

SES_SEND_ACTIONS = ("ses:SendEmail",)
SMS_SEND_ACTIONS = ("sms-voice:SendTextMessage",)
SECRET_READ_ACTIONS = ("secretsmanager:GetSecretValue",)

_DEFAULT_WEBHOOK_TIMEOUT = Duration.seconds(5)
_DEFAULT_MAX_ATTEMPTS = 3
_MAX_WEBHOOK_TIMEOUT_SECONDS = 30
_MAX_WEBHOOK_ATTEMPTS = 10
_MAX_BATCH = 50  # Pinpoint sends at most 50 endpoints per invocation
_MAX_LAMBDA_TIMEOUT_SECONDS = 900
_ORIGINATION_ARN = re.compile(r"arn:[a-z-]+:sms-voice:[a-z0-9-]*:\d{12}:(phone-number|pool|sender-id)/.+")


class Delivery(abc.ABC):
    """How a CustomChannel delivers each rendered message. Choose one with :meth:`webhook`,
    :meth:`ses` or :meth:`sms`."""

    #: the template kinds this delivery can send
    template_kinds: ClassVar[tuple[TemplateKind, ...]]
    #: the delivery's name in the handler's configuration and in the recorded events
    kind: ClassVar[str]

    @staticmethod
    def webhook(
        url: str,
        *,
        signing_secret: secretsmanager.ISecret,
        timeout: Duration | None = None,
        max_attempts: int | None = None,
    ) -> WebhookDelivery:
        """POST each rendered message as signed JSON to an HTTPS URL.

        :param url: the receiver, an ``https://`` URL.
        :param signing_secret: the secret whose string value is the HMAC-SHA256 key of the
            ``X-Cdk-Pinpoint-Signature`` header. The function may read this secret only.
        :param timeout: how long one attempt may take, 1 to 30 seconds. Default: Duration.seconds(5)
        :param max_attempts: attempts per endpoint, 1 to 10; retried on 5xx, 429, timeouts and
            connection errors (never on other 4xx), with jittered exponential backoff from 0.2 s.
            Default: 3
        """
        return WebhookDelivery(url=url, signing_secret=signing_secret, timeout=timeout, max_attempts=max_attempts)

    @staticmethod
    def ses(*, from_address: str, identity: str | None = None, configuration_set: str | None = None) -> SesDelivery:
        """Send EMAIL templates with Amazon SES (v2 SendEmail) to endpoints whose ChannelType is EMAIL.

        :param from_address: the sender, e.g. ``"News <news@example.com>"``.
        :param identity: the verified SES identity the sender belongs to (a domain or an address);
            the function may send from this identity only. Default: - the domain of ``from_address``.
        :param configuration_set: the SES configuration set for event publishing. Default: - none.
        """
        return SesDelivery(from_address=from_address, identity=identity, configuration_set=configuration_set)

    @staticmethod
    def sms(
        *,
        origination_identity: str,
        configuration_set: str | None = None,
        message_type: SmsMessageType | None = None,
    ) -> SmsDelivery:
        """Send SMS templates with AWS End User Messaging SMS (SendTextMessage) to endpoints whose
        ChannelType is SMS. This keeps Pinpoint-format SMS templates working through the service that
        continues after Pinpoint's end of support.

        :param origination_identity: the ARN of the phone number, pool or sender ID to send from
            (``arn:aws:sms-voice:<region>:<account>:phone-number/<id>``, ``pool/<id>`` or
            ``sender-id/<id>/<country>``); the function may send from this identity only.
        :param configuration_set: the End User Messaging configuration set. Default: - none.
        :param message_type: TRANSACTIONAL or PROMOTIONAL. Default: - the account's default.
        """
        return SmsDelivery(
            origination_identity=origination_identity, configuration_set=configuration_set, message_type=message_type
        )

    @abc.abstractmethod
    def _settings(self) -> dict[str, Any]:
        """The handler's DELIVERY configuration (tokens allowed; rendered with to_json_string)."""

    @abc.abstractmethod
    def _grant(self, scope: Construct, grantee: iam.IGrantable) -> None:
        """Grant the function exactly what this delivery calls."""

    def _delivery_seconds(self) -> float:
        """The longest one endpoint's delivery can take: one SES or SMS call, every retry timing out."""
        return AWS_CALL_SECONDS

    def _timing(self) -> dict[str, Any]:
        """The delivery's settings that make up ``_delivery_seconds`` (named in errors)."""
        return {}


@checked_values(field="delivery")
@dataclass(frozen=True)
class WebhookDelivery(Delivery):
    """A signed HTTPS webhook. Build it with :meth:`Delivery.webhook`."""

    url: str
    signing_secret: secretsmanager.ISecret
    timeout: Duration | None = None
    max_attempts: int | None = None

    kind: ClassVar[str] = "webhook"
    template_kinds: ClassVar[tuple[TemplateKind, ...]] = (TemplateKind.EMAIL, TemplateKind.SMS, TemplateKind.PUSH)

    def __post_init__(self) -> None:
        if not is_token(self.url):
            parts = urlsplit(self.url)
            if parts.scheme != "https" or not parts.hostname:
                raise ConfigurationError("url", self.url, "must be an https:// URL with a host")
        check_range("max_attempts", self.max_attempts, 1, 10)
        check_whole_seconds("timeout", self.timeout, "the webhook sender's timeout is in seconds")
        if self.timeout is not None and not is_token(self.timeout.to_seconds()):
            check_range("timeout (seconds)", self.timeout.to_seconds(), 1, 30)

    @property
    def _timeout_seconds(self) -> float:
        return (self.timeout or _DEFAULT_WEBHOOK_TIMEOUT).to_seconds()

    @property
    def _attempts(self) -> int:
        return self.max_attempts if self.max_attempts is not None else _DEFAULT_MAX_ATTEMPTS

    def _settings(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "url": self.url,
            "secret_arn": self.signing_secret.secret_arn,
            "timeout_seconds": self._timeout_seconds,
            "max_attempts": self._attempts,
        }

    def _grant(self, scope: Construct, grantee: iam.IGrantable) -> None:
        # GetSecretValue only (aws-cdk's grant_read adds DescribeSecret), on the full ARN when known.
        secret = self.signing_secret
        arn = secret.secret_full_arn if secret.secret_full_arn is not None else f"{secret.secret_arn}-??????"
        iam.Grant.add_to_principal(grantee=grantee, actions=list(SECRET_READ_ACTIONS), resource_arns=[arn])
        if secret.encryption_key is not None:
            secret.encryption_key.grant_decrypt(grantee)

    def _delivery_seconds(self) -> float:
        # Every attempt times out, with the longest backoff between them; a deploy-time value counts
        # as the largest allowed.
        timeout = _MAX_WEBHOOK_TIMEOUT_SECONDS if is_token(self._timeout_seconds) else self._timeout_seconds
        attempts = _MAX_WEBHOOK_ATTEMPTS if is_token(self._attempts) else self._attempts
        backoff: float = sum(WEBHOOK_BACKOFF_SECONDS * 2**n for n in range(attempts - 1))
        return timeout * attempts + backoff

    def _timing(self) -> dict[str, Any]:
        return {"timeout": self._timeout_seconds, "max_attempts": self._attempts}


@checked_values(field="delivery")
@dataclass(frozen=True)
class SesDelivery(Delivery):
    """Amazon SES SendEmail. Build it with :meth:`Delivery.ses`."""

    from_address: str
    identity: str | None = None
    configuration_set: str | None = None

    kind: ClassVar[str] = "ses"
    template_kinds: ClassVar[tuple[TemplateKind, ...]] = (TemplateKind.EMAIL,)

    def __post_init__(self) -> None:
        if not is_token(self.from_address) and "@" not in parseaddr(self.from_address)[1]:
            raise ConfigurationError("from_address", self.from_address, "must be an email address")
        if self.identity is None and is_token(self.from_address):
            raise ConfigurationError("identity", None, "is required when from_address is a deploy-time value")
        check_ses_configuration_set("configuration_set", self.configuration_set)

    @property
    def _identity(self) -> str:
        if self.identity is not None:
            return self.identity
        return parseaddr(self.from_address)[1].rpartition("@")[2]

    def _settings(self) -> dict[str, Any]:
        settings = {"type": self.kind, "from_address": self.from_address}
        if self.configuration_set is not None:
            settings["configuration_set"] = self.configuration_set
        return settings

    def _grant(self, scope: Construct, grantee: iam.IGrantable) -> None:
        # SendEmail is authorized on the sending identity and, when one is used, the configuration set.
        stack = Stack.of(scope)
        resources = [stack.format_arn(service="ses", resource="identity", resource_name=self._identity)]
        if self.configuration_set is not None:
            resources.append(
                stack.format_arn(service="ses", resource="configuration-set", resource_name=self.configuration_set)
            )
        iam.Grant.add_to_principal(grantee=grantee, actions=list(SES_SEND_ACTIONS), resource_arns=resources)


@checked_values(field="delivery")
@dataclass(frozen=True)
class SmsDelivery(Delivery):
    """AWS End User Messaging SMS SendTextMessage. Build it with :meth:`Delivery.sms`."""

    origination_identity: str
    configuration_set: str | None = None
    message_type: SmsMessageType | None = None

    kind: ClassVar[str] = "sms"
    template_kinds: ClassVar[tuple[TemplateKind, ...]] = (TemplateKind.SMS,)

    def __post_init__(self) -> None:
        if not is_token(self.origination_identity) and not _ORIGINATION_ARN.fullmatch(self.origination_identity):
            raise ConfigurationError(
                "origination_identity",
                self.origination_identity,
                "must be the ARN of an End User Messaging SMS phone-number, pool or sender-id",
            )

    def _settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = {"type": self.kind, "origination_identity": self.origination_identity}
        if self.configuration_set is not None:
            settings["configuration_set"] = self.configuration_set
        if self.message_type is not None:
            settings["message_type"] = self.message_type.value
        return settings

    def _grant(self, scope: Construct, grantee: iam.IGrantable) -> None:
        resources = [self.origination_identity]
        if self.configuration_set is not None:
            resources.append(
                Stack.of(scope).format_arn(
                    service="sms-voice", resource="configuration-set", resource_name=self.configuration_set
                )
            )
        iam.Grant.add_to_principal(grantee=grantee, actions=list(SMS_SEND_ACTIONS), resource_arns=resources)


class CustomChannel(Construct):
    """A Lambda function that Pinpoint campaigns and journeys deliver through: it loads the message
    template named in the message data from Pinpoint, renders it for each endpoint with
    :mod:`cdk_pinpoint.rendering` and delivers it with ``delivery``.

    The function may read only the given ``templates`` (or, without them, any template of the kinds
    the delivery sends), record events in ``project`` only, and send only through the delivery's
    secret, identity or origination identity. Pinpoint may invoke it for ``project`` only.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project whose campaigns and journeys use the channel; outcomes are recorded there.
    :param delivery: how messages leave: :meth:`Delivery.webhook`, :meth:`Delivery.ses` or :meth:`Delivery.sms`.
    :param templates: the only templates the function may read. Give them whenever the template names
        are known at synth time. Default: - any template of the kinds the delivery sends
        (``templates/*``), because the names arrive at run time in the message data.
    :param default_template: the template used when the message data names none. It is readable even
        when ``templates`` is given. Default: - none; the message data must name a template.
    :param max_concurrency: how many deliveries of one batch run at once, 1 to 50. The function's
        timeout is sized for a whole batch of 50 delivered in ``ceil(50 / max_concurrency)`` rounds of
        the delivery's worst case (see :func:`function_timeout_seconds`); a configuration whose worst
        case exceeds Lambda's 900 seconds is rejected. Default: 50 (a whole batch at once)
    :param memory_size: the function's memory, in MiB. Default: 256
    :param log_retention: how long the function's logs are kept. Default: logs.RetentionDays.THREE_MONTHS
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        delivery: Delivery,
        templates: Sequence[ITemplate] | None = None,
        default_template: ITemplate | None = None,
        max_concurrency: int | None = None,
        memory_size: int | None = None,
        log_retention: logs.RetentionDays | None = None,
    ) -> None:
        super().__init__(scope, id)
        path = self.node.path
        if not isinstance(delivery, Delivery):
            raise ConfigurationError(
                "delivery", delivery, "must be Delivery.webhook(...), Delivery.ses(...) or Delivery.sms(...)", path=path
            )
        check_range("max_concurrency", max_concurrency, 1, _MAX_BATCH, path=path)
        check_range("memory_size", memory_size, 128, 10_240, path=path)
        readable = [*(templates or ()), *([default_template] if default_template is not None else [])]
        for template in readable:
            if template.template_kind not in delivery.template_kinds:
                allowed = ", ".join(k.value for k in delivery.template_kinds)
                raise ConfigurationError(
                    "templates",
                    template.template_name,
                    f"{delivery.kind} delivery sends {allowed} templates",
                    path=path,
                )
        concurrency = max_concurrency if max_concurrency is not None else _MAX_BATCH
        timeout = function_timeout_seconds(delivery, max_concurrency=concurrency)
        if timeout > _MAX_LAMBDA_TIMEOUT_SECONDS:
            raise _too_slow(delivery, concurrency, timeout, path)
        self.project = project
        self.delivery = delivery
        self.default_template = default_template

        stack = Stack.of(self)
        environment = {
            "PROJECT_ID": project.project_id,
            "DELIVERY": stack.to_json_string(delivery._settings()),
            "MAX_CONCURRENCY": str(concurrency),
        }
        if default_template is not None:
            environment["DEFAULT_TEMPLATE"] = stack.to_json_string(
                {"name": default_template.template_name, "type": default_template.template_kind.value}
            )
        handler = PinpointFunction(
            self,
            "Function",
            handler_package="custom_channel",
            handler="custom_channel.handler.handler",
            description="Renders Pinpoint message templates and delivers them for a custom channel",
            with_rendering=True,
            environment=environment,
            timeout=Duration.seconds(timeout),
            memory_size=memory_size,
            log_retention=log_retention,
        )
        self.function: lambda_.Function = handler.function
        self.role: iam.Role = handler.role

        allow_pinpoint_to_invoke(project, self.function)
        project.grant_put_events(self.role)
        delivery._grant(self, self.role)
        self._grant_template_reads(readable if templates is not None else None)

    def metric_sent(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Deliveries that succeeded (``custom_channel.sent`` events of the project, all its custom channels)."""
        return engagement_metric(names.CUSTOM_CHANNEL_SENT, self.project.project_id, period=period)

    def metric_failures(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Deliveries that failed (``custom_channel.failed`` events of the project, all its custom channels)."""
        return engagement_metric(names.CUSTOM_CHANNEL_FAILED, self.project.project_id, period=period)

    def metric_deadline_exceeded(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Failed deliveries whose reason is ``deadline_exceeded`` (or ``..._while_running``)."""
        return engagement_metric(names.CUSTOM_CHANNEL_DEADLINE_EXCEEDED, self.project.project_id, period=period)

    def metric_failure_rate(self, *, min_attempts: int = 20, period: Duration | None = None) -> cloudwatch.IMetric:
        """Failed per 100 deliveries, in periods with at least ``min_attempts`` deliveries (else 0)."""
        return delivery_failure_rate(self, min_attempts=min_attempts, period=period)

    def metric_errors(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Invocations of the function that failed (Pinpoint retries them)."""
        return self.function.metric_errors(period=period, statistic=cloudwatch.Stats.SUM)

    def metric_throttles(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Invocations of the function that were throttled."""
        return self.function.metric_throttles(period=period, statistic=cloudwatch.Stats.SUM)

    @property
    def delivery_uri(self) -> str:
        """What campaigns and journeys use as the custom delivery target (``DeliveryUri``): the function ARN."""
        return self.function.function_arn

    @staticmethod
    def message_data(template: ITemplate | str, *, kind: TemplateKind | None = None, version: str | None = None) -> str:
        """The message data (``CustomMessage.Data``) that tells the function which template to send.

        :param template: the template, or its name.
        :param kind: the template's kind. Default: - the template's kind; with a name, what the
            delivery sends (required for a webhook, which sends every kind).
        :param version: the template version. Default: - the active version when the message is sent.
        """
        if isinstance(template, str):
            document: dict[str, Any] = {"template": template}
            if kind is not None:
                document["type"] = kind.value
        else:
            document = {"template": template.template_name, "type": (kind or template.template_kind).value}
        if version is not None:
            document["version"] = version
        # A deploy-time name stays a token inside the string; CloudFormation joins it in.
        return json.dumps(document, separators=(",", ":"))

    def check_message_data(self, field: str, data: str | None) -> None:
        """Fail at synth, naming ``field``, if the function could not pick a template from ``data``,
        the message data a campaign or journey sends it (it would fail every message at run time).
        A campaign's :class:`~cdk_pinpoint.CustomDelivery` or a journey's ``Custom`` activity that
        delivers through :attr:`function` calls this when it binds.
        """
        if data is not None and is_token(data) and not data.lstrip().startswith("{"):
            return  # the whole data is a deploy-time value
        kinds = [kind.value for kind in self.delivery.template_kinds]
        try:
            named = named_template(data, kinds=kinds, has_default=self.default_template is not None)
        except UnusableMessageData as err:
            raise ConfigurationError(field, data, self._data_remedy(err.reason)) from None
        if named is not None and named[1] not in kinds:
            raise ConfigurationError(
                field,
                data,
                f"names a {named[1]} template, but the custom channel {self.node.path} delivers by "
                f"{self.delivery.kind}, which sends {' and '.join(kinds)} templates",
            )

    def _data_remedy(self, reason: str) -> str:
        """What the message data must be, for the handler's reason code ``reason``."""
        write = "write it with CustomChannel.message_data(template)"
        kinds = ", ".join(kind.value for kind in self.delivery.template_kinds)
        return {
            "message_data_not_json": f"must be JSON naming the template, because the custom channel "
            f"{self.node.path} has no default_template: {write}",
            "message_data_without_template": f"must name a template, because the custom channel "
            f"{self.node.path} has no default_template: {write}",
            "message_data_template_invalid": f'must name the template with a non-empty "template": {write}',
            "message_data_without_type": f'must name the template\'s kind ("type"), because the custom '
            f"channel {self.node.path} delivers by {self.delivery.kind}, which sends {kinds} templates: "
            f"{write}, or message_data(name, kind=TemplateKind.EMAIL)",
            "message_data_type_invalid": f'must name a template kind ("type") of {kinds}: {write}',
            "message_data_version_invalid": f'must give "version" as a string or a whole number: {write}',
        }[reason]

    def _grant_template_reads(self, templates: Sequence[ITemplate] | None) -> None:
        if templates is not None:
            for template in templates:
                template.grant_read(self.role)
            return
        stack = Stack.of(self)
        all_templates = stack.format_arn(service="mobiletargeting", resource="templates", resource_name="*")
        actions = sorted(TEMPLATE_READ_ACTIONS[kind] for kind in self.delivery.template_kinds)
        iam.Grant.add_to_principal(grantee=self.role, actions=actions, resource_arns=[all_templates])
        Validations.of(self.role).acknowledge(
            Acknowledgment(
                id=templates_wildcard_finding(stack),
                reason="the template name arrives at run time in the campaign's or journey's message data; the "
                "function may only read templates (Get*Template for the kinds its delivery sends). Pass "
                "templates= to scope it to named templates",
            )
        )


def function_timeout_seconds(delivery: Delivery, *, max_concurrency: int = _MAX_BATCH) -> int:
    """The Lambda timeout a CustomChannel gets: the worst case of one batch.

    That is: the template and the webhook's signing key loaded (two AWS calls), 50 endpoints delivered
    in ``ceil(50 / max_concurrency)`` rounds of the delivery's worst case (a webhook: every attempt
    times out, plus the backoff; SES or SMS: one call whose botocore attempts all time out), and the
    time the handler keeps for recording the outcomes with PutEvents. The handler's deadline guard
    uses the same numbers, so a batch that is slower than this still records every outcome.

    :param delivery: the channel's delivery.
    :param max_concurrency: deliveries of one batch at once. Default: 50
    """
    rounds = math.ceil(_MAX_BATCH / max_concurrency)
    worst = SETUP_SECONDS + rounds * delivery._delivery_seconds() + RECORDING_RESERVE_SECONDS
    return math.ceil(worst)


def _too_slow(delivery: Delivery, concurrency: int, timeout: int, path: str) -> ConfigurationError:
    fits = [
        c
        for c in range(concurrency, _MAX_BATCH + 1)
        if function_timeout_seconds(delivery, max_concurrency=c) <= _MAX_LAMBDA_TIMEOUT_SECONDS
    ]
    remedy = f"use max_concurrency >= {fits[0]}" if fits else "no max_concurrency is enough"
    if delivery._timing():
        remedy += " or a shorter timeout or fewer max_attempts"
    values = {"max_concurrency": concurrency, **delivery._timing()}
    rounds = math.ceil(_MAX_BATCH / concurrency)
    return ConfigurationError(
        ", ".join(values),
        values,
        f"a batch of {_MAX_BATCH} endpoints could take {timeout} s ({rounds} rounds of up to "
        f"{delivery._delivery_seconds():g} s per {delivery.kind} delivery, plus loading the template and "
        f"recording the outcomes), more than Lambda's {_MAX_LAMBDA_TIMEOUT_SECONDS} s: {remedy}",
        path=path,
    )


def templates_wildcard_finding(stack: Stack) -> str:
    """The cdk-nag finding id for Get*Template on every template of ``stack``'s account and region."""
    region = "<AWS::Region>" if Token.is_unresolved(stack.region) else stack.region
    account = "<AWS::AccountId>" if Token.is_unresolved(stack.account) else stack.account
    return f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:mobiletargeting:{region}:{account}:templates/*]"
