"""Channels: rendered properties, Secrets Manager credentials, roles, one-per-project, invalid input."""

import json

import pytest
from aws_cdk import SecretValue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses

from cdk_pinpoint.channels import (
    AdmChannel,
    ApnsAuth,
    ApnsChannel,
    ApnsEnvironment,
    BaiduChannel,
    EmailChannel,
    FcmAuth,
    FcmChannel,
    SecretCredential,
    SmsChannel,
    VoiceChannel,
)
from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.project import Project
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of, used

SECRET_TEXT = "-----BEGIN PRIVATE KEY-----never-in-the-template"
IDENTITY_ARN = "arn:aws:ses:us-east-1:123456789012:identity/example.com"


def _project(stack):
    return Project(stack, "P")


def _secret(stack):
    """The imported secret ``push/credentials`` (one per stack)."""
    existing = stack.node.try_find_child("Credentials")
    return existing or secretsmanager.Secret.from_secret_name_v2(stack, "Credentials", "push/credentials")


def _dynamic_reference(field):
    """The rendered dynamic reference to ``field`` of the imported secret ``push/credentials``."""
    return {
        "Fn::Join": [
            "",
            [
                "{{resolve:secretsmanager:arn:",
                {"Ref": "AWS::Partition"},
                f":secretsmanager:us-east-1:123456789012:secret:push/credentials:SecretString:{field}::}}}}",
            ],
        ]
    }


def _token_auth(stack, **overrides):
    kwargs = {
        "signing_key": SecretCredential(_secret(stack), "p8"),
        "key_id": "ABCDE12345",
        "team_id": "TEAM123456",
        "bundle_id": "com.example.app",
        **overrides,
    }
    return ApnsAuth.token_key(**kwargs)


def _properties(stack, resource_type):
    [resource] = template_of(stack).find_resources(resource_type).values()
    return resource["Properties"]


# --- email ----------------------------------------------------------------------------------------


def test_email_channel_renders_identity_construct_from_address_and_configuration_set_construct():
    stack = make_stack()
    identity = ses.EmailIdentity(stack, "Identity", identity=ses.Identity.domain("example.com"))
    configuration_set = ses.ConfigurationSet(stack, "Config", configuration_set_name="marketing")
    project = _project(stack)
    EmailChannel(
        stack,
        "Email",
        project=project,
        identity=identity,
        from_address="news@example.com",
        configuration_set=configuration_set,
    )
    props = _properties(stack, "AWS::Pinpoint::EmailChannel")
    assert props["ApplicationId"] == stack.resolve(project.project_id)
    assert props["Identity"] == stack.resolve(identity.email_identity_arn)
    assert props["FromAddress"] == "news@example.com"
    assert props["ConfigurationSet"] == stack.resolve(configuration_set.configuration_set_name)
    assert props["Enabled"] is True
    assert "RoleArn" not in props and "OrchestrationSendingRoleArn" not in props


def test_email_channel_accepts_identity_arn_and_configuration_set_name():
    stack = make_stack()
    EmailChannel(
        stack,
        "Email",
        project=_project(stack),
        identity=IDENTITY_ARN,
        from_address="a@mail.example.com",
        configuration_set="cs",
    )
    props = _properties(stack, "AWS::Pinpoint::EmailChannel")
    assert props["Identity"] == IDENTITY_ARN
    assert props["FromAddress"] == "a@mail.example.com"  # a subdomain of the verified domain
    assert props["ConfigurationSet"] == "cs"


