"""An event-triggered campaign: an SMS whenever an endpoint records a purchase, between a start and an end."""

from __future__ import annotations

from datetime import UTC, datetime

import aws_cdk

from cdk_pinpoint.campaigns import Campaign, Schedule, SmsMessage
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import AttributeFilter, MetricFilter, Segment, SegmentDimensions, SetFilter

# Fixed future dates keep the snapshot stable (Pinpoint rejects start times in the past).
SALE_START = datetime(2030, 3, 1, tzinfo=UTC)
SALE_END = datetime(2030, 3, 31, tzinfo=UTC)


def build_app(app: aws_cdk.App | None = None) -> aws_cdk.App:
    app = app or aws_cdk.App()
    env = aws_cdk.Environment(account="123456789012", region="us-east-1")
    stack = aws_cdk.Stack(app, "CampaignEventExample", env=env)
    project = Project(stack, "Project", project_name="campaign-event-example")
    sms_users = Segment(
        stack, "SmsUsers", project=project, segment_name="sms-users",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("SMS")),
    )  # fmt: skip
    Campaign(
        stack, "ThankYou", project=project, segment=sms_users, campaign_name="sale-thank-you",
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
