"""Campaigns: channels, schedules, treatments, settings and every synth-time check."""

from __future__ import annotations

from datetime import UTC, datetime

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from cdk_pinpoint.campaigns import (
    Campaign,
    CampaignChannel,
    CustomDelivery,
    CustomMessage,
    EmailMessage,
    EventSource,
    Frequency,
    InAppMessage,
    PushMessage,
    Schedule,
    SmsMessage,
    Treatment,
)
from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import (
    AttributeFilter,
    ImportedSegment,
    MetricFilter,
    Segment,
    SegmentDimensions,
    SetFilter,
)
from cdk_pinpoint.settings import CampaignHook, Limits, QuietTime
from cdk_pinpoint.templates import (
    ButtonAction,
    ButtonOverride,
    InAppButton,
    InAppContent,
    InAppLayout,
    InAppTemplate,
    PushAction,
    TemplateKind,
    TextAlignment,
)
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of, used

START = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
END = datetime(2030, 2, 1, 9, 0, tzinfo=UTC)
EMAIL = EmailMessage("Hello", html_body="<p>Hello</p>")


class FakeTemplate(Construct):
    """A minimal ITemplate."""

    def __init__(self, scope, id, kind: TemplateKind):
        super().__init__(scope, id)
        self.template_name = f"{id.lower()}-template"
        self.template_kind = kind
        self.template_arn = f"arn:aws:mobiletargeting:us-east-1:123456789012:templates/{id}/{kind.value}"
        self.variables = frozenset()

    def grant_read(self, grantee):
        raise NotImplementedError("not read by these tests")


def _setup():
    stack = make_stack()
    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    return stack, project, segment


def _campaign_properties(stack):
    [campaign] = template_of(stack).find_resources("AWS::Pinpoint::Campaign").values()
    return campaign["Properties"]


def _render(**kwargs):
    stack, project, segment = _setup()
    kwargs.setdefault("schedule", Schedule.immediately())
    Campaign(stack, "C", project=project, segment=segment, campaign_name="c", **kwargs)
    return stack, _campaign_properties(stack)


def _fails(message, **kwargs):
    stack, project, segment = _setup()
    kwargs.setdefault("schedule", Schedule.immediately())
    with pytest.raises(ConfigurationError, match=message):
        Campaign(stack, "C", project=project, segment=segment, campaign_name="c", **kwargs)


def _function(stack):
    return lambda_.Function(
        stack, "Fn", runtime=lambda_.Runtime.PYTHON_3_14, handler="h.h", code=lambda_.Code.from_inline("x")
    )


# ---------------------------------------------------------------- channels


def test_an_email_campaign_with_a_10_percent_holdout_renders_message_schedule_and_segment():
    _, properties = _render(message=EMAIL, holdout_percent=10)
    assert properties["MessageConfiguration"] == {"EmailMessage": {"Title": "Hello", "HtmlBody": "<p>Hello</p>"}}
    assert properties["Schedule"] == {"Frequency": "ONCE", "StartTime": "IMMEDIATE"}
    assert properties["HoldoutPercent"] == 10
    assert properties["SegmentId"]["Fn::GetAtt"][1] == "SegmentId"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            EmailMessage("S", text_body="t", from_address="a@example.com"),
            {"EmailMessage": {"Title": "S", "Body": "t", "FromAddress": "a@example.com"}},
        ),
        (
            SmsMessage("Hi", sender_id="Shop"),
            {"SMSMessage": {"Body": "Hi", "MessageType": "PROMOTIONAL", "SenderId": "Shop"}},
        ),
        (CustomMessage('{"k": 1}'), {"CustomMessage": {"Data": '{"k": 1}'}}),
    ],
)
def test_email_sms_and_custom_messages_render(message, expected):
    kwargs = {}
    if isinstance(message, CustomMessage):
        kwargs["custom_delivery"] = CustomDelivery.url("https://hooks.example.com/pinpoint")
    _, properties = _render(message=message, **kwargs)
    assert properties["MessageConfiguration"] == expected


def test_a_push_message_is_sent_the_same_on_every_push_service():
    _, properties = _render(message=PushMessage("T", "B", action=PushAction.URL, url="https://example.com"))
    expected = {"Title": "T", "Body": "B", "Action": "URL", "Url": "https://example.com"}
    assert properties["MessageConfiguration"] == {
        "APNSMessage": expected, "GCMMessage": expected, "BaiduMessage": expected, "ADMMessage": expected,
    }  # fmt: skip