def test_email_channel_renders_both_roles_and_grants_the_orchestration_role_ses_send_on_identity_and_config_set():
    stack = make_stack()
    event_role = iam.Role(stack, "EventRole", assumed_by=iam.ServicePrincipal("pinpoint.amazonaws.com"))
    sending_role = iam.Role(stack, "SendingRole", assumed_by=iam.ServicePrincipal("pinpoint.amazonaws.com"))
    EmailChannel(
        stack,
        "Email",
        project=_project(stack),
        identity=IDENTITY_ARN,
        from_address="a@example.com",
        configuration_set="cs",
        role=event_role,
        orchestration_sending_role=sending_role,
    )
    props = _properties(stack, "AWS::Pinpoint::EmailChannel")
    assert props["RoleArn"] == stack.resolve(event_role.role_arn)
    assert props["OrchestrationSendingRoleArn"] == stack.resolve(sending_role.role_arn)
    [policy] = template_of(stack).find_resources("AWS::IAM::Policy").values()
    assert policy["Properties"]["Roles"] == [stack.resolve(sending_role.role_name)]
    [statement] = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Action"] == ["ses:SendEmail", "ses:SendRawEmail"]
    assert statement["Resource"] == [
        IDENTITY_ARN,
        {
            "Fn::Join": [
                "",
                ["arn:", {"Ref": "AWS::Partition"}, ":ses:us-east-1:123456789012:configuration-set/cs"],
            ]
        },
    ]


def test_email_channel_without_orchestration_role_creates_no_policy():
    stack = make_stack()
    EmailChannel(stack, "Email", project=_project(stack), identity=IDENTITY_ARN, from_address="a@example.com")
    template_of(stack).resource_count_is("AWS::IAM::Policy", 0)
    template_of(stack).resource_count_is("AWS::IAM::Role", 0)


def test_email_channel_from_address_must_match_an_address_identity():
    stack = make_stack()
    identity = ses.EmailIdentity.from_email_identity_name(stack, "Id", "sender@example.com")
    EmailChannel(stack, "Ok", project=_project(stack), identity=identity, from_address="Sender@example.com")
    with pytest.raises(
        ConfigurationError,
        match=r"Test/Bad: from_address='other@example.com' is invalid: must be the identity's address "
        r"'sender@example.com'",
    ):
        EmailChannel(stack, "Bad", project=Project(stack, "Q"), identity=identity, from_address="other@example.com")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"identity": "example.com"},
            r"Test/Email: identity='example.com' is invalid: must be an ses.IEmailIdentity or an SES identity ARN",
        ),
        ({"identity": 42}, r"Test/Email: identity=42 is invalid: must be an ses.IEmailIdentity or an SES identity"),
        ({"from_address": "not-an-address"}, r"Test/Email: from_address='not-an-address' is invalid: must be an email"),
        (
            {"from_address": "a@evil.com"},
            r"Test/Email: from_address='a@evil.com' is invalid: must be an address in the identity's domain "
            r"'example.com' or one of its subdomains",
        ),
        (
            {"from_address": "a@notexample.com"},
            r"from_address='a@notexample.com' is invalid: must be an address in the identity's domain",
        ),
        (
            {"configuration_set": "c" * 65},
            r"Test/Email: configuration_set='c{65}' is invalid: must match .*AWS::SES::ConfigurationSet schema, Name",
        ),
        ({"enabled": "yes"}, r"Test/Email: enabled='yes' is invalid: must be True or False"),
        ({"project": "abc123"}, r"Test/Email: project='abc123' is invalid: must be an IProject"),
    ],
)
def test_email_channel_invalid_input_names_path_field_value_and_allowed(kwargs, message):
    stack = make_stack()
    args = {"project": _project(stack), "identity": IDENTITY_ARN, "from_address": "a@example.com", **kwargs}
    with pytest.raises(ConfigurationError, match=message):
        EmailChannel(stack, "Email", **args)


# --- SMS and voice --------------------------------------------------------------------------------


def test_sms_channel_renders_sender_id_short_code_and_enabled():
    stack = make_stack()
    project = _project(stack)
    SmsChannel(stack, "Sms", project=project, sender_id="Acme2", short_code="12345", enabled=False)
    assert _properties(stack, "AWS::Pinpoint::SMSChannel") == {
        "ApplicationId": stack.resolve(project.project_id),
        "SenderId": "Acme2",
        "ShortCode": "12345",
        "Enabled": False,
    }


