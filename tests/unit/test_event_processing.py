"""EventProcessor and EventArchive: the event source mapping, least-privilege IAM, the on-failure queue,
the archive's partitioning and Glue table, cfn-lint, cdk-nag and every acknowledgment."""

from __future__ import annotations

import ast
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesis as kinesis
from aws_cdk.assertions import Match

from cdk_pinpoint import event_processing
from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.event_processing import EventArchive, EventProcessor
from cdk_pinpoint.event_stream import EventDestination, EventStream
from cdk_pinpoint.project import Project
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of

ROOT = Path(__file__).resolve().parents[2]


def _stack_with_stream():
    stack = make_stack()
    project = Project(stack, "Project")
    stream = kinesis.Stream(stack, "Stream", encryption=kinesis.StreamEncryption.MANAGED)
    return stack, project, stream


def _processor_stack(**kwargs):
    stack, project, stream = _stack_with_stream()
    processor = EventProcessor(stack, "Processor", existing_stream_obj=stream, project=project, **kwargs)
    return stack, processor


def _archive_stack(**kwargs):
    stack, _, stream = _stack_with_stream()
    archive = EventArchive(stack, "Archive", existing_stream_obj=stream, **kwargs)
    return stack, archive


@pytest.fixture(scope="module")
def processor():
    stack, processor = _processor_stack()
    return stack, processor, template_of(stack)


@pytest.fixture(scope="module")
def archive():
    stack, archive = _archive_stack()
    return stack, archive, template_of(stack)


def _statements(template, role_prefix):
    policies = template.find_resources("AWS::IAM::Policy")
    return [
        statement
        for policy in policies.values()
        if policy["Properties"]["Roles"][0]["Ref"].startswith(role_prefix)
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def _ref(stack, construct):
    return stack.resolve(construct)


# --- EventProcessor -------------------------------------------------------------------------------


def test_event_source_mapping_bisects_reports_item_failures_and_sends_failures_to_the_queue(processor):
    _, _, template = processor
    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {
            "EventSourceArn": {"Fn::GetAtt": [Match.string_like_regexp("^Stream"), "Arn"]},
            "StartingPosition": "TRIM_HORIZON",
            "BatchSize": 500,
            "BisectBatchOnFunctionError": True,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "MaximumRecordAgeInSeconds": 21600,
            "MaximumRetryAttempts": 500,
            "DestinationConfig": {
                "OnFailure": {"Destination": {"Fn::GetAtt": [Match.string_like_regexp("^ProcessorOnFailure"), "Arn"]}}
            },
        },
    )


def test_event_source_mapping_takes_the_given_batch_size_record_age_and_retries():
    stack, _ = _processor_stack(batch_size=50, max_record_age=cdk.Duration.hours(2), retry_attempts=0)
    template_of(stack).has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {"BatchSize": 50, "MaximumRecordAgeInSeconds": 7200, "MaximumRetryAttempts": 0},
    )


def test_default_max_record_age_leaves_the_shortest_kinesis_retention_18_hours_to_replay(processor):
    _, _, template = processor
    (mapping,) = template.find_resources("AWS::Lambda::EventSourceMapping").values()
    (stream,) = template.find_resources("AWS::Kinesis::Stream").values()
    retention_seconds = stream["Properties"]["RetentionPeriodHours"] * 3600
    assert retention_seconds == 24 * 3600  # the minimum Kinesis allows, and EventStream's default
    assert retention_seconds - mapping["Properties"]["MaximumRecordAgeInSeconds"] == 18 * 3600


# --- max_record_age against the stream's retention ------------------------------------------------


def _stream_with_retention(stack, hours):
    return kinesis.Stream(
        stack, "Stream", encryption=kinesis.StreamEncryption.MANAGED, retention_period=cdk.Duration.hours(hours)
    )


@pytest.mark.parametrize("age_hours", [24, 23.5, 48])
def test_a_max_record_age_that_leaves_less_than_an_hour_of_retention_is_rejected(age_hours):
    stack = make_stack()
    project = Project(stack, "Project")
    stream = _stream_with_retention(stack, 24)
    age = cdk.Duration.minutes(age_hours * 60)
    with pytest.raises(
        ConfigurationError,
        match=rf"Test/Processor: max_record_age \(seconds\)={int(age_hours * 3600)} is invalid: must be at most "
        r"82800: the stream keeps records 24 hours, and a record dropped for age must stay in it at least 1 hour",
    ):
        EventProcessor(stack, "Processor", existing_stream_obj=stream, project=project, max_record_age=age)