def test_an_in_app_campaign_renders_its_content_and_an_in_app_event_schedule():
    schedule = Schedule.on_event("app.open", start=START, end=END, in_app=True)
    message = InAppMessage(
        InAppLayout.BOTTOM_BANNER, InAppContent(header="Head", body="Body"), custom_config={"k": "v"}
    )
    _, properties = _render(message=message, schedule=schedule, priority=2, limits=Limits(session=1))
    assert properties["MessageConfiguration"] == {
        "InAppMessage": {
            "Layout": "BOTTOM_BANNER",
            "Content": [{
                "BodyConfig": {"Alignment": "CENTER", "Body": "Body", "TextColor": "#000000"},
                "HeaderConfig": {"Alignment": "CENTER", "Header": "Head", "TextColor": "#000000"},
            }],
            "CustomConfig": {"k": "v"},
        }
    }  # fmt: skip
    assert properties["Schedule"]["Frequency"] == "IN_APP_EVENT"
    assert properties["Priority"] == 2
    assert properties["Limits"] == {"Session": 1}


IN_APP_SCHEDULE = Schedule.on_event("app.open", start=START, end=END, in_app=True)
STYLED_CARD = InAppContent(
    header="Sale", header_alignment=TextAlignment.LEFT, header_color="#111111",
    body="20% off", body_alignment=TextAlignment.RIGHT, body_color="#333333",
    background_color="#FFFFFF", image_url="https://img",
    primary_button=InAppButton("Shop", action=ButtonAction.LINK, link="https://shop", border_radius=4,
                               ios=ButtonOverride(ButtonAction.DEEP_LINK, "shop://")),
    secondary_button=InAppButton("Later"),
)  # fmt: skip
STYLED_CONTENT = {
    "HeaderConfig": {"Header": "Sale", "Alignment": "LEFT", "TextColor": "#111111"},
    "BodyConfig": {"Body": "20% off", "Alignment": "RIGHT", "TextColor": "#333333"},
    "BackgroundColor": "#FFFFFF",
    "ImageUrl": "https://img",
    "PrimaryBtn": {
        "DefaultConfig": {"Text": "Shop", "ButtonAction": "LINK", "Link": "https://shop", "BorderRadius": 4},
        "IOS": {"ButtonAction": "DEEP_LINK", "Link": "shop://"},
    },
    "SecondaryBtn": {"DefaultConfig": {"Text": "Later", "ButtonAction": "CLOSE"}},
}


def test_an_in_app_content_card_renders_the_same_in_a_campaign_and_in_an_in_app_template():
    stack, project, segment = _setup()
    Campaign(stack, "C", project=project, segment=segment, campaign_name="c", schedule=IN_APP_SCHEDULE,
             message=InAppMessage(InAppLayout.OVERLAYS, STYLED_CARD))  # fmt: skip
    InAppTemplate(stack, "T", layout=InAppLayout.OVERLAYS, messages=[STYLED_CARD])
    template = template_of(stack)
    [campaign] = template.find_resources("AWS::Pinpoint::Campaign").values()
    [in_app_template] = template.find_resources("AWS::Pinpoint::InAppTemplate").values()
    assert campaign["Properties"]["MessageConfiguration"]["InAppMessage"]["Content"] == [STYLED_CONTENT]
    assert in_app_template["Properties"]["Content"] == [STYLED_CONTENT]


def test_an_in_app_campaign_centres_and_blackens_only_the_header_and_body_settings_a_card_leaves_unset():
    card = InAppContent(header="H", header_alignment=TextAlignment.LEFT, body="B", body_color="#333333")
    _, properties = _render(message=InAppMessage(InAppLayout.TOP_BANNER, card), schedule=IN_APP_SCHEDULE)
    assert properties["MessageConfiguration"]["InAppMessage"]["Content"] == [{
        "HeaderConfig": {"Header": "H", "Alignment": "LEFT", "TextColor": "#000000"},
        "BodyConfig": {"Body": "B", "Alignment": "CENTER", "TextColor": "#333333"},
    }]  # fmt: skip


