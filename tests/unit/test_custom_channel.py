"""CustomChannel: the function, Pinpoint's permission, least-privilege IAM per delivery, validation,
cdk-nag and cfn-lint."""

import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_secretsmanager as secretsmanager

from cdk_pinpoint import custom_channel
from cdk_pinpoint._lambda import LAMBDA_RUNTIME
from cdk_pinpoint.custom_channel import CustomChannel, Delivery, SmsMessageType, templates_wildcard_finding
from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.project import Project
from cdk_pinpoint.templates import EmailTemplate, SmsTemplate, TemplateKind
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of, used

SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hook-key-AbCdEf"
ORIGINATION = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-1234"
PARTITION = {"Ref": "AWS::Partition"}


def _webhook(stack, **options):
    secret = secretsmanager.Secret.from_secret_complete_arn(stack, "Key", SECRET_ARN)
    return Delivery.webhook("https://hooks.example.com/pinpoint", signing_secret=secret, **options)


def _channel(delivery=None, **options):
    stack = make_stack()
    project = Project(stack, "P")
    channel = CustomChannel(stack, "Channel", project=project, delivery=delivery or _webhook(stack), **options)
    return stack, project, channel


def _statements(stack):
    policies = template_of(stack).find_resources("AWS::IAM::Policy")
    return [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"]]


def _arn(suffix):
    return {"Fn::Join": ["", ["arn:", PARTITION, suffix]]}


def _logs(stack):
    (log_group,) = template_of(stack).find_resources("AWS::Logs::LogGroup")
    return {
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Effect": "Allow",
        "Resource": {"Fn::GetAtt": [log_group, "Arn"]},
    }


def _put_events(stack, project):
    return {
        "Action": "mobiletargeting:PutEvents",
        "Effect": "Allow",
        "Resource": {"Fn::Join": ["", [stack.resolve(project.project_arn), "/events"]]},
    }


def test_function_is_the_newest_python_on_arm64_with_the_delivery_configuration():
    stack, project, _ = _channel()
    template_of(stack).has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Runtime": LAMBDA_RUNTIME.name,
            "Architectures": ["arm64"],
            "Handler": "custom_channel.handler.handler",
            "Timeout": 120,
            "MemorySize": 256,
            "Environment": {
                "Variables": {
                    "PROJECT_ID": stack.resolve(project.project_id),
                    "MAX_CONCURRENCY": "50",
                    "DELIVERY": json.dumps(
                        {
                            "type": "webhook",
                            "url": "https://hooks.example.com/pinpoint",
                            "secret_arn": SECRET_ARN,
                            "timeout_seconds": 5,
                            "max_attempts": 3,
                        },
                        separators=(",", ":"),
                    ),
                }
            },
        },
    )


@pytest.mark.parametrize(
    ("delivery", "max_concurrency", "seconds"),
    [
        # 68 s template + signing key, rounds x one delivery's worst case, 36 s kept for PutEvents
        ({"kind": "webhook"}, 50, 120),  # 1 x (3 x 5 s + 0.2 + 0.4 s backoff)
        ({"kind": "webhook"}, 5, 260),  # 10 x 15.6 s
        ({"kind": "webhook", "timeout": 30, "max_attempts": 5}, 50, 257),  # 150 s + 3.0 s backoff
        ({"kind": "ses"}, 50, 138),  # 1 x one SES call (3 botocore attempts of 2 + 5 s, backoff 1+5, 2+5 s)
        ({"kind": "sms"}, 10, 274),  # 5 x 34 s
    ],
)
def test_function_timeout_is_the_worst_case_of_a_batch_of_fifty(delivery, max_concurrency, seconds):
    stack = make_stack()
    options = dict(delivery)
    kind = options.pop("kind")
    if kind == "webhook":
        if "timeout" in options:
            options["timeout"] = cdk.Duration.seconds(options["timeout"])
        chosen = _webhook(stack, **options)
    elif kind == "ses":
        chosen = Delivery.ses(from_address="news@example.com")
    else:
        chosen = Delivery.sms(origination_identity=ORIGINATION)
    assert custom_channel.function_timeout_seconds(chosen, max_concurrency=max_concurrency) == seconds


def test_function_gets_the_computed_timeout():
    stack = make_stack()
    CustomChannel(
        stack,
        "Channel",
        project=Project(stack, "P"),
        delivery=_webhook(stack, timeout=cdk.Duration.seconds(30), max_attempts=5),
        max_concurrency=25,
    )
    # 2 rounds x 153 s + 68 s + 36 s
    template_of(stack).has_resource_properties("AWS::Lambda::Function", {"Timeout": 410})


def test_webhook_configuration_that_cannot_finish_in_900_seconds_is_rejected():
    stack = make_stack()
    slow = _webhook(stack, timeout=cdk.Duration.seconds(30), max_attempts=10)
    with pytest.raises(ConfigurationError) as raised:
        CustomChannel(stack, "Channel", project=Project(stack, "P"), delivery=slow, max_concurrency=1)
    assert str(raised.value) == (
        "Test/Channel: max_concurrency, timeout, max_attempts={'max_concurrency': 1, 'timeout': 30, "
        "'max_attempts': 10} is invalid: a batch of 50 endpoints could take 20214 s (50 rounds of up to "
        "402.2 s per webhook delivery, plus loading the template and recording the outcomes), more than "
        "Lambda's 900 s: use max_concurrency >= 50 or a shorter timeout or fewer max_attempts"
    )


def test_ses_with_too_little_concurrency_for_900_seconds_is_rejected_with_the_smallest_that_fits():
    stack = make_stack()
    with pytest.raises(
        ConfigurationError,
        match=r"^Test/Channel: max_concurrency=\{'max_concurrency': 2\} is invalid: a batch of 50 endpoints could "
        r"take 954 s \(25 rounds of up to 34 s per ses delivery, .*\), more than Lambda's 900 s: "
        r"use max_concurrency >= 3$",
    ):
        CustomChannel(
            stack,
            "Channel",
            project=Project(stack, "P"),
            delivery=Delivery.ses(from_address="news@example.com"),
            max_concurrency=2,
        )


def test_pinpoint_may_invoke_the_function_for_this_project_only():
    stack, project, channel = _channel()
    template_of(stack).has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": stack.resolve(channel.function.function_arn),
            "Principal": "pinpoint.us-east-1.amazonaws.com",
            "SourceArn": {"Fn::Join": ["", [stack.resolve(project.project_arn), "/*"]]},
            "SourceAccount": "123456789012",
        },
    )
    template_of(stack).resource_count_is("AWS::Lambda::Permission", 1)


def test_delivery_uri_is_the_function_arn():
    stack, _, channel = _channel()
    assert stack.resolve(channel.delivery_uri) == stack.resolve(channel.function.function_arn)


def test_webhook_iam_is_exactly_logs_put_events_the_secret_and_templates_of_every_kind():
    stack, project, _ = _channel()
    assert _statements(stack) == [
        _logs(stack),
        _put_events(stack, project),
        {"Action": "secretsmanager:GetSecretValue", "Effect": "Allow", "Resource": SECRET_ARN},
        {
            "Action": [
                "mobiletargeting:GetEmailTemplate",
                "mobiletargeting:GetPushTemplate",
                "mobiletargeting:GetSmsTemplate",
            ],
            "Effect": "Allow",
            "Resource": _arn(":mobiletargeting:us-east-1:123456789012:templates/*"),
        },
    ]


def test_secret_imported_by_name_is_granted_with_the_random_suffix_pattern():
    stack = make_stack()
    secret = secretsmanager.Secret.from_secret_name_v2(stack, "Key", "hook-key")
    CustomChannel(
        stack,
        "Channel",
        project=Project(stack, "P"),
        delivery=Delivery.webhook("https://h.example.com", signing_secret=secret),
    )
    (statement,) = [s for s in _statements(stack) if s["Action"] == "secretsmanager:GetSecretValue"]
    assert statement["Resource"] == _arn(":secretsmanager:us-east-1:123456789012:secret:hook-key-??????")


def test_ses_iam_is_exactly_the_named_template_the_identity_and_the_configuration_set():
    stack = make_stack()
    project = Project(stack, "P")
    welcome = EmailTemplate(stack, "Welcome", template_name="welcome", subject="Hi", text_part="Hello")
    CustomChannel(
        stack,
        "Channel",
        project=project,
        delivery=Delivery.ses(from_address="News <news@example.com>", configuration_set="tracking"),
        templates=[welcome],
    )
    assert _statements(stack) == [
        _logs(stack),
        _put_events(stack, project),
        {
            "Action": "ses:SendEmail",
            "Effect": "Allow",
            "Resource": [
                _arn(":ses:us-east-1:123456789012:identity/example.com"),
                _arn(":ses:us-east-1:123456789012:configuration-set/tracking"),
            ],
        },
        {
            "Action": "mobiletargeting:GetEmailTemplate",
            "Effect": "Allow",
            "Resource": stack.resolve(welcome.template_arn),
        },
    ]


