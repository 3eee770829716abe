"""RecommenderConfiguration: the request (checked at synth), the roles and permissions it grants,
and templates that use its attributes (checked and previewed)."""

from __future__ import annotations

import json

import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match

from cdk_pinpoint import ConfigurationError, EmailTemplate, RecommenderConfiguration, RecommenderIdType
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of

CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/products"
SOLUTION = "arn:aws:personalize:us-east-1:123456789012:solution/products"
TRANSFORMER = "arn:aws:lambda:us-east-1:123456789012:function:enrich"


def _request(template, resource_type: str = "Custom::PinpointRecommenderConfiguration") -> dict:
    [resource] = template.find_resources(resource_type).values()
    request = resource["Properties"]["Request"]
    # A deploy-time value (the role ARN, the recommender id) makes the request an Fn::Join of literal
    # JSON and that value, which is shown here as DEPLOY_TIME.
    text = "".join(part if isinstance(part, str) else "DEPLOY_TIME" for part in request["Fn::Join"][1])
    return json.loads(text)


def test_the_request_holds_every_setting():
    stack = make_stack()
    RecommenderConfiguration(
        stack,
        "Products",
        campaign_arn=CAMPAIGN,
        name="products",
        description="Top products (v2)",
        id_type=RecommenderIdType.USER,
        recommendations_per_message=3,
        display_name="Products",
    )
    assert _request(template_of(stack))["CreateRecommenderConfiguration"] == {
        "Name": "products",
        "Description": "Top products (v2)",
        "RecommendationProviderUri": CAMPAIGN,
        "RecommendationProviderRoleArn": "DEPLOY_TIME",
        "RecommendationProviderIdType": "PINPOINT_USER_ID",
        "RecommendationsPerMessage": 3,
        "RecommendationsDisplayName": "Products",
    }


def test_pinpoints_role_reads_only_that_campaign_and_only_pinpoint_for_this_accounts_recommenders_assumes_it():
    stack = make_stack()
    RecommenderConfiguration(stack, "Products", campaign_arn=CAMPAIGN, display_name="Products")
    template = template_of(stack)
    template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Action": "sts:AssumeRole",
                        "Effect": "Allow",
                        "Principal": {"Service": "pinpoint.amazonaws.com"},
                        "Condition": {
                            "StringEquals": {"aws:SourceAccount": "123456789012"},
                            "ArnLike": {
                                "aws:SourceArn": {
                                    "Fn::Join": [
                                        "",
                                        [
                                            "arn:",
                                            {"Ref": "AWS::Partition"},
                                            ":mobiletargeting:us-east-1:123456789012:recommenders/*",
                                        ],
                                    ]
                                }
                            },
                        },
                    }
                ]
            }
        },
    )
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [
                    {
                        "Action": ["personalize:DescribeCampaign", "personalize:GetRecommendations"],
                        "Effect": "Allow",
                        "Resource": CAMPAIGN,
                    }
                ]
            },
            "Roles": [{"Ref": Match.string_like_regexp("ProductsReadRole")}],
        },
    )


def test_the_provider_may_manage_recommenders_and_pass_only_that_role():
    stack = make_stack()
    RecommenderConfiguration(stack, "Products", campaign_arn=CAMPAIGN, display_name="Products")
    policies = template_of(stack).find_resources("AWS::IAM::Policy")
    provider = next(p for name, p in policies.items() if name.startswith("CdkPinpointApiProvider"))
    statements = provider["Properties"]["PolicyDocument"]["Statement"]
    pass_role = [s for s in statements if s["Action"] == "iam:PassRole"]
    assert len(pass_role) == 1 and pass_role[0]["Resource"]["Fn::GetAtt"][0].startswith("ProductsReadRole")
    [api] = [s for s in statements if "mobiletargeting:CreateRecommenderConfiguration" in s["Action"]]
    assert api["Action"] == [
        "mobiletargeting:CreateRecommenderConfiguration",
        "mobiletargeting:DeleteRecommenderConfiguration",
        "mobiletargeting:GetRecommenderConfiguration",
        "mobiletargeting:UpdateRecommenderConfiguration",
    ]
    assert [r["Fn::Join"][1][-1] for r in api["Resource"]] == [
        ":mobiletargeting:us-east-1:123456789012:recommenders",
        ":mobiletargeting:us-east-1:123456789012:recommenders/*",
    ]


