"""CloudFormation's resource schemas at synth: the extracted file cannot drift from cfn-lint's
schemas, and the one check every Pinpoint L1 goes through says what the schema says."""

from __future__ import annotations

import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_pinpoint as pinpoint

from cdk_pinpoint import ButtonAction, ConfigurationError, InAppLayout, TextAlignment, _cfn_schema
from tests.support import ACCOUNT, REGION
from tools import extract_cfn_constraints as extractor

REPO = extractor.REPO


def test_the_committed_constraints_are_what_the_installed_cfn_lint_schemas_say():
    # regenerate with: python tools/extract_cfn_constraints.py
    expected = extractor.render(extractor.extract(extractor.schema_folder()))
    assert extractor.OUTPUT.read_text() == expected


def test_every_pinpoint_type_the_library_creates_has_its_constraints():
    source = "\n".join(p.read_text() for p in (REPO / "src" / "cdk_pinpoint").rglob("*.py"))
    created = {getattr(pinpoint, name).CFN_RESOURCE_TYPE_NAME for name in re.findall(r"pinpoint\.(Cfn\w+)", source)}
    assert created and created <= set(extractor.RESOURCE_TYPES), created - set(extractor.RESOURCE_TYPES)


def test_every_pattern_compiles_in_python():
    patterns = [
        kept["pattern"] for paths in _cfn_schema._types().values() for kept in paths.values() if "pattern" in kept
    ]
    assert patterns
    for pattern in patterns:
        re.compile(pattern)


def _stack() -> cdk.Stack:
    return cdk.Stack(cdk.App(), "Test", env=cdk.Environment(account=ACCOUNT, region=REGION))


@pytest.mark.parametrize(
    ("props", "field", "value", "allowed"),
    [
        # an enum (the InAppTemplate layout)
        ({"layout": "SIDEWAYS"}, "layout", "SIDEWAYS", "must be one of 'BOTTOM_BANNER', "),
        # a type, several levels down a list of jsii structs, named by the path the values were given at
        (
            {
                "content": [
                    pinpoint.CfnInAppTemplate.InAppMessageContentProperty(
                        primary_btn=pinpoint.CfnInAppTemplate.ButtonConfigProperty(
                            default_config=pinpoint.CfnInAppTemplate.DefaultButtonConfigurationProperty(
                                button_action="JUMP"
                            )
                        )
                    )
                ]
            },
            "content[0].primary_btn.default_config.button_action",
            "JUMP",
            "Content[].PrimaryBtn.DefaultConfig.ButtonAction",
        ),
        # the same in a plain dict in CloudFormation's camelCase
        (
            {"content": [{"bodyConfig": {"alignment": "JUSTIFIED"}}]},
            "content[0].bodyConfig.alignment",
            "JUSTIFIED",
            "must be one of 'LEFT', 'CENTER', 'RIGHT'",
        ),
        # a required property left out: the Python field named by `fields`
        ({"template_name": None}, "name_of_template", None, "is required"),
    ],
    ids=["enum", "nested-struct", "nested-dict", "required"],
)
def test_a_value_the_schema_rejects_fails_before_the_l1_exists(props, field, value, allowed):
    stack = _stack()
    props = {"template_name": "t", **props}
    with pytest.raises(ConfigurationError) as raised:
        _cfn_schema.create(pinpoint.CfnInAppTemplate, stack, "T", fields={"TemplateName": "name_of_template"}, **props)
    error = raised.value
    assert (error.field, error.value) == (field, value), str(error)
    assert allowed in error.allowed and "CloudFormation's AWS::Pinpoint::InAppTemplate schema" in error.allowed
    assert stack.node.try_find_child("T") is None


@pytest.mark.parametrize(
    ("props", "field", "allowed"),
    [
        ({"holdout_percent": 12.5}, "holdout_percent", "must be a whole number"),
        ({"is_paused": "yes"}, "is_paused", "must be True or False"),
        ({"limits": {"daily": "100"}}, "limits.daily", "must be a whole number"),
        ({"schedule": {"quietTime": {"start": "22:00"}}}, "schedule.quietTime.End", "is required"),
        ({"additional_treatments": "x"}, "additional_treatments", "must be a list"),
    ],
)
def test_campaign_types_and_nested_required_properties(props, field, allowed):
    stack = _stack()
    base = {"application_id": "a", "name": "c", "segment_id": "s", "schedule": {"startTime": "IMMEDIATE"}}
    with pytest.raises(ConfigurationError) as raised:
        _cfn_schema.create(pinpoint.CfnCampaign, stack, "C", **{**base, **props})
    assert raised.value.field == field and allowed in raised.value.allowed, str(raised.value)


def test_values_known_only_at_deploy_time_and_free_form_json_pass():
    stack = _stack()
    resource = _cfn_schema.create(
        pinpoint.CfnCampaign,
        stack,
        "C",
        application_id=cdk.Fn.ref("App"),
        name="c",
        segment_id=cdk.Fn.get_att("Segment", "SegmentId").to_string(),
        holdout_percent=cdk.Token.as_number(cdk.Fn.ref("Holdout")),
        schedule={"startTime": "IMMEDIATE", "eventFilter": {"dimensions": {"attributes": {"Any": {"x": [1]}}}}},
    )
    assert isinstance(resource, pinpoint.CfnCampaign)


def test_a_limit_read_from_the_schema_says_where_it_comes_from():
    with pytest.raises(ConfigurationError) as raised:
        _cfn_schema.check("stream_name", "has space", "AWS::Kinesis::Stream", "Name")
    assert raised.value.allowed == ("must match ^[a-zA-Z0-9_.-]+$ (CloudFormation's AWS::Kinesis::Stream schema, Name)")
    with pytest.raises(KeyError, match=r"not in _data/cfn_constraints\.json"):
        _cfn_schema.check("x", 1, "AWS::Kinesis::Stream", "NoSuchProperty")


@pytest.mark.parametrize(
    ("enum_type", "path"),
    [
        (InAppLayout, "Layout"),
        (TextAlignment, "Content[].BodyConfig.Alignment"),
        (ButtonAction, "Content[].PrimaryBtn.DefaultConfig.ButtonAction"),
    ],
)
def test_our_in_app_enums_are_the_schemas(enum_type, path):
    # the public enums are typed out for users' editors; this keeps them what CloudFormation takes
    allowed = _cfn_schema.constraints("AWS::Pinpoint::InAppTemplate", path)["enum"]
    assert sorted(m.value for m in enum_type) == sorted(allowed)
