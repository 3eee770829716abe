"""Props renamed to one naming rule keep their old names for one release, with a DeprecationWarning
that points at the user's line; giving both names is an error at the construct's path."""

from __future__ import annotations

import warnings

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3

from cdk_pinpoint import (
    Campaign,
    CampaignHook,
    ConfigurationError,
    EmailMessage,
    ImportedSegment,
    Journey,
    JourneyStart,
    Project,
    Schedule,
    Segment,
    SegmentDimensions,
    SetFilter,
)
from cdk_pinpoint.journeys import Wait
from tests.support import make_stack, template_of

EMAIL = EmailMessage(from_address="a@example.com", subject="Hi", html_body="<p>Hi</p>")
DIMENSIONS = SegmentDimensions(make=SetFilter(["m"]))


def _setup():
    stack = make_stack()
    project = Project(stack, "P")
    return stack, project, Segment(stack, "S", project=project, segment_name="s", dimensions=DIMENSIONS)


def _hook(stack):
    return CampaignHook(
        lambda_.Function.from_function_arn(stack, "F", "arn:aws:lambda:us-east-1:123456789012:function:f")
    )


def _campaign(stack, project, segment, **names):
    return Campaign(
        stack, "C", project=project, segment=segment, message=EMAIL, schedule=Schedule.immediately(), **names
    )


def test_old_names_warn_at_the_users_line_and_build_the_same_resource():
    stack, project, segment = _setup()
    with pytest.warns(
        DeprecationWarning, match=r"Campaign\((name|hook)=\.\.\.\) is deprecated .* use campaign_"
    ) as record:
        _campaign(stack, project, segment, name="old", hook=_hook(stack))
    assert {str(w.message).split("(")[1].split("=")[0] for w in record} == {"name", "hook"}
    assert all(w.filename == __file__ for w in record), [w.filename for w in record]
    template_of(stack).has_resource_properties(
        "AWS::Pinpoint::Campaign",
        {"Name": "old", "CampaignHook": {"LambdaFunctionName": cdk.assertions.Match.any_value()}},
    )


def test_new_names_do_not_warn():
    stack, project, segment = _setup()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        _campaign(stack, project, segment, campaign_name="new", campaign_hook=_hook(stack))
    template_of(stack).has_resource_properties("AWS::Pinpoint::Campaign", {"Name": "new"})


def test_both_names_at_once_fail_at_the_construct_path():
    stack, project, segment = _setup()
    with pytest.raises(
        ConfigurationError, match=r"^Test/C: name='a' is invalid: is the deprecated name of campaign_name"
    ):
        _campaign(stack, project, segment, name="a", campaign_name="b")


@pytest.mark.parametrize("construct", ["Campaign", "Segment"])
def test_a_missing_name_is_a_configuration_error(construct):
    stack, project, segment = _setup()
    with pytest.raises(ConfigurationError, match=r"_name=None is invalid: is required: its name, 1-64 characters"):
        if construct == "Campaign":
            _campaign(stack, project, segment)
        else:
            Segment(stack, "S2", project=project, dimensions=DIMENSIONS)


def test_segments_take_segment_name_and_warn_on_name():
    stack = make_stack()
    project = Project(stack, "P")
    bucket = s3.Bucket(stack, "B")
    with pytest.warns(DeprecationWarning, match=r"Segment\(name=\.\.\.\) is deprecated .* use segment_name="):
        Segment(stack, "S", project=project, name="s", dimensions=DIMENSIONS)
    with pytest.warns(DeprecationWarning, match=r"ImportedSegment\(name=\.\.\.\) is deprecated"):
        ImportedSegment(stack, "I", project=project, name="i", bucket=bucket, key="k.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        ImportedSegment(stack, "I2", project=project, segment_name="i2", bucket=bucket, key="k.csv")


def _journey(**props):
    stack, project, segment = _setup()
    Journey(stack, "J", project=project, start=JourneyStart.from_segment(segment),
            definition=Wait("w", duration=cdk.Duration.days(1)), **props)  # fmt: skip
    return template_of(stack)


@pytest.mark.parametrize(
    ("props", "retained"),
    [({}, "false"), ({"removal_policy": cdk.RemovalPolicy.RETAIN}, "true"),
     ({"removal_policy": cdk.RemovalPolicy.DESTROY}, "false")],
)  # fmt: skip
def test_a_journey_takes_a_removal_policy_like_the_project(props, retained):
    _journey(**props).has_resource_properties("Custom::PinpointJourney", {"RetainOnDelete": retained})


def test_retain_on_delete_still_works_and_warns():
    with pytest.warns(DeprecationWarning, match=r"Journey\(retain_on_delete=\.\.\.\) is deprecated .* removal_policy="):
        template = _journey(retain_on_delete=True)
    template.has_resource_properties("Custom::PinpointJourney", {"RetainOnDelete": "true"})


def test_a_removal_policy_a_journey_cannot_honour_fails():
    with pytest.raises(ConfigurationError, match=r"^Test/J: removal_policy=.* must be RemovalPolicy.DESTROY or"):
        _journey(removal_policy=cdk.RemovalPolicy.SNAPSHOT)
