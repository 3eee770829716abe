"""Pinpoint events to Kinesis; opt-outs applied as they arrive; every event archived for Athena."""

from __future__ import annotations

import aws_cdk as cdk

from cdk_pinpoint.event_processing import EventArchive, EventProcessor
from cdk_pinpoint.event_stream import EventStream
from cdk_pinpoint.project import Project


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or cdk.App()
    stack = cdk.Stack(app, "EventProcessingExample", env=cdk.Environment(account="123456789012", region="us-east-1"))
    project = Project(stack, "Project", project_name="event-processing-example")
    # Pinpoint streams to one destination: a Kinesis stream, which both readers below consume.
    events = EventStream(stack, "Events", project=project)
    EventProcessor(stack, "OptOuts", event_stream=events, suppress_in_ses=True)
    EventArchive(stack, "Archive", event_stream=events, expiration=cdk.Duration.days(400))
    return app


if __name__ == "__main__":
    build_app().synth()
