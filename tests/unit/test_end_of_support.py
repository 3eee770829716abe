"""The end-of-support warning (CloudFormation-Validate::W3696): shown unless the user acknowledges it.

Decision: cdk-pinpoint never acknowledges the warning itself. ``acknowledge_end_of_support`` is
the user's explicit opt-in; it acknowledges on each Pinpoint resource under the scope given, with
the user's reason, and on nothing else.
"""

import aws_cdk as cdk
import pytest
from aws_cdk import aws_pinpoint as pinpoint

from cdk_pinpoint import ConfigurationError, Project, QuietTime, acknowledge_end_of_support
from tests.support import ACCOUNT, REGION, validation_warnings


def _synth(build) -> list[dict]:
    app = cdk.App()
    stack = cdk.Stack(app, "Test", env=cdk.Environment(account=ACCOUNT, region=REGION))
    build(stack)
    return validation_warnings(app.synth().directory)


def _warned_paths(violations: list[dict]) -> list[str]:
    return sorted(c["constructPath"] for v in violations if v["ruleName"] == "W3696" for c in v["violatingConstructs"])


def test_every_pinpoint_resource_warns_by_default():
    violations = _synth(lambda stack: Project(stack, "P", quiet_time=QuietTime("22:00", "07:00")))
    assert _warned_paths(violations) == ["Test/P/Resource", "Test/P/Settings"]
    assert all(v["severity"] == "warning" for v in violations)


def test_acknowledging_hides_the_warning_and_keeps_the_reason():
    def build(stack):
        Project(stack, "P", quiet_time=QuietTime("22:00", "07:00"))
        acknowledge_end_of_support(stack, "existing customer; migrating to End User Messaging in Q1")

    assert _warned_paths(_synth(build)) == []


def test_acknowledging_a_project_leaves_other_pinpoint_resources_warning():
    def build(stack):
        acknowledged = Project(stack, "Acknowledged")
        Project(stack, "Other")
        pinpoint.CfnApp(stack, "Raw", name="raw")
        acknowledge_end_of_support(acknowledged, "reviewed")

    assert _warned_paths(_synth(build)) == ["Test/Other/Resource", "Test/Raw"]


@pytest.mark.parametrize("reason", ["", "   "])
def test_acknowledging_requires_a_reason(reason):
    app = cdk.App()
    stack = cdk.Stack(app, "Test")
    with pytest.raises(ConfigurationError, match=r"Test: reason=.* is invalid: must say why"):
        acknowledge_end_of_support(stack, reason)