def test_an_in_app_carousel_campaign_renders_every_card_in_order():
    message = InAppMessage(InAppLayout.CAROUSEL, InAppContent(body="one"), InAppContent(body="two"))
    _, properties = _render(message=message, schedule=IN_APP_SCHEDULE)
    content = properties["MessageConfiguration"]["InAppMessage"]["Content"]
    assert [card["BodyConfig"]["Body"] for card in content] == ["one", "two"]


@pytest.mark.parametrize(
    ("kind", "key"),
    [(TemplateKind.EMAIL, "EmailTemplate"), (TemplateKind.SMS, "SMSTemplate"), (TemplateKind.PUSH, "PushTemplate")],
)
def test_a_template_renders_as_the_template_configuration_for_its_channel(kind, key):
    stack, project, segment = _setup()
    template = FakeTemplate(stack, "Welcome", kind)
    campaign = Campaign(stack, "C", project=project, segment=segment, campaign_name="c", template=template,
                        schedule=Schedule.immediately())  # fmt: skip
    properties = _campaign_properties(stack)
    assert properties["TemplateConfiguration"] == {key: {"Name": "welcome-template"}}
    assert "MessageConfiguration" not in properties
    assert campaign.channel is CampaignChannel(kind.value)


def test_a_real_email_template_is_accepted():
    from cdk_pinpoint.templates import EmailTemplate

    stack, project, segment = _setup()
    template = EmailTemplate(stack, "Welcome", template_name="welcome", subject="Hi {{User.UserId}}", text_part="Hi")
    Campaign(
        stack,
        "C",
        project=project,
        segment=segment,
        campaign_name="c",
        template=template,
        schedule=Schedule.immediately(),
    )
    assert _campaign_properties(stack)["TemplateConfiguration"] == {"EmailTemplate": {"Name": "welcome"}}


def test_a_custom_campaign_delivered_by_a_lambda_function_lets_pinpoint_invoke_it_for_this_project_only():
    stack, project, segment = _setup()
    function = _function(stack)
    Campaign(stack, "C", project=project, segment=segment, campaign_name="c", message=CustomMessage("x"),
             schedule=Schedule.immediately(),
             custom_delivery=CustomDelivery.lambda_function(function, endpoint_types=["EMAIL", "CUSTOM"]))  # fmt: skip
    properties = _campaign_properties(stack)
    assert properties["CustomDeliveryConfiguration"] == {
        "DeliveryUri": stack.resolve(function.function_arn),
        "EndpointTypes": ["EMAIL", "CUSTOM"],
    }
    arn = stack.resolve(project.project_arn)
    template_of(stack).has_resource_properties(
        "AWS::Lambda::Permission",
        {"Principal": "pinpoint.us-east-1.amazonaws.com", "SourceArn": {"Fn::Join": ["", [arn, "/*"]]},
         "SourceAccount": "123456789012"},
    )  # fmt: skip


# ---------------------------------------------------------------- schedules


@pytest.mark.parametrize("frequency", [Frequency.HOURLY, Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY])
def test_recurring_schedules_render_start_end_time_zone_and_local_time(frequency):
    schedule = Schedule.recurring(frequency, start=START, end=END, time_zone="UTC+05:30", local_time=True)
    _, properties = _render(message=EMAIL, schedule=schedule)
    assert properties["Schedule"] == {
        "Frequency": frequency.value,
        "StartTime": "2030-01-01T09:00:00Z",
        "EndTime": "2030-02-01T09:00:00Z",
        "TimeZone": "UTC+05:30",
        "IsLocalTime": True,
    }


def test_a_schedule_once_at_a_time_renders_the_instant_in_utc():
    from datetime import timedelta, timezone

    at = datetime(2030, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    _, properties = _render(message=EMAIL, schedule=Schedule.once(at))
    assert properties["Schedule"] == {"Frequency": "ONCE", "StartTime": "2030-01-01T09:00:00Z"}


def test_an_event_schedule_renders_event_types_and_attribute_and_metric_filters_with_quiet_time():
    schedule = Schedule.on_event(
        "purchase", "refund", start=START, end=END, source=EventSource.SYSTEM,
        attributes={"sku": AttributeFilter.contains("book")}, metrics={"price": MetricFilter.at_least(10)},
    )  # fmt: skip
    _, properties = _render(message=EMAIL, schedule=schedule, quiet_time=QuietTime("22:00", "07:00"))
    assert properties["Schedule"] == {
        "Frequency": "EVENT",
        "StartTime": "2030-01-01T09:00:00Z",
        "EndTime": "2030-02-01T09:00:00Z",
        "QuietTime": {"Start": "22:00", "End": "07:00"},
        "EventFilter": {
            "FilterType": "SYSTEM",
            "Dimensions": {
                "EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase", "refund"]},
                "Attributes": {"sku": {"AttributeType": "CONTAINS", "Values": ["book"]}},
                "Metrics": {"price": {"ComparisonOperator": "GREATER_THAN_OR_EQUAL", "Value": 10}},
            },
        },
    }