def test_a_max_record_age_one_hour_under_the_retention_is_accepted():
    stack = make_stack()
    project = Project(stack, "Project")
    stream = _stream_with_retention(stack, 72)
    age = cdk.Duration.hours(71)
    EventProcessor(stack, "Processor", existing_stream_obj=stream, project=project, max_record_age=age)
    template_of(stack).has_resource_properties(
        "AWS::Lambda::EventSourceMapping", {"MaximumRecordAgeInSeconds": 71 * 3600}
    )


def test_the_retention_of_the_stream_an_event_stream_creates_is_checked():
    from cdk_pinpoint.event_stream import EventDestination, EventStream

    stack = make_stack()
    project = Project(stack, "Project")
    events = EventStream(
        stack,
        "Events",
        project=project,
        destination=EventDestination.new_kinesis_stream(retention_period=cdk.Duration.hours(24)),
    )
    with pytest.raises(ConfigurationError, match=r"max_record_age \(seconds\)=86400 is invalid: must be at most 82800"):
        EventProcessor(stack, "Processor", event_stream=events, max_record_age=cdk.Duration.hours(24))


def test_an_imported_stream_of_unknown_retention_accepts_up_to_seven_days():
    stack = make_stack()
    project = Project(stack, "Project")
    stream = kinesis.Stream.from_stream_arn(stack, "Stream", "arn:aws:kinesis:us-east-1:123456789012:stream/events")
    EventProcessor(stack, "Processor", existing_stream_obj=stream, project=project, max_record_age=cdk.Duration.days(7))
    template_of(stack).has_resource_properties("AWS::Lambda::EventSourceMapping", {"MaximumRecordAgeInSeconds": 604800})


# --- alarms ---------------------------------------------------------------------------------------


def _alarm(template, logical_prefix):
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    (alarm,) = [a["Properties"] for logical_id, a in alarms.items() if logical_id.startswith(logical_prefix)]
    return alarm


def test_processor_exposes_its_two_alarms(processor):
    _, construct, template = processor
    assert construct.alarms == [construct.on_failure_alarm, construct.iterator_age_alarm]
    template.resource_count_is("AWS::CloudWatch::Alarm", 2)


def test_on_failure_alarm_fires_when_a_record_reaches_the_queue_and_says_how_long_replay_is_possible(processor):
    _, _, template = processor
    alarm = _alarm(template, "ProcessorOnFailureAlarm")
    assert alarm["Namespace"] == "AWS/SQS"
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["Dimensions"] == [
        {"Name": "QueueName", "Value": {"Fn::GetAtt": [_logical_id(template, "AWS::SQS::Queue"), "QueueName"]}}
    ]
    assert (alarm["Statistic"], alarm["Period"], alarm["EvaluationPeriods"]) == ("Maximum", 300, 1)
    assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("GreaterThanOrEqualToThreshold", 1)
    assert alarm["TreatMissingData"] == "notBreaching"
    assert "replay those records from the event stream within 18 hours of being dropped" in alarm["AlarmDescription"]


def test_iterator_age_alarm_fires_at_half_the_max_record_age(processor):
    _, _, template = processor
    alarm = _alarm(template, "ProcessorIteratorAgeAlarm")
    assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/Lambda", "IteratorAge")
    assert alarm["Dimensions"] == [
        {"Name": "FunctionName", "Value": {"Ref": _logical_id(template, "AWS::Lambda::Function")}}
    ]
    assert (alarm["Statistic"], alarm["ComparisonOperator"]) == ("Maximum", "GreaterThanThreshold")
    assert alarm["Threshold"] == 3 * 3600 * 1000  # milliseconds: half of the 6-hour default
    assert alarm["TreatMissingData"] == "notBreaching"


def test_iterator_age_alarm_follows_the_given_max_record_age():
    stack, _ = _processor_stack(max_record_age=cdk.Duration.hours(2))
    assert _alarm(template_of(stack), "ProcessorIteratorAgeAlarm")["Threshold"] == 3600 * 1000