def test_sms_channel_defaults_to_enabled_without_sender_id_or_short_code():
    stack = make_stack()
    project = _project(stack)
    SmsChannel(stack, "Sms", project=project)
    assert _properties(stack, "AWS::Pinpoint::SMSChannel") == {
        "ApplicationId": stack.resolve(project.project_id),
        "Enabled": True,
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sender_id": "TwelveChars1"}, r"Test/Sms: sender_id='TwelveChars1' is invalid: must be 1-11 letters"),
        ({"sender_id": "12345"}, r"sender_id='12345' is invalid: must be 1-11 letters and digits, at least one"),
        ({"sender_id": "Acme Co"}, r"sender_id='Acme Co' is invalid"),
        ({"sender_id": ""}, r"sender_id='' is invalid"),
        ({"short_code": "12"}, r"Test/Sms: short_code='12' is invalid: must be 3-8 digits"),
        ({"short_code": "123456789"}, r"short_code='123456789' is invalid: must be 3-8 digits"),
        ({"short_code": "12a45"}, r"short_code='12a45' is invalid: must be 3-8 digits"),
    ],
)
def test_sms_channel_invalid_input(kwargs, message):
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=message):
        SmsChannel(stack, "Sms", project=_project(stack), **kwargs)


def test_voice_channel_renders_project_and_enabled():
    stack = make_stack()
    project = _project(stack)
    channel = VoiceChannel(stack, "Voice", project=project)
    assert _properties(stack, "AWS::Pinpoint::VoiceChannel") == {
        "ApplicationId": stack.resolve(project.project_id),
        "Enabled": True,
    }
    assert channel.node.default_child is channel.resource


# --- APNs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "resource_type"),
    [
        (None, "AWS::Pinpoint::APNSChannel"),
        (ApnsEnvironment.PRODUCTION, "AWS::Pinpoint::APNSChannel"),
        (ApnsEnvironment.SANDBOX, "AWS::Pinpoint::APNSSandboxChannel"),
        (ApnsEnvironment.VOIP, "AWS::Pinpoint::APNSVoipChannel"),
        (ApnsEnvironment.VOIP_SANDBOX, "AWS::Pinpoint::APNSVoipSandboxChannel"),
    ],
)
def test_apns_environment_selects_the_cloudformation_type_with_token_key_auth(environment, resource_type):
    stack = make_stack()
    project = _project(stack)
    ApnsChannel(stack, "Apns", project=project, environment=environment, auth=_token_auth(stack))
    assert _properties(stack, resource_type) == {
        "ApplicationId": stack.resolve(project.project_id),
        "DefaultAuthenticationMethod": "TOKEN",
        "Enabled": True,
        "TokenKey": _dynamic_reference("p8"),
        "TokenKeyId": "ABCDE12345",
        "TeamId": "TEAM123456",
        "BundleId": "com.example.app",
    }


def test_apns_certificate_auth_renders_certificate_and_private_key_references():
    stack = make_stack()
    secret = _secret(stack)
    auth = ApnsAuth.certificate(
        certificate=SecretCredential(secret, "certificate"), private_key=SecretCredential(secret, "key")
    )
    ApnsChannel(stack, "Apns", project=_project(stack), environment=ApnsEnvironment.SANDBOX, auth=auth)
    props = _properties(stack, "AWS::Pinpoint::APNSSandboxChannel")
    assert props["DefaultAuthenticationMethod"] == "CERTIFICATE"
    assert props["Certificate"] == _dynamic_reference("certificate")
    assert props["PrivateKey"] == _dynamic_reference("key")
    assert not {"TokenKey", "TokenKeyId", "TeamId", "BundleId"} & set(props)


