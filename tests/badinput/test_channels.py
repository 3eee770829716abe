"""Bad input to the channels and their credentials."""

from __future__ import annotations

from cdk_pinpoint import (
    AdmChannel,
    ApnsAuth,
    ApnsChannel,
    BaiduChannel,
    EmailChannel,
    FcmAuth,
    FcmChannel,
    SecretCredential,
    SmsChannel,
    VoiceChannel,
)

from .support import Case, expect_error, project, run, secret

P = "Test/X"


def _apns(s, **kw):
    auth = ApnsAuth.token_key(
        signing_key=SecretCredential(secret(s), "p8"),
        key_id="ABCDE12345",
        team_id="TEAM123456",
        bundle_id="com.example.app",
    )
    return ApnsChannel(s, "X", project=project(s), **{"auth": auth, **kw})


CASES = [
    Case(
        lambda s: SmsChannel(s, "X", project=project(s), sender_id="Too-Long-Sender"),
        P,
        "sender_id",
        "Too-Long-Sender",
        id="sms-sender-id",
    ),
    Case(lambda s: SmsChannel(s, "X", project=project(s), sender_id=12345), P, "sender_id", 12345, id="sms-sender-int"),
    Case(lambda s: SmsChannel(s, "X", project=project(s), short_code="12"), P, "short_code", "12", id="sms-short-code"),
    Case(lambda s: SmsChannel(s, "X", project=project(s), enabled="yes"), P, "enabled", "yes", id="sms-enabled-yes"),
    Case(lambda s: SmsChannel(s, "X", project="p"), P, "project", "p", id="sms-project-string"),
    Case(lambda s: VoiceChannel(s, "X", project=project(s), enabled=1), P, "enabled", 1, id="voice-enabled-int"),
    Case(lambda s: VoiceChannel(s, "X", project=None), P, "project", None, id="voice-project-none"),
    Case(
        lambda s: EmailChannel(
            s,
            "X",
            project=project(s),
            identity="arn:aws:ses:us-east-1:123456789012:identity/example.com",
            from_address="not-an-address",
        ),
        P,
        "from_address",
        "not-an-address",
        id="email-from-address",
    ),
    Case(
        lambda s: EmailChannel(s, "X", project=project(s), identity=5, from_address="a@example.com"),
        P,
        "identity",
        5,
        id="email-identity-int",
    ),
    Case(
        lambda s: EmailChannel(
            s,
            "X",
            project=project(s),
            identity="arn:aws:ses:us-east-1:123456789012:identity/example.com",
            from_address="a@example.com",
            configuration_set="my set",
        ),
        P,
        "configuration_set",
        "my set",
        id="email-config-set-space",
    ),
    Case(
        lambda s: EmailChannel(
            s,
            "X",
            project=project(s),
            from_address="a@example.com",
            identity="arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        ),
        P,
        "identity",
        "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        id="email-identity-other-region",
    ),
    Case(lambda s: _apns(s, environment="staging"), P, "environment", "staging", id="apns-environment"),
    Case(lambda s: _apns(s, auth="token"), P, "auth", "<str, 5 characters, not shown>", id="apns-auth-string"),
    Case(lambda s: _apns(s, enabled="no"), P, "enabled", "no", id="apns-enabled-string"),
    Case(
        lambda s: FcmChannel(s, "X", project=project(s), auth="key"),
        P,
        "auth",
        "<str, 3 characters, not shown>",
        id="fcm-auth-string",
    ),
    Case(
        lambda s: BaiduChannel(s, "X", project=project(s), api_key="k", secret_key="plain"),
        P,
        "secret_key",
        "<str, 5 characters, not shown>",
        id="baidu-secret-string",
    ),
    Case(
        lambda s: AdmChannel(s, "X", project=project(s), client_id="c", client_secret="plain"),
        P,
        "client_secret",
        "<str, 5 characters, not shown>",
        id="adm-secret-string",
    ),
    Case(
        lambda s: AdmChannel(
            s, "X", project=project(s), client_id=None, client_secret=SecretCredential(secret(s), "v")
        ),
        P,
        "client_id",
        None,
        id="adm-client-id-none",
    ),
    # value objects
    Case(
        lambda s: _apns(
            s,
            auth=ApnsAuth.token_key(
                signing_key=SecretCredential("arn:aws:secretsmanager:us-east-1:1:secret:x"),
                key_id="ABCDE12345",
                team_id="TEAM123456",
                bundle_id="com.example.app",
            ),
        ),
        P,
        "auth.signing_key.secret",
        "<str, 43 characters, not shown>",
        id="secret-credential-arn-string",
    ),
    Case(
        lambda s: _apns(
            s,
            auth=ApnsAuth.token_key(
                signing_key=SecretCredential(secret(s), json_field=5),
                key_id="ABCDE12345",
                team_id="TEAM123456",
                bundle_id="com.example.app",
            ),
        ),
        P,
        "auth.signing_key.json_field",
        5,
        id="secret-json-field-int",
    ),
    Case(
        lambda s: FcmChannel(s, "X", project=project(s), auth=FcmAuth.service_json("plain")),
        P,
        "auth.service_json",
        "<str, 5 characters, not shown>",
        id="fcm-service-json-string",
    ),
    Case(
        lambda s: _apns(
            s,
            auth=ApnsAuth.token_key(
                signing_key=SecretCredential(secret(s)),
                key_id="short",
                team_id="TEAM123456",
                bundle_id="com.example.app",
            ),
        ),
        P,
        "auth.key_id",
        "short",
        id="apns-key-id",
    ),
    Case(
        lambda s: _apns(s, auth=ApnsAuth.token_key(signing_key=SecretCredential(secret(s)), key_id="ABCDE12345")),
        P,
        "auth.team_id",
        None,
        id="apns-team-id-missing",
    ),
]


@run(CASES)
def test_bad_channel_input_fails_with_path_field_and_value(case):
    expect_error(case)
