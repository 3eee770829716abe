"""Mistakes found by trying the installed wheel as a new user would: each crashed inside the library or
jsii (AttributeError, TypeError, a dead jsii kernel), passed silently, or failed with a message about
something else, before it became this ConfigurationError."""

from __future__ import annotations

import datetime

from aws_cdk import Duration

from cdk_pinpoint import (
    Campaign,
    CampaignHook,
    CustomChannel,
    CustomDelivery,
    CustomMessage,
    DeliverabilityAlarms,
    EmailMessage,
    GpsPoint,
    InAppContent,
    InAppLayout,
    InAppMessage,
    InAppTemplate,
    Limits,
    Project,
    Schedule,
    Segment,
    SegmentDimensions,
    SetFilter,
    Treatment,
)
from cdk_pinpoint.custom_channel import Delivery
from cdk_pinpoint.journeys import (
    Condition,
    ConditionalSplit,
    Custom,
    Journey,
    JourneyStart,
    MessageEvent,
    RandomSplit,
    Wait,
)
from cdk_pinpoint.segments import AttributeFilter

from .support import Case, expect_error, project, run, segment

P = "Test/X"
NAN = float("nan")
DAY = Duration.days(1)
CONTENT = InAppContent(body="Hi")
GOLD = Condition.endpoint_attribute("tier", AttributeFilter.is_any_of("gold"))


def _channel(s):
    return CustomChannel(s, "Channel", project=project(s), delivery=Delivery.ses(from_address="a@example.com"))


def _campaign(s, **kw):
    props = {"message": EmailMessage("Hi", html_body="<p>Hi</p>"), "schedule": Schedule.immediately(), **kw}
    return Campaign(s, "X", project=project(s), segment=segment(s), campaign_name="c", **props)


def _journey(s, definition, **kw):
    props = {"start": JourneyStart.from_segment(segment(s)), **kw}
    return Journey(s, "X", project=project(s), journey_name="j", definition=definition, **props)


CASES = [
    # NaN: asking jsii whether it is a token killed the jsii kernel; then it passed every range check
    Case(lambda s: _campaign(s, holdout_percent=NAN), P, "holdout_percent", NAN, id="campaign-holdout-nan"),
    Case(lambda s: _campaign(s, limits=Limits(daily=NAN)), P, "limits.daily", NAN, id="limits-daily-nan"),
    Case(
        lambda s: _campaign(s, treatments=[Treatment(NAN), Treatment(50)]),
        P,
        "treatments[0].size_percent",
        NAN,
        id="treatment-size-nan",
    ),
    Case(
        lambda s: Segment(
            s,
            "X",
            project=project(s),
            segment_name="s",
            dimensions=SegmentDimensions(gps_point=GpsPoint(NAN, 13.4, 10)),
        ),
        P,
        "dimensions.gps_point.latitude",
        NAN,
        id="gps-latitude-nan",
    ),
    # a CustomChannel where its function is meant: AttributeError (function_arn) inside the library
    Case(
        lambda s: _campaign(
            s, message=CustomMessage("{}"), custom_delivery=CustomDelivery.lambda_function(_channel(s))
        ),
        P,
        "custom_delivery.function",
        "<CustomChannel Test/Channel>",
        id="custom-delivery-channel-itself",
    ),
    Case(
        lambda s: _journey(s, Custom("Send", function=_channel(s), data="{}")),
        P,
        "Send.function",
        "<CustomChannel Test/Channel>",
        id="journey-custom-channel-itself",
    ),
    Case(
        lambda s: Project(s, "X", campaign_hook=CampaignHook(_channel(s))),
        P,
        "campaign_hook.function",
        "<CustomChannel Test/Channel>",
        id="hook-channel-itself",
    ),
    # journey chaining with a name or a text where an activity or a condition goes: AttributeError
    Case(
        lambda s: _journey(s, ConditionalSplit("Split").when("tier = gold", Wait("W", duration=DAY))),
        P,
        "Split.when",
        "tier = gold",
        id="when-condition-text",
    ),
    Case(lambda s: _journey(s, ConditionalSplit("Split").when(GOLD, "W")), P, "Split.when", "W", id="when-then-name"),
    Case(
        lambda s: _journey(s, ConditionalSplit("Split").otherwise("W")), P, "Split.otherwise", "W", id="otherwise-name"
    ),
    Case(lambda s: _journey(s, Wait("W", duration=DAY).next("Send")), P, "W.next", "Send", id="next-name"),
    Case(
        lambda s: _journey(
            s, ConditionalSplit("Split").when(Condition.message_event("Send", MessageEvent.EMAIL_OPENED))
        ),
        P,
        "Split.when.condition.activity",
        "Send",
        id="message-event-activity-name",
    ),
    # a fractional branch: botocore's "WriteJourneyRequest...Percentage ... valid types: <class 'int'>"
    Case(
        lambda s: _journey(s, RandomSplit("R").branch(50.5, Wait("W", duration=DAY))),
        P,
        "R.branch.percentage",
        50.5,
        id="random-branch-fractional",
    ),
    # passed silently
    Case(
        lambda s: _journey(s, Wait("W", duration=DAY), start=JourneyStart.from_event("")),
        P,
        "start.event_type",
        "",
        id="start-event-empty",
    ),
    Case(
        lambda s: _journey(s, Wait("W", until=datetime.date(2030, 1, 1))),
        P,
        "W.until",
        datetime.date(2030, 1, 1),
        id="until-date",
    ),
    # a string where a list goes was read letter by letter ("endpoint_types='E' is invalid")
    Case(
        lambda s: _campaign(
            s,
            message=CustomMessage("{}"),
            custom_delivery=CustomDelivery.url("https://example.com", endpoint_types="EMAIL"),
        ),
        P,
        "custom_delivery.endpoint_types",
        "EMAIL",
        id="endpoint-types-string",
    ),
    # a number in a text-to-text mapping was written into the template as a number
    Case(
        lambda s: InAppTemplate(
            s, "X", template_name="t", layout=InAppLayout.OVERLAYS, messages=[CONTENT], custom_config={"a": 1}
        ),
        P,
        "custom_config['a']",
        1,
        id="in-app-template-config-number",
    ),
    Case(
        lambda s: _campaign(s, message=InAppMessage(InAppLayout.OVERLAYS, CONTENT, custom_config={"a": True})),
        P,
        "message.custom_config['a']",
        True,
        id="in-app-message-config-bool",
    ),
    # one campaign where a list goes: TypeError ('Campaign' object is not iterable)
    Case(
        lambda s: DeliverabilityAlarms(s, "Alarms", campaigns=_campaign(s)),
        "Test/Alarms",
        "campaigns",
        "<Campaign Test/X>",
        id="alarms-one-campaign",
    ),
]


@run(CASES)
def test_a_new_users_mistake_fails_with_path_field_and_value(case):
    expect_error(case)


def test_a_set_of_values_is_rendered_in_the_same_order_on_every_run():
    # a set's iteration order depends on the process's string hashing; synth must not
    assert SetFilter({"b", "c", "a"}).values == ("a", "b", "c")
    custom = Custom("Send", url="https://example.com", endpoint_types={"SMS", "EMAIL", "CUSTOM"})
    assert custom.endpoint_types == ["CUSTOM", "EMAIL", "SMS"]