def test_on_failure_alarm_of_an_imported_stream_does_not_promise_a_replay_window():
    stack = make_stack()
    project = Project(stack, "Project")
    stream = kinesis.Stream.from_stream_arn(stack, "Stream", "arn:aws:kinesis:us-east-1:123456789012:stream/events")
    EventProcessor(stack, "Processor", existing_stream_obj=stream, project=project)
    description = _alarm(template_of(stack), "ProcessorOnFailureAlarm")["AlarmDescription"]
    assert description.endswith("replay those records from the event stream while the stream still retains them")


def test_function_runs_the_event_processor_handler_for_this_project(processor):
    _, _, template = processor
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Handler": "event_processor.handler.handler",
            "Architectures": ["arm64"],
            "Environment": {
                "Variables": {"PROJECT_ID": {"Ref": Match.string_like_regexp("^Project")}, "SUPPRESS_IN_SES": "false"}
            },
        },
    )


def test_function_role_may_only_log_opt_out_this_projects_endpoints_read_the_stream_and_fill_the_queue(processor):
    _, _, template = processor
    assert _statements(template, "ProcessorFunctionRole") == [
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [_logical_id(template, "AWS::Logs::LogGroup"), "Arn"]},
        },
        {
            "Action": "mobiletargeting:UpdateEndpointsBatch",
            "Effect": "Allow",
            "Resource": {
                "Fn::Join": ["", [{"Fn::GetAtt": [_logical_id(template, "AWS::Pinpoint::App"), "Arn"]}, "/endpoints"]]
            },
        },
        {
            "Action": ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [_logical_id(template, "AWS::SQS::Queue"), "Arn"]},
        },
        {
            "Action": [
                "kinesis:DescribeStreamSummary",
                "kinesis:GetRecords",
                "kinesis:GetShardIterator",
                "kinesis:ListShards",
                "kinesis:SubscribeToShard",
                "kinesis:DescribeStream",
                "kinesis:ListStreams",
                "kinesis:DescribeStreamConsumer",
            ],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [_logical_id(template, "AWS::Kinesis::Stream"), "Arn"]},
        },
    ]


def _logical_id(template, resource_type):
    (logical_id,) = template.find_resources(resource_type)
    return logical_id


def test_suppress_in_ses_adds_put_suppressed_destination_and_tells_the_handler():
    stack, _ = _processor_stack(suppress_in_ses=True)
    template = template_of(stack)
    assert {"Action": "ses:PutSuppressedDestination", "Effect": "Allow", "Resource": "*"} in _statements(
        template, "ProcessorFunctionRole"
    )
    template.has_resource_properties(
        "AWS::Lambda::Function", {"Environment": {"Variables": Match.object_like({"SUPPRESS_IN_SES": "true"})}}
    )


def test_no_ses_permission_without_suppression(processor):
    _, _, template = processor
    actions = [s["Action"] for s in _statements(template, "ProcessorFunctionRole")]
    assert not any("ses:" in str(a) for a in actions)


def test_on_failure_queue_is_kms_encrypted_and_refuses_plain_http(processor):
    _, _, template = processor
    template.has_resource_properties(
        "AWS::SQS::Queue", {"KmsMasterKeyId": "alias/aws/sqs", "MessageRetentionPeriod": 1209600}
    )
    template.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        {
            "PolicyDocument": {
                "Statement": [
                    Match.object_like(
                        {"Effect": "Deny", "Action": "sqs:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
                    )
                ]
            }
        },
    )


def test_processor_takes_stream_and_project_from_an_event_stream():
    stack, project, stream = _stack_with_stream()
    events = EventStream(stack, "Events", project=project, destination=EventDestination.kinesis(stream))
    processor = EventProcessor(stack, "Processor", event_stream=events)
    assert processor.project is project
    assert processor.stream is stream


def test_an_event_stream_that_delivers_to_firehose_is_rejected_with_path_and_reason():
    stack, project, _ = _stack_with_stream()
    delivery = "arn:aws:firehose:us-east-1:123456789012:deliverystream/events"
    events = EventStream(stack, "Events", project=project, destination=EventDestination.firehose_arn(delivery))
    with pytest.raises(
        ConfigurationError,
        match=r"Test/Processor: event_stream='Test/Events' is invalid: must deliver to a Kinesis data stream",
    ):
        EventProcessor(stack, "Processor", event_stream=events)


