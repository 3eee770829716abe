"""Campaign hooks: a Lambda function Pinpoint calls while it sends a campaign (a project's default
hook or a campaign's own). A hook binds to the construct that uses it (``cdk_pinpoint._binding``),
which lets that construct's project invoke the function.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._project_base import allow_pinpoint_to_invoke
from ._typed_args import checked_values, reject_plain_value, require_function

if TYPE_CHECKING:
    # Type hints only: importing aws_cdk.aws_lambda costs every synth a noticeable share of its time.
    from aws_cdk import aws_lambda as lambda_

    from ._binding import BindContext


class HookMode(enum.Enum):
    """What a campaign hook function does."""

    #: the function changes or drops the segment's endpoints before Pinpoint sends
    FILTER = "FILTER"
    #: the function delivers the message itself (a custom channel)
    DELIVERY = "DELIVERY"


@checked_values(field="campaign_hook")
@dataclass(frozen=True)
class CampaignHook:
    """A Lambda function Pinpoint calls while it sends a campaign.

    :param function: the function; Pinpoint is given permission to invoke it, scoped to the project.
    :param mode: what the function does. Default: HookMode.FILTER
    """

    function: lambda_.IFunction
    mode: HookMode = HookMode.FILTER

    def __post_init__(self) -> None:
        reject_plain_value("function", self.function, "a lambda.IFunction")
        require_function("function", self.function)

    def bind(self, context: BindContext) -> dict[str, str]:
        """Let the project of the construct that uses this hook invoke the function; return the
        ``CampaignHook`` property (see ``cdk_pinpoint._binding``)."""
        allow_pinpoint_to_invoke(context.project, self.function)
        return {"lambdaFunctionName": self.function.function_arn, "mode": self.mode.value}
