"""The EventProcessor's engagement metrics: its EMF output checked against CloudWatch's embedded
metric format specification, its counts, and per-record fault reporting unchanged by metrics."""

from __future__ import annotations

import base64
import copy
import json
import logging
import math
import random
import re

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from event_processor import handler
from event_processor.handler import process
from event_processor.metrics import EngagementMetrics, scrub

from cdk_pinpoint.monitoring import names
from tests.lambdas.event_processor_shapes import (
    ACCOUNT_ID,
    EMAIL_DETAILS,
    PROJECT_ID,
    email_event,
    kinesis_record,
    kinesis_records,
    sms_event,
)

CONFIG = names.handler_config()
CAMPAIGN_ID = "52dc44b35c4742c98c5935269example"  # the shapes' campaign
JOURNEY_ID = "e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6"
ACCEPTED = {"MessageBody": {"Message": "Accepted", "RequestID": "req-1"}}

# --- a validator written from the specification ------------------------------------------------------
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html

#: MetricDefinition.Unit: the CloudWatch MetricDatum units
EMF_UNITS = {
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
    "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
    "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
    "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
}  # fmt: skip
MAX_DIMENSIONS_PER_SET = 30
MAX_METRICS_PER_DIRECTIVE = 100
MAX_VALUES_PER_METRIC = 100
MAX_DIMENSION_VALUE_LENGTH = 1024


def emf_errors(line: str) -> list[str]:
    """Every way ``line`` breaks the embedded metric format specification (empty: a valid document)."""
    errors: list[str] = []
    try:
        root = json.loads(line)  # the whole log event is one JSON object, nothing before or after it
    except ValueError as exc:
        return [f"not JSON: {exc}"]
    if not isinstance(root, dict):
        return ["the root node is not an object"]
    metadata = root.get("_aws")
    if not isinstance(metadata, dict):
        return ["no _aws metadata object"]
    timestamp = metadata.get("Timestamp")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool) or timestamp <= 0:
        errors.append(f"_aws.Timestamp must be a number of milliseconds since the epoch, not {timestamp!r}")
    directives = metadata.get("CloudWatchMetrics")
    if not isinstance(directives, list):
        return [*errors, "_aws.CloudWatchMetrics must be an array of MetricDirective objects"]
    for directive in directives:
        if not isinstance(directive, dict) or set(directive) - {"Namespace", "Dimensions", "Metrics"}:
            errors.append(f"MetricDirective with members the specification does not define: {directive!r}")
            continue
        namespace = directive.get("Namespace")
        if not isinstance(namespace, str) or not namespace.strip():
            errors.append(f"Namespace must be a non-empty string, not {namespace!r}")
        dimension_sets = directive.get("Dimensions")
        if not isinstance(dimension_sets, list):
            errors.append("Dimensions must be an array of DimensionSet arrays")
            dimension_sets = []
        for dimension_set in dimension_sets:
            if not isinstance(dimension_set, list) or len(dimension_set) > MAX_DIMENSIONS_PER_SET:
                errors.append(f"a DimensionSet must be an array of at most 30 names: {dimension_set!r}")
                continue
            for name in dimension_set:
                value = root.get(name) if isinstance(name, str) else None
                if not isinstance(value, str) or not value.strip() or len(value) > MAX_DIMENSION_VALUE_LENGTH:
                    errors.append(f"dimension {name!r} must name a root member holding a non-empty string")
        metrics = directive.get("Metrics")
        if not isinstance(metrics, list) or len(metrics) > MAX_METRICS_PER_DIRECTIVE:
            errors.append("Metrics must be an array of at most 100 MetricDefinition objects")
            metrics = []
        for definition in metrics:
            if not isinstance(definition, dict) or set(definition) - {"Name", "Unit", "StorageResolution"}:
                errors.append(f"MetricDefinition with members the specification does not define: {definition!r}")
                continue
            name = definition.get("Name")
            value = root.get(name) if isinstance(name, str) else None
            values = value if isinstance(value, list) else [value]
            if (
                not values
                or len(values) > MAX_VALUES_PER_METRIC
                or not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in values)
            ):
                errors.append(f"metric {name!r} must name a root member holding a number or an array of numbers")
            if "Unit" in definition and definition["Unit"] not in EMF_UNITS:
                errors.append(f"metric {name!r}: unknown Unit {definition['Unit']!r}")
            if definition.get("StorageResolution", 60) not in (1, 60):
                errors.append(f"metric {name!r}: StorageResolution must be 1 or 60")
            if any(name in dimension_set for dimension_set in dimension_sets):
                errors.append(f"{name!r} is both a metric and a dimension")
    return errors


