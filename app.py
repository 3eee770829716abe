#!/usr/bin/env python3
"""The cdk-pinpoint showcase: one realistic messaging project, built with every construct.

Run it with ``./dev synth`` (or ``npx cdk synth``). Each synth prints aws-cdk-lib's
end-of-support warning (CloudFormation-Validate::W3696) for every Pinpoint resource: AWS ended
support for Pinpoint's engagement features on 2026-10-30. This app does not hide it; see the
README for what still deploys and how to acknowledge it in your own app.
"""

import aws_cdk as cdk

from cdk_pinpoint import Limits, Project, QuietTime


class MessagingStack(cdk.Stack):
    def __init__(self, scope: cdk.App, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.project = Project(
            self,
            "Project",
            project_name="showcase-messaging",
            quiet_time=QuietTime(start="22:00", end="07:00"),
            limits=Limits(daily=5, total=50, messages_per_second=100),
            cloudwatch_metrics=True,
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The showcase app; the snapshot tests build it the same way ``cdk synth`` does."""
    app = app or cdk.App()
    MessagingStack(
        app,
        "CdkPinpointShowcase",
        env=cdk.Environment(account="123456789012", region="us-east-1"),
        description="cdk-pinpoint showcase: a messaging project (synthesize only; see README)",
    )
    return app


if __name__ == "__main__":
    build_app().synth()
