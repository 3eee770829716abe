#!/usr/bin/env python3
"""Message templates: an email (HTML from a file, the issue's ``and`` example, default values),
an SMS template and a voice template, each compiled and checked when the app is synthesized."""

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import Annotations

from cdk_pinpoint.templates import (
    VARIABLE_WITHOUT_DEFAULT_WARNING_ID,
    EmailTemplate,
    SmsTemplate,
    TemplateBody,
    VoiceTemplate,
)

HERE = Path(__file__).resolve().parent
ADULT_IN_THE_US = (
    '{{#and (gte User.UserAttributes.Age.[0] "18") (eq Location.Country "US")}}'
    "You are an 18-year-old in the US.{{else}}You aren't an 18-year-old in the US.{{/and}}"
)
DEFAULTS = {"User": {"UserAttributes": {"FirstName": "there", "Age": "0"}}}


class TemplatesStack(cdk.Stack):
    def __init__(self, scope: cdk.App, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        welcome = EmailTemplate(
            self,
            "Welcome",
            template_name="welcome",
            subject="Welcome, {{User.UserAttributes.FirstName}}",
            html_part=TemplateBody.from_file(HERE / "welcome.html"),
            text_part=f"Hello {{{{User.UserAttributes.FirstName}}}},\n{ADULT_IN_THE_US}",
            default_substitutions=DEFAULTS,
            disable_tracking=True,
        )
        # Every endpoint has a country, so Location.Country needs no default value.
        Annotations.of(welcome).acknowledge_warning(
            VARIABLE_WITHOUT_DEFAULT_WARNING_ID, "endpoints always have a country"
        )

        SmsTemplate(
            self,
            "Reminder",
            template_name="appointment-reminder",
            body="Hi {{User.UserAttributes.FirstName}}, see you {{Attributes.AppointmentDate}}.",
            default_substitutions={**DEFAULTS, "Attributes": {"AppointmentDate": "soon"}},
        )
        VoiceTemplate(
            self,
            "Greeting",
            template_name="voice-greeting",
            body="<speak>Hello {{User.UserAttributes.FirstName}}, this is your reminder.</speak>",
            language_code="en-US",
            voice_id="Joanna",
            default_substitutions=DEFAULTS,
        )


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or cdk.App()
    TemplatesStack(app, "CdkPinpointTemplates", env=cdk.Environment(account="123456789012", region="us-east-1"))
    return app


if __name__ == "__main__":
    build_app().synth()
