"""Custom resources for the Pinpoint resources CloudFormation cannot create (journeys, voice
templates, import jobs).

One provider function per stack (``lambdas/pinpoint_api``) serves every kind; each resource adds
to its role only the actions it needs, on the ARNs it names. Import jobs, which can outlast an
invocation, reach the same function through aws-cdk's provider framework (``api_waiter``), which
polls it until the job ends. The request travels as one JSON
string, because CloudFormation turns numbers and booleans in custom-resource properties into
strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import jsii
from aws_cdk import CfnResource, CustomResource, Duration, ITaggable, Stack, TagManager, TagType
from aws_cdk import aws_iam as iam
from constructs import Construct

from ._lambda import PinpointFunction, stack_singleton
from ._nag import acknowledge_provider_framework
from ._project_base import IProject
from ._shared.replacement import TAGS_PROPERTY

_PROVIDER_ID = "CdkPinpointApiProvider"
_WAITER_ID = "CdkPinpointApiWaiter"
#: how often the provider framework asks whether an asynchronous job ended, and for how long: just
#: under CloudFormation's limit for a custom resource (ServiceTimeout, at most 3,600 s), so the
#: framework reports a readable timeout before CloudFormation's own.
WAITER_QUERY_INTERVAL = Duration.seconds(30)
WAITER_TOTAL_TIMEOUT = Duration.minutes(55)
# The resource property that sends a request through the framework (lambdas/pinpoint_api/handler.py).
_WAITER_PROPERTY = "Waiter"

# The handler tags a new resource and, on update, adds and removes tags (Pinpoint ignores ``tags``
# in update requests since 2023-05-22).
TAG_ACTIONS = ("mobiletargeting:TagResource", "mobiletargeting:UntagResource")


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


def api_waiter(scope: Construct) -> Any:
    """The stack's provider framework (``custom_resources.Provider``) for asynchronous Pinpoint jobs,
    created on first use: the shared provider function is both its onEvent and isComplete handler."""
    from aws_cdk import custom_resources as cr  # on use: only import jobs need it

    def create(stack: Stack, id: str) -> cr.Provider:
        function = api_provider(stack).function
        waiter = cr.Provider(
            stack,
            id,
            on_event_handler=function,
            is_complete_handler=function,
            query_interval=WAITER_QUERY_INTERVAL,
            total_timeout=WAITER_TOTAL_TIMEOUT,
        )
        acknowledge_provider_framework(waiter)
        return waiter

    return stack_singleton(scope, _WAITER_ID, create)


class PinpointApiResource(Construct):
    """One custom resource of ``kind``, handled by ``lambdas/pinpoint_api/<kind module>``.

    :param project: the project the resource belongs to (its id is sent as ``ApplicationId``);
        None for account-wide resources such as message templates.
    :param kind: the handler kind: ``Journey``, ``VoiceTemplate`` or ``ImportJob``.
    :param request: the Pinpoint API request; may contain tokens.
    :param actions: the IAM actions the handler calls for this resource.
    :param resource_arns: the ARNs those actions are allowed on.
    :param options: further properties, plain strings (handler switches such as ``OnActiveChange``).
    :param waits: the API call starts a job that may outlast a Lambda invocation: the request goes
        through the stack's provider framework (``api_waiter``), which polls the handler until the
        job ends (at most ``WAITER_TOTAL_TIMEOUT``).

    Its escape hatch is the ``CfnResource`` (``node.default_child``), also of the construct that
    owns it as its ``Resource`` (a journey, a template...), as on every aws-cdk L2.
    """

    _tag_manager: TagManager | None = None

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
        waits: bool = False,
    ) -> None:
        super().__init__(scope, id)
        provider = api_provider(self)
        if self._tag_manager is not None:
            actions = [*actions, *TAG_ACTIONS]
        provider.role.add_to_policy(iam.PolicyStatement(actions=sorted(set(actions)), resources=list(resource_arns)))
        self.resource = CustomResource(
            self,
            "Resource",
            service_token=api_waiter(self).service_token if waits else provider.function.function_arn,
            resource_type=f"Custom::Pinpoint{kind}",
            properties={
                "Kind": kind,
                **({"ApplicationId": project.project_id} if project is not None else {}),
                "Request": Stack.of(self).to_json_string(dict(request)),
                **dict(options or {}),
                **({_WAITER_PROPERTY: "ProviderFramework"} if waits else {}),
                # Rendered at synth time, after Tags.of(...) aspects ran; absent when there are none.
                **({TAGS_PROPERTY: self._tag_manager.rendered_tags} if self._tag_manager is not None else {}),
            },
        )
        self.cfn_resource: CfnResource = self.resource.node.default_child  # type: ignore[assignment]
        self.node.default_child = self.cfn_resource
        if id == "Resource":  # the owner's primary resource: its escape hatch too
            scope.node.default_child = self.cfn_resource
        # The role's policy must exist before CloudFormation asks the provider to act.
        self.resource.node.add_dependency(provider.role)

    def get_att(self, name: str) -> str:
        """A value the handler returned in ``Data``."""
        return self.resource.get_att_string(name)


@jsii.implements(ITaggable)
class TaggablePinpointApiResource(PinpointApiResource):
    """A ``PinpointApiResource`` whose Pinpoint resource takes tags: ``Tags.of(scope).add(...)``
    reaches it (``include_resource_types`` / ``exclude_resource_types`` name its type,
    ``Custom::Pinpoint<Kind>``), and the handler applies them through the API.

    :param tags: tags given to the construct itself; tags from ``Tags.of`` with the same key win,
        as on CloudFormation resources.
    """

    def __init__(
        self, scope: Construct, id: str, *, kind: str, tags: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        # Set before the base class renders the properties (a class attribute until then).
        self._tag_manager = TagManager(
            TagType.MAP, f"Custom::Pinpoint{kind}", dict(tags) if tags else None, tag_property_name=TAGS_PROPERTY
        )
        super().__init__(scope, id, kind=kind, **kwargs)

    @property
    def tags(self) -> TagManager:
        """The resource's tags (``ITaggable``)."""
        assert self._tag_manager is not None
        return self._tag_manager
