"""``cdk-pinpoint send-test``: send a message template to a test address, endpoint or user, like
the "Test messaging" page of Pinpoint's console, before a campaign or journey uses it.

    cdk-pinpoint send-test --project PROJECT --template NAME[:VERSION] [--channel EMAIL|SMS|PUSH|VOICE]
                           (--to ADDRESS... | --endpoint ID... | --user ID...)
                           [--substitutions FILE] [--from SENDER] [--push-service GCM|APNS|...]
                           [--assembly CDK_OUT] [--profile NAME] [--region NAME] [--dry-run]

``--to`` and ``--endpoint`` call ``SendMessages``; ``--user`` calls ``SendUsersMessages``. One line
is printed per recipient (delivery status, status code, message id, Pinpoint's status message); the
exit status is 0 only when every recipient's status is ``SUCCESSFUL``, 1 when any is not or the call
fails, and 2 for a usage error (no credentials, an unreadable file, a path not in the assembly).

``PROJECT`` and ``TEMPLATE`` may be construct paths in a synthesized cloud assembly (they contain a
``/``, which project ids and template names never do): ``--project Shop/Project --template
Shop/Welcome`` reads the template's name, kind and content, and the project's name, from
``cdk.out`` (or ``--assembly``). A project's id exists only once it is deployed, so it is then
looked up by name with ``GetApps``.

``--dry-run`` makes no AWS call (no credentials needed): it prints the request that would be sent
and, when the template comes from an assembly, every part rendered locally with
:mod:`cdk_pinpoint.rendering` for each recipient. The local message context is the recipient
(``Address`` and ``ChannelType``, or ``Id``, or ``User.UserId``) plus the substitutions, whose
dotted names (``User.UserAttributes.FirstName``) are read as paths; the template's default
substitutions fill what is missing. An endpoint's stored attributes are not fetched.

Credentials and region come from boto3's standard chain (``--profile``, ``AWS_PROFILE``,
environment variables, the shared config files, instance and container roles). Throttled calls are
retried by botocore's standard retry mode (up to 5 attempts, with backoff).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

CHANNELS = ("EMAIL", "SMS", "PUSH", "VOICE")
#: the push services an address (a device token) can be sent to (botocore ``ChannelType``).
PUSH_SERVICES = ("GCM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "ADM", "BAIDU")
#: calls in all, the first included, when Pinpoint throttles (botocore standard retry mode).
MAX_ATTEMPTS = 5
SUCCESSFUL = "SUCCESSFUL"


@dataclass(frozen=True)
class _ChannelApi:
    template_key: str  # the member of TemplateConfiguration
    message_key: str  # the member of DirectMessageConfiguration (MessageConfiguration is required)
    sender_key: str | None  # where --from goes in that message


_CHANNEL_APIS = {
    "EMAIL": _ChannelApi("EmailTemplate", "EmailMessage", "FromAddress"),
    "SMS": _ChannelApi("SMSTemplate", "SMSMessage", "OriginationNumber"),
    "PUSH": _ChannelApi("PushTemplate", "DefaultPushNotificationMessage", None),
    "VOICE": _ChannelApi("VoiceTemplate", "VoiceMessage", "OriginationNumber"),
}

# The channel of each template resource cdk-pinpoint synthesizes (CloudFormation or custom resource).
_TEMPLATE_CHANNELS = {
    "AWS::Pinpoint::EmailTemplate": "EMAIL",
    "Custom::PinpointEmailTemplate": "EMAIL",
    "AWS::Pinpoint::SmsTemplate": "SMS",
    "AWS::Pinpoint::PushTemplate": "PUSH",
    "Custom::PinpointPushTemplate": "PUSH",
    "Custom::PinpointVoiceTemplate": "VOICE",
}
# The properties that hold template text, at the top of a template or one level down (push platforms).
_TEXT_PROPERTIES = ("Subject", "TextPart", "HtmlPart", "Title", "Body")


class SendTestError(Exception):
    """A problem with the command's input or environment; printed as one line, exit status 2."""


@dataclass(frozen=True)
class TemplateSource:
    """A template as the command knows it: its name and, from an assembly, its channel and content."""

    name: str
    version: str | None = None
    channel: str | None = None
    parts: dict[str, str] = field(default_factory=dict)  # part ("Subject", "GCM.Body") -> text
    defaults: dict[str, Any] | None = None


@dataclass(frozen=True)
class Recipients:
    """Who receives the test: addresses (``--to``), endpoint ids or user ids."""

    kind: str  # "address", "endpoint" or "user"
    ids: tuple[str, ...]


# --- the cloud assembly ------------------------------------------------------------------------


class Assembly:
    """The resources of a synthesized cloud assembly, by construct path."""

    def __init__(self, directory: str) -> None:
        root = Path(directory)
        manifest_path = root / "manifest.json"
        if not manifest_path.exists():
            raise SendTestError(f"{directory}: no manifest.json; synthesize the app first (`cdk synth`)")
        manifest = json.loads(manifest_path.read_text())
        self.directory = directory
        self.resources: dict[str, dict[str, Any]] = {}  # construct path -> template resource
        for artifact in manifest.get("artifacts", {}).values():
            if artifact.get("type") != "aws:cloudformation:stack":
                continue
            template = json.loads((root / artifact["properties"]["templateFile"]).read_text())
            resources = template.get("Resources", {})
            metadata = dict(artifact.get("metadata", {}))
            if "additionalMetadataFile" in artifact:  # newer assemblies keep it in a file of its own
                metadata.update(json.loads((root / artifact["additionalMetadataFile"]).read_text()))
            for path, entries in metadata.items():
                for entry in entries:
                    if entry.get("type") == "aws:cdk:logicalId" and entry.get("data") in resources:
                        self.resources[path.strip("/")] = resources[entry["data"]]

    def find(self, path: str, types: Collection[str], what: str) -> dict[str, Any]:
        """The one resource of one of ``types`` at ``path`` or under it (``Shop/Welcome`` finds
        ``Shop/Welcome/Resource``)."""
        path = path.strip("/")
        found = [
            resource
            for resource_path, resource in self.resources.items()
            if (resource_path == path or resource_path.startswith(path + "/")) and resource.get("Type") in types
        ]
        if len(found) != 1:
            problem = "no" if not found else f"{len(found)}"
            raise SendTestError(f"{self.directory}: {problem} {what} at construct path {path!r}")
        return found[0]

    def template(self, path: str, version: str | None) -> TemplateSource:
        resource = self.find(path, _TEMPLATE_CHANNELS, "message template (email, SMS, push or voice)")
        properties = resource.get("Properties", {})
        if resource["Type"].startswith("Custom::"):
            request = properties.get("Request")
            if not isinstance(request, str):
                raise SendTestError(f"{path}: the template's request holds deploy-time values; pass its name")
            request = json.loads(request)
            body = next(value for key, value in request.items() if key.endswith("Request"))
            name = request.get("TemplateName")
        else:
            body, name = properties, properties.get("TemplateName")
        if not isinstance(name, str):
            raise SendTestError(f"{path}: the template's name is a deploy-time value; pass the name instead")
        defaults = body.get("DefaultSubstitutions")
        return TemplateSource(
            name=name,
            version=version,
            channel=_TEMPLATE_CHANNELS[resource["Type"]],
            parts=_text_parts(body),
            defaults=json.loads(defaults) if isinstance(defaults, str) else None,
        )

    def project_name(self, path: str) -> str:
        name = self.find(path, ("AWS::Pinpoint::App",), "Pinpoint project").get("Properties", {}).get("Name")
        if not isinstance(name, str):
            raise SendTestError(f"{path}: the project's name is a deploy-time value; pass the project id instead")
        return name


def _text_parts(body: Mapping[str, Any]) -> dict[str, str]:
    parts = {}
    for key, value in body.items():
        if key in _TEXT_PROPERTIES and isinstance(value, str):
            parts[key] = value
        elif isinstance(value, Mapping):  # a push platform: Default, APNS, GCM, ...
            parts.update({f"{key}.{k}": v for k, v in value.items() if k in _TEXT_PROPERTIES and isinstance(v, str)})
    return parts


# --- the request ---------------------------------------------------------------------------------


def load_substitutions(path: str | None) -> dict[str, list[str]]:
    """A JSON object of message variables; a plain value stands for a one-item list (Pinpoint's shape)."""
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise SendTestError(f"{path}: cannot read the substitutions: {error.strerror}") from None
    except ValueError as error:
        raise SendTestError(f"{path}: the substitutions are not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise SendTestError(f"{path}: the substitutions must be a JSON object of variable name -> value(s)")
    substitutions = {}
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
            raise SendTestError(f"{path}: substitution {name!r} must be a string, a number or a list of them")
        substitutions[name] = [str(v) for v in values]
    return substitutions


def build_request(
    *,
    project_id: str,
    template: TemplateSource,
    channel: str,
    recipients: Recipients,
    substitutions: Mapping[str, list[str]],
    sender: str | None = None,
    push_service: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """The operation (``send_messages`` or ``send_users_messages``) and its parameters."""
    api = _CHANNEL_APIS[channel]
    reference = {"Name": template.name, **({"Version": template.version} if template.version else {})}
    message = {api.sender_key: sender} if sender and api.sender_key else {}
    common = {
        "MessageConfiguration": {api.message_key: message},
        "TemplateConfiguration": {api.template_key: reference},
    }
    per_recipient: dict[str, Any] = {"Substitutions": dict(substitutions)} if substitutions else {}
    if recipients.kind == "user":
        users = {user: dict(per_recipient) for user in recipients.ids}
        return "send_users_messages", {
            "ApplicationId": project_id,
            "SendUsersMessageRequest": {**common, "Users": users},
        }
    if recipients.kind == "endpoint":
        targets = {"Endpoints": {endpoint: dict(per_recipient) for endpoint in recipients.ids}}
    else:
        channel_type = push_service if channel == "PUSH" else channel
        targets = {"Addresses": {a: {"ChannelType": channel_type, **per_recipient} for a in recipients.ids}}
    return "send_messages", {"ApplicationId": project_id, "MessageRequest": {**common, **targets}}


# --- sending ---------------------------------------------------------------------------------------


def make_client(profile: str | None, region: str | None) -> Any:
    """A Pinpoint client from boto3's standard credential and region chain, or a clear error."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError

    try:
        session = boto3.Session(profile_name=profile, region_name=region)
        credentials = session.get_credentials()
    except BotoCoreError as error:  # e.g. ProfileNotFound
        raise SendTestError(f"cannot load AWS credentials: {error}") from None
    if credentials is None:
        raise SendTestError(
            "no AWS credentials found: pass --profile, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
            "or run `aws configure` (or use --dry-run, which needs none)"
        )
    if session.region_name is None:
        raise SendTestError("no AWS region: pass --region, set AWS_REGION, or set a region in your AWS profile")
    config = Config(retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS})
    return session.client("pinpoint", config=config)


def project_id_by_name(client: Any, name: str) -> str:
    """The id of the one project named ``name`` (``GetApps``, every page)."""
    ids, token = [], None
    while True:
        response = client.get_apps(PageSize="100", **({"Token": token} if token else {}))["ApplicationsResponse"]
        ids += [app["Id"] for app in response.get("Item", []) if app.get("Name") == name]
        token = response.get("NextToken")
        if not token:
            break
    if len(ids) != 1:
        found = "no project" if not ids else f"{len(ids)} projects ({', '.join(ids)})"
        raise SendTestError(f"{found} named {name!r} in this account and region; pass --project PROJECT_ID")
    return str(ids[0])


@dataclass(frozen=True)
class Outcome:
    """One recipient's result."""

    recipient: str
    status: str
    status_code: int | None
    message_id: str
    detail: str

    @property
    def ok(self) -> bool:
        return self.status == SUCCESSFUL


def _outcome(recipient: str, result: Mapping[str, Any]) -> Outcome:
    return Outcome(
        recipient,
        result.get("DeliveryStatus", "UNKNOWN_FAILURE"),
        result.get("StatusCode"),
        result.get("MessageId", "-"),
        result.get("StatusMessage", ""),
    )


def outcomes(operation: str, parameters: Mapping[str, Any], response: Mapping[str, Any]) -> list[Outcome]:
    """One outcome per recipient asked for; one Pinpoint did not answer for is a failure."""
    found: list[Outcome] = []
    if operation == "send_users_messages":
        asked = parameters["SendUsersMessageRequest"]["Users"]
        results = response["SendUsersMessageResponse"].get("Result", {})
        for user in asked:
            endpoints = results.get(user) or {}
            found += [_outcome(f"{user}/{endpoint}", result) for endpoint, result in sorted(endpoints.items())]
            if not endpoints:
                found.append(Outcome(user, "NO_RESULT", None, "-", "Pinpoint returned no endpoint for this user"))
        return found
    request = parameters["MessageRequest"]
    message = response["MessageResponse"]
    results = {**message.get("Result", {}), **message.get("EndpointResult", {})}
    for recipient in [*request.get("Addresses", {}), *request.get("Endpoints", {})]:
        result = results.get(recipient)
        found.append(
            _outcome(recipient, result)
            if result is not None
            else Outcome(recipient, "NO_RESULT", None, "-", "Pinpoint returned no result for this recipient")
        )
    return found


def print_outcomes(found: Sequence[Outcome], out: TextIO) -> None:
    for each in found:
        code = "-" if each.status_code is None else str(each.status_code)
        print(f"{each.status:<17} {code:>3}  {each.message_id}  {each.recipient}  {each.detail}".rstrip(), file=out)
    failed = sum(not each.ok for each in found)
    print(f"{len(found) - failed} sent, {failed} failed", file=out)


def render_preview(
    template: TemplateSource, recipients: Recipients, channel: str, substitutions: Mapping[str, list[str]]
) -> dict[str, dict[str, str]]:
    """recipient -> part -> the part rendered locally for that recipient."""
    from .rendering import cached_template

    previews = {}
    for recipient in recipients.ids:
        context = _context(recipients.kind, recipient, channel)
        for name, values in substitutions.items():
            _set_path(context, name.split("."), values)
        previews[recipient] = {
            part: cached_template(text, template.defaults).render(context) for part, text in template.parts.items()
        }
    return previews


def _context(kind: str, recipient: str, channel: str) -> dict[str, Any]:
    if kind == "address":
        return {"Address": recipient, "ChannelType": channel}
    if kind == "endpoint":
        return {"Id": recipient}
    return {"User": {"UserId": recipient}}


def _set_path(context: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        child = context.get(key)
        if not isinstance(child, dict):
            child = context[key] = {}
        context = child
    context[path[-1]] = value


# --- the command ---------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", required=True, help="the project id, or its construct path in the assembly")
    parser.add_argument("--template", required=True, help="NAME[:VERSION], or CONSTRUCT_PATH[:VERSION] in the assembly")
    parser.add_argument("--channel", choices=CHANNELS, help="default: the template's kind, from the assembly")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", action="append", metavar="ADDRESS", help="an email address, phone number or token")
    who.add_argument("--endpoint", action="append", metavar="ID", help="an endpoint id of the project")
    who.add_argument("--user", action="append", metavar="ID", help="a user id (SendUsersMessages)")
    parser.add_argument("--substitutions", metavar="FILE", help="JSON object: message variable -> value(s)")
    parser.add_argument("--from", dest="sender", help="the sender: email FromAddress, SMS/voice origination number")
    parser.add_argument("--push-service", choices=PUSH_SERVICES, help="the push service of a --to device token")
    parser.add_argument("--assembly", default="cdk.out", help="the cloud assembly for construct paths")
    parser.add_argument("--profile", help="the AWS profile (default: boto3's chain)")
    parser.add_argument("--region", help="the AWS region (default: boto3's chain)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be sent; no AWS call")


def send_test_command(
    args: argparse.Namespace,
    *,
    client_factory: Callable[[str | None, str | None], Any] = make_client,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run ``send-test``; returns the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        return _send_test(args, client_factory, out)
    except SendTestError as error:
        print(f"error: {error}", file=err)
        return 2
    except Exception as error:
        from botocore.exceptions import BotoCoreError, ClientError

        if not isinstance(error, ClientError | BotoCoreError):
            raise
        code = getattr(error, "response", {}).get("Error", {}).get("Code")
        hint = f" (still throttled after {MAX_ATTEMPTS} attempts; try again later)" if code in _THROTTLED else ""
        print(f"error: {error}{hint}", file=err)
        return 1


_THROTTLED = ("TooManyRequestsException", "ThrottlingException")


def _send_test(args: argparse.Namespace, client_factory: Callable[..., Any], out: TextIO) -> int:
    reference, colon, version = args.template.partition(":")
    if not reference or (colon and not version):
        raise SendTestError(f"--template {args.template!r}: expected NAME[:VERSION] or CONSTRUCT_PATH[:VERSION]")
    # Construct paths contain "/"; project ids and template names never do.
    assembly = Assembly(args.assembly) if "/" in reference or "/" in args.project else None
    template = (
        assembly.template(reference, version or None)
        if assembly and "/" in reference
        else TemplateSource(name=reference, version=version or None)
    )
    channel = args.channel or template.channel
    if channel is None:
        raise SendTestError("--channel is required when the template is given by name")
    if template.channel is not None and channel != template.channel:
        raise SendTestError(f"--channel {channel} does not match the template, which is a {template.channel} template")
    if args.to and channel == "PUSH" and args.push_service is None:
        raise SendTestError("--push-service is required to send a push template to a device token (--to)")
    recipients = (
        Recipients("address", tuple(args.to))
        if args.to
        else Recipients("endpoint", tuple(args.endpoint))
        if args.endpoint
        else Recipients("user", tuple(args.user))
    )
    substitutions = load_substitutions(args.substitutions)
    project_name = assembly.project_name(args.project) if assembly and "/" in args.project else None

    def request(project_id: str) -> tuple[str, dict[str, Any]]:
        return build_request(
            project_id=project_id,
            template=template,
            channel=channel,
            recipients=recipients,
            substitutions=substitutions,
            sender=args.sender,
            push_service=args.push_service,
        )

    if args.dry_run:
        project = f"<id of project {project_name!r}>" if project_name else args.project
        operation, parameters = request(project)
        print(f"dry run: no AWS call. Would call {operation}:", file=out)
        print(json.dumps(parameters, indent=2), file=out)
        if not template.parts:
            print(f"(template {template.name!r} was given by name: pass its construct path to preview it)", file=out)
            return 0
        for recipient, parts in render_preview(template, recipients, channel, substitutions).items():
            print(f"--- {recipient}", file=out)
            for part, text in parts.items():
                print(f"[{part}]\n{text}", file=out)
        return 0
    client = client_factory(args.profile, args.region)
    project_id = project_id_by_name(client, project_name) if project_name else args.project
    operation, parameters = request(project_id)
    response = getattr(client, operation)(**parameters)
    found = outcomes(operation, parameters, response)
    print_outcomes(found, out)
    return 0 if all(each.ok for each in found) else 1
