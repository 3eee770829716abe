"""Voice templates, which CloudFormation cannot create: Create/Update/DeleteVoiceTemplate.

The physical id is the template name. A new name is a replacement: the new template is created
and CloudFormation then deletes the old one. Any other update saves a new version of the
template and makes it the active one, so earlier versions stay available for rollback in the
console. Deleting a template that is already gone succeeds.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from .common import RequestError, Result, error_code, load_request

TEMPLATE_TYPE = "VOICE"


def handle(event: dict[str, Any], client: Any) -> Result:
    request_type = event["RequestType"]
    if request_type == "Delete":
        return _delete(event["PhysicalResourceId"], client)
    request = load_request(event["ResourceProperties"])
    name = request.get("TemplateName")
    voice = request.get("VoiceTemplateRequest")
    if not isinstance(name, str) or not name or not isinstance(voice, dict):
        raise RequestError("the Request needs a TemplateName and a VoiceTemplateRequest object")
    if request_type == "Create" or name != event.get("PhysicalResourceId"):
        client.create_voice_template(TemplateName=name, VoiceTemplateRequest=voice)
        return Result(name, {"TemplateName": name})
    if request_type != "Update":
        raise RequestError(f"unknown request type {request_type!r}")
    # Pinpoint ignores tags on updates; sending them would only need another permission.
    update = {key: value for key, value in voice.items() if key != "tags"}
    client.update_voice_template(TemplateName=name, CreateNewVersion=True, VoiceTemplateRequest=update)
    client.update_template_active_version(
        TemplateName=name, TemplateType=TEMPLATE_TYPE, TemplateActiveVersionRequest={"Version": "latest"}
    )
    return Result(name, {"TemplateName": name})


def _delete(name: str, client: Any) -> Result:
    try:
        client.delete_voice_template(TemplateName=name)
    except ClientError as exc:
        if error_code(exc) != "NotFoundException":
            raise
    return Result(name)