@pytest.mark.parametrize("construct", [EventProcessor, EventArchive])
def test_an_event_stream_of_the_wrong_type_fails_with_path_field_and_value(construct):
    stack, project, _ = _stack_with_stream()
    extra = {"project": project} if construct is EventProcessor else {}
    with pytest.raises(
        ConfigurationError,
        match=r"^Test/Reader: event_stream='arn:x' is invalid: must be an EventStream \(a kinesis.IStream goes in ",
    ):
        construct(stack, "Reader", event_stream="arn:x", **extra)


def test_a_plain_kinesis_stream_needs_a_project():
    stack, _, stream = _stack_with_stream()
    with pytest.raises(ConfigurationError, match=r"Test/Processor: project=None is invalid: is required with exis"):
        EventProcessor(stack, "Processor", existing_stream_obj=stream)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, r"batch_size=0 is invalid: must be between 1 and 10000"),
        ({"batch_size": 10_001}, r"batch_size=10001 is invalid: must be between 1 and 10000"),
        ({"retry_attempts": -1}, r"retry_attempts=-1 is invalid: must be between 0 and 10000"),
        ({"max_record_age": cdk.Duration.seconds(30)}, r"max_record_age \(seconds\)=30 is invalid: must be between 60"),
        ({"max_record_age": cdk.Duration.days(8)}, r"max_record_age \(seconds\)=691200 is invalid: must be between"),
    ],
)
def test_out_of_range_event_source_settings_fail_with_path_field_and_value(kwargs, message):
    stack, project, stream = _stack_with_stream()
    with pytest.raises(ConfigurationError, match=r"Test/Processor: " + message):
        EventProcessor(stack, "Processor", existing_stream_obj=stream, project=project, **kwargs)


def test_processor_has_no_cfn_lint_errors_and_no_nag_findings_with_and_without_suppression(processor):
    stack, _, template = processor
    assert cfn_lint_errors(template.to_json()) == []
    assert nag_findings(stack) == []
    stack, _ = _processor_stack(suppress_in_ses=True)
    assert nag_findings(stack) == []


def test_handler_imports_only_the_standard_library_boto3_and_the_shared_package():
    allowed = {"__future__", "base64", "binascii", "collections", "dataclasses", "functools", "json", "logging", "os"}
    allowed |= {"itertools", "operator", "re", "sys", "time", "typing"}
    allowed |= {"boto3", "botocore", "cdk_pinpoint"}  # cdk_pinpoint._shared travels in the asset
    package = ROOT / "lambdas" / "event_processor"
    trees = [ast.parse(source.read_text()) for source in sorted(package.glob("*.py"))]
    imports = [
        node
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and node.level == 0)
    ]
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in imports
        for alias in node.names
    }
    assert imported <= allowed, imported - allowed
    ours = {
        node.module for node in imports if isinstance(node, ast.ImportFrom) and "cdk_pinpoint" in (node.module or "")
    }
    assert all(module.startswith("cdk_pinpoint._shared") for module in ours), ours


# --- acknowledgments: each one is still needed ------------------------------------------------------


@pytest.fixture
def without_acknowledgment(monkeypatch):
    """Drop the library's acknowledgment of one finding id, to prove the finding would appear."""

    def drop(finding_id):
        real_of = cdk.Validations.of

        class _Filtered:
            def __init__(self, scope):
                self._real = real_of(scope)

            def acknowledge(self, acknowledgment):
                if acknowledgment.id != finding_id:
                    self._real.acknowledge(acknowledgment)

        monkeypatch.setattr(event_processing.Validations, "of", _Filtered)

    return drop


def _rules(stack):
    return {rule for _, rule, _ in nag_findings(stack)}


def test_sqs3_acknowledgment_is_needed(without_acknowledgment):
    without_acknowledgment(event_processing.SQS_NO_DLQ_ID)
    stack, _ = _processor_stack()
    assert event_processing.SQS_NO_DLQ_ID in _rules(stack)


def test_ses_wildcard_acknowledgment_is_needed(without_acknowledgment):
    without_acknowledgment(event_processing.IAM_WILDCARD_RESOURCE_ID)
    stack, _ = _processor_stack(suppress_in_ses=True)
    assert event_processing.IAM_WILDCARD_RESOURCE_ID in _rules(stack)


