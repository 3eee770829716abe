"""The three ways a rendered message leaves: an HTTPS webhook, SES SendEmail, or AWS End User
Messaging SMS SendTextMessage.

Every delivery either returns ``Delivered`` or raises ``DeliveryFailed`` with a short reason code.
Reasons are codes (``http_401``, ``timeout``, ``ses_MessageRejected``), never the provider's message:
those can quote the recipient's address. ``attempt_seconds`` is the longest one attempt can take; the
handler starts a delivery (and the webhook a retry) only while that still fits before the deadline.

Idempotency: the webhook sends an ``Idempotency-Key`` that is the same whenever Pinpoint asks again for
the same message to the same endpoint, so a receiver can drop repeats. SES SendEmail and End User
Messaging SendTextMessage have no idempotency key: if Pinpoint invokes the function again for a batch
it already sent, those messages are sent again. Pinpoint's documentation does not say when it does;
the handler gives it no reason to (it never raises, and the deadline guard returns before the Lambda
timeout), so a repeat can only follow an invocation that failed outside the handler.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import random
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError

from cdk_pinpoint._shared.custom_channel import SIGNATURE_HEADER, WEBHOOK_BACKOFF_SECONDS

from .deadline import AWS_CALL_SECONDS, DEADLINE_EXCEEDED, NO_DEADLINE, Deadline

IDEMPOTENCY_HEADER = "Idempotency-Key"
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
#: statuses worth another attempt: server errors, and 429 (the receiver asked us to slow down)
_RETRYABLE_STATUS = 500


@dataclass(frozen=True)
class Message:
    """The message Pinpoint asked for: the same for every endpoint of one invocation."""

    application_id: str | None = None
    campaign_id: str | None = None
    treatment_id: str | None = None
    journey_id: str | None = None
    activity_id: str | None = None
    scheduled_time: str | None = None

    @staticmethod
    def from_event(event: Mapping[str, Any]) -> Message:
        def text(*keys: str) -> str | None:
            for key in keys:
                value = event.get(key)
                if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                    return str(value)
            return None

        return Message(
            application_id=text("ApplicationId"),
            campaign_id=text("CampaignId"),
            treatment_id=text("TreatmentId"),
            journey_id=text("JourneyId"),
            activity_id=text("JourneyActivityId", "ActivityId"),
            scheduled_time=text("ScheduledTime"),
        )

    def idempotency_key(self, endpoint_id: str) -> str:
        """The same for a redelivery of this message to this endpoint, different for anything else."""
        parts = (
            self.application_id,
            self.campaign_id,
            self.treatment_id,
            self.journey_id,
            self.activity_id,
            self.scheduled_time,
            endpoint_id,
        )
        return hashlib.sha256("\x1f".join(p or "" for p in parts).encode()).hexdigest()

    def ids(self) -> dict[str, str]:
        """The campaign or journey ids that are present, snake_case (event attributes, webhook body)."""
        named = {
            "application_id": self.application_id,
            "campaign_id": self.campaign_id,
            "treatment_id": self.treatment_id,
            "journey_id": self.journey_id,
            "activity_id": self.activity_id,
            "scheduled_time": self.scheduled_time,
        }
        return {k: v for k, v in named.items() if v is not None}


@dataclass(frozen=True)
class Delivered:
    attempts: int = 1
    provider_message_id: str | None = None


class DeliveryFailed(Exception):
    def __init__(self, reason: str, attempts: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts


def _error_code(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", "ClientError"))
    return type(exc).__name__


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected POST would be replayed as a GET without the body (and to a host we did not sign for).
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


def check_webhook_url(url: str) -> None:
    """https only; plain http only to this machine (tests and local development)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS:
        return
    raise ValueError("the webhook URL must be https:// (http:// only for localhost)")


class SecretCache:
    """The webhook signing key from Secrets Manager, re-read every ``ttl`` seconds (rotation)."""

    def __init__(self, client: Any, secret_arn: str, *, ttl: float = 300.0) -> None:
        self._client = client
        self._secret_arn = secret_arn
        self._ttl = ttl
        self._value: bytes | None = None
        self._expires = 0.0

    def get(self) -> bytes:
        now = time.monotonic()
        if self._value is None or now >= self._expires:
            try:
                response = self._client.get_secret_value(SecretId=self._secret_arn)
            except (ClientError, BotoCoreError) as exc:
                raise DeliveryFailed(f"signing_secret_{_error_code(exc)}") from None
            secret = response.get("SecretString")
            if not secret:
                raise DeliveryFailed("signing_secret_empty")
            self._value, self._expires = secret.encode(), now + self._ttl
        return self._value