def test_the_validator_finds_what_the_specification_forbids():
    good = {
        "_aws": {
            "Timestamp": 1,
            "CloudWatchMetrics": [
                {"Namespace": "n", "Dimensions": [["D"]], "Metrics": [{"Name": "M", "Unit": "Count"}]}
            ],
        },
        "D": "x",
        "M": 1,
    }
    assert emf_errors(json.dumps(good)) == []
    broken = []
    for path, value in (
        (("_aws", "Timestamp"), "now"),
        (("D",), 3),
        (("M",), "1"),
        (("_aws", "CloudWatchMetrics", 0, "Metrics", 0, "Unit"), "Things"),
        (("_aws", "CloudWatchMetrics", 0, "Dimensions"), [[f"D{i}" for i in range(31)]]),
        (("_aws", "CloudWatchMetrics", 0, "Extra"), 1),
    ):
        document = copy.deepcopy(good)
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        broken.append(emf_errors(json.dumps(document)))
    assert all(broken), broken
    assert emf_errors("[INFO] " + json.dumps(good))  # a prefixed line is not EMF


# --- the handler's output -----------------------------------------------------------------------------


def journey_event(event_type: str, **kwargs) -> dict:
    event = email_event(event_type, **kwargs)
    event["attributes"] = {"journey_id": JOURNEY_ID, "journey_activity_id": "a1", "journey_run_id": "r1"}
    return event


def transactional_event(event_type: str, **kwargs) -> dict:
    event = email_event(event_type, **kwargs)
    event["attributes"] = {"feedback": "received"}
    return event


def push_event(event_type: str, status: str, *, delivery_type: str = "GCM") -> dict:
    status_attribute = names.PUSH_SEND_EVENTS[event_type]
    ids = {"campaign_id": CAMPAIGN_ID} if event_type == "_campaign.send" else {"journey_id": JOURNEY_ID}
    event = sms_event("_SMS.SUCCESS")
    event.update(event_type=event_type, attributes={"delivery_type": delivery_type, status_attribute: status, **ids})
    return event


def custom_channel_event(event_type: str, reason: str | None = None) -> dict:
    event = sms_event("_SMS.SUCCESS")
    attributes = {"campaign_id": CAMPAIGN_ID, "template": "t", "delivery": "webhook"}
    if reason:
        attributes["reason"] = reason
    event.update(event_type=event_type, attributes=attributes, metrics={"attempts": 1.0})
    return event


def run(records, *, pinpoint=None, sesv2=None):
    """process() with metrics; returns (response, EMF documents, reason lines)."""
    lines: list[str] = []
    metrics = EngagementMetrics(CONFIG, PROJECT_ID)
    original = metrics.publish
    metrics.publish = lambda: original(lines.append)  # type: ignore[method-assign]
    client = pinpoint or _AcceptingPinpoint()
    response = process(records, project_id=PROJECT_ID, pinpoint=client, sesv2=sesv2, metrics=metrics)
    for line in lines:
        assert emf_errors(line) == [] or "_aws" not in json.loads(line), (line, emf_errors(line))
    parsed = [json.loads(line) for line in lines]
    return response, [p for p in parsed if "_aws" in p], [p for p in parsed if "_aws" not in p]