def test_a_project_may_have_one_apns_channel_per_environment():
    stack = make_stack()
    project = _project(stack)
    for environment in ApnsEnvironment:
        ApnsChannel(stack, environment.name, project=project, environment=environment, auth=_token_auth(stack))
    for resource_type in ("APNSChannel", "APNSSandboxChannel", "APNSVoipChannel", "APNSVoipSandboxChannel"):
        template_of(stack).resource_count_is(f"AWS::Pinpoint::{resource_type}", 1)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"key_id": "abc"}, r"apns.key_id='abc' is invalid: must be 10 upper-case letters and digits"),
        ({"team_id": "TEAM12345"}, r"apns.team_id='TEAM12345' is invalid: must be 10 upper-case letters and digits"),
        ({"bundle_id": "myapp"}, r"apns.bundle_id='myapp' is invalid: must be a reverse-DNS bundle id"),
    ],
)
def test_apns_token_key_auth_invalid_input(overrides, message):
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=message):
        used(_token_auth(stack, **overrides))


def _assert_redacted(error, field, secret_text):
    """The message names the field and the kind of value, never the (possibly secret) text itself."""
    message = str(error.value)
    assert secret_text not in message
    assert secret_text not in repr(error.value.value)
    assert f"{field}=<str, {len(secret_text)} characters, not shown> is invalid: must be " in message


def test_a_plain_string_signing_key_is_rejected_without_printing_it():
    stack = make_stack()
    with pytest.raises(ConfigurationError) as error:
        used(_token_auth(stack, signing_key=SECRET_TEXT))
    _assert_redacted(error, "apns.signing_key", SECRET_TEXT)
    assert "must be a SecretCredential" in str(error.value)


def test_apns_token_key_auth_is_incomplete_without_team_and_bundle_id():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"^apns.team_id=None is invalid: is required$"):
        used(ApnsAuth.token_key(signing_key=SecretCredential(_secret(stack)), key_id="ABCDE12345"))  # type: ignore[call-arg]


def test_apns_certificate_auth_rejects_plain_string_certificate_and_key_without_printing_them():
    stack = make_stack()
    with pytest.raises(ConfigurationError) as error:
        used(ApnsAuth.certificate(certificate=SECRET_TEXT, private_key=SecretCredential(_secret(stack))))  # type: ignore[arg-type]
    _assert_redacted(error, "apns.certificate", SECRET_TEXT)
    with pytest.raises(ConfigurationError) as error:
        used(ApnsAuth.certificate(certificate=SecretCredential(_secret(stack)), private_key=SECRET_TEXT))  # type: ignore[arg-type]
    _assert_redacted(error, "apns.private_key", SECRET_TEXT)


def test_apns_channel_takes_exactly_one_auth_object():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/Apns: auth=.* is invalid: must be ApnsAuth.token_key"):
        ApnsChannel(stack, "Apns", project=_project(stack), auth={"token_key": "x"})  # type: ignore[arg-type]


def test_apns_channel_does_not_print_an_auth_value_that_may_be_a_key():
    stack = make_stack()
    with pytest.raises(ConfigurationError) as error:
        ApnsChannel(stack, "Apns", project=_project(stack), auth=SECRET_TEXT)  # type: ignore[arg-type]
    _assert_redacted(error, "auth", SECRET_TEXT)
    assert str(error.value).startswith("Test/Apns: auth=")


def test_apns_channel_rejects_an_unknown_environment():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/Apns: environment='staging' is invalid: must be one of"):
        ApnsChannel(stack, "Apns", project=_project(stack), auth=_token_auth(stack), environment="staging")  # type: ignore[arg-type]


# --- FCM, Baidu, ADM ------------------------------------------------------------------------------


def test_fcm_service_json_uses_token_authentication_and_a_whole_secret_reference():
    stack = make_stack()
    FcmChannel(stack, "Fcm", project=_project(stack), auth=FcmAuth.service_json(SecretCredential(_secret(stack))))
    props = _properties(stack, "AWS::Pinpoint::GCMChannel")
    assert props["DefaultAuthenticationMethod"] == "TOKEN"
    assert props["ServiceJson"] == _dynamic_reference("")
    assert "ApiKey" not in props


