"""The handler of API-created message templates (email, push, voice), against Pinpoint's real
request/response model: botocore's Stubber on a real client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError
from botocore.stub import Stubber
from pinpoint_api import handler, message_template
from pinpoint_api.common import RequestError, Result

VOICE = {"Body": "Hello {{User.UserAttributes.FirstName}}", "VoiceId": "Joanna", "LanguageCode": "en-US"}
EMAIL = {"Subject": "Hi {{User.UserAttributes.FirstName}}", "HtmlPart": "<p>Hi</p>", "RecommenderId": "rec-1"}
PUSH = {"APNS": {"RawContent": '{"aps":{"alert":"Hi"}}'}, "GCM": {"RawContent": '{"data":{"m":"Hi"}}'}}

# Kind, request key, the body, the client's method noun, the TemplateType.
KINDS = [
    ("EmailTemplate", "EmailTemplateRequest", EMAIL, "email", "EMAIL"),
    ("PushTemplate", "PushNotificationTemplateRequest", PUSH, "push", "PUSH"),
    ("VoiceTemplate", "VoiceTemplateRequest", VOICE, "voice", "VOICE"),
]


def _event(request_type: str, kind: str, request: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "RequestType": request_type,
        "RequestId": "req-1",
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/S/1",
        "LogicalResourceId": "Template",
        "ResourceProperties": {"Kind": kind, "Request": json.dumps(request if request is not None else {})},
    }
    event.update(extra)
    return event


def _created(name: str, template_type: str) -> dict[str, Any]:
    arn = f"arn:aws:mobiletargeting:us-east-1:123456789012:templates/{name}/{template_type}"
    return {"CreateTemplateMessageBody": {"Arn": arn, "Message": "Created", "RequestID": "r"}}


@pytest.mark.parametrize(("kind", "key", "body", "noun", "template_type"), KINDS)
def test_create_creates_the_template_and_uses_its_name_as_physical_id(
    client, stubber, kind, key, body, noun, template_type
):
    stubber.add_response(
        f"create_{noun}_template", _created("greeting", template_type), {"TemplateName": "greeting", key: body}
    )
    event = _event("Create", kind, {"TemplateName": "greeting", key: body})
    assert message_template.handle(event, client) == Result("greeting", {"TemplateName": "greeting"})


@pytest.mark.parametrize(("kind", "key", "body", "noun", "template_type"), KINDS)
def test_create_sends_the_tags_property_in_the_create_request(client, stubber, kind, key, body, noun, template_type):
    stubber.add_response(
        f"create_{noun}_template",
        _created("greeting", template_type),
        {"TemplateName": "greeting", key: {**body, "tags": {"team": "growth"}}},
    )
    event = _event("Create", kind, {"TemplateName": "greeting", key: body})
    event["ResourceProperties"]["Tags"] = {"team": "growth"}
    message_template.handle(event, client)


def _expect_new_active_version(stubber: Stubber, noun: str, key: str, body: dict[str, Any], template_type: str) -> None:
    stubber.add_response(
        f"update_{noun}_template",
        {"MessageBody": {"Message": "Updated"}},
        {"TemplateName": "greeting", "CreateNewVersion": True, key: body},
    )
    stubber.add_response(
        "update_template_active_version",
        {"MessageBody": {"Message": "Active"}},
        {
            "TemplateName": "greeting",
            "TemplateType": template_type,
            "TemplateActiveVersionRequest": {"Version": "latest"},
        },
    )


@pytest.mark.parametrize(("kind", "key", "body", "noun", "template_type"), KINDS)
def test_update_saves_a_new_version_without_tags_and_makes_the_latest_version_active(
    client, stubber, kind, key, body, noun, template_type
):
    # The request of a template synthesized before tags moved to the Tags property: unchanged tags
    # inside it are neither sent (Pinpoint ignores them on update) nor retagged.
    tagged = {**body, "tags": {"team": "growth"}}
    _expect_new_active_version(stubber, noun, key, body, template_type)
    old = {"Kind": kind, "Request": json.dumps({"TemplateName": "greeting", key: tagged})}
    event = _event("Update", kind, {"TemplateName": "greeting", key: body}, PhysicalResourceId="greeting",
                   OldResourceProperties=old)  # fmt: skip
    event["ResourceProperties"]["Tags"] = {"team": "growth"}
    assert message_template.handle(event, client) == Result("greeting", {"TemplateName": "greeting"})


@pytest.mark.parametrize(("kind", "key", "body", "noun", "template_type"), KINDS)
def test_an_update_adds_changed_tags_and_removes_dropped_ones_on_the_template_arn(
    client, stubber, kind, key, body, noun, template_type
):
    arn = f"arn:aws:mobiletargeting:us-east-1:123456789012:templates/greeting/{template_type}"
    _expect_new_active_version(stubber, noun, key, body, template_type)
    stubber.add_response("untag_resource", {}, {"ResourceArn": arn, "TagKeys": ["old"]})
    stubber.add_response("tag_resource", {}, {"ResourceArn": arn, "TagsModel": {"tags": {"team": "retention"}}})
    request = json.dumps({"TemplateName": "greeting", key: body})
    old = {"Kind": kind, "Request": request, "Tags": {"team": "growth", "old": "x", "same": "1"}}
    event = _event("Update", kind, {"TemplateName": "greeting", key: body}, PhysicalResourceId="greeting",
                   OldResourceProperties=old)  # fmt: skip
    event["ResourceProperties"]["Tags"] = {"team": "retention", "same": "1"}
    message_template.handle(event, client)


@pytest.mark.parametrize(("kind", "key", "body", "noun", "template_type"), KINDS)
def test_update_with_a_new_name_creates_a_new_template_with_a_new_physical_id(
    client, stubber, kind, key, body, noun, template_type
):
    stubber.add_response(
        f"create_{noun}_template", _created("welcome", template_type), {"TemplateName": "welcome", key: body}
    )
    event = _event("Update", kind, {"TemplateName": "welcome", key: body}, PhysicalResourceId="greeting")
    # CloudFormation sees a new physical id and deletes "greeting" in its cleanup phase.
    assert message_template.handle(event, client).physical_id == "welcome"


@pytest.mark.parametrize(("kind", "key", "body", "noun", "template_type"), KINDS)
def test_delete_deletes_the_template_named_by_the_physical_id(client, stubber, kind, key, body, noun, template_type):
    stubber.add_response(
        f"delete_{noun}_template", {"MessageBody": {"Message": "Deleted"}}, {"TemplateName": "greeting"}
    )
    assert message_template.handle(_event("Delete", kind, PhysicalResourceId="greeting"), client) == Result("greeting")


@pytest.mark.parametrize(("kind", "key", "body", "noun", "template_type"), KINDS)
def test_delete_of_a_missing_template_succeeds(client, stubber, kind, key, body, noun, template_type):
    stubber.add_client_error(f"delete_{noun}_template", "NotFoundException", "Template not found", 404)
    event = _event("Delete", kind, PhysicalResourceId="greeting")
    assert message_template.handle(event, client).physical_id == "greeting"


def test_delete_fails_on_any_other_error(client, stubber):
    stubber.add_client_error("delete_push_template", "ForbiddenException", "denied", 403)
    with pytest.raises(ClientError, match="denied"):
        message_template.handle(_event("Delete", "PushTemplate", PhysicalResourceId="greeting"), client)


def test_create_fails_with_pinpoints_error_when_the_template_exists(client, stubber):
    stubber.add_client_error("create_email_template", "BadRequestException", "Template already exists", 400)
    with pytest.raises(ClientError, match="Template already exists"):
        message_template.handle(
            _event("Create", "EmailTemplate", {"TemplateName": "greeting", "EmailTemplateRequest": EMAIL}), client
        )


@pytest.mark.parametrize(
    "request_",
    [{"VoiceTemplateRequest": VOICE}, {"TemplateName": "", "VoiceTemplateRequest": VOICE}, {"TemplateName": "x"}],
)
def test_a_request_without_a_name_or_body_is_rejected_before_any_call(client, stubber, request_):
    with pytest.raises(RequestError, match="needs a TemplateName and a VoiceTemplateRequest"):
        message_template.handle(_event("Create", "VoiceTemplate", request_), client)


def test_a_body_under_another_kinds_key_is_rejected_before_any_call(client, stubber):
    with pytest.raises(RequestError, match="needs a TemplateName and a PushNotificationTemplateRequest"):
        message_template.handle(
            _event("Create", "PushTemplate", {"TemplateName": "x", "EmailTemplateRequest": EMAIL}), client
        )


def test_an_unknown_template_kind_is_rejected(client, stubber):
    with pytest.raises(RequestError, match=r"unknown template kind 'SmsTemplate'; expected one of \['EmailTemplate'"):
        message_template.handle(_event("Create", "SmsTemplate", {"TemplateName": "x"}), client)


@pytest.mark.parametrize(
    ("kind", "request_", "message"),
    [
        (
            "VoiceTemplate",
            {"TemplateName": "greeting", "VoiceTemplateRequest": {"Body": "x", "Voice": "Joanna"}},
            'Unknown parameter in VoiceTemplateRequest: "Voice"',
        ),
        (
            # The default notification has no raw content in Pinpoint's model.
            "PushTemplate",
            {"TemplateName": "greeting", "PushNotificationTemplateRequest": {"Default": {"RawContent": "{}"}}},
            'Unknown parameter in PushNotificationTemplateRequest.Default: "RawContent"',
        ),
    ],
)
def test_a_request_that_does_not_match_the_api_model_fails_before_calling_pinpoint(client, kind, request_, message):
    # botocore validates parameters against the Pinpoint model before anything is sent.
    noun = kind.removesuffix("Template").lower()
    with Stubber(client) as stub:
        stub.add_response(f"create_{noun}_template", _created("greeting", noun.upper()))
        with pytest.raises(ParamValidationError, match=message):
            message_template.handle(_event("Create", kind, request_), client)


@pytest.mark.parametrize(("kind", "key", "body", "noun", "template_type"), KINDS)
def test_the_provider_dispatches_every_template_kind_to_this_module(
    client, stubber, kind, key, body, noun, template_type
):
    stubber.add_response(f"delete_{noun}_template", {"MessageBody": {}}, {"TemplateName": "greeting"})
    assert handler.dispatch(_event("Delete", kind, PhysicalResourceId="greeting"), client).physical_id == "greeting"
