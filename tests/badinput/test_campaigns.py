"""Bad input to Campaign and its values: schedules, messages, treatments, custom delivery."""

from __future__ import annotations

import datetime

from cdk_pinpoint import (
    Campaign,
    CustomDelivery,
    CustomMessage,
    EmailMessage,
    Frequency,
    Limits,
    PushMessage,
    Schedule,
    SmsMessage,
    Treatment,
)

from .support import Case, expect_error, project, run, segment

P = "Test/X"
EMAIL = EmailMessage("Hello", html_body="<p>Hello</p>")
START = datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC)
END = datetime.datetime(2030, 2, 1, 9, tzinfo=datetime.UTC)


def _campaign(s, **kw):
    props = {
        "project": project(s),
        "segment": segment(s),
        "campaign_name": "c",
        "message": EMAIL,
        "schedule": Schedule.immediately(),
        **kw,
    }
    return Campaign(s, "X", **props)


CASES = [
    Case(lambda s: _campaign(s, holdout_percent=120), P, "holdout_percent", 120, id="holdout-over-100"),
    Case(lambda s: _campaign(s, holdout_percent=12.5), P, "holdout_percent", 12.5, id="holdout-fractional"),
    Case(lambda s: _campaign(s, holdout_percent="10"), P, "holdout_percent", "10", id="holdout-string"),
    Case(lambda s: _campaign(s, priority=9), P, "priority", 9, id="priority-9"),
    Case(lambda s: _campaign(s, campaign_name=None), P, "campaign_name", None, id="name-none"),
    Case(lambda s: _campaign(s, campaign_name=42), P, "campaign_name", 42, id="name-int"),
    Case(lambda s: _campaign(s, schedule="IMMEDIATE"), P, "schedule", "IMMEDIATE", id="schedule-string"),
    Case(lambda s: _campaign(s, message="hi"), P, "message", "hi", id="message-string"),
    Case(lambda s: _campaign(s, treatments=[50, 50]), P, "treatments[0]", 50, id="treatments-ints"),
    Case(
        lambda s: _campaign(s, treatments=[Treatment(60), Treatment(60)]),
        P,
        "treatments.size_percent",
        [60, 60],
        id="treatments-over-100",
    ),
    Case(lambda s: _campaign(s, limits=Limits(daily=1.5)), P, "limits.daily", 1.5, id="limits-fractional"),
    Case(lambda s: _campaign(s, paused="no"), P, "paused", "no", id="paused-string"),
    Case(lambda s: _campaign(s, segment_version=0), P, "segment_version", 0, id="segment-version-0"),
    Case(lambda s: _campaign(s, segment="everyone"), P, "segment", "everyone", id="segment-string"),
    Case(lambda s: _campaign(s, tags={"aws:cost": "x"}), P, "tags", "aws:cost", id="tag-aws"),
    Case(lambda s: _campaign(s, description=5), P, "description", 5, id="description-int"),
    Case(lambda s: _campaign(s, message=CustomMessage("{}")), P, "custom_delivery", None, id="custom-without-delivery"),
    # value objects, written before any construct
    Case(
        lambda s: _campaign(s, schedule=Schedule.recurring("FORTNIGHTLY", start=START, end=END)),
        P,
        "schedule.frequency",
        "FORTNIGHTLY",
        id="schedule-recurring-unknown",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.recurring(Frequency.ONCE, start=START)),
        P,
        "schedule.frequency",
        "ONCE",
        id="schedule-recurring-once",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.once("tomorrow")),
        P,
        "schedule.start",
        "tomorrow",
        id="schedule-start-text",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.once(datetime.datetime(2030, 1, 1))),
        P,
        "schedule.start",
        datetime.datetime(2030, 1, 1),
        id="schedule-start-naive",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.once(START, time_zone="CET")),
        P,
        "schedule.time_zone",
        "CET",
        id="schedule-time-zone",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.on_event("buy", start=START)),
        P,
        "schedule.end",
        None,
        id="schedule-event-no-end",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.on_event("", start=START, end=END)),
        P,
        "schedule.event_types",
        ("",),
        id="schedule-event-empty",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.on_event(5, start=START, end=END)),
        P,
        "schedule.event_types[0]",
        5,
        id="schedule-event-int",
    ),
    Case(
        lambda s: _campaign(s, schedule=Schedule.once(START, local_time="yes")),
        P,
        "schedule.local_time",
        "yes",
        id="schedule-local-time-str",
    ),
    Case(lambda s: _campaign(s, message=EmailMessage(None)), P, "message.subject", None, id="email-subject-none"),
    Case(
        lambda s: _campaign(s, message=SmsMessage("hi", message_type="URGENT")),
        P,
        "message.message_type",
        "URGENT",
        id="sms-type-unknown",
    ),
    Case(
        lambda s: _campaign(s, message=PushMessage("t", "b", action="LINK")),
        P,
        "message.action",
        "LINK",
        id="push-action-unknown",
    ),
    Case(
        lambda s: _campaign(s, message=PushMessage("t", "b", silent="no")),
        P,
        "message.silent",
        "no",
        id="push-silent-string",
    ),
    # Pinpoint API reference, Message.Body: "The maximum number of characters is 200."
    Case(
        lambda s: _campaign(s, message=PushMessage("t", "b" * 201)),
        P,
        "message.body",
        "b" * 201,
        id="push-body-over-200",
    ),
    Case(
        lambda s: _campaign(s, treatments=[Treatment(101), Treatment(50)]),
        P,
        "treatments[0].size_percent",
        101,
        id="treatment-size-over-100",
    ),
    Case(
        lambda s: _campaign(s, treatments=[Treatment(33.3), Treatment(50)]),
        P,
        "treatments[0].size_percent",
        33.3,
        id="treatment-size-fractional",
    ),
    Case(
        lambda s: _campaign(s, treatments=[Treatment(50, message="hi"), Treatment(50)]),
        P,
        "treatments[0].message",
        "hi",
        id="treatment-message-string",
    ),
    Case(
        lambda s: _campaign(
            s, message=CustomMessage("{}"), custom_delivery=CustomDelivery.url("http://example.com/hook")
        ),
        P,
        "custom_delivery.url",
        "http://example.com/hook",
        id="custom-delivery-http",
    ),
    Case(
        lambda s: _campaign(s, message=CustomMessage("{}"), custom_delivery=CustomDelivery.url(5)),
        P,
        "custom_delivery.uri",
        5,
        id="custom-delivery-int",
    ),
    Case(
        lambda s: _campaign(
            s, message=CustomMessage("{}"), custom_delivery=CustomDelivery.lambda_function("my-function")
        ),
        P,
        "custom_delivery.function",
        "my-function",
        id="custom-delivery-function-name",
    ),
]


@run(CASES)
def test_bad_campaign_input_fails_with_path_field_and_value(case):
    expect_error(case)


def test_a_deploy_time_value_is_never_printed_as_its_token_encoding():
    import pytest
    from aws_cdk import CfnParameter

    from cdk_pinpoint import ConfigurationError

    from .support import stack

    s = stack()
    size = CfnParameter(s, "Size", type="Number").value_as_number
    with pytest.raises(ConfigurationError) as raised:
        _campaign(s, treatments=[Treatment(size), "B"])
    message = str(raised.value)
    assert "Token" not in message and "e+" not in message, message
    error = ConfigurationError("size_percent", size, "must be between 0 and 100", path="Test/X")
    assert str(error) == "Test/X: size_percent=<a deploy-time value> is invalid: must be between 0 and 100"
