"""The EventProcessor's metrics read a record's bytes, not its parsed JSON: these tests pin down what
that reading counts. On records in Pinpoint's documented layouts (each key once) it counts what
json.loads would (a hypothesis property); a record that repeats a key is counted by the first
occurrence (explicit cases)."""

from __future__ import annotations

import json

import pytest
from event_processor import handler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdk_pinpoint.monitoring import names
from tests.lambdas.event_processor_shapes import PROJECT_ID, email_event, kinesis_record, kinesis_records
from tests.lambdas.test_event_processor_metrics import CAMPAIGN_ID, _FailingFor, counts, reference_counts, run

OTHER_PROJECT = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
CAMPAIGNS = {PROJECT_ID: ["52dc44b35c4742c98c5935269example", "c2"], OTHER_PROJECT: ["c3"]}
JOURNEYS = {PROJECT_ID: ["e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6"], OTHER_PROJECT: ["j-other"]}
EVENT_TYPES = [*names.EVENT_METRICS, *names.PUSH_SEND_EVENTS, "_session.start", "purchase", "_inapp.message_clicked"]
#: keys the reading looks for: a generated record holds each at most once, where Pinpoint writes it
RESERVED = {"event_type", "app_id", "campaign_id", "journey_id", "delivery_type", "reason", "record_status"}
#: string values that hold key text, quotes, escapes and braces
TRICKY = st.sampled_from(
    [
        "campaign_id",
        "app_id",
        "journey_id",
        "event_type",
        '"campaign_id": "c-evil"',
        '{"app_id": "' + OTHER_PROJECT + '"}',
        '"journey_id":"j-evil"',
        'say "hi"',
        "back\\slash",
        "}{][,:",
        "ünïcode ✓",
    ]
)
TEXT = st.one_of(TRICKY, st.text(max_size=20))
EXTRA_KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
    lambda key: key not in RESERVED
)
EXTRA_ATTRIBUTES = st.dictionaries(EXTRA_KEYS, TEXT, max_size=12)


@st.composite
def pinpoint_event(draw, project: str, campaign: str | None) -> dict:
    """An event in Pinpoint's documented layout: event_type first, then timestamps, application,
    client, device, session, attributes, client_context, awsAccountId, facets, metrics; each key once."""
    event_type = draw(st.sampled_from(EVENT_TYPES))
    attributes: dict = draw(EXTRA_ATTRIBUTES)
    where = "campaign" if campaign else draw(st.sampled_from(["campaign", "journey", "neither"]))
    if where == "campaign":
        attributes["campaign_id"] = campaign or draw(st.sampled_from(CAMPAIGNS[project]))
    elif where == "journey":
        attributes["journey_id"] = draw(st.sampled_from(JOURNEYS[project]))
    if event_type in names.PUSH_SEND_EVENTS:
        attributes["delivery_type"] = draw(st.sampled_from(["GCM", "APNS", "EMAIL", "SMS"]))
        attributes[names.PUSH_SEND_EVENTS[event_type]] = draw(st.sampled_from(["SUCCESS", "THROTTLED"]))
    if event_type == names.FAILED_EVENT_TYPE:
        attributes["reason"] = draw(st.sampled_from(["deadline_exceeded", "webhook_http_500"]))
    if event_type == "_SMS.FAILURE":
        attributes["record_status"] = "UNREACHABLE"
    event = {
        "event_type": event_type,
        "event_timestamp": 1564618621380,
        "arrival_timestamp": 1564618622025,
        "event_version": "3.1",
        "application": {"app_id": project, "sdk": draw(st.dictionaries(EXTRA_KEYS, TEXT, max_size=2))},
        "client": {"client_id": draw(st.sampled_from(["endpoint-1", 'end"point', "app_id"]))},
        "device": {"platform": {"name": draw(TEXT)}},
        "session": {},
        "attributes": attributes,
    }
    if draw(st.booleans()):
        event["client_context"] = {"custom": draw(EXTRA_ATTRIBUTES)}
    event["awsAccountId"] = "123456789012"
    if event_type.startswith("_email."):
        facets = email_event("_email.send")["facets"]
        mail = facets["email_channel"]["mail_event"]["mail"]
        mail["headers"].append({"name": "Subject", "value": draw(TEXT)})
        mail["common_headers"]["subject"] = draw(TEXT)
        event["facets"] = facets
    event["metrics"] = {"price_in_millicents_usd": 645.0}
    return event


@st.composite
def pinpoint_batch(draw) -> list:
    """A batch of records: often one campaign's events (the common batch), else a mix of campaigns,
    journeys and projects; compact or spaced JSON per record."""
    size = draw(st.integers(1, 30))
    one_campaign = draw(st.booleans())
    records = []
    for _ in range(size):
        if one_campaign and draw(st.integers(0, 9)):
            event = draw(pinpoint_event(PROJECT_ID, CAMPAIGN_ID))
        else:
            event = draw(pinpoint_event(draw(st.sampled_from([PROJECT_ID, PROJECT_ID, OTHER_PROJECT])), None))
        compact = draw(st.booleans())
        records.append(json.dumps(event, separators=(",", ":") if compact else None).encode())
    return records


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=pinpoint_batch(),
    read_slice=st.integers(1, 8),
    unreadable=st.none() | st.integers(0, 29),
    failing_endpoint=st.sampled_from([None, "endpoint-1"]),
)
def test_records_in_pinpoints_layouts_are_counted_as_json_loads_reads_them(
    batch, read_slice, unreadable, failing_endpoint
):
    """Also when a record fails (unreadable, or an opt-out whose UpdateEndpointsBatch fails): counted up
    to the first failed one, which may fall inside the slices of one campaign."""
    records = kinesis_records(batch)
    if unreadable is not None and unreadable < len(records):
        records[unreadable]["kinesis"]["data"] = "not base64!"
    failed_endpoints: set[str] = set()
    original = handler.READ_SLICE
    handler.READ_SLICE = read_slice  # several slices, uniform and not, in one batch
    try:
        _, documents, _ = run(records, pinpoint=_FailingFor(failing_endpoint, failed_endpoints))
    finally:
        handler.READ_SLICE = original
    found = counts(documents)
    found.get((None, None), {}).pop(names.OPT_OUTS_PROCESSED, None)
    assert {key: value for key, value in found.items() if value} == reference_counts(records, failed_endpoints)


