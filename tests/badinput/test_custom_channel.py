"""Bad input to CustomChannel and its deliveries."""

from __future__ import annotations

from aws_cdk import Duration

from cdk_pinpoint import (
    Campaign,
    CustomChannel,
    CustomDelivery,
    CustomMessage,
    Schedule,
    SmsTemplate,
    TemplateKind,
    Treatment,
)
from cdk_pinpoint.custom_channel import Delivery, SesDelivery, SmsDelivery, WebhookDelivery
from cdk_pinpoint.journeys import Custom, Journey, JourneyStart

from .support import Case, expect_error, project, run, secret, segment

P = "Test/X"
SES = SesDelivery("orders@example.com")
NUMBER = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/p1"


def _channel(s, delivery=None, **kw):
    """A custom channel without a default template: the message data must name one."""
    delivery = delivery or Delivery.webhook("https://example.com/hook", signing_secret=secret(s))
    return CustomChannel(s, "Channel", project=project(s), delivery=delivery, **kw)


def _campaign(s, data, channel=None, **kw):
    """A campaign sending ``data`` through a custom channel's function."""
    channel = channel or _channel(s)
    return Campaign(
        s,
        "X",
        project=project(s),
        segment=segment(s),
        campaign_name="c",
        message=CustomMessage(data),
        schedule=Schedule.immediately(),
        custom_delivery=CustomDelivery.lambda_function(channel.function),
        **kw,
    )


def _journey(s, data, channel=None):
    """A journey whose custom activity sends ``data`` through a custom channel's function."""
    channel = channel or _channel(s)
    definition = Custom("Welcome", function=channel.function, data=data)
    start = JourneyStart.from_segment(segment(s))
    return Journey(s, "X", project=project(s), journey_name="j", start=start, definition=definition)


def _sms_template(s):
    return SmsTemplate(s, "Code", template_name="code", body="{{Attributes.Code}}")


WELCOME = '{"template":"welcome"}'

CASES = [
    Case(
        lambda s: CustomChannel(s, "X", project=project(s), delivery="webhook"),
        P,
        "delivery",
        "webhook",
        id="delivery-string",
    ),
    Case(
        lambda s: CustomChannel(s, "X", project=project(s), delivery=SES, max_concurrency=0),
        P,
        "max_concurrency",
        0,
        id="concurrency-zero",
    ),
    Case(
        lambda s: CustomChannel(s, "X", project=project(s), delivery=SES, memory_size=64),
        P,
        "memory_size",
        64,
        id="memory-too-small",
    ),
    Case(
        lambda s: CustomChannel(s, "X", project=project(s), delivery=SES, memory_size=512.5),
        P,
        "memory_size",
        512.5,
        id="memory-fractional",
    ),
    Case(
        lambda s: CustomChannel(s, "X", project=project(s), delivery=SES, templates="welcome"),
        P,
        "templates",
        "welcome",
        id="templates-string",
    ),
    Case(
        lambda s: CustomChannel(s, "X", project=project(s), delivery=SES, log_retention=7),
        P,
        "log_retention",
        7,
        id="log-retention-int",
    ),
    Case(lambda s: CustomChannel(s, "X", project="p", delivery=SES), P, "project", "p", id="project-string"),
    # deliveries
    Case(
        lambda s: _channel(s, WebhookDelivery("http://example.com", secret(s))),
        "Test/Channel",
        "delivery.url",
        "http://example.com",
        id="webhook-http",
    ),
    Case(
        lambda s: _channel(s, WebhookDelivery("https://example.com", "plain-secret")),
        "Test/Channel",
        "delivery.signing_secret",
        "<str, 12 characters, not shown>",
        id="webhook-secret-string",
    ),
    Case(
        lambda s: _channel(s, WebhookDelivery("https://example.com", secret(s), timeout=Duration.minutes(20))),
        "Test/Channel",
        "delivery.timeout (seconds)",
        1200,
        id="webhook-timeout-long",
    ),
    Case(
        lambda s: _channel(s, WebhookDelivery("https://example.com", secret(s), timeout=Duration.millis(2500))),
        "Test/Channel",
        "delivery.timeout",
        "2 seconds 500 millis",
        id="webhook-timeout-fraction-of-a-second",
    ),
    Case(
        lambda s: _channel(s, WebhookDelivery("https://example.com", secret(s), max_attempts=0)),
        "Test/Channel",
        "delivery.max_attempts",
        0,
        id="webhook-attempts-zero",
    ),
    Case(
        lambda s: _channel(s, SesDelivery("not-an-address")),
        "Test/Channel",
        "delivery.from_address",
        "not-an-address",
        id="ses-from-address",
    ),
    Case(
        lambda s: _channel(s, SesDelivery("a@example.com", configuration_set="has space")),
        "Test/Channel",
        "delivery.configuration_set",
        "has space",
        id="ses-config-set-space",
    ),
    Case(
        lambda s: _channel(s, SmsDelivery(NUMBER, message_type="URGENT")),
        "Test/Channel",
        "delivery.message_type",
        "URGENT",
        id="sms-type-unknown",
    ),
    Case(
        lambda s: _channel(s, SmsDelivery(None)),
        "Test/Channel",
        "delivery.origination_identity",
        None,
        id="sms-origination-none",
    ),
    # message data the channel's function could not pick a template from (every message would fail)
    Case(lambda s: _campaign(s, WELCOME), P, "message.data", WELCOME, id="campaign-webhook-data-without-kind"),
    Case(lambda s: _campaign(s, "welcome"), P, "message.data", "welcome", id="campaign-data-not-json"),
    Case(lambda s: _campaign(s, "{}"), P, "message.data", "{}", id="campaign-data-without-template"),
    Case(
        lambda s: _campaign(s, '{"template":"w","type":"LETTER"}'),
        P,
        "message.data",
        '{"template":"w","type":"LETTER"}',
        id="campaign-data-unknown-kind",
    ),
    Case(
        lambda s: _campaign(s, '{"template":"w","type":"EMAIL","version":true}'),
        P,
        "message.data",
        '{"template":"w","type":"EMAIL","version":true}',
        id="campaign-data-version-bool",
    ),
    Case(
        lambda s: _campaign(
            s, CustomChannel.message_data(_sms_template(s)), _channel(s, Delivery.ses(from_address="a@example.com"))
        ),
        P,
        "message.data",
        '{"template":"code","type":"SMS"}',
        id="campaign-ses-data-names-sms-template",
    ),
    Case(
        lambda s: _campaign(
            s,
            CustomChannel.message_data("welcome", kind=TemplateKind.EMAIL),
            treatments=[Treatment(50), Treatment(50, message=CustomMessage(WELCOME))],
        ),
        P,
        "treatments[1].message.data",
        WELCOME,
        id="campaign-treatment-data-without-kind",
    ),
    Case(lambda s: _journey(s, None), P, "activities.Welcome.data", None, id="journey-custom-without-data"),
    Case(lambda s: _journey(s, WELCOME), P, "activities.Welcome.data", WELCOME, id="journey-webhook-data-without-kind"),
]


@run(CASES)
def test_bad_custom_channel_input_fails_with_path_field_and_value(case):
    expect_error(case)
