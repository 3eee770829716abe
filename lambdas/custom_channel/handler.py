"""Pinpoint's custom channel: render a message template for each endpoint and deliver it.

Pinpoint invokes the function with up to 50 endpoints (``Endpoints``: endpoint id -> endpoint), the
campaign ids (``CampaignId``, ``TreatmentId``, ``ActivityId``) or journey ids (``JourneyId``,
``JourneyActivityId``), and the message configuration's ``Data`` string.

Which template: ``Data`` is a JSON object ``{"template": "<name>", "type": "EMAIL"|"SMS"|"PUSH",
"version": "<n>"}`` (``type`` defaults to what the delivery sends: EMAIL for SES, SMS for SMS;
``version`` defaults to the active version). ``CustomChannel.message_data(template)`` writes it.
Without a template in ``Data``, the construct's ``default_template`` is used.

What each endpoint sees: the endpoint as Pinpoint sends it (``Address``, ``ChannelType``,
``Attributes``, ``Metrics``, ``User.UserAttributes``, ``Location``, ``Demographic``...) plus ``Id``,
its endpoint id, which is what Pinpoint's message variables read.

Nothing one endpoint does fails another: a malformed endpoint, a render error or a failed delivery
becomes that endpoint's ``failed`` outcome. Every outcome is recorded with PutEvents; if recording
fails, the log and the return value say which endpoints were not recorded. The handler does not
raise for any of these (a raise would make Pinpoint retry and re-send the delivered messages).

Time: the function never runs into its Lambda timeout (which would lose every outcome and invite a
retry). Before loading the template, before each delivery and before each webhook retry it checks
the invocation's remaining time (``deadline.py``); what no longer fits before the time reserved for
recording fails with ``deadline_exceeded`` and is recorded like any other failure.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import boto3

from cdk_pinpoint._shared.custom_channel import UnusableMessageData, named_template

from .deadline import (
    DEADLINE_EXCEEDED,
    NO_DEADLINE,
    SETUP_SECONDS,
    STILL_RUNNING_AT_DEADLINE,
    Deadline,
    aws_config,
)
from .delivery import (
    Delivery,
    DeliveryFailed,
    Message,
    SecretCache,
    SesDelivery,
    SmsDelivery,
    WebhookDelivery,
)
from .log import log
from .outcomes import Outcome, record_outcomes
from .templates import LoadedTemplate, TemplateRef, TemplateStore, TemplateUnavailable

DEFAULT_MAX_CONCURRENCY = 50


class BadMessage(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Runtime:
    """What lives across invocations of a warm container: settings, clients, caches."""

    project_id: str
    delivery: Delivery
    templates: TemplateStore
    pinpoint: Any
    default_template: TemplateRef | None = None
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY


_RUNTIME: Runtime | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _RUNTIME
    if _RUNTIME is None:
        _RUNTIME = runtime_from_environment(os.environ)
    return process(event, _RUNTIME, Deadline.of(context))


def runtime_from_environment(environ: Mapping[str, str]) -> Runtime:
    """The runtime the construct configured (environment variables set at synth)."""
    max_concurrency = int(environ.get("MAX_CONCURRENCY", DEFAULT_MAX_CONCURRENCY))
    config = aws_config(max_pool_connections=max_concurrency)
    settings = json.loads(environ["DELIVERY"])
    kind = settings["type"]
    delivery: Delivery
    if kind == "webhook":
        secret = SecretCache(boto3.client("secretsmanager", config=config), settings["secret_arn"])
        delivery = WebhookDelivery(
            settings["url"],
            secret=secret,
            timeout=float(settings["timeout_seconds"]),
            max_attempts=int(settings["max_attempts"]),
        )
    elif kind == "ses":
        delivery = SesDelivery(
            boto3.client("sesv2", config=config),
            from_address=settings["from_address"],
            configuration_set=settings.get("configuration_set"),
        )
    else:
        delivery = SmsDelivery(
            boto3.client("pinpoint-sms-voice-v2", config=config),
            origination_identity=settings["origination_identity"],
            configuration_set=settings.get("configuration_set"),
            message_type=settings.get("message_type"),
        )
    pinpoint = boto3.client("pinpoint", config=config)
    default = json.loads(environ["DEFAULT_TEMPLATE"]) if environ.get("DEFAULT_TEMPLATE") else None
    return Runtime(
        project_id=environ["PROJECT_ID"],
        delivery=delivery,
        templates=TemplateStore(pinpoint),
        pinpoint=pinpoint,
        default_template=TemplateRef(default["name"], default["type"]) if default else None,
        max_concurrency=max_concurrency,
    )


def template_ref(data: Any, runtime: Runtime) -> TemplateRef:
    """The template named in the message configuration's ``Data``, or the default template."""
    try:
        named = named_template(
            data, kinds=runtime.delivery.template_kinds, has_default=runtime.default_template is not None
        )
    except UnusableMessageData as err:
        raise BadMessage(err.reason) from None
    if named is None:
        assert runtime.default_template is not None  # named_template returns None only then
        return runtime.default_template
    return TemplateRef(*named)


