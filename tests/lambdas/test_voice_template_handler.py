"""The voice-template custom resource handler, against Pinpoint's real request/response model."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from botocore.stub import Stubber
from pinpoint_api import handler, voice_template
from pinpoint_api.common import RequestError, Result

VOICE = {"Body": "Hello {{User.UserAttributes.FirstName}}", "VoiceId": "Joanna", "LanguageCode": "en-US"}


def _event(request_type: str, request: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "RequestType": request_type,
        "RequestId": "req-1",
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1",
        "LogicalResourceId": "Voice",
        "ResourceProperties": {
            "Kind": "VoiceTemplate",
            "Request": json.dumps(
                request if request is not None else {"TemplateName": "greeting", "VoiceTemplateRequest": VOICE}
            ),
        },
    }
    event.update(extra)
    return event


@pytest.fixture
def client():
    return boto3.client("pinpoint", region_name="us-east-1")


@pytest.fixture
def stubber(client):
    with Stubber(client) as stub:
        yield stub
        stub.assert_no_pending_responses()


def _created(name: str) -> dict[str, Any]:
    arn = f"arn:aws:mobiletargeting:us-east-1:123456789012:templates/{name}/VOICE"
    return {"CreateTemplateMessageBody": {"Arn": arn, "Message": "Created", "RequestID": "r"}}


def test_create_creates_the_template_and_uses_its_name_as_physical_id(client, stubber):
    stubber.add_response(
        "create_voice_template", _created("greeting"), {"TemplateName": "greeting", "VoiceTemplateRequest": VOICE}
    )
    assert voice_template.handle(_event("Create"), client) == Result("greeting", {"TemplateName": "greeting"})


def test_create_with_tags_sends_them(client, stubber):
    voice = {**VOICE, "tags": {"team": "growth"}}
    stubber.add_response(
        "create_voice_template", _created("greeting"), {"TemplateName": "greeting", "VoiceTemplateRequest": voice}
    )
    voice_template.handle(_event("Create", {"TemplateName": "greeting", "VoiceTemplateRequest": voice}), client)


def test_update_saves_a_new_version_and_makes_the_latest_version_active(client, stubber):
    voice = {**VOICE, "Body": "Hi again", "tags": {"team": "growth"}}
    untagged = {k: v for k, v in voice.items() if k != "tags"}
    stubber.add_response(
        "update_voice_template",
        {"MessageBody": {"Message": "Updated"}},
        {"TemplateName": "greeting", "CreateNewVersion": True, "VoiceTemplateRequest": untagged},
    )
    stubber.add_response(
        "update_template_active_version",
        {"MessageBody": {"Message": "Active"}},
        {"TemplateName": "greeting", "TemplateType": "VOICE", "TemplateActiveVersionRequest": {"Version": "latest"}},
    )
    event = _event("Update", {"TemplateName": "greeting", "VoiceTemplateRequest": voice}, PhysicalResourceId="greeting")
    assert voice_template.handle(event, client) == Result("greeting", {"TemplateName": "greeting"})


def test_update_with_a_new_name_creates_a_new_template_with_a_new_physical_id(client, stubber):
    stubber.add_response(
        "create_voice_template", _created("welcome"), {"TemplateName": "welcome", "VoiceTemplateRequest": VOICE}
    )
    event = _event("Update", {"TemplateName": "welcome", "VoiceTemplateRequest": VOICE}, PhysicalResourceId="greeting")
    result = voice_template.handle(event, client)
    # CloudFormation sees a new physical id and deletes "greeting" in its cleanup phase.
    assert result.physical_id == "welcome"


def test_delete_deletes_the_template_named_by_the_physical_id(client, stubber):
    stubber.add_response("delete_voice_template", {"MessageBody": {"Message": "Deleted"}}, {"TemplateName": "greeting"})
    assert voice_template.handle(_event("Delete", PhysicalResourceId="greeting"), client) == Result("greeting")


def test_delete_of_a_missing_template_succeeds(client, stubber):
    stubber.add_client_error("delete_voice_template", "NotFoundException", "Template not found", 404)
    assert voice_template.handle(_event("Delete", PhysicalResourceId="greeting"), client).physical_id == "greeting"


def test_delete_fails_on_any_other_error(client, stubber):
    stubber.add_client_error("delete_voice_template", "ForbiddenException", "denied", 403)
    with pytest.raises(ClientError, match="denied"):
        voice_template.handle(_event("Delete", PhysicalResourceId="greeting"), client)


def test_create_fails_with_pinpoints_error_when_the_template_exists(client, stubber):
    stubber.add_client_error("create_voice_template", "BadRequestException", "Template already exists", 400)
    with pytest.raises(ClientError, match="Template already exists"):
        voice_template.handle(_event("Create"), client)


@pytest.mark.parametrize(
    "request_",
    [{"VoiceTemplateRequest": VOICE}, {"TemplateName": "", "VoiceTemplateRequest": VOICE}, {"TemplateName": "x"}],
)
def test_a_request_without_a_name_or_body_is_rejected_before_any_call(client, stubber, request_):
    with pytest.raises(RequestError, match="needs a TemplateName and a VoiceTemplateRequest"):
        voice_template.handle(_event("Create", request_), client)


def test_a_request_that_does_not_match_the_api_model_fails_before_calling_pinpoint(client):
    # botocore validates parameters against the Pinpoint model before anything is sent.
    bad = {"TemplateName": "greeting", "VoiceTemplateRequest": {"Body": "x", "Voice": "Joanna"}}
    with Stubber(client) as stub:
        stub.add_response("create_voice_template", _created("greeting"))
        with pytest.raises(ParamValidationError, match='Unknown parameter in VoiceTemplateRequest: "Voice"'):
            voice_template.handle(_event("Create", bad), client)


def test_the_provider_dispatches_the_voice_template_kind_to_this_module(client, stubber):
    stubber.add_response("delete_voice_template", {"MessageBody": {}}, {"TemplateName": "greeting"})
    assert handler.dispatch(_event("Delete", PhysicalResourceId="greeting"), client).physical_id == "greeting"
