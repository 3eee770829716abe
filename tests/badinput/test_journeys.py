"""Bad input to Journey, its activities and settings; and the branch that simply ends (issue 10, kind 4)."""

from __future__ import annotations

import datetime
import re

import aws_cdk as cdk

from cdk_pinpoint import DefaultPush, EmailTemplate, PushTemplate, QuietTime, SmsTemplate
from cdk_pinpoint.journeys import (
    ClosedDay,
    Condition,
    ConditionalSplit,
    Email,
    Holdout,
    Journey,
    JourneyLimits,
    JourneySchedule,
    JourneyStart,
    JourneyState,
    MultiCondition,
    Push,
    RandomSplit,
    Refresh,
    SendingSchedule,
    Sms,
    Wait,
)
from cdk_pinpoint.segments import AttributeFilter

from .support import Case, expect_error, project, run, segment

P = "Test/X"


def _template(s):
    found = s.node.try_find_child("T")
    return found or EmailTemplate(s, "T", template_name="t", subject="s", text_part="t")


def _journey(s, definition=None, **kw):
    definition = definition or Email("Send", template=_template(s))
    props = {"project": project(s), "start": JourneyStart.from_segment(segment(s)), "journey_name": "j", **kw}
    return Journey(s, "X", definition=definition, **props)


GOLD = Condition.endpoint_attribute("tier", AttributeFilter.is_any_of("gold"))

CASES = [
    Case(lambda s: _journey(s, journey_name=5), P, "journey_name", 5, id="name-int"),
    Case(lambda s: _journey(s, state="RUNNING"), P, "state", "RUNNING", id="state-unknown"),
    Case(lambda s: _journey(s, on_active_change="ABORT"), P, "on_active_change", "ABORT", id="active-change-unknown"),
    Case(lambda s: _journey(s, limits={"daily_cap": 1}), P, "limits", {"daily_cap": 1}, id="limits-dict"),
    Case(lambda s: _journey(s, quiet_time="22:00-07:00"), P, "quiet_time", "22:00-07:00", id="quiet-time-string"),
    Case(lambda s: _journey(s, local_time="yes"), P, "local_time", "yes", id="local-time-string"),
    Case(
        lambda s: _journey(s, timezone_estimation=["PHONE"]),
        P,
        "timezone_estimation",
        "PHONE",
        id="timezone-estimation-unknown",
    ),
    Case(lambda s: _journey(s, removal_policy="keep"), P, "removal_policy", "keep", id="removal-policy-unknown"),
    Case(lambda s: _journey(s, definition="Send"), P, "definition", "Send", id="definition-string"),
    Case(lambda s: _journey(s, project="p"), P, "project", "p", id="project-string"),
    Case(
        lambda s: _journey(s, RandomSplit("Coin").branch(100, Wait("W", duration=cdk.Duration.days(1)))),
        P,
        "Coin.branches",
        1,
        id="random-split-one-branch",
    ),
    Case(lambda s: _journey(s, Holdout("H", percentage=120)), P, "H.percentage", 120, id="holdout-over-100"),
    Case(lambda s: _journey(s, ConditionalSplit("Split")), P, "Split.when", None, id="conditional-without-condition"),
    Case(
        lambda s: _journey(s, ConditionalSplit("Split").when(Condition.all_of())),
        P,
        "Split.when.condition.conditions",
        (),
        id="condition-all-of-nothing",
    ),
    Case(
        lambda s: _journey(s, ConditionalSplit("Split").when(Condition.any_of(GOLD, Condition.all_of(GOLD, GOLD)))),
        P,
        "Split.when.condition.conditions[1]",
        "Condition.all_of(...)",
        id="condition-nested-combination",
    ),
    Case(
        lambda s: _journey(
            s,
            Push(
                "Nudge",
                template=PushTemplate(s, "Pt", default=DefaultPush(body="b")),
                time_to_live=cdk.Duration.millis(1500),
            ),
        ),
        P,
        "Nudge.time_to_live",
        "1 second 500 millis",
        id="push-time-to-live-fraction-of-a-second",
    ),
    # activities and settings, written before the journey
    Case(lambda s: _journey(s, Holdout("H", percentage=2.5)), P, "H.percentage", 2.5, id="holdout-fractional"),
    Case(lambda s: _journey(s, Wait("W", duration=90)), P, "W.duration", 90, id="wait-bare-number"),
    Case(lambda s: _journey(s, Wait("W", duration="1 day")), P, "W.duration", "1 day", id="wait-duration-string"),
    Case(lambda s: _journey(s, Email(5, template=_template(s))), P, "name", 5, id="email-name-int"),
    Case(lambda s: _journey(s, Email("E", template="welcome")), P, "E.template", "welcome", id="email-template-string"),
    Case(
        lambda s: _journey(s, Sms("S", template=SmsTemplate(s, "St", body="b"), message_type="URGENT")),
        P,
        "S.message_type",
        "URGENT",
        id="sms-message-type",
    ),
    Case(
        lambda s: _journey(s, RandomSplit("R").branch("50")), P, "R.branch.percentage", "50", id="random-branch-string"
    ),
    Case(
        lambda s: _journey(s, refresh=Refresh(frequency=cdk.Duration.seconds(0))),
        P,
        "refresh.frequency",
        "0 seconds",
        id="refresh-zero",
    ),
    Case(
        lambda s: _journey(s, refresh=Refresh(on_segment_update="yes")),
        P,
        "refresh.on_segment_update",
        "yes",
        id="refresh-flag-string",
    ),
    Case(lambda s: _journey(s, limits=JourneyLimits(daily_cap=-1)), P, "limits.daily_cap", -1, id="limits-negative"),
    Case(
        lambda s: _journey(s, limits=JourneyLimits(daily_cap=1.5)), P, "limits.daily_cap", 1.5, id="limits-fractional"
    ),
    Case(
        lambda s: _journey(s, limits=JourneyLimits(timeframe_days=31)),
        P,
        "limits.timeframe_days",
        31,
        id="limits-timeframe-days",
    ),
    Case(
        lambda s: _journey(
            s,
            quiet_time=QuietTime("22:00", "07:00"),
            sending_schedule=SendingSchedule(
                closed_days={"SMS": [ClosedDay("x", datetime.datetime(2030, 1, 2), datetime.datetime(2030, 1, 1))]}
            ),
        ),
        P,
        "sending_schedule.closed_days['SMS'][0].end",
        "2030-01-01T00:00:00",
        id="closed-day-end-first",
    ),
    Case(
        lambda s: _journey(
            s,
            quiet_time=QuietTime("22:00", "07:00"),
            sending_schedule=SendingSchedule(open_hours={"EMAIL": {"MONDAY": [("9:00", "17:00")]}}),
        ),
        P,
        "sending_schedule.open_hours.EMAIL.MONDAY[0].start",
        "9:00",
        id="open-hours-time",
    ),
    Case(
        lambda s: _journey(s, schedule=JourneySchedule(start="2030-01-01")),
        P,
        "schedule.start",
        "2030-01-01",
        id="schedule-start-string",
    ),
    Case(
        lambda s: _journey(
            s, schedule=JourneySchedule(start=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), timezone="CET")
        ),
        P,
        "schedule.timezone",
        "CET",
        id="schedule-timezone",
    ),
    Case(
        lambda s: _journey(s, start=JourneyStart.from_segment("everyone")),
        P,
        "start.segment",
        "everyone",
        id="start-segment-string",
    ),
    Case(lambda s: _journey(s, quiet_time=QuietTime("22:00", 7)), P, "quiet_time.end", 7, id="quiet-end-int"),
]

