#!/usr/bin/env python3
"""Personal-data retention: every night, delete the endpoints that have been inactive for 30 days
and opted out of everything for at least 90, at most 5,000 a night, with a record of each run
(ids and counts, never addresses) in a bucket the privacy team owns.

Deploy with ``dry_run=True`` first: scheduled runs then only record what they would delete.
"""

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3

from cdk_pinpoint import EndpointRetention, Project, Recency, RecencyDuration, Segment, SegmentDimensions


class RetentionStack(cdk.Stack):
    def __init__(self, scope: cdk.App, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        project = Project(self, "Shop", project_name="shop")
        # The criteria, inspectable before anything runs: stale.matches(endpoint) says whether an
        # endpoint is in it.
        stale = Segment(
            self,
            "Inactive30Days",
            project=project,
            segment_name="inactive-30-days",
            dimensions=SegmentDimensions(recency=Recency.inactive_within(RecencyDuration.DAYS_30)),
        )
        EndpointRetention(
            self,
            "Retention",
            segment=stale,
            opted_out_for=cdk.Duration.days(90),
            max_deletions_per_run=5_000,
            record_bucket=s3.Bucket.from_bucket_name(self, "PrivacyRecords", "shop-privacy-records"),
            record_prefix="pinpoint/endpoint-retention/",
            dry_run=True,
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or cdk.App()
    RetentionStack(app, "CdkPinpointRetention", env=cdk.Environment(account="123456789012", region="us-east-1"))
    return app


if __name__ == "__main__":
    build_app().synth()
