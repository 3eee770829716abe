"""A small app in two versions, ``base`` and ``head``: one stack per kind of change the review
reports, so each stack's review is one golden file (tests/review/test_review_golden.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_

from cdk_pinpoint import EmailTemplate, Journey, JourneyStart, Limits, Project, PushTemplate, SmsTemplate
from cdk_pinpoint.campaigns import Campaign, EmailMessage, Schedule, Treatment
from cdk_pinpoint.journeys import Email, JourneyState, Push, Sms, Wait
from cdk_pinpoint.segments import AttributeFilter, Segment, SegmentDimensions, SegmentGroup, SetFilter
from cdk_pinpoint.templates import DefaultPush

ASSETS = Path(__file__).parent / "assets"
LAUNCH = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)
HELLO = EmailMessage("Hello", html_body="<p>Hello {{User.UserAttributes.FirstName}}</p>")
#: a multi-line HTML body whose one word differs between the sides
NEWS = """<html>
<body>
<h1>Spring news</h1>
<p>Hello {{User.UserAttributes.FirstName}},</p>
<p>Our {{Attributes.Season}} sale starts on {{Attributes.Day}}.</p>
<p>See you {{#if User.UserAttributes.City}}in {{User.UserAttributes.City}}{{else}}soon{{/if}}!</p>
</body>
</html>"""


def _segments(stack: cdk.Stack, project: Project, city: str) -> Segment:
    testers = Segment(
        stack,
        "Testers",
        project=project,
        segment_name="testers",
        dimensions=SegmentDimensions(attributes={"Role": AttributeFilter.is_any_of("tester")}),
    )
    return Segment(
        stack,
        "CityEmail",
        project=project,
        segment_name="city-email",
        groups=[
            SegmentGroup(
                dimensions=[
                    SegmentDimensions(
                        channel=SetFilter.is_any_of("EMAIL"),
                        attributes={"City": AttributeFilter.is_any_of(city)},
                    )
                ]
            ),
            SegmentGroup.excluding(testers),
        ],
    )


def _everyone(stack: cdk.Stack, project: Project) -> Segment:
    return Segment(
        stack,
        "Everyone",
        project=project,
        segment_name="everyone",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("EMAIL")),
    )


def segments_stack(app: cdk.App, head: bool) -> None:
    stack = cdk.Stack(app, "Segments")
    _segments(stack, Project(stack, "Project", project_name="review-segments"), "Munich" if head else "Berlin")


def templates_stack(app: cdk.App, head: bool) -> None:
    stack = cdk.Stack(app, "Templates")
    EmailTemplate(
        stack,
        "News",
        template_name="review-news",
        subject="Spring news for {{User.UserAttributes.FirstName}}",
        html_part=NEWS.replace("sale starts", "sale begins") if head else NEWS,
        text_part="Our sale starts on {{Attributes.Day}}.",
        default_substitutions={"Attributes": {"Season": "spring", "Day": "Monday"}},
    )
    SmsTemplate(
        stack,
        "Reminder",
        template_name="review-reminder",
        body=f"Hi {{{{User.UserAttributes.FirstName}}}}, the sale {'ends tonight' if head else 'ends soon'}.",
    )


def campaigns_stack(app: cdk.App, head: bool) -> None:
    stack = cdk.Stack(app, "Campaigns")
    project = Project(stack, "Project", project_name="review-campaigns")
    everyone = _everyone(stack, project)
    vips = Segment(
        stack,
        "Vips",
        project=project,
        segment_name="vips",
        dimensions=SegmentDimensions(attributes={"Tier": AttributeFilter.is_any_of("gold")}),
    )
    evening = datetime(2030, 3, 2, 19 if head else 18, 0, tzinfo=UTC)
    Campaign(
        stack,
        "SendTime",
        project=project,
        segment=everyone,
        campaign_name="send-time",
        message=HELLO,
        holdout_percent=20 if head else 10,
        treatments=[
            Treatment(40 if head else 45, schedule=Schedule.once(LAUNCH), name="morning"),
            Treatment(40 if head else 45, schedule=Schedule.once(evening), name="evening"),
        ],
        limits=Limits(daily=3 if head else 2),
    )
    Campaign(
        stack,
        "Launch",
        project=project,
        segment=vips if head else everyone,
        campaign_name="launch",
        message=HELLO,
        schedule=Schedule.once(LAUNCH),
    )


def journeys_stack(app: cdk.App, head: bool) -> None:
    stack = cdk.Stack(app, "Journeys")
    project = Project(stack, "Project", project_name="review-journeys")
    segment = _everyone(stack, project)
    welcome = EmailTemplate(
        stack, "Welcome", template_name="review-welcome", subject="Welcome", html_part="<p>Welcome</p>"
    )
    thanks = SmsTemplate(stack, "Thanks", template_name="review-thanks", body="Thanks!")
    thanks_push = PushTemplate(
        stack, "ThanksPush", template_name="review-thanks-push", default=DefaultPush(title="Thanks", body="Thanks!")
    )
    for construct_id, state in (("Live", JourneyState.ACTIVE), ("Draft", JourneyState.DRAFT)):
        wait = Wait("Wait", duration=cdk.Duration.days(3 if head else 2))
        follow_up = Sms("Thank by SMS", template=thanks) if head else Push("Thank by push", template=thanks_push)
        Journey(
            stack,
            construct_id,
            project=project,
            state=state,
            start=JourneyStart.from_segment(segment),
            definition=Email("Welcome", template=welcome).next(wait).next(follow_up),
        )


def renames_stack(app: cdk.App, head: bool) -> None:
    """A template given a new name (a new template, the old deleted) and a segment given a new construct id."""
    stack = cdk.Stack(app, "Renames")
    project = Project(stack, "Project", project_name="review-renames")
    SmsTemplate(stack, "Promo", template_name="review-promo-2" if head else "review-promo", body="20% off today")
    segment = Segment(
        stack,
        "Buyers" if head else "Customers",
        project=project,
        segment_name="customers",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("SMS")),
    )
    Campaign(
        stack,
        "Promo2",
        project=project,
        segment=segment,
        campaign_name="promo",
        message=HELLO,
        schedule=Schedule.once(LAUNCH),
    )


def removals_stack(app: cdk.App, head: bool) -> None:
    """A segment removed while its campaign moves to another one, and a journey removed."""
    stack = cdk.Stack(app, "Removals")
    project = Project(stack, "Project", project_name="review-removals")
    everyone = _everyone(stack, project)
    audience = everyone
    if not head:
        audience = Segment(
            stack,
            "Berliners",
            project=project,
            segment_name="berliners",
            dimensions=SegmentDimensions(attributes={"City": AttributeFilter.is_any_of("Berlin")}),
        )
        welcome = EmailTemplate(stack, "Welcome", template_name="review-bye", subject="Hi", html_part="<p>Hi</p>")
        Journey(
            stack,
            "Onboarding",
            project=project,
            state=JourneyState.ACTIVE,
            start=JourneyStart.from_segment(everyone),
            definition=Email("Welcome", template=welcome),
        )
    Campaign(
        stack,
        "Launch",
        project=project,
        segment=audience,
        campaign_name="launch",
        message=HELLO,
        schedule=Schedule.once(LAUNCH),
    )


def assets_stack(app: cdk.App, head: bool) -> None:
    """Only a Lambda function's code changes: its asset hash, nothing a reviewer reads."""
    stack = cdk.Stack(app, "Assets")
    lambda_.Function(
        stack,
        "Hook",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler="index.handler",
        code=lambda_.Code.from_asset(str(ASSETS / ("head" if head else "base"))),
    )


def unchanged_stack(app: cdk.App, head: bool) -> None:
    stack = cdk.Stack(app, "Unchanged")
    _segments(stack, Project(stack, "Project", project_name="review-unchanged"), "Berlin")


def large_stack(app: cdk.App, head: bool) -> None:
    """Template changes too large for one pull-request comment."""
    stack = cdk.Stack(app, "Large")
    for index in range(6):
        lines = [
            f"<p>Paragraph {line} of newsletter {index}: {'new' if head else 'old'} text.</p>" for line in range(250)
        ]
        EmailTemplate(
            stack,
            f"Newsletter{index}",
            template_name=f"review-newsletter-{index}",
            subject="News",
            html_part="\n".join(lines),
        )


STACKS = (
    segments_stack,
    templates_stack,
    campaigns_stack,
    journeys_stack,
    renames_stack,
    removals_stack,
    assets_stack,
    unchanged_stack,
    large_stack,
)


def build_app(app: cdk.App, side: str) -> cdk.App:
    for add in STACKS:
        add(app, side == "head")
    return app