# Found in the whole journey request (the model shared with the runtime checks speaks the API's names):
# the error speaks the Python names the user wrote, in the field and in the explanation.
_UTC = datetime.UTC
_ENDS_IN_JUNE = JourneySchedule(
    start=datetime.datetime(2030, 1, 1, tzinfo=_UTC), end=datetime.datetime(2030, 6, 1, tzinfo=_UTC)
)
REQUEST_CASES = [
    Case(lambda s: _journey(s, state=JourneyState.PAUSED), P, "state", "PAUSED", id="paused-without-refresh"),
    Case(
        lambda s: _journey(s, sending_schedule=SendingSchedule(open_hours={"EMAIL": {"MONDAY": [("09:00", "17:00")]}})),
        P,
        "quiet_time",
        None,
        id="sending-schedule-without-quiet-time",
    ),
    Case(
        lambda s: _journey(s, Wait("W", until=datetime.datetime(2030, 7, 1, tzinfo=_UTC)), schedule=_ENDS_IN_JUNE),
        P,
        "activities.W.until",
        "2030-07-01T00:00:00+00:00",
        id="wait-until-after-the-end",
    ),
    Case(
        lambda s: _journey(s, Wait("W", duration=cdk.Duration.minutes(30))),
        P,
        "activities.W.duration",
        "PT30M",
        id="wait-shorter-than-an-hour",
    ),
    Case(
        lambda s: _journey(
            s,
            RandomSplit("AB")
            .branch(30, Wait("W1", duration=cdk.Duration.days(1)))
            .branch(30, Wait("W2", duration=cdk.Duration.days(1))),
        ),
        P,
        "activities.AB.branches",
        [30, 30],
        id="random-split-not-100",
    ),
    Case(
        lambda s: _journey(
            s,
            schedule=JourneySchedule(
                start=datetime.datetime(2030, 1, 2, tzinfo=_UTC), end=datetime.datetime(2030, 1, 1, tzinfo=_UTC)
            ),
        ),
        P,
        "schedule.end",
        "2030-01-01T00:00:00+00:00",
        id="schedule-end-before-start",
    ),
]
_API_NAMES = re.compile(
    r"\b(?:StartTime|EndTime|StartDateTime|EndDateTime|WaitFor|WaitUntil|WaitTime|Activities|"
    r"RefreshFrequency|QuietTime|SendingSchedule|Schedule\.\w+|JourneyChannelSettings)\b"
)


@run(REQUEST_CASES)
def test_a_journey_request_problem_speaks_the_python_names(case):
    error = expect_error(case)
    assert not _API_NAMES.search(str(error)), str(error)


@run(CASES)
def test_bad_journey_input_fails_with_path_field_and_value(case):
    expect_error(case)


def _activities(journey):
    return journey.request["Activities"]


def test_a_conditional_branch_without_a_next_step_ends_the_journey_there():
    s = __import__("tests.badinput.support", fromlist=["stack"]).stack()
    split = ConditionalSplit("Gold?").when(GOLD)  # no next step: gold members are done
    split.otherwise(Email("Send", template=_template(s)))
    journey = _journey(s, split)
    [body] = [a["ConditionalSplit"] for a in _activities(journey).values() if "ConditionalSplit" in a]
    assert "TrueActivity" not in body and "FalseActivity" in body


def test_a_multi_condition_branch_without_a_next_step_ends_the_journey_there():
    s = __import__("tests.badinput.support", fromlist=["stack"]).stack()
    split = MultiCondition("Tier").when(GOLD)
    split.otherwise(Email("Send", template=_template(s)))
    journey = _journey(s, split)
    [body] = [a["MultiCondition"] for a in _activities(journey).values() if "MultiCondition" in a]
    assert body["Branches"] and "NextActivity" not in body["Branches"][0]
