"""Import jobs: a static segment imported from S3 (``ImportedSegment``).

Create (and Update, which CloudFormation treats as a replacement because the physical id changes)
runs ``CreateImportJob`` with ``DefineSegment`` and waits for the job within the function's time
budget, then tags the new segment. The physical id is the new segment's id. An Update that
changes only the tags retags the segment in place. Delete deletes that segment; a segment that is
already gone counts as deleted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from cdk_pinpoint._shared.replacement import TAGS_PROPERTY

from .common import RequestError, Result, error_code, load_request, pinpoint_arn, sync_tags, tags_of

#: seconds to wait for a job: the provider's 5-minute timeout minus time to report back.
TIME_BUDGET_SECONDS = 270.0
POLL_SECONDS = 5.0
_DONE = ("COMPLETED", "FAILED")


def handle(
    event: dict[str, Any],
    client: Any,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    budget_seconds: float = TIME_BUDGET_SECONDS,
) -> Result:
    properties = event["ResourceProperties"]
    application_id = properties["ApplicationId"]
    if event["RequestType"] == "Delete":
        return _delete(client, application_id, event["PhysicalResourceId"])
    if event["RequestType"] == "Update" and _only_tags_changed(event):
        segment_id = event["PhysicalResourceId"]
        old_tags = tags_of(event["OldResourceProperties"])
        sync_tags(client, _segment_arn(event, application_id, segment_id), old_tags, tags_of(properties))
        return Result(segment_id, {"SegmentId": segment_id})
    request = load_request(properties)
    if "ImportJobRequest" not in request:
        raise RequestError("the Request has no ImportJobRequest")
    created = client.create_import_job(ApplicationId=application_id, ImportJobRequest=request["ImportJobRequest"])
    job = created["ImportJobResponse"]
    deadline = clock() + budget_seconds
    while job["JobStatus"] not in _DONE:
        if clock() + POLL_SECONDS > deadline:
            raise RequestError(
                f"import job {job['Id']} is still {job['JobStatus']} after {budget_seconds:.0f} s; "
                "import a smaller file or split it"
            )
        sleep(POLL_SECONDS)
        job = client.get_import_job(ApplicationId=application_id, JobId=job["Id"])["ImportJobResponse"]
    segment_id = job.get("Definition", {}).get("SegmentId")
    if job["JobStatus"] == "FAILED":
        if segment_id:  # don't leave a half-imported segment behind
            _delete(client, application_id, segment_id)
        failures = "; ".join(job.get("Failures") or []) or "no reason given"
        raise RequestError(
            f"import job {job['Id']} FAILED ({job.get('TotalFailures', 0)} failed of "
            f"{job.get('TotalProcessed', 0)} processed): {failures}"
        )
    if not segment_id:
        raise RequestError(f"import job {job['Id']} completed without defining a segment")
    sync_tags(client, _segment_arn(event, application_id, segment_id), {}, tags_of(properties))
    return Result(segment_id, {"SegmentId": segment_id, "ImportJobId": job["Id"]})


def _delete(client: Any, application_id: str, segment_id: str) -> Result:
    try:
        client.delete_segment(ApplicationId=application_id, SegmentId=segment_id)
    except Exception as exc:
        if error_code(exc) != "NotFoundException":
            raise
    return Result(segment_id)


def _only_tags_changed(event: dict[str, Any]) -> bool:
    """A change of the tags alone is made in place: it needs no new import."""
    old, new = event.get("OldResourceProperties", {}), event["ResourceProperties"]
    return all(old.get(key) == new.get(key) for key in {*old, *new} - {TAGS_PROPERTY, "ServiceToken"})


def _segment_arn(event: dict[str, Any], application_id: str, segment_id: str) -> str:
    return pinpoint_arn(event, f"apps/{application_id}/segments/{segment_id}")
