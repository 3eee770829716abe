"""Acknowledging cdk-nag findings our own constructs cause, one resource at a time."""

from __future__ import annotations

import json

from aws_cdk import Acknowledgment, Stack, Validations
from constructs import IConstruct


def acknowledge_wildcard_resource(construct: IConstruct, stack: Stack, resource_arn: str, reason: str) -> None:
    """Acknowledge cdk-nag's ``AwsSolutions-IAM5`` finding for ``resource_arn`` on ``construct`` only.

    The granular id names the one wildcard resource, so any other wildcard still fails.
    """
    finding_id = f"AwsSolutions-IAM5[Resource::{nag_resource(stack, resource_arn)}]"
    Validations.of(construct).acknowledge(Acknowledgment(id=finding_id, reason=reason))


def nag_resource(stack: Stack, value: str) -> str:
    """How cdk-nag writes a resource in a granular finding id (``<Logical.Arn>/journeys/*``)."""
    resolved = stack.resolve(value)
    parts = resolved["Fn::Join"][1] if isinstance(resolved, dict) and "Fn::Join" in resolved else [resolved]
    rendered = []
    for part in parts:
        if isinstance(part, dict) and "Fn::GetAtt" in part:
            rendered.append(f"<{'.'.join(part['Fn::GetAtt'])}>")
        elif isinstance(part, dict) and "Ref" in part:
            rendered.append(f"<{part['Ref']}>")
        elif isinstance(part, dict):  # another intrinsic (Fn::Select...): cdk-nag writes it as compact JSON
            rendered.append(json.dumps(part, separators=(",", ":")))
        else:
            rendered.append(str(part))
    return "".join(rendered)
