"""Grants and imports on every resource that has something to grant (aws-cdk's L2 surface)."""

from __future__ import annotations

import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam

from cdk_pinpoint import (
    Campaign,
    ConfigurationError,
    EmailMessage,
    EmailTemplate,
    ICampaign,
    IJourney,
    ITemplate,
    Journey,
    JourneyStart,
    Project,
    Schedule,
    Segment,
    SegmentDimensions,
    SetFilter,
    SmsTemplate,
    VoiceTemplate,
)
from cdk_pinpoint.journeys import Wait
from tests.support import make_stack, template_of


def _role(stack):
    return iam.Role(stack, "Reader", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))


def _statements(stack):
    """(action, resource as JSON text) of each statement of the Reader role's policy."""
    reader = {"Ref": stack.get_logical_id(stack.node.find_child("Reader").node.default_child)}
    [policy] = [
        p for p in template_of(stack).find_resources("AWS::IAM::Policy").values() if reader in p["Properties"]["Roles"]
    ]
    return [(s["Action"], json.dumps(s["Resource"])) for s in policy["Properties"]["PolicyDocument"]["Statement"]]


@pytest.mark.parametrize(
    ("template_class", "props", "action", "kind"),
    [
        (EmailTemplate, {"subject": "Hi", "text_part": "Hi"}, "mobiletargeting:GetEmailTemplate", "EMAIL"),
        (SmsTemplate, {"body": "Hi"}, "mobiletargeting:GetSmsTemplate", "SMS"),
        (VoiceTemplate, {"body": "Hi", "language_code": "en-US"}, "mobiletargeting:GetVoiceTemplate", "VOICE"),
    ],
)
def test_template_grant_read_allows_reading_that_template_only(template_class, props, action, kind):
    stack = make_stack()
    role = _role(stack)
    template = template_class(stack, "T", template_name="welcome", **props)
    template.grant_read(role)
    [(granted, resource)] = _statements(stack)
    assert granted == action
    assert json.loads(resource) == stack.resolve(template.template_arn)


def test_an_imported_template_grants_the_same_read():
    stack = make_stack()
    role = _role(stack)
    imported = EmailTemplate.from_template_name(stack, "T", "welcome")
    assert isinstance(imported, ITemplate)
    imported.grant_read(role)
    [(granted, resource)] = _statements(stack)
    assert granted == "mobiletargeting:GetEmailTemplate"
    assert resource.endswith(':templates/welcome/EMAIL"]]}'), resource


def _project_and_segment(stack):
    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    return project, segment


def test_campaign_grant_and_import():
    stack = make_stack()
    project, segment = _project_and_segment(stack)
    campaign = Campaign(stack, "C", project=project, segment=segment, campaign_name="c",
                        message=EmailMessage(from_address="a@example.com", subject="s", html_body="b"),
                        schedule=Schedule.immediately())  # fmt: skip
    imported = Campaign.from_campaign_id(stack, "Old", project=project, campaign_id="abc")
    assert isinstance(campaign, ICampaign) and isinstance(imported, ICampaign)
    role = _role(stack)
    campaign.grant(role, "mobiletargeting:GetCampaign")
    imported.grant(role, "mobiletargeting:GetCampaign")
    [(_, created), (_, old)] = _statements(stack)
    assert json.loads(created) == {"Fn::GetAtt": [stack.get_logical_id(campaign.resource), "Arn"]}
    assert old.endswith('/campaigns/abc"]]}'), old
    assert json.loads(old) == stack.resolve(imported.campaign_arn)


def test_journey_grant_and_import():
    stack = make_stack()
    project, segment = _project_and_segment(stack)
    journey = Journey(stack, "J", project=project, start=JourneyStart.from_segment(segment),
                      definition=Wait("w", duration=cdk.Duration.days(1)))  # fmt: skip
    imported = Journey.from_journey_id(stack, "Old", project=project, journey_id="j-1")
    assert isinstance(journey, IJourney) and isinstance(imported, IJourney)
    role = _role(stack)
    imported.grant(role, "mobiletargeting:GetJourney")
    journey.grant(role, "mobiletargeting:GetJourney")
    [(_, old), (_, created)] = _statements(stack)
    assert old.endswith('/journeys/j-1"]]}'), old
    assert json.dumps({"Ref": stack.get_logical_id(journey.resource.resource.node.default_child)}) in created


@pytest.mark.parametrize("importer", [Campaign.from_campaign_id, Journey.from_journey_id])
def test_an_import_with_a_wrong_project_names_its_path(importer):
    stack = make_stack()
    field = "campaign_id" if importer == Campaign.from_campaign_id else "journey_id"
    with pytest.raises(ConfigurationError, match=r"^Test/Old: project='p' is invalid: must be an IProject"):
        importer(stack, "Old", project="p", **{field: "x"})


def test_project_intent_grants_used_by_the_event_processor_and_the_journey_provider():
    stack = make_stack()
    project = Project.from_project_id(stack, "P", "app1")
    role = _role(stack)
    project.grant_update_endpoints(role)
    project.grant_create_journeys(role)
    statements = [(action, json.loads(resource)) for action, resource in _statements(stack)]
    assert [action for action, _ in statements] == [
        "mobiletargeting:UpdateEndpointsBatch",
        "mobiletargeting:CreateJourney",
        "mobiletargeting:ListJourneys",
    ]
    tails = [resource["Fn::Join"][1][-1].split(":")[-1] for _, resource in statements]
    assert tails == ["apps/app1/endpoints", "apps/app1/journeys", "apps/app1"]