def test_firehose_sse_acknowledgment_is_needed(without_acknowledgment):
    without_acknowledgment(event_processing.FIREHOSE_SSE_ID)
    stack, _ = _archive_stack()
    assert event_processing.FIREHOSE_SSE_ID in _rules(stack)


@pytest.mark.parametrize("finding_id", event_processing.FIREHOSE_S3_GRANT_IDS)
def test_firehose_s3_grant_acknowledgments_are_needed(without_acknowledgment, finding_id):
    without_acknowledgment(finding_id)
    stack, _ = _archive_stack()
    assert finding_id in _rules(stack)


# --- EventArchive ---------------------------------------------------------------------------------


def test_archive_reads_the_kinesis_stream_and_partitions_by_event_type_and_date(archive):
    _, _, template = archive
    template.has_resource_properties(
        "AWS::KinesisFirehose::DeliveryStream",
        {
            "DeliveryStreamType": "KinesisStreamAsSource",
            "KinesisStreamSourceConfiguration": {
                "KinesisStreamARN": {"Fn::GetAtt": [Match.string_like_regexp("^Stream"), "Arn"]}
            },
            "ExtendedS3DestinationConfiguration": Match.object_like(
                {
                    "DynamicPartitioningConfiguration": {"Enabled": True},
                    "Prefix": "events/event_type=!{partitionKeyFromQuery:event_type}/dt=!{timestamp:yyyy-MM-dd}/",
                    "ErrorOutputPrefix": "errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
                    "CompressionFormat": "GZIP",
                    "BufferingHints": {"IntervalInSeconds": 300, "SizeInMBs": 64},
                    "ProcessingConfiguration": {
                        "Enabled": True,
                        "Processors": [
                            {
                                "Type": "MetadataExtraction",
                                "Parameters": [
                                    {
                                        "ParameterName": "MetadataExtractionQuery",
                                        "ParameterValue": '{"event_type":.event_type}',
                                    },
                                    {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"},
                                ],
                            },
                            {"Type": "AppendDelimiterToRecord", "Parameters": []},
                        ],
                    },
                }
            ),
        },
    )


def test_glue_table_projects_the_partitions_firehose_writes(archive):
    _, archive_construct, template = archive
    template.has_resource_properties(
        "AWS::Glue::Database", {"DatabaseInput": {"Name": archive_construct.database_name}}
    )
    table = next(iter(template.find_resources("AWS::Glue::Table").values()))["Properties"]
    table_input = table["TableInput"]
    assert table["DatabaseName"] == archive_construct.database_name
    assert table_input["Name"] == "events"
    assert table_input["PartitionKeys"] == [{"Name": "event_type", "Type": "string"}, {"Name": "dt", "Type": "string"}]
    parameters = table_input["Parameters"]
    assert parameters["projection.enabled"] == "true"
    assert parameters["projection.event_type.type"] == "injected"
    assert (parameters["projection.dt.type"], parameters["projection.dt.format"]) == ("date", "yyyy-MM-dd")
    template_text = parameters["storage.location.template"]["Fn::Join"][1]
    assert template_text[-1] == "/events/event_type=${event_type}/dt=${dt}/"
    storage = table_input["StorageDescriptor"]
    assert storage["SerdeInfo"] == {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"}
    assert "event_type" not in [c["Name"] for c in storage["Columns"]]  # it is the partition column


def test_glue_database_name_is_derived_from_the_path_and_valid(archive):
    _, archive_construct, _ = archive
    assert archive_construct.database_name.startswith("test_archive_")
    assert event_processing._GLUE_NAME.search(archive_construct.database_name) is None


def test_archive_bucket_is_encrypted_private_tls_only_logged_and_retained(archive):
    _, _, template = archive
    template.has_resource(
        "AWS::S3::Bucket",
        {
            "Properties": Match.object_like(
                {
                    "BucketEncryption": {
                        "ServerSideEncryptionConfiguration": [
                            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                        ]
                    },
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": True,
                        "BlockPublicPolicy": True,
                        "IgnorePublicAcls": True,
                        "RestrictPublicBuckets": True,
                    },
                    "LoggingConfiguration": {
                        "DestinationBucketName": {"Ref": Match.string_like_regexp("^ArchiveAccessLogs")},
                        "LogFilePrefix": "event-archive/",
                    },
                }
            ),
            "DeletionPolicy": "Retain",
        },
    )


def test_archive_expiration_adds_a_lifecycle_rule():
    stack, _ = _archive_stack(expiration=cdk.Duration.days(400))
    template_of(stack).has_resource_properties(
        "AWS::S3::Bucket",
        {"LifecycleConfiguration": {"Rules": Match.array_with([{"ExpirationInDays": 400, "Status": "Enabled"}])}},
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"database_name": "Pinpoint-Events"},
            r"database_name='Pinpoint-Events' is invalid: must contain only lowercase",
        ),
        ({"table_name": "events!"}, r"table_name='events!' is invalid: must contain only lowercase"),
        ({"buffering_interval": cdk.Duration.seconds(901)}, r"buffering_interval \(seconds\)=901 is invalid"),
    ],
)
def test_bad_archive_settings_fail_with_path_field_and_value(kwargs, message):
    stack, _, stream = _stack_with_stream()
    with pytest.raises(ConfigurationError, match=r"Test/Archive: " + message):
        EventArchive(stack, "Archive", existing_stream_obj=stream, **kwargs)