def test_a_recurring_schedule_may_start_immediately():
    schedule = Schedule.recurring(Frequency.DAILY, start="IMMEDIATE", end=END)
    _, properties = _render(message=EMAIL, schedule=schedule)
    assert properties["Schedule"]["StartTime"] == "IMMEDIATE"


# ---------------------------------------------------------------- treatments and settings


def test_an_ab_campaign_with_two_schedule_treatments_renders_the_first_as_the_campaign_and_the_second_as_additional():
    morning = Schedule.once(START)
    evening = Schedule.once(datetime(2030, 1, 1, 18, 0, tzinfo=UTC))
    _, properties = _render(
        message=EMAIL, schedule=None, holdout_percent=10,
        treatments=[Treatment(45, schedule=morning, name="morning"),
                    Treatment(45, schedule=evening, name="evening", description="after work")],
    )  # fmt: skip
    assert properties["Schedule"]["StartTime"] == "2030-01-01T09:00:00Z"
    assert properties["TreatmentName"] == "morning"
    assert properties["AdditionalTreatments"] == [
        {
            "SizePercent": 45,
            "TreatmentName": "evening",
            "TreatmentDescription": "after work",
            "Schedule": {"Frequency": "ONCE", "StartTime": "2030-01-01T18:00:00Z"},
            "MessageConfiguration": {"EmailMessage": {"Title": "Hello", "HtmlBody": "<p>Hello</p>"}},
        }
    ]


def test_a_treatment_with_its_own_template_overrides_the_campaign_message():
    stack, project, segment = _setup()
    template = FakeTemplate(stack, "B", TemplateKind.EMAIL)
    Campaign(stack, "C", project=project, segment=segment, campaign_name="c",
             message=EMAIL, schedule=Schedule.immediately(),
             treatments=[Treatment(50), Treatment(50, template=template)])  # fmt: skip
    [additional] = _campaign_properties(stack)["AdditionalTreatments"]
    assert additional["TemplateConfiguration"] == {"EmailTemplate": {"Name": "b-template"}}
    assert "MessageConfiguration" not in additional


def test_limits_hook_description_tags_paused_and_segment_version_render():
    stack, project, segment = _setup()
    Campaign(stack, "C", project=project, segment=segment, campaign_name="c",
             message=EMAIL, schedule=Schedule.immediately(),
             limits=Limits(daily=2, total=5, messages_per_second=100), campaign_hook=CampaignHook(_function(stack)),
             description="d", tags={"team": "growth"}, paused=True, segment_version=3)  # fmt: skip
    properties = _campaign_properties(stack)
    assert properties["Limits"] == {"Daily": 2, "Total": 5, "MessagesPerSecond": 100}
    assert properties["CampaignHook"]["Mode"] == "FILTER"
    assert (properties["Description"], properties["Tags"], properties["IsPaused"], properties["SegmentVersion"]) == (
        "d", {"team": "growth"}, True, 3,
    )  # fmt: skip


def test_campaigns_are_cfn_lint_and_nag_clean():
    stack, project, segment = _setup()
    Campaign(stack, "A", project=project, segment=segment, campaign_name="a", message=EMAIL, holdout_percent=10,
             schedule=Schedule.recurring(Frequency.WEEKLY, start=START, end=END))  # fmt: skip
    Campaign(stack, "B", project=project, segment=segment, campaign_name="b", message=CustomMessage("x"),
             schedule=Schedule.on_event("e", start=START, end=END),
             custom_delivery=CustomDelivery.url("https://hooks.example.com/pinpoint"))  # fmt: skip
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


# ---------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"message": EMAIL, "holdout_percent": 101},
            r"^Test/C: holdout_percent=101 is invalid: must be between 0 and 100",
        ),
        (
            {"message": EMAIL, "holdout_percent": -1},
            r"^Test/C: holdout_percent=-1 is invalid: must be between 0 and 100",
        ),
        (
            {"message": EMAIL, "holdout_percent": 10, "treatments": [Treatment(50), Treatment(50)]},
            r"^Test/C: treatments.size_percent=\[50, 50\] is invalid: treatment sizes plus holdout_percent \(10\) "
            r"must be 100, not 110",
        ),
        ({"message": EMAIL, "priority": 6}, r"^Test/C: priority=6 is invalid: must be between 1 and 5"),
        ({"message": EMAIL, "name_override": "x" * 65}, r"^Test/C: campaign_name='x{65}' is invalid: must be 1 to 64"),
        ({}, r"^Test/C: message=None is invalid: a campaign needs a message or a template"),
        ({"message": EMAIL, "schedule": None}, r"^Test/C: schedule=None is invalid: a campaign needs a schedule"),
        (
            {"message": CustomMessage("x")},
            r"^Test/C: custom_delivery=None is invalid: a custom-channel campaign needs custom_delivery",
        ),
        (
            {"message": EMAIL, "custom_delivery": CustomDelivery.url("https://x.example.com")},
            r"custom_delivery='https://x.example.com' is invalid: only campaigns with a CustomMessage",
        ),
        (
            {"message": EMAIL, "schedule": Schedule.on_event("e", start=START, end=END, in_app=True)},
            r"^Test/C: schedule.frequency='IN_APP_EVENT' is invalid: IN_APP_EVENT is only for in-app campaigns",
        ),
        (
            {"message": InAppMessage(InAppLayout.OVERLAYS, InAppContent(body="b"))},
            r"^Test/C: schedule.frequency='ONCE' is invalid: in-app campaigns only allow IN_APP_EVENT",
        ),
        (
            {"message": EMAIL, "treatments": [Treatment(50), Treatment(50, message=SmsMessage("x"))]},
            r"^Test/C: treatments\[1\].message='SmsMessage' is invalid: must be for the campaign's channel EMAIL, "
            r"not SMS",
        ),
    ],
)
def test_invalid_campaigns_fail_at_synth_with_path_field_value_and_allowed(kwargs, message):
    name = kwargs.pop("name_override", "c")
    stack, project, segment = _setup()
    kwargs.setdefault("schedule", Schedule.immediately())
    with pytest.raises(ConfigurationError, match=message):
        Campaign(stack, "C", project=project, segment=segment, campaign_name=name, **kwargs)


def test_a_message_and_a_template_together_fail():
    stack, project, segment = _setup()
    template = FakeTemplate(stack, "T", TemplateKind.EMAIL)
    with pytest.raises(ConfigurationError, match=r"^Test/C: template='t-template' is invalid: give a message or a "):
        Campaign(stack, "C", project=project, segment=segment, campaign_name="c", message=EMAIL, template=template,
                 schedule=Schedule.immediately())  # fmt: skip


def test_a_treatment_with_both_a_message_and_a_template_fails():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"treatment.template='t-template' is invalid: give a message or a"):
        used(Treatment(50, message=EMAIL, template=FakeTemplate(stack, "T", TemplateKind.EMAIL)))


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (TemplateKind.VOICE, r"^Test/C: template='t-template \(VOICE\)' is invalid: campaigns take EMAIL, SMS or PUSH"),
        (
            TemplateKind.IN_APP,
            r"^Test/C: template='t-template \(INAPP\)' is invalid: campaigns take EMAIL, SMS or PUSH",
        ),
    ],
)
def test_templates_campaigns_cannot_use_fail(kind, message):
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=message):
        Campaign(stack, "C", project=project, segment=segment, campaign_name="c",
                 template=FakeTemplate(stack, "T", kind),
                 schedule=Schedule.immediately())  # fmt: skip


def test_a_template_of_the_wrong_kind_for_the_campaigns_channel_fails():
    stack, project, segment = _setup()
    sms = FakeTemplate(stack, "T", TemplateKind.SMS)
    with pytest.raises(ConfigurationError, match=r"^Test/C: treatments\[1\].template='t-template' is invalid: must be "
                                                 r"for the campaign's channel EMAIL, not SMS"):  # fmt: skip
        Campaign(stack, "C", project=project, segment=segment, campaign_name="c",
                 message=EMAIL, schedule=Schedule.immediately(),
                 treatments=[Treatment(50), Treatment(50, template=sms)])  # fmt: skip


