"""The EventProcessor handler on real botocore clients (Stubber): what it opts out, what it retries."""

from __future__ import annotations

import json
import logging

import boto3
import pytest
from botocore.stub import Stubber
from event_processor import handler
from event_processor.handler import MAX_ENDPOINTS_PER_CALL, UnreadableRecord, classify, process

from cdk_pinpoint._shared.logs import structured
from tests.lambdas.event_processor_shapes import (
    ACCOUNT_ID,
    PROJECT_ID,
    email_event,
    kinesis_record,
    kinesis_records,
    sms_event,
)

ACCEPTED = {"MessageBody": {"Message": "Accepted", "RequestID": "req-1"}}


@pytest.fixture
def pinpoint():
    client = boto3.client("pinpoint", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def sesv2():
    client = boto3.client("sesv2", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _expect_opt_out(stubber: Stubber, endpoint_ids: list[str]) -> None:
    stubber.add_response(
        "update_endpoints_batch",
        ACCEPTED,
        {
            "ApplicationId": PROJECT_ID,
            "EndpointBatchRequest": {"Item": [{"Id": e, "OptOut": "ALL"} for e in endpoint_ids]},
        },
    )


def _failures(response) -> list[str]:
    return [item["itemIdentifier"] for item in response["batchItemFailures"]]


@pytest.mark.parametrize(
    "event",
    [
        email_event("_email.unsubscribe", endpoint_id="e-1"),
        email_event("_email.hardbounce", endpoint_id="e-1"),
        email_event("_email.complaint", endpoint_id="e-1"),
        sms_event("_SMS.OPTOUT", endpoint_id="e-1"),
    ],
    ids=lambda e: e["event_type"],
)
def test_each_opt_out_event_type_sets_opt_out_all_on_its_endpoint(pinpoint, event):
    client, stubber = pinpoint
    _expect_opt_out(stubber, ["e-1"])
    response = process(kinesis_records([event]), project_id=PROJECT_ID, pinpoint=client)
    assert response == {"batchItemFailures": []}


def test_other_event_types_call_nothing(pinpoint):
    client, _ = pinpoint  # no responses queued: any call would raise
    events = [email_event(t) for t in ("_email.send", "_email.delivered", "_email.open", "_email.click")]
    events += [sms_event("_SMS.SUCCESS"), sms_event("_SMS.BUFFERED")]
    assert process(kinesis_records(events), project_id=PROJECT_ID, pinpoint=client) == {"batchItemFailures": []}


def test_a_repeated_event_type_is_read_as_json_reads_it_even_when_it_is_no_string(pinpoint):
    """The first member says opt-out, so the record is parsed; json keeps the last event_type."""
    client, _ = pinpoint  # no responses queued: an opt-out call would raise
    raw = json.dumps(email_event("_email.hardbounce", endpoint_id="e-1"))
    for last in ('{"a": 1}', '"_email.send"', "[1]"):
        record = kinesis_record(raw[:-1].encode() + b', "event_type": ' + last.encode() + b"}", "1")
        assert process([record], project_id=PROJECT_ID, pinpoint=client) == {"batchItemFailures": []}


def test_a_poison_record_is_reported_and_the_others_are_still_processed(pinpoint):
    client, stubber = pinpoint
    records = kinesis_records(
        [
            email_event("_email.hardbounce", endpoint_id="e-1"),
            b"{not json _email.hardbounce",
            sms_event("_SMS.OPTOUT", endpoint_id="e-2"),
        ]
    )
    _expect_opt_out(stubber, ["e-1", "e-2"])
    response = process(records, project_id=PROJECT_ID, pinpoint=client)
    assert _failures(response) == [records[1]["kinesis"]["sequenceNumber"]]


def test_a_record_that_is_not_base64_is_reported(pinpoint):
    client, _ = pinpoint
    record = kinesis_record(sms_event("_SMS.SUCCESS"), "7")
    record["kinesis"]["data"] = "%%% not base64 %%%"
    assert _failures(process([record], project_id=PROJECT_ID, pinpoint=client)) == ["7"]


def test_a_json_value_that_is_not_an_object_is_unreadable():
    with pytest.raises(UnreadableRecord, match="not a JSON object"):
        classify(kinesis_record(b'["_SMS.OPTOUT"]', "1"))


def test_an_update_endpoints_batch_failure_reports_exactly_the_records_of_that_call(pinpoint):
    client, stubber = pinpoint
    events = [sms_event("_SMS.OPTOUT", endpoint_id=f"e-{i}") for i in range(150)] + [sms_event("_SMS.SUCCESS")]
    records = kinesis_records(events)
    _expect_opt_out(stubber, [f"e-{i}" for i in range(100)])
    stubber.add_client_error(
        "update_endpoints_batch", service_error_code="TooManyRequestsException", http_status_code=429
    )
    response = process(records, project_id=PROJECT_ID, pinpoint=client)
    # the second call held endpoints 100-149: their records are retried, nothing else is
    assert _failures(response) == [r["kinesis"]["sequenceNumber"] for r in records[100:150]]


def test_250_opt_outs_take_3_calls_of_at_most_100_endpoints(pinpoint):
    client, stubber = pinpoint
    ids = [f"e-{i}" for i in range(250)]
    for start in range(0, 250, MAX_ENDPOINTS_PER_CALL):
        _expect_opt_out(stubber, ids[start : start + MAX_ENDPOINTS_PER_CALL])
    response = process(
        kinesis_records([sms_event("_SMS.OPTOUT", endpoint_id=e) for e in ids]), project_id=PROJECT_ID, pinpoint=client
    )
    assert response == {"batchItemFailures": []}


def test_duplicate_events_update_the_endpoint_once(pinpoint):
    client, stubber = pinpoint
    events = [email_event("_email.unsubscribe", endpoint_id="e-1")] * 3 + [
        email_event("_email.complaint", endpoint_id="e-1")
    ]
    _expect_opt_out(stubber, ["e-1"])
    assert process(kinesis_records(events), project_id=PROJECT_ID, pinpoint=client) == {"batchItemFailures": []}


def test_a_failed_call_for_a_duplicated_endpoint_reports_every_record_that_named_it(pinpoint):
    client, stubber = pinpoint
    records = kinesis_records([sms_event("_SMS.OPTOUT", endpoint_id="e-1")] * 2)
    stubber.add_client_error(
        "update_endpoints_batch", service_error_code="InternalServerErrorException", http_status_code=500
    )
    assert len(_failures(process(records, project_id=PROJECT_ID, pinpoint=client))) == 2


def test_reprocessing_a_batch_sends_the_same_idempotent_request(pinpoint):
    client, stubber = pinpoint
    records = kinesis_records([email_event("_email.hardbounce", endpoint_id="e-1")])
    _expect_opt_out(stubber, ["e-1"])
    _expect_opt_out(stubber, ["e-1"])  # the same OptOut=ALL again: a state, not a toggle
    assert process(records, project_id=PROJECT_ID, pinpoint=client) == process(
        records, project_id=PROJECT_ID, pinpoint=client
    )


def test_events_of_another_project_are_ignored(pinpoint):
    client, _ = pinpoint
    records = kinesis_records([sms_event("_SMS.OPTOUT", app_id="another-project")])
    assert process(records, project_id=PROJECT_ID, pinpoint=client) == {"batchItemFailures": []}


def test_a_message_sent_to_an_address_has_no_endpoint_to_update(pinpoint):
    client, _ = pinpoint
    # the documented SMS example: client_id is the account id when no endpoint was addressed
    records = kinesis_records([sms_event("_SMS.OPTOUT", endpoint_id=ACCOUNT_ID)])
    assert process(records, project_id=PROJECT_ID, pinpoint=client) == {"batchItemFailures": []}


def _batch_log(caplog) -> dict:
    (line,) = [structured(r) for r in caplog.records if r.getMessage() == "batch processed"]
    return line


def test_an_sms_opt_out_without_an_endpoint_is_counted_as_not_applied_without_its_number(pinpoint, caplog):
    client, stubber = pinpoint
    caplog.set_level(logging.INFO)
    _expect_opt_out(stubber, ["e-1"])
    events = [
        sms_event("_SMS.OPTOUT", endpoint_id=ACCOUNT_ID, phone_number="+14255550100"),
        sms_event("_SMS.OPTOUT", endpoint_id="e-1"),
    ]
    process(kinesis_records(events), project_id=PROJECT_ID, pinpoint=client)
    logged = _batch_log(caplog)
    assert (logged["opt_outs"], logged["not_applied_no_endpoint"]) == (2, 1)
    assert "+14255550100" not in caplog.text and "4255550100" not in caplog.text


def test_an_email_opt_out_without_an_endpoint_is_not_applied_unless_its_address_is_suppressed(pinpoint, sesv2, caplog):
    client, _ = pinpoint
    ses, ses_stubber = sesv2
    caplog.set_level(logging.INFO)
    records = kinesis_records([email_event("_email.hardbounce", endpoint_id=ACCOUNT_ID, address="a@example.com")])
    process(records, project_id=PROJECT_ID, pinpoint=client)
    assert _batch_log(caplog)["not_applied_no_endpoint"] == 1
    caplog.clear()
    ses_stubber.add_response("put_suppressed_destination", {}, {"EmailAddress": "a@example.com", "Reason": "BOUNCE"})
    process(records, project_id=PROJECT_ID, pinpoint=client, sesv2=ses)
    assert _batch_log(caplog)["not_applied_no_endpoint"] == 0
    assert "a@example.com" not in caplog.text


@pytest.mark.parametrize(
    ("event_type", "reason"),
    [("_email.hardbounce", "BOUNCE"), ("_email.complaint", "COMPLAINT"), ("_email.unsubscribe", "COMPLAINT")],
)
def test_suppression_adds_the_address_with_the_matching_reason(pinpoint, sesv2, event_type, reason):
    client, stubber = pinpoint
    ses, ses_stubber = sesv2
    _expect_opt_out(stubber, ["e-1"])
    ses_stubber.add_response(
        "put_suppressed_destination", {}, {"EmailAddress": "bounced@example.com", "Reason": reason}
    )
    records = kinesis_records([email_event(event_type, endpoint_id="e-1", address="bounced@example.com")])
    assert process(records, project_id=PROJECT_ID, pinpoint=client, sesv2=ses) == {"batchItemFailures": []}


def test_suppression_is_called_once_per_address_and_never_for_sms(pinpoint, sesv2):
    client, stubber = pinpoint
    ses, ses_stubber = sesv2
    _expect_opt_out(stubber, ["e-1", "e-2"])
    ses_stubber.add_response("put_suppressed_destination", {}, {"EmailAddress": "a@example.com", "Reason": "BOUNCE"})
    events = [email_event("_email.hardbounce", endpoint_id="e-1", address="a@example.com")] * 2
    events.append(sms_event("_SMS.OPTOUT", endpoint_id="e-2"))
    assert process(kinesis_records(events), project_id=PROJECT_ID, pinpoint=client, sesv2=ses) == {
        "batchItemFailures": []
    }


def test_a_suppression_failure_reports_its_record(pinpoint, sesv2):
    client, stubber = pinpoint
    ses, ses_stubber = sesv2
    _expect_opt_out(stubber, ["e-1", "e-2"])
    ses_stubber.add_response("put_suppressed_destination", {}, {"EmailAddress": "a@example.com", "Reason": "BOUNCE"})
    ses_stubber.add_client_error(
        "put_suppressed_destination", service_error_code="TooManyRequestsException", http_status_code=429
    )
    records = kinesis_records(
        [
            email_event("_email.hardbounce", endpoint_id="e-1", address="a@example.com"),
            email_event("_email.complaint", endpoint_id="e-2", address="b@example.com"),
        ]
    )
    response = process(records, project_id=PROJECT_ID, pinpoint=client, sesv2=ses)
    assert _failures(response) == [records[1]["kinesis"]["sequenceNumber"]]


def test_handler_reads_its_configuration_from_the_environment(monkeypatch):
    calls = {}

    def fake_process(records, *, project_id, pinpoint, sesv2=None, metrics=None):
        calls.update(records=records, project_id=project_id, sesv2=sesv2, metrics=metrics)
        return {"batchItemFailures": []}

    monkeypatch.setenv("PROJECT_ID", PROJECT_ID)
    monkeypatch.setenv("SUPPRESS_IN_SES", "true")
    monkeypatch.delenv("METRICS", raising=False)
    monkeypatch.setattr(handler, "process", fake_process)
    assert handler.handler({"Records": []}, None) == {"batchItemFailures": []}
    assert calls["project_id"] == PROJECT_ID
    assert calls["sesv2"] is not None
    assert calls["metrics"] is None  # no METRICS variable: no metrics
