"""The Berlin segment: all EMAIL endpoints whose City attribute is Berlin, minus the test segment."""

from __future__ import annotations

import aws_cdk

from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import AttributeFilter, Segment, SegmentDimensions, SegmentGroup, SetFilter


def build_app(app: aws_cdk.App | None = None) -> aws_cdk.App:
    app = app or aws_cdk.App()
    stack = aws_cdk.Stack(app, "SegmentsExample", env=aws_cdk.Environment(account="123456789012", region="us-east-1"))
    project = Project(stack, "Project", project_name="segments-example")

    testers = Segment(
        stack,
        "Testers",
        project=project,
        segment_name="testers",
        dimensions=SegmentDimensions(attributes={"Role": AttributeFilter.is_any_of("tester")}),
    )
    Segment(
        stack,
        "BerlinEmail",
        project=project,
        segment_name="berlin-email",
        groups=[
            SegmentGroup(
                dimensions=[
                    SegmentDimensions(
                        channel=SetFilter.is_any_of("EMAIL"),
                        attributes={"City": AttributeFilter.is_any_of("Berlin")},
                    )
                ]
            ),
            SegmentGroup.excluding(testers),
        ],
    )
    return app


if __name__ == "__main__":
    build_app().synth()
