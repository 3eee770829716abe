"""Webhook delivery against a real HTTP server on localhost, the 50-endpoint fault test and the
no-personal-data-in-logs test."""

from __future__ import annotations

import json
import logging
import threading

import pytest
from custom_channel.deadline import RECORDING_RESERVE_SECONDS, Deadline
from custom_channel.delivery import check_webhook_url
from custom_channel.handler import process

from cdk_pinpoint._shared.logs import structured
from cdk_pinpoint.rendering import Template, TemplateError
from tests.lambdas.custom_channel_events import (
    CAMPAIGN_ID,
    FakeContext,
    LocalWebhook,
    PinpointStub,
    attributes,
    counts,
    data,
    email_template_response,
    endpoint,
    invocation,
    webhook_runtime,
)


@pytest.fixture
def pinpoint():
    stub = PinpointStub()
    with stub.stubber:
        yield stub
        stub.stubber.assert_no_pending_responses()


def _one_endpoint_event():
    return invocation({"e-1": endpoint(1)}, data=data("welcome", "EMAIL"))


def _expect_batch(pinpoint, event):
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    pinpoint.expect_put_events(event)


def test_webhook_receives_the_signed_rendered_message_with_an_idempotency_key(pinpoint):
    event = _one_endpoint_event()
    _expect_batch(pinpoint, event)
    with LocalWebhook() as webhook:
        result = process(event, webhook_runtime(pinpoint, webhook.url))

    assert attributes(result)["e-1"] == {"status": "sent", "attempts": "1", "recorded": "true"}
    (request,) = webhook.requests
    assert request["signed"]
    body = request["body"]
    assert body["message"] == {
        "subject": "Hi Ana",
        "html": "<p>Your plan: gold</p>",
        "text": "Your plan: gold",
    }
    assert body["address"] == "user1@example.com"
    assert body["endpoint_id"] == "e-1"
    assert body["campaign_id"] == CAMPAIGN_ID
    assert body["template"] == {"name": "welcome", "type": "EMAIL", "version": "1"}
    assert body["idempotency_key"] == request["key"] and len(request["key"]) == 64
    assert pinpoint.events()["e-1"]["EventType"] == "custom_channel.sent"


def test_webhook_500_is_retried_with_the_same_idempotency_key_then_succeeds(pinpoint):
    event = _one_endpoint_event()
    _expect_batch(pinpoint, event)
    with LocalWebhook(respond=lambda attempt, body: (500, 0.0) if attempt == 1 else (200, 0.0)) as webhook:
        result = process(event, webhook_runtime(pinpoint, webhook.url))

    assert attributes(result)["e-1"]["status"] == "sent"
    assert attributes(result)["e-1"]["attempts"] == "2"
    assert webhook.requests[0]["key"] == webhook.requests[1]["key"]
    assert pinpoint.events()["e-1"]["Metrics"] == {"attempts": 2.0}


def test_webhook_that_never_answers_in_time_fails_with_timeout_after_every_attempt(pinpoint):
    event = _one_endpoint_event()
    _expect_batch(pinpoint, event)
    with LocalWebhook(respond=lambda attempt, body: (200, 0.5)) as webhook:
        result = process(event, webhook_runtime(pinpoint, webhook.url, timeout=0.1, max_attempts=2))

    assert attributes(result)["e-1"] == {
        "status": "failed",
        "attempts": "2",
        "reason": "timeout",
        "recorded": "true",
    }
    assert len(webhook.requests) == 2
    recorded = pinpoint.events()["e-1"]
    assert recorded["EventType"] == "custom_channel.failed"
    assert recorded["Attributes"]["reason"] == "timeout"


def test_webhook_retry_that_would_not_end_before_the_deadline_is_not_started(pinpoint):
    event = _one_endpoint_event()
    _expect_batch(pinpoint, event)
    context = FakeContext(RECORDING_RESERVE_SECONDS + 1000)

    def respond(attempt, body):
        context.remaining_seconds = RECORDING_RESERVE_SECONDS + 1.5  # less than one more 2 s attempt
        return 503, 0.0

    with LocalWebhook(respond=respond) as webhook:
        runtime = webhook_runtime(pinpoint, webhook.url, timeout=2.0, max_attempts=3)
        result = process(event, runtime, Deadline.of(context))

    assert attributes(result)["e-1"] == {
        "status": "failed",
        "attempts": "1",
        "reason": "deadline_exceeded",
        "recorded": "true",
    }
    assert len(webhook.requests) == 1
    assert pinpoint.events()["e-1"]["Attributes"]["reason"] == "deadline_exceeded"


def test_a_render_still_running_at_the_deadline_is_not_waited_for_and_the_others_are_recorded(pinpoint, monkeypatch):
    event = invocation({"e-1": endpoint(1), "e-2": endpoint(2)}, data=data("welcome", "EMAIL"))
    _expect_batch(pinpoint, event)
    release = threading.Event()
    real_render = Template.render

    def render(self, context):
        if context["Id"] == "e-1":
            release.wait(10)  # e.g. a number with 600,000 digits
        return real_render(self, context)

    monkeypatch.setattr(Template, "render", render)
    context = FakeContext(RECORDING_RESERVE_SECONDS + 1000)

    def half_a_second_left_once_the_template_is_loaded(**_):
        context.remaining_seconds = RECORDING_RESERVE_SECONDS + 0.5

    pinpoint.client.meta.events.register(
        "provide-client-params.pinpoint.GetEmailTemplate", half_a_second_left_once_the_template_is_loaded
    )
    try:
        with LocalWebhook() as webhook:
            runtime = webhook_runtime(pinpoint, webhook.url, timeout=0.1)
            result = process(event, runtime, Deadline.of(context))
    finally:
        release.set()

    assert {e: r.get("reason") for e, r in attributes(result).items()} == {
        "e-1": "deadline_exceeded_while_running",
        "e-2": None,
    }
    assert set(pinpoint.events()) == {"e-1", "e-2"}