def test_a_transformer_is_sent_with_its_attributes_and_pinpoint_may_invoke_it_for_recommenders_only():
    stack = make_stack()
    function = lambda_.Function.from_function_arn(stack, "Enrich", TRANSFORMER)
    RecommenderConfiguration(
        stack,
        "Products",
        campaign_arn=CAMPAIGN,
        solution_arn=SOLUTION,
        transformer=function,
        attributes={"Title": "Product title", "Price": "Price"},
    )
    template = template_of(stack)
    request = _request(template)["CreateRecommenderConfiguration"]
    assert request["RecommendationTransformerUri"] == TRANSFORMER
    assert request["Attributes"] == {"Title": "Product title", "Price": "Price"}
    assert "RecommendationsDisplayName" not in request
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": TRANSFORMER,
            "Principal": "pinpoint.us-east-1.amazonaws.com",
            "SourceAccount": "123456789012",
            "SourceArn": {
                "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, Match.string_like_regexp("recommenders/\\*$")]]
            },
        },
    )
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        {
                            "Action": "personalize:DescribeSolution",
                            "Effect": "Allow",
                            "Resource": [SOLUTION, f"{SOLUTION}/*"],
                        }
                    ]
                )
            }
        },
    )


def test_the_stack_is_cfn_lint_and_cdk_nag_clean():
    stack = make_stack()
    function = lambda_.Function.from_function_arn(stack, "Enrich", TRANSFORMER)
    RecommenderConfiguration(
        stack, "Products", campaign_arn=CAMPAIGN, solution_arn=SOLUTION, transformer=function, attributes={"Title": "T"}
    )
    RecommenderConfiguration(stack, "Plain", campaign_arn=CAMPAIGN, display_name="Items")
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


@pytest.mark.parametrize(
    ("settings", "field", "allowed"),
    [
        ({"campaign_arn": "arn:aws:personalize:us-east-1:123456789012:solution/x"}, "campaign_arn", "campaign ARN"),
        ({"solution_arn": CAMPAIGN}, "solution_arn", "solution ARN"),
        ({"name": "-bad"}, "name", "1-128 letters"),
        ({"name": "x" * 129}, "name", "1-128 letters"),
        ({"description": "no! exclamations"}, "description", "up to 128"),
        ({"recommendations_per_message": 6}, "recommendations_per_message", "between 1 and 5"),
        ({"recommendations_per_message": 0}, "recommendations_per_message", "between 1 and 5"),
        ({"display_name": "x" * 26}, "display_name", "1-25 letters"),
        ({"display_name": None}, "display_name", "required without a transformer"),
        ({"id_type": "CUSTOMER_ID"}, "id_type", "RecommenderIdType.ENDPOINT"),
        ({"attributes": {"Title": "T"}}, "attributes", "need a transformer"),
        ({"transformer": TRANSFORMER}, "transformer", "must be a Lambda function"),
    ],
)
def test_bad_settings_fail_at_synth_naming_the_path_and_field(settings, field, allowed):
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=allowed) as error:
        RecommenderConfiguration(stack, "Products", **{"campaign_arn": CAMPAIGN, "display_name": "P", **settings})
    assert error.value.path == "Test/Products" and error.value.field == field


@pytest.mark.parametrize(
    ("attributes", "field"),
    [
        (None, "attributes"),
        ({}, "len(attributes)"),
        ({f"a{i}": "x" for i in range(11)}, "len(attributes)"),
        ({"Title.Main": "x"}, "attributes key"),
        ({"Title": "a display name that is too long"}, "attributes['Title']"),
    ],
)
def test_transformer_attributes_follow_pinpoints_rules(attributes, field):
    stack = make_stack()
    function = lambda_.Function.from_function_arn(stack, "Enrich", TRANSFORMER)
    with pytest.raises(ConfigurationError) as error:
        RecommenderConfiguration(stack, "P", campaign_arn=CAMPAIGN, transformer=function, attributes=attributes)
    assert error.value.field == field and error.value.path == "Test/P"


