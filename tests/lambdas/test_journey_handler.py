"""The journey provider against botocore's real Pinpoint model (Stubber), in every state and fault."""

from __future__ import annotations

import io
import json
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from pinpoint_api import common, handler, journey
from pinpoint_api.common import RequestError

APP = "app1"
JID = "journey1"
REQUEST = {
    "Name": "welcome",
    "State": "DRAFT",
    "StartCondition": {"SegmentStartCondition": {"SegmentId": "seg1"}},
    "RefreshFrequency": "PT1H",  # Pinpoint pauses only journeys with a segment refresh interval
    "StartActivity": "SendWelcome",
    "Activities": {
        "SendWelcome": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "WaitADay"}},
        "WaitADay": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}},
    },
}
EVENT_BASE = {
    "RequestId": "req-1",
    "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1",
    "LogicalResourceId": "Journey",
    "ResponseURL": "http://unused",
}


def _properties(request: dict[str, Any] = REQUEST, **options: str) -> dict[str, Any]:
    return {"Kind": "Journey", "ApplicationId": APP, "Request": json.dumps(request), **options}


def _event(request_type: str, request: dict[str, Any] = REQUEST, old: dict[str, Any] | None = None, **options):
    event: dict[str, Any] = {
        **EVENT_BASE,
        "RequestType": request_type,
        "ResourceProperties": _properties(request, **options),
    }
    if request_type != "Create":
        event["PhysicalResourceId"] = JID
    if old is not None:
        event["OldResourceProperties"] = _properties(old)
    return event


def _with(**changes: Any) -> dict[str, Any]:
    return {**REQUEST, **changes}


NAME = journey.journey_name("welcome", _event("Create"))


def _journey(state: str, journey_id: str = JID, name: str = NAME) -> dict[str, Any]:
    return {"JourneyResponse": {"Id": journey_id, "ApplicationId": APP, "Name": name, "State": state}}


@pytest.fixture
def client():
    return boto3.client("pinpoint", region_name="us-east-1")


@pytest.fixture
def stub(client):
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture(autouse=True)
def _no_sleep(monkeypatch):
    monkeypatch.setattr(journey.time, "sleep", lambda seconds: None)


def _empty_list(stub, name_filter=None):
    stub.add_response("list_journeys", {"JourneysResponse": {"Item": []}}, {"ApplicationId": APP, "PageSize": "100"})


# --- Create ---------------------------------------------------------------------------------------


def test_create_makes_a_draft_named_with_a_deterministic_suffix(client, stub):
    _empty_list(stub)
    stub.add_response(
        "create_journey",
        _journey("DRAFT"),
        {"ApplicationId": APP, "WriteJourneyRequest": {**REQUEST, "Name": NAME}},
    )
    result = journey.handle(_event("Create"), client)
    assert result.physical_id == JID
    assert result.data == {"JourneyId": JID, "ApplicationId": APP, "State": "DRAFT", "Name": NAME}
    assert NAME.startswith("welcome-") and len(NAME) == len("welcome-") + 8


def test_create_active_creates_a_draft_then_publishes_it(client, stub):
    request = _with(State="ACTIVE")
    _empty_list(stub)
    stub.add_response(
        "create_journey",
        _journey("DRAFT"),
        {"ApplicationId": APP, "WriteJourneyRequest": {**request, "Name": NAME, "State": "DRAFT"}},
    )
    stub.add_response(
        "update_journey",
        _journey("ACTIVE"),
        {"ApplicationId": APP, "JourneyId": JID, "WriteJourneyRequest": {**request, "Name": NAME}},
    )
    assert journey.handle(_event("Create", request), client).data["State"] == "ACTIVE"