class _AcceptingPinpoint:
    def __init__(self) -> None:
        self.calls = 0

    def update_endpoints_batch(self, **kwargs):
        self.calls += 1
        return ACCEPTED


def counts(documents) -> dict[tuple[str | None, str | None], dict[str, int]]:
    found = {}
    for document in documents:
        key = (document.get(names.CAMPAIGN_DIMENSION), document.get(names.JOURNEY_DIMENSION))
        assert key not in found, "one document per campaign, journey or project alone"
        metric_names = [m["Name"] for m in document["_aws"]["CloudWatchMetrics"][0]["Metrics"]]
        found[key] = {name: document[name] for name in metric_names}
    return found


def test_a_mixed_batch_is_counted_per_campaign_journey_and_project_in_valid_emf():
    events = [
        *(email_event("_email.send", endpoint_id=f"e{i}") for i in range(5)),
        *(email_event("_email.delivered") for _ in range(4)),
        email_event("_email.open"),
        email_event("_email.click"),
        email_event("_email.hardbounce", endpoint_id="bounced"),
        email_event("_email.complaint", endpoint_id="complained"),
        sms_event("_SMS.BUFFERED"),
        sms_event("_SMS.SUCCESS"),
        *(journey_event("_email.send") for _ in range(3)),
        journey_event("_email.open"),
        transactional_event("_email.send"),
    ]
    response, documents, _ = run(kinesis_records(events))
    assert response == {"batchItemFailures": []}
    assert counts(documents) == {
        (CAMPAIGN_ID, None): {
            "Sends": 6, "EmailSends": 5, "Deliveries": 5, "Opens": 1, "Clicks": 1, "HardBounces": 1, "Complaints": 1,
        },
        (None, JOURNEY_ID): {"Sends": 3, "EmailSends": 3, "Opens": 1},
        (None, None): {"Sends": 1, "EmailSends": 1, "OptOutsProcessed": 2},
    }  # fmt: skip
    by_key = {(d.get("CampaignId"), d.get("JourneyId")): d for d in documents}
    directive = by_key[(CAMPAIGN_ID, None)]["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == names.NAMESPACE
    assert directive["Dimensions"] == [["ProjectId"], ["ProjectId", "CampaignId"]]
    assert {m["Unit"] for m in directive["Metrics"]} == {"Count"}
    assert by_key[(None, JOURNEY_ID)]["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [
        ["ProjectId"],
        ["ProjectId", "JourneyId"],
    ]
    assert by_key[(None, None)]["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["ProjectId"]]
    assert {d["ProjectId"] for d in documents} == {PROJECT_ID}


def test_no_endpoint_id_or_address_reaches_a_metric_or_a_log_line():
    events = [
        email_event("_email.send", endpoint_id="endpoint-secret", address="alice@example.com"),
        email_event("_email.hardbounce", endpoint_id="endpoint-secret", address="alice@example.com"),
        sms_event("_SMS.SUCCESS", endpoint_id="endpoint-secret", phone_number="+14255550100"),
    ]
    bounce = events[1]["facets"]["email_channel"]["mail_event"]["bounce"]
    bounce["bounced_recipients"] = [{"diagnostic_code": "smtp; 550 5.1.1 <alice@example.com>... 14255550100 unknown"}]
    _, documents, reasons = run(kinesis_records(events))
    text = json.dumps([documents, reasons])
    for secret in ("endpoint-secret", "alice@example.com", "14255550100", "+14255550100"):
        assert secret not in text
    assert reasons[0]["reason"] == "smtp; 550 5.1.1 <<address>>... <number> unknown"


def test_failure_reasons_are_logged_per_campaign_event_type_and_reason():
    hard = email_event("_email.hardbounce")
    hard["facets"]["email_channel"]["mail_event"]["bounce"]["bounced_recipients"] = [
        {"diagnostic_code": "smtp; 550 Unrouteable address"}
    ]
    failed_sms = sms_event("_SMS.FAILURE")
    failed_sms["attributes"]["record_status"] = "UNREACHABLE"
    events = [hard, copy.deepcopy(hard), failed_sms, custom_channel_event("custom_channel.failed", "webhook_http_500")]
    _, _, reasons = run(kinesis_records(events))
    assert sorted((r["event_type"], r["reason"], r["count"]) for r in reasons) == [
        ("_SMS.FAILURE", "UNREACHABLE", 1),
        ("_email.hardbounce", "smtp; 550 Unrouteable address", 2),
        ("custom_channel.failed", "webhook_http_500", 1),
    ]
    assert all(r["message"] == names.FAILURE_REASON_MESSAGE and r["CampaignId"] == CAMPAIGN_ID for r in reasons)


def test_push_sends_and_failures_come_from_campaign_and_journey_send_events():
    events = [
        push_event("_campaign.send", "SUCCESS"),
        push_event("_campaign.send", "PERMANENT_FAILURE", delivery_type="APNS"),
        push_event("_journey.send", "THROTTLED"),
        push_event("_campaign.send", "SUCCESS", delivery_type="EMAIL"),  # not push: counted by its email events
    ]
    _, documents, reasons = run(kinesis_records(events))
    assert counts(documents) == {
        (CAMPAIGN_ID, None): {"Sends": 1, "PushFailures": 1},
        (None, JOURNEY_ID): {"PushFailures": 1},
    }
    assert sorted(r["reason"] for r in reasons) == ["PERMANENT_FAILURE", "THROTTLED"]


def test_custom_channel_outcomes_and_missed_deadlines_are_counted():
    events = [
        custom_channel_event("custom_channel.sent"),
        custom_channel_event("custom_channel.sent"),
        custom_channel_event("custom_channel.failed", "deadline_exceeded"),
        custom_channel_event("custom_channel.failed", "deadline_exceeded_while_running"),
        custom_channel_event("custom_channel.failed", "webhook_timeout"),
    ]
    _, documents, _ = run(kinesis_records(events))
    assert counts(documents) == {
        (CAMPAIGN_ID, None): {"CustomChannelSent": 2, "CustomChannelFailed": 3, "CustomChannelDeadlineExceeded": 2}
    }


def test_other_projects_events_and_app_events_count_nowhere():
    events = [
        email_event("_email.send", app_id="another-project-id-000000000000000"),
        {**sms_event("_SMS.SUCCESS"), "event_type": "_session.start"},
        {**sms_event("_SMS.SUCCESS"), "event_type": "purchase"},
    ]
    response, documents, reasons = run(kinesis_records(events))
    assert (response, documents, reasons) == ({"batchItemFailures": []}, [], [])


def test_an_id_that_is_no_plain_id_is_not_a_dimension():
    long_id = email_event("_email.send")
    long_id["attributes"]["campaign_id"] = "c" * 65
    odd_id = email_event("_email.send")
    odd_id["attributes"]["campaign_id"] = "a b/c"
    _, documents, _ = run(kinesis_records([long_id, odd_id]))
    assert counts(documents) == {(None, None): {"Sends": 2, "EmailSends": 2}}


def test_an_event_whose_type_is_not_its_first_member_is_parsed_and_counted():
    event = email_event("_email.delivered")
    reordered = {"attributes": event["attributes"], **{k: v for k, v in event.items() if k != "attributes"}}
    raw = json.dumps(reordered, indent=2).encode()
    assert not raw.lstrip().startswith(b'{\n  "event_type"')
    _, documents, _ = run([kinesis_record(raw, "1")])
    assert counts(documents) == {(CAMPAIGN_ID, None): {"Deliveries": 1}}


# --- record-level faults are reported exactly as without metrics -------------------------------------


def _faulty_batch():
    events = [email_event("_email.send", endpoint_id=f"e{i}") for i in range(3)]
    events.append(email_event("_email.hardbounce", endpoint_id="fails"))
    events += [email_event("_email.delivered") for _ in range(3)]
    records = kinesis_records(events)
    unreadable = kinesis_record(b"", "49590338271490256608559692538361571095921575989136588950")
    unreadable["kinesis"]["data"] = "not base64 at all!"
    records.insert(5, unreadable)
    return records


class _FailingPinpoint:
    def update_endpoints_batch(self, **kwargs):
        raise ClientError({"Error": {"Code": "InternalServerErrorException", "Message": "x"}}, "UpdateEndpointsBatch")


def test_with_metrics_the_batch_item_failures_are_the_same_and_only_records_before_the_first_are_counted():
    records = _faulty_batch()
    without = process(records, project_id=PROJECT_ID, pinpoint=_FailingPinpoint())
    response, documents, reasons = run(records, pinpoint=_FailingPinpoint())
    assert response == without
    failed = [f["itemIdentifier"] for f in response["batchItemFailures"]]
    assert failed == [records[3]["kinesis"]["sequenceNumber"], records[5]["kinesis"]["sequenceNumber"]]
    # Lambda restarts at the hard bounce (index 3): the three sends before it are done and counted once;
    # the bounce and everything after come again and are counted then.
    assert counts(documents) == {(CAMPAIGN_ID, None): {"Sends": 3, "EmailSends": 3}}
    assert reasons == []


def test_an_unreadable_record_stops_the_count_at_its_index():
    records = _faulty_batch()
    response, documents, _ = run(records)
    assert [f["itemIdentifier"] for f in response["batchItemFailures"]] == [records[5]["kinesis"]["sequenceNumber"]]
    assert counts(documents) == {
        (CAMPAIGN_ID, None): {"Sends": 3, "EmailSends": 3, "HardBounces": 1, "Deliveries": 1},
        (None, None): {"OptOutsProcessed": 1},
    }


def test_the_handler_publishes_with_its_environment_and_makes_no_other_api_call(monkeypatch, capsys):
    client = boto3.client("pinpoint", region_name="us-east-1")
    events = [email_event("_email.send", endpoint_id=f"e{i}") for i in range(200)] + [email_event("_email.complaint")]
    with Stubber(client) as stubber:
        stubber.add_response(
            "update_endpoints_batch",
            ACCEPTED,
            {"ApplicationId": PROJECT_ID, "EndpointBatchRequest": {"Item": [{"Id": "endpoint-1", "OptOut": "ALL"}]}},
        )
        monkeypatch.setattr(handler, "_client", lambda service: client)  # clients are cached per container
        monkeypatch.setenv("PROJECT_ID", PROJECT_ID)
        monkeypatch.setenv("SUPPRESS_IN_SES", "false")
        monkeypatch.setenv("METRICS", json.dumps(CONFIG))
        logging.disable(logging.CRITICAL)
        try:
            assert handler.handler({"Records": kinesis_records(events)}, None) == {"batchItemFailures": []}
        finally:
            logging.disable(logging.NOTSET)
        stubber.assert_no_pending_responses()  # one UpdateEndpointsBatch, nothing for the metrics
    lines = capsys.readouterr().out.splitlines()
    documents = [json.loads(line) for line in lines if "_aws" in line]
    assert documents and all(emf_errors(line) == [] for line in lines if "_aws" in line)
    assert counts(documents)[(CAMPAIGN_ID, None)] == {"Sends": 200, "EmailSends": 200, "Complaints": 1}


def test_scrub_bounds_a_reason():
    assert len(scrub("x" * 1000)) == 200
    assert scrub("mailbox bob.smith+tag@mail.example.org full") == "mailbox <address> full"


@pytest.mark.parametrize("account_as_client", [ACCOUNT_ID])
def test_an_sms_opt_out_to_a_phone_number_is_counted_as_an_unsubscribe_but_not_as_processed(account_as_client):
    event = sms_event("_SMS.OPTOUT", endpoint_id=account_as_client)  # sent to a number: no endpoint
    _, documents, _ = run(kinesis_records([event]))
    assert counts(documents) == {(CAMPAIGN_ID, None): {"Unsubscribes": 1}}


def test_ids_are_read_from_compact_and_spaced_json_and_an_escaped_id_is_no_dimension():
    compact = json.dumps(email_event("_email.open"), separators=(",", ":")).encode()
    spaced = json.dumps(journey_event("_email.open")).encode()
    escaped = email_event("_email.open")
    escaped["attributes"]["campaign_id"] = 'ab"c'
    _, documents, _ = run([kinesis_record(compact, "1"), kinesis_record(spaced, "2"), kinesis_record(escaped, "3")])
    assert counts(documents) == {
        (CAMPAIGN_ID, None): {"Opens": 1},
        (None, JOURNEY_ID): {"Opens": 1},
        (None, None): {"Opens": 1},
    }


# --- differential: the batch-level counting against a reference that parses every record ------------


PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def reference_counts(records, failed_endpoints: set[str]) -> dict:
    """What the metrics should count, from json.loads of every record: the records before the first one
    the handler reports failed (unreadable, or an opt-out whose UpdateEndpointsBatch failed), of this
    project, by attributes.campaign_id or else journey_id (a plain id of at most 64 characters); the
    opt-outs processed left out."""
    counted: dict = {}
    for record in records:
        try:
            event = json.loads(base64.b64decode(record["kinesis"]["data"], validate=True))
        except ValueError:
            break  # unreadable: reported failed, so it and everything after it come again
        if not isinstance(event, dict):
            break
        event_type = event.get("event_type")
        client_id = (event.get("client") or {}).get("client_id")
        if (event.get("application") or {}).get("app_id", PROJECT_ID) != PROJECT_ID:
            continue  # another project's: counted nowhere, and its opt-out is not applied
        if event_type in handler.OPT_OUT_EVENTS and client_id in failed_endpoints:
            break  # its opt-out failed: retried from here
        attributes = event.get("attributes") or {}
        metrics = list(names.EVENT_METRICS.get(event_type, ()))
        if event_type in names.PUSH_SEND_EVENTS:
            if attributes.get("delivery_type") not in names.PUSH_DELIVERY_TYPES:
                continue
            status = attributes.get(names.PUSH_SEND_EVENTS[event_type])
            metrics = [names.SENDS if status == "SUCCESS" else names.PUSH_FAILURES]
        if event_type == names.FAILED_EVENT_TYPE and str(attributes.get("reason", "")).startswith(
            names.DEADLINE_EXCEEDED_REASON
        ):
            metrics.append(names.CUSTOM_CHANNEL_DEADLINE_EXCEEDED)
        if not metrics:
            continue
        key = (None, None)
        if "campaign_id" in attributes:
            key = (attributes["campaign_id"], None) if PLAIN_ID.fullmatch(attributes["campaign_id"]) else key
        elif "journey_id" in attributes:
            key = (None, attributes["journey_id"]) if PLAIN_ID.fullmatch(attributes["journey_id"]) else key
        for name in metrics:
            counted.setdefault(key, {}).setdefault(name, 0)
            counted[key][name] += 1
    return counted


def random_batch(rng: random.Random, size: int):
    """A batch as a shared stream could bring it: several campaigns and journeys, transactional mail,
    other projects' events, push sends, custom channel outcomes, app events, compact and spaced JSON,
    and now and then an unreadable record."""
    campaigns = [f"campaign{n:02d}" for n in range(rng.randint(1, 6))]
    journeys = [f"journey-{n}" for n in range(3)]
    events: list = []
    for index in range(size):
        roll = rng.random()
        if roll < 0.5:
            event = email_event(rng.choice(list(EMAIL_DETAILS)), endpoint_id=f"e{index}")
        elif roll < 0.7:
            kind = rng.choice(["_SMS.SUCCESS", "_SMS.BUFFERED", "_SMS.FAILURE", "_SMS.OPTOUT"])
            event = sms_event(kind, endpoint_id=f"e{index}", phone_number=f"+1425555{index:04d}")
        elif roll < 0.8:
            event_type = rng.choice(list(names.PUSH_SEND_EVENTS))
            event = push_event(
                event_type, rng.choice(["SUCCESS", "THROTTLED"]), delivery_type=rng.choice(["GCM", "APNS", "SMS"])
            )
        elif roll < 0.9:
            event = custom_channel_event(
                rng.choice([names.SENT_EVENT_TYPE, names.FAILED_EVENT_TYPE]),
                rng.choice([None, "deadline_exceeded", "webhook_http_500"]),
            )
        else:
            event = {**sms_event("_SMS.SUCCESS"), "event_type": rng.choice(["_session.start", "purchase"])}
        attributes = event["attributes"]
        where = rng.random()
        if where < 0.6:
            attributes["campaign_id"] = rng.choice(campaigns)
            attributes.pop("journey_id", None)
        elif where < 0.85:
            attributes.pop("campaign_id", None)
            attributes["journey_id"] = rng.choice(journeys)
        elif where < 0.95:
            attributes.pop("campaign_id", None)
            attributes.pop("journey_id", None)
        else:
            attributes["campaign_id"] = rng.choice(["c" * 65, "a b", 'q"uote'])
        if rng.random() < 0.1:  # another project's event, of that project's campaign (ids are unique)
            event["application"]["app_id"] = "another-project-id-000000000000000"
            if "campaign_id" in attributes:
                attributes["campaign_id"] = "another-projects-campaign"
        layout = rng.random()
        if layout < 0.3:
            events.append(json.dumps(event, separators=(",", ":")).encode())
        elif layout < 0.35:
            events.append(json.dumps(dict(reversed(list(event.items()))), indent=1).encode())  # no Pinpoint layout
        else:
            events.append(event)
    records = kinesis_records(events)
    if rng.random() < 0.3:
        records[rng.randrange(size)]["kinesis"]["data"] = "not base64!"
    return records


def test_the_counts_are_those_of_parsing_every_record():
    counted_batches = 0
    for seed in range(100):
        rng = random.Random(seed)
        records = random_batch(rng, rng.choice([1, 5, 50, 400]))
        failed_endpoints: set[str] = set()
        if seed % 3 == 0:  # an opt-out whose UpdateEndpointsBatch fails, somewhere in the batch
            at = rng.randrange(len(records))
            records.insert(at, kinesis_record(email_event("_email.hardbounce", endpoint_id="fails"), str(10**40 + at)))
        _, documents, _ = run(records, pinpoint=_FailingFor("fails", failed_endpoints))
        found = counts(documents)
        found.get((None, None), {}).pop(names.OPT_OUTS_PROCESSED, None)
        found = {key: value for key, value in found.items() if value}
        assert found == reference_counts(records, failed_endpoints), seed
        counted_batches += bool(found)
    assert counted_batches > 70  # not a comparison of empty counts


class _FailingFor:
    """Fails the UpdateEndpointsBatch call that has the endpoint ``endpoint_id``, noting its endpoints."""

    def __init__(self, endpoint_id: str, failed_endpoints: set[str]) -> None:
        self.endpoint_id, self.failed_endpoints = endpoint_id, failed_endpoints

    def update_endpoints_batch(self, **kwargs):
        ids = {item["Id"] for item in kwargs["EndpointBatchRequest"]["Item"]}
        if self.endpoint_id in ids:
            self.failed_endpoints.update(ids)
            raise ClientError({"Error": {"Code": "InternalServerErrorException", "Message": "x"}}, "Update")
        return ACCEPTED
