"""EventStream: destinations, the role Pinpoint assumes (trust and permissions), one per project."""

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.event_stream import EventDestination, EventStream
from cdk_pinpoint.project import Project
from tests.support import ACCOUNT, REGION, cfn_lint_errors, make_stack, nag_findings, template_of, used

FIREHOSE_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/pinpoint-events"


def _only(stack, resource_type):
    [resource] = template_of(stack).find_resources(resource_type).values()
    return resource


def _statements(stack):
    return _only(stack, "AWS::IAM::Policy")["Properties"]["PolicyDocument"]["Statement"]


def test_default_destination_is_a_new_stream_encrypted_with_the_aws_managed_key():
    stack = make_stack()
    events = EventStream(stack, "Events", project=Project(stack, "P"))
    stream = _only(stack, "AWS::Kinesis::Stream")
    assert stream["Properties"]["StreamEncryption"] == {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}
    assert stream["Properties"]["ShardCount"] == 1
    assert stream["DeletionPolicy"] == "Retain"
    assert isinstance(events.kinesis_stream, kinesis.Stream)
    assert events.kinesis_stream.node.path == "Test/Events/Stream"
    assert events.delivery_stream_arn is None
    template_of(stack).resource_count_is("AWS::KMS::Key", 0)


def test_event_stream_resource_names_project_stream_and_role():
    stack = make_stack()
    project = Project(stack, "P")
    events = EventStream(stack, "Events", project=project)
    resource = _only(stack, "AWS::Pinpoint::EventStream")
    assert resource["Properties"] == {
        "ApplicationId": stack.resolve(project.project_id),
        "DestinationStreamArn": stack.resolve(events.kinesis_stream.stream_arn),
        "RoleArn": stack.resolve(events.role.role_arn),
    }
    # The role and its policy exist before Pinpoint validates them on create.
    assert sorted(resource["DependsOn"]) == sorted(
        [stack.resolve(events.role.node.default_child.logical_id), _policy_logical_id(stack)]
    )
    assert events.node.default_child is events.resource
    assert events.project is project


def _policy_logical_id(stack):
    [logical_id] = template_of(stack).find_resources("AWS::IAM::Policy")
    return logical_id


