"""A campaign with a 10% hold-out: a control group that gets nothing, to measure the campaign's effect."""

from __future__ import annotations

from datetime import UTC, datetime

import aws_cdk

from cdk_pinpoint.campaigns import Campaign, EmailMessage, Schedule
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import Segment, SegmentDimensions, SetFilter

# A fixed future date keeps the snapshot stable (Pinpoint rejects start times in the past).
LAUNCH = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)


def build_app(app: aws_cdk.App | None = None) -> aws_cdk.App:
    app = app or aws_cdk.App()
    env = aws_cdk.Environment(account="123456789012", region="us-east-1")
    stack = aws_cdk.Stack(app, "CampaignHoldoutExample", env=env)
    project = Project(stack, "Project", project_name="campaign-holdout-example")
    email_users = Segment(
        stack, "EmailUsers", project=project, segment_name="email-users",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("EMAIL")),
    )  # fmt: skip
    Campaign(
        stack, "Newsletter", project=project, segment=email_users, campaign_name="spring-newsletter",
        message=EmailMessage("Our spring range is here", html_body="<p>Hello {{User.UserAttributes.FirstName}}</p>"),
        schedule=Schedule.once(LAUNCH),
        holdout_percent=10,
    )  # fmt: skip
    return app


if __name__ == "__main__":
    build_app().synth()
