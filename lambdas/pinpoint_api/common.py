"""What every kind of Pinpoint API custom resource shares: the client, the result, errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from cdk_pinpoint._shared.replacement import TAGS_PROPERTY

# Standard mode retries throttling (TooManyRequestsException, 429) and 5xx with backoff: 8 calls
# in all (botocore's "max_attempts" would count retries only, and make 9).
CLIENT_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 8}, read_timeout=30, connect_timeout=10)


@cache
def pinpoint_client() -> Any:
    """One client per container: creating one costs tens of milliseconds per invocation."""
    return boto3.client("pinpoint", config=CLIENT_CONFIG)


@dataclass(frozen=True)
class Result:
    """What a handler tells CloudFormation: the physical id and a small ``Data`` map (< 4 KB)."""

    physical_id: str
    data: dict[str, str] = field(default_factory=dict)


class RequestError(Exception):
    """A request that cannot succeed as written; the message is shown in CloudFormation."""


def load_request(properties: dict[str, Any]) -> dict[str, Any]:
    try:
        request = json.loads(properties["Request"])
    except (KeyError, ValueError) as exc:
        raise RequestError(f"the Request property is not a JSON object: {exc}") from exc
    if not isinstance(request, dict):
        raise RequestError("the Request property is not a JSON object")
    return request


def error_code(exc: BaseException) -> str | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code: str | None = response.get("Error", {}).get("Code")
        return code
    return None


def tags_of(properties: dict[str, Any]) -> dict[str, str]:
    """The resource's tags (the ``Tags`` property, a map; absent when it has none)."""
    tags = properties.get(TAGS_PROPERTY) or {}
    if not isinstance(tags, dict):
        raise RequestError(f"the Tags property must be a map of strings, not {type(tags).__name__}")
    return {str(key): str(value) for key, value in tags.items()}


def pinpoint_arn(event: dict[str, Any], resource: str) -> str:
    """``arn:<partition>:mobiletargeting:<region>:<account>:<resource>``, in the stack's partition,
    region and account (read from the stack's ARN)."""
    _, partition, _, region, account, _ = event["StackId"].split(":", 5)
    return f"arn:{partition}:mobiletargeting:{region}:{account}:{resource}"


def sync_tags(client: Any, arn: str, old: dict[str, str], new: dict[str, str]) -> None:
    """Make the resource's tags go from ``old`` to ``new``: untag removed keys, tag new or changed ones.
    Pinpoint ignores ``tags`` in update requests, so this is how a change of tags reaches it."""
    removed = sorted(set(old) - set(new))
    if removed:
        client.untag_resource(ResourceArn=arn, TagKeys=removed)
    changed = {key: value for key, value in new.items() if old.get(key) != value}
    if changed:
        client.tag_resource(ResourceArn=arn, TagsModel={"tags": changed})
