"""Bad input to CustomChannel and its deliveries."""

from __future__ import annotations

from aws_cdk import Duration

from cdk_pinpoint import CustomChannel
from cdk_pinpoint.custom_channel import SesDelivery, SmsDelivery, WebhookDelivery

from .support import Case, expect_error, project, run, secret

P = "Test/X"
SES = SesDelivery("orders@example.com")
NUMBER = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/p1"

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
        lambda s: WebhookDelivery("http://example.com", secret(s)), None, "url", "http://example.com", id="webhook-http"
    ),
    Case(
        lambda s: WebhookDelivery("https://example.com", "plain-secret"),
        None,
        "signing_secret",
        "<str, 12 characters, not shown>",
        id="webhook-secret-string",
    ),
    Case(
        lambda s: WebhookDelivery("https://example.com", secret(s), timeout=Duration.minutes(20)),
        None,
        "timeout",
        1200,
        id="webhook-timeout-long",
    ),
    Case(
        lambda s: WebhookDelivery("https://example.com", secret(s), max_attempts=0),
        None,
        "max_attempts",
        0,
        id="webhook-attempts-zero",
    ),
    Case(lambda s: SesDelivery("not-an-address"), None, "from_address", "not-an-address", id="ses-from-address"),
    Case(
        lambda s: SesDelivery("a@example.com", configuration_set="has space"),
        None,
        "configuration_set",
        "has space",
        id="ses-config-set-space",
    ),
    Case(
        lambda s: SmsDelivery(NUMBER, message_type="URGENT"),
        None,
        "message_type",
        "URGENT",
        id="sms-type-unknown",
    ),
    Case(lambda s: SmsDelivery(None), None, "origination_identity", None, id="sms-origination-none"),
]


@run(CASES)
def test_bad_custom_channel_input_fails_with_path_field_and_value(case):
    expect_error(case)