def test_a_repeated_create_after_a_lost_response_adopts_the_journey_instead_of_making_a_second(client, stub):
    # The first attempt's CreateJourney succeeded but its response was lost; the retry finds it by name.
    stub.add_response(
        "list_journeys",
        {
            "JourneysResponse": {
                "Item": [_journey("DRAFT", "other", "welcome-0000000")["JourneyResponse"]],
                "NextToken": "t",
            }
        },
        {"ApplicationId": APP, "PageSize": "100"},
    )
    stub.add_response(
        "list_journeys",
        {"JourneysResponse": {"Item": [_journey("DRAFT")["JourneyResponse"]]}},
        {"ApplicationId": APP, "PageSize": "100", "Token": "t"},
    )
    assert journey.handle(_event("Create"), client).physical_id == JID  # no create_journey call stubbed


def test_a_failure_in_the_middle_of_a_create_deletes_the_new_journey_before_failing(client, stub):
    request = _with(State="ACTIVE")
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT"))
    stub.add_client_error("update_journey", "BadRequestException", "Template welcome does not exist", 400)
    stub.add_response("delete_journey", _journey("DRAFT"), {"ApplicationId": APP, "JourneyId": JID})
    with pytest.raises(RequestError) as raised:
        journey.handle(_event("Create", request), client)
    message = handler.one_line(raised.value)
    assert f"publishing journey {NAME} ({JID}) failed" in message
    assert "Template welcome does not exist" in message
    assert message.endswith("the new journey was deleted")


def test_a_failed_cleanup_is_reported_in_the_same_line(client, stub):
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT"))
    stub.add_client_error("update_journey", "BadRequestException", "bad", 400)
    stub.add_client_error("delete_journey", "ForbiddenException", "denied", 403)
    with pytest.raises(
        RequestError, match=r"deleting the new journey journey1 also failed .*denied.*delete it by hand"
    ):
        journey.handle(_event("Create", _with(State="ACTIVE")), client)


@pytest.mark.parametrize("state", ["PAUSED", "CANCELLED"])
def test_create_in_a_state_only_an_existing_journey_can_have_fails_readably(client, stub, state):
    with pytest.raises(RequestError, match=f"a new journey can be DRAFT or ACTIVE, not {state}"):
        journey.handle(_event("Create", _with(State=state)), client)


def test_an_invalid_request_fails_before_any_call_with_the_field_and_reason(client, stub):
    bad = _with(Activities={"SendWelcome": {"EMAIL": {"TemplateName": "w", "NextActivity": "Missing"}}})
    with pytest.raises(RequestError, match=r"Activities.SendWelcome.EMAIL='Missing' is invalid: the next activity"):
        journey.handle(_event("Create", bad), client)


def test_an_unknown_enum_value_is_rejected_by_the_model_walker(client, stub):
    with pytest.raises(RequestError, match=r"State='RUNNING' is invalid: must be one of DRAFT, ACTIVE"):
        journey.handle(_event("Create", _with(State="RUNNING")), client)


def test_pausing_a_journey_without_a_refresh_frequency_fails_before_any_call(client, stub):
    paused = {k: v for k, v in _with(State="PAUSED").items() if k != "RefreshFrequency"}
    with pytest.raises(
        RequestError, match=r"State='PAUSED' is invalid: Pinpoint pauses only journeys with a RefreshFrequency"
    ):
        journey.handle(_event("Update", paused, old=_with(State="ACTIVE")), client)


def test_invalid_open_hours_fail_before_any_call(client, stub):
    bad = _with(
        QuietTime={"Start": "22:00", "End": "07:00"},
        SendingSchedule=True,
        OpenHours={"EMAIL": {"MONDAY": [{"StartTime": "17:00", "EndTime": "09:00"}]}},
    )
    with pytest.raises(
        RequestError, match=r"OpenHours.EMAIL.MONDAY\[0\].EndTime='09:00' is invalid: must be after StartTime 17:00"
    ):
        journey.handle(_event("Create", bad), client)


# --- Update ---------------------------------------------------------------------------------------

CHANGED = _with(Activities={**REQUEST["Activities"], "WaitADay": {"Wait": {"WaitTime": {"WaitFor": "P2D"}}}})