def test_fcm_legacy_api_key_uses_key_authentication():
    stack = make_stack()
    auth = FcmAuth.legacy_api_key(SecretCredential(_secret(stack), "server_key"))
    FcmChannel(stack, "Fcm", project=_project(stack), auth=auth)
    props = _properties(stack, "AWS::Pinpoint::GCMChannel")
    assert props["DefaultAuthenticationMethod"] == "KEY"
    assert props["ApiKey"] == _dynamic_reference("server_key")
    assert "ServiceJson" not in props


def test_fcm_rejects_plain_strings_and_foreign_auth_objects_without_printing_them():
    stack = make_stack()
    service_json = '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----x"}'
    with pytest.raises(ConfigurationError) as error:
        used(FcmAuth.service_json(service_json))  # type: ignore[arg-type]
    _assert_redacted(error, "fcm.service_json", service_json)
    with pytest.raises(ConfigurationError) as error:
        used(FcmAuth.legacy_api_key("AAAA-server-key"))  # type: ignore[arg-type]
    _assert_redacted(error, "fcm.api_key", "AAAA-server-key")
    with pytest.raises(ConfigurationError, match=r"Test/Fcm: auth=<str, 15 characters, not shown> is invalid: must be"):
        used(FcmChannel(stack, "Fcm", project=_project(stack), auth="AAAA-server-key"))  # type: ignore[arg-type]


def test_baidu_channel_renders_api_key_and_secret_key_reference():
    stack = make_stack()
    BaiduChannel(
        stack, "Baidu", project=_project(stack), api_key="baidu-api", secret_key=SecretCredential(_secret(stack), "sk")
    )
    props = _properties(stack, "AWS::Pinpoint::BaiduChannel")
    assert props["ApiKey"] == "baidu-api"
    assert props["SecretKey"] == _dynamic_reference("sk")
    assert props["Enabled"] is True


def test_adm_channel_renders_client_id_and_client_secret_reference():
    stack = make_stack()
    AdmChannel(
        stack,
        "Adm",
        project=_project(stack),
        client_id="amzn1.application-oa2-client.x",
        client_secret=SecretCredential(_secret(stack), "cs"),
    )
    props = _properties(stack, "AWS::Pinpoint::ADMChannel")
    assert props["ClientId"] == "amzn1.application-oa2-client.x"
    assert props["ClientSecret"] == _dynamic_reference("cs")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda s, p: BaiduChannel(s, "C", project=p, api_key="k", secret_key="plain"),
            r"Test/C: secret_key=<str, 5 characters, not shown> is invalid: must be a SecretCredential",
        ),
        (
            lambda s, p: BaiduChannel(s, "C", project=p, api_key=" ", secret_key=SecretCredential(_secret(s))),
            r"Test/C: api_key=' ' is invalid: must be a non-empty string",
        ),
        (
            lambda s, p: AdmChannel(s, "C", project=p, client_id="id", client_secret="plain"),
            r"Test/C: client_secret=<str, 5 characters, not shown> is invalid: must be a SecretCredential",
        ),
        (
            lambda s, p: AdmChannel(s, "C", project=p, client_id="", client_secret=SecretCredential(_secret(s))),
            r"Test/C: client_id='' is invalid: must be a non-empty string",
        ),
    ],
)
def test_baidu_and_adm_invalid_input(build, message):
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=message):
        build(stack, _project(stack))


# --- credentials ----------------------------------------------------------------------------------


def test_secret_credential_rejects_a_plain_string_without_printing_it():
    with pytest.raises(ConfigurationError) as error:
        used(SecretCredential(SECRET_TEXT))  # type: ignore[arg-type]
    _assert_redacted(error, "secret", SECRET_TEXT)
    assert "must be a secretsmanager.ISecret" in str(error.value)


