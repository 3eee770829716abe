"""Bad input to EndpointRetention and RecommenderConfiguration."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_s3 as s3

from cdk_pinpoint import EndpointRetention, RecommenderConfiguration

from .support import Case, expect_error, run, segment

P = "Test/X"
CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/x"


def _bucket(s):
    return s3.Bucket.from_bucket_name(s, "Records", "records")


def _retention(s, **kw):
    return EndpointRetention(s, "X", **{"segment": segment(s), "record_bucket": _bucket(s), **kw})


def _recommender(s, **kw):
    return RecommenderConfiguration(s, "X", **{"campaign_arn": CAMPAIGN, "display_name": "P", **kw})


CASES = [
    Case(
        lambda s: _retention(s, record_bucket="s3://records"),
        P,
        "record_bucket",
        "s3://records",
        id="retention-bucket-url",
    ),
    Case(lambda s: _retention(s, opted_out_for=30), P, "opted_out_for", 30, id="retention-bare-number"),
    Case(
        lambda s: _retention(s, opted_out_for=Duration.hours(36)),
        P,
        "opted_out_for",
        "1 day 12 hours",
        id="retention-opted-out-not-days",
    ),
    Case(lambda s: _retention(s, max_deletions_per_run=0), P, "max_deletions_per_run", 0, id="retention-deletions-0"),
    Case(lambda s: _retention(s, dry_run="yes"), P, "dry_run", "yes", id="retention-dry-run-string"),
    Case(lambda s: _retention(s, segment="all"), P, "segment", "all", id="retention-segment-string"),
    Case(
        lambda s: _recommender(s, recommendations_per_message=6),
        P,
        "recommendations_per_message",
        6,
        id="recommender-per-message",
    ),
    Case(
        lambda s: _recommender(s, recommendations_per_message=2.5),
        P,
        "recommendations_per_message",
        2.5,
        id="recommender-fractional",
    ),
    Case(lambda s: _recommender(s, id_type="CUSTOMER_ID"), P, "id_type", "CUSTOMER_ID", id="recommender-id-type"),
    Case(lambda s: _recommender(s, name="-bad"), P, "name", "-bad", id="recommender-name"),
    Case(
        lambda s: _recommender(s, transformer="arn:aws:lambda:us-east-1:1:function:f"),
        P,
        "transformer",
        "arn:aws:lambda:us-east-1:1:function:f",
        id="recommender-transformer-arn",
    ),
    Case(lambda s: _recommender(s, campaign_arn=None), P, "campaign_arn", None, id="recommender-arn-none"),
]


@run(CASES)
def test_bad_retention_and_recommender_input_fails_with_path_field_and_value(case):
    expect_error(case)