def endpoint_context(endpoint_id: str, endpoint: Mapping[str, Any]) -> dict[str, Any]:
    """The message context Pinpoint renders against: the endpoint, with its id as ``Id``."""
    context = dict(endpoint)
    context.setdefault("Id", endpoint_id)
    return context


def send_one(
    endpoint_id: str,
    endpoint: Any,
    template: LoadedTemplate,
    message: Message,
    delivery: Delivery,
    deadline: Deadline = NO_DEADLINE,
) -> Outcome:
    """One endpoint, start to finish. Never raises: every problem becomes a failed outcome."""
    try:
        if not isinstance(endpoint, dict):
            return Outcome("failed", "endpoint_malformed")
        address = endpoint.get("Address")
        if not isinstance(address, str) or not address.strip():
            return Outcome("failed", "endpoint_without_address")
        if endpoint.get("OptOut") == "ALL":
            return Outcome("failed", "endpoint_opted_out")
        if delivery.channel_types is not None and endpoint.get("ChannelType") not in delivery.channel_types:
            return Outcome("failed", f"channel_type_not_deliverable_by_{delivery.kind}")
        if not deadline.allows(delivery.attempt_seconds):
            return Outcome("failed", DEADLINE_EXCEEDED)
        try:
            rendered = template.render(endpoint_context(endpoint_id, endpoint))
        except Exception:  # the engine raises only TemplateError, but no endpoint may break the batch
            return Outcome("failed", "render_failed")
        delivered = delivery.deliver(endpoint_id, endpoint, rendered, template, message, deadline=deadline)
        return Outcome("sent", attempts=delivered.attempts)
    except DeliveryFailed as exc:
        return Outcome("failed", exc.reason, attempts=exc.attempts)
    except Exception as exc:  # a bug must cost one endpoint, not the batch
        return Outcome("failed", f"internal_{type(exc).__name__}")


