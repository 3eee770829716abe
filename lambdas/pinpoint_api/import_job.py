"""Import jobs: a static segment imported from S3 (``ImportedSegment``).

An import can take longer than a Lambda invocation, so these resources go through aws-cdk's
provider framework (``custom_resources.Provider``) with this package as both its ``onEvent`` and
its ``isComplete`` handler (``handler.on_event`` tells them apart):

- ``start`` (onEvent): Create (and Update, which CloudFormation treats as a replacement because
  the physical id changes) runs ``CreateImportJob`` with ``DefineSegment`` and returns at once,
  with the job id; the physical id is ``import-job-pending:<job id>`` until the job ends. An Update
  that changes only the tags retags the segment in place. Delete deletes the segment; a segment
  that is already gone counts as deleted, and a pending id (a job whose wait failed or timed out)
  deletes the segment its job defined, if any.
- ``is_complete`` (every ``query_interval`` until ``total_timeout``): ``GetImportJob``; while the
  job runs, not complete; FAILED deletes the half-imported segment and fails with the job's
  failures; COMPLETED tags the new segment and makes its id the physical id.

A resource deployed by an earlier version (CloudFormation invoking the function directly) can only
be deleted: its logical id changed, so CloudFormation replaces it.
"""

from __future__ import annotations

from typing import Any

from cdk_pinpoint._shared.replacement import TAGS_PROPERTY

from .common import RequestError, Result, error_code, load_request, pinpoint_arn, sync_tags, tags_of

#: the key of ``start``'s result that marks the framework's later ``isComplete`` calls
STARTED = "CdkPinpointStarted"
PENDING_PREFIX = "import-job-pending:"


def handle(event: dict[str, Any], client: Any) -> Result:
    """A direct call from CloudFormation: only the Delete of a resource from an earlier version."""
    if event["RequestType"] != "Delete":
        raise RequestError("an import job runs through the provider framework: deploy it with this version")
    return _delete(client, event)


def start(event: dict[str, Any], client: Any) -> dict[str, Any]:
    """The framework's onEvent: start the job (or retag, or delete) and return without waiting."""
    properties = event["ResourceProperties"]
    application_id = properties["ApplicationId"]
    started: dict[str, Any] = {STARTED: "true"}
    if event["RequestType"] == "Delete":
        return {**started, "PhysicalResourceId": _delete(client, event).physical_id}
    if event["RequestType"] == "Update" and _only_tags_changed(event):
        segment_id = event["PhysicalResourceId"]
        old_tags = tags_of(event["OldResourceProperties"])
        sync_tags(client, _segment_arn(event, application_id, segment_id), old_tags, tags_of(properties))
        return {**started, "PhysicalResourceId": segment_id, "Data": {"SegmentId": segment_id}}
    request = load_request(properties)
    if "ImportJobRequest" not in request:
        raise RequestError("the Request has no ImportJobRequest")
    created = client.create_import_job(ApplicationId=application_id, ImportJobRequest=request["ImportJobRequest"])
    job_id = created["ImportJobResponse"]["Id"]
    return {**started, "PhysicalResourceId": PENDING_PREFIX + job_id, "ImportJobId": job_id}


def is_complete(event: dict[str, Any], client: Any) -> dict[str, Any]:
    """The framework's isComplete: whether the job ``start`` began has ended, and how."""
    job_id = event.get("ImportJobId")
    if not job_id:  # a Delete or a retag: done in start
        return {"IsComplete": True}
    application_id = event["ResourceProperties"]["ApplicationId"]
    job = client.get_import_job(ApplicationId=application_id, JobId=job_id)["ImportJobResponse"]
    if job["JobStatus"] not in ("COMPLETED", "FAILED"):
        return {"IsComplete": False}
    segment_id = job.get("Definition", {}).get("SegmentId")
    if job["JobStatus"] == "FAILED":
        if segment_id:  # don't leave a half-imported segment behind
            _delete_segment(client, application_id, segment_id)
        failures = "; ".join(job.get("Failures") or []) or "no reason given"
        raise RequestError(
            f"import job {job_id} FAILED ({job.get('TotalFailures', 0)} failed of "
            f"{job.get('TotalProcessed', 0)} processed): {failures}"
        )
    if not segment_id:
        raise RequestError(f"import job {job_id} completed without defining a segment")
    sync_tags(client, _segment_arn(event, application_id, segment_id), {}, tags_of(event["ResourceProperties"]))
    return {
        "IsComplete": True,
        "PhysicalResourceId": segment_id,
        "Data": {"SegmentId": segment_id, "ImportJobId": job_id},
    }


def _delete(client: Any, event: dict[str, Any]) -> Result:
    application_id = event["ResourceProperties"]["ApplicationId"]
    physical_id = event["PhysicalResourceId"]
    segment_id: str | None = physical_id
    if physical_id.startswith(PENDING_PREFIX):  # the wait failed: delete what the job defined, if anything
        job_id = physical_id.removeprefix(PENDING_PREFIX)
        try:
            job = client.get_import_job(ApplicationId=application_id, JobId=job_id)["ImportJobResponse"]
        except Exception as exc:
            if error_code(exc) != "NotFoundException":
                raise
            job = {}
        segment_id = job.get("Definition", {}).get("SegmentId")
    if segment_id:
        _delete_segment(client, application_id, segment_id)
    return Result(physical_id)


def _delete_segment(client: Any, application_id: str, segment_id: str) -> None:
    try:
        client.delete_segment(ApplicationId=application_id, SegmentId=segment_id)
    except Exception as exc:
        if error_code(exc) != "NotFoundException":
            raise


def _only_tags_changed(event: dict[str, Any]) -> bool:
    """A change of the tags alone is made in place: it needs no new import."""
    old, new = event.get("OldResourceProperties", {}), event["ResourceProperties"]
    return all(old.get(key) == new.get(key) for key in {*old, *new} - {TAGS_PROPERTY, "ServiceToken"})


def _segment_arn(event: dict[str, Any], application_id: str, segment_id: str) -> str:
    return pinpoint_arn(event, f"apps/{application_id}/segments/{segment_id}")
