"""Message templates created through the Pinpoint API rather than CloudFormation:
Create/Update/Delete{Email,Push,Voice}Template.

CloudFormation has no voice template at all, and its EmailTemplate and PushTemplate lack what the
API offers: an email template's RecommenderId and a push channel's RawContent (CloudFormation
coverage roadmap #2252). The constructs use this handler only for those cases.

The physical id is the template name. A new name is a replacement: the new template is created
and CloudFormation then deletes the old one. Any other update saves a new version of the
template and makes it the active one, so earlier versions stay available for rollback in the
console. Deleting a template that is already gone succeeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from cdk_pinpoint._shared.replacement import RULES

from .common import RequestError, Result, error_code, load_request, pinpoint_arn, sync_tags, tags_of


@dataclass(frozen=True)
class TemplateApi:
    """The API calls and request shape of one kind of template."""

    template_type: str  # TemplateType of UpdateTemplateActiveVersion
    request_key: str  # the request body's parameter name
    noun: str  # create_<noun>_template, update_<noun>_template, delete_<noun>_template

    def call(self, client: Any, verb: str, **parameters: Any) -> Any:
        return getattr(client, f"{verb}_{self.noun}_template")(**parameters)


# By the custom resource's Kind.
APIS = {
    "EmailTemplate": TemplateApi("EMAIL", "EmailTemplateRequest", "email"),
    "PushTemplate": TemplateApi("PUSH", "PushNotificationTemplateRequest", "push"),
    "VoiceTemplate": TemplateApi("VOICE", "VoiceTemplateRequest", "voice"),
}


def handle(event: dict[str, Any], client: Any) -> Result:
    kind = event["ResourceProperties"].get("Kind")
    api = APIS.get(kind)
    if api is None:
        raise RequestError(f"unknown template kind {kind!r}; expected one of {sorted(APIS)}")
    request_type = event["RequestType"]
    if request_type == "Delete":
        return _delete(api, event["PhysicalResourceId"], client)
    request = load_request(event["ResourceProperties"])
    name_field = RULES[kind].name_field
    name = request.get(name_field) if name_field else None
    body = request.get(api.request_key)
    if not isinstance(name, str) or not name or not isinstance(body, dict):
        raise RequestError(f"the Request needs a {name_field} and a {api.request_key} object")
    tags = tags_of(event["ResourceProperties"])
    # Tags used to travel inside the request; the Tags property carries them now.
    body = {key: value for key, value in body.items() if key != "tags"}
    if request_type == "Create" or name != event.get("PhysicalResourceId"):  # the name is the physical id
        api.call(client, "create", TemplateName=name, **{api.request_key: {**body, **({"tags": tags} if tags else {})}})
        return Result(name, {"TemplateName": name})
    if request_type != "Update":
        raise RequestError(f"unknown request type {request_type!r}")
    api.call(client, "update", TemplateName=name, CreateNewVersion=True, **{api.request_key: body})
    client.update_template_active_version(
        TemplateName=name, TemplateType=api.template_type, TemplateActiveVersionRequest={"Version": "latest"}
    )
    old_properties = event.get("OldResourceProperties", {})
    old_body = load_request(old_properties).get(api.request_key) if "Request" in old_properties else None
    old_tags = tags_of(old_properties) or (old_body or {}).get("tags") or {}
    sync_tags(client, pinpoint_arn(event, f"templates/{name}/{api.template_type}"), old_tags, tags)
    return Result(name, {"TemplateName": name})


def _delete(api: TemplateApi, name: str, client: Any) -> Result:
    try:
        api.call(client, "delete", TemplateName=name)
    except ClientError as exc:
        if error_code(exc) != "NotFoundException":
            raise
    return Result(name)