class WebhookDelivery:
    """JSON POST, signed with HMAC-SHA256, retried with jittered exponential backoff on 5xx, 429,
    timeouts and connection errors; never on other 4xx (the receiver rejected the request)."""

    kind = "webhook"
    template_kinds = ("EMAIL", "SMS", "PUSH")
    channel_types: tuple[str, ...] | None = None  # any endpoint

    def __init__(
        self,
        url: str,
        *,
        secret: SecretCache,
        timeout: float = 5.0,
        max_attempts: int = 3,
        backoff: float = WEBHOOK_BACKOFF_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        check_webhook_url(url)
        self.url = url
        self._secret = secret
        self._timeout = timeout
        self._max_attempts = max(1, max_attempts)
        self._backoff = backoff
        self._sleep = sleep
        self._opener = urllib.request.build_opener(_NoRedirects)
        self._key = b""

    @property
    def attempt_seconds(self) -> float:
        return self._timeout

    def prepare(self) -> None:
        """Read the signing key once per invocation, before the deliveries fan out."""
        self._key = self._secret.get()

    def body(
        self,
        endpoint_id: str,
        endpoint: Mapping[str, Any],
        rendered: Mapping[str, str],
        template: Any,
        message: Message,
    ) -> bytes:
        document = {
            "endpoint_id": endpoint_id,
            "idempotency_key": message.idempotency_key(endpoint_id),
            "address": endpoint.get("Address"),
            "channel_type": endpoint.get("ChannelType"),
            "template": {"name": template.name, "type": template.kind, "version": template.version},
            "message": dict(rendered),
            **message.ids(),
        }
        return json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()

    def deliver(
        self,
        endpoint_id: str,
        endpoint: Mapping[str, Any],
        rendered: Mapping[str, str],
        template: Any,
        message: Message,
        deadline: Deadline = NO_DEADLINE,
    ) -> Delivered:
        body = self.body(endpoint_id, endpoint, rendered, template, message)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "cdk-pinpoint-custom-channel",
            IDEMPOTENCY_HEADER: message.idempotency_key(endpoint_id),
            SIGNATURE_HEADER: "sha256=" + hmac.new(self._key, body, hashlib.sha256).hexdigest(),
        }
        reason = "not_attempted"
        for attempt in range(1, self._max_attempts + 1):
            request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with self._opener.open(request, timeout=self._timeout) as response:
                    response.read()
                return Delivered(attempts=attempt)
            except urllib.error.HTTPError as exc:
                exc.close()
                reason = f"http_{exc.code}"
                if exc.code < _RETRYABLE_STATUS and exc.code != 429:
                    raise DeliveryFailed(reason, attempt) from None
            except urllib.error.URLError as exc:
                reason = "timeout" if isinstance(exc.reason, TimeoutError) else "connection_error"
            except TimeoutError:
                reason = "timeout"
            except (http.client.HTTPException, OSError):
                reason = "connection_error"
            if attempt < self._max_attempts:
                pause = self._backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.0)
                if not deadline.allows(pause + self._timeout):
                    raise DeliveryFailed(DEADLINE_EXCEEDED, attempt)
                self._sleep(pause)
        raise DeliveryFailed(reason, self._max_attempts)


class SesDelivery:
    """SES (v2) SendEmail with the rendered subject, HTML and text of an EMAIL template."""

    kind = "ses"
    template_kinds = ("EMAIL",)
    channel_types: tuple[str, ...] | None = ("EMAIL",)
    attempt_seconds = AWS_CALL_SECONDS  # one call; botocore retries inside it

    def __init__(self, sesv2: Any, *, from_address: str, configuration_set: str | None = None) -> None:
        self._sesv2 = sesv2
        self._from_address = from_address
        self._configuration_set = configuration_set

    def prepare(self) -> None:
        pass

    def deliver(
        self,
        endpoint_id: str,
        endpoint: Mapping[str, Any],
        rendered: Mapping[str, str],
        template: Any,
        message: Message,
        deadline: Deadline = NO_DEADLINE,
    ) -> Delivered:
        if not rendered.get("subject"):
            raise DeliveryFailed("rendered_subject_empty")
        body = {
            name: {"Data": rendered[part], "Charset": "UTF-8"}
            for name, part in (("Html", "html"), ("Text", "text"))
            if rendered.get(part)
        }
        if not body:
            raise DeliveryFailed("rendered_body_empty")
        request: dict[str, Any] = {
            "FromEmailAddress": self._from_address,
            "Destination": {"ToAddresses": [endpoint["Address"]]},
            "Content": {"Simple": {"Subject": {"Data": rendered["subject"], "Charset": "UTF-8"}, "Body": body}},
        }
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        try:
            response = self._sesv2.send_email(**request)
        except (ClientError, BotoCoreError) as exc:
            raise DeliveryFailed(f"ses_{_error_code(exc)}") from None
        return Delivered(provider_message_id=response.get("MessageId"))


class SmsDelivery:
    """AWS End User Messaging SMS SendTextMessage with the rendered body of an SMS template."""

    kind = "sms"
    template_kinds = ("SMS",)
    channel_types: tuple[str, ...] | None = ("SMS",)
    attempt_seconds = AWS_CALL_SECONDS  # one call; botocore retries inside it

    def __init__(
        self,
        sms: Any,
        *,
        origination_identity: str,
        configuration_set: str | None = None,
        message_type: str | None = None,
    ) -> None:
        self._sms = sms
        self._origination_identity = origination_identity
        self._configuration_set = configuration_set
        self._message_type = message_type

    def prepare(self) -> None:
        pass

    def deliver(
        self,
        endpoint_id: str,
        endpoint: Mapping[str, Any],
        rendered: Mapping[str, str],
        template: Any,
        message: Message,
        deadline: Deadline = NO_DEADLINE,
    ) -> Delivered:
        if not rendered.get("body"):
            raise DeliveryFailed("rendered_body_empty")
        request: dict[str, Any] = {
            "DestinationPhoneNumber": endpoint["Address"],
            "OriginationIdentity": self._origination_identity,
            "MessageBody": rendered["body"],
        }
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        if self._message_type:
            request["MessageType"] = self._message_type
        try:
            response = self._sms.send_text_message(**request)
        except (ClientError, BotoCoreError) as exc:
            raise DeliveryFailed(f"sms_{_error_code(exc)}") from None
        return Delivered(provider_message_id=response.get("MessageId"))


Delivery = WebhookDelivery | SesDelivery | SmsDelivery
