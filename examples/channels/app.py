#!/usr/bin/env python3
"""Channels: a project that sends SMS, email (through an SES domain identity) and push (APNs with a
token key, FCM with a service-account JSON). Every push credential is read from Secrets Manager
at deploy time; the template only holds ``{{resolve:secretsmanager:...}}`` references."""

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses

from cdk_pinpoint.channels import (
    ApnsAuth,
    ApnsChannel,
    ApnsEnvironment,
    EmailChannel,
    FcmAuth,
    FcmChannel,
    SecretCredential,
    SmsChannel,
)
from cdk_pinpoint.project import Project


class ChannelsStack(cdk.Stack):
    def __init__(self, scope: cdk.App, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        project = Project(self, "Project", project_name="orders")

        SmsChannel(self, "Sms", project=project, sender_id="Orders")

        domain = ses.EmailIdentity(self, "Domain", identity=ses.Identity.domain("example.com"))
        EmailChannel(self, "Email", project=project, identity=domain, from_address="orders@example.com")

        # Uploaded once, outside this app: {"p8": "-----BEGIN PRIVATE KEY-----...", "fcm": "{...}"}
        push = secretsmanager.Secret.from_secret_name_v2(self, "PushCredentials", "orders/push")
        apns_token = ApnsAuth.token_key(
            signing_key=SecretCredential(push, "p8"),
            key_id="ABCDE12345",
            team_id="TEAM123456",
            bundle_id="com.example.orders",
        )
        ApnsChannel(self, "Apns", project=project, auth=apns_token)
        ApnsChannel(self, "ApnsSandbox", project=project, auth=apns_token, environment=ApnsEnvironment.SANDBOX)
        FcmChannel(self, "Fcm", project=project, auth=FcmAuth.service_json(SecretCredential(push, "fcm")))


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or cdk.App()
    ChannelsStack(app, "CdkPinpointChannels", env=cdk.Environment(account="123456789012", region="us-east-1"))
    return app


if __name__ == "__main__":
    build_app().synth()
