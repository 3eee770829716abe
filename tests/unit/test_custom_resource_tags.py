"""Tags and escape hatches of the custom resources: Tags.of(...) reaches journeys, API-created
templates and imported segments (not recommender configurations, which Pinpoint cannot tag), honours
include/exclude_resource_types, and node.default_child is the CfnResource as on every L2."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3

from cdk_pinpoint import EmailTemplate, ImportedSegment, Project, RecommenderConfiguration, VoiceTemplate
from cdk_pinpoint.journeys import Email, Journey, JourneyStart
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of

CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/products"


def _app(stack: cdk.Stack) -> dict[str, cdk.IConstruct]:
    project = Project(stack, "P")
    bucket = s3.Bucket(stack, "Bucket", enforce_ssl=True, server_access_logs_prefix="logs/")
    imported = ImportedSegment(stack, "Vip", project=project, segment_name="vip", bucket=bucket, key="vip.csv")
    voice = VoiceTemplate(stack, "Voice", template_name="greeting", body="Hi", tags={"owner": "voice-team"})
    email = EmailTemplate(stack, "Mail", template_name="mail", subject="Hi", html_part="<p>Hi</p>")
    journey = Journey(
        stack,
        "J",
        project=project,
        start=JourneyStart.from_segment(imported),
        definition=Email("Send", template=email),
    )
    recommender = RecommenderConfiguration(stack, "Products", campaign_arn=CAMPAIGN, display_name="Products")
    return {"journey": journey, "voice": voice, "imported": imported, "recommender": recommender}


def _tags(stack: cdk.Stack, resource_type: str) -> object:
    [resource] = template_of(stack).find_resources(resource_type).values()
    return resource["Properties"].get("Tags")


def test_tags_of_reaches_journeys_voice_templates_and_imported_segments_but_not_recommenders():
    stack = make_stack()
    _app(stack)
    cdk.Tags.of(stack).add("team", "growth")
    assert _tags(stack, "Custom::PinpointJourney") == {"team": "growth"}
    assert _tags(stack, "Custom::PinpointVoiceTemplate") == {"owner": "voice-team", "team": "growth"}
    assert _tags(stack, "Custom::PinpointImportJob") == {"team": "growth"}
    assert _tags(stack, "Custom::PinpointRecommenderConfiguration") is None  # the API has no tags for them
    # The CloudFormation-created ones are tagged by their L1 as before.
    assert _tags(stack, "AWS::Pinpoint::EmailTemplate") == {"team": "growth"}


def test_without_tags_there_is_no_tags_property():
    stack = make_stack()
    _app(stack)
    assert _tags(stack, "Custom::PinpointJourney") is None
    assert _tags(stack, "Custom::PinpointVoiceTemplate") == {"owner": "voice-team"}


def test_include_and_exclude_resource_types_name_the_custom_resource_type_as_for_any_resource():
    stack = make_stack()
    _app(stack)
    cdk.Tags.of(stack).add("a", "1", exclude_resource_types=["Custom::PinpointJourney"])
    cdk.Tags.of(stack).add("b", "2", include_resource_types=["Custom::PinpointJourney"])
    cdk.Tags.of(stack).add("owner", "stack-wide", priority=200)  # beats the template's own tag, as on L1s
    assert _tags(stack, "Custom::PinpointJourney") == {"b": "2", "owner": "stack-wide"}
    assert _tags(stack, "Custom::PinpointVoiceTemplate") == {"a": "1", "owner": "stack-wide"}


def test_tags_of_a_construct_reach_only_its_own_resources():
    stack = make_stack()
    constructs = _app(stack)
    cdk.Tags.of(constructs["journey"]).add("flow", "welcome")
    assert _tags(stack, "Custom::PinpointJourney") == {"flow": "welcome"}
    assert _tags(stack, "Custom::PinpointImportJob") is None


def test_the_provider_may_tag_and_untag_only_the_resources_it_manages():
    stack = make_stack()
    _app(stack)
    template = template_of(stack)
    statements = [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "mobiletargeting:TagResource" in statement["Action"]
    ]
    resources = [stack.resolve(statement["Resource"]) for statement in statements]
    assert len(statements) == 3  # journeys, the voice template, the import job's segment
    for statement in statements:
        assert "mobiletargeting:UntagResource" in statement["Action"]
    assert "*" not in resources


def test_default_child_is_the_cfn_resource_for_escape_hatches():
    stack = make_stack()
    constructs = _app(stack)
    for construct in constructs.values():
        child = construct.node.default_child
        assert isinstance(child, cdk.CfnResource), construct.node.path
        assert child.cfn_resource_type.startswith("Custom::Pinpoint")
    journey_resource = constructs["journey"].node.default_child
    assert isinstance(journey_resource, cdk.CfnResource)
    journey_resource.add_property_override("RetainOnDelete", "true")
    [journey] = template_of(stack).find_resources("Custom::PinpointJourney").values()
    assert journey["Properties"]["RetainOnDelete"] == "true"


def test_tagged_custom_resources_are_cfn_lint_and_nag_clean():
    stack = make_stack()
    _app(stack)
    cdk.Tags.of(stack).add("team", "growth")
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []
