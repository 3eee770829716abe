"""EventStream: stream a project's events to a Kinesis data stream or a Firehose delivery stream.

The construct creates the role Pinpoint assumes to write the events: trusted only by
``pinpoint.amazonaws.com`` for this account and this project, allowed only to describe and write
to the one destination (and to use its KMS key, if it has one).

The default destination is a new Kinesis data stream encrypted with the AWS managed key
(``StreamEncryption.MANAGED``, ``alias/aws/kinesis``). That is KMS encryption at rest, passes
cdk-nag's KDS1 and KDS3, costs no key, and lets producers (Pinpoint) and consumers (an
``EventProcessor``) use the stream without KMS permissions or key policies. A customer managed key
is one argument away: ``EventDestination.new_kinesis_stream(encryption_key=key)``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import Acknowledgment, Annotations, Duration, Resource, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct

from . import _cfn_schema
from ._construct_checks import other_region, project_of
from ._project_base import IProject
from ._project_scoped import check_one_per_project
from ._typed_args import checked_values, construct_init
from .errors import ConfigurationError, is_token

if TYPE_CHECKING:  # only in annotations: importing them costs ~0.08 s of every synth (jsii modules)
    from aws_cdk import aws_kinesisfirehose as firehose
    from aws_cdk import aws_kms as kms

# Sorted; what Pinpoint needs to publish events (developer guide, "IAM role for streaming events").
KINESIS_ACTIONS = ("kinesis:DescribeStream", "kinesis:PutRecords")
FIREHOSE_ACTIONS = ("firehose:DescribeDeliveryStream", "firehose:PutRecordBatch")
KMS_ACTIONS = ("kms:GenerateDataKey",)

#: The id of the warning a destination in another region gives (acknowledge it with
#: ``Annotations.of(event_stream).acknowledge_warning(OTHER_REGION_WARNING_ID, reason)``).
OTHER_REGION_WARNING_ID = "cdk-pinpoint:event-stream-other-region"

_FIREHOSE_ARN = re.compile(r"^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream/[A-Za-z0-9_.-]{1,64}$")
# the schema says 1, but aws-cdk's kinesis.Stream rejects less than 24 hours (Kinesis's own minimum)
_MIN_RETENTION_HOURS = (24, "aws-cdk's kinesis.Stream")
_STREAM = "AWS::Kinesis::Stream"


class _DestinationKind(enum.Enum):
    NEW_KINESIS_STREAM = "new Kinesis stream"
    KINESIS_STREAM = "Kinesis stream"
    FIREHOSE = "Firehose delivery stream"


@checked_values(field="destination")
@dataclass(frozen=True)
class EventDestination:
    """Where an ``EventStream`` publishes events. Build it with one of the static methods."""

    kind: _DestinationKind
    stream: kinesis.IStream | None = None
    delivery_stream_arn: str | None = None
    stream_name: str | None = None
    shard_count: int | None = None
    retention_period: Duration | None = None
    encryption_key: kms.IKey | None = None

    @staticmethod
    def new_kinesis_stream(
        *,
        stream_name: str | None = None,
        shard_count: int | None = None,
        retention_period: Duration | None = None,
        encryption_key: kms.IKey | None = None,
    ) -> EventDestination:
        """A Kinesis data stream the ``EventStream`` creates (child id ``Stream``).

        :param stream_name: the stream's name, 1-128 characters. Default: - a generated name.
        :param shard_count: the number of shards (provisioned mode). Default: 1
        :param retention_period: how long records are kept, 24 hours to 365 days.
            Default: Duration.hours(24)
        :param encryption_key: a customer managed key to encrypt the stream with; Pinpoint's role
            gets ``kms:GenerateDataKey`` on it. Default: - the AWS managed key ``alias/aws/kinesis``.
        """
        _cfn_schema.check("stream_name", stream_name, _STREAM, "Name")
        _cfn_schema.check("shard_count", shard_count, _STREAM, "ShardCount")
        if retention_period is not None:
            hours = retention_period.to_hours(integral=False)
            _cfn_schema.check(
                "retention_period (hours)",
                hours,
                _STREAM,
                "RetentionPeriodHours",
                stricter_minimum=_MIN_RETENTION_HOURS,
            )
        return EventDestination(
            _DestinationKind.NEW_KINESIS_STREAM,
            stream_name=stream_name,
            shard_count=shard_count,
            retention_period=retention_period,
            encryption_key=encryption_key,
        )

    @staticmethod
    def kinesis(stream: kinesis.IStream) -> EventDestination:
        """An existing Kinesis data stream; if it has an ``encryption_key``, Pinpoint may use it.

        :param stream: the stream (created in this app or imported).
        """
        if isinstance(stream, str) or not hasattr(stream, "stream_arn"):
            raise ConfigurationError("destination.stream", stream, "must be a kinesis.IStream")
        return EventDestination(_DestinationKind.KINESIS_STREAM, stream=stream)

    @staticmethod
    def firehose(delivery_stream: firehose.IDeliveryStream) -> EventDestination:
        """An existing Amazon Data Firehose delivery stream.

        :param delivery_stream: the delivery stream (created in this app or imported).
        """
        if isinstance(delivery_stream, str) or not hasattr(delivery_stream, "delivery_stream_arn"):
            raise ConfigurationError(
                "destination.delivery_stream",
                delivery_stream,
                "must be a kinesisfirehose.IDeliveryStream (use EventDestination.firehose_arn for an ARN)",
            )
        return EventDestination(_DestinationKind.FIREHOSE, delivery_stream_arn=delivery_stream.delivery_stream_arn)

    @staticmethod
    def firehose_arn(delivery_stream_arn: str) -> EventDestination:
        """An existing Firehose delivery stream, by ARN.

        :param delivery_stream_arn: ``arn:aws:firehose:<region>:<account>:deliverystream/<name>``.
        """
        if not is_token(delivery_stream_arn) and not (
            isinstance(delivery_stream_arn, str) and _FIREHOSE_ARN.match(delivery_stream_arn)
        ):
            raise ConfigurationError(
                "destination.delivery_stream_arn",
                delivery_stream_arn,
                "must be a Firehose delivery stream ARN (arn:aws:firehose:<region>:<account>:deliverystream/<name>)",
            )
        return EventDestination(_DestinationKind.FIREHOSE, delivery_stream_arn=delivery_stream_arn)


class EventStream(Resource):
    """Streams a project's events (``AWS::Pinpoint::EventStream``) to Kinesis or Firehose.

    Pinpoint allows one event stream per project; a second ``EventStream`` for the same project in
    the app fails at synth.

    :param scope: the parent construct.
    :param id: the construct id.
    :param project: the project whose events are streamed.
    :param destination: where the events go: ``EventDestination.new_kinesis_stream(...)``,
        ``EventDestination.kinesis(stream)``, ``EventDestination.firehose(delivery_stream)`` or
        ``EventDestination.firehose_arn(arn)``. Default: - a new Kinesis data stream with one shard,
        24 hours' retention, encrypted with the AWS managed key.

    Attributes: ``project``, ``kinesis_stream`` (the Kinesis stream, or None for Firehose),
    ``delivery_stream_arn`` (the Firehose ARN, or None for Kinesis), ``destination_stream_arn``,
    ``role`` (the role Pinpoint assumes) and ``resource`` (the ``CfnEventStream``).
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: IProject,
        destination: EventDestination | None = None,
    ) -> None:
        super().__init__(scope, id)
        project_of(self, project)
        if destination is None:
            destination = EventDestination.new_kinesis_stream()
        if not isinstance(destination, EventDestination):
            raise ConfigurationError(
                "destination",
                destination,
                "must be an EventDestination (EventDestination.kinesis / new_kinesis_stream / firehose / firehose_arn)",
                path=self.node.path,
            )
        check_one_per_project(self, project, _cfn_schema.resource_type_of(pinpoint.CfnEventStream))
        self.project = project

        self.kinesis_stream: kinesis.IStream | None = None
        self.delivery_stream_arn: str | None = None
        if destination.kind is _DestinationKind.FIREHOSE:
            self.delivery_stream_arn = destination.delivery_stream_arn
        elif destination.kind is _DestinationKind.KINESIS_STREAM:
            self.kinesis_stream = destination.stream
        else:
            self.kinesis_stream = self._new_stream(destination)
        self.destination_stream_arn: str = (
            self.kinesis_stream.stream_arn if self.kinesis_stream is not None else self.delivery_stream_arn  # type: ignore[assignment]
        )
        self._warn_other_region()

        self.role = self._pinpoint_role()
        self._resource = _cfn_schema.create(
            pinpoint.CfnEventStream,
            self,
            "Resource",
            application_id=project.project_id,
            destination_stream_arn=self.destination_stream_arn,
            role_arn=self.role.role_arn,
        )
        # Pinpoint checks the role's permissions when the event stream is created.
        self._resource.node.add_dependency(self.role)

    @property
    def resource(self) -> pinpoint.CfnEventStream:
        """The underlying ``AWS::Pinpoint::EventStream``, for escape hatches."""
        return self._resource

    def _warn_other_region(self) -> None:
        """A warning, not an error: no AWS page says Pinpoint cannot stream to another region (the API
        and CloudFormation references take any stream ARN), but every example keeps them together."""
        region = other_region(self, self.destination_stream_arn)
        if region is not None:
            Annotations.of(self).add_warning_v2(
                OTHER_REGION_WARNING_ID,
                f"destination={self.destination_stream_arn} is in another region than the stack's ({region}); AWS "
                "does not document whether Pinpoint streams events across regions. Keep the stream in the project's "
                f"region, or acknowledge {OTHER_REGION_WARNING_ID} if you have seen it work.",
            )

    def _new_stream(self, destination: EventDestination) -> kinesis.Stream:
        key = destination.encryption_key
        stream = kinesis.Stream(
            self,
            "Stream",
            stream_name=destination.stream_name,
            shard_count=destination.shard_count,
            retention_period=destination.retention_period,
            encryption=kinesis.StreamEncryption.KMS if key is not None else kinesis.StreamEncryption.MANAGED,
            encryption_key=key,
        )
        if key is not None:
            Validations.of(stream).acknowledge(
                Acknowledgment(
                    id="AwsSolutions-KDS3",
                    reason="the user chose a customer managed key (encryption_key) instead of alias/aws/kinesis",
                )
            )
        return stream

    def _pinpoint_role(self) -> iam.Role:
        stack = Stack.of(self)
        project_arn = self.project.project_arn
        role = iam.Role(
            self,
            "Role",
            description="Lets Amazon Pinpoint publish this project's events to its event stream",
            assumed_by=iam.ServicePrincipal(
                "pinpoint.amazonaws.com",
                conditions={
                    "StringEquals": {"aws:SourceAccount": stack.account},
                    "ArnLike": {"aws:SourceArn": [project_arn, f"{project_arn}/*"]},
                },
            ),
        )
        actions = FIREHOSE_ACTIONS if self.kinesis_stream is None else KINESIS_ACTIONS
        role.add_to_policy(iam.PolicyStatement(actions=list(actions), resources=[self.destination_stream_arn]))
        key = self.kinesis_stream.encryption_key if self.kinesis_stream is not None else None
        if key is not None:
            role.add_to_policy(iam.PolicyStatement(actions=list(KMS_ACTIONS), resources=[key.key_arn]))
        return role
