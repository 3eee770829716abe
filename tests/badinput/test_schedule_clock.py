"""Synth does not depend on today's date: a past start is a warning, or an error against a pinned time."""

from __future__ import annotations

import datetime

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Annotations, Match

from cdk_pinpoint import (
    Campaign,
    ConfigurationError,
    EmailMessage,
    Project,
    Schedule,
    Segment,
    SegmentDimensions,
    SetFilter,
)
from cdk_pinpoint.journeys import Email, Journey, JourneySchedule, JourneyStart

from .support import Case, expect_error, run

PAST = datetime.datetime(2020, 1, 1, 9, tzinfo=datetime.UTC)
LATER = datetime.datetime(2020, 6, 1, 9, tzinfo=datetime.UTC)
WARNING_ID = "cdk-pinpoint:schedule-in-the-past"


def _app_stack(now: str | None = None) -> cdk.Stack:
    context = {"aws:cdk:bundling-stacks": []}
    if now is not None:
        context["cdk-pinpoint:now"] = now
    return cdk.Stack(cdk.App(context=context), "Test", env=cdk.Environment(account="123456789012", region="us-east-1"))


def _campaign(stack: cdk.Stack, schedule: Schedule) -> Campaign:
    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    return Campaign(stack, "X", project=project, segment=segment, campaign_name="c",
                    message=EmailMessage("Hi", text_body="Hi"), schedule=schedule)  # fmt: skip


def _journey(stack: cdk.Stack, schedule: JourneySchedule) -> Journey:
    from cdk_pinpoint import EmailTemplate

    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    template = EmailTemplate(stack, "T", template_name="t", subject="s", text_part="t")
    return Journey(stack, "X", project=project, start=JourneyStart.from_segment(segment),
                   definition=Email("Send", template=template), journey_name="j", schedule=schedule)  # fmt: skip


def _pinned(build):
    return lambda s: build(_app_stack("2021-01-01T00:00:00+00:00"))


CASES = [
    Case(
        _pinned(lambda s: _campaign(s, Schedule.once(PAST))),
        "Test/X",
        "schedule.start",
        PAST.isoformat(),
        id="campaign-start-before-pinned-now",
    ),
    Case(
        _pinned(lambda s: _campaign(s, Schedule.recurring("daily", start=PAST, end=LATER))),
        "Test/X",
        "schedule.start",
        PAST.isoformat(),
        id="campaign-recurring-before-pinned-now",
    ),
    Case(
        _pinned(lambda s: _journey(s, JourneySchedule(start=PAST))),
        "Test/X",
        "schedule.start",
        PAST.isoformat(),
        id="journey-start-before-pinned-now",
    ),
    Case(
        lambda s: _campaign(_app_stack("yesterday"), Schedule.once(PAST)),
        "Test/X",
        "context['cdk-pinpoint:now']",
        "yesterday",
        id="pinned-now-not-iso",
    ),
    Case(
        lambda s: _campaign(_app_stack("2021-01-01T00:00:00"), Schedule.once(PAST)),
        "Test/X",
        "context['cdk-pinpoint:now']",
        "2021-01-01T00:00:00",
        id="pinned-now-without-zone",
    ),
]


@run(CASES)
def test_a_past_time_fails_only_against_a_time_pinned_in_context(case):
    expect_error(case)


@pytest.mark.parametrize(
    "build",
    [lambda s: _campaign(s, Schedule.once(PAST)), lambda s: _journey(s, JourneySchedule(start=PAST))],
    ids=["campaign", "journey"],
)
def test_without_a_pinned_time_a_past_start_is_an_acknowledgeable_warning(build):
    stack = _app_stack()
    construct = build(stack)  # synthesizes whatever today's date
    Annotations.from_stack(stack).has_warning(
        "/Test/X", Match.string_like_regexp(f"schedule.start=2020-01-01.*{WARNING_ID}")
    )
    cdk.Annotations.of(construct).acknowledge_warning(WARNING_ID, "sent in 2020")
    Annotations.from_stack(stack).has_no_warning("/Test/X", Match.string_like_regexp("schedule.start"))


def test_a_pinned_time_before_the_start_passes_without_a_warning():
    stack = _app_stack("2019-01-01T00:00:00+00:00")
    _campaign(stack, Schedule.once(PAST))
    Annotations.from_stack(stack).has_no_warning("*", Match.string_like_regexp("schedule.start"))


def test_the_pinned_time_is_read_only_to_judge_a_start_or_end():
    """A schedule with no time to judge (sent immediately) does not read the context (two jsii round
    trips per campaign); the same malformed value fails as soon as a schedule has a time."""
    _campaign(_app_stack("yesterday"), Schedule.immediately())
    with pytest.raises(ConfigurationError, match=r"context\['cdk-pinpoint:now'\]"):
        _campaign(_app_stack("yesterday"), Schedule.once(PAST))
