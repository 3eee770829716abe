"""The CustomChannel handler on real botocore clients (Stubber): templates, SES, SMS, PutEvents."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.stub import Stubber
from custom_channel import handler as handler_module
from custom_channel.deadline import AWS_CALL_SECONDS, RECORDING_RESERVE_SECONDS, SETUP_SECONDS, Deadline
from custom_channel.delivery import SesDelivery, SmsDelivery
from custom_channel.handler import Runtime, process, runtime_from_environment
from custom_channel.templates import ACTIVE_VERSION_TTL, TemplateRef, TemplateStore

from cdk_pinpoint._shared.logs import structured
from tests.lambdas.custom_channel_events import (
    PROJECT_ID,
    FakeContext,
    PinpointStub,
    attributes,
    counts,
    data,
    email_template_response,
    endpoint,
    invocation,
    sms_template_response,
)

FROM = "news@example.com"
ORIGINATION = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-abc"


@pytest.fixture
def pinpoint():
    stub = PinpointStub()
    with stub.stubber:
        yield stub
        stub.stubber.assert_no_pending_responses()


@pytest.fixture
def ses():
    client = boto3.client("sesv2", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def sms():
    client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _ses_runtime(pinpoint, ses_client, **options):
    return Runtime(
        project_id=PROJECT_ID,
        delivery=SesDelivery(ses_client, from_address=FROM, configuration_set="tracking"),
        templates=options.pop("templates", None) or TemplateStore(pinpoint.client),
        pinpoint=pinpoint.client,
        max_concurrency=1,  # Stubber answers in order: keep the SES calls in endpoint order
        **options,
    )


def _expect_email(stubber, address, subject, text, message_id="m-1"):
    stubber.add_response(
        "send_email",
        {"MessageId": message_id},
        {
            "FromEmailAddress": FROM,
            "Destination": {"ToAddresses": [address]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": subject, "Charset": "UTF-8"},
                    "Body": {
                        "Html": {"Data": f"<p>{text}</p>", "Charset": "UTF-8"},
                        "Text": {"Data": text, "Charset": "UTF-8"},
                    },
                }
            },
            "ConfigurationSetName": "tracking",
        },
    )


def test_email_template_is_rendered_per_endpoint_and_sent_with_ses(pinpoint, ses):
    ses_client, ses_stubber = ses
    second = endpoint(2)
    del second["User"]  # no first name: the template's default substitution fills it
    event = invocation({"e-1": endpoint(1), "e-2": second}, data=data("welcome"))
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    _expect_email(ses_stubber, "user1@example.com", "Hi Ana", "Your plan: gold")
    _expect_email(ses_stubber, "user2@example.com", "Hi there", "Your plan: gold", message_id="m-2")
    pinpoint.expect_put_events(event)

    result = process(event, _ses_runtime(pinpoint, ses_client))

    assert counts(result) == (2, 0, 0)
    recorded = pinpoint.events()["e-1"]
    assert recorded["EventType"] == "custom_channel.sent"
    assert recorded["Attributes"] == {
        "delivery": "ses",
        "application_id": PROJECT_ID,
        "campaign_id": event["CampaignId"],
        "treatment_id": "0",
        "activity_id": event["ActivityId"],
        "scheduled_time": event["ScheduledTime"],
        "template": "welcome",
        "template_version": "1",
    }


def test_sms_template_is_sent_with_send_text_message(pinpoint, sms):
    sms_client, sms_stubber = sms
    event = invocation({"e-1": endpoint(1, channel="SMS")}, data=data("code"))
    pinpoint.expect_template("SMS", sms_template_response(), "code")
    sms_stubber.add_response(
        "send_text_message",
        {"MessageId": "sms-1"},
        {
            "DestinationPhoneNumber": "+12065550001",
            "OriginationIdentity": ORIGINATION,
            "MessageBody": "Hi Ana, plan gold",
            "MessageType": "TRANSACTIONAL",
        },
    )
    pinpoint.expect_put_events(event)
    runtime = Runtime(
        project_id=PROJECT_ID,
        delivery=SmsDelivery(sms_client, origination_identity=ORIGINATION, message_type="TRANSACTIONAL"),
        templates=TemplateStore(pinpoint.client),
        pinpoint=pinpoint.client,
    )

    result = process(event, runtime)

    assert attributes(result)["e-1"] == {"status": "sent", "attempts": "1", "recorded": "true"}


def test_active_template_is_fetched_and_compiled_once_across_invocations(pinpoint, ses):
    ses_client, ses_stubber = ses
    store = TemplateStore(pinpoint.client)
    runtime = _ses_runtime(pinpoint, ses_client, templates=store)
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    for n in (1, 2):
        event = invocation({f"e-{n}": endpoint(n)}, data=data("welcome"))
        _expect_email(ses_stubber, f"user{n}@example.com", "Hi Ana", "Your plan: gold")
        pinpoint.expect_put_events(event)
        assert counts(process(event, runtime))[0] == 1
    assert store.fetches == 1


def test_active_version_is_looked_up_again_after_its_ttl_and_new_versions_compile(pinpoint):
    now = [0.0]
    store = TemplateStore(pinpoint.client, clock=lambda: now[0])
    pinpoint.expect_template("EMAIL", email_template_response("1"), "welcome")
    pinpoint.expect_template("EMAIL", email_template_response("2", subject="New {{Id}}"), "welcome")
    first = store.get(TemplateRef("welcome", "EMAIL"))
    assert store.get(TemplateRef("welcome", "EMAIL")) is first
    now[0] = ACTIVE_VERSION_TTL + 1
    second = store.get(TemplateRef("welcome", "EMAIL"))
    assert (first.version, second.version) == ("1", "2")
    assert second.render({"Id": "e-9"})["subject"] == "New e-9"


def test_a_named_version_is_requested_once_and_kept(pinpoint):
    store = TemplateStore(pinpoint.client)
    pinpoint.expect_template("EMAIL", email_template_response("7"), "welcome", version="7")
    first = store.get(TemplateRef("welcome", "EMAIL", "7"))
    assert store.get(TemplateRef("welcome", "EMAIL", "7")) is first
    assert store.fetches == 1


def test_missing_template_fails_every_endpoint_and_records_it(pinpoint, ses):
    ses_client, _ = ses
    event = invocation({"e-1": endpoint(1), "e-2": endpoint(2)}, data=data("nope"))
    pinpoint.stubber.add_client_error(
        "get_email_template", "NotFoundException", http_status_code=404, expected_params={"TemplateName": "nope"}
    )
    pinpoint.expect_put_events(event)

    result = process(event, _ses_runtime(pinpoint, ses_client))

    assert {r["reason"] for r in attributes(result).values()} == {"template_not_found"}
    assert {e["Attributes"]["reason"] for e in pinpoint.events().values()} == {"template_not_found"}


def test_template_that_does_not_compile_fails_the_batch_with_template_invalid(pinpoint, ses):
    ses_client, _ = ses
    event = invocation({"e-1": endpoint(1)}, data=data("welcome"))
    pinpoint.expect_template("EMAIL", email_template_response(subject="{{#if}}"), "welcome")
    pinpoint.expect_put_events(event)

    assert attributes(process(event, _ses_runtime(pinpoint, ses_client)))["e-1"]["reason"] == "template_invalid"


def test_template_nested_too_deeply_for_the_engine_fails_the_batch_without_raising(pinpoint, ses):
    ses_client, _ = ses
    event = invocation({"e-1": endpoint(1)}, data=data("welcome"))
    deep = "{{#if x}}" * 200 + "x" + "{{/if}}" * 200  # RecursionError inside the engine's compiler
    pinpoint.expect_template("EMAIL", email_template_response(subject=deep), "welcome")
    pinpoint.expect_put_events(event)

    assert attributes(process(event, _ses_runtime(pinpoint, ses_client)))["e-1"]["reason"] == "template_invalid"


def test_unexpected_error_before_the_deliveries_is_recorded_for_every_endpoint(pinpoint, ses, monkeypatch):
    ses_client, _ = ses
    event = invocation({"e-1": endpoint(1), "e-2": endpoint(2)}, data=data("welcome"))
    pinpoint.expect_put_events(event)
    runtime = _ses_runtime(pinpoint, ses_client)
    monkeypatch.setattr(runtime.templates, "get", lambda ref: 1 / 0)

    result = process(event, runtime)

    assert {r["reason"] for r in attributes(result).values()} == {"internal_ZeroDivisionError"}
    assert set(pinpoint.events()) == {"e-1", "e-2"}


@pytest.mark.parametrize(
    ("message_data", "reason"),
    [
        (None, "message_data_without_template"),
        ("not json", "message_data_not_json"),
        ('{"template": "welcome", "type": "LETTER"}', "message_data_type_invalid"),
        ('{"template": ""}', "message_data_template_invalid"),
        ('{"template": "code", "type": "SMS"}', "template_type_not_deliverable_by_ses"),
    ],
)
def test_unusable_message_data_fails_every_endpoint_with_a_reason(pinpoint, ses, message_data, reason):
    ses_client, _ = ses
    event = invocation({"e-1": endpoint(1)}, data=message_data)
    if reason.startswith("template_type"):
        pinpoint.expect_template("SMS", sms_template_response(), "code")
    pinpoint.expect_put_events(event)

    assert attributes(process(event, _ses_runtime(pinpoint, ses_client)))["e-1"]["reason"] == reason


def test_data_without_a_template_uses_the_default_template(pinpoint, ses):
    ses_client, ses_stubber = ses
    event = invocation({"e-1": endpoint(1)}, data='{"anything": "else"}')
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    _expect_email(ses_stubber, "user1@example.com", "Hi Ana", "Your plan: gold")
    pinpoint.expect_put_events(event)
    runtime = _ses_runtime(pinpoint, ses_client, default_template=TemplateRef("welcome", "EMAIL"))

    assert counts(process(event, runtime))[0] == 1


def test_bad_endpoints_fail_alone(pinpoint, ses):
    ses_client, ses_stubber = ses
    opted_out = {**endpoint(3), "OptOut": "ALL"}
    no_address = {**endpoint(4), "Address": ""}
    event = invocation(
        {
            "e-1": endpoint(1),
            "e-2": "not an endpoint",
            "e-3": opted_out,
            "e-4": no_address,
            "e-5": endpoint(5, channel="SMS"),
        },
        data=data("welcome"),
    )
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    _expect_email(ses_stubber, "user1@example.com", "Hi Ana", "Your plan: gold")
    pinpoint.expect_put_events(event)

    result = process(event, _ses_runtime(pinpoint, ses_client))

    assert {e: r.get("reason") for e, r in attributes(result).items()} == {
        "e-1": None,
        "e-2": "endpoint_malformed",
        "e-3": "endpoint_opted_out",
        "e-4": "endpoint_without_address",
        "e-5": "channel_type_not_deliverable_by_ses",
    }
    assert set(pinpoint.events()) == {"e-1", "e-2", "e-3", "e-4", "e-5"}


def test_ses_rejection_fails_that_endpoint_only_with_the_error_code(pinpoint, ses):
    ses_client, ses_stubber = ses
    event = invocation({"e-1": endpoint(1), "e-2": endpoint(2)}, data=data("welcome"))
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    ses_stubber.add_client_error("send_email", "MessageRejected", "Email address is not verified: user1@example.com")
    _expect_email(ses_stubber, "user2@example.com", "Hi Ana", "Your plan: gold")
    pinpoint.expect_put_events(event)

    result = process(event, _ses_runtime(pinpoint, ses_client))

    assert attributes(result)["e-1"]["reason"] == "ses_MessageRejected"  # the code, not the message
    assert attributes(result)["e-2"]["status"] == "sent"


def test_response_is_pinpoints_lambda_response_format_that_a_journey_split_can_branch_on(pinpoint, ses):
    ses_client, ses_stubber = ses
    event = invocation({"e-1": endpoint(1), "e-2": endpoint(2)}, data=data("welcome"))
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    ses_stubber.add_client_error("send_email", "MessageRejected")
    _expect_email(ses_stubber, "user2@example.com", "Hi Ana", "Your plan: gold")
    pinpoint.expect_put_events(event)

    result = process(event, _ses_runtime(pinpoint, ses_client))

    # {endpoint id: {"EventAttributes": {key: string}}}, nothing else at the top level
    assert result == {
        "e-1": {
            "EventAttributes": {
                "status": "failed",
                "attempts": "1",
                "reason": "ses_MessageRejected",
                "recorded": "true",
            }
        },
        "e-2": {"EventAttributes": {"status": "sent", "attempts": "1", "recorded": "true"}},
    }


def test_event_without_endpoints_gets_an_empty_response(pinpoint, ses):
    ses_client, _ = ses
    assert process({"ApplicationId": PROJECT_ID, "Data": data("welcome")}, _ses_runtime(pinpoint, ses_client)) == {}


def test_put_events_failure_is_reported_in_the_result_and_the_log(pinpoint, ses, caplog):
    ses_client, ses_stubber = ses
    event = invocation({"e-1": endpoint(1)}, data=data("welcome"))
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    _expect_email(ses_stubber, "user1@example.com", "Hi Ana", "Your plan: gold")
    pinpoint.stubber.add_client_error("put_events", "TooManyRequestsException", http_status_code=429)

    result = process(event, _ses_runtime(pinpoint, ses_client))

    assert counts(result)[2] == 1
    assert attributes(result)["e-1"] == {
        "status": "sent",
        "attempts": "1",
        "recorded": "false",
        "recording_error": "put_events_TooManyRequestsException",
    }
    (line,) = [structured(r) for r in caplog.records if r.name == "custom_channel"]
    assert line["unrecorded"] == 1 and line["recording_errors"] == ["put_events_TooManyRequestsException"]
    assert caplog.records[-1].levelname == "ERROR"


def test_an_event_put_events_did_not_accept_is_reported_as_unrecorded(pinpoint, ses):
    ses_client, ses_stubber = ses
    event = invocation({"e-1": endpoint(1)}, data=data("welcome"))
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    _expect_email(ses_stubber, "user1@example.com", "Hi Ana", "Your plan: gold")
    pinpoint.expect_put_events(event, status=400)

    assert attributes(process(event, _ses_runtime(pinpoint, ses_client)))["e-1"]["recording_error"] == (
        "put_events_status_400"
    )


def test_batch_for_another_project_is_neither_delivered_nor_recorded(pinpoint, ses):
    ses_client, _ = ses
    event = invocation({"e-1": endpoint(1)}, data=data("welcome"), application_id="someone-elses-project")

    result = process(event, _ses_runtime(pinpoint, ses_client))

    assert attributes(result)["e-1"]["reason"] == "other_project"
    assert pinpoint.put_events_requests == []


def test_handler_without_time_for_the_batch_records_every_endpoint_as_deadline_exceeded(pinpoint, ses, monkeypatch):
    ses_client, _ = ses  # no SendEmail expected
    event = invocation({"e-1": endpoint(1), "e-2": endpoint(2)}, data=data("welcome"))
    pinpoint.expect_put_events(event)  # no template fetch expected either
    monkeypatch.setattr(handler_module, "_RUNTIME", _ses_runtime(pinpoint, ses_client))
    context = FakeContext(RECORDING_RESERVE_SECONDS + SETUP_SECONDS - 1)

    result = handler_module.handler(event, context)

    assert {e: (r["status"], r["reason"], r["recorded"]) for e, r in attributes(result).items()} == {
        "e-1": ("failed", "deadline_exceeded", "true"),
        "e-2": ("failed", "deadline_exceeded", "true"),
    }
    assert {e["Attributes"]["reason"] for e in pinpoint.events().values()} == {"deadline_exceeded"}


def test_deliveries_stop_starting_when_the_time_left_is_needed_for_recording(pinpoint, ses):
    ses_client, ses_stubber = ses
    event = invocation({f"e-{n}": endpoint(n) for n in range(1, 5)}, data=data("welcome"))
    pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
    _expect_email(ses_stubber, "user1@example.com", "Hi Ana", "Your plan: gold")
    _expect_email(ses_stubber, "user2@example.com", "Hi Ana", "Your plan: gold")
    pinpoint.expect_put_events(event)
    # Enough for the setup and two SES calls; each call then uses up its worst case.
    context = FakeContext(RECORDING_RESERVE_SECONDS + 2 * AWS_CALL_SECONDS)

    def spend(**_):
        context.remaining_seconds -= AWS_CALL_SECONDS

    ses_client.meta.events.register("provide-client-params.sesv2.SendEmail", spend)

    result = process(event, _ses_runtime(pinpoint, ses_client), Deadline.of(context))

    assert {e: r.get("reason") for e, r in attributes(result).items()} == {
        "e-1": None,
        "e-2": None,
        "e-3": "deadline_exceeded",
        "e-4": "deadline_exceeded",
    }
    assert counts(result) == (2, 2, 0)
    assert set(pinpoint.events()) == {"e-1", "e-2", "e-3", "e-4"}


def test_a_context_without_a_remaining_time_means_no_deadline():
    assert Deadline.of(object()).allows(10_000)
    assert not Deadline.of(FakeContext(RECORDING_RESERVE_SECONDS + 5)).allows(6)
    assert Deadline.of(FakeContext(RECORDING_RESERVE_SECONDS + 5)).allows(5)


def test_aws_clients_have_explicit_timeouts_and_retries_within_the_known_worst_case():
    runtime = runtime_from_environment(
        {"PROJECT_ID": PROJECT_ID, "DELIVERY": json.dumps({"type": "ses", "from_address": FROM})}
    )
    for client in (runtime.pinpoint, runtime.delivery._sesv2):
        config = client.meta.config
        assert (config.connect_timeout, config.read_timeout, config.retries) == (
            2,
            5,
            {"mode": "standard", "total_max_attempts": 3},
        )
    # 3 attempts of 2 + 5 s, and botocore's backoff of at most 1 + 5 s and 2 + 5 s between them
    assert AWS_CALL_SECONDS == 34


def test_runtime_is_built_from_the_environment_the_construct_sets(monkeypatch):
    environ = {
        "PROJECT_ID": PROJECT_ID,
        "DELIVERY": json.dumps({"type": "sms", "origination_identity": ORIGINATION, "message_type": "PROMOTIONAL"}),
        "DEFAULT_TEMPLATE": json.dumps({"name": "code", "type": "SMS"}),
        "MAX_CONCURRENCY": "7",
    }
    runtime = runtime_from_environment(environ)
    assert isinstance(runtime.delivery, SmsDelivery)
    assert runtime.default_template == TemplateRef("code", "SMS")
    assert runtime.max_concurrency == 7
    assert handler_module.DEFAULT_MAX_CONCURRENCY == 50


def test_handler_package_imports_only_the_stdlib_boto3_the_rendering_engine_and_the_shared_rules():
    import ast
    import sys
    from pathlib import Path

    package = Path(handler_module.__file__).parent
    allowed_third_party = {
        "boto3",
        "botocore",
        "cdk_pinpoint.rendering",
        "cdk_pinpoint._shared",
        "cdk_pinpoint._shared.custom_channel",
    }
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert (
                    top in sys.stdlib_module_names
                    or top == "__future__"
                    or name in allowed_third_party
                    or (top in allowed_third_party)
                ), f"{path.name} imports {name}"
