"""The ImportJob custom resource through aws-cdk's provider framework: start (onEvent) returns at
once, is_complete polls the job (IN_PROGRESS, COMPLETED, FAILED), readable failures, tags, and
delete (also of a missing segment and of a job whose wait failed), against botocore's real model."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from pinpoint_api import handler, import_job
from pinpoint_api.common import RequestError, Result

APP = "app-1"
JOB_REQUEST = {
    "DefineSegment": True,
    "SegmentName": "vip",
    "Format": "CSV",
    "RegisterEndpoints": True,
    "RoleArn": "arn:aws:iam::123456789012:role/read",
    "S3Url": "s3://bucket/vip.csv",
}
SEGMENT_ARN = f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{APP}/segments/seg-1"
JOB = {"ApplicationId": APP, "JobId": "job-1"}


@pytest.fixture
def client():
    return boto3.client("pinpoint", region_name="us-east-1")


@pytest.fixture
def stub(client):
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _event(request_type: str = "Create", physical_id: str | None = None, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "RequestType": request_type,
        "RequestId": "req-1",
        "LogicalResourceId": "VipImport",
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1",
        "ResourceProperties": {
            "Kind": "ImportJob",
            "ApplicationId": APP,
            "Waiter": "ProviderFramework",
            "Request": json.dumps({"ImportJobRequest": JOB_REQUEST}),
        },
        **extra,
    }
    if physical_id:
        event["PhysicalResourceId"] = physical_id
    return event


def _polled(**extra: Any) -> dict[str, Any]:
    """What the framework's isComplete passes on: the event and start's result."""
    return _event(
        PhysicalResourceId="import-job-pending:job-1", CdkPinpointStarted="true", ImportJobId="job-1", **extra
    )


def _job(status: str, segment_id: str = "seg-1", **extra: Any) -> dict[str, Any]:
    return {
        "ImportJobResponse": {
            "ApplicationId": APP,
            "CreationDate": "2030-01-01T00:00:00Z",
            "Definition": {
                "Format": "CSV",
                "RoleArn": JOB_REQUEST["RoleArn"],
                "S3Url": JOB_REQUEST["S3Url"],
                "SegmentId": segment_id,
            },
            "Id": "job-1",
            "JobStatus": status,
            "Type": "IMPORT",
            **extra,
        }
    }


def _segment(segment_id: str) -> dict[str, Any]:
    return {
        "SegmentResponse": {
            "ApplicationId": APP,
            "Arn": f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{APP}/segments/{segment_id}",
            "CreationDate": "2030-01-01T00:00:00Z",
            "Id": segment_id,
            "SegmentType": "IMPORT",
        }
    }


# --- start (the framework's onEvent) --------------------------------------------------------------


def test_create_starts_the_job_and_returns_at_once_with_a_pending_id(client, stub):
    stub.add_response("create_import_job", _job("CREATED"), {"ApplicationId": APP, "ImportJobRequest": JOB_REQUEST})
    assert import_job.start(_event(), client) == {
        "CdkPinpointStarted": "true",
        "PhysicalResourceId": "import-job-pending:job-1",
        "ImportJobId": "job-1",
    }


def test_a_change_of_tags_alone_retags_the_segment_in_place_without_a_new_import(client, stub):
    event = _event("Update", "seg-1")
    event["OldResourceProperties"] = {**event["ResourceProperties"], "Tags": {"team": "growth", "gone": "x"}}
    event["ResourceProperties"]["Tags"] = {"team": "retention"}
    stub.add_response("untag_resource", {}, {"ResourceArn": SEGMENT_ARN, "TagKeys": ["gone"]})
    stub.add_response("tag_resource", {}, {"ResourceArn": SEGMENT_ARN, "TagsModel": {"tags": {"team": "retention"}}})
    result = import_job.start(event, client)
    assert result == {"CdkPinpointStarted": "true", "PhysicalResourceId": "seg-1", "Data": {"SegmentId": "seg-1"}}
    assert import_job.is_complete({**event, **result}, client) == {"IsComplete": True}


def test_another_update_imports_anew(client, stub):
    event = _event("Update", "seg-1")
    event["OldResourceProperties"] = {**event["ResourceProperties"], "Request": "{}"}
    stub.add_response("create_import_job", _job("CREATED"), None)
    assert import_job.start(event, client)["PhysicalResourceId"] == "import-job-pending:job-1"


# --- is_complete (every 30 s) ---------------------------------------------------------------------


@pytest.mark.parametrize("status", ["CREATED", "INITIALIZING", "PROCESSING", "COMPLETING"])
def test_a_running_job_is_not_complete(client, stub, status):
    stub.add_response("get_import_job", _job(status), JOB)
    assert import_job.is_complete(_polled(), client) == {"IsComplete": False}


def test_a_completed_job_makes_its_segment_the_physical_id_and_tags_it(client, stub):
    event = _polled()
    event["ResourceProperties"]["Tags"] = {"team": "growth"}
    stub.add_response("get_import_job", _job("COMPLETED"), JOB)
    stub.add_response("tag_resource", {}, {"ResourceArn": SEGMENT_ARN, "TagsModel": {"tags": {"team": "growth"}}})
    assert import_job.is_complete(event, client) == {
        "IsComplete": True,
        "PhysicalResourceId": "seg-1",
        "Data": {"SegmentId": "seg-1", "ImportJobId": "job-1"},
    }


def test_a_failed_job_raises_one_readable_line_and_deletes_the_half_imported_segment(client, stub):
    failed = _job("FAILED", Failures=["row 3: invalid ChannelType"], TotalFailures=1, TotalProcessed=10)
    stub.add_response("get_import_job", failed, JOB)
    stub.add_response("delete_segment", _segment("seg-1"), {"ApplicationId": APP, "SegmentId": "seg-1"})
    with pytest.raises(RequestError, match=r"import job job-1 FAILED \(1 failed of 10 processed\): row 3: invalid"):
        import_job.is_complete(_polled(), client)


def test_a_completed_job_without_a_segment_fails(client, stub):
    stub.add_response("get_import_job", _job("COMPLETED", segment_id=""), JOB)
    with pytest.raises(RequestError, match="completed without defining a segment"):
        import_job.is_complete(_polled(), client)


# --- Delete ---------------------------------------------------------------------------------------


def test_delete_deletes_the_segment_named_by_the_physical_id(client, stub):
    stub.add_response("delete_segment", _segment("seg-9"), {"ApplicationId": APP, "SegmentId": "seg-9"})
    result = import_job.start(_event("Delete", "seg-9"), client)
    assert result == {"CdkPinpointStarted": "true", "PhysicalResourceId": "seg-9"}
    assert import_job.is_complete({**_event("Delete", "seg-9"), **result}, client) == {"IsComplete": True}


def test_deleting_after_a_failed_or_timed_out_wait_deletes_what_the_job_defined(client, stub):
    # The framework reported FAILED with the pending id; the job may have gone on to define a segment.
    stub.add_response("get_import_job", _job("COMPLETED", segment_id="seg-late"), JOB)
    stub.add_response("delete_segment", _segment("seg-late"), {"ApplicationId": APP, "SegmentId": "seg-late"})
    assert import_job.start(_event("Delete", "import-job-pending:job-1"), client)["PhysicalResourceId"] == (
        "import-job-pending:job-1"
    )


def test_deleting_a_segment_that_is_already_gone_succeeds(client, stub):
    stub.add_client_error("delete_segment", service_error_code="NotFoundException", http_status_code=404)
    assert import_job.start(_event("Delete", "seg-9"), client)["PhysicalResourceId"] == "seg-9"


def test_other_delete_errors_are_raised(client, stub):
    stub.add_client_error("delete_segment", service_error_code="ForbiddenException", http_status_code=403)
    with pytest.raises(Exception, match="ForbiddenException"):
        import_job.start(_event("Delete", "seg-9"), client)


# --- The entry point ------------------------------------------------------------------------------


def test_the_shared_entry_point_serves_the_framework_start_then_poll_and_raises_one_line(client, stub):
    stub.add_response("create_import_job", _job("CREATED"), None)
    started = handler.waiter_step(_event(), client)
    stub.add_response("get_import_job", _job("PROCESSING"), JOB)
    assert handler.waiter_step({**_event(), **started}, client) == {"IsComplete": False}
    stub.add_response("get_import_job", _job("FAILED", Failures=["bad\nrow"]), JOB)
    stub.add_response("delete_segment", _segment("seg-1"), None)
    with pytest.raises(RuntimeError, match=r"^import job job-1 FAILED \(0 failed of 0 processed\): bad row$"):
        handler.waiter_step({**_event(), **started}, client)


def test_on_event_sends_framework_calls_to_the_waiter_and_never_puts_a_response(monkeypatch):
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(handler, "waiter_step", lambda event: calls.append(event) or {"IsComplete": True})
    monkeypatch.setattr(handler, "send_response", lambda *args, **kwargs: pytest.fail("the framework answers"))
    assert handler.on_event(_event(), None) == {"IsComplete": True}
    assert handler.on_event(_polled(), None) == {"IsComplete": True}
    assert len(calls) == 2


def test_a_direct_call_of_a_resource_from_an_earlier_version_can_only_delete(client, stub):
    event = _event("Delete", "seg-9")
    del event["ResourceProperties"]["Waiter"]
    stub.add_response("delete_segment", _segment("seg-9"), None)
    assert import_job.handle(event, client) == Result("seg-9")
    event["RequestType"] = "Create"
    with pytest.raises(RequestError, match="runs through the provider framework"):
        import_job.handle(event, client)
    assert handler.KIND_MODULES["ImportJob"] == "pinpoint_api.import_job"