def test_a_segment_from_another_project_fails():
    stack, project, _ = _setup()
    other = Project(stack, "Other")
    segment = Segment(stack, "O", project=other, segment_name="o", dimensions=SegmentDimensions(make=SetFilter(["m"])))
    with pytest.raises(ConfigurationError, match=r"^Test/C: segment='Test/O' is invalid: must belong to the campaign's "
                                                 r"project \(Test/P\), not Test/Other"):  # fmt: skip
        Campaign(
            stack,
            "C",
            project=project,
            segment=segment,
            campaign_name="c",
            message=EMAIL,
            schedule=Schedule.immediately(),
        )


def test_an_event_campaign_on_an_imported_segment_fails():
    from aws_cdk import aws_s3 as s3

    stack, project, _ = _setup()
    bucket = s3.Bucket(stack, "B", enforce_ssl=True)
    imported = ImportedSegment(stack, "I", project=project, segment_name="i", bucket=bucket, key="a.csv")
    with pytest.raises(ConfigurationError, match=r"^Test/C: segment='Test/I' is invalid: event-triggered campaigns"):
        Campaign(stack, "C", project=project, segment=imported, campaign_name="c", message=EMAIL,
                 schedule=Schedule.on_event("e", start=START, end=END))  # fmt: skip


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Schedule.on_event("e", start=START),
            r"schedule.end=None is invalid: event-triggered campaigns need an",
        ),
        (lambda: Schedule.once(datetime(2030, 1, 1)), r"schedule.start=.* is invalid: must carry a time zone"),
        (lambda: Schedule.once("tomorrow"), r"schedule.start='tomorrow' is invalid: must be an ISO 8601 instant or "),
        (
            lambda: Schedule.recurring(Frequency.DAILY, start=END, end=START),
            r"schedule.end='2030-01-01T09:00:00Z' is invalid: must be after schedule.start \(2030-02-01T09:00:00Z\)",
        ),
        (
            lambda: Schedule.recurring(Frequency.DAILY, start=START, time_zone="UTC+14"),
            r"schedule.time_zone='UTC\+14' is invalid: must be one of 'UTC', 'UTC\+01'",
        ),
        (
            lambda: Schedule.recurring(Frequency.EVENT, start=START, end=END),
            r"schedule.frequency='EVENT' is invalid: a recurring schedule is one of HOURLY, DAILY, WEEKLY, MONTHLY",
        ),
        (
            lambda: Schedule(Frequency.DAILY, START, event_type=SetFilter(["e"])),
            r"schedule.frequency='DAILY' is invalid: event filters need Frequency.EVENT or IN_APP_EVENT",
        ),
        (lambda: Schedule(Frequency.EVENT, START, END), r"schedule.event_type=None is invalid: EVENT schedules need"),
        (
            lambda: Schedule(Frequency.ONCE, START, END),
            r"schedule.end='2030-02-01T09:00:00Z' is invalid: a campaign sent",
        ),
        (lambda: Treatment(101), r"treatment.size_percent=101 is invalid: must be between 0 and 100"),
        (
            lambda: EmailMessage("S"),
            r"message.html_body=None is invalid: an email needs an HTML body, a text body or both",
        ),
        (lambda: PushMessage("t", "b", action=PushAction.DEEP_LINK), r"message.url=None is invalid: is required when"),
        (
            lambda: InAppMessage(InAppLayout.OVERLAYS),
            r"message.content=\[\] is invalid: an in-app message needs at least one InAppContent",
        ),
        (lambda: CustomDelivery.url("http://x"), r"custom_delivery.url='http://x' is invalid: must be a full https://"),
        (
            lambda: CustomDelivery.url("https://x", endpoint_types=["FAX"]),
            r"custom_delivery.endpoint_types='FAX' is invalid: must be one of",
        ),
    ],
)
def test_invalid_schedules_and_messages_fail_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def test_a_schedule_in_the_past_is_a_value_synth_accepts_the_campaign_judges_it():
    # Writing a schedule does not read the clock: only the construct that uses it judges its times.
    assert Schedule.once(datetime(2020, 1, 1, tzinfo=UTC)).start == datetime(2020, 1, 1, tzinfo=UTC)


