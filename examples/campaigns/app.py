"""Three campaigns: a 10% hold-out, an A/B test of two send times, and an event-triggered campaign."""

from __future__ import annotations

from datetime import UTC, datetime

import aws_cdk

from cdk_pinpoint.campaigns import Campaign, EmailMessage, Schedule, SmsMessage, Treatment
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import AttributeFilter, MetricFilter, Segment, SegmentDimensions, SetFilter

# Fixed future dates keep the snapshot stable (Pinpoint rejects start times in the past).
LAUNCH = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)
LAUNCH_EVENING = datetime(2030, 3, 2, 18, 0, tzinfo=UTC)
SALE_START = datetime(2030, 3, 1, tzinfo=UTC)
SALE_END = datetime(2030, 3, 31, tzinfo=UTC)


def build_app(app: aws_cdk.App | None = None) -> aws_cdk.App:
    app = app or aws_cdk.App()
    stack = aws_cdk.Stack(app, "CampaignsExample", env=aws_cdk.Environment(account="123456789012", region="us-east-1"))
    project = Project(stack, "Project", project_name="campaigns-example")
    email = Segment(
        stack, "EmailUsers", project=project, name="email-users",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("EMAIL")),
    )  # fmt: skip
    sms = Segment(
        stack, "SmsUsers", project=project, name="sms-users",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("SMS")),
    )  # fmt: skip
    newsletter = EmailMessage("Our spring range is here", html_body="<p>Hello {{User.UserAttributes.FirstName}}</p>")

    # 1. 10% of the segment get nothing: the control group for measuring the campaign's effect.
    Campaign(
        stack, "Newsletter", project=project, segment=email, name="spring-newsletter",
        message=newsletter, schedule=Schedule.once(LAUNCH), holdout_percent=10,
    )  # fmt: skip

    # 2. A/B test of the send time: 45% in the morning, 45% in the evening, 10% control.
    Campaign(
        stack, "SendTimeTest", project=project, segment=email, name="spring-send-time",
        message=newsletter, holdout_percent=10,
        treatments=[
            Treatment(45, schedule=Schedule.once(LAUNCH), name="morning"),
            Treatment(45, schedule=Schedule.once(LAUNCH_EVENING), name="evening"),
        ],
    )  # fmt: skip

    # 3. Sent whenever an endpoint records a purchase over 50 in a book category, during the sale only.
    Campaign(
        stack, "ThankYou", project=project, segment=sms, name="sale-thank-you",
        message=SmsMessage("Thanks for your order! Here is 10% off your next book.", sender_id="Books"),
        schedule=Schedule.on_event(
            "purchase", start=SALE_START, end=SALE_END,
            attributes={"category": AttributeFilter.is_any_of("books")},
            metrics={"amount": MetricFilter.greater_than(50)},
        ),
    )  # fmt: skip
    return app


if __name__ == "__main__":
    build_app().synth()
