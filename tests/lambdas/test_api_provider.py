"""The custom-resource provider's entry point: dispatch, failure reporting, and the response PUT."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from pinpoint_api import handler
from pinpoint_api.common import Result


class _CloudFormation(BaseHTTPRequestHandler):
    """Stands in for CloudFormation's pre-signed response URL; records what it receives."""

    received: list[dict[str, Any]] = []
    failures_before_success = 0

    def do_PUT(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if _CloudFormation.failures_before_success:
            _CloudFormation.failures_before_success -= 1
            self.send_response(500)
            self.end_headers()
            return
        _CloudFormation.received.append({"content_type": self.headers.get("Content-Type"), **json.loads(body)})
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def response_url():
    _CloudFormation.received = []
    _CloudFormation.failures_before_success = 0
    server = HTTPServer(("127.0.0.1", 0), _CloudFormation)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/response"
    server.shutdown()


def _event(response_url: str, request_type: str = "Create", **extra) -> dict[str, Any]:
    return {
        "RequestType": request_type,
        "RequestId": "req-1",
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1",
        "LogicalResourceId": "Journey",
        "ResponseURL": response_url,
        "ResourceProperties": {"Kind": "Journey", "ApplicationId": "app", "Request": "{}"},
        **extra,
    }


def test_success_is_reported_with_the_handlers_physical_id_and_data(response_url, monkeypatch):
    monkeypatch.setattr(handler, "dispatch", lambda event: Result("journey-1", {"JourneyId": "journey-1"}))
    handler.on_event(_event(response_url), None)
    [response] = _CloudFormation.received
    assert response["Status"] == "SUCCESS"
    assert response["PhysicalResourceId"] == "journey-1"
    assert response["Data"] == {"JourneyId": "journey-1"}
    assert response["content_type"] == ""  # the URL is pre-signed for an empty content type


def test_a_failed_create_is_reported_as_one_line_with_a_marker_id(response_url, monkeypatch):
    def fail(event):
        raise ValueError("Name is too long:\n  151 characters\n  (at most 150)")

    monkeypatch.setattr(handler, "dispatch", fail)
    handler.on_event(_event(response_url), None)
    [response] = _CloudFormation.received
    assert response["Status"] == "FAILED"
    assert response["Reason"] == "Name is too long: 151 characters (at most 150)"
    assert response["PhysicalResourceId"] == handler.FAILED_CREATE_PREFIX + "req-1"


def test_a_failed_update_keeps_the_existing_physical_id(response_url, monkeypatch):
    monkeypatch.setattr(handler, "dispatch", lambda event: (_ for _ in ()).throw(RuntimeError("boom")))
    handler.on_event(_event(response_url, "Update", PhysicalResourceId="journey-1"), None)
    assert _CloudFormation.received[0]["PhysicalResourceId"] == "journey-1"


def test_deleting_a_failed_create_succeeds_without_calling_pinpoint():
    event = {
        "RequestType": "Delete",
        "PhysicalResourceId": handler.FAILED_CREATE_PREFIX + "req-1",
        "ResourceProperties": {"Kind": "Journey"},
    }
    assert handler.dispatch(event, client=object()) == Result(handler.FAILED_CREATE_PREFIX + "req-1")


def test_an_unknown_kind_is_rejected_with_the_allowed_kinds():
    event = {"RequestType": "Create", "ResourceProperties": {"Kind": "Recommender"}}
    with pytest.raises(ValueError, match=r"unknown custom resource kind 'Recommender'; expected one of"):
        handler.dispatch(event, client=object())


def test_the_response_put_is_retried_when_cloudformation_answers_5xx(response_url, monkeypatch):
    monkeypatch.setattr(handler.time, "sleep", lambda seconds: None)
    _CloudFormation.failures_before_success = 2
    handler.send_response(_event(response_url), "SUCCESS", "journey-1", {})
    assert len(_CloudFormation.received) == 1


def test_the_provider_and_the_event_processor_create_each_client_once_per_container(monkeypatch):
    import boto3
    from event_processor import handler as event_processor
    from pinpoint_api import common

    created: list[str] = []
    monkeypatch.setattr(boto3, "client", lambda service, **_: created.append(service) or object())
    common.pinpoint_client.cache_clear()
    event_processor._client.cache_clear()
    try:
        assert common.pinpoint_client() is common.pinpoint_client()
        assert event_processor._client("pinpoint") is event_processor._client("pinpoint")
        assert created == ["pinpoint", "pinpoint"]
    finally:
        common.pinpoint_client.cache_clear()
        event_processor._client.cache_clear()
