"""An A/B test of the send time: two schedule treatments of 45% each, and a 10% control group."""

from __future__ import annotations

from datetime import UTC, datetime

import aws_cdk

from cdk_pinpoint.campaigns import Campaign, EmailMessage, Schedule, Treatment
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import Segment, SegmentDimensions, SetFilter

# Fixed future dates keep the snapshot stable (Pinpoint rejects start times in the past).
MORNING = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)
EVENING = datetime(2030, 3, 2, 18, 0, tzinfo=UTC)


def build_app(app: aws_cdk.App | None = None) -> aws_cdk.App:
    app = app or aws_cdk.App()
    env = aws_cdk.Environment(account="123456789012", region="us-east-1")
    stack = aws_cdk.Stack(app, "CampaignAbTestExample", env=env)
    project = Project(stack, "Project", project_name="campaign-ab-test-example")
    email_users = Segment(
        stack, "EmailUsers", project=project, segment_name="email-users",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("EMAIL")),
    )  # fmt: skip
    Campaign(
        stack, "SendTimeTest", project=project, segment=email_users, campaign_name="spring-send-time",
        message=EmailMessage("Our spring range is here", html_body="<p>Hello {{User.UserAttributes.FirstName}}</p>"),
        holdout_percent=10,
        treatments=[
            Treatment(45, schedule=Schedule.once(MORNING), name="morning"),
            Treatment(45, schedule=Schedule.once(EVENING), name="evening"),
        ],
    )  # fmt: skip
    return app


if __name__ == "__main__":
    build_app().synth()