def test_a_fractional_count_fails_on_its_field_before_botocores_model_sees_it():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match="must be a whole number") as error:
        RecommenderConfiguration(stack, "P", campaign_arn=CAMPAIGN, display_name="P", recommendations_per_message=2.5)
    assert error.value.field == "recommendations_per_message" and error.value.path == "Test/P"


def test_deploy_time_values_are_not_checked_at_synth():
    stack = make_stack()
    from aws_cdk import CfnParameter

    campaign = CfnParameter(stack, "Campaign").value_as_string
    RecommenderConfiguration(stack, "P", campaign_arn=campaign, display_name="P")


# --- templates ---------------------------------------------------------------------------------


def _with_transformer(stack):
    function = lambda_.Function.from_function_arn(stack, "Enrich", TRANSFORMER)
    return RecommenderConfiguration(
        stack,
        "Products",
        campaign_arn=CAMPAIGN,
        transformer=function,
        attributes={"Title": "T", "Price": "P"},
        recommendations_per_message=2,
    )


def test_a_template_that_reads_configured_attributes_passes_and_previews_with_example_recommendations():
    stack = make_stack()
    recommender = _with_transformer(stack)
    template = EmailTemplate(
        stack,
        "Picks",
        subject="Picked for {{User.UserAttributes.FirstName}}",
        html_part="<p>{{Recommendations.Title.[0]}} at {{Recommendations.Price.[0]}}; "
        "also {{RecommendationItems.[1]}}</p>",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "you"}}},
        recommender_id=recommender.recommender_id,
    )
    recommender.check_template(template)
    assert recommender.preview(
        template, {"Address": "a@example.com"}, items=["p1", "p2"], attributes={"Title": ["Lamp"], "Price": ["$9"]}
    ) == {"subject": "Picked for you", "html": "<p>Lamp at $9; also p2</p>"}
    request = _request(template_of(stack), "Custom::PinpointEmailTemplate")
    assert request["EmailTemplateRequest"]["RecommenderId"] == "DEPLOY_TIME"


def test_a_template_that_reads_an_attribute_the_configuration_lacks_fails_naming_the_template():
    stack = make_stack()
    recommender = _with_transformer(stack)
    template = EmailTemplate(stack, "Picks", subject="{{Recommendations.Colour}}", text_part="x")
    with pytest.raises(ConfigurationError, match="must be one of Price, Title") as error:
        recommender.check_template(template)
    assert error.value.path == "Test/Picks" and error.value.value == "Recommendations.Colour"


def test_custom_attributes_without_a_transformer_fail_and_say_what_to_use_instead():
    stack = make_stack()
    recommender = RecommenderConfiguration(
        stack, "Plain", campaign_arn=CAMPAIGN, display_name="Items", recommendations_per_message=3
    )
    template = EmailTemplate(stack, "Picks", subject="{{Recommendations.Title}}", text_part="x")
    with pytest.raises(
        ConfigurationError, match=r"no custom attributes .*RecommendationItems.\[0\] to RecommendationItems.\[2\]"
    ):
        recommender.check_template(template)


def test_a_preview_with_more_items_than_pinpoint_retrieves_fails():
    stack = make_stack()
    recommender = _with_transformer(stack)
    template = EmailTemplate(stack, "Picks", subject="{{RecommendationItems.[0]}}", text_part="x")
    with pytest.raises(ConfigurationError, match="at most 2 items"):
        recommender.preview(template, {}, items=["a", "b", "c"])
    with pytest.raises(ConfigurationError, match="must be among"):
        recommender.preview(template, {}, attributes={"Colour": ["red"]})