def test_a_credential_of_another_type_is_named_by_its_type_only():
    with pytest.raises(ConfigurationError, match=r"secret=<dict, not shown> is invalid: must be a secretsmanager"):
        used(SecretCredential({"p8": SECRET_TEXT}))  # type: ignore[arg-type]


def test_secret_credential_rejects_an_empty_json_field():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"json_field='' is invalid: must be a non-empty field name"):
        used(SecretCredential(_secret(stack), ""))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda s: ApnsChannel(s, "Apns", project=_project(s), auth=_token_auth(s), environment="STAGING"),
            r"Test/Apns: environment='STAGING' is invalid: must be one of ApnsEnvironment.PRODUCTION, "
            r"ApnsEnvironment.SANDBOX, ApnsEnvironment.VOIP, ApnsEnvironment.VOIP_SANDBOX$",
        ),
        (
            lambda s: ApnsAuth("JWT", (("token_key", SecretCredential(_secret(s))),)),
            r"^apns.method='JWT' is invalid: must be one of 'CERTIFICATE', 'TOKEN'$",
        ),
        (
            lambda s: ApnsAuth("TOKEN", (("token_key", "plain"),)),
            r"^apns.token_key=<str, 5 characters, not shown> is invalid: must be a SecretCredential",
        ),
        (
            lambda s: FcmAuth("JWT", SecretCredential(_secret(s))),
            r"^fcm.method='JWT' is invalid: must be one of 'KEY', 'TOKEN'$",
        ),
        (
            lambda s: FcmAuth("TOKEN", "plain"),
            r"^fcm.credential=<str, 5 characters, not shown> is invalid: must be a SecretCredential",
        ),
        (lambda s: SecretCredential(_secret(s), 5), r"^json_field=5 is invalid: must be a non-empty field name"),
        (
            lambda s: EmailChannel(
                s, "E", project=_project(s), identity=IDENTITY_ARN, from_address="a@example.com", role="MyRole"
            ),
            r"^Test/E: role='MyRole' is invalid: must be an iam.IRole$",
        ),
        (
            lambda s: EmailChannel(
                s, "E", project=_project(s), identity=IDENTITY_ARN, from_address="a@example.com", configuration_set=5
            ),
            r"^Test/E: configuration_set=5 is invalid: must be an ses.IConfigurationSet or its name$",
        ),
    ],
)
def test_a_wrong_type_fails_with_field_value_and_the_allowed_values(build, message):
    """A string where an enum member or a typed value belongs fails with a ConfigurationError, not an
    AttributeError while rendering."""
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=message):
        used(build(stack))


def test_a_secret_created_in_the_stack_is_referenced_never_inlined():
    stack = make_stack()
    secret = secretsmanager.Secret(
        stack,
        "Adm",
        secret_object_value={"client_secret": SecretValue.unsafe_plain_text(SECRET_TEXT)},
    )
    AdmChannel(
        stack, "C", project=_project(stack), client_id="id", client_secret=SecretCredential(secret, "client_secret")
    )
    client_secret = _properties(stack, "AWS::Pinpoint::ADMChannel")["ClientSecret"]
    rendered = json.dumps(client_secret)
    assert rendered.startswith('{"Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": "Adm')
    assert rendered.endswith(':SecretString:client_secret::}}"]]}')
    assert SECRET_TEXT not in rendered


def test_no_channel_template_contains_the_secret_text_and_every_credential_is_a_dynamic_reference():
    stack = make_stack()
    project = _project(stack)
    credential = SecretCredential(_secret(stack), "value")
    ApnsChannel(
        stack, "Apns", project=project, auth=ApnsAuth.certificate(certificate=credential, private_key=credential)
    )
    FcmChannel(stack, "Fcm", project=project, auth=FcmAuth.service_json(credential))
    BaiduChannel(stack, "Baidu", project=project, api_key="k", secret_key=credential)
    AdmChannel(stack, "Adm", project=project, client_id="c", client_secret=credential)
    resources = template_of(stack).to_json()["Resources"].values()
    credential_properties = {"Certificate", "PrivateKey", "ServiceJson", "SecretKey", "ClientSecret"}
    rendered = [json.dumps(r["Properties"][p]) for r in resources for p in credential_properties & set(r["Properties"])]
    assert len(rendered) == 5
    assert all("{{resolve:secretsmanager:" in value for value in rendered)


