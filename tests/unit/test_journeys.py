"""Journey: the activity chain, the rendered request, synth-time checks, IAM, nag, Mermaid and the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from cdk_pinpoint._api_resource import PinpointApiResource
from cdk_pinpoint._shared import journey_model
from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.journeys import (
    ActiveChange,
    ClosedDay,
    Condition,
    ConditionalSplit,
    ContactCenter,
    ContactCenterSettings,
    Custom,
    Email,
    Holdout,
    Journey,
    JourneyLimits,
    JourneySchedule,
    JourneyStart,
    JourneyState,
    MessageEvent,
    MultiCondition,
    Push,
    RandomSplit,
    Refresh,
    SendingSchedule,
    Sms,
    TimezoneEstimation,
    Wait,
    mermaid_from_request,
)
from cdk_pinpoint.journeys.journey import JOURNEY_ACTIONS
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import AttributeFilter, MetricFilter
from cdk_pinpoint.settings import QuietTime, SmsMessageType
from cdk_pinpoint.templates import TemplateKind
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of, used


class FakeTemplate(Construct):
    def __init__(self, scope, id, kind=TemplateKind.EMAIL):
        super().__init__(scope, id)
        self.template_name = id.lower()
        self.template_kind = kind
        self.template_arn = f"arn:aws:mobiletargeting:us-east-1:123456789012:templates/{id.lower()}/{kind.value}"
        self.variables = frozenset()

    def grant_read(self, grantee):
        raise NotImplementedError("not read by these tests")


class FakeSegment(Construct):
    def __init__(self, scope, id, project, segment_id="seg1"):
        super().__init__(scope, id)
        self.segment_id = segment_id
        self.project = project


def _setup():
    stack = make_stack()
    project = Project(stack, "P")
    return stack, project, FakeSegment(stack, "Seg", project)


def _seed_journey(stack, project, segment, **props):
    """The showcase journey: holdout, email, wait, split on opened, then SMS or push."""
    email = Email("Send welcome", template=FakeTemplate(stack, "Welcome"))
    push = Push("Thank by push", template=FakeTemplate(stack, "Thanks", TemplateKind.PUSH))
    sms = Sms(
        "Nudge by SMS", template=FakeTemplate(stack, "Nudge", TemplateKind.SMS), message_type=SmsMessageType.PROMOTIONAL
    )
    opened = ConditionalSplit("Opened?").when(Condition.message_event(email, MessageEvent.EMAIL_OPENED), push)
    opened.otherwise(sms)
    definition = Holdout("Control group", percentage=10).next(email).next(Wait("Wait", duration=cdk.Duration.days(2)))
    definition = definition.next(opened)
    return Journey(
        stack, "J", project=project, start=JourneyStart.from_segment(segment), definition=definition, **props
    )


def test_the_chain_renders_every_activity_with_derived_ids_and_links():
    stack, project, segment = _setup()
    journey = _seed_journey(stack, project, segment)
    request = journey.request
    assert request["StartActivity"] == "ControlGroup"
    assert request["StartCondition"] == {"SegmentStartCondition": {"SegmentId": "seg1"}}
    assert request["State"] == "DRAFT"
    activities = request["Activities"]
    assert list(activities) == ["ControlGroup", "SendWelcome", "Wait", "Opened", "ThankByPush", "NudgeBySMS"]
    assert activities["ControlGroup"] == {
        "Description": "Control group",
        "Holdout": {"NextActivity": "SendWelcome", "Percentage": 10},
    }
    assert activities["Wait"]["Wait"] == {"NextActivity": "Opened", "WaitTime": {"WaitFor": "P2D"}}
    assert activities["Opened"]["ConditionalSplit"] == {
        "Condition": {
            "Conditions": [
                {
                    "EventCondition": {
                        "Dimensions": {"EventType": {"DimensionType": "INCLUSIVE", "Values": ["_email.open"]}},
                        "MessageActivity": "SendWelcome",
                    }
                }
            ],
            "Operator": "ALL",
        },
        "TrueActivity": "ThankByPush",
        "FalseActivity": "NudgeBySMS",
    }
    assert activities["NudgeBySMS"]["SMS"] == {"MessageConfig": {"MessageType": "PROMOTIONAL"}, "TemplateName": "nudge"}


def test_the_custom_resource_carries_the_request_as_json_and_the_options():
    stack, project, segment = _setup()
    journey = _seed_journey(
        stack,
        project,
        segment,
        state=JourneyState.ACTIVE,
        on_active_change=ActiveChange.FAIL,
        removal_policy=cdk.RemovalPolicy.RETAIN,
    )
    template = template_of(stack)
    [resource] = template.find_resources("Custom::PinpointJourney").values()
    properties = resource["Properties"]
    assert json.loads(properties["Request"]) == json.loads(json.dumps(journey.request))
    assert properties["Kind"] == "Journey"
    assert properties["OnActiveChange"] == "FAIL"
    assert properties["RetainOnDelete"] == "true"
    assert stack.resolve(journey.journey_id) == {
        "Ref": stack.get_logical_id(journey.resource.resource.node.default_child)
    }


def _journey_statements(stack):
    policies = template_of(stack).find_resources("AWS::IAM::Policy")
    statements = [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"]]
    return [s for s in statements if "Journey" in json.dumps(s["Action"])]


def test_the_provider_may_call_each_journey_action_only_on_the_resource_iam_authorizes_it_on():
    # Service Authorization Reference for Amazon Pinpoint: CreateJourney -> "journeys"
    # (apps/<id>/journeys), ListJourneys -> "app" (apps/<id>), Get/Update/UpdateState/Delete -> "journey".
    stack, project, segment = _setup()
    _seed_journey(stack, project, segment)
    arn = stack.resolve(project.project_arn)
    assert sorted(_journey_statements(stack), key=json.dumps) == sorted(
        [
            {
                # Tag/UntagResource: the journey's tags (WriteJourneyRequest has none).
                "Action": sorted([*JOURNEY_ACTIONS, "mobiletargeting:TagResource", "mobiletargeting:UntagResource"]),
                "Effect": "Allow",
                "Resource": {"Fn::Join": ["", [arn, "/journeys/*"]]},
            },
            {
                "Action": "mobiletargeting:CreateJourney",
                "Effect": "Allow",
                "Resource": {"Fn::Join": ["", [arn, "/journeys"]]},
            },
            {"Action": "mobiletargeting:ListJourneys", "Effect": "Allow", "Resource": arn},
        ],
        key=json.dumps,
    )
    assert JOURNEY_ACTIONS == (
        "mobiletargeting:DeleteJourney",
        "mobiletargeting:GetJourney",
        "mobiletargeting:UpdateJourney",
        "mobiletargeting:UpdateJourneyState",
    )


def test_the_provider_may_call_every_journey_operation_the_handler_uses():
    # Every Pinpoint operation lambdas/pinpoint_api/journey.py calls (and common.py's sync_tags for it)
    # has its IAM action in the policy.
    import re
    from pathlib import Path

    handlers = Path(__file__).parents[2] / "lambdas" / "pinpoint_api"
    source = (handlers / "journey.py").read_text() + (handlers / "common.py").read_text()
    called = {"".join(w.title() for w in m.split("_")) for m in re.findall(r"client\.(\w+)\(", source)}
    stack, project, segment = _setup()
    _seed_journey(stack, project, segment)
    allowed = set()
    for statement in _journey_statements(stack):
        actions = statement["Action"]
        allowed.update([actions] if isinstance(actions, str) else actions)
    assert {f"mobiletargeting:{name}" for name in called} == allowed


def test_two_journeys_share_the_provider_without_duplicating_its_statements():
    stack, project, segment = _setup()
    _seed_journey(stack, project, segment)
    Journey(
        stack,
        "Second",
        project=project,
        start=JourneyStart.from_segment(segment),
        definition=Wait("W", duration=cdk.Duration.hours(1)),
    )
    assert len(_journey_statements(stack)) == 3


def test_a_journey_passes_cfn_lint_and_cdk_nag():
    stack, project, segment = _setup()
    _seed_journey(stack, project, segment)
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


def test_the_journeys_wildcard_acknowledgment_is_needed():
    stack, project, _ = _setup()
    PinpointApiResource(
        stack,
        "Bare",
        project=project,
        kind="Journey",
        request={"Name": "x"},
        actions=JOURNEY_ACTIONS,
        resource_arns=[f"{project.project_arn}/journeys/*"],
    )
    assert [f[1] for f in nag_findings(stack)] == [
        f"AwsSolutions-IAM5[Resource::<{stack.get_logical_id(project.resource)}.Arn>/journeys/*]"
    ]


def test_every_activity_type_renders_its_api_shape():
    stack, project, segment = _setup()
    function = lambda_.Function(
        stack, "Fn", runtime=lambda_.Runtime.PYTHON_3_14, handler="h.h", code=lambda_.Code.from_inline("x")
    )
    custom = Custom("Call CRM", function=function, endpoint_types=["CUSTOM"], data="hello")
    hook = Custom("Webhook", url="https://example.com/hook")
    until = datetime(2030, 1, 1, tzinfo=UTC)
    multi = (
        MultiCondition("Route", evaluation_wait=cdk.Duration.hours(1))
        .when(Condition.in_segment(segment), hook)
        .when(Condition.endpoint_attribute("tier", AttributeFilter.is_any_of("gold")), ContactCenter("Call"))
        .otherwise(Wait("Until new year", until=until))
    )
    random = RandomSplit("AB").branch(30, custom).branch(70, multi)
    push = Push("Ping", template=FakeTemplate(stack, "P2", TemplateKind.PUSH), time_to_live=cdk.Duration.minutes(5))
    role = iam.Role(stack, "ConnectRole", assumed_by=iam.ServicePrincipal("pinpoint.amazonaws.com"))
    journey = Journey(
        stack,
        "J",
        project=project,
        start=JourneyStart.from_event(
            "purchase", attributes={"plan": AttributeFilter.is_any_of("pro")}, segment=segment
        ),
        definition=push.next(random),
        contact_center=ContactCenterSettings(connect_campaign_arn="arn:aws:connect-campaigns:x", execution_role=role),
        refresh=Refresh(frequency=cdk.Duration.hours(6), on_segment_update=True),
        limits=JourneyLimits(
            daily_cap=2, endpoint_reentry_interval=cdk.Duration.days(7), timeframe_cap=5, timeframe_days=7
        ),
    )
    request = stack.resolve(journey.request)
    activities = request["Activities"]
    assert activities["Ping"]["PUSH"]["MessageConfig"] == {"TimeToLive": "300"}
    assert activities["AB"]["RandomSplit"]["Branches"] == [
        {"Percentage": 30, "NextActivity": "CallCRM"},
        {"Percentage": 70, "NextActivity": "Route"},
    ]
    assert activities["CallCRM"]["CUSTOM"]["DeliveryUri"] == {
        "Fn::GetAtt": [stack.get_logical_id(function.node.default_child), "Arn"]
    }
    assert activities["CallCRM"]["CUSTOM"]["MessageConfig"] == {"Data": "hello"}
    assert activities["Webhook"]["CUSTOM"]["DeliveryUri"] == "https://example.com/hook"
    route = activities["Route"]["MultiCondition"]
    assert [b["NextActivity"] for b in route["Branches"]] == ["Webhook", "Call"]
    assert route["Branches"][1]["Condition"] == {
        "SegmentDimensions": {"Attributes": {"tier": {"AttributeType": "INCLUSIVE", "Values": ["gold"]}}}
    }
    assert route["DefaultActivity"] == "UntilNewYear" and route["EvaluationWaitTime"] == {"WaitFor": "PT1H"}
    assert activities["UntilNewYear"]["Wait"]["WaitTime"] == {"WaitUntil": "2030-01-01T00:00:00+00:00"}
    assert activities["Call"] == {"Description": "Call", "ContactCenter": {}}
    assert request["RefreshFrequency"] == "PT6H" and request["RefreshOnSegmentUpdate"] is True
    assert request["Limits"] == {"DailyCap": 2, "EndpointReentryInterval": "P7D", "TimeframeCap": {"Cap": 5, "Days": 7}}
    assert request["StartCondition"]["EventStartCondition"]["EventFilter"]["FilterType"] == "ENDPOINT"
    template = template_of(stack)
    # Pinpoint may invoke the custom-delivery function for this project only; the provider may pass the Connect role.
    template.has_resource_properties("AWS::Lambda::Permission", {"Principal": "pinpoint.us-east-1.amazonaws.com"})
    policies = json.dumps(template.find_resources("AWS::IAM::Policy"))
    assert "iam:PassRole" in policies


def test_activity_ids_are_overridable():
    stack, project, segment = _setup()
    email = Email("Send welcome", template=FakeTemplate(stack, "W"), activity_id="Welcome1")
    journey = Journey(stack, "J", project=project, start=JourneyStart.from_segment(segment), definition=email)
    assert list(journey.request["Activities"]) == ["Welcome1"]


def test_a_loop_through_a_wait_is_allowed():
    stack, project, segment = _setup()
    email = Email("Remind", template=FakeTemplate(stack, "W"))
    email.next(Wait("Week", duration=cdk.Duration.days(7))).next(email)
    journey = Journey(stack, "J", project=project, start=JourneyStart.from_segment(segment), definition=email)
    assert journey.request["Activities"]["Week"]["Wait"]["NextActivity"] == "Remind"


def test_to_mermaid_draws_the_graph():
    stack, project, segment = _setup()
    mermaid = _seed_journey(stack, project, segment).to_mermaid()
    assert mermaid.splitlines()[:3] == [
        "flowchart TD",
        '  start(["Start: segment seg1"])',
        "  start --> a_ControlGroup",
    ]
    assert "  a_Opened -- yes --> a_ThankByPush" in mermaid
    assert "  a_Opened -- no --> a_NudgeBySMS" in mermaid
    assert '  a_Opened{"Yes/no split: Opened?"}' in mermaid


def test_mermaid_from_request_reads_a_templates_fn_join():
    request = {
        "Fn::Join": ["", ['{"Name":"n","StartCondition":{"SegmentStartCondition":{"SegmentId":"', {"Ref": "S"}, '"}}}']]
    }
    assert mermaid_from_request(request) == 'flowchart TD\n  start(["Start: segment (deploy-time)"])'


def test_cli_graph_prints_every_journey_of_a_synthesized_assembly(tmp_path, capsys):
    from cdk_pinpoint.cli import main

    app = cdk.App(outdir=str(tmp_path), context={"aws:cdk:bundling-stacks": []})
    stack = cdk.Stack(app, "Messaging", env=cdk.Environment(account="123456789012", region="us-east-1"))
    project = Project(stack, "P")
    segment = FakeSegment(stack, "Seg", project, segment_id=project.project_id)  # a deploy-time value
    _seed_journey(stack, project, segment)
    app.synth()
    capsys.readouterr()
    assert main(["graph", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "%% Messaging/J" in out
    assert "Start: segment (deploy-time)" in out
    assert "a_Opened -- yes --> a_ThankByPush" in out


# --- invalid input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Holdout("H", percentage=0), r"H.percentage=0 is invalid: must be between 1 and 100"),
        (lambda: RandomSplit("R").branch(101), r"R.branch.percentage=101 is invalid: must be between 1 and 100"),
        (lambda: Wait("W"), r"W.duration=None is invalid: give a duration or an until date"),
        (
            lambda: Wait("W", duration=cdk.Duration.days(1), until=datetime(2030, 1, 1, tzinfo=UTC)),
            r"W.duration=.* is invalid: give a duration or an until date, not both",
        ),
        (lambda: Custom("C"), r"C.function=None is invalid: give exactly one of function and url"),
        (lambda: Custom("C", url="http://x"), r"C.url='http://x' is invalid: must be an https:// URL"),
        (lambda: JourneyLimits(daily_cap=101), r"limits.daily_cap=101 is invalid: must be between 0 and 100"),
        (lambda: JourneyLimits(timeframe_days=31), r"limits.timeframe_days=31 is invalid: must be between 0 and 30"),
        (lambda: JourneyLimits(messages_per_second=0), r"limits.messages_per_second=0 is invalid: must be at least 1"),
        (
            lambda: JourneySchedule(start=datetime(2030, 1, 2, tzinfo=UTC), end=datetime(2030, 1, 1, tzinfo=UTC)),
            r"schedule.end='2030-01-01T00:00:00\+00:00' is invalid: must be after start",
        ),
        (
            lambda: JourneySchedule(
                start=datetime(2030, 1, 1, tzinfo=UTC), end=datetime(2030, 1, 1, tzinfo=UTC) + timedelta(days=3601)
            ),
            r"schedule.end=.* is invalid: must be within 3600 days of start",
        ),
        (lambda: JourneySchedule(timezone="CET"), r"schedule.timezone='CET' is invalid: must be UTC or an offset"),
        (lambda: Condition.all_of(), r"conditions=\(\) is invalid: Condition.all_of needs one or more simple"),
    ],
)
def test_invalid_values_fail_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def _journey_with(stack, project, segment, definition, **props):
    return Journey(
        stack, "J", project=project, start=JourneyStart.from_segment(segment), definition=definition, **props
    )


def test_template_of_the_wrong_kind_is_rejected():
    stack, _, _ = _setup()
    with pytest.raises(ConfigurationError, match=r"E.template='sms' is invalid: is a SMS template; a EMAIL activity"):
        used(Email("E", template=FakeTemplate(stack, "Sms", TemplateKind.SMS)))


def test_a_message_event_of_another_channel_is_rejected():
    stack, _, _ = _setup()
    sms = Sms("S", template=FakeTemplate(stack, "T", TemplateKind.SMS))
    with pytest.raises(ConfigurationError, match=r"condition.event='_email.open' is invalid: is an event of EMAIL"):
        used(Condition.message_event(sms, MessageEvent.EMAIL_OPENED))


def test_a_split_refering_to_an_activity_outside_the_journey_names_the_journey_and_activity():
    stack, project, segment = _setup()
    other = Email("Elsewhere", template=FakeTemplate(stack, "W"))
    split = ConditionalSplit("Opened").when(
        Condition.message_event(other, MessageEvent.EMAIL_OPENED), Wait("W", duration=cdk.Duration.hours(1))
    )
    with pytest.raises(ConfigurationError, match=r"^Test/J: activities.Opened='Elsewhere' is invalid: refers to an"):
        _journey_with(stack, project, segment, split)


def test_duplicate_activity_ids_are_rejected():
    stack, project, segment = _setup()
    first = Wait("Pause", duration=cdk.Duration.hours(1))
    first.next(Wait("pause", duration=cdk.Duration.hours(2)))
    with pytest.raises(
        ConfigurationError, match=r"Test/J: activities.Pause='pause' is invalid: has the same activity id"
    ):
        _journey_with(stack, project, segment, first)


def test_a_loop_without_a_wait_is_rejected():
    stack, project, segment = _setup()
    email = Email("Spam", template=FakeTemplate(stack, "W"))
    email.next(Holdout("Keep", percentage=50)).next(email)
    with pytest.raises(
        ConfigurationError, match=r"Test/J: activities.Keep='Keep -> Spam -> Keep' is invalid: loops back"
    ):
        _journey_with(stack, project, segment, email)


def test_more_than_40_activities_are_rejected():
    stack, project, segment = _setup()
    chain = Wait("W0", duration=cdk.Duration.hours(1))
    for index in range(1, 41):
        chain = chain.next(Wait(f"W{index}", duration=cdk.Duration.hours(1)))
    with pytest.raises(ConfigurationError, match=r"Test/J: activities=41 is invalid: a journey may have at most 40"):
        _journey_with(stack, project, segment, chain)


def test_random_split_percentages_must_add_up_to_100():
    stack, project, segment = _setup()
    split = RandomSplit("AB").branch(30).branch(30)
    with pytest.raises(ConfigurationError, match=r"activities.AB.branches=\[30, 30\] is invalid: .*add up to 100"):
        _journey_with(stack, project, segment, split)


def test_a_multi_condition_with_five_branches_is_rejected():
    stack, project, segment = _setup()
    split = MultiCondition("Route")
    for index in range(5):
        split.when(
            Condition.endpoint_attribute("a", AttributeFilter.is_any_of(str(index))),
            Wait(f"W{index}", duration=cdk.Duration.hours(1)),
        )
    with pytest.raises(ConfigurationError, match=r"activities.Route.branches=5 is invalid: must be 1 to 4"):
        _journey_with(stack, project, segment, split)


def test_a_contact_center_activity_needs_contact_center_settings():
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=r"activities.Call=\{\} is invalid: needs the journey's"):
        _journey_with(stack, project, segment, ContactCenter("Call"))


def test_a_conditional_split_without_a_condition_is_rejected():
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=r"Test/J: .*Opened.when=None is invalid: .*needs a condition"):
        _journey_with(stack, project, segment, ConditionalSplit("Opened"))


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"journey_name": "has space"}, r"Test/J: journey_name='has space' is invalid: must not contain spaces"),
        ({"journey_name": "x" * 142}, r"Test/J: journey_name='x{142}' is invalid: must be 1 to 141 characters"),
        (
            {"sending_schedule": SendingSchedule()},
            r"Test/J: quiet_time=None is invalid: is required when sending_schedule is true",
        ),
    ],
)
def test_invalid_journey_settings_name_the_journey(props, message):
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=message):
        _journey_with(stack, project, segment, Wait("W", duration=cdk.Duration.hours(1)), **props)


def test_a_segment_of_another_project_is_rejected():
    stack, project, _ = _setup()
    other = FakeSegment(stack, "Other", Project(stack, "P2"))
    with pytest.raises(ConfigurationError, match=r"Test/J: start.segment='Test/Other' is invalid: belongs to another"):
        _journey_with(stack, project, other, Wait("W", duration=cdk.Duration.hours(1)))


def test_a_chain_ending_in_a_split_cannot_continue():
    split = ConditionalSplit("S")
    with pytest.raises(ConfigurationError, match=r"next='W' is invalid: this chain ends in a split"):
        used(Wait("A", duration=cdk.Duration.hours(1)).next(split).next(Wait("W", duration=cdk.Duration.hours(1))))


# --- message events ---------------------------------------------------------------------------------


def test_message_event_constants_are_pinpoints_documented_event_types():
    # Email/SMS: Amazon Pinpoint Developer Guide, "Email events" and "SMS events"; push: the event types
    # AWS's mobile SDKs record for a journey's push notification ("_journey." + the campaign event names).
    constants = {
        name: (event.event_type, event.channel.value)
        for name, event in vars(MessageEvent).items()
        if isinstance(event, MessageEvent)
    }
    assert constants == {
        "EMAIL_OPENED": ("_email.open", "EMAIL"),
        "EMAIL_CLICKED": ("_email.click", "EMAIL"),
        "EMAIL_DELIVERED": ("_email.delivered", "EMAIL"),
        "EMAIL_SENT": ("_email.send", "EMAIL"),
        "EMAIL_HARD_BOUNCED": ("_email.hardbounce", "EMAIL"),
        "EMAIL_SOFT_BOUNCED": ("_email.softbounce", "EMAIL"),
        "EMAIL_COMPLAINED": ("_email.complaint", "EMAIL"),
        "EMAIL_UNSUBSCRIBED": ("_email.unsubscribe", "EMAIL"),
        "EMAIL_REJECTED": ("_email.rejected", "EMAIL"),
        "SMS_DELIVERED": ("_SMS.SUCCESS", "SMS"),
        "SMS_BUFFERED": ("_SMS.BUFFERED", "SMS"),
        "SMS_FAILED": ("_SMS.FAILURE", "SMS"),
        "SMS_OPTED_OUT": ("_SMS.OPTOUT", "SMS"),
        "PUSH_OPENED": ("_journey.opened_notification", "PUSH"),
        "PUSH_RECEIVED_FOREGROUND": ("_journey.received_foreground", "PUSH"),
        "PUSH_RECEIVED_BACKGROUND": ("_journey.received_background", "PUSH"),
    }


def test_a_split_on_a_push_being_opened_renders_the_push_event_of_that_activity():
    stack, project, segment = _setup()
    push = Push("Ping", template=FakeTemplate(stack, "PushT", TemplateKind.PUSH))
    split = ConditionalSplit("Opened").when(
        Condition.message_event(push, MessageEvent.PUSH_OPENED), Wait("W", duration=cdk.Duration.hours(1))
    )
    journey = _journey_with(stack, project, segment, push.next(split))
    assert journey.request["Activities"]["Opened"]["ConditionalSplit"]["Condition"]["Conditions"] == [
        {
            "EventCondition": {
                "Dimensions": {"EventType": {"DimensionType": "INCLUSIVE", "Values": ["_journey.opened_notification"]}},
                "MessageActivity": "Ping",
            }
        }
    ]


# --- sending schedule (open hours, closed days) and time zone estimation -----------------------------

CHRISTMAS = ClosedDay("Christmas", datetime(2030, 12, 24, 18, tzinfo=UTC), datetime(2030, 12, 26, tzinfo=UTC))


def test_sending_schedule_and_time_zone_estimation_render_the_api_shape():
    stack, project, segment = _setup()
    journey = _journey_with(
        stack,
        project,
        segment,
        Wait("W", duration=cdk.Duration.hours(1)),
        quiet_time=QuietTime(start="22:00", end="07:00"),
        timezone_estimation=[TimezoneEstimation.PHONE_NUMBER, TimezoneEstimation.POSTAL_CODE],
        sending_schedule=SendingSchedule(
            open_hours={
                "EMAIL": {"MONDAY": [("09:00", "12:00"), ("13:00", "17:30")]},
                "SMS": {"SATURDAY": [("10:00", "14:00")]},
            },
            closed_days={"EMAIL": [CHRISTMAS], "PUSH": [CHRISTMAS]},
        ),
    )
    christmas = {
        "Name": "Christmas",
        "StartDateTime": "2030-12-24T18:00:00+00:00",
        "EndDateTime": "2030-12-26T00:00:00+00:00",
    }
    fields = ("QuietTime", "TimezoneEstimationMethods", "SendingSchedule", "OpenHours", "ClosedDays")
    assert {name: journey.request[name] for name in fields} == {
        "QuietTime": {"Start": "22:00", "End": "07:00"},
        "TimezoneEstimationMethods": ["PHONE_NUMBER", "POSTAL_CODE"],
        "SendingSchedule": True,
        "OpenHours": {
            "EMAIL": {
                "MONDAY": [{"StartTime": "09:00", "EndTime": "12:00"}, {"StartTime": "13:00", "EndTime": "17:30"}]
            },
            "SMS": {"SATURDAY": [{"StartTime": "10:00", "EndTime": "14:00"}]},
        },
        "ClosedDays": {"EMAIL": [christmas], "PUSH": [christmas]},
    }
    # what the provider checks again before it calls Pinpoint: botocore's model and the documented rules
    assert journey_model.problems(journey.request) == []


def test_a_sending_schedule_with_only_closed_days_renders_no_open_hours():
    stack, project, segment = _setup()
    journey = _journey_with(
        stack,
        project,
        segment,
        Wait("W", duration=cdk.Duration.hours(1)),
        quiet_time=QuietTime(start="22:00", end="07:00"),
        sending_schedule=SendingSchedule(closed_days={"SMS": [CHRISTMAS]}),
    )
    assert "OpenHours" not in journey.request
    assert journey.request["SendingSchedule"] is True
    assert [d["Name"] for d in journey.request["ClosedDays"]["SMS"]] == ["Christmas"]


def test_without_settings_the_request_carries_no_sending_schedule_or_estimation():
    stack, project, segment = _setup()
    journey = _journey_with(stack, project, segment, Wait("W", duration=cdk.Duration.hours(1)))
    fields = ("SendingSchedule", "OpenHours", "ClosedDays", "TimezoneEstimationMethods", "QuietTime")
    assert [name for name in fields if name in journey.request] == []


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: ClosedDay("X", datetime(2030, 1, 2, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)),
            r"^closed_day.end='2030-01-01T00:00:00\+00:00' is invalid: must be after start",
        ),
        (
            lambda: ClosedDay("X", datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)),
            r"^closed_day.end='2030-01-01T00:00:00\+00:00' is invalid: must be after start",
        ),
        (
            lambda: ClosedDay("X", datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 2)),
            r"^closed_day.end='2030-01-02T00:00:00' is invalid: must have a time zone if the start has",
        ),
        (
            lambda: SendingSchedule(open_hours={"EMAIL": {"MONDAY": [("9:00", "17:00")]}}),
            r"^sending_schedule.open_hours.EMAIL.MONDAY\[0\].start='9:00' is invalid: must be a 24-hour time",
        ),
        (
            lambda: SendingSchedule(open_hours={"EMAIL": {"MONDAY": [("09:00", "24:00")]}}),
            r"^sending_schedule.open_hours.EMAIL.MONDAY\[0\].end='24:00' is invalid: must be a 24-hour time",
        ),
        (
            lambda: SendingSchedule(open_hours={"SMS": {"FRIDAY": [("09:00", "17:00"), ("18:00", "17:59")]}}),
            r"^sending_schedule.open_hours.SMS.FRIDAY\[1\].end='17:59' is invalid: must be after start 18:00",
        ),
        (
            lambda: SendingSchedule(open_hours={"SMS": {"FRIDAY": [("09:00", "09:00")]}}),
            r"^sending_schedule.open_hours.SMS.FRIDAY\[0\].end='09:00' is invalid: must be after start",
        ),
        (
            lambda: SendingSchedule(open_hours={"WHATSAPP": {"MONDAY": [("09:00", "17:00")]}}),
            r"^sending_schedule.open_hours='WHATSAPP' is invalid: a channel must be one of EMAIL, SMS, PUSH, VOICE",
        ),
        (
            lambda: SendingSchedule(open_hours={"EMAIL": {"Monday": [("09:00", "17:00")]}}),
            r"^sending_schedule.open_hours.EMAIL='Monday' is invalid: a day must be one of MONDAY, TUESDAY",
        ),
        (
            lambda: SendingSchedule(closed_days={"IN_APP": [CHRISTMAS]}),
            r"^sending_schedule.closed_days='IN_APP' is invalid: a channel must be one of EMAIL, SMS, PUSH, VOICE",
        ),
    ],
)
def test_invalid_open_hours_and_closed_days_fail_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def test_open_hours_need_sending_schedule_true_in_a_request_the_provider_receives():
    request = {"Name": "n", "QuietTime": {"Start": "22:00", "End": "07:00"}, "OpenHours": {"EMAIL": {}}}
    [problem] = journey_model.problems(request)
    assert str(problem) == "SendingSchedule=None is invalid: must be true to use open hours or closed days"


def test_a_closed_day_ending_before_it_starts_is_caught_in_a_request_the_provider_receives():
    request = {
        "Name": "n",
        "QuietTime": {"Start": "22:00", "End": "07:00"},
        "SendingSchedule": True,
        "ClosedDays": {"SMS": [{"Name": "x", "StartDateTime": "2030-01-02T00:00:00Z", "EndDateTime": "2030-01-01"}]},
    }
    [problem] = journey_model.problems(request)
    assert (problem.field, problem.allowed) == (
        "ClosedDays.SMS[0].EndDateTime",
        "must have a time zone if the start has",
    )


def test_a_timezone_estimation_that_is_not_the_enum_names_the_journey():
    stack, project, segment = _setup()
    with pytest.raises(
        ConfigurationError,
        match=r"^Test/J: timezone_estimation\[0\]='PHONE' is invalid: must be one of "
        r"TimezoneEstimation.PHONE_NUMBER, TimezoneEstimation.POSTAL_CODE$",
    ):
        _journey_with(stack, project, segment, Wait("W", duration=cdk.Duration.hours(1)), timezone_estimation=["PHONE"])


def test_timezone_estimation_is_pinned_to_botocores_enum():
    shape = journey_model.service_model().shape_for("__TimezoneEstimationMethodsElement")
    assert [m.value for m in TimezoneEstimation] == shape.enum


# --- wait activities: 1 hour to 365 days, or until a date before the journey's end --------------------

SCHEDULE = JourneySchedule(start=datetime(2030, 1, 1, tzinfo=UTC), end=datetime(2030, 6, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("wait", "schedule", "message"),
    [
        (
            {"duration": cdk.Duration.minutes(59)},
            None,
            r"^Test/J: activities.Hold.duration='PT59M' is invalid: "
            r"a wait must last 1 hour \(PT1H\) to 365 days \(P365D\)$",
        ),
        (
            {"duration": cdk.Duration.days(366)},
            None,
            r"^Test/J: activities.Hold.duration='P366D' is invalid: a wait must last 1 hour",
        ),
        (
            {"duration": cdk.Duration.seconds(3601 + 365 * 86400)},
            None,
            r"^Test/J: activities.Hold.duration='P365DT1H1S' is invalid: a wait must last 1 hour",
        ),
        (
            {"until": datetime(2030, 7, 1, tzinfo=UTC)},
            SCHEDULE,
            r"^Test/J: activities.Hold.until='2030-07-01T00:00:00\+00:00' is invalid: "
            r"must be before the journey's end \(schedule.end 2030-06-01 00:00:00\+00:00\)$",
        ),
        (
            {"until": datetime(2030, 6, 1, tzinfo=UTC)},
            SCHEDULE,
            r"^Test/J: activities.Hold.until='2030-06-01T00:00:00\+00:00' is invalid: "
            r"must be before the journey's end",
        ),
        (
            {"until": datetime(2030, 3, 1)},
            SCHEDULE,
            r"^Test/J: activities.Hold.until='2030-03-01T00:00:00' is invalid: "
            r"must have a time zone if the journey's end",
        ),
    ],
)
def test_a_wait_outside_what_pinpoint_allows_names_the_journey_the_activity_and_the_value(wait, schedule, message):
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=message):
        _journey_with(stack, project, segment, Wait("Hold", **wait), schedule=schedule)


@pytest.mark.parametrize(
    ("wait", "schedule", "rendered"),
    [
        ({"duration": cdk.Duration.hours(1)}, None, {"WaitFor": "PT1H"}),
        ({"duration": cdk.Duration.days(365)}, None, {"WaitFor": "P365D"}),
        ({"until": datetime(2030, 5, 31, 23, 59, tzinfo=UTC)}, SCHEDULE, {"WaitUntil": "2030-05-31T23:59:00+00:00"}),
        ({"until": datetime(2040, 1, 1, tzinfo=UTC)}, None, {"WaitUntil": "2040-01-01T00:00:00+00:00"}),
    ],
)
def test_waits_at_the_limits_and_before_the_end_are_accepted(wait, schedule, rendered):
    stack, project, segment = _setup()
    journey = _journey_with(stack, project, segment, Wait("Hold", **wait), schedule=schedule)
    assert journey.request["Activities"]["Hold"]["Wait"]["WaitTime"] == rendered


@pytest.mark.parametrize(
    ("wait_time", "allowed"),
    [
        ({"WaitFor": "PT30M"}, "a wait must last 1 hour (PT1H) to 365 days (P365D)"),
        ({"WaitFor": "P1Y"}, "must be an ISO 8601 duration in days, hours or minutes, e.g. P2D or PT6H"),
        ({"WaitFor": "2 days"}, "must be an ISO 8601 duration in days, hours or minutes, e.g. P2D or PT6H"),
        ({"WaitUntil": "tomorrow"}, "must be an ISO 8601 date and time"),
    ],
)
def test_the_provider_checks_wait_times_too(wait_time, allowed):
    request = {
        "Name": "n",
        "StartActivity": "Hold",
        "Activities": {"Hold": {"Wait": {"WaitTime": wait_time}}},
    }
    [problem] = journey_model.problems(request)
    assert (problem.field, problem.value, problem.allowed) == (
        f"Activities.Hold.Wait.WaitTime.{next(iter(wait_time))}",
        next(iter(wait_time.values())),
        allowed,
    )


def test_a_wait_until_a_deploy_time_value_is_not_checked_at_synth():
    request = {
        "Name": "n",
        "Schedule": {"EndTime": "2030-06-01T00:00:00+00:00"},
        "StartActivity": "Hold",
        "Activities": {"Hold": {"Wait": {"WaitTime": {"WaitUntil": "${Token[TOKEN.1]}"}}}},
    }
    assert journey_model.problems(request) == []


# --- references and documented values the model leaves open -------------------------------------------


@pytest.mark.parametrize("kind", ["ConditionalSplit", "MultiCondition"])
def test_a_split_on_a_segment_of_another_project_names_the_journey_and_activity(kind):
    stack, project, segment = _setup()
    other = FakeSegment(stack, "Other", Project(stack, "P2"), segment_id="seg2")
    condition = Condition.any_of(Condition.in_segment(segment), Condition.in_segment(other))
    if kind == "MultiCondition":
        split = MultiCondition("Route").when(Condition.in_segment(other), Wait("W", duration=cdk.Duration.hours(1)))
    else:
        split = ConditionalSplit("Route").when(condition, Wait("W", duration=cdk.Duration.hours(1)))
    with pytest.raises(
        ConfigurationError,
        match=r"^Test/J: activities.Route='Test/Other' is invalid: tests a segment of another project than Test/P$",
    ):
        _journey_with(stack, project, segment, split)


def test_a_split_on_a_segment_of_the_journeys_project_is_accepted():
    stack, project, segment = _setup()
    split = ConditionalSplit("Route").when(Condition.in_segment(segment), Wait("W", duration=cdk.Duration.hours(1)))
    journey = _journey_with(stack, project, segment, split)
    assert journey.request["Activities"]["Route"]["ConditionalSplit"]["Condition"]["Conditions"] == [
        {"SegmentCondition": {"SegmentId": "seg1"}}
    ]


def test_an_event_start_metric_with_an_undocumented_operator_is_rejected():
    stack, project, _ = _setup()
    with pytest.raises(
        ConfigurationError,
        match=r"^Test/J: StartCondition.EventStartCondition.EventFilter.Dimensions.Metrics.amount.ComparisonOperator="
        r"'MORE' is invalid: must be one of GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN_OR_EQUAL, EQUAL$",
    ):
        Journey(
            stack,
            "J",
            project=project,
            start=_deprecated_start(metrics={"amount": ("MORE", 100)}),
            definition=Wait("W", duration=cdk.Duration.hours(1)),
        )


def test_an_event_start_renders_its_metrics():
    stack, project, _ = _setup()
    journey = Journey(
        stack,
        "J",
        project=project,
        start=JourneyStart.from_event("purchase", metrics={"amount": MetricFilter.at_least(100)}),
        definition=Wait("W", duration=cdk.Duration.hours(1)),
    )
    assert journey.request["StartCondition"]["EventStartCondition"]["EventFilter"]["Dimensions"]["Metrics"] == {
        "amount": {"ComparisonOperator": "GREATER_THAN_OR_EQUAL", "Value": 100}
    }


def test_a_paused_journey_needs_a_refresh_frequency():
    stack, project, segment = _setup()
    with pytest.raises(
        ConfigurationError,
        match=r"^Test/J: state='PAUSED' is invalid: Pinpoint pauses only journeys with a refresh$",
    ):
        _journey_with(stack, project, segment, Wait("W", duration=cdk.Duration.hours(1)), state=JourneyState.PAUSED)


def test_a_paused_journey_with_a_refresh_frequency_is_accepted():
    stack, project, segment = _setup()
    journey = _journey_with(
        stack,
        project,
        segment,
        Wait("W", duration=cdk.Duration.hours(1)),
        state=JourneyState.PAUSED,
        refresh=Refresh(frequency=cdk.Duration.hours(6)),
    )
    assert (journey.request["State"], journey.request["RefreshFrequency"]) == ("PAUSED", "PT6H")


def test_a_journey_depends_on_every_template_it_sends_that_this_app_creates():
    from cdk_pinpoint.segments import Segment, SegmentDimensions, SetFilter
    from cdk_pinpoint.templates import EmailTemplate, PushTemplate, SmsTemplate

    stack = make_stack()
    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    welcome = EmailTemplate(stack, "Welcome", template_name="welcome", subject="Welcome", text_part="Hi")
    nudge = SmsTemplate(stack, "Nudge", template_name="nudge", body="Still there?")
    thanks = PushTemplate.from_template_name(stack, "Thanks", "thanks")
    email = Email("Send welcome", template=welcome)
    opened = ConditionalSplit("Opened?").when(Condition.message_event(email, MessageEvent.EMAIL_OPENED),
                                              Push("Thank", template=thanks))  # fmt: skip
    opened.otherwise(Sms("Nudge", template=nudge))
    Journey(stack, "J", project=project, start=JourneyStart.from_segment(segment),
            definition=email.next(Wait("Wait", duration=cdk.Duration.days(1))).next(opened))  # fmt: skip

    [resource] = template_of(stack).find_resources("Custom::PinpointJourney").values()
    depends_on = set(resource["DependsOn"])
    created = {stack.get_logical_id(t.node.default_child) for t in (welcome, nudge)}
    assert created <= depends_on
    # The segment is referred to by Fn::GetAtt inside the request, which CloudFormation already orders.
    segment_id = stack.get_logical_id(segment.node.default_child)
    assert {"Fn::GetAtt": [segment_id, "SegmentId"]} in resource["Properties"]["Request"]["Fn::Join"][1]
    assert segment_id not in depends_on
    assert not any("Thanks" in logical_id for logical_id in depends_on)


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"project": "abc"}, r"^Test/J: project='abc' is invalid: must be an IProject \(a Project or an imported "),
        ({"start": "seg1"}, r"^Test/J: start='seg1' is invalid: must be a JourneyStart \(JourneyStart.from_segment"),
        ({"definition": "Send"}, r"^Test/J: definition='Send' is invalid: must be an activity or a chain of "),
        ({"state": "RUNNING"}, r"^Test/J: state='RUNNING' is invalid: must be one of JourneyState.DRAFT, "),
        ({"on_active_change": "ABORT"}, r"^Test/J: on_active_change='ABORT' is invalid: must be one of ActiveChange"),
        ({"quiet_time": ("22:00", "07:00")}, r"^Test/J: quiet_time=\('22:00', '07:00'\) is invalid: must be a Quiet"),
    ],
)
def test_a_journey_given_a_value_of_the_wrong_type_names_its_path_the_field_and_what_is_allowed(props, message):
    stack, project, segment = _setup()
    kwargs = {
        "project": project,
        "start": JourneyStart.from_segment(segment),
        "definition": Wait("Wait", duration=cdk.Duration.days(1)),
    }
    with pytest.raises(ConfigurationError, match=message):
        Journey(stack, "J", **{**kwargs, **props})


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: JourneyStart.from_segment("seg-id"),
            r"^start.segment='seg-id' is invalid: must be an ISegment \(a Segment, an ImportedSegment or ",
        ),
        (
            lambda: JourneyStart.from_event("buy", segment="seg-id"),
            r"^start.segment='seg-id' is invalid: must be an ISegment",
        ),
        (
            lambda: JourneyStart.from_event("buy", filter_type="APP"),
            r"^start.filter_type='APP' is invalid: must be one of EventFilterType.ENDPOINT, EventFilterType.SYSTEM$",
        ),
        (
            lambda: Email("Send welcome", template="welcome"),
            r"^Send welcome.template='welcome' is invalid: must be an ITemplate \(a template construct or an imported",
        ),
        (lambda: Sms("Nudge", template=None), r"^Nudge.template=None is invalid: must be an ITemplate"),
        (lambda: Condition.in_segment("seg-id"), r"^condition.segment='seg-id' is invalid: must be an ISegment"),
    ],
)
def test_a_journey_model_value_of_the_wrong_type_fails_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def test_a_custom_activity_may_send_no_template():
    assert Custom("Call hook", url="https://example.com/hook").template is None


def test_an_error_a_quiet_time_raises_while_the_journey_renders_it_names_the_journey_path(monkeypatch):
    def failing_render(self):
        raise ConfigurationError("quiet_time.start", self.start, "cannot be rendered")

    monkeypatch.setattr(QuietTime, "_to_api", failing_render)
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=r"^Test/J: quiet_time.start='22:00' is invalid: cannot be rendered$"):
        _seed_journey(stack, project, segment, quiet_time=QuietTime("22:00", "07:00"))


def _hours(name):
    return Wait(name, duration=cdk.Duration.hours(1))


def test_branches_rejoin_after_a_split_like_a_step_functions_choice():
    stack, project, segment = _setup()
    split = ConditionalSplit("Gold?").when(
        Condition.endpoint_attribute("tier", AttributeFilter.is_any_of("gold")), _hours("Gold wait")
    )
    assert isinstance(split.otherwise(_hours("Other wait").next(_hours("Second wait"))), ConditionalSplit)
    journey = _journey_with(stack, project, segment, split.afterwards().next(_hours("Together")))
    activities = journey.request["Activities"]
    assert activities["GoldWait"]["Wait"]["NextActivity"] == "Together"
    assert activities["OtherWait"]["Wait"]["NextActivity"] == "SecondWait"
    assert activities["SecondWait"]["Wait"]["NextActivity"] == "Together"
    assert "NextActivity" not in activities["Together"]["Wait"]


def test_afterwards_reaches_through_nested_splits_and_keeps_loops_closed():
    stack, project, segment = _setup()
    inner = RandomSplit("Coin").branch(50, _hours("Heads")).branch(50, _hours("Tails"))
    assert isinstance(inner, RandomSplit)
    retry = _hours("Retry")
    outer = MultiCondition("Route").when(Condition.in_segment(segment), inner).otherwise(retry)
    assert isinstance(outer, MultiCondition)
    retry.next(outer)  # a loop through a wait: not an open end
    journey = _journey_with(stack, project, segment, outer.afterwards().next(_hours("End")))
    activities = journey.request["Activities"]
    assert activities["Heads"]["Wait"]["NextActivity"] == activities["Tails"]["Wait"]["NextActivity"] == "End"
    assert activities["Retry"]["Wait"]["NextActivity"] == "Route"


def test_a_chain_that_ends_in_a_split_points_to_afterwards():
    split = (
        ConditionalSplit("S")
        .when(Condition.endpoint_attribute("a", AttributeFilter.is_any_of("b")), _hours("A"))
        .otherwise(_hours("B"))
    )
    with pytest.raises(ConfigurationError, match=r"rejoin them with split.afterwards\(\)"):
        used(_hours("Start").next(split).next(_hours("After")))


def test_conditions_take_the_librarys_segment_types_and_render_the_api_shape():
    from cdk_pinpoint.segments import GpsPoint, MetricFilter, Recency, RecencyDuration, SegmentDimensions, SetFilter

    stack, project, segment = _setup()
    dimensions = SegmentDimensions(
        channel=SetFilter.is_any_of("EMAIL"),
        country=SetFilter.is_none_of("DE"),
        gps_point=GpsPoint(latitude=52.5, longitude=13.4, range_km=10),
        recency=Recency(RecencyDuration.DAYS_7),
        attributes={"tier": AttributeFilter.is_any_of("gold")},
        metrics={"visits": MetricFilter.greater_than(3)},
    )
    split = MultiCondition("Route").when(Condition.segment_dimensions(dimensions), _hours("Match"))
    split.when(Condition.endpoint_attribute("plan", AttributeFilter.contains("pro")), _hours("Pro"))
    journey = _journey_with(stack, project, segment, split)  # the request is checked against botocore's model
    [first, second] = journey.request["Activities"]["Route"]["MultiCondition"]["Branches"]
    assert first["Condition"]["SegmentDimensions"] == {
        "Demographic": {"Channel": {"DimensionType": "INCLUSIVE", "Values": ["EMAIL"]}},
        "Location": {
            "Country": {"DimensionType": "EXCLUSIVE", "Values": ["DE"]},
            "GPSPoint": {"Coordinates": {"Latitude": 52.5, "Longitude": 13.4}, "RangeInKilometers": 10},
        },
        "Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}},
        "Attributes": {"tier": {"AttributeType": "INCLUSIVE", "Values": ["gold"]}},
        "Metrics": {"visits": {"ComparisonOperator": "GREATER_THAN", "Value": 3}},
    }
    assert second["Condition"]["SegmentDimensions"] == {
        "Attributes": {"plan": {"AttributeType": "CONTAINS", "Values": ["pro"]}}
    }


def test_raw_condition_shapes_still_work_and_warn():
    with pytest.warns(DeprecationWarning, match=r"pass an AttributeFilter"):
        legacy = Condition.endpoint_attribute("tier", ["gold"], attribute_type="EXCLUSIVE")
    with pytest.warns(DeprecationWarning, match=r"pass a SegmentDimensions"):
        raw = Condition.segment_dimensions({"Attributes": {"a": {"AttributeType": "INCLUSIVE", "Values": ["b"]}}})
    assert legacy._render_simple(None, "") == {
        "SegmentDimensions": {"Attributes": {"tier": {"AttributeType": "EXCLUSIVE", "Values": ["gold"]}}}
    }
    assert raw.is_simple
    with pytest.raises(ConfigurationError, match=r"condition.dimensions='x' is invalid: must be a SegmentDimensions"):
        used(Condition.segment_dimensions("x"))


def test_message_events_take_the_channel_enum_and_a_string_still_works_with_a_warning():
    from cdk_pinpoint import CampaignChannel

    assert MessageEvent.of("_email.custom", CampaignChannel.EMAIL).channel is CampaignChannel.EMAIL
    with pytest.warns(DeprecationWarning, match=r"pass a CampaignChannel"):
        assert MessageEvent.of("_SMS.custom", "SMS").channel is CampaignChannel.SMS
    invalid = r"event.channel='FAX' is invalid: must be one of CampaignChannel"
    with pytest.raises(ConfigurationError, match=invalid), pytest.warns(DeprecationWarning):
        MessageEvent.of("x", "FAX")


def _deprecated_start(**dimensions):
    with pytest.warns(DeprecationWarning, match=r"JourneyStart.from_event\((metrics|attributes)=.*is deprecated"):
        return JourneyStart.from_event("purchase", **dimensions)


def test_an_event_start_with_raw_attribute_values_still_works_and_warns():
    start = _deprecated_start(attributes={"plan": ["pro"]})
    event = start._condition["EventStartCondition"]["EventFilter"]["Dimensions"]
    assert event["Attributes"] == {"plan": {"AttributeType": "INCLUSIVE", "Values": ["pro"]}}