def test_sms_iam_is_exactly_the_origination_identity_configuration_set_and_sms_templates():
    stack, project, _ = _channel(
        delivery=Delivery.sms(origination_identity=ORIGINATION, configuration_set="sms-events"),
    )
    assert _statements(stack) == [
        _logs(stack),
        _put_events(stack, project),
        {
            "Action": "sms-voice:SendTextMessage",
            "Effect": "Allow",
            "Resource": [ORIGINATION, _arn(":sms-voice:us-east-1:123456789012:configuration-set/sms-events")],
        },
        {
            "Action": "mobiletargeting:GetSmsTemplate",
            "Effect": "Allow",
            "Resource": _arn(":mobiletargeting:us-east-1:123456789012:templates/*"),
        },
    ]


def test_default_template_is_configured_and_readable():
    stack = make_stack()
    code = SmsTemplate(stack, "Code", template_name="code", body="Your code")
    CustomChannel(
        stack,
        "Channel",
        project=Project(stack, "P"),
        delivery=Delivery.sms(origination_identity=ORIGINATION, message_type=SmsMessageType.TRANSACTIONAL),
        templates=[],
        default_template=code,
    )
    variables = template_of(stack).find_resources("AWS::Lambda::Function")
    (env,) = [f["Properties"]["Environment"]["Variables"] for f in variables.values()]
    assert json.loads(env["DEFAULT_TEMPLATE"]) == {"name": "code", "type": "SMS"}
    assert json.loads(env["DELIVERY"])["message_type"] == "TRANSACTIONAL"
    (read,) = [s for s in _statements(stack) if s["Action"] == "mobiletargeting:GetSmsTemplate"]
    assert read["Resource"] == stack.resolve(code.template_arn)


def test_message_data_names_the_template_kind_and_version():
    stack = make_stack()
    welcome = EmailTemplate(stack, "Welcome", template_name="welcome", subject="Hi", text_part="Hello")
    assert json.loads(CustomChannel.message_data(welcome)) == {"template": "welcome", "type": "EMAIL"}
    assert json.loads(CustomChannel.message_data("promo", kind=TemplateKind.PUSH, version="4")) == {
        "template": "promo",
        "type": "PUSH",
        "version": "4",
    }


