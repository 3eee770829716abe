"""Bad input to EventStream, EventDestination, EventProcessor and EventArchive."""

from __future__ import annotations

import datetime

from aws_cdk import Duration
from aws_cdk import aws_kinesis as kinesis

from cdk_pinpoint import EventArchive, EventDestination, EventProcessor, EventStream

from .support import Case, expect_error, project, run

P = "Test/X"
_FIREHOSE_EU = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/events"
_KINESIS_EU = "arn:aws:kinesis:eu-west-1:123456789012:stream/events"


def _stream(s):
    found = s.node.try_find_child("Events")
    return found or EventStream(s, "Events", project=project(s))


CASES = [
    Case(
        lambda s: EventStream(s, "X", project=project(s), destination="arn:aws:kinesis:us-east-1:1:stream/s"),
        P,
        "destination",
        "arn:aws:kinesis:us-east-1:1:stream/s",
        id="stream-destination-arn",
    ),
    Case(lambda s: EventStream(s, "X", project="p"), P, "project", "p", id="stream-project-string"),
    Case(
        lambda s: EventStream(s, "X", project=project(s), destination=EventDestination.firehose_arn(_FIREHOSE_EU)),
        P,
        "destination",
        _FIREHOSE_EU,
        id="stream-firehose-other-region",
    ),
    Case(
        lambda s: EventStream(
            s,
            "X",
            project=project(s),
            destination=EventDestination.kinesis(kinesis.Stream.from_stream_arn(s, "Eu", _KINESIS_EU)),
        ),
        P,
        "destination",
        _KINESIS_EU,
        id="stream-kinesis-other-region",
    ),
    Case(
        lambda s: EventProcessor(s, "X", event_stream=_stream(s), batch_size=0),
        P,
        "batch_size",
        0,
        id="processor-batch-zero",
    ),
    Case(
        lambda s: EventProcessor(s, "X", event_stream=_stream(s), batch_size=2.5),
        P,
        "batch_size",
        2.5,
        id="processor-batch-fractional",
    ),
    Case(
        lambda s: EventProcessor(s, "X", event_stream=_stream(s), retry_attempts=-1),
        P,
        "retry_attempts",
        -1,
        id="processor-retries-negative",
    ),
    Case(
        lambda s: EventProcessor(s, "X", event_stream=_stream(s), suppress_in_ses="yes"),
        P,
        "suppress_in_ses",
        "yes",
        id="processor-suppress-string",
    ),
    Case(
        lambda s: EventProcessor(s, "X", event_stream=_stream(s), max_record_age=3600),
        P,
        "max_record_age",
        3600,
        id="processor-age-bare-number",
    ),
    Case(
        lambda s: EventProcessor(s, "X", event_stream="events"),
        P,
        "event_stream",
        "events",
        id="processor-stream-string",
    ),
    Case(
        lambda s: EventArchive(s, "X", event_stream=_stream(s), expiration=Duration.hours(36)),
        P,
        "expiration",
        "1 day 12 hours",
        id="archive-expiration-not-days",
    ),
    Case(
        lambda s: EventArchive(s, "X", event_stream=_stream(s), expiration=Duration.millis(1500)),
        P,
        "expiration",
        "1 second 500 millis",
        id="archive-expiration-sub-second",
    ),
    Case(
        lambda s: EventArchive(s, "X", event_stream=_stream(s), database_name="Has Space"),
        P,
        "database_name",
        "Has Space",
        id="archive-database-name",
    ),
    Case(
        lambda s: EventArchive(s, "X", event_stream=_stream(s), removal_policy="gone"),
        P,
        "removal_policy",
        "gone",
        id="archive-removal-unknown",
    ),
    Case(
        lambda s: EventArchive(s, "X", event_stream=_stream(s), server_access_logs_bucket="s3://logs"),
        P,
        "server_access_logs_bucket",
        "s3://logs",
        id="archive-logs-bucket-url",
    ),
    # value objects
    Case(
        lambda s: EventDestination.new_kinesis_stream(shard_count=0),
        None,
        "destination.shard_count",
        0,
        id="shards-zero",
    ),
    Case(
        lambda s: EventDestination.new_kinesis_stream(shard_count=1.5),
        None,
        "destination.shard_count",
        1.5,
        id="shards-fractional",
    ),
    Case(
        lambda s: EventDestination.new_kinesis_stream(retention_period=Duration.hours(1)),
        None,
        "destination.retention_period",
        1,
        id="retention-too-short",
    ),
    Case(
        lambda s: EventDestination.kinesis("my-stream"),
        None,
        "destination.stream",
        "my-stream",
        id="kinesis-name-string",
    ),
    Case(
        lambda s: EventDestination.firehose_arn("not-an-arn"),
        None,
        "destination.delivery_stream_arn",
        "not-an-arn",
        id="firehose-arn-invalid",
    ),
    Case(
        lambda s: EventDestination.new_kinesis_stream(stream_name="has space"),
        None,
        "destination.stream_name",
        "has space",
        id="stream-name-space",
    ),
]


@run(CASES)
def test_bad_event_streaming_input_fails_with_path_field_and_value(case):
    expect_error(case)


def test_a_timedelta_is_taken_where_a_duration_is_expected():
    from .support import stack

    s = stack()
    processor = EventProcessor(s, "X", event_stream=_stream(s), max_record_age=datetime.timedelta(hours=2))
    assert processor is not None
