"""Bad input to EventStream, EventDestination, EventProcessor and EventArchive."""

from __future__ import annotations

import datetime

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_kinesis as kinesis
from aws_cdk.assertions import Annotations, Match

from cdk_pinpoint import EventArchive, EventDestination, EventProcessor, EventStream
from cdk_pinpoint.event_stream import OTHER_REGION_WARNING_ID

from .support import Case, expect_error, project, run, stack

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
        lambda s: EventStream(
            s, "X", project=project(s), destination=EventDestination.new_kinesis_stream(shard_count=0)
        ),
        P,
        "destination.shard_count",
        0,
        id="shards-zero",
    ),
    Case(
        lambda s: EventStream(
            s, "X", project=project(s), destination=EventDestination.new_kinesis_stream(shard_count=1.5)
        ),
        P,
        "destination.shard_count",
        1.5,
        id="shards-fractional",
    ),
    Case(
        lambda s: EventStream(
            s,
            "X",
            project=project(s),
            destination=EventDestination.new_kinesis_stream(retention_period=Duration.hours(1)),
        ),
        P,
        "destination.retention_period",
        1,
        id="retention-too-short",
    ),
    Case(
        lambda s: EventStream(s, "X", project=project(s), destination=EventDestination.kinesis("my-stream")),
        P,
        "destination.stream",
        "my-stream",
        id="kinesis-name-string",
    ),
    Case(
        lambda s: EventStream(s, "X", project=project(s), destination=EventDestination.firehose_arn("not-an-arn")),
        P,
        "destination.delivery_stream_arn",
        "not-an-arn",
        id="firehose-arn-invalid",
    ),
    Case(
        lambda s: EventStream(
            s, "X", project=project(s), destination=EventDestination.new_kinesis_stream(stream_name="has space")
        ),
        P,
        "destination.stream_name",
        "has space",
        id="stream-name-space",
    ),
    # limits read from CloudFormation's schemas (_data/cfn_constraints.json)
    Case(
        lambda s: EventStream(
            s, "X", project=project(s), destination=EventDestination.new_kinesis_stream(shard_count=100_001)
        ),
        P,
        "destination.shard_count",
        100_001,
        id="stream-shards-over-schema-maximum",
    ),
    Case(
        lambda s: EventStream(
            s,
            "X",
            project=project(s),
            destination=EventDestination.new_kinesis_stream(retention_period=Duration.minutes(25 * 60 + 30)),
        ),
        P,
        "destination.retention_period (hours)",
        25.5,
        id="stream-retention-fraction-of-hours",
    ),
    Case(
        lambda s: EventProcessor(s, "X", event_stream=_stream(s), max_record_age=Duration.days(8)),
        P,
        "max_record_age (seconds)",
        691_200,
        id="processor-age-over-schema-maximum",
    ),
    Case(
        lambda s: EventProcessor(s, "X", event_stream=_stream(s), max_record_age=Duration.millis(90_500)),
        P,
        "max_record_age (seconds)",
        90.5,
        id="processor-age-fraction-of-seconds",
    ),
    Case(
        lambda s: EventArchive(s, "X", event_stream=_stream(s), table_name="t" * 256),
        P,
        "table_name",
        "t" * 256,
        id="archive-table-name-over-schema-max-length",
    ),
    Case(
        lambda s: EventArchive(s, "X", event_stream=_stream(s), buffering_interval=Duration.minutes(16)),
        P,
        "buffering_interval (seconds)",
        960,
        id="archive-buffering-over-schema-maximum",
    ),
    Case(
        lambda s: EventArchive(s, "X", event_stream=_stream(s), buffering_interval=Duration.millis(90_500)),
        P,
        "buffering_interval (seconds)",
        90.5,
        id="archive-buffering-fraction-of-seconds",
    ),
]


@run(CASES)
def test_bad_event_streaming_input_fails_with_path_field_and_value(case):
    expect_error(case)


@pytest.mark.parametrize(
    "destination",
    [
        lambda s: EventDestination.firehose_arn(_FIREHOSE_EU),
        lambda s: EventDestination.kinesis(kinesis.Stream.from_stream_arn(s, "Eu", _KINESIS_EU)),
    ],
    ids=["firehose", "kinesis"],
)
def test_a_destination_in_another_region_is_an_acknowledgeable_warning(destination):
    # no AWS page says Pinpoint cannot stream across regions, so this is not an error
    s = stack()
    stream = EventStream(s, "X", project=project(s), destination=destination(s))
    warning = Match.string_like_regexp(
        r"destination=arn:aws:\w+:eu-west-1:.*another region than the stack's \(us-east-1\)"
    )
    Annotations.from_stack(s).has_warning("/Test/X", warning)
    cdk.Annotations.of(stream).acknowledge_warning(OTHER_REGION_WARNING_ID, "tested in eu-west-1")
    Annotations.from_stack(s).has_no_warning("/Test/X", warning)


def test_a_timedelta_is_taken_where_a_duration_is_expected():
    s = stack()
    processor = EventProcessor(s, "X", event_stream=_stream(s), max_record_age=datetime.timedelta(hours=2))
    assert processor is not None
