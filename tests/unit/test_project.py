"""Project: the Pinpoint app, its settings, imports and grants."""

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match

from cdk_pinpoint import CampaignHook, ConfigurationError, HookMode, IProject, Limits, Project, QuietTime
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of, used


def _role(stack):
    return iam.Role(stack, "Role", assumed_by=iam.AccountRootPrincipal())


def _policy_statements(stack):
    policies = template_of(stack).find_resources("AWS::IAM::Policy")
    return [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"]]


def test_project_generates_a_name_and_is_retained_by_default():
    stack = make_stack()
    Project(stack, "Messaging")
    template = template_of(stack)
    template.has_resource(
        "AWS::Pinpoint::App",
        {"Properties": {"Name": Match.string_like_regexp("^TestMessaging")}, "DeletionPolicy": "Retain"},
    )
    template.resource_count_is("AWS::Pinpoint::ApplicationSettings", 0)


def test_project_uses_the_given_name_tags_and_removal_policy():
    stack = make_stack()
    Project(stack, "P", project_name="orders", tags={"team": "growth"}, removal_policy=cdk.RemovalPolicy.DESTROY)
    template_of(stack).has_resource(
        "AWS::Pinpoint::App",
        {"Properties": {"Name": "orders", "Tags": {"team": "growth"}}, "DeletionPolicy": "Delete"},
    )


def test_project_name_longer_than_64_characters_fails_with_path_field_and_value():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/P: project_name='x{65}' is invalid: must be 1 to 64"):
        Project(stack, "P", project_name="x" * 65)


def test_settings_render_quiet_time_limits_hook_and_metrics():
    stack = make_stack()
    hook = lambda_.Function(
        stack, "Hook", runtime=lambda_.Runtime.PYTHON_3_14, handler="h.h", code=lambda_.Code.from_inline("x")
    )
    Project(
        stack,
        "P",
        quiet_time=QuietTime(start="22:00", end="07:00"),
        limits=Limits(daily=3, total=10, messages_per_second=50, maximum_duration=cdk.Duration.minutes(5)),
        campaign_hook=CampaignHook(hook, mode=HookMode.DELIVERY),
        cloudwatch_metrics=True,
    )
    template = template_of(stack)
    template.has_resource_properties(
        "AWS::Pinpoint::ApplicationSettings",
        {
            "ApplicationId": {"Ref": Match.string_like_regexp("^P")},
            "QuietTime": {"Start": "22:00", "End": "07:00"},
            "Limits": {"Daily": 3, "Total": 10, "MessagesPerSecond": 50, "MaximumDuration": 300},
            "CampaignHook": {
                "LambdaFunctionName": {"Fn::GetAtt": [Match.string_like_regexp("^Hook"), "Arn"]},
                "Mode": "DELIVERY",
            },
            "CloudWatchMetricsEnabled": True,
        },
    )
    # Pinpoint may invoke the hook, but only for this project.
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Principal": "pinpoint.us-east-1.amazonaws.com",
            "SourceArn": {"Fn::Join": ["", [{"Fn::GetAtt": [Match.string_like_regexp("^P"), "Arn"]}, "/*"]]},
            "SourceAccount": "123456789012",
        },
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: QuietTime("25:00", "07:00"), r"quiet_time.start='25:00' is invalid: must be a 24-hour time"),
        (lambda: QuietTime("22:00", "22:00"), r"quiet_time.end='22:00' is invalid: must differ"),
        (lambda: Limits(daily=101), r"limits.daily=101 is invalid: must be between 0 and 100"),
        (lambda: Limits(messages_per_second=0), r"limits.messages_per_second=0 is invalid: must be between 1"),
        (lambda: Limits(maximum_duration=cdk.Duration.seconds(30)), r"maximum_duration \(seconds\)=30"),
    ],
)
def test_invalid_settings_fail_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def test_session_limit_is_rejected_on_a_project():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"limits.session=2 is invalid: is only allowed on campaigns"):
        Project(stack, "P", limits=Limits(session=2))


def test_grant_send_messages_is_scoped_to_the_projects_message_resources():
    stack = make_stack()
    project = Project(stack, "P")
    grant = project.grant_send_messages(_role(stack))
    assert isinstance(grant, iam.Grant)
    [statement] = _policy_statements(stack)
    assert statement["Action"] == ["mobiletargeting:SendMessages", "mobiletargeting:SendUsersMessages"]
    arn = stack.resolve(project.project_arn)
    assert statement["Resource"] == [
        {"Fn::Join": ["", [arn, "/messages"]]},
        {"Fn::Join": ["", [arn, "/users-messages"]]},
    ]


