"""The ImportJob custom resource: create + wait, readable failures, delete (also of a missing segment)."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.stub import Stubber
from pinpoint_api import import_job
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


def _client():
    return boto3.client("pinpoint", region_name="us-east-1")


def _event(request_type="Create", physical_id=None):
    event = {
        "RequestType": request_type,
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1",
        "ResourceProperties": {
            "Kind": "ImportJob",
            "ApplicationId": APP,
            "Request": json.dumps({"ImportJobRequest": JOB_REQUEST}),
        },
    }
    if physical_id:
        event["PhysicalResourceId"] = physical_id
    return event


def _job(status, segment_id="seg-1", **extra):
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


class _Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def test_create_starts_the_job_and_polls_until_completed_then_returns_the_segment_id():
    client, clock = _client(), _Clock()
    with Stubber(client) as stub:
        stub.add_response("create_import_job", _job("CREATED"), {"ApplicationId": APP, "ImportJobRequest": JOB_REQUEST})
        stub.add_response("get_import_job", _job("PROCESSING"), {"ApplicationId": APP, "JobId": "job-1"})
        stub.add_response("get_import_job", _job("COMPLETED"), {"ApplicationId": APP, "JobId": "job-1"})
        result = import_job.handle(_event(), client, sleep=clock.sleep, clock=clock)
        stub.assert_no_pending_responses()
    assert result.physical_id == "seg-1"
    assert result.data == {"SegmentId": "seg-1", "ImportJobId": "job-1"}
    assert clock.sleeps == [import_job.POLL_SECONDS, import_job.POLL_SECONDS]


def test_a_failed_job_raises_one_readable_line_and_deletes_the_half_imported_segment():
    client, clock = _client(), _Clock()
    failed = _job("FAILED", Failures=["row 3: invalid ChannelType"], TotalFailures=1, TotalProcessed=10)
    with Stubber(client) as stub:
        stub.add_response("create_import_job", _job("CREATED"), None)
        stub.add_response("get_import_job", failed, None)
        stub.add_response(
            "delete_segment", {"SegmentResponse": _segment("seg-1")}, {"ApplicationId": APP, "SegmentId": "seg-1"}
        )
        with pytest.raises(RequestError, match=r"import job job-1 FAILED \(1 failed of 10 processed\): row 3: invalid"):
            import_job.handle(_event(), client, sleep=clock.sleep, clock=clock)
        stub.assert_no_pending_responses()


def test_a_job_still_running_when_the_time_budget_ends_fails_with_its_status():
    client, clock = _client(), _Clock()
    with Stubber(client) as stub:
        stub.add_response("create_import_job", _job("CREATED"), None)
        stub.add_response("get_import_job", _job("PROCESSING"), None)
        with pytest.raises(RequestError, match=r"import job job-1 is still PROCESSING after 8 s"):
            import_job.handle(_event(), client, sleep=clock.sleep, clock=clock, budget_seconds=8)


def test_delete_deletes_the_segment_named_by_the_physical_id():
    client = _client()
    with Stubber(client) as stub:
        stub.add_response(
            "delete_segment", {"SegmentResponse": _segment("seg-9")}, {"ApplicationId": APP, "SegmentId": "seg-9"}
        )
        result = import_job.handle(_event("Delete", "seg-9"), client)
        stub.assert_no_pending_responses()
    assert result.physical_id == "seg-9"


def test_deleting_a_segment_that_is_already_gone_succeeds():
    client = _client()
    with Stubber(client) as stub:
        stub.add_client_error("delete_segment", service_error_code="NotFoundException", http_status_code=404)
        assert import_job.handle(_event("Delete", "seg-9"), client).physical_id == "seg-9"


def test_other_delete_errors_are_raised():
    client = _client()
    with Stubber(client) as stub:
        stub.add_client_error("delete_segment", service_error_code="ForbiddenException", http_status_code=403)
        with pytest.raises(Exception, match="ForbiddenException"):
            import_job.handle(_event("Delete", "seg-9"), client)


def test_the_provider_dispatches_import_job_resources_to_this_module():
    from pinpoint_api import handler

    assert handler.KIND_MODULES["ImportJob"] == "pinpoint_api.import_job"


def _segment(segment_id):
    return {
        "ApplicationId": APP,
        "Arn": f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{APP}/segments/{segment_id}",
        "CreationDate": "2030-01-01T00:00:00Z",
        "Id": segment_id,
        "SegmentType": "IMPORT",
    }


SEGMENT_ARN = f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{APP}/segments/seg-1"


def test_the_new_segment_is_tagged_once_the_job_completed():
    client, clock = _client(), _Clock()
    event = _event()
    event["ResourceProperties"]["Tags"] = {"team": "growth"}
    with Stubber(client) as stub:
        stub.add_response("create_import_job", _job("CREATED"), None)
        stub.add_response("get_import_job", _job("COMPLETED"), None)
        stub.add_response("tag_resource", {}, {"ResourceArn": SEGMENT_ARN, "TagsModel": {"tags": {"team": "growth"}}})
        assert import_job.handle(event, client, sleep=clock.sleep, clock=clock).physical_id == "seg-1"
        stub.assert_no_pending_responses()


def test_a_change_of_tags_alone_retags_the_segment_in_place_without_a_new_import():
    client = _client()
    event = _event("Update", "seg-1")
    event["OldResourceProperties"] = {**event["ResourceProperties"], "Tags": {"team": "growth", "gone": "x"}}
    event["ResourceProperties"]["Tags"] = {"team": "retention"}
    with Stubber(client) as stub:
        stub.add_response("untag_resource", {}, {"ResourceArn": SEGMENT_ARN, "TagKeys": ["gone"]})
        stub.add_response(
            "tag_resource", {}, {"ResourceArn": SEGMENT_ARN, "TagsModel": {"tags": {"team": "retention"}}}
        )
        assert import_job.handle(event, client) == Result("seg-1", {"SegmentId": "seg-1"})
        stub.assert_no_pending_responses()
