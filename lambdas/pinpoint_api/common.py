"""What every kind of Pinpoint API custom resource shares: the client, the result, errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

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
