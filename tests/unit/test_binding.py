"""bind(): the one place a construct receives a value object (cdk_pinpoint._binding)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from aws_cdk import aws_lambda as lambda_

from cdk_pinpoint import CampaignHook, ConfigurationError, Project
from cdk_pinpoint._binding import BindContext, bind
from tests.support import make_stack, template_of


@dataclass(frozen=True)
class _Failing:
    field: str

    def bind(self, context: BindContext) -> None:
        raise ConfigurationError(self.field, "bad", "is not allowed")


def test_an_error_while_binding_names_the_construct_path_and_the_field_the_value_was_passed_as():
    stack = make_stack()
    project = Project(stack, "P")
    with pytest.raises(ConfigurationError) as raised:
        bind(project, "campaign_hook", _Failing("mode"), project=project)
    assert raised.value.path == "Test/P"
    assert raised.value.field == "campaign_hook.mode"


@pytest.mark.parametrize("own_field", ["campaign_hook", "campaign_hook.mode", "campaign_hook[0]"])
def test_an_error_that_already_names_the_field_keeps_it(own_field):
    stack = make_stack()
    project = Project(stack, "P")
    with pytest.raises(ConfigurationError) as raised:
        bind(project, "campaign_hook", _Failing(own_field), project=project)
    assert (raised.value.path, raised.value.field) == ("Test/P", own_field)


def test_a_hook_binds_to_its_project_and_returns_its_config():
    stack = make_stack()
    project = Project(stack, "P")
    function = lambda_.Function.from_function_arn(stack, "F", "arn:aws:lambda:us-east-1:123456789012:function:hook")
    config = bind(project, "campaign_hook", CampaignHook(function), project=project)
    assert config == {"lambdaFunctionName": function.function_arn, "mode": "FILTER"}


def test_a_hook_that_is_never_bound_grants_nothing():
    """Creating the value has no side effect: only binding adds the permission."""
    stack = make_stack()
    Project(stack, "P")
    function = lambda_.Function(
        stack, "Hook", runtime=lambda_.Runtime.PYTHON_3_12, handler="h.h", code=lambda_.Code.from_inline("x")
    )
    CampaignHook(function)
    template_of(stack).resource_count_is("AWS::Lambda::Permission", 0)
