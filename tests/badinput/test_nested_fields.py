"""A value object of the wrong shape, written straight into a construct's keyword, names the field
as the user wrote it: ``schedule.frequency``, not ``frequency`` (the value fails as it is written,
before the construct exists, so no construct path).
"""

from __future__ import annotations

import datetime

from aws_cdk import Duration

from cdk_pinpoint import (
    Campaign,
    CustomChannel,
    EmailMessage,
    EventDestination,
    EventStream,
    Limits,
    Project,
    QuietTime,
    Schedule,
    Segment,
    SegmentDimensions,
)
from cdk_pinpoint.custom_channel import Delivery
from cdk_pinpoint.journeys import Condition, ConditionalSplit, Journey, JourneyLimits, JourneyStart, Wait

from .support import Case, expect_error, project, run, secret, segment

P = "Test/X"
START = datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC)


def _campaign(s, **kw):
    props = {"message": EmailMessage("Hi", html_body="<p>Hi</p>"), "schedule": Schedule.immediately(), **kw}
    return Campaign(s, "X", project=project(s), segment=segment(s), campaign_name="c", **props)


def _journey(s, definition, **kw):
    start = JourneyStart.from_segment(segment(s))
    return Journey(s, "X", project=project(s), journey_name="j", start=start, definition=definition, **kw)


CASES = [
    Case(
        lambda s: _campaign(s, schedule=Schedule.recurring("FORTNIGHTLY", start=START)),
        P,
        "schedule.frequency",
        "FORTNIGHTLY",
        id="campaign-schedule-frequency",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.on_event("buy", start=START, end=START, source="APP")),
        P,
        "schedule.source",
        "APP",
        id="campaign-schedule-event-source",
    ),
    Case(
        lambda s: _campaign(s, message=EmailMessage("Hi", html_body=["<p>Hi</p>"])),
        P,
        "message.html_body",
        ["<p>Hi</p>"],
        id="campaign-message-body-list",
    ),
    Case(
        lambda s: _campaign(s, limits=Limits(maximum_duration=60)),
        P,
        "limits.maximum_duration",
        60,
        id="campaign-limits-duration-number",
    ),
    Case(lambda s: _campaign(s, quiet_time=QuietTime("22:00", 7)), P, "quiet_time.end", 7, id="campaign-quiet-end-int"),
    Case(
        lambda s: Project(s, "X", project_name="p", limits=Limits(daily="5")),
        P,
        "limits.daily",
        "5",
        id="project-limits-daily-string",
    ),
    Case(
        lambda s: Segment(s, "X", project=project(s), segment_name="s", dimensions=SegmentDimensions(make="m")),
        P,
        "dimensions.make",
        "m",
        id="segment-dimensions-make-string",
    ),
    Case(lambda s: _journey(s, Wait("Pause", duration=3600)), P, "Pause.duration", 3600, id="journey-wait-number"),
    Case(
        lambda s: _journey(s, Wait("W", duration=Duration.days(1)), limits=JourneyLimits(daily_cap=2.5)),
        P,
        "limits.daily_cap",
        2.5,
        id="journey-limits-fractional",
    ),
    Case(
        lambda s: _journey(s, ConditionalSplit("Split").when(Condition.endpoint_attribute("tier", "gold"))),
        P,
        "Split.when.condition.matches",
        "gold",
        id="journey-condition-matches-string",
    ),
    Case(
        lambda s: CustomChannel(
            s,
            "X",
            project=project(s),
            delivery=Delivery.webhook("https://example.com", signing_secret=secret(s), max_attempts="3"),
        ),
        P,
        "delivery.max_attempts",
        "3",
        id="channel-webhook-attempts-string",
    ),
    Case(
        lambda s: CustomChannel(s, "X", project=project(s), delivery=Delivery.ses(from_address=["a@example.com"])),
        P,
        "delivery.from_address",
        ["a@example.com"],
        id="channel-ses-from-address-list",
    ),
    Case(
        lambda s: EventStream(
            s, "X", project=project(s), destination=EventDestination.new_kinesis_stream(shard_count="2")
        ),
        P,
        "destination.shard_count",
        "2",
        id="stream-destination-shards-string",
    ),
]


@run(CASES)
def test_a_value_given_to_a_construct_names_its_field_from_the_keyword(case):
    expect_error(case)