def process(event: Mapping[str, Any], runtime: Runtime, deadline: Deadline = NO_DEADLINE) -> dict[str, Any]:
    """Render and deliver one batch within ``deadline``; record every endpoint's outcome and return it in
    Pinpoint's response format (see ``_response``); the counts and the duration go to the log."""
    started = time.monotonic()
    message = Message.from_event(event)
    endpoints = event.get("Endpoints")
    if not isinstance(endpoints, dict):
        log(logging.ERROR, "event without an Endpoints map", **message.ids())
        return {}
    if message.application_id not in (None, runtime.project_id):
        # Recording events for another project's endpoints would create them in this project.
        outcomes = {endpoint_id: Outcome("failed", "other_project") for endpoint_id in endpoints}
        unrecorded = {endpoint_id: "other_project" for endpoint_id in endpoints}
        log(logging.ERROR, "batch for another project", endpoints=len(endpoints), **message.ids())
        return _response(outcomes, unrecorded)

    attributes = {"delivery": runtime.delivery.kind, **message.ids()}
    try:
        if not deadline.allows(SETUP_SECONDS):
            raise BadMessage(DEADLINE_EXCEEDED)
        ref = template_ref(event.get("Data"), runtime)
        attributes["template"] = ref.name
        template = runtime.templates.get(ref)
        attributes["template_version"] = template.version
        if template.kind not in runtime.delivery.template_kinds:
            raise BadMessage(f"template_type_not_deliverable_by_{runtime.delivery.kind}")
        runtime.delivery.prepare()
    except (BadMessage, TemplateUnavailable, DeliveryFailed) as exc:
        log(logging.ERROR, "batch cannot be sent", reason=exc.reason, endpoints=len(endpoints), **message.ids())
        outcomes = {endpoint_id: Outcome("failed", exc.reason) for endpoint_id in endpoints}
    except Exception as exc:  # a bug must not lose the batch's outcomes either
        reason = f"internal_{type(exc).__name__}"
        log(logging.ERROR, "batch cannot be sent", reason=reason, endpoints=len(endpoints), **message.ids())
        outcomes = {endpoint_id: Outcome("failed", reason) for endpoint_id in endpoints}
    else:
        outcomes = _send_all(endpoints, template, message, runtime, deadline)

    unrecorded = record_outcomes(runtime.pinpoint, runtime.project_id, message, outcomes, attributes)
    sent = sum(1 for outcome in outcomes.values() if outcome.sent)
    log(
        logging.ERROR if unrecorded else logging.INFO,
        "batch processed",
        endpoints=len(outcomes),
        sent=sent,
        failed=len(outcomes) - sent,
        unrecorded=len(unrecorded),
        failures=sorted((e, o.reason) for e, o in outcomes.items() if not o.sent),
        recording_errors=sorted(set(unrecorded.values())),
        duration_ms=round((time.monotonic() - started) * 1000, 1),
        **attributes,
    )
    return _response(outcomes, unrecorded)


def _send_all(
    endpoints: Mapping[str, Any], template: LoadedTemplate, message: Message, runtime: Runtime, deadline: Deadline
) -> dict[str, Outcome]:
    if not endpoints:
        return {}
    workers = max(1, min(runtime.max_concurrency, len(endpoints)))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deliver")
    futures = {
        endpoint_id: pool.submit(send_one, endpoint_id, endpoint, template, message, runtime.delivery, deadline)
        for endpoint_id, endpoint in endpoints.items()
    }
    # Every delivery guards its own attempts; this wait bounds what cannot (a render that takes seconds).
    wait(futures.values(), timeout=deadline.seconds_left())
    outcomes = {}
    for endpoint_id, future in futures.items():
        if future.cancel():
            outcomes[endpoint_id] = Outcome("failed", DEADLINE_EXCEEDED)
        elif future.done():
            outcomes[endpoint_id] = future.result()
        else:
            outcomes[endpoint_id] = Outcome("failed", STILL_RUNNING_AT_DEADLINE)
    running = sum(1 for o in outcomes.values() if o.reason == STILL_RUNNING_AT_DEADLINE)
    if running:
        log(logging.ERROR, "deliveries still running at the deadline are not waited for", endpoints=running)
    pool.shutdown(wait=not running, cancel_futures=True)
    return outcomes


def _response(outcomes: Mapping[str, Outcome], unrecorded: Mapping[str, str]) -> dict[str, Any]:
    """Pinpoint's Lambda response format for custom channels: ``{endpoint id: {"EventAttributes": {...}}}``.

    A journey's yes/no or multivariate split after the custom activity can branch on these attributes
    (all strings): ``status`` (sent or failed), ``reason`` (failed only), ``attempts``, ``recorded``
    (true or false) and ``recording_error`` (when the PutEvents record failed).
    """
    response = {}
    for endpoint_id, outcome in outcomes.items():
        attributes = {"status": outcome.status, "attempts": str(outcome.attempts)}
        if outcome.reason:
            attributes["reason"] = outcome.reason
        attributes["recorded"] = "false" if endpoint_id in unrecorded else "true"
        if endpoint_id in unrecorded:
            attributes["recording_error"] = unrecorded[endpoint_id]
        response[endpoint_id] = {"EventAttributes": attributes}
    return response