def test_role_is_trusted_only_by_pinpoint_for_this_account_and_project():
    stack = make_stack()
    project = Project(stack, "P")
    EventStream(stack, "Events", project=project)
    [statement] = _only(stack, "AWS::IAM::Role")["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    project_arn = stack.resolve(project.project_arn)
    assert statement == {
        "Action": "sts:AssumeRole",
        "Effect": "Allow",
        "Principal": {"Service": "pinpoint.amazonaws.com"},
        "Condition": {
            "StringEquals": {"aws:SourceAccount": "123456789012"},
            "ArnLike": {"aws:SourceArn": [project_arn, {"Fn::Join": ["", [project_arn, "/*"]]}]},
        },
    }


def test_role_may_only_describe_and_put_records_on_its_stream():
    stack = make_stack()
    events = EventStream(stack, "Events", project=Project(stack, "P"))
    assert _statements(stack) == [
        {
            "Action": ["kinesis:DescribeStream", "kinesis:PutRecords"],
            "Effect": "Allow",
            "Resource": stack.resolve(events.kinesis_stream.stream_arn),
        }
    ]
    template_of(stack).resource_count_is("AWS::IAM::Role", 1)
    assert "ManagedPolicyArns" not in _only(stack, "AWS::IAM::Role")["Properties"]


def test_new_stream_options_are_rendered():
    stack = make_stack()
    destination = EventDestination.new_kinesis_stream(
        stream_name="pinpoint-events", shard_count=2, retention_period=cdk.Duration.days(7)
    )
    EventStream(stack, "Events", project=Project(stack, "P"), destination=destination)
    props = _only(stack, "AWS::Kinesis::Stream")["Properties"]
    assert (props["Name"], props["ShardCount"], props["RetentionPeriodHours"]) == ("pinpoint-events", 2, 168)


def test_customer_managed_key_encrypts_the_new_stream_and_the_role_may_generate_data_keys():
    stack = make_stack()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    events = EventStream(
        stack,
        "Events",
        project=Project(stack, "P"),
        destination=EventDestination.new_kinesis_stream(encryption_key=key),
    )
    props = _only(stack, "AWS::Kinesis::Stream")["Properties"]
    assert props["StreamEncryption"] == {"EncryptionType": "KMS", "KeyId": stack.resolve(key.key_arn)}
    assert _statements(stack) == [
        {
            "Action": ["kinesis:DescribeStream", "kinesis:PutRecords"],
            "Effect": "Allow",
            "Resource": stack.resolve(events.kinesis_stream.stream_arn),
        },
        {"Action": "kms:GenerateDataKey", "Effect": "Allow", "Resource": stack.resolve(key.key_arn)},
    ]
    assert nag_findings(stack) == []


def test_customer_managed_key_acknowledgment_of_kds3_is_still_needed():
    # The same stream without the construct's acknowledgment: KDS3 fires.
    stack = make_stack()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    kinesis.Stream(stack, "Stream", encryption=kinesis.StreamEncryption.KMS, encryption_key=key)
    assert [rule for _, rule, _ in nag_findings(stack)] == ["AwsSolutions-KDS3"]


def test_existing_stream_is_used_and_its_key_is_granted():
    stack = make_stack()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    stream = kinesis.Stream(stack, "Existing", encryption=kinesis.StreamEncryption.KMS, encryption_key=key)
    events = EventStream(stack, "Events", project=Project(stack, "P"), destination=EventDestination.kinesis(stream))
    assert events.kinesis_stream is stream
    template_of(stack).resource_count_is("AWS::Kinesis::Stream", 1)
    actions = [s["Action"] for s in _statements(stack)]
    assert actions == [["kinesis:DescribeStream", "kinesis:PutRecords"], "kms:GenerateDataKey"]
    assert _only(stack, "AWS::Pinpoint::EventStream")["Properties"]["DestinationStreamArn"] == stack.resolve(
        stream.stream_arn
    )


def test_imported_stream_without_key_gets_only_kinesis_permissions():
    stack = make_stack()
    arn = "arn:aws:kinesis:us-east-1:123456789012:stream/events"
    stream = kinesis.Stream.from_stream_arn(stack, "Imported", arn)
    EventStream(stack, "Events", project=Project(stack, "P"), destination=EventDestination.kinesis(stream))
    assert _statements(stack) == [
        {"Action": ["kinesis:DescribeStream", "kinesis:PutRecords"], "Effect": "Allow", "Resource": arn}
    ]


def test_firehose_arn_destination_gets_only_firehose_permissions_and_no_kinesis_stream():
    stack = make_stack()
    events = EventStream(
        stack, "Events", project=Project(stack, "P"), destination=EventDestination.firehose_arn(FIREHOSE_ARN)
    )
    assert events.kinesis_stream is None
    assert events.delivery_stream_arn == FIREHOSE_ARN
    assert _statements(stack) == [
        {
            "Action": ["firehose:DescribeDeliveryStream", "firehose:PutRecordBatch"],
            "Effect": "Allow",
            "Resource": FIREHOSE_ARN,
        }
    ]
    template_of(stack).resource_count_is("AWS::Kinesis::Stream", 0)
    assert _only(stack, "AWS::Pinpoint::EventStream")["Properties"]["DestinationStreamArn"] == FIREHOSE_ARN


def test_firehose_delivery_stream_construct_destination():
    stack = make_stack()
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "archive")
    delivery = firehose.DeliveryStream(stack, "Delivery", destination=firehose.S3Bucket(bucket))
    events = EventStream(stack, "Events", project=Project(stack, "P"), destination=EventDestination.firehose(delivery))
    assert events.delivery_stream_arn == delivery.delivery_stream_arn
    policies = template_of(stack).find_resources("AWS::IAM::Policy").values()
    [policy] = [p for p in policies if p["Properties"]["Roles"] == [stack.resolve(events.role.role_name)]]
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {
            "Action": ["firehose:DescribeDeliveryStream", "firehose:PutRecordBatch"],
            "Effect": "Allow",
            "Resource": stack.resolve(delivery.delivery_stream_arn),
        }
    ]


