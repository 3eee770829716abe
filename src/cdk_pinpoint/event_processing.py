"""What happens to Pinpoint's event stream: opt-outs applied (EventProcessor) and every event archived
to S3 for Athena (EventArchive).

Both read the event stream's Kinesis data stream. A Pinpoint project streams to one destination only,
so the archive is a Firehose delivery stream that reads the Kinesis stream as its source, not the
project's Firehose destination: that way the processor and the archive can run side by side.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aws_cdk import Acknowledgment, Duration, Names, RemovalPolicy, Size, Stack, Validations
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from . import _cfn_schema
from ._construct_checks import check_whole_days, deprecated, located_at
from ._lambda import PinpointFunction
from ._project_base import UPDATE_ENDPOINTS_ACTIONS as UPDATE_ENDPOINTS_ACTIONS
from ._project_base import IProject
from ._typed_args import construct_init
from .errors import ConfigurationError, is_token
from .event_stream import EventStream
from .monitoring import names
from .monitoring.metrics import engagement_metric

#: the events that opt an endpoint out (Pinpoint developer guide, "Email events", "SMS events").
OPT_OUT_EVENT_TYPES = ("_email.complaint", "_email.hardbounce", "_email.unsubscribe", "_SMS.OPTOUT")
SUPPRESSION_ACTIONS = ("ses:PutSuppressedDestination",)

_DEFAULT_BATCH_SIZE = 500
# Well under the shortest retention Kinesis allows (24 h): a record dead-lettered at this age stays in
# the stream for at least another 18 hours, which is the time there is to replay it. The on-failure
# destination receives only shard ids and sequence numbers, never the record itself.
_DEFAULT_MAX_RECORD_AGE = Duration.hours(6)
_EVENT_SOURCE = "AWS::Lambda::EventSourceMapping"
# aws-cdk's KinesisEventSource is stricter than the mapping's schema (-1, "forever", is not taken)
_L2 = "aws-cdk's KinesisEventSource"
#: how much of the stream's retention a dead-lettered record must still have, so it can be replayed
MIN_REPLAY_WINDOW_HOURS = 1
_DEFAULT_RETRY_ATTEMPTS = 500
_ALARM_PERIOD = Duration.minutes(5)

SQS_NO_DLQ_ID = "AwsSolutions-SQS3"
IAM_WILDCARD_RESOURCE_ID = "AwsSolutions-IAM5[Resource::*]"
FIREHOSE_SSE_ID = "AwsSolutions-KDF1"
#: the wildcards in aws-cdk's grantReadWrite, which the Firehose L2 gives its S3 destination role
FIREHOSE_S3_GRANT_IDS = tuple(
    f"AwsSolutions-IAM5[Action::s3:{action}]"
    for action in ("Abort*", "DeleteObject*", "GetBucket*", "GetObject*", "List*")
)


def _source(
    scope: Construct,
    event_stream: Any,
    existing_stream_obj: kinesis.IStream | None,
    kinesis_stream_props: kinesis.StreamProps | None,
    project: IProject | None,
) -> tuple[EventStream | None, kinesis.IStream]:
    """The ``EventStream`` (if any) and the Kinesis stream to read, from the Solutions Constructs
    trio: an existing ``EventStream``, an existing ``kinesis.IStream`` (``existing_stream_obj``), or
    the props of a new stream (``kinesis_stream_props``), for which a new ``EventStream`` of
    ``project`` is created (child ``EventStream``)."""
    construct, path = type(scope).__name__, scope.node.path
    if event_stream is not None and not isinstance(event_stream, EventStream):
        if existing_stream_obj is not None or not Construct.is_construct(event_stream):
            raise ConfigurationError(
                "event_stream",
                event_stream,
                "must be an EventStream (a kinesis.IStream goes in existing_stream_obj)",
                path=path,
            )
        deprecated(f"{construct}(event_stream=<kinesis.IStream>) is deprecated: pass it as existing_stream_obj=")
        event_stream, existing_stream_obj = None, event_stream
    given = [
        name
        for name, value in (
            ("event_stream", event_stream),
            ("existing_stream_obj", existing_stream_obj),
            ("kinesis_stream_props", kinesis_stream_props),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise ConfigurationError(
            " and ".join(given) or "event_stream",
            None,
            "give exactly one of event_stream (an EventStream), existing_stream_obj (a kinesis.IStream) and "
            "kinesis_stream_props (a kinesis.StreamProps for a new stream)",
            path=path,
        )
    if existing_stream_obj is not None:
        # jsii interfaces cannot be checked with isinstance, and an imported stream is a proxy, not a
        # Python Construct: ask jsii whether it is a construct (every kinesis.IStream is).
        if not Construct.is_construct(existing_stream_obj):
            raise ConfigurationError("existing_stream_obj", existing_stream_obj, "must be a kinesis.IStream", path=path)
        return None, existing_stream_obj
    if kinesis_stream_props is not None:
        event_stream = _new_event_stream(scope, kinesis_stream_props, project)
    return event_stream, _kinesis_stream(event_stream, path)


# The StreamProps a new event stream honours: EventDestination.new_kinesis_stream's settings.
_NEW_STREAM_PROPS = ("stream_name", "shard_count", "retention_period", "encryption_key", "encryption")


def _new_event_stream(scope: Construct, props: Any, project: IProject | None) -> EventStream:
    """An ``EventStream`` of ``project`` to a new Kinesis stream made from ``props``."""
    from .event_stream import EventDestination

    path = scope.node.path
    if not isinstance(props, kinesis.StreamProps):
        raise ConfigurationError("kinesis_stream_props", props, "must be a kinesis.StreamProps", path=path)
    if project is None:
        raise ConfigurationError("project", None, "is required with kinesis_stream_props (a new stream)", path=path)
    unsupported = sorted(
        name for name, value in props._values.items() if value is not None and name not in _NEW_STREAM_PROPS
    )
    if unsupported:
        raise ConfigurationError(
            f"kinesis_stream_props.{unsupported[0]}",
            props._values[unsupported[0]],
            f"is not supported for Pinpoint's event stream; allowed: {', '.join(_NEW_STREAM_PROPS)}",
            path=path,
        )
    encryption, key = props.encryption, props.encryption_key
    # A stream is always encrypted: with the AWS managed key, or with encryption_key.
    if encryption not in (None, kinesis.StreamEncryption.MANAGED, kinesis.StreamEncryption.KMS) or (
        encryption is kinesis.StreamEncryption.KMS and key is None
    ):
        raise ConfigurationError(
            "kinesis_stream_props.encryption",
            encryption,
            "must be StreamEncryption.MANAGED, or StreamEncryption.KMS with an encryption_key",
            path=path,
        )
    shard_count = props.shard_count
    if shard_count is not None and (not isinstance(shard_count, int) or isinstance(shard_count, bool)):
        raise ConfigurationError("kinesis_stream_props.shard_count", shard_count, "must be a whole number", path=path)
    destination = EventDestination.new_kinesis_stream(
        stream_name=props.stream_name,
        shard_count=shard_count,
        retention_period=props.retention_period,
        encryption_key=key,
    )
    return EventStream(scope, "EventStream", project=project, destination=destination)


def _kinesis_stream(event_stream: EventStream, path: str) -> kinesis.IStream:
    """The Kinesis stream of an ``EventStream``."""
    stream = event_stream.kinesis_stream
    if stream is None:
        raise ConfigurationError(
            "event_stream",
            event_stream.node.path,
            "must deliver to a Kinesis data stream (this one delivers to Firehose)",
            path=path,
        )
    return stream


def _retention_hours(stream: kinesis.IStream) -> float | None:
    """How long ``stream`` keeps records, when this app defines it (None for an imported stream or a token)."""
    resource = stream.node.default_child
    if not isinstance(resource, kinesis.CfnStream):
        return None
    hours = resource.retention_period_hours
    return None if hours is None or is_token(hours) else hours


def _project(event_stream: EventStream | None, project: IProject | None, path: str) -> IProject:
    found = project if project is not None else event_stream.project if event_stream is not None else None
    if found is None:
        raise ConfigurationError("project", None, "is required with existing_stream_obj (a kinesis.IStream)", path=path)
    return found


class EventProcessor(Construct):
    """A Lambda function on the event stream that opts endpoints out when Pinpoint reports an
    unsubscribe (``_email.unsubscribe``), a hard bounce (``_email.hardbounce``), a complaint
    (``_email.complaint``) or an SMS opt-out (``_SMS.OPTOUT``).

    It sets ``OptOut=ALL`` through UpdateEndpointsBatch (each endpoint once per batch, up to 100 per
    call), and optionally adds the email address to the SES account suppression list. Reprocessing a
    record changes nothing more: ``OptOut=ALL`` is a state, not a toggle.

    A record that cannot be read or applied is reported as a batch item failure, so Lambda retries it
    (bisecting the batch) until ``retry_attempts`` or ``max_record_age`` runs out, and then sends its
    shard id and sequence numbers (not the record) to the encrypted SQS ``on_failure_queue``. The
    record itself stays readable only while the stream retains it: the replay window is the stream's
    retention minus ``max_record_age`` (18 hours with the defaults). Read the sequence numbers from
    the queue and replay those records (GetShardIterator AT_SEQUENCE_NUMBER) within that window, or
    the opt-outs they carry are lost. Two CloudWatch alarms (``alarms``, no actions: add yours) say
    when to look: ``on_failure_alarm`` when the queue holds a message, ``iterator_age_alarm`` when
    the oldest unprocessed record is older than half of ``max_record_age`` (before it is dropped).

    :param scope: the parent construct.
    :param id: the construct id.
    :param event_stream: the project's ``EventStream`` (it must deliver to a Kinesis data stream).
        Default: - ``existing_stream_obj`` or ``kinesis_stream_props`` (give exactly one of the three).
    :param existing_stream_obj: the ``kinesis.IStream`` Pinpoint streams to, when the event stream is
        defined elsewhere (Solutions Constructs' name). Default: - ``event_stream``.
    :param kinesis_stream_props: the props of a new Kinesis stream (``stream_name``,
        ``shard_count``, ``retention_period``, ``encryption``/``encryption_key``): the processor
        creates the project's ``EventStream`` to it (child ``EventStream``, ``processor.event_stream``).
        Default: - ``event_stream``.
    :param project: the project whose endpoints are opted out; the function may update only its
        endpoints and ignores other projects' events. Default: - the event stream's project
        (required with ``existing_stream_obj`` and ``kinesis_stream_props``).
    :param suppress_in_ses: also add the address of an email hard bounce (reason BOUNCE), complaint
        or unsubscribe (reason COMPLAINT) to the SES account-level suppression list, which stops SES
        sending to it from every project and application in the account and region. Default: false
    :param batch_size: the most records per invocation, 1 to 10,000. Default: 500
    :param max_record_age: records older than this are sent to the on-failure queue instead of being
        retried, 60 seconds to 7 days and, when this app defines the stream, at least 1 hour less than
        the stream's retention (so the records are still there to replay). Default: Duration.hours(6)
    :param retry_attempts: how often a failing batch is retried (bisected each time), 0 to 10,000.
        Default: 500
    :param engagement_metrics: publish the engagement metrics (sends, deliveries, opens, clicks,
        bounces, complaints, failures, custom-channel outcomes; see the README's "Watching it run")
        per project, campaign and journey, in CloudWatch's embedded metric format: log lines, no API
        call. CloudWatch bills each metric and dimension combination that receives data as a custom
        metric. Default: true
    :param deploy_dead_letter_queue: create the on-failure queue. Without it, a record that exhausts
        its retries is dropped and its opt-out lost. Default: True
    :param create_cloudwatch_alarms: create the two alarms. Default: True

    Attributes: ``stream``, ``project``, ``function``, ``role``, ``event_source``,
    ``on_failure_queue``, ``on_failure_alarm``, ``iterator_age_alarm`` (None when opted out) and
    ``alarms`` (the alarms created).
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        event_stream: EventStream | None = None,
        existing_stream_obj: kinesis.IStream | None = None,
        kinesis_stream_props: kinesis.StreamProps | None = None,
        project: IProject | None = None,
        suppress_in_ses: bool | None = None,
        batch_size: int | None = None,
        max_record_age: Duration | None = None,
        retry_attempts: int | None = None,
        engagement_metrics: bool | None = None,
        deploy_dead_letter_queue: bool = True,
        create_cloudwatch_alarms: bool = True,
    ) -> None:
        super().__init__(scope, id)
        path = self.node.path
        _cfn_schema.check("batch_size", batch_size, _EVENT_SOURCE, "BatchSize")
        _cfn_schema.check(
            "retry_attempts", retry_attempts, _EVENT_SOURCE, "MaximumRetryAttempts", stricter_minimum=(0, _L2)
        )
        if max_record_age is not None and not is_token(max_record_age.to_seconds(integral=False)):
            age = max_record_age.to_seconds(integral=False)  # a fraction fails the schema's integer type
            _cfn_schema.check(
                "max_record_age (seconds)", age, _EVENT_SOURCE, "MaximumRecordAgeInSeconds", stricter_minimum=(60, _L2)
            )
        event_stream, self.stream = _source(self, event_stream, existing_stream_obj, kinesis_stream_props, project)
        max_record_age = max_record_age or _DEFAULT_MAX_RECORD_AGE
        if deploy_dead_letter_queue:
            self._check_replay_window(max_record_age)
        self.project = _project(event_stream, project, path)
        #: the EventStream read: the one given, the one created from kinesis_stream_props, or None
        self.event_stream = event_stream
        self.suppress_in_ses = bool(suppress_in_ses)
        self.engagement_metrics = engagement_metrics is not False

        self.on_failure_queue: sqs.Queue | None = None
        if deploy_dead_letter_queue:
            self.on_failure_queue = sqs.Queue(
                self,
                "OnFailure",
                encryption=sqs.QueueEncryption.KMS_MANAGED,
                enforce_ssl=True,
                retention_period=Duration.days(14),
            )
            Validations.of(self.on_failure_queue).acknowledge(
                Acknowledgment(
                    id=SQS_NO_DLQ_ID,
                    reason="this queue is itself the on-failure destination (DLQ) of the Kinesis event source mapping",
                )
            )

        handler = PinpointFunction(
            self,
            "Function",
            handler_package="event_processor",
            handler="event_processor.handler.handler",
            description="Opts Pinpoint endpoints out on unsubscribe, hard bounce, complaint and SMS opt-out events",
            environment={
                "PROJECT_ID": self.project.project_id,
                "SUPPRESS_IN_SES": "true" if self.suppress_in_ses else "false",
                **({"METRICS": json.dumps(names.handler_config(), sort_keys=True)} if self.engagement_metrics else {}),
            },
            timeout=Duration.minutes(2),
        )
        self.function: lambda_.Function = handler.function
        self.role: iam.Role = handler.role
        self.log_group = handler.log_group

        self.project.grant_update_endpoints(self.role)
        if self.suppress_in_ses:
            iam.Grant.add_to_principal(grantee=self.role, actions=list(SUPPRESSION_ACTIONS), resource_arns=["*"])
            Validations.of(self.role).acknowledge(
                Acknowledgment(
                    id=IAM_WILDCARD_RESOURCE_ID,
                    reason="ses:PutSuppressedDestination acts on the account-level suppression list and has no "
                    "resource-level permissions; it is the only action granted on *",
                )
            )

        self.event_source = event_sources.KinesisEventSource(
            self.stream,
            starting_position=lambda_.StartingPosition.TRIM_HORIZON,
            batch_size=batch_size if batch_size is not None else _DEFAULT_BATCH_SIZE,
            bisect_batch_on_error=True,
            report_batch_item_failures=True,
            max_record_age=max_record_age,
            retry_attempts=retry_attempts if retry_attempts is not None else _DEFAULT_RETRY_ATTEMPTS,
            on_failure=event_sources.SqsDlq(self.on_failure_queue) if self.on_failure_queue is not None else None,
        )
        self.function.add_event_source(self.event_source)

        self.on_failure_alarm: cloudwatch.Alarm | None = None
        self.iterator_age_alarm: cloudwatch.Alarm | None = None
        if create_cloudwatch_alarms:
            if self.on_failure_queue is not None:
                self.on_failure_alarm = self._on_failure_alarm(max_record_age)
            self.iterator_age_alarm = self._iterator_age_alarm(max_record_age)
        self.alarms: list[cloudwatch.Alarm] = [a for a in (self.on_failure_alarm, self.iterator_age_alarm) if a]

    def metric_dead_letters(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Records waiting in the on-failure queue to be replayed (maximum over ``period``, default 5 minutes)."""
        if self.on_failure_queue is None:
            raise ConfigurationError(
                "metric_dead_letters",
                None,
                "this processor has no on-failure queue (deploy_dead_letter_queue=False)",
                path=self.node.path,
            )
        return self.on_failure_queue.metric_approximate_number_of_messages_visible(
            period=period or _ALARM_PERIOD, statistic=cloudwatch.Stats.MAXIMUM
        )

    def metric_iterator_age(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """The age of the oldest record not yet processed, in milliseconds (maximum over ``period``)."""
        return self.function.metric("IteratorAge", period=period or _ALARM_PERIOD, statistic=cloudwatch.Stats.MAXIMUM)

    def metric_opt_outs_processed(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Opt-outs applied (endpoints opted out, addresses suppressed), summed over ``period``."""
        return engagement_metric(names.OPT_OUTS_PROCESSED, self.project.project_id, period=period)

    def _check_replay_window(self, max_record_age: Duration) -> None:
        """A record dropped for age must still be in the stream when its sequence numbers reach the queue."""
        retention = _retention_hours(self.stream)
        seconds = max_record_age.to_seconds()
        if retention is None or is_token(seconds):
            return
        limit = int((retention - MIN_REPLAY_WINDOW_HOURS) * 3600)
        if seconds > limit:
            raise ConfigurationError(
                "max_record_age (seconds)",
                seconds,
                f"must be at most {limit}: the stream keeps records {retention:g} hours, and a record dropped "
                f"for age must stay in it at least {MIN_REPLAY_WINDOW_HOURS} hour to be replayed",
                path=self.node.path,
            )

    def _replay_hint(self, max_record_age: Duration) -> str:
        retention = _retention_hours(self.stream)
        seconds = max_record_age.to_seconds()
        if retention is None or is_token(seconds):
            return "while the stream still retains them"
        return f"within {retention - seconds / 3600:g} hours of being dropped (the stream's retention then ends)"

    def _on_failure_alarm(self, max_record_age: Duration) -> cloudwatch.Alarm:
        return cloudwatch.Alarm(
            self,
            "OnFailureAlarm",
            alarm_description=(
                "Pinpoint events the EventProcessor could not apply (opt-outs among them) were sent to its "
                "on-failure queue, which holds only their shard ids and sequence numbers: replay those records "
                f"from the event stream {self._replay_hint(max_record_age)}"
            ),
            metric=self.metric_dead_letters(),
            threshold=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )

    def _iterator_age_alarm(self, max_record_age: Duration) -> cloudwatch.Alarm:
        seconds = max_record_age.to_seconds()
        known = not is_token(seconds)
        half = (seconds if known else _DEFAULT_MAX_RECORD_AGE.to_seconds()) / 2
        return cloudwatch.Alarm(
            self,
            "IteratorAgeAlarm",
            alarm_description=(
                "The EventProcessor is falling behind the event stream: its oldest unprocessed record is older "
                f"than {half:g} seconds, half of {'' if known else 'the default '}max_record_age; records that "
                "reach max_record_age are dropped to the on-failure queue"
            ),
            metric=self.metric_iterator_age(),
            threshold=half * 1000,  # IteratorAge is in milliseconds
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )


#: the Pinpoint event columns (the documented envelope). ``facets`` varies by channel, so it is kept
#: as JSON text: read it with json_extract_scalar(facets, '$.email_channel.mail_event.mail.destination[0]').
_EVENT_COLUMNS = (
    ("event_timestamp", "bigint"),
    ("arrival_timestamp", "bigint"),
    ("event_version", "string"),
    ("application", "struct<app_id:string,cognito_identity_pool_id:string,sdk:struct<name:string,version:string>>"),
    ("client", "struct<client_id:string,cognito_id:string>"),
    (
        "device",
        "struct<locale:struct<code:string,country:string,language:string>,make:string,model:string,"
        "platform:struct<name:string,version:string>>",
    ),
    ("session", "struct<session_id:string,start_timestamp:bigint,stop_timestamp:bigint>"),
    ("attributes", "map<string,string>"),
    ("metrics", "map<string,double>"),
    ("awsaccountid", "string"),
    ("facets", "string"),
)
_DATA_PREFIX = "events/"
_ERROR_PREFIX = "errors/"
_GLUE_NAME = re.compile(r"[^a-z0-9_]")
_BUFFERING = (
    "AWS::KinesisFirehose::DeliveryStream",
    "ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds",
)


def _glue_name(construct: Construct) -> str:
    """A Glue database name derived from the construct path (lowercase letters, digits and _)."""
    return _GLUE_NAME.sub("_", Names.unique_resource_name(construct, max_length=64, separator="_").lower())


class EventArchive(Construct):
    """Every event of the stream, in S3, queryable with Athena.

    A Firehose delivery stream reads the Kinesis data stream (so it can run next to an
    ``EventProcessor``) and writes gzipped JSON lines to
    ``events/event_type=<event_type>/dt=<yyyy-MM-dd>/`` (Firehose dynamic partitioning on
    ``.event_type``; ``dt`` is the arrival date in UTC), failed records to ``errors/``. A Glue table
    with partition projection describes it, so Athena needs no crawler and no ``MSCK REPAIR``. The
    ``event_type`` partition is injected: every query names the event types it reads, e.g.
    ``WHERE event_type = '_email.hardbounce' AND dt >= '2026-10-01'``.

    The bucket is encrypted (SSE-S3), blocks public access, enforces TLS, logs server access and
    is retained by default.

    :param scope: the parent construct.
    :param id: the construct id.
    :param event_stream: the project's ``EventStream`` (it must deliver to a Kinesis data stream).
        Default: - ``existing_stream_obj`` or ``kinesis_stream_props`` (give exactly one of the three).
    :param existing_stream_obj: the ``kinesis.IStream`` Pinpoint streams to, when the event stream is
        defined elsewhere. Default: - ``event_stream``.
    :param kinesis_stream_props: the props of a new Kinesis stream, as for ``EventProcessor``: the
        archive creates the ``project``'s ``EventStream`` to it (child ``EventStream``).
        Default: - ``event_stream``.
    :param project: the project whose events a new stream carries (only with
        ``kinesis_stream_props``). Default: - none.
    :param database_name: the Glue database, lowercase letters, digits and underscores. Default: - a
        name derived from the construct path.
    :param table_name: the Glue table. Default: "events"
    :param expiration: delete archived events after this long. Default: - kept forever.
    :param buffering_interval: how long Firehose buffers before writing, 0 to 900 seconds.
        Default: Duration.seconds(300)
    :param server_access_logs_bucket: where the archive bucket's server access logs go. Default: - a
        bucket created for them (encrypted, TLS only, logs expire after 90 days).
    :param removal_policy: what happens to the archive bucket when it leaves the stack.
        Default: RemovalPolicy.RETAIN
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        event_stream: EventStream | None = None,
        existing_stream_obj: kinesis.IStream | None = None,
        kinesis_stream_props: kinesis.StreamProps | None = None,
        project: IProject | None = None,
        database_name: str | None = None,
        table_name: str | None = None,
        expiration: Duration | None = None,
        buffering_interval: Duration | None = None,
        server_access_logs_bucket: s3.IBucket | None = None,
        removal_policy: RemovalPolicy | None = None,
    ) -> None:
        super().__init__(scope, id)
        path = self.node.path
        _cfn_schema.check("database_name", database_name, "AWS::Glue::Database", "DatabaseInput.Name")
        _cfn_schema.check("table_name", table_name, "AWS::Glue::Table", "TableInput.Name")
        for field, name in (("database_name", database_name), ("table_name", table_name)):
            if name is not None and not is_token(name) and _GLUE_NAME.search(name):
                raise ConfigurationError(field, name, "must contain only lowercase letters, digits and _", path=path)
        if buffering_interval is not None and not is_token(buffering_interval.to_seconds(integral=False)):
            seconds = buffering_interval.to_seconds(integral=False)
            _cfn_schema.check("buffering_interval (seconds)", seconds, *_BUFFERING)
        self.event_stream, self.stream = _source(self, event_stream, existing_stream_obj, kinesis_stream_props, project)
        stack = Stack.of(self)

        if server_access_logs_bucket is None:
            server_access_logs_bucket = s3.Bucket(
                self,
                "AccessLogs",
                encryption=s3.BucketEncryption.S3_MANAGED,  # the only encryption S3 server access logging supports
                block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                enforce_ssl=True,
                lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(90))],
                removal_policy=removal_policy or RemovalPolicy.RETAIN,
            )
        lifecycle_rules = [s3.LifecycleRule(abort_incomplete_multipart_upload_after=Duration.days(7))]
        if expiration is not None:
            with located_at(self):
                check_whole_days("expiration", expiration, "an S3 lifecycle rule")
            lifecycle_rules.append(s3.LifecycleRule(expiration=expiration))
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            server_access_logs_bucket=server_access_logs_bucket,
            server_access_logs_prefix="event-archive/",
            lifecycle_rules=lifecycle_rules,
            removal_policy=removal_policy or RemovalPolicy.RETAIN,
        )

        self.delivery_stream = firehose.DeliveryStream(
            self,
            "DeliveryStream",
            source=firehose.KinesisStreamSource(self.stream),
            destination=firehose.S3Bucket(
                self.bucket,
                dynamic_partitioning=firehose.DynamicPartitioningProps(enabled=True),
                processors=[
                    firehose.MetadataExtractionProcessor.jq16({"event_type": ".event_type"}),
                    # one JSON object per line, which Athena's JSON SerDe needs
                    firehose.AppendDelimiterToRecordProcessor(),
                ],
                data_output_prefix=_DATA_PREFIX
                + "event_type=!{partitionKeyFromQuery:event_type}/dt=!{timestamp:yyyy-MM-dd}/",
                error_output_prefix=_ERROR_PREFIX + "!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
                compression=firehose.Compression.GZIP,
                buffering_interval=buffering_interval or Duration.seconds(300),
                buffering_size=Size.mebibytes(64),  # the minimum with dynamic partitioning
            ),
        )

        self._acknowledge_firehose_findings()

        self.database_name = database_name if database_name is not None else _glue_name(self)
        self.table_name = table_name if table_name is not None else "events"
        self.database = glue.CfnDatabase(
            self,
            "Database",
            catalog_id=stack.account,
            database_input=glue.CfnDatabase.DatabaseInputProperty(
                name=self.database_name, description="Amazon Pinpoint events archived by cdk-pinpoint"
            ),
        )
        location = f"s3://{self.bucket.bucket_name}/{_DATA_PREFIX}"
        self.table = glue.CfnTable(
            self,
            "Table",
            catalog_id=stack.account,
            database_name=self.database_name,
            table_input=glue.CfnTable.TableInputProperty(
                name=self.table_name,
                description="Amazon Pinpoint event stream records, one JSON object per line",
                table_type="EXTERNAL_TABLE",
                parameters={
                    "classification": "json",
                    "compressionType": "gzip",
                    "projection.enabled": "true",
                    "projection.event_type.type": "injected",
                    "projection.dt.type": "date",
                    "projection.dt.format": "yyyy-MM-dd",
                    "projection.dt.range": "NOW-5YEARS,NOW",
                    "projection.dt.interval": "1",
                    "projection.dt.interval.unit": "DAYS",
                    "storage.location.template": location + "event_type=${event_type}/dt=${dt}/",
                },
                partition_keys=[
                    glue.CfnTable.ColumnProperty(name="event_type", type="string"),
                    glue.CfnTable.ColumnProperty(name="dt", type="string"),
                ],
                storage_descriptor=glue.CfnTable.StorageDescriptorProperty(
                    location=location,
                    input_format="org.apache.hadoop.mapred.TextInputFormat",
                    output_format="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    serde_info=glue.CfnTable.SerdeInfoProperty(
                        serialization_library="org.openx.data.jsonserde.JsonSerDe",
                    ),
                    columns=[glue.CfnTable.ColumnProperty(name=n, type=t) for n, t in _EVENT_COLUMNS],
                ),
            ),
        )
        self.table.node.add_dependency(self.database)

    def _acknowledge_firehose_findings(self) -> None:
        Validations.of(self.delivery_stream).acknowledge(
            Acknowledgment(
                id=FIREHOSE_SSE_ID,
                reason="Firehose server-side encryption is not available with a Kinesis data stream source; "
                "records are encrypted at rest by the source stream and by SSE-S3 in the archive bucket",
            )
        )
        s3_role = self.delivery_stream.node.find_child("S3 Destination Role")
        bucket_resource = self.bucket.node.default_child
        assert isinstance(bucket_resource, s3.CfnBucket)
        object_wildcard = f"AwsSolutions-IAM5[Resource::<{Stack.of(self).get_logical_id(bucket_resource)}.Arn>/*]"
        for finding in (*FIREHOSE_S3_GRANT_IDS, object_wildcard):
            Validations.of(s3_role).acknowledge(
                Acknowledgment(
                    id=finding,
                    reason="aws-cdk's Firehose S3 destination grants its role read/write on the archive bucket "
                    "and its objects (and nothing else); Firehose writes objects under generated keys",
                )
            )

    def grant_query(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow reading the archived events and the table's definition (what Athena needs besides
        its own workgroup and results bucket)."""
        objects = self.bucket.grant_read(grantee, f"{_DATA_PREFIX}*")
        stack = Stack.of(self)
        catalog = stack.format_arn(service="glue", resource="catalog")
        database = stack.format_arn(service="glue", resource="database", resource_name=self.database_name)
        table = stack.format_arn(
            service="glue", resource="table", resource_name=f"{self.database_name}/{self.table_name}"
        )
        definition = iam.Grant.add_to_principal(
            grantee=grantee,
            actions=["glue:GetDatabase", "glue:GetPartitions", "glue:GetTable"],
            resource_arns=[catalog, database, table],
        )
        return objects.combine(definition)