# --- one channel of a type per project, and the gates ---------------------------------------------


def test_two_channels_of_one_type_on_one_project_fail_with_both_paths():
    stack = make_stack()
    project = _project(stack)
    SmsChannel(stack, "First", project=project)
    with pytest.raises(
        ConfigurationError,
        match=r"Test/Second: project='Test/P' is invalid: already has an AWS::Pinpoint::SMSChannel \(Test/First\); "
        r"Pinpoint allows one per project",
    ):
        SmsChannel(stack, "Second", project=project)


def test_two_imports_of_the_same_project_id_count_as_one_project():
    stack = make_stack()
    VoiceChannel(stack, "A", project=Project.from_project_id(stack, "I1", "abc123"))
    with pytest.raises(ConfigurationError, match=r"already has an AWS::Pinpoint::VoiceChannel \(Test/A\)"):
        VoiceChannel(stack, "B", project=Project.from_project_id(stack, "I2", "abc123"))


def test_a_valid_channel_neither_walks_the_app_nor_reads_its_path(monkeypatch):
    # Each is a jsii round trip; walking the tree also makes a proxy for every construct in the app.
    from constructs import Node

    stack = make_stack()
    project = _project(stack)
    for i in range(20):
        Project(stack, f"Other{i}")
    reads: list[str] = []
    monkeypatch.setattr(Node, "find_all", lambda *a, **k: reads.append("find_all") or [])
    path = Node.path
    monkeypatch.setattr(Node, "path", property(lambda node: reads.append("path") or path.fget(node)))
    SmsChannel(stack, "Sms", project=project, sender_id="Acme")
    secret = _secret(stack)
    EmailChannel(stack, "Email", project=project, identity=IDENTITY_ARN, from_address="a@example.com")
    BaiduChannel(stack, "Baidu", project=project, api_key="k", secret_key=SecretCredential(secret, "secret_key"))
    assert reads == []


def test_channels_of_one_type_on_different_projects_are_fine():
    stack = make_stack()
    SmsChannel(stack, "A", project=Project(stack, "P1"))
    SmsChannel(stack, "B", project=Project(stack, "P2"))
    template_of(stack).resource_count_is("AWS::Pinpoint::SMSChannel", 2)


def test_channels_work_on_an_imported_project():
    stack = make_stack()
    SmsChannel(stack, "Sms", project=Project.from_project_id(stack, "Imported", "abc123"))
    assert _properties(stack, "AWS::Pinpoint::SMSChannel")["ApplicationId"] == "abc123"


def test_all_channels_together_are_cfn_lint_and_nag_clean():
    stack = make_stack()
    project = _project(stack)
    credential = SecretCredential(_secret(stack), "value")
    sending_role = iam.Role(stack, "SendingRole", assumed_by=iam.ServicePrincipal("pinpoint.amazonaws.com"))
    EmailChannel(
        stack,
        "Email",
        project=project,
        identity=ses.EmailIdentity(stack, "Identity", identity=ses.Identity.domain("example.com")),
        from_address="news@example.com",
        orchestration_sending_role=sending_role,
    )
    SmsChannel(stack, "Sms", project=project, sender_id="Acme")
    VoiceChannel(stack, "Voice", project=project)
    for environment in ApnsEnvironment:
        ApnsChannel(stack, environment.name, project=project, environment=environment, auth=_token_auth(stack))
    FcmChannel(stack, "Fcm", project=project, auth=FcmAuth.service_json(credential))
    BaiduChannel(stack, "Baidu", project=project, api_key="k", secret_key=credential)
    AdmChannel(stack, "Adm", project=project, client_id="c", client_secret=credential)
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []
