"""`cdk-pinpoint send-test` against Pinpoint's real request/response model (botocore's Stubber on a
real client): what it sends, what it prints, its exit status; and --dry-run, which calls nothing."""

from __future__ import annotations

import io
import json
from typing import Any

import aws_cdk as cdk
import pytest

from cdk_pinpoint import EmailTemplate, Project, SmsTemplate, VoiceTemplate
from cdk_pinpoint.cli import main
from cdk_pinpoint.send_test import MAX_ATTEMPTS, make_client, send_test_command

PROJECT_ID = "0123456789abcdef0123456789abcdef"


def run(argv: list[str], client: Any = None) -> tuple[int, str, str]:
    """Parse ``argv`` as the CLI does and run send-test with ``client`` (None: any AWS call fails the test)."""
    import argparse

    from cdk_pinpoint.send_test import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(argv)

    def factory(profile, region):
        assert client is not None, "send-test made an AWS call"
        return client

    out, err = io.StringIO(), io.StringIO()
    code = send_test_command(args, client_factory=factory, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _result(status: str = "SUCCESSFUL", code: int = 200, message_id: str = "msg-1", detail: str = "") -> dict:
    return {"DeliveryStatus": status, "StatusCode": code, "MessageId": message_id, "StatusMessage": detail}


def test_send_to_an_address_sends_the_template_and_prints_its_status_and_message_id(client, stubber):
    stubber.add_response(
        "send_messages",
        {"MessageResponse": {"ApplicationId": PROJECT_ID, "Result": {"+15555550100": _result(message_id="m-42")}}},
        {
            "ApplicationId": PROJECT_ID,
            "MessageRequest": {
                "Addresses": {"+15555550100": {"ChannelType": "SMS"}},
                "MessageConfiguration": {"SMSMessage": {"OriginationNumber": "+15555550199"}},
                "TemplateConfiguration": {"SMSTemplate": {"Name": "reminder", "Version": "3"}},
            },
        },
    )
    code, out, _ = run(
        f"--project {PROJECT_ID} --template reminder:3 --channel SMS --to +15555550100 --from +15555550199".split(),
        client,
    )
    assert code == 0
    assert out.splitlines() == ["SUCCESSFUL        200  m-42  +15555550100", "1 sent, 0 failed"]


def test_one_failed_address_makes_the_exit_status_non_zero_and_is_printed_with_pinpoints_reason(client, stubber):
    stubber.add_response(
        "send_messages",
        {
            "MessageResponse": {
                "ApplicationId": PROJECT_ID,
                "Result": {
                    "a@example.com": _result(message_id="m-1"),
                    "b@example.com": _result("PERMANENT_FAILURE", 400, "-", "Address is on the suppression list"),
                },
            }
        },
        {
            "ApplicationId": PROJECT_ID,
            "MessageRequest": {
                "Addresses": {"a@example.com": {"ChannelType": "EMAIL"}, "b@example.com": {"ChannelType": "EMAIL"}},
                "MessageConfiguration": {"EmailMessage": {}},
                "TemplateConfiguration": {"EmailTemplate": {"Name": "welcome"}},
            },
        },
    )
    code, out, _ = run(
        f"--project {PROJECT_ID} --template welcome --channel EMAIL --to a@example.com --to b@example.com".split(),
        client,
    )
    assert code == 1
    assert "PERMANENT_FAILURE 400  -  b@example.com  Address is on the suppression list" in out
    assert out.splitlines()[-1] == "1 sent, 1 failed"


def test_a_recipient_pinpoint_does_not_answer_for_counts_as_failed(client, stubber):
    stubber.add_response(
        "send_messages",
        {"MessageResponse": {"ApplicationId": PROJECT_ID, "EndpointResult": {}}},
        {
            "ApplicationId": PROJECT_ID,
            "MessageRequest": {
                "Endpoints": {"ep-1": {}},
                "MessageConfiguration": {"VoiceMessage": {}},
                "TemplateConfiguration": {"VoiceTemplate": {"Name": "call"}},
            },
        },
    )
    code, out, _ = run(
        ["--project", PROJECT_ID, "--template", "call", "--channel", "VOICE", "--endpoint", "ep-1"], client
    )
    assert code == 1
    assert "NO_RESULT" in out and "ep-1" in out


def test_throttling_that_outlasts_the_retries_is_a_clear_error(client, stubber):
    stubber.add_client_error("send_messages", "TooManyRequestsException", "Rate exceeded", 429)
    code, out, err = run(["--project", PROJECT_ID, "--template", "t", "--channel", "SMS", "--to", "+1555"], client)
    assert code == 1
    assert "TooManyRequestsException" in err and f"still throttled after {MAX_ATTEMPTS} attempts" in err
    assert out == ""


def test_the_client_retries_throttling_in_standard_mode(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    client = make_client(None, "eu-west-1")
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": MAX_ATTEMPTS}


def test_users_messages_print_each_endpoint_of_each_user(client, stubber):
    substitutions = {"User.UserAttributes.FirstName": ["Ada"]}
    stubber.add_response(
        "send_users_messages",
        {
            "SendUsersMessageResponse": {
                "ApplicationId": PROJECT_ID,
                "Result": {"user-1": {"ep-a": _result(message_id="m-a"), "ep-b": _result("OPT_OUT", 400, "-", "")}},
            }
        },
        {
            "ApplicationId": PROJECT_ID,
            "SendUsersMessageRequest": {
                "Users": {"user-1": {"Substitutions": substitutions}},
                "MessageConfiguration": {"DefaultPushNotificationMessage": {}},
                "TemplateConfiguration": {"PushTemplate": {"Name": "sale"}},
            },
        },
    )
    code, out, _ = run(
        [
            "--project",
            PROJECT_ID,
            "--template",
            "sale",
            "--channel",
            "PUSH",
            "--user",
            "user-1",
            "--substitutions",
            _write_json(substitutions),
        ],
        client,
    )
    assert code == 1
    assert "SUCCESSFUL        200  m-a  user-1/ep-a" in out and "OPT_OUT" in out and "user-1/ep-b" in out


def _no_aws_configuration(monkeypatch, tmp_path) -> None:
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance-metadata lookup (no network)


def test_no_credentials_is_a_clear_error_with_exit_status_2(monkeypatch, tmp_path, capsys):
    _no_aws_configuration(monkeypatch, tmp_path)
    code = main(f"send-test --project {PROJECT_ID} --template t --channel SMS --to +1555 --region us-east-1".split())
    assert code == 2
    assert capsys.readouterr().err.startswith("error: no AWS credentials found: pass --profile, set AWS_PROFILE")


def test_an_unknown_profile_is_a_clear_error(monkeypatch, tmp_path, capsys):
    _no_aws_configuration(monkeypatch, tmp_path)
    code = main(
        ["send-test", "--project", PROJECT_ID, "--template", "t", "--channel", "SMS", "--to", "+1", "--profile", "nope"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot load AWS credentials: ") and "profile (nope) could not be found" in err


def test_push_to_a_token_needs_the_push_service():
    code, _, err = run(["--project", PROJECT_ID, "--template", "sale", "--channel", "PUSH", "--to", "token"])
    assert code == 2 and "--push-service is required" in err


def test_push_to_a_token_uses_the_push_service_as_channel_type():
    code, out, _ = run(
        f"--project {PROJECT_ID} --template sale --channel PUSH --to tok --push-service APNS --dry-run".split()
    )
    assert code == 0
    assert json.loads(out.split("\n", 1)[1].split("\n(template")[0])["MessageRequest"]["Addresses"] == {
        "tok": {"ChannelType": "APNS"}
    }


def test_a_template_by_name_needs_a_channel():
    code, _, err = run(["--project", PROJECT_ID, "--template", "welcome", "--to", "a@example.com"])
    assert code == 2 and "--channel is required" in err


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", '{"x": {"nested": 1}}'])
def test_bad_substitutions_are_a_clear_error(content, tmp_path):
    path = tmp_path / "subs.json"
    path.write_text(content)
    code, _, err = run(
        f"--project {PROJECT_ID} --template t --channel SMS --to +1 --substitutions {path} --dry-run".split()
    )
    assert code == 2 and err.startswith(f"error: {path}: ")


def test_dry_run_by_name_prints_the_request_and_calls_nothing():
    code, out, _ = run(
        f"--project {PROJECT_ID} --template welcome:2 --channel EMAIL --to a@example.com --from shop@example.com"
        " --dry-run".split()
    )
    assert code == 0
    assert out.startswith("dry run: no AWS call. Would call send_messages:")
    request = json.loads(out.split("\n", 1)[1].split("\n(template")[0])
    assert request["MessageRequest"]["TemplateConfiguration"] == {"EmailTemplate": {"Name": "welcome", "Version": "2"}}
    assert request["MessageRequest"]["MessageConfiguration"] == {"EmailMessage": {"FromAddress": "shop@example.com"}}
    assert "pass its construct path to preview it" in out and "---" not in out


# --- construct paths in a synthesized assembly ----------------------------------------------------


@pytest.fixture(scope="module")
def assembly(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("cdk.out")
    app = cdk.App(outdir=str(outdir), context={"aws:cdk:bundling-stacks": []})
    stack = cdk.Stack(app, "Shop", env=cdk.Environment(account="123456789012", region="us-east-1"))
    Project(stack, "Project", project_name="shop")
    EmailTemplate(
        stack,
        "Welcome",
        template_name="welcome",
        subject="Hi {{User.UserAttributes.FirstName}}",
        text_part="Your code: {{Attributes.Code}}",
        default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}},
    )
    SmsTemplate(
        stack, "Reminder", body="See you {{Attributes.Day}}", default_substitutions={"Attributes": {"Day": "soon"}}
    )
    VoiceTemplate(stack, "Call", template_name="call", body="Hello {{User.UserAttributes.FirstName}}")
    app.synth()
    return str(outdir)


def test_dry_run_by_construct_path_renders_every_part_for_each_recipient(assembly):
    subs = _write_json({"Attributes.Code": "X1", "User.UserAttributes.FirstName": "Ada"})
    code, out, _ = run(
        f"--assembly {assembly} --project Shop/Project --template Shop/Welcome --to a@example.com"
        f" --substitutions {subs} --dry-run".split()
    )
    assert code == 0
    assert '"EmailTemplate": {\n        "Name": "welcome"' in out
    assert "<id of project 'shop'>" in out
    assert "--- a@example.com\n[Subject]\nHi Ada\n[TextPart]\nYour code: X1" in out


def test_dry_run_uses_the_templates_default_substitutions(assembly):
    code, out, _ = run(
        f"--assembly {assembly} --project {PROJECT_ID} --template Shop/Welcome --endpoint ep-1 --dry-run".split()
    )
    assert code == 0 and "[Subject]\nHi there\n" in out


def test_a_generated_template_name_is_read_from_the_assembly_and_its_kind_gives_the_channel(assembly, client, stubber):
    stubber.add_response(
        "get_apps",
        {"ApplicationsResponse": {"Item": [{"Id": "other", "Name": "x", "Arn": "a"}], "NextToken": "page-2"}},
        {"PageSize": "100"},
    )
    stubber.add_response(
        "get_apps",
        {"ApplicationsResponse": {"Item": [{"Id": PROJECT_ID, "Name": "shop", "Arn": "a"}]}},
        {"PageSize": "100", "Token": "page-2"},
    )
    stubber.add_response(
        "send_messages",
        {"MessageResponse": {"ApplicationId": PROJECT_ID, "Result": {"+1555": _result()}}},
        {
            "ApplicationId": PROJECT_ID,
            "MessageRequest": {
                "Addresses": {"+1555": {"ChannelType": "SMS"}},
                "MessageConfiguration": {"SMSMessage": {}},
                "TemplateConfiguration": {"SMSTemplate": {"Name": _template_name(assembly, "Shop/Reminder")}},
            },
        },
    )
    code, _, err = run(
        ["--assembly", assembly, "--project", "Shop/Project", "--template", "Shop/Reminder", "--to", "+1555"], client
    )
    assert (code, err) == (0, "")


def test_a_voice_template_made_by_the_custom_resource_is_found_too(assembly):
    code, out, _ = run(
        [
            "--assembly",
            assembly,
            "--project",
            PROJECT_ID,
            "--template",
            "Shop/Call:1",
            "--endpoint",
            "ep-1",
            "--substitutions",
            _write_json({"User.UserAttributes.FirstName": "Bo"}),
            "--dry-run",
        ]
    )
    assert code == 0
    assert '"VoiceTemplate": {\n        "Name": "call",\n        "Version": "1"' in out
    assert "[Body]\nHello Bo" in out


def test_a_project_name_that_matches_no_project_is_a_clear_error(assembly, client, stubber):
    stubber.add_response("get_apps", {"ApplicationsResponse": {"Item": []}}, {"PageSize": "100"})
    code, _, err = run(
        ["--assembly", assembly, "--project", "Shop/Project", "--template", "t", "--channel", "SMS", "--to", "+1"],
        client,
    )
    assert code == 2 and "no project named 'shop'" in err


def test_a_channel_that_contradicts_the_template_is_refused(assembly):
    code, _, err = run(
        f"--assembly {assembly} --project {PROJECT_ID} --template Shop/Welcome --channel SMS --to +1 --dry-run".split()
    )
    assert code == 2 and "does not match the template, which is a EMAIL template" in err


@pytest.mark.parametrize(
    ("flag", "path", "what"),
    [
        ("--template", "Shop/Nothing", "no message template"),
        ("--project", "Shop/Welcome", "no Pinpoint project"),
    ],
)
def test_a_path_with_nothing_there_is_a_clear_error(assembly, flag, path, what):
    args = {"--project": PROJECT_ID, "--template": "Shop/Welcome", flag: path}
    code, _, err = run(
        ["--assembly", assembly, *[x for pair in args.items() for x in pair], "--to", "a@b.c", "--dry-run"]
    )
    assert code == 2 and what in err and repr(path) in err


def test_a_missing_assembly_says_to_synthesize(tmp_path):
    code, _, err = run(
        [
            "--assembly",
            str(tmp_path),
            "--project",
            "Shop/Project",
            "--template",
            "t",
            "--channel",
            "SMS",
            "--to",
            "+1",
            "--dry-run",
        ]
    )
    assert code == 2 and "no manifest.json; synthesize the app first" in err


def _template_name(assembly: str, path: str) -> str:
    from cdk_pinpoint.send_test import Assembly

    return Assembly(assembly).template(path, None).name


def _write_json(data: dict) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(data, file)
    return file.name
