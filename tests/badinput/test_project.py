"""Bad input to Project, QuietTime, Limits and CampaignHook."""

from __future__ import annotations

from aws_cdk import Duration

from cdk_pinpoint import CampaignHook, Limits, Project, QuietTime

from .support import Case, expect_error, run

P = "Test/X"


def _project(s, **props):
    return Project(s, "X", project_name="p", **props)


CASES = [
    Case(lambda s: Project(s, "X", project_name=5), P, "project_name", 5, id="name-not-a-string"),
    Case(lambda s: Project(s, "X", project_name=""), P, "project_name", "", id="name-empty"),
    Case(lambda s: Project(s, "X", project_name="x" * 65), P, "project_name", "x" * 65, id="name-too-long"),
    Case(
        lambda s: Project(s, "X", quiet_time=("22:00", "07:00")),
        P,
        "quiet_time",
        ("22:00", "07:00"),
        id="quiet-time-tuple",
    ),
    Case(lambda s: Project(s, "X", limits={"daily": 1}), P, "limits", {"daily": 1}, id="limits-dict"),
    Case(
        lambda s: Project(s, "X", campaign_hook="arn:aws:lambda:us-east-1:1:function:f"),
        P,
        "campaign_hook",
        "arn:aws:lambda:us-east-1:1:function:f",
        id="hook-arn-string",
    ),
    Case(lambda s: Project(s, "X", cloudwatch_metrics="yes"), P, "cloudwatch_metrics", "yes", id="metrics-yes"),
    Case(
        lambda s: Project(s, "X", removal_policy="vanish"), P, "removal_policy", "vanish", id="removal-policy-unknown"
    ),
    Case(lambda s: Project(s, "X", tags={"aws:team": "x"}), P, "tags", "aws:team", id="tag-key-aws-prefix"),
    Case(lambda s: Project(s, "X", tags={"team": 5}), P, "tags", 5, id="tag-value-not-a-string"),
    Case(lambda s: Project(s, "X", tags={"": "x"}), P, "tags", "", id="tag-key-empty"),
    Case(lambda s: Project(s, "X", tags=["team"]), P, "tags", ["team"], id="tags-a-list"),
    # Pinpoint API reference, TagsModel: "a maximum of 50 tags"
    Case(lambda s: Project(s, "X", tags={f"k{i}": "v" for i in range(51)}), P, "tags", "<51 tags>", id="tags-over-50"),
    Case(lambda s: Project(s, 5), "Test/5", "id", 5, id="id-not-a-string"),
    # value objects: checked when written, before any construct exists (no path yet)
    Case(
        lambda s: _project(s, quiet_time=QuietTime("25:00", "07:00")),
        P,
        "quiet_time.start",
        "25:00",
        id="quiet-start-25h",
    ),
    Case(
        lambda s: _project(s, quiet_time=QuietTime("22:00", "7pm")),
        P,
        "quiet_time.end",
        "7pm",
        id="quiet-end-not-hh-mm",
    ),
    Case(
        lambda s: _project(s, quiet_time=QuietTime(2200, "07:00")),
        P,
        "quiet_time.start",
        2200,
        id="quiet-start-int",
    ),
    Case(
        lambda s: _project(s, limits=Limits(daily=-1)),
        P,
        "limits.daily",
        -1,
        id="limits-negative",
    ),
    Case(
        lambda s: _project(s, limits=Limits(daily=2.5)),
        P,
        "limits.daily",
        2.5,
        id="limits-fractional",
    ),
    Case(
        lambda s: _project(s, limits=Limits(daily="5")),
        P,
        "limits.daily",
        "5",
        id="limits-string",
    ),
    Case(
        lambda s: _project(s, limits=Limits(maximum_duration=Duration.seconds(30))),
        P,
        "limits.maximum_duration",
        30,
        id="limits-duration-too-short",
    ),
    Case(
        lambda s: _project(s, limits=Limits(maximum_duration=90)),
        P,
        "limits.maximum_duration",
        90,
        id="limits-duration-bare-number",
    ),
    # a whole number of seconds (the schema's integer type): was a jsii RuntimeError from Duration.to_seconds()
    Case(
        lambda s: _project(s, limits=Limits(maximum_duration=Duration.millis(90_500))),
        P,
        "limits.maximum_duration (seconds)",
        90.5,
        id="limits-duration-fraction-of-seconds",
    ),
    Case(
        lambda s: _project(s, limits=Limits(messages_per_second=True)),
        P,
        "limits.messages_per_second",
        True,
        id="limits-bool",
    ),
    Case(
        lambda s: _project(s, campaign_hook=CampaignHook("fn")),
        P,
        "campaign_hook.function",
        "fn",
        id="hook-function-string",
    ),
    Case(
        lambda s: _project(s, campaign_hook=CampaignHook(None)),
        P,
        "campaign_hook.function",
        None,
        id="hook-function-none",
    ),
    # the project adds its path to what a value raises while it binds
    Case(lambda s: Project(s, "X", limits=Limits(session=1)), P, "limits.session", 1, id="project-limits-session"),
]


@run(CASES)
def test_bad_project_input_fails_with_path_field_and_value(case):
    expect_error(case)
