"""Pinpoint's end of support, and the user's explicit choice to acknowledge it.

aws-cdk-lib warns on every ``AWS::Pinpoint::*`` resource at synth (validation id
``CloudFormation-Validate::W3696``): AWS ended support for Pinpoint's engagement features on
2026-10-30. cdk-pinpoint never hides that warning on its own. A user who has read it and decided
to deploy anyway calls :func:`acknowledge_end_of_support` on the scope they own; the
acknowledgment is written on each Pinpoint resource in that scope, with the user's reason, and
nowhere else.
"""

from __future__ import annotations

import jsii
from aws_cdk import Acknowledgment, Aspects, CfnResource, IAspect, Validations
from constructs import IConstruct

from .errors import ConfigurationError

END_OF_SUPPORT_WARNING_ID = "CloudFormation-Validate::W3696"


@jsii.implements(IAspect)
class _AcknowledgePinpointEndOfSupport:
    def __init__(self, reason: str) -> None:
        self._reason = reason

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, CfnResource) and node.cfn_resource_type.startswith("AWS::Pinpoint::"):
            Validations.of(node).acknowledge(Acknowledgment(id=END_OF_SUPPORT_WARNING_ID, reason=self._reason))


def acknowledge_end_of_support(scope: IConstruct, reason: str) -> None:
    """Acknowledge the end-of-support warning on every ``AWS::Pinpoint::*`` resource under ``scope``.

    :param scope: the construct (a project, a stack, the app) whose Pinpoint resources you decided
        to deploy regardless of the end of support.
    :param reason: why; it is recorded with the acknowledgment in the cloud assembly.
    """
    if not reason or not reason.strip():
        raise ConfigurationError(
            "reason", reason, "must say why the end-of-support warning is acknowledged", path=scope.node.path
        )
    Aspects.of(scope).add(_AcknowledgePinpointEndOfSupport(reason))
