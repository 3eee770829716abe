"""Entry point of the cdk-pinpoint custom-resource provider.

CloudFormation invokes this function directly for most kinds: it dispatches on the ``Kind``
property to one module per resource kind, then PUTs the response to CloudFormation's pre-signed
URL. A failure is reported as one readable line, never as a stack trace.

Import jobs can outlast an invocation, so their resources (``Waiter`` property) go through aws-cdk's
provider framework, which invokes this same function as its ``onEvent`` handler (``import_job.start``)
and then as its ``isComplete`` handler (``import_job.is_complete``, told apart by the key ``start``
returned): there the result is returned and an error raised, and the framework answers CloudFormation.
"""

from __future__ import annotations

import importlib
import json
import logging
import time
import urllib.request
from typing import Any

from cdk_pinpoint._shared import logs
from cdk_pinpoint._shared.logs import log

from . import import_job
from .common import Result, pinpoint_client

LOG = logs.handler_logger("pinpoint_api")

KIND_MODULES = {
    "Journey": "pinpoint_api.journey",
    "EmailTemplate": "pinpoint_api.message_template",
    "PushTemplate": "pinpoint_api.message_template",
    "VoiceTemplate": "pinpoint_api.message_template",
    "ImportJob": "pinpoint_api.import_job",
    "RecommenderConfiguration": "pinpoint_api.recommender",
}
# The physical id of a resource whose Create failed: CloudFormation's rollback then sends a Delete
# for it, which must succeed without calling Pinpoint.
FAILED_CREATE_PREFIX = "cdk-pinpoint-failed-create-"
_MAX_REASON = 1000


#: the property of a resource that goes through the provider framework (its value: the framework)
WAITER_PROPERTY = "Waiter"


def on_event(event: dict[str, Any], context: Any) -> dict[str, Any] | None:
    if event.get(import_job.STARTED) or event["ResourceProperties"].get(WAITER_PROPERTY):
        return waiter_step(event)
    request_type = event["RequestType"]
    kind, logical_id = event["ResourceProperties"].get("Kind"), event.get("LogicalResourceId")
    log(LOG, logging.INFO, "request", request_type=request_type, kind=kind, logical_id=logical_id)
    try:
        result = dispatch(event)
    except Exception as exc:  # every failure must reach CloudFormation, or the stack hangs
        LOG.exception("request failed", extra={"request_type": request_type, "kind": kind, "logical_id": logical_id})
        physical_id = event.get("PhysicalResourceId") or FAILED_CREATE_PREFIX + event["RequestId"]
        send_response(event, "FAILED", physical_id, {}, reason=one_line(exc))
        return None
    send_response(event, "SUCCESS", result.physical_id, result.data)
    return None


def waiter_step(event: dict[str, Any], client: Any = None) -> dict[str, Any]:
    """One call of the provider framework: start (onEvent) or poll (isComplete) an import job."""
    polling = bool(event.get(import_job.STARTED))
    step = "is_complete" if polling else "start"
    kind, logical_id = event["ResourceProperties"].get("Kind"), event.get("LogicalResourceId")
    log(LOG, logging.INFO, "waiter", step=step, request_type=event["RequestType"], kind=kind, logical_id=logical_id)
    if kind != "ImportJob":
        raise ValueError(f"only ImportJob resources go through the provider framework, not {kind!r}")
    try:
        return (import_job.is_complete if polling else import_job.start)(event, client or pinpoint_client())
    except Exception as exc:  # the framework reports the message to CloudFormation: keep it one line
        LOG.exception("waiter step failed", extra={"step": step, "logical_id": logical_id})
        raise RuntimeError(one_line(exc)) from None


def dispatch(event: dict[str, Any], client: Any = None) -> Result:
    physical_id = event.get("PhysicalResourceId", "")
    if event["RequestType"] == "Delete" and physical_id.startswith(FAILED_CREATE_PREFIX):
        return Result(physical_id)
    kind = event["ResourceProperties"].get("Kind")
    if kind not in KIND_MODULES:
        raise ValueError(f"unknown custom resource kind {kind!r}; expected one of {sorted(KIND_MODULES)}")
    module = importlib.import_module(KIND_MODULES[kind])
    result: Result = module.handle(event, client or pinpoint_client())
    return result


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:_MAX_REASON]


def send_response(
    event: dict[str, Any], status: str, physical_id: str, data: dict[str, str], *, reason: str = ""
) -> None:
    body = json.dumps(
        {
            "Status": status,
            "Reason": reason or f"See CloudWatch log stream for request {event['RequestId']}",
            "PhysicalResourceId": physical_id,
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
            "NoEcho": False,
            "Data": data,
        }
    ).encode()
    # The URL is pre-signed for an empty content type.
    request = urllib.request.Request(
        event["ResponseURL"], data=body, method="PUT", headers={"Content-Type": "", "Content-Length": str(len(body))}
    )
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
            return
        except OSError:
            if attempt == 4:
                raise
            time.sleep(0.5 * 2**attempt)
