"""Custom-channel invocations in the documented shape, Stubber helpers and a real local webhook.

The event follows the Amazon Pinpoint developer guide ("Create a custom channel"): ``Message``,
``Data`` (the CustomMessage Data string), ``ApplicationId``, ``CampaignId``, ``TreatmentId``,
``ActivityId``, ``ScheduledTime`` and ``Endpoints`` (endpoint id -> endpoint, at most 50).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
from botocore.stub import ANY, Stubber
from custom_channel.delivery import SIGNATURE_HEADER, Message, SecretCache, WebhookDelivery
from custom_channel.handler import Runtime
from custom_channel.templates import TemplateStore

PROJECT_ID = "3a9b1f4e6c764ba7b031e7183example"
CAMPAIGN_ID = "13978104ce5b42598bcd2fafaexample"
SECRET = "s3cr3t-signing-key"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook-AbCdEf"


def endpoint(n: int, *, channel: str = "EMAIL", address: str | None = None, first_name: str = "Ana") -> dict[str, Any]:
    return {
        "ChannelType": channel,
        "Address": address or (f"user{n}@example.com" if channel == "EMAIL" else f"+1206555{n:04d}"),
        "EndpointStatus": "ACTIVE",
        "OptOut": "NONE",
        "Location": {"Country": "US", "City": "Seattle"},
        "Demographic": {"Platform": "ios", "Timezone": "America/Los_Angeles"},
        "EffectiveDate": "2026-04-19T00:33:24.609Z",
        "Attributes": {"Plan": ["gold"]},
        "Metrics": {"Orders": 3.0},
        "User": {"UserId": f"user-{n}", "UserAttributes": {"FirstName": [first_name]}},
        "CreationDate": "2026-01-01T00:00:00.000Z",
    }


def invocation(endpoints: dict[str, Any], *, data: Any = None, application_id: str = PROJECT_ID) -> dict[str, Any]:
    return {
        "Message": {},
        "Data": data,
        "ApplicationId": application_id,
        "CampaignId": CAMPAIGN_ID,
        "TreatmentId": "0",
        "ActivityId": "575cb1929d5ba43e87e2478eeexample",
        "ScheduledTime": "2026-04-19T00:33:24.609Z",
        "Endpoints": endpoints,
    }


def data(template: str, kind: str | None = None, version: str | None = None) -> str:
    document: dict[str, Any] = {"template": template}
    if kind:
        document["type"] = kind
    if version:
        document["version"] = version
    return json.dumps(document)


def email_template_response(version: str = "1", subject: str = "Hi {{User.UserAttributes.FirstName}}") -> dict:
    return {
        "EmailTemplateResponse": {
            "TemplateName": "welcome",
            "TemplateType": "EMAIL",
            "Version": version,
            "Subject": subject,
            "HtmlPart": "<p>Your plan: {{Attributes.Plan}}</p>",
            "TextPart": "Your plan: {{Attributes.Plan}}",
            "DefaultSubstitutions": json.dumps({"User": {"UserAttributes": {"FirstName": "there"}}}),
            "CreationDate": "2026-01-01T00:00:00Z",
            "LastModifiedDate": "2026-01-01T00:00:00Z",
        }
    }


def sms_template_response(version: str = "1") -> dict:
    return {
        "SMSTemplateResponse": {
            "TemplateName": "code",
            "TemplateType": "SMS",
            "Version": version,
            "Body": "Hi {{User.UserAttributes.FirstName}}, plan {{Attributes.Plan}}",
            "CreationDate": "2026-01-01T00:00:00Z",
            "LastModifiedDate": "2026-01-01T00:00:00Z",
        }
    }


def put_events_response(event: dict[str, Any], status: int = 202) -> dict[str, Any]:
    """An accepted (or ``status``) PutEvents answer for every endpoint of ``event``."""
    message = Message.from_event(event)
    return {
        "EventsResponse": {
            "Results": {
                endpoint_id: {
                    "EndpointItemResponse": {"StatusCode": 202, "Message": "Accepted"},
                    "EventsItemResponse": {
                        message.idempotency_key(endpoint_id): {"StatusCode": status, "Message": "Accepted"}
                    },
                }
                for endpoint_id in event["Endpoints"]
            }
        }
    }


class PinpointStub:
    """A real ``pinpoint`` client behind a Stubber that also keeps every PutEvents request."""

    def __init__(self) -> None:
        self.client = boto3.client("pinpoint", region_name="us-east-1")
        self.stubber = Stubber(self.client)
        self.put_events_requests: list[dict[str, Any]] = []
        self.client.meta.events.register("provide-client-params.pinpoint.PutEvents", self._keep)

    def _keep(self, params: dict[str, Any], **_: Any) -> None:
        self.put_events_requests.append(json.loads(json.dumps(params)))

    def expect_template(self, kind: str, response: dict[str, Any], name: str, version: str | None = None) -> None:
        request = {"TemplateName": name, **({"Version": version} if version else {})}
        self.stubber.add_response(f"get_{kind.lower()}_template", response, request)

    def expect_put_events(self, event: dict[str, Any], status: int = 202) -> None:
        self.stubber.add_response(
            "put_events", put_events_response(event, status), {"ApplicationId": PROJECT_ID, "EventsRequest": ANY}
        )

    def events(self) -> dict[str, dict[str, Any]]:
        """endpoint id -> the one event recorded for it, over every PutEvents request."""
        found = {}
        for request in self.put_events_requests:
            for endpoint_id, item in request["EventsRequest"]["BatchItem"].items():
                (event,) = item["Events"].values()
                found[endpoint_id] = event
        return found


def attributes(result: dict[str, Any]) -> dict[str, dict[str, str]]:
    """endpoint id -> the EventAttributes the handler returned for it (Pinpoint's response format)."""
    return {endpoint_id: item["EventAttributes"] for endpoint_id, item in result.items()}


def counts(result: dict[str, Any]) -> tuple[int, int, int]:
    """(sent, failed, unrecorded) in a handler result."""
    outcomes = attributes(result).values()
    sent = sum(1 for a in outcomes if a["status"] == "sent")
    return sent, len(outcomes) - sent, sum(1 for a in outcomes if a["recorded"] == "false")


class FakeContext:
    """A Lambda context whose remaining time the test sets, and may shrink while the batch runs."""

    def __init__(self, remaining_seconds: float) -> None:
        self.remaining_seconds = remaining_seconds

    def get_remaining_time_in_millis(self) -> int:
        return int(self.remaining_seconds * 1000)


def secrets_client(secret: str = SECRET) -> tuple[Any, Stubber]:
    client = boto3.client("secretsmanager", region_name="us-east-1")
    stubber = Stubber(client)
    stubber.add_response(
        "get_secret_value",
        {"ARN": SECRET_ARN, "Name": "webhook", "SecretString": secret},
        {"SecretId": SECRET_ARN},
    )
    stubber.activate()
    return client, stubber


def webhook_runtime(pinpoint: PinpointStub, url: str, *, secret: str = SECRET, **options: Any) -> Runtime:
    client, _ = secrets_client(secret)
    delivery = WebhookDelivery(
        url,
        secret=SecretCache(client, SECRET_ARN),
        timeout=options.pop("timeout", 2.0),
        max_attempts=options.pop("max_attempts", 3),
        backoff=options.pop("backoff", 0.01),
    )
    return Runtime(
        project_id=PROJECT_ID,
        delivery=delivery,
        templates=TemplateStore(pinpoint.client),
        pinpoint=pinpoint.client,
        **options,
    )


class LocalWebhook:
    """A real HTTP server on 127.0.0.1 that checks the HMAC signature like a receiver would.

    ``respond(request_number_for_this_key, body) -> (status, delay_seconds)`` decides each answer.
    """

    def __init__(self, *, secret: str = SECRET, respond: Callable[[int, dict], tuple[int, float]] | None = None):
        self.secret = secret.encode()
        self.respond = respond or (lambda attempt, body: (200, 0.0))
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(webhook.secret, raw, hashlib.sha256).hexdigest()
                signed = hmac.compare_digest(expected, self.headers.get(SIGNATURE_HEADER, ""))
                body = json.loads(raw)
                with webhook._lock:
                    attempt = 1 + sum(1 for r in webhook.requests if r["key"] == self.headers["Idempotency-Key"])
                    webhook.requests.append({"key": self.headers["Idempotency-Key"], "body": body, "signed": signed})
                status, delay = webhook.respond(attempt, body) if signed else (401, 0.0)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:  # the client gave up waiting
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/deliver"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> LocalWebhook:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
