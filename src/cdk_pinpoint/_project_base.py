"""The leaf every construct that belongs to a project imports: :class:`IProject`, the project base
(id, ARN and grants of created and imported projects) and :func:`allow_pinpoint_to_invoke`.

Like ``aws-sns/lib/topic-base.ts``, it imports nothing else of cdk_pinpoint, so the project, the
settings values and the constructs that use a project all point down to it, never round in a circle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from aws_cdk import Names, Resource, Stack
from aws_cdk import aws_iam as iam
from constructs import Node

if TYPE_CHECKING:
    # Type hints only: importing aws_cdk.aws_lambda costs every synth a noticeable share of its time.
    from aws_cdk import aws_lambda as lambda_

# Sorted action lists, each scoped in _ProjectBase to the sub-resource the action works on
# (Pinpoint developer guide, "Actions for the Amazon Pinpoint API").
SEND_ACTIONS = ("mobiletargeting:SendMessages", "mobiletargeting:SendUsersMessages")
ENDPOINT_ACTIONS = (
    "mobiletargeting:DeleteEndpoint",
    "mobiletargeting:DeleteUserEndpoints",
    "mobiletargeting:GetEndpoint",
    "mobiletargeting:GetUserEndpoints",
    "mobiletargeting:RemoveAttributes",
    "mobiletargeting:UpdateEndpoint",
    "mobiletargeting:UpdateEndpointsBatch",
)
PUT_EVENTS_ACTIONS = ("mobiletargeting:PutEvents",)
UPDATE_ENDPOINTS_ACTIONS = ("mobiletargeting:UpdateEndpointsBatch",)
#: creating a journey is authorized on the project's journeys collection (``<project arn>/journeys``);
#: listing them (to find a journey a retried create already made) on the project itself
CREATE_JOURNEY_ACTIONS = ("mobiletargeting:CreateJourney",)
LIST_JOURNEYS_ACTIONS = ("mobiletargeting:ListJourneys",)


@runtime_checkable
class IProject(Protocol):
    """A Pinpoint project, created here or imported."""

    @property
    def node(self) -> Node: ...

    @property
    def project_id(self) -> str:
        """The project (application) id."""
        ...

    @property
    def project_arn(self) -> str:
        """``arn:<partition>:mobiletargeting:<region>:<account>:apps/<project_id>``."""
        ...

    @property
    def stack(self) -> Stack: ...

    def grant(self, grantee: iam.IGrantable, *actions: str) -> iam.Grant: ...

    def grant_send_messages(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_manage_endpoints(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_put_events(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_update_endpoints(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_create_journeys(self, grantee: iam.IGrantable) -> iam.Grant: ...


class _ProjectBase(Resource):
    """The id, ARN and grants of created and imported projects (subclasses set the id and ARN)."""

    _project_id: str
    _project_arn: str

    @property
    def project_id(self) -> str:
        return self._project_id

    @property
    def project_arn(self) -> str:
        return self._project_arn

    def grant(self, grantee: iam.IGrantable, *actions: str) -> iam.Grant:
        """Grant ``actions`` on this project and its sub-resources (``apps/<id>`` and ``apps/<id>/*``)."""
        return self._grant(grantee, actions, [self.project_arn, f"{self.project_arn}/*"])

    def grant_send_messages(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow sending messages directly (``SendMessages``, ``SendUsersMessages``)."""
        resources = [f"{self.project_arn}/messages", f"{self.project_arn}/users-messages"]
        return self._grant(grantee, SEND_ACTIONS, resources)

    def grant_manage_endpoints(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow reading, updating and deleting this project's endpoints and user endpoints."""
        resources = [
            f"{self.project_arn}/endpoints",
            f"{self.project_arn}/endpoints/*",
            f"{self.project_arn}/users/*",
            f"{self.project_arn}/attributes/*",
        ]
        return self._grant(grantee, ENDPOINT_ACTIONS, resources)

    def grant_put_events(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow recording events and endpoint updates through ``PutEvents``."""
        return self._grant(grantee, PUT_EVENTS_ACTIONS, [f"{self.project_arn}/events"])

    def grant_update_endpoints(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow updating endpoints in batches (``UpdateEndpointsBatch`` on ``apps/<id>/endpoints``),
        as opting them out does."""
        return self._grant(grantee, UPDATE_ENDPOINTS_ACTIONS, [f"{self.project_arn}/endpoints"])

    def grant_create_journeys(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow creating journeys in this project and listing them (what a journey's provider needs
        besides the actions on the journeys themselves)."""
        create = self._grant(grantee, CREATE_JOURNEY_ACTIONS, [f"{self.project_arn}/journeys"])
        return create.combine(self._grant(grantee, LIST_JOURNEYS_ACTIONS, [self.project_arn]))

    def _grant(self, grantee: iam.IGrantable, actions: tuple[str, ...] | list[str], resources: list[str]) -> iam.Grant:
        return iam.Grant.add_to_principal(grantee=grantee, actions=list(actions), resource_arns=resources)


def allow_pinpoint_to_invoke(project: IProject, function: lambda_.IFunction) -> None:
    """Let Pinpoint invoke ``function`` on behalf of ``project`` only (once per project and function)."""
    permission_id = f"PinpointInvoke{Names.node_unique_id(project.node)}"
    if function.node.try_find_child(permission_id) is not None:
        return
    function.add_permission(
        permission_id,
        principal=iam.ServicePrincipal(f"pinpoint.{project.stack.region}.amazonaws.com"),
        action="lambda:InvokeFunction",
        source_arn=f"{project.project_arn}/*",
        source_account=project.stack.account,
    )