def test_update_of_a_draft_is_made_in_place_keeping_the_name_suffix(client, stub):
    stub.add_response("get_journey", _journey("DRAFT", name="welcome-abcdef12"))
    renamed = {**CHANGED, "Name": "hello"}
    stub.add_response(
        "update_journey",
        _journey("DRAFT"),
        {"ApplicationId": APP, "JourneyId": JID, "WriteJourneyRequest": {**renamed, "Name": "hello-abcdef12"}},
    )
    assert journey.handle(_event("Update", renamed, old=REQUEST), client).physical_id == JID


def test_a_conflict_on_update_is_retried_then_succeeds(client, stub):
    stub.add_response("get_journey", _journey("DRAFT"))
    stub.add_client_error("update_journey", "ConflictException", "being modified", 409)
    stub.add_response("update_journey", _journey("DRAFT"))
    assert journey.handle(_event("Update", CHANGED, old=REQUEST), client).physical_id == JID


def test_a_conflict_that_persists_fails_with_the_services_message(client, stub):
    stub.add_response("get_journey", _journey("DRAFT"))
    for _ in range(journey.CONFLICT_ATTEMPTS):
        stub.add_client_error("update_journey", "ConflictException", "being modified", 409)
    with pytest.raises(Exception, match=r"ConflictException.*being modified"):
        journey.handle(_event("Update", CHANGED, old=REQUEST), client)


@pytest.mark.parametrize("state", ["ACTIVE", "PAUSED"])
def test_a_changed_definition_of_a_live_journey_creates_a_new_journey(client, stub, state):
    request = {**CHANGED, "State": "ACTIVE"}
    stub.add_response("get_journey", _journey(state))
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT", "journey2"))
    stub.add_response("update_journey", _journey("ACTIVE", "journey2"))
    result = journey.handle(_event("Update", request, old=_with(State="ACTIVE")), client)
    assert result.physical_id == "journey2"  # CloudFormation then deletes journey1


@pytest.mark.parametrize("state", ["ACTIVE", "PAUSED"])
def test_on_active_change_fail_refuses_to_replace_a_live_journey(client, stub, state):
    stub.add_response("get_journey", _journey(state))
    event = _event("Update", {**CHANGED, "State": "ACTIVE"}, old=_with(State="ACTIVE"), OnActiveChange="FAIL")
    with pytest.raises(RequestError, match=f"is {state} and Pinpoint cannot edit a live journey.*FAIL forbids"):
        journey.handle(event, client)


def test_a_changed_definition_of_a_cancelled_journey_creates_a_new_journey_even_with_fail(client, stub):
    stub.add_response("get_journey", _journey("CANCELLED"))
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT", "journey2"))
    event = _event("Update", CHANGED, old=REQUEST, OnActiveChange="FAIL")
    assert journey.handle(event, client).physical_id == "journey2"


@pytest.mark.parametrize(("current", "wanted"), [("ACTIVE", "PAUSED"), ("PAUSED", "ACTIVE"), ("ACTIVE", "CANCELLED")])
def test_a_state_only_change_uses_update_journey_state(client, stub, current, wanted):
    stub.add_response("get_journey", _journey(current))
    stub.add_response(
        "update_journey_state",
        _journey(wanted),
        {"ApplicationId": APP, "JourneyId": JID, "JourneyStateRequest": {"State": wanted}},
    )
    result = journey.handle(_event("Update", _with(State=wanted), old=_with(State=current)), client)
    assert result.physical_id == JID and result.data["State"] == wanted


@pytest.mark.parametrize("state", ["ACTIVE", "PAUSED"])
@pytest.mark.parametrize("definition", [REQUEST, CHANGED], ids=["same-definition", "changed-definition"])
def test_a_live_journey_set_back_to_draft_fails_readably_and_is_left_alone(client, stub, state, definition):
    stub.add_response("get_journey", _journey(state))  # nothing else: no new journey, no state change
    event = _event("Update", {**definition, "State": "DRAFT"}, old=_with(State=state))
    with pytest.raises(RequestError) as raised:
        journey.handle(event, client)
    assert handler.one_line(raised.value) == (
        f"journey {NAME} ({JID}) is {state} and a published journey cannot go back to DRAFT: keep its state ACTIVE "
        "or PAUSED, set it to CANCELLED to stop it, or give the journey a new construct id to start over from a new "
        "draft (the live journey is then cancelled and deleted)"
    )