def test_webhook_rejecting_the_signature_fails_without_a_retry(pinpoint):
    event = _one_endpoint_event()
    _expect_batch(pinpoint, event)
    with LocalWebhook(secret="the-receivers-secret") as webhook:
        result = process(event, webhook_runtime(pinpoint, webhook.url, secret="a-wrong-secret"))

    assert attributes(result)["e-1"]["reason"] == "http_401"
    assert attributes(result)["e-1"]["attempts"] == "1"
    assert [r["signed"] for r in webhook.requests] == [False]


def test_webhook_4xx_is_not_retried(pinpoint):
    event = _one_endpoint_event()
    _expect_batch(pinpoint, event)
    with LocalWebhook(respond=lambda attempt, body: (422, 0.0)) as webhook:
        result = process(event, webhook_runtime(pinpoint, webhook.url))

    assert (attributes(result)["e-1"]["reason"], len(webhook.requests)) == ("http_422", 1)


@pytest.mark.parametrize(
    "url", ["http://example.com/hook", "ftp://example.com/hook", "https://", "http://10.0.0.1/hook"]
)
def test_webhook_url_must_be_https_except_for_localhost(url):
    with pytest.raises(ValueError, match="must be https://"):
        check_webhook_url(url)


@pytest.mark.parametrize("url", ["https://hooks.example.com/x", "http://127.0.0.1:8080/x", "http://localhost/x"])
def test_webhook_url_accepts_https_and_local_http(url):
    check_webhook_url(url)


def test_fifty_endpoints_five_render_failures_five_delivery_failures_forty_sent_all_recorded(pinpoint, monkeypatch):
    endpoints = {f"e-{n:02d}": endpoint(n) for n in range(50)}
    cannot_render = {f"e-{n:02d}" for n in range(0, 50, 10)}  # e-00, e-10, ...
    cannot_deliver = {f"e-{n:02d}" for n in range(5, 50, 10)}  # e-05, e-15, ...
    real_render = Template.render

    def render(self, context):
        if context["Id"] in cannot_render:
            raise TemplateError("partials call each other too deeply")
        return real_render(self, context)

    monkeypatch.setattr(Template, "render", render)
    event = invocation(endpoints, data=data("welcome", "EMAIL"))
    _expect_batch(pinpoint, event)

    def respond(attempt, body):
        return (400, 0.0) if body["endpoint_id"] in cannot_deliver else (200, 0.0)

    with LocalWebhook(respond=respond) as webhook:
        result = process(event, webhook_runtime(pinpoint, webhook.url))

    assert counts(result) == (40, 10, 0)
    failed = {e: r["reason"] for e, r in attributes(result).items() if r["status"] == "failed"}
    assert failed == {**dict.fromkeys(cannot_render, "render_failed"), **dict.fromkeys(cannot_deliver, "http_400")}
    recorded = pinpoint.events()
    assert set(recorded) == set(endpoints)  # nothing lost
    assert {e for e, ev in recorded.items() if ev["EventType"] == "custom_channel.failed"} == set(failed)
    assert {r["body"]["endpoint_id"] for r in webhook.requests} == set(endpoints) - cannot_render
    assert len(pinpoint.put_events_requests) == 1  # one batched PutEvents call


def test_logs_and_result_contain_no_address_or_attribute_value(pinpoint, caplog):
    address = "mary.major.private@example.com"
    attribute = "PlanSecretValue-8731"
    good = endpoint(1, address=address)
    good["Attributes"] = {"Plan": [attribute]}
    unreachable = endpoint(2, address="+12065550199", first_name="Zelda-Unique")
    unreachable["Attributes"] = {"Plan": [attribute]}
    event = invocation({"e-1": good, "e-2": unreachable}, data=data("welcome", "EMAIL"))
    _expect_batch(pinpoint, event)

    def respond(attempt, body):
        return (200, 0.0) if body["endpoint_id"] == "e-1" else (503, 0.0)

    with caplog.at_level(logging.DEBUG), LocalWebhook(respond=respond) as webhook:
        result = process(event, webhook_runtime(pinpoint, webhook.url, max_attempts=2))

    assert webhook.requests[0]["body"]["message"]["text"] == f"Your plan: {attribute}"  # the data was used...
    # What Lambda writes (logging_format=JSON): each record's message and fields as one JSON object.
    lines = [json.dumps(structured(r), default=str) for r in caplog.records]
    logged = "\n".join(lines) + json.dumps(result)
    assert "batch processed" in logged
    assert any('"endpoints"' in line or '"sent"' in line for line in lines), lines  # the fields are in the lines
    for private in (address, attribute, "+12065550199", "Zelda-Unique", "Ana"):
        assert private not in logged  # ...and never logged
