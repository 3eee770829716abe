#!/usr/bin/env python3
"""Event streaming: one project streams its events to a new Kinesis data stream (the default,
encrypted with the AWS managed key); a second project streams to an existing Firehose delivery
stream. Each gets its own role, trusted only by Pinpoint for that project."""

from typing import Any

import aws_cdk as cdk

from cdk_pinpoint.event_stream import EventDestination, EventStream
from cdk_pinpoint.project import Project


class EventStreamStack(cdk.Stack):
    def __init__(self, scope: cdk.App, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        orders = Project(self, "Orders", project_name="orders")
        events = EventStream(
            self,
            "OrdersEvents",
            project=orders,
            destination=EventDestination.new_kinesis_stream(retention_period=cdk.Duration.days(3)),
        )
        assert events.kinesis_stream is not None  # new_kinesis_stream(...) creates one
        cdk.CfnOutput(self, "OrdersEventsStreamName", value=events.kinesis_stream.stream_name)

        marketing = Project(self, "Marketing", project_name="marketing")
        EventStream(
            self,
            "MarketingEvents",
            project=marketing,
            destination=EventDestination.firehose_arn(
                f"arn:aws:firehose:{self.region}:{self.account}:deliverystream/marketing-events"
            ),
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or cdk.App()
    EventStreamStack(app, "CdkPinpointEventStream", env=cdk.Environment(account="123456789012", region="us-east-1"))
    return app


if __name__ == "__main__":
    build_app().synth()