def _send_through(stack, channel, data):
    """A campaign and a journey that send ``data`` through ``channel``'s function."""
    from cdk_pinpoint import Campaign, CustomDelivery, CustomMessage, Schedule, Segment, SegmentDimensions, SetFilter
    from cdk_pinpoint.journeys import Custom, Journey, JourneyStart

    project = channel.project
    segment = Segment(
        stack, "Seg", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    Campaign(
        stack,
        "Campaign",
        project=project,
        segment=segment,
        campaign_name="c",
        message=CustomMessage(data),
        schedule=Schedule.immediately(),
        custom_delivery=CustomDelivery.lambda_function(channel.function),
    )
    definition = Custom("Send", function=channel.function, data=data)
    Journey(
        stack,
        "Journey",
        project=project,
        journey_name="j",
        start=JourneyStart.from_segment(segment),
        definition=definition,
    )


def test_message_data_the_function_can_use_binds():
    stack, _, channel = _channel()
    welcome = EmailTemplate(stack, "Welcome", template_name="welcome", subject="Hi", text_part="Hello")
    _send_through(stack, channel, CustomChannel.message_data(welcome, version="2"))
    # SES sends EMAIL only: the kind may be left out of the data
    ses_stack, _, ses_channel = _channel(Delivery.ses(from_address="a@example.com"))
    _send_through(ses_stack, ses_channel, '{"template": "welcome"}')


def test_any_message_data_binds_when_the_channel_has_a_default_template():
    stack = make_stack()
    code = SmsTemplate(stack, "Code", template_name="code", body="Your code")
    channel = CustomChannel(stack, "Channel", project=Project(stack, "P"),
                            delivery=Delivery.sms(origination_identity=ORIGINATION), default_template=code)  # fmt: skip
    _send_through(stack, channel, "not json: the default template is sent")


def test_message_data_naming_the_template_at_deploy_time_is_checked_for_the_rest():
    stack, _, channel = _channel()
    name = cdk.CfnParameter(stack, "Name").value_as_string
    _send_through(stack, channel, CustomChannel.message_data(name, kind=TemplateKind.EMAIL))
    with pytest.raises(ConfigurationError, match=r"Test/Campaign: message.data=.* must name the template's kind"):
        _send_through(make_stack(), _channel()[2], CustomChannel.message_data(name))


def test_message_data_says_why_and_how_to_write_it():
    stack, _, channel = _channel()
    with pytest.raises(ConfigurationError) as raised:
        _send_through(stack, channel, '{"template": "welcome"}')
    assert str(raised.value) == (
        """Test/Campaign: message.data='{"template": "welcome"}' is invalid: must name the template's kind ("type"), """
        "because the custom channel Test/Channel delivers by webhook, which sends EMAIL, SMS, PUSH templates: "
        "write it with CustomChannel.message_data(template), or message_data(name, kind=TemplateKind.EMAIL)"
    )


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://hooks.example.com/x", "https://", "hooks.example.com"])
def test_webhook_url_must_be_https(url):
    stack = make_stack()
    secret = secretsmanager.Secret.from_secret_complete_arn(stack, "Key", SECRET_ARN)
    with pytest.raises(ConfigurationError, match=r"^delivery.url=.* is invalid: must be an https:// URL with a host$"):
        used(Delivery.webhook(url, signing_secret=secret))


def test_webhook_max_attempts_and_timeout_are_bounded():
    with pytest.raises(ConfigurationError, match=r"^delivery.max_attempts=0 is invalid: must be between 1 and 10$"):
        used(_webhook(make_stack(), max_attempts=0))
    with pytest.raises(
        ConfigurationError, match=r"^delivery.timeout \(seconds\)=60 is invalid: must be between 1 and 30$"
    ):
        used(_webhook(make_stack(), timeout=cdk.Duration.minutes(1)))


def test_ses_from_address_must_be_an_address():
    with pytest.raises(ConfigurationError, match=r"^delivery.from_address='news' is invalid: must be an email addr"):
        used(Delivery.ses(from_address="news"))


def test_sms_origination_identity_must_be_an_sms_voice_arn():
    with pytest.raises(
        ConfigurationError,
        match=r"^delivery.origination_identity='\+12065550100' is invalid: must be the ARN of an End User Messaging",
    ):
        used(Delivery.sms(origination_identity="+12065550100"))


def test_a_delivery_that_is_not_a_delivery_fails_with_path_field_and_value():
    stack = make_stack()
    with pytest.raises(
        ConfigurationError,
        match=r"^Test/Channel: delivery='https://x.example' is invalid: must be Delivery.webhook\(...\), ",
    ):
        CustomChannel(stack, "Channel", project=Project(stack, "P"), delivery="https://x.example")


def test_template_the_delivery_cannot_send_fails_with_path_field_and_value():
    stack = make_stack()
    code = SmsTemplate(stack, "Code", template_name="code", body="Your code")
    with pytest.raises(
        ConfigurationError, match=r"^Test/Channel: templates='code' is invalid: ses delivery sends EMAIL templates$"
    ):
        CustomChannel(
            stack,
            "Channel",
            project=Project(stack, "P"),
            delivery=Delivery.ses(from_address="a@example.com"),
            templates=[code],
        )


def test_max_concurrency_is_between_1_and_50():
    with pytest.raises(
        ConfigurationError, match=r"^Test/Channel: max_concurrency=51 is invalid: must be between 1 and 50$"
    ):
        _channel(max_concurrency=51)


# --- lint and nag ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "delivery",
    [
        None,
        Delivery.ses(from_address="news@example.com", configuration_set="tracking"),
        Delivery.sms(origination_identity=ORIGINATION),
    ],
    ids=["webhook", "ses", "sms"],
)
def test_channel_has_no_cfn_lint_errors_and_no_nag_findings(delivery):
    stack, _, _ = _channel(delivery=delivery)
    assert nag_findings(stack) == []
    assert cfn_lint_errors(template_of(stack).to_json()) == []


def test_templates_wildcard_acknowledgment_is_needed(monkeypatch):
    real_of = cdk.Validations.of

    class _WithoutOurs:
        def __init__(self, scope):
            self._real = real_of(scope)

        def acknowledge(self, acknowledgment):
            if not acknowledgment.id.startswith("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:mobiletargeting"):
                self._real.acknowledge(acknowledgment)

    monkeypatch.setattr(custom_channel.Validations, "of", _WithoutOurs)
    stack, _, _ = _channel()
    assert [rule for _, rule, _ in nag_findings(stack)] == [templates_wildcard_finding(stack)]


def test_named_templates_grant_no_wildcard_and_are_nag_clean():
    stack = make_stack()
    welcome = EmailTemplate(stack, "Welcome", template_name="welcome", subject="Hi", text_part="Hello")
    CustomChannel(
        stack,
        "Channel",
        project=Project(stack, "P"),
        delivery=Delivery.ses(from_address="a@example.com"),
        templates=[welcome],
    )
    assert "templates/*" not in json.dumps(_statements(stack))
    assert nag_findings(stack) == []
