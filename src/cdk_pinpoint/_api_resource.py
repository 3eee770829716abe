"""Custom resources for the Pinpoint resources CloudFormation cannot create (journeys, voice
templates, import jobs).

One provider function per stack (``lambdas/pinpoint_api``) serves every kind; each resource adds
to its role only the actions it needs, on the ARNs it names. The request travels as one JSON
string, because CloudFormation turns numbers and booleans in custom-resource properties into
strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aws_cdk import CustomResource, Duration, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from ._lambda import PinpointFunction, stack_singleton
from ._project_base import IProject

_PROVIDER_ID = "CdkPinpointApiProvider"


def api_provider(scope: Construct) -> PinpointFunction:
    """The stack's provider function for Pinpoint API custom resources (created on first use)."""

    def create(stack: Stack, id: str) -> PinpointFunction:
        return PinpointFunction(
            stack,
            id,
            handler_package="pinpoint_api",
            handler="pinpoint_api.handler.on_event",
            description="cdk-pinpoint custom resources: journeys, voice templates, import jobs",
            timeout=Duration.minutes(5),
        )

    return stack_singleton(scope, _PROVIDER_ID, create)


class PinpointApiResource(Construct):
    """One custom resource of ``kind``, handled by ``lambdas/pinpoint_api/<kind module>``.

    :param project: the project the resource belongs to (its id is sent as ``ApplicationId``);
        None for account-wide resources such as message templates.
    :param kind: the handler kind: ``Journey``, ``VoiceTemplate`` or ``ImportJob``.
    :param request: the Pinpoint API request; may contain tokens.
    :param actions: the IAM actions the handler calls for this resource.
    :param resource_arns: the ARNs those actions are allowed on.
    :param options: further properties, plain strings (handler switches such as ``OnActiveChange``).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject | None,
        kind: str,
        request: Mapping[str, Any],
        actions: Sequence[str],
        resource_arns: Sequence[str],
        options: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        provider = api_provider(self)
        provider.role.add_to_policy(iam.PolicyStatement(actions=sorted(set(actions)), resources=list(resource_arns)))
        self.resource = CustomResource(
            self,
            "Resource",
            service_token=provider.function.function_arn,
            resource_type=f"Custom::Pinpoint{kind}",
            properties={
                "Kind": kind,
                **({"ApplicationId": project.project_id} if project is not None else {}),
                "Request": Stack.of(self).to_json_string(dict(request)),
                **dict(options or {}),
            },
        )
        # The role's policy must exist before CloudFormation asks the provider to act.
        self.resource.node.add_dependency(provider.role)

    def get_att(self, name: str) -> str:
        """A value the handler returned in ``Data``."""
        return self.resource.get_att_string(name)