def test_grant_manage_endpoints_is_scoped_to_endpoints_users_and_attributes():
    stack = make_stack()
    project = Project(stack, "P")
    project.grant_manage_endpoints(_role(stack))
    [statement] = _policy_statements(stack)
    assert statement["Action"] == [
        "mobiletargeting:DeleteEndpoint",
        "mobiletargeting:DeleteUserEndpoints",
        "mobiletargeting:GetEndpoint",
        "mobiletargeting:GetUserEndpoints",
        "mobiletargeting:RemoveAttributes",
        "mobiletargeting:UpdateEndpoint",
        "mobiletargeting:UpdateEndpointsBatch",
    ]
    arn = stack.resolve(project.project_arn)
    assert statement["Resource"] == [
        {"Fn::Join": ["", [arn, suffix]]} for suffix in ("/endpoints", "/endpoints/*", "/users/*", "/attributes/*")
    ]


def test_grant_put_events_is_scoped_to_the_projects_events():
    stack = make_stack()
    project = Project(stack, "P")
    project.grant_put_events(_role(stack))
    [statement] = _policy_statements(stack)
    assert statement["Action"] == "mobiletargeting:PutEvents"
    assert statement["Resource"] == {"Fn::Join": ["", [stack.resolve(project.project_arn), "/events"]]}


def test_grant_with_explicit_actions_covers_the_app_and_its_sub_resources():
    stack = make_stack()
    project = Project(stack, "P")
    project.grant(_role(stack), "mobiletargeting:GetApp")
    [statement] = _policy_statements(stack)
    arn = stack.resolve(project.project_arn)
    assert statement["Action"] == "mobiletargeting:GetApp"
    assert statement["Resource"] == [arn, {"Fn::Join": ["", [arn, "/*"]]}]


def test_imports_by_id_and_arn():
    stack = make_stack()
    by_id = Project.from_project_id(stack, "ById", "abc123")
    by_arn = Project.from_project_arn(stack, "ByArn", "arn:aws:mobiletargeting:eu-west-1:111111111111:apps/def456")
    assert isinstance(by_id, IProject) and isinstance(by_arn, IProject)
    assert by_id.project_id == "abc123"
    assert stack.resolve(by_id.project_arn) == {
        "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":mobiletargeting:us-east-1:123456789012:apps/abc123"]]
    }
    assert by_arn.project_id == "def456"
    assert by_arn.env.account == "111111111111" and by_arn.env.region == "eu-west-1"


def test_imported_project_can_grant():
    stack = make_stack()
    project = Project.from_project_id(stack, "Imported", "abc123")
    project.grant_put_events(_role(stack))
    [statement] = _policy_statements(stack)
    assert statement["Action"] == "mobiletargeting:PutEvents"


def test_project_template_is_cfn_lint_and_nag_clean():
    stack = make_stack()
    Project(stack, "P", quiet_time=QuietTime("21:00", "08:00"), limits=Limits(daily=5))
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


def test_hook_modes_are_the_pinpoint_apis_own_values():
    import botocore.session

    model = botocore.session.get_session().get_service_model("pinpoint")
    assert sorted(m.value for m in HookMode) == sorted(model.shape_for("Mode").enum)


def test_is_token_agrees_with_cdk_on_plain_values_and_every_kind_of_token():
    import aws_cdk as cdk

    from cdk_pinpoint.errors import is_token

    stack = make_stack()
    text = cdk.CfnParameter(stack, "Text")
    number = cdk.CfnParameter(stack, "Number", type="Number")
    tokens = [text.value_as_string, number.value_as_number, cdk.Aws.ACCOUNT_ID, f"prefix-{text.value_as_string}",
              cdk.Token.as_list(text.value_as_string)]  # fmt: skip
    plain = ["plain", "", "123456789012", 3, 2.5, None, True, ["a"], {"a": text.value_as_string}]
    assert [is_token(v) for v in tokens] == [True] * len(tokens)
    assert [is_token(v) for v in tokens + plain] == [cdk.Token.is_unresolved(v) for v in tokens + plain]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"quiet_time": "22:00"}, r"^Test/P: quiet_time='22:00' is invalid: must be a QuietTime$"),
        ({"limits": {"daily": 3}}, r"^Test/P: limits=\{'daily': 3\} is invalid: must be a Limits$"),
        ({"campaign_hook": "arn:aws:lambda:x"}, r"^Test/P: campaign_hook='arn:aws:lambda:x' is invalid: must be a "),
    ],
)
def test_settings_of_the_wrong_type_fail_with_path_field_and_value(kwargs, message):
    with pytest.raises(ConfigurationError, match=message):
        Project(make_stack(), "P", **kwargs)