def test_time_zones_are_botocores_documented_offsets():
    import re

    import botocore.session

    from cdk_pinpoint.campaigns import TIME_ZONES

    doc = botocore.session.get_session().get_service_model("pinpoint").shape_for("Schedule").members["Timezone"]
    assert sorted(TIME_ZONES) == sorted(set(re.findall(r"UTC(?:[+-]\d\d(?::\d\d)?)?", doc.documentation)))


def test_stack_tokens_are_accepted_as_schedule_times():
    token = cdk.Fn.ref("StartParameter")
    schedule = Schedule.recurring(Frequency.DAILY, start=token, end=END)
    assert schedule.start == token


def _campaign_depends_on(stack):
    [campaign] = template_of(stack).find_resources("AWS::Pinpoint::Campaign").values()
    return sorted(campaign.get("DependsOn", []))


def test_a_campaign_depends_on_every_template_it_sends_that_this_app_creates():
    from cdk_pinpoint.templates import EmailTemplate

    stack, project, segment = _setup()
    morning = EmailTemplate(stack, "Morning", template_name="morning", subject="Good morning", text_part="Hi")
    evening = EmailTemplate(stack, "Evening", template_name="evening", subject="Good evening", text_part="Hi")
    Campaign(stack, "C", project=project, segment=segment, campaign_name="c",
             template=morning, schedule=Schedule.immediately(),
             treatments=[Treatment(50), Treatment(50, template=evening)])  # fmt: skip
    expected = sorted(stack.get_logical_id(t.node.default_child) for t in (morning, evening))
    assert _campaign_depends_on(stack) == expected


def test_a_campaign_does_not_depend_on_an_imported_template_or_on_its_segment():
    from cdk_pinpoint.templates import EmailTemplate

    stack, project, segment = _setup()
    imported = EmailTemplate.from_template_name(stack, "Imported", "imported")
    Campaign(stack, "C", project=project, segment=segment, campaign_name="c", template=imported,
             schedule=Schedule.immediately())  # fmt: skip
    assert _campaign_depends_on(stack) == []
    # The segment id is a Fn::GetAtt, which already makes CloudFormation create the segment first.
    assert _campaign_properties(stack)["SegmentId"] == {
        "Fn::GetAtt": [stack.get_logical_id(segment.node.default_child), "SegmentId"]
    }


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"project": "abc"}, r"^Test/C: project='abc' is invalid: must be an IProject \(a Project or an imported "),
        (
            {"segment": "seg-id"},
            r"^Test/C: segment='seg-id' is invalid: must be an ISegment \(a Segment, an ImportedSegment or "
            r"Segment.from_segment_id\(...\)\)$",
        ),
        (
            {"message": None, "template": "my-template"},
            r"^Test/C: template='my-template' is invalid: must be an ITemplate \(an EmailTemplate, SmsTemplate or "
            r"PushTemplate, or an imported one\)$",
        ),
        (
            {"message": "hello"},
            r"^Test/C: message='hello' is invalid: must be an EmailMessage, SmsMessage, PushMessage, InAppMessage "
            r"or CustomMessage$",
        ),
        ({"schedule": "IMMEDIATE"}, r"^Test/C: schedule='IMMEDIATE' is invalid: must be a Schedule"),
        ({"treatments": [50, 50]}, r"^Test/C: treatments\[0\]=50 is invalid: must be a Treatment$"),
        ({"treatments": Treatment(100)}, r"^Test/C: treatments=Treatment\(.*\) is invalid: must be a list; each "),
        ({"limits": {"daily": 1}}, r"^Test/C: limits=\{'daily': 1\} is invalid: must be a Limits$"),
        ({"quiet_time": ("22:00", "07:00")}, r"^Test/C: quiet_time=\('22:00', '07:00'\) is invalid: must be a Quiet"),
    ],
)
def test_a_campaign_given_a_value_of_the_wrong_type_names_its_path_the_field_and_what_is_allowed(props, message):
    stack, project, segment = _setup()
    kwargs = {
        "project": project,
        "segment": segment,
        "campaign_name": "c",
        "message": EMAIL,
        "schedule": Schedule.immediately(),
    }
    with pytest.raises(ConfigurationError, match=message):
        Campaign(stack, "C", **{**kwargs, **props})


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Treatment(50, template="t"), r"^treatment.template='t' is invalid: must be an ITemplate"),
        (lambda: Treatment(50, message="hi"), r"^treatment.message='hi' is invalid: must be an EmailMessage"),
        (lambda: Treatment(50, schedule="IMMEDIATE"), r"^treatment.schedule='IMMEDIATE' is invalid: must be a Sched"),
        (
            lambda: Schedule("TWICE", "IMMEDIATE"),
            r"^schedule.frequency='TWICE' is invalid: must be one of Frequency.ONCE, Frequency.HOURLY, ",
        ),
        (
            lambda: Schedule.on_event("buy", start=START, end=END, source="PARTNER"),
            r"^schedule.source='PARTNER' is invalid: must be one of EventSource.ENDPOINT, EventSource.SYSTEM$",
        ),
    ],
)
def test_a_campaign_model_value_of_the_wrong_type_fails_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def _pinned(now: str):
    # an app's context, as `cdk synth -c` or cdk.json give it
    app = cdk.App(context={"aws:cdk:bundling-stacks": [], "cdk-pinpoint:now": now})
    stack = cdk.Stack(app, "Test")
    project = Project(stack, "P")
    dimensions = SegmentDimensions(make=SetFilter(["m"]))
    segment = Segment(stack, "S", project=project, segment_name="s", dimensions=dimensions)
    return stack, project, segment