def test_grant_query_allows_reading_events_and_the_table_definition_only():
    stack, archive = _archive_stack(database_name="pinpoint", table_name="events")
    role = iam.Role(stack, "Analyst", assumed_by=iam.AccountRootPrincipal())
    archive.grant_query(role)
    statements = _statements(template_of(stack), "Analyst")
    glue_statement = next(s for s in statements if "glue:GetTable" in s["Action"])
    assert glue_statement["Action"] == ["glue:GetDatabase", "glue:GetPartitions", "glue:GetTable"]
    s3_statement = next(s for s in statements if "s3:GetObject*" in s["Action"])
    assert not any("Put" in a or "Delete" in a for a in s3_statement["Action"])


def test_archive_has_no_cfn_lint_errors_and_no_nag_findings(archive):
    stack, _, template = archive
    assert cfn_lint_errors(template.to_json()) == []
    assert nag_findings(stack) == []


# --- with the real EventStream --------------------------------------------------------------------


def test_processor_and_archive_read_the_stream_an_event_stream_creates_and_are_nag_clean():
    from cdk_pinpoint.event_stream import EventStream

    stack = make_stack()
    project = Project(stack, "Project")
    events = EventStream(stack, "Events", project=project)
    processor = EventProcessor(stack, "Processor", event_stream=events, suppress_in_ses=True)
    archive = EventArchive(stack, "Archive", event_stream=events)
    assert processor.project is project
    assert processor.stream is events.kinesis_stream
    assert archive.stream is events.kinesis_stream
    template = template_of(stack)
    template.resource_count_is("AWS::Kinesis::Stream", 1)
    assert cfn_lint_errors(template.to_json()) == []
    assert nag_findings(stack) == []


def test_a_kinesis_stream_passed_as_event_stream_still_works_and_warns():
    stack, project, stream = _stack_with_stream()
    with pytest.warns(DeprecationWarning, match=r"EventProcessor\(event_stream=<kinesis.IStream>\) is deprecated"):
        processor = EventProcessor(stack, "Processor", event_stream=stream, project=project)
    assert processor.stream is stream


@pytest.mark.parametrize("construct", [EventProcessor, EventArchive])
def test_exactly_one_source_is_given(construct):
    stack, project, stream = _stack_with_stream()
    events = EventStream(stack, "Events", project=project, destination=EventDestination.kinesis(stream))
    props = kinesis.StreamProps(shard_count=2)
    cases = [
        ({}, "event_stream"),
        ({"event_stream": events, "existing_stream_obj": stream}, "event_stream and existing_stream_obj"),
        (
            {"existing_stream_obj": stream, "kinesis_stream_props": props},
            "existing_stream_obj and kinesis_stream_props",
        ),
        ({"event_stream": events, "kinesis_stream_props": props}, "event_stream and kinesis_stream_props"),
    ]
    for number, (sources, fields) in enumerate(cases):
        with pytest.raises(ConfigurationError, match=rf"Test/P{number}: {fields}=None is invalid: give exactly one of"):
            construct(stack, f"P{number}", project=project, **sources)