def _expect_state(stub, state):
    stub.add_response(
        "update_journey_state",
        _journey(state),
        {"ApplicationId": APP, "JourneyId": JID, "JourneyStateRequest": {"State": state}},
    )


def _refuse_resume(stub):
    stub.add_client_error("update_journey_state", "BadRequestException", "Journey cannot be resumed yet", 400)


@pytest.fixture
def sleeps(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(journey.time, "sleep", slept.append)
    return slept


def test_a_resume_refused_soon_after_the_pause_is_retried_until_pinpoint_accepts_it(client, stub, sleeps):
    stub.add_response("get_journey", _journey("PAUSED"))
    _refuse_resume(stub)
    _refuse_resume(stub)
    _expect_state(stub, "ACTIVE")
    result = journey.handle(_event("Update", _with(State="ACTIVE"), old=_with(State="PAUSED")), client)
    assert result.data["State"] == "ACTIVE"
    assert sleeps == [journey.RESUME_WAIT_SECONDS] * 2


def test_a_resume_still_refused_fails_after_a_bounded_wait_saying_to_retry_after_5_minutes(client, stub, sleeps):
    stub.add_response("get_journey", _journey("PAUSED"))
    for _ in range(journey.RESUME_ATTEMPTS):
        _refuse_resume(stub)
    with pytest.raises(RequestError) as raised:
        journey.handle(_event("Update", _with(State="ACTIVE"), old=_with(State="PAUSED")), client)
    message = handler.one_line(raised.value)
    assert message.startswith(f"resuming journey {NAME} ({JID}) failed after 5 tries over 120 s: ")
    assert "Journey cannot be resumed yet" in message
    assert message.endswith("only 5 minutes after it was paused: deploy again after that")
    # well inside the provider function's 5-minute timeout
    assert sum(sleeps) == 120 < 300


def test_other_errors_of_a_resume_are_not_retried(client, stub, sleeps):
    stub.add_response("get_journey", _journey("PAUSED"))
    stub.add_client_error("update_journey_state", "ForbiddenException", "denied", 403)
    with pytest.raises(Exception, match="ForbiddenException"):
        journey.handle(_event("Update", _with(State="ACTIVE"), old=_with(State="PAUSED")), client)
    assert sleeps == []


@pytest.mark.parametrize(("current", "wanted"), [("ACTIVE", "PAUSED"), ("PAUSED", "CANCELLED")])
def test_a_refused_state_change_other_than_a_resume_fails_at_once(client, stub, sleeps, current, wanted):
    stub.add_response("get_journey", _journey(current))
    stub.add_client_error("update_journey_state", "BadRequestException", "not allowed", 400)
    with pytest.raises(Exception, match="not allowed"):
        journey.handle(_event("Update", _with(State=wanted), old=_with(State=current)), client)
    assert sleeps == []


def test_publishing_a_draft_without_other_changes_updates_it_in_place(client, stub):
    stub.add_response("get_journey", _journey("DRAFT"))
    stub.add_response(
        "update_journey",
        _journey("ACTIVE"),
        {"ApplicationId": APP, "JourneyId": JID, "WriteJourneyRequest": {**REQUEST, "Name": NAME, "State": "ACTIVE"}},
    )
    assert journey.handle(_event("Update", _with(State="ACTIVE"), old=REQUEST), client).data["State"] == "ACTIVE"


def test_a_journey_pinpoint_completed_is_left_alone_when_only_options_change(client, stub):
    stub.add_response("get_journey", _journey("COMPLETED"))
    event = _event("Update", _with(State="ACTIVE"), old=_with(State="ACTIVE"), RetainOnDelete="true")
    result = journey.handle(event, client)
    assert result.physical_id == JID and result.data["State"] == "COMPLETED"


def test_pausing_a_draft_fails_readably(client, stub):
    stub.add_response("get_journey", _journey("DRAFT"))
    with pytest.raises(RequestError, match="is a DRAFT; it must be ACTIVE before it can be PAUSED"):
        journey.handle(_event("Update", _with(State="PAUSED"), old=REQUEST), client)


def test_a_journey_deleted_outside_cloudformation_is_recreated_on_update(client, stub):
    stub.add_client_error("get_journey", "NotFoundException", "not found", 404)
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT", "journey2"))
    assert journey.handle(_event("Update", CHANGED, old=REQUEST), client).physical_id == "journey2"


def test_a_move_to_another_project_creates_a_new_journey(client, stub):
    event = _event("Update", CHANGED, old=REQUEST)
    event["OldResourceProperties"]["ApplicationId"] = "old-app"
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT", "journey2"))
    assert journey.handle(event, client).physical_id == "journey2"


# --- Delete ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["ACTIVE", "PAUSED"])
def test_delete_cancels_a_live_journey_then_deletes_it(client, stub, state):
    stub.add_response("get_journey", _journey(state))
    stub.add_response(
        "update_journey_state",
        _journey("CANCELLED"),
        {"ApplicationId": APP, "JourneyId": JID, "JourneyStateRequest": {"State": "CANCELLED"}},
    )
    stub.add_response("delete_journey", _journey("CANCELLED"), {"ApplicationId": APP, "JourneyId": JID})
    assert journey.handle(_event("Delete"), client).physical_id == JID


@pytest.mark.parametrize("state", ["DRAFT", "CANCELLED", "COMPLETED"])
def test_delete_of_a_journey_that_is_not_live_deletes_without_cancelling(client, stub, state):
    stub.add_response("get_journey", _journey(state))
    stub.add_response("delete_journey", _journey(state))
    journey.handle(_event("Delete"), client)


def test_retain_on_delete_cancels_but_keeps_the_journey(client, stub):
    stub.add_response("get_journey", _journey("ACTIVE"))
    stub.add_response("update_journey_state", _journey("CANCELLED"))
    journey.handle(_event("Delete", RetainOnDelete="true"), client)  # no delete_journey stubbed


def test_delete_of_a_missing_journey_succeeds(client, stub):
    stub.add_client_error("get_journey", "NotFoundException", "Resource not found", 404)
    assert journey.handle(_event("Delete"), client).physical_id == JID


def test_delete_that_races_another_delete_succeeds(client, stub):
    stub.add_response("get_journey", _journey("DRAFT"))
    stub.add_client_error("delete_journey", "NotFoundException", "Resource not found", 404)
    journey.handle(_event("Delete"), client)


def test_delete_does_not_hide_other_errors(client, stub):
    stub.add_client_error("get_journey", "ForbiddenException", "denied", 403)
    with pytest.raises(Exception, match="ForbiddenException"):
        journey.handle(_event("Delete"), client)


def test_the_dispatcher_routes_journeys_here(client, stub):
    stub.add_client_error("get_journey", "NotFoundException", "gone", 404)
    assert handler.dispatch(_event("Delete"), client).physical_id == JID


# --- Retries in the real client (HTTP layer stubbed, botocore's retry logic running) --------------


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = io.BytesIO(body)

    def stream(self, **_: Any):
        yield self._body.read()


def _http(client, statuses: list[int], body: dict[str, Any]) -> list[str]:
    """Answer each HTTP request with the next status (errors carry Pinpoint's error shape)."""
    calls: list[str] = []

    def send(request, **_: Any) -> AWSResponse:
        calls.append(request.url)
        status = statuses[min(len(calls) - 1, len(statuses) - 1)]
        payload = body if status < 300 else {"Message": "slow down", "RequestID": "r"}
        headers = (
            {}
            if status < 300
            else {"x-amzn-ErrorType": "TooManyRequestsException" if status == 429 else "InternalServerErrorException"}
        )
        return AWSResponse(request.url, status, headers, _Raw(json.dumps(payload).encode()))

    client.meta.events.register("before-send.pinpoint", send)
    return calls


@pytest.fixture
def real_client(monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: None)  # botocore's backoff
    return common.pinpoint_client.__wrapped__()  # a fresh client: the cached one is shared per container


@pytest.mark.parametrize("status", [429, 500, 503])
def test_throttling_and_server_errors_are_retried_by_the_provider_client(real_client, status):
    # A retained delete of a DRAFT makes one call (GetJourney): two faults, then the answer.
    calls = _http(real_client, [status, status, 200], _journey("DRAFT")["JourneyResponse"])
    assert journey.handle(_event("Delete", RetainOnDelete="true"), real_client).physical_id == JID
    assert len(calls) == 3


def test_throttling_that_never_ends_fails_after_the_configured_attempts(real_client):
    calls = _http(real_client, [429], {})
    with pytest.raises(Exception, match="TooManyRequestsException"):
        real_client.delete_journey(ApplicationId=APP, JourneyId=JID)
    # CLIENT_CONFIG says total_max_attempts=8: the first call and 7 retries.
    assert len(calls) == 8


# --- Tags (WriteJourneyRequest has none: TagResource and UntagResource on the journey's ARN) -------


def _arn(journey_id: str) -> str:
    return f"arn:aws:mobiletargeting:us-east-1:123456789012:apps/{APP}/journeys/{journey_id}"


def _tagged(event: dict[str, Any], tags: dict[str, str], old_tags: dict[str, str] | None = None) -> dict[str, Any]:
    event["ResourceProperties"]["Tags"] = tags
    if old_tags is not None:
        event["OldResourceProperties"]["Tags"] = old_tags
    return event


def test_a_new_journey_is_tagged_after_it_is_created(client, stub):
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT"))
    stub.add_response("tag_resource", {}, {"ResourceArn": _arn(JID), "TagsModel": {"tags": {"team": "growth"}}})
    assert journey.handle(_tagged(_event("Create"), {"team": "growth"}), client).physical_id == JID


def test_a_change_of_tags_alone_retags_the_journey_in_place(client, stub):
    stub.add_response("get_journey", _journey("ACTIVE"))
    stub.add_response("untag_resource", {}, {"ResourceArn": _arn(JID), "TagKeys": ["gone"]})
    stub.add_response("tag_resource", {}, {"ResourceArn": _arn(JID), "TagsModel": {"tags": {"team": "retention"}}})
    active = _with(State="ACTIVE")
    event = _tagged(_event("Update", active, old=active), {"team": "retention"}, {"team": "growth", "gone": "x"})
    assert journey.handle(event, client).physical_id == JID


def test_a_replacing_journey_gets_every_tag_and_the_old_one_is_not_untagged(client, stub):
    stub.add_response("get_journey", _journey("ACTIVE"))
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT", "journey2"))
    stub.add_response("update_journey", _journey("ACTIVE", "journey2"))
    stub.add_response("tag_resource", {}, {"ResourceArn": _arn("journey2"), "TagsModel": {"tags": {"team": "growth"}}})
    event = _tagged(
        _event("Update", {**CHANGED, "State": "ACTIVE"}, old=_with(State="ACTIVE")),
        {"team": "growth"},
        {"team": "growth"},
    )
    assert journey.handle(event, client).physical_id == "journey2"


def test_a_tagging_failure_deletes_the_new_journey_and_fails_readably(client, stub):
    _empty_list(stub)
    stub.add_response("create_journey", _journey("DRAFT"))
    stub.add_client_error("tag_resource", "BadRequestException", "tags are not supported", 400)
    stub.add_response("delete_journey", _journey("DRAFT"), {"ApplicationId": APP, "JourneyId": JID})
    with pytest.raises(RequestError, match=r"tagging the new journey journey1 failed: .*not supported.*deleted"):
        journey.handle(_tagged(_event("Create"), {"team": "growth"}), client)


def test_a_tagging_failure_on_a_kept_journey_fails_without_deleting_it(client, stub):
    stub.add_response("get_journey", _journey("ACTIVE"))
    stub.add_client_error("tag_resource", "BadRequestException", "tags are not supported", 400)
    active = _with(State="ACTIVE")
    with pytest.raises(ClientError, match="tags are not supported"):
        journey.handle(_tagged(_event("Update", active, old=active), {"team": "growth"}, {}), client)
