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


def acknowledge_provider_framework(provider: IConstruct) -> None:
    """Acknowledge, on aws-cdk's provider framework (``custom_resources.Provider``) only, the cdk-nag
    findings its props cannot change. Each finding id is granular, so anything new still fails."""
    stack = Stack.of(provider)
    framework = "aws-cdk's provider framework (custom_resources.Provider) builds this itself"
    findings = {
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]": (
            f"{framework}: its three Node.js functions use the managed basic execution role and log nothing "
            "beyond the request flow"
        ),
        "AwsSolutions-SF1": (
            f"{framework}: the waiter state machine only retries one task; its logging would need a role allowed "
            "logs:* on every resource, and the provider function logs each poll"
        ),
        "AwsSolutions-SF2": f"{framework}: X-Ray tracing of the waiter's single retrying task adds nothing",
    }
    for child in ("framework-isComplete", "framework-onTimeout"):
        function = provider.node.find_child(child)
        findings[f"AwsSolutions-IAM5[Resource::{nag_resource(stack, function.function_arn)}:*]"] = (  # type: ignore[attr-defined]
            f"{framework}: the state machine may invoke any version of its own function"
        )
    handler = provider.on_event_handler  # type: ignore[attr-defined]
    findings[f"AwsSolutions-IAM5[Resource::{nag_resource(stack, handler.function_arn)}:*]"] = (
        f"{framework}: the framework may invoke any version of the cdk-pinpoint provider function"
    )
    for finding_id, reason in findings.items():
        Validations.of(provider).acknowledge(Acknowledgment(id=finding_id, reason=reason))