# --- a record that repeats a key: counted by the first occurrence --------------------------------------


def _with(raw: bytes, member: bytes) -> bytes:
    """``raw`` with ``member`` added as the last top-level member (a repeated key, as json.loads keeps it)."""
    return raw[:-1] + b", " + member + b"}"


OPEN = json.dumps(email_event("_email.open")).encode()


@pytest.mark.parametrize(
    ("raw", "expected", "json_reads"),
    [
        pytest.param(
            _with(OPEN, b'"event_type": "_email.click"'),
            {(CAMPAIGN_ID, None): {"Opens": 1}},
            "_email.click",
            id="event_type: the first member",
        ),
        pytest.param(
            _with(OPEN, b'"attributes": {"campaign_id": "c-later"}'),
            {(CAMPAIGN_ID, None): {"Opens": 1}},
            "c-later",
            id="campaign_id: the first",
        ),
        pytest.param(
            _with(OPEN, b'"application": {"app_id": "' + OTHER_PROJECT.encode() + b'"}'),
            {(CAMPAIGN_ID, None): {"Opens": 1}},
            OTHER_PROJECT,
            id="app_id: the first is the project's, so counted",
        ),
        pytest.param(
            _with(
                json.dumps(email_event("_email.open", app_id=OTHER_PROJECT)).encode(),
                b'"application": {"app_id": "' + PROJECT_ID.encode() + b'"}',
            ),
            {},
            PROJECT_ID,
            id="app_id: the first is another project's, so not counted",
        ),
        pytest.param(
            OPEN.replace(b'"event_type"', b'"session": {"campaign_id": "c-nested"}, "event_type"', 1),
            {("c-nested", None): {"Opens": 1}},
            CAMPAIGN_ID,
            id="campaign_id: the first, even nested elsewhere",
        ),
    ],
)
def test_a_record_that_repeats_a_key_is_counted_by_its_first_occurrence(raw, expected, json_reads):
    event = json.loads(raw)
    assert json_reads in (event["event_type"], event["attributes"]["campaign_id"], event["application"]["app_id"])
    _, documents, _ = run([kinesis_record(raw, "1")])
    assert counts(documents) == expected


def test_in_a_slice_of_the_batchs_campaign_app_ids_are_not_read(monkeypatch):
    """The first record is checked to be the project's; the others of its campaign are taken as the
    project's without reading their app_id (campaign ids are unique across projects, so Pinpoint never
    writes another project's event with it). The same record outside such a slice is read in full."""
    project_open = email_event("_email.open")
    other_project_open = email_event("_email.open", app_id=OTHER_PROJECT)  # the same campaign id
    monkeypatch.setattr(handler, "READ_SLICE", 2)
    _, documents, _ = run(kinesis_records([project_open, other_project_open]))
    assert counts(documents) == {(CAMPAIGN_ID, None): {"Opens": 2}}
    journey_open = email_event("_email.open")
    del journey_open["attributes"]["campaign_id"]
    journey_open["attributes"]["journey_id"] = JOURNEYS[PROJECT_ID][0]
    mixed = [project_open, journey_open, other_project_open]
    _, documents, _ = run(kinesis_records(mixed))
    assert counts(documents) == {(CAMPAIGN_ID, None): {"Opens": 1}, (None, JOURNEYS[PROJECT_ID][0]): {"Opens": 1}}
    _, documents, _ = run(kinesis_records([other_project_open, project_open]))  # the first is not the project's
    assert counts(documents) == {(CAMPAIGN_ID, None): {"Opens": 1}}


def test_a_failed_opt_out_inside_one_campaigns_slices_stops_the_count_there(monkeypatch):
    """Every slice is one campaign's (read by event type), and the opt-out at index 3 fails: only the
    three records before it are counted."""
    events = [email_event("_email.send", endpoint_id=f"e{i}") for i in range(6)]
    events[3] = email_event("_email.hardbounce", endpoint_id="fails")
    records = kinesis_records(events)
    monkeypatch.setattr(handler, "READ_SLICE", 2)
    failed: set[str] = set()
    response, documents, _ = run(records, pinpoint=_FailingFor("fails", failed))
    assert [f["itemIdentifier"] for f in response["batchItemFailures"]] == [records[3]["kinesis"]["sequenceNumber"]]
    assert counts(documents) == {(CAMPAIGN_ID, None): {"Sends": 3, "EmailSends": 3}}
    assert counts(documents) == reference_counts(records, failed)
