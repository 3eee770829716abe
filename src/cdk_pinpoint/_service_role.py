"""The one shape of role Amazon Pinpoint assumes to reach another service for you."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import Construct


def pinpoint_service_role(scope: Construct, id: str, *, description: str, source_arns: Sequence[str]) -> iam.Role:
    """A role only ``pinpoint.amazonaws.com`` may assume, and only for this account and for the
    Pinpoint resources ``source_arns`` (the confused-deputy conditions)."""
    return iam.Role(
        scope,
        id,
        description=f"{description} (cdk-pinpoint)",
        assumed_by=iam.ServicePrincipal(
            "pinpoint.amazonaws.com",
            conditions={
                "StringEquals": {"aws:SourceAccount": Stack.of(scope).account},
                "ArnLike": {"aws:SourceArn": source_arns[0] if len(source_arns) == 1 else list(source_arns)},
            },
        ),
    )