def test_a_start_before_the_time_pinned_in_context_fails_with_the_campaign_path():
    stack, project, segment = _pinned("2031-01-01T00:00:00+00:00")
    with pytest.raises(
        ConfigurationError,
        match=r"^Test/C: schedule.start='2030-01-01T09:00:00\+00:00' is invalid: must not be in the past "
        r"\(now, pinned in context 'cdk-pinpoint:now': 2031-01-01T00:00:00\+00:00\)$",
    ):
        Campaign(stack, "C", project=project, segment=segment, campaign_name="c", message=EMAIL,
                 schedule=Schedule.once(START))  # fmt: skip


def test_a_treatment_start_before_the_pinned_time_names_the_campaign_path_and_the_treatment():
    later = Schedule.once(datetime(2032, 1, 1, tzinfo=UTC))
    stack, project, segment = _pinned("2031-01-01T00:00:00+00:00")
    with pytest.raises(
        ConfigurationError, match=r"^Test/C: treatments\[1\].schedule.start='2030-01-01T09:00:00\+00:00' is invalid: "
    ):
        Campaign(stack, "C", project=project, segment=segment, campaign_name="c", message=EMAIL, schedule=later,
                 treatments=[Treatment(50), Treatment(50, schedule=Schedule.once(START))])  # fmt: skip


def test_an_error_a_model_value_raises_while_the_campaign_renders_it_names_the_campaign_path(monkeypatch):
    # Model values check themselves when written (no path yet); whatever they raise later, while a
    # construct renders them, is located at the construct.
    def failing_render(self):
        raise ConfigurationError("quiet_time.start", self.start, "cannot be rendered")

    monkeypatch.setattr(QuietTime, "_to_cfn", failing_render)
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=r"^Test/C: quiet_time.start='22:00' is invalid: cannot be rendered$"):
        Campaign(stack, "C", project=project, segment=segment, campaign_name="c", message=EMAIL,
                 schedule=Schedule.immediately(), quiet_time=QuietTime("22:00", "07:00"))  # fmt: skip


def test_treatment_sizes_that_do_not_add_up_name_the_campaign_path():
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=r"^Test/C: treatments.size_percent=\[40, 40\] is invalid: "):
        Campaign(stack, "C", project=project, segment=segment, campaign_name="c", message=EMAIL,
                 schedule=Schedule.immediately(), treatments=[Treatment(40), Treatment(40)])  # fmt: skip


def test_a_campaign_only_session_limit_given_to_a_project_names_the_project_path():
    # Limits checks itself when written, but whether ``session`` is allowed depends on where it is
    # used: the project finds out while rendering it.
    stack = make_stack()
    with pytest.raises(
        ConfigurationError, match=r"^Test/P: limits.session=2 is invalid: is only allowed on campaigns$"
    ):
        Project(stack, "P", limits=Limits(session=2))