def test_event_stream_on_an_imported_project():
    stack = make_stack()
    EventStream(stack, "Events", project=Project.from_project_id(stack, "Imported", "abc123"))
    assert _only(stack, "AWS::Pinpoint::EventStream")["Properties"]["ApplicationId"] == "abc123"


def test_two_event_streams_for_one_project_fail_at_synth():
    stack = make_stack()
    project = Project(stack, "P")
    EventStream(stack, "First", project=project)
    with pytest.raises(
        ConfigurationError,
        match=r"Test/Second: project='Test/P' is invalid: already has an AWS::Pinpoint::EventStream \(Test/First\); "
        r"Pinpoint allows one per project",
    ):
        EventStream(stack, "Second", project=project)


def test_two_event_streams_for_one_project_in_different_stacks_of_one_app_fail():
    stack = make_stack()
    other = cdk.Stack(stack.node.scope, "Other", env=cdk.Environment(account=ACCOUNT, region=REGION))
    project = Project(stack, "P")
    EventStream(stack, "First", project=project)
    with pytest.raises(ConfigurationError, match=r"already has an AWS::Pinpoint::EventStream \(Test/First\)"):
        EventStream(other, "Second", project=project)


def test_event_streams_for_different_projects_are_fine():
    stack = make_stack()
    EventStream(stack, "A", project=Project(stack, "P1"))
    EventStream(stack, "B", project=Project(stack, "P2"))
    template_of(stack).resource_count_is("AWS::Pinpoint::EventStream", 2)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: EventDestination.firehose_arn("pinpoint-events"),
            r"destination.delivery_stream_arn='pinpoint-events'",
        ),
        (
            lambda: EventDestination.firehose_arn("arn:aws:kinesis:us-east-1:123456789012:stream/x"),
            r"is invalid: must be a Firehose delivery stream ARN",
        ),
        (lambda: EventDestination.firehose(FIREHOSE_ARN), r"destination.delivery_stream='arn:aws:firehose.*must be a"),
        (lambda: EventDestination.kinesis("arn:aws:kinesis:x"), r"destination.stream='arn:aws:kinesis:x' is invalid"),
        (
            lambda: EventDestination.new_kinesis_stream(shard_count=0),
            r"shard_count=0 is invalid: must be between 1 and 100000 \(CloudFormation's AWS::Kinesis::Stream schema",
        ),
        (
            lambda: EventDestination.new_kinesis_stream(retention_period=cdk.Duration.hours(23)),
            r"retention_period \(hours\)=23(\.0)? is invalid: must be between 24 and 8760",
        ),
        (
            lambda: EventDestination.new_kinesis_stream(retention_period=cdk.Duration.days(366)),
            r"retention_period \(hours\)=8784(\.0)? is invalid: must be between 24 and 8760",
        ),
        (
            lambda: EventDestination.new_kinesis_stream(stream_name="s" * 129),
            r"stream_name='s{129}' is invalid: must be 1 to 128",
        ),
    ],
)
def test_invalid_destinations_fail_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def test_event_stream_rejects_a_destination_that_is_not_an_event_destination():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/Events: destination='arn:aws:firehose.*must be an EventDest"):
        EventStream(stack, "Events", project=Project(stack, "P"), destination=FIREHOSE_ARN)  # type: ignore[arg-type]


def test_event_stream_rejects_a_project_id_string():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/Events: project='abc123' is invalid: must be an IProject"):
        EventStream(stack, "Events", project="abc123")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "destination",
    [None, EventDestination.firehose_arn(FIREHOSE_ARN)],
    ids=["default-kinesis", "firehose"],
)
def test_event_stream_template_is_cfn_lint_and_nag_clean(destination):
    stack = make_stack()
    EventStream(stack, "Events", project=Project(stack, "P"), destination=destination)
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


def test_the_role_is_an_iam_role_users_can_reference():
    stack = make_stack()
    events = EventStream(stack, "Events", project=Project(stack, "P"))
    assert isinstance(events.role, iam.Role)
