"""A welcome journey: start from a segment, hold out a control group, send an email, wait two days,
then thank the readers by push and nudge the others by SMS."""

from __future__ import annotations

import aws_cdk as cdk

from cdk_pinpoint.journeys import (
    Condition,
    ConditionalSplit,
    Email,
    Holdout,
    Journey,
    JourneyStart,
    MessageEvent,
    Push,
    Sms,
    Wait,
)
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import Segment
from cdk_pinpoint.templates import EmailTemplate, PushTemplate, SmsTemplate


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or cdk.App()
    stack = cdk.Stack(app, "JourneyExample", env=cdk.Environment(account="123456789012", region="us-east-1"))
    project = Project(stack, "Project")
    new_customers = Segment.from_segment_id(stack, "NewCustomers", project=project, segment_id="a1b2c3d4e5f6")

    email = Email("Send welcome", template=EmailTemplate.from_template_name(stack, "Welcome", "welcome"))
    thanks = Push("Thank by push", template=PushTemplate.from_template_name(stack, "Thanks", "thanks"))
    nudge = Sms("Nudge by SMS", template=SmsTemplate.from_template_name(stack, "Nudge", "nudge"))
    opened = ConditionalSplit("Opened?").when(Condition.message_event(email, MessageEvent.EMAIL_OPENED), thanks)
    opened.otherwise(nudge)

    Journey(
        stack,
        "WelcomeJourney",
        project=project,
        start=JourneyStart.from_segment(new_customers),
        definition=Holdout("Control group", percentage=10)
        .next(email)
        .next(Wait("Two days", duration=cdk.Duration.days(2)))
        .next(opened),
    )
    return app


if __name__ == "__main__":
    build_app().synth()
