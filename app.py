#!/usr/bin/env python3
"""The cdk-pinpoint showcase: one realistic messaging project, built with every kind of construct.

Run it with ``./dev synth`` (or ``npx aws-cdk synth`` in an activated ``.venv``). Each synth prints
aws-cdk-lib's end-of-support warning (CloudFormation-Validate::W3696) for every Pinpoint
resource: AWS ended support for Pinpoint's engagement features on 2026-10-30. This app does not
hide it; see the README for what still deploys and how to acknowledge it in your own app.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns

from cdk_pinpoint import (
    ApnsAuth,
    ApnsChannel,
    CustomChannelAlarms,
    DeliverabilityAlarms,
    EmailChannel,
    EmailTemplate,
    EngagementDashboard,
    EventArchive,
    EventProcessor,
    EventStream,
    FcmAuth,
    FcmChannel,
    ImportedSegment,
    InAppTemplate,
    Journey,
    JourneyStart,
    Limits,
    Project,
    PushTemplate,
    QuietTime,
    SecretCredential,
    SmsChannel,
    SmsTemplate,
    VoiceChannel,
    VoiceTemplate,
)
from cdk_pinpoint.campaigns import (
    Campaign,
    CustomDelivery,
    CustomMessage,
    EmailMessage,
    Schedule,
    SmsMessage,
    Treatment,
)
from cdk_pinpoint.custom_channel import CustomChannel, Delivery
from cdk_pinpoint.journeys import Condition, ConditionalSplit, Email, Holdout, MessageEvent, Push, Sms, Wait
from cdk_pinpoint.review.synth import cli_context
from cdk_pinpoint.segments import AttributeFilter, MetricFilter, Segment, SegmentDimensions, SegmentGroup, SetFilter
from cdk_pinpoint.templates import ButtonAction, DefaultPush, InAppButton, InAppContent, InAppLayout

# Fixed future dates keep the synthesized template stable (Pinpoint rejects start times in the past).
LAUNCH = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)
LAUNCH_EVENING = datetime(2030, 3, 2, 18, 0, tzinfo=UTC)
SALE_START = datetime(2030, 3, 1, tzinfo=UTC)
SALE_END = datetime(2030, 3, 31, tzinfo=UTC)

ADULT_IN_THE_US = (
    '{{#and (gte User.UserAttributes.Age.[0] "18") (eq Location.Country "US")}}'
    "You are an 18-year-old in the US.{{else}}You aren't an 18-year-old in the US.{{/and}}"
)
DEFAULTS = {"User": {"UserAttributes": {"FirstName": "there", "Age": "0"}}, "Location": {"Country": "unknown"}}


class MessagingStack(cdk.Stack):
    """A shop's messaging: channels, templates, segments, campaigns, a journey and event handling."""

    def __init__(self, scope: cdk.App, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        self.project = Project(
            self,
            "Project",
            project_name="showcase-messaging",
            quiet_time=QuietTime(start="22:00", end="07:00"),
            limits=Limits(daily=5, total=50, messages_per_second=100),
            cloudwatch_metrics=True,
        )
        self._channels()
        self._templates()
        self._segments()
        self._campaigns()
        self._journey()
        self._events()
        self._watching()

    def _channels(self) -> None:
        # Email (discontinued with Pinpoint's engagement features) from an SES identity verified outside this app.
        EmailChannel(
            self,
            "Email",
            project=self.project,
            identity="arn:aws:ses:us-east-1:123456789012:identity/example.com",
            from_address="news@example.com",
        )
        # SMS, voice and push continue as AWS End User Messaging after Pinpoint's end of support.
        SmsChannel(self, "Sms", project=self.project, sender_id="Showcase")
        VoiceChannel(self, "Voice", project=self.project)
        # Uploaded once, outside this app: {"p8": "-----BEGIN PRIVATE KEY-----...", "fcm": "{...}"}
        push = secretsmanager.Secret.from_secret_name_v2(self, "PushCredentials", "showcase/push")
        apns_key = ApnsAuth.token_key(
            signing_key=SecretCredential(push, "p8"),
            key_id="ABCDE12345",
            team_id="TEAM123456",
            bundle_id="com.example.showcase",
        )
        ApnsChannel(self, "Apns", project=self.project, auth=apns_key)
        FcmChannel(self, "Fcm", project=self.project, auth=FcmAuth.service_json(SecretCredential(push, "fcm")))

    def _templates(self) -> None:
        # Every part is compiled at synth: a Handlebars error fails `cdk synth`, not a send.
        self.welcome_email = EmailTemplate(
            self,
            "WelcomeEmail",
            template_name="showcase-welcome",
            subject="Welcome, {{User.UserAttributes.FirstName}}",
            html_part=f"<p>Hello {{{{User.UserAttributes.FirstName}}}},</p><p>{ADULT_IN_THE_US}</p>",
            text_part=ADULT_IN_THE_US,
            default_substitutions=DEFAULTS,
        )
        self.reminder_sms = SmsTemplate(
            self,
            "ReminderSms",
            template_name="showcase-reminder",
            body="Hi {{User.UserAttributes.FirstName}}, did you see our welcome email?",
            default_substitutions=DEFAULTS,
        )
        self.thanks_push = PushTemplate(
            self,
            "ThanksPush",
            template_name="showcase-thanks",
            default=DefaultPush(title="Thanks for reading", body="Hi {{User.UserAttributes.FirstName}}!"),
            default_substitutions=DEFAULTS,
        )
        InAppTemplate(
            self,
            "SaleBanner",
            template_name="showcase-sale-banner",
            layout=InAppLayout.BOTTOM_BANNER,
            messages=[
                InAppContent(
                    header="Spring sale",
                    body="20% off everything until Sunday",
                    primary_button=InAppButton("Shop", action=ButtonAction.LINK, link="https://example.com/sale"),
                )
            ],
        )
        VoiceTemplate(
            self,
            "GreetingVoice",
            template_name="showcase-greeting",
            body="Hello {{User.UserAttributes.FirstName}}, this is your delivery reminder.",
            voice_id="Joanna",
            language_code="en-US",
            default_substitutions=DEFAULTS,
        )

    def _segments(self) -> None:
        testers = Segment(
            self,
            "Testers",
            project=self.project,
            segment_name="testers",
            dimensions=SegmentDimensions(attributes={"Role": AttributeFilter.is_any_of("tester")}),
        )
        # All EMAIL endpoints whose City attribute is Berlin, excluding the endpoints of the test segment.
        self.berlin = Segment(
            self,
            "BerlinEmail",
            project=self.project,
            segment_name="berlin-email",
            groups=[
                SegmentGroup(
                    dimensions=[
                        SegmentDimensions(
                            channel=SetFilter.is_any_of("EMAIL"),
                            attributes={"City": AttributeFilter.is_any_of("Berlin")},
                        )
                    ]
                ),
                SegmentGroup.excluding(testers),
            ],
        )
        # A static list exported from the shop's CRM, imported by a Pinpoint import job.
        crm_exports = s3.Bucket.from_bucket_name(self, "CrmExports", "showcase-crm-exports")
        ImportedSegment(
            self,
            "VipCustomers",
            project=self.project,
            segment_name="vip-customers",
            bucket=crm_exports,
            key="segments/vip-customers.csv",
        )
        self.sms_users = Segment(
            self,
            "SmsUsers",
            project=self.project,
            segment_name="sms-users",
            dimensions=SegmentDimensions(channel=SetFilter.is_any_of("SMS")),
        )

    def _campaigns(self) -> None:
        hello = EmailMessage("Hallo Berlin", html_body="<p>Hallo {{User.UserAttributes.FirstName}}</p>")
        # 10% of the segment get nothing: the control group that measures the campaign's effect.
        launch = Campaign(
            self,
            "BerlinLaunch",
            project=self.project,
            segment=self.berlin,
            campaign_name="berlin-launch",
            message=hello,
            schedule=Schedule.once(LAUNCH),
            holdout_percent=10,
        )
        # An A/B test of two send times: 45% in the morning, 45% in the evening, 10% control.
        send_time = Campaign(
            self,
            "BerlinSendTime",
            project=self.project,
            segment=self.berlin,
            campaign_name="berlin-send-time",
            message=hello,
            holdout_percent=10,
            treatments=[
                Treatment(45, schedule=Schedule.once(LAUNCH), name="morning"),
                Treatment(45, schedule=Schedule.once(LAUNCH_EVENING), name="evening"),
            ],
        )
        self.email_campaigns = [launch, send_time]
        # Sent whenever an endpoint records a purchase over 50 in the books category, during the sale.
        Campaign(
            self,
            "SaleThankYou",
            project=self.project,
            segment=self.sms_users,
            campaign_name="sale-thank-you",
            message=SmsMessage("Thanks for your order! Here is 10% off your next book.", sender_id="Showcase"),
            schedule=Schedule.on_event(
                "purchase",
                start=SALE_START,
                end=SALE_END,
                attributes={"category": AttributeFilter.is_any_of("books")},
                metrics={"amount": MetricFilter.greater_than(50)},
            ),
        )
        # A custom channel renders the SMS template itself and posts it to the shop's webhook.
        webhook_key = secretsmanager.Secret.from_secret_name_v2(self, "WebhookKey", "showcase/webhook-signing-key")
        self.webhook = channel = CustomChannel(
            self,
            "Webhook",
            project=self.project,
            delivery=Delivery.webhook("https://hooks.example.com/pinpoint", signing_secret=webhook_key),
            templates=[self.reminder_sms],
            default_template=self.reminder_sms,
        )
        Campaign(
            self,
            "WebhookReminder",
            project=self.project,
            segment=self.sms_users,
            campaign_name="webhook-reminder",
            message=CustomMessage(CustomChannel.message_data(self.reminder_sms)),
            custom_delivery=CustomDelivery.lambda_function(channel.function),
            schedule=Schedule.once(LAUNCH),
        )

    def _journey(self) -> None:
        # Start from the Berlin segment, hold out 10%, send the welcome email, wait two days,
        # then thank the readers by push and nudge the others by SMS.
        email = Email("Send welcome", template=self.welcome_email)
        opened = ConditionalSplit("Opened?").when(
            Condition.message_event(email, MessageEvent.EMAIL_OPENED),
            Push("Thank by push", template=self.thanks_push),
        )
        opened.otherwise(Sms("Nudge by SMS", template=self.reminder_sms))
        self.welcome_journey = Journey(
            self,
            "WelcomeJourney",
            project=self.project,
            start=JourneyStart.from_segment(self.berlin),
            definition=Holdout("Control group", percentage=10)
            .next(email)
            .next(Wait("Two days", duration=cdk.Duration.days(2)))
            .next(opened),
        )

    def _events(self) -> None:
        # Pinpoint streams to one Kinesis stream; opt-outs and the archive both read it.
        events = EventStream(self, "Events", project=self.project)
        # Besides opting endpoints out, it publishes the engagement metrics (CloudWatch EMF log lines).
        self.processor = EventProcessor(self, "OptOuts", event_stream=events, suppress_in_ses=True)
        EventArchive(self, "EventArchive", event_stream=events, expiration=cdk.Duration.days(400))

    def _watching(self) -> None:
        # One dashboard with every campaign, journey and custom channel of the project defined above.
        EngagementDashboard(self, "Engagement", processor=self.processor)
        # Pages go to an on-call topic managed outside this app.
        on_call = sns.Topic.from_topic_arn(
            self, "OnCall", cdk.Stack.of(self).format_arn(service="sns", resource="showcase-on-call")
        )
        # Bounce and complaint rates of what sends email: the email campaigns and the journey.
        DeliverabilityAlarms(
            self,
            "Deliverability",
            campaigns=self.email_campaigns,
            journeys=[self.welcome_journey],
            alarm_action=on_call,
        )
        CustomChannelAlarms(self, "WebhookAlarms", channel=self.webhook, alarm_action=on_call)


def build_app(app: cdk.App | None = None) -> cdk.App:
    """The showcase app. Run as ``python app.py`` (``./dev synth``) it gets the context ``cdk synth`` would
    give it (cdk.json's, and the CLI's switches), so both ways make the same template."""
    if app is None:
        run_by_cli = "CDK_CONTEXT_JSON" in os.environ
        app = cdk.App() if run_by_cli else cdk.App(context=cli_context(Path(__file__).parent))
    MessagingStack(
        app,
        "CdkPinpointShowcase",
        # Your own account and region when the CDK CLI provides them; a fixed placeholder otherwise,
        # so `./dev synth` works without AWS credentials.
        env=cdk.Environment(
            account=os.environ.get("CDK_DEFAULT_ACCOUNT", "123456789012"),
            region=os.environ.get("CDK_DEFAULT_REGION", "us-east-1"),
        ),
        description="cdk-pinpoint showcase: a messaging project with every construct (see README)",
    )
    return app


if __name__ == "__main__":
    build_app().synth()