def test_stream_props_create_the_projects_event_stream_to_a_new_stream_for_the_processor():
    stack = make_stack()
    project = Project(stack, "Project")
    processor = EventProcessor(
        stack,
        "Processor",
        project=project,
        kinesis_stream_props=kinesis.StreamProps(
            stream_name="events", shard_count=2, retention_period=cdk.Duration.hours(48)
        ),
    )
    assert isinstance(processor.event_stream, EventStream)
    assert processor.event_stream.node.path == "Test/Processor/EventStream"
    assert processor.stream is processor.event_stream.kinesis_stream
    template = template_of(stack)
    template.has_resource_properties(
        "AWS::Kinesis::Stream", {"Name": "events", "ShardCount": 2, "RetentionPeriodHours": 48}
    )
    template.has_resource_properties("AWS::Pinpoint::EventStream", {"ApplicationId": stack.resolve(project.project_id)})
    assert cfn_lint_errors(template.to_json()) == []
    assert nag_findings(stack) == []


def test_stream_props_also_serve_the_archive_and_a_second_new_stream_for_one_project_fails():
    stack = make_stack()
    project = Project(stack, "Project")
    archive = EventArchive(stack, "Archive", project=project, kinesis_stream_props=kinesis.StreamProps())
    assert archive.stream is archive.event_stream.kinesis_stream
    template_of(stack).resource_count_is("AWS::Pinpoint::EventStream", 1)
    # Pinpoint has one event stream per project: read the archive's with event_stream= instead.
    with pytest.raises(ConfigurationError, match="Test/Processor/EventStream"):
        EventProcessor(stack, "Processor", project=project, kinesis_stream_props=kinesis.StreamProps())
    EventProcessor(stack, "Reader", event_stream=archive.event_stream)


def test_stream_props_need_a_project_and_only_settings_an_event_stream_supports():
    stack = make_stack()
    project = Project(stack, "Project")
    with pytest.raises(
        ConfigurationError, match=r"Test/A: project=None is invalid: is required with kinesis_stream_props"
    ):
        EventProcessor(stack, "A", kinesis_stream_props=kinesis.StreamProps())
    on_demand = kinesis.StreamProps(stream_mode=kinesis.StreamMode.ON_DEMAND)
    with pytest.raises(ConfigurationError, match=r"Test/B: kinesis_stream_props.stream_mode=.*is not supported"):
        EventProcessor(stack, "B", project=project, kinesis_stream_props=on_demand)
    plain = kinesis.StreamProps(encryption=kinesis.StreamEncryption.UNENCRYPTED)
    with pytest.raises(ConfigurationError, match=r"Test/C: kinesis_stream_props.encryption=.*must be StreamEncrypt"):
        EventProcessor(stack, "C", project=project, kinesis_stream_props=plain)
    with pytest.raises(ConfigurationError, match=r"Test/D: kinesis_stream_props=.*must be a kinesis.StreamProps"):
        EventProcessor(stack, "D", project=project, kinesis_stream_props={"shard_count": 2})


def test_the_dead_letter_queue_and_the_alarms_can_be_left_out():
    stack, processor = _processor_stack(deploy_dead_letter_queue=False, create_cloudwatch_alarms=False)
    template = template_of(stack)
    template.resource_count_is("AWS::SQS::Queue", 0)
    template.resource_count_is("AWS::CloudWatch::Alarm", 0)
    [mapping] = template.find_resources("AWS::Lambda::EventSourceMapping").values()
    assert "DestinationConfig" not in mapping["Properties"]
    assert (processor.on_failure_queue, processor.on_failure_alarm, processor.iterator_age_alarm) == (None, None, None)
    assert processor.alarms == []


def test_without_a_dead_letter_queue_only_the_iterator_age_alarm_is_created():
    stack, processor = _processor_stack(deploy_dead_letter_queue=False)
    template_of(stack).resource_count_is("AWS::CloudWatch::Alarm", 1)
    assert processor.alarms == [processor.iterator_age_alarm]


def test_an_existing_stream_that_is_not_a_construct_fails_with_path_and_field():
    stack, project, _ = _stack_with_stream()
    with pytest.raises(ConfigurationError, match=r"^Test/P: existing_stream_obj='arn:x' is invalid: must be a kinesis"):
        EventProcessor(stack, "P", existing_stream_obj="arn:x", project=project)
