"""EndpointRetention: delete, on a schedule, the endpoints (personal data) a project no longer uses.

The criteria are a segment you define and can inspect (``segment.matches(endpoint)``), for
example the endpoints inactive for 30 days, optionally narrowed to endpoints that opted out of
everything at least N days ago (a segment cannot say "opted out", so that rule runs on the
exported data). Each run is one AWS Step Functions execution, built from its AWS SDK
integrations rather than a long-running Lambda function:

1. ``pinpoint:CreateExportJob`` exports the segment to a private bucket this construct creates
   (exported files hold addresses: they expire after a day);
2. ``pinpoint:GetExportJob`` every 30 seconds until the job completes (or fails the run);
3. a small function reads the exported files and writes the ids due for deletion, at most
   ``max_deletions_per_run``, as JSON lines to the record bucket (ids only);
4. dry run: a record of what would be deleted; otherwise a distributed map reads those ids
   (S3 JSON-lines item reader) and calls ``pinpoint:DeleteEndpoint`` for each, retrying
   throttling with exponential backoff and jitter; an endpoint that is already gone counts as
   deleted; other failures are recorded, never silent;
5. ``sfn:DescribeMapRun`` counts the outcomes and ``s3:PutObject`` writes the run's record.

Everything written to the record bucket holds endpoint ids and counts, never addresses.
"""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import Acknowledgment, ArnFormat, Duration, Names, RemovalPolicy, Stack, Validations
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from ._construct_checks import check_whole_days, located_at, require_instance
from ._lambda import PinpointFunction
from ._nag import acknowledge_wildcard_resource
from ._service_role import pinpoint_service_role
from ._typed_args import construct_init
from .errors import ConfigurationError, check_range, is_token
from .segments import ISegment, _SegmentBase

#: the largest ``max_deletions_per_run``: a run's deletions finish well within a day at the
#: default concurrency, whatever Pinpoint's throttling.
MAX_DELETIONS_PER_RUN = 1_000_000
EXPORT_POLL = Duration.seconds(30)
_EXPORTS = "exports/"
# Pinpoint's error names in Step Functions' AWS SDK integrations: "<Service>.<Exception>".
THROTTLED = ("Pinpoint.TooManyRequestsException",)
TRANSIENT = ("Pinpoint.InternalServerErrorException", "Pinpoint.ServiceUnavailableException")
NOT_FOUND = ("Pinpoint.NotFoundException",)

_RUN = "$states.context.Execution.Name"
_RESULT_WRITER_V2_FLAG = "@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2"


class EndpointRetention(Construct):
    """Deletes the endpoints of ``segment`` on a schedule, with a record of what it deleted.

    :param scope: the parent construct.
    :param id: the construct id.
    :param segment: the endpoints to delete: a segment of the project (e.g. inactive for 30 days:
        ``SegmentDimensions(recency=Recency.inactive_within(RecencyDuration.DAYS_30))``).
    :param record_bucket: where each run's record goes: ``<record_prefix><run>/summary.json``
        (counts), ``selected.jsonl`` (the ids due) and ``results/`` (each id's outcome).
    :param record_prefix: the key prefix of the records. Default: "endpoint-retention/"
    :param opted_out_for: also require that the endpoint opted out of everything (``OptOut``
        ALL) and has not changed for this long (its ``EffectiveDate``), in whole days, at least one.
        Default: - no opt-out rule.
    :param max_deletions_per_run: the most endpoints one run deletes (the rest wait for the next
        run). Default: 10,000
    :param dry_run: scheduled runs only record what they would delete. A manual run deletes only
        when started with the input ``{"DryRun": false}``. Default: false
    :param schedule: when runs start. Default: - every day at 03:00 UTC
    :param max_concurrency: DeleteEndpoint calls in flight at once. Default: 10
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        segment: ISegment,
        record_bucket: s3.IBucket,
        record_prefix: str | None = None,
        opted_out_for: Duration | None = None,
        max_deletions_per_run: int | None = None,
        dry_run: bool | None = None,
        schedule: events.Schedule | None = None,
        max_concurrency: int | None = None,
    ) -> None:
        super().__init__(scope, id)
        # CDK renders a distributed map's ResultWriterV2 only under this flag; it is set on this
        # construct alone (before it has children), whatever the app's flags are.
        self.node.set_context(_RESULT_WRITER_V2_FLAG, True)
        with located_at(self):
            require_instance("segment", segment, _SegmentBase, "must be a Segment of a cdk_pinpoint project")
            require_instance("record_bucket", record_bucket, s3.BucketBase, "must be an s3.Bucket or an import")
            prefix = record_prefix if record_prefix is not None else "endpoint-retention/"
            if not is_token(prefix) and prefix and not prefix.endswith("/"):
                raise ConfigurationError("record_prefix", prefix, "must end with '/' (or be empty)")
            maximum = max_deletions_per_run if max_deletions_per_run is not None else 10_000
            check_range("max_deletions_per_run", maximum, 1, MAX_DELETIONS_PER_RUN)
            concurrency = max_concurrency if max_concurrency is not None else 10
            check_range("max_concurrency", concurrency, 1, 1000)
            opted_out_days = None
            if opted_out_for is not None:
                require_instance("opted_out_for", opted_out_for, Duration, "must be a Duration")
                check_whole_days("opted_out_for", opted_out_for, "runs compare opt-out dates by day")
                opted_out_days = opted_out_for.to_days(integral=False)
                check_range("opted_out_for (days)", opted_out_days, 1)
        self.segment = segment
        self.dry_run = bool(dry_run)
        project = segment.project
        stack = Stack.of(self)
        app_arn = project.project_arn

        # Exported endpoints hold addresses: a private bucket that forgets them after a day.
        self.export_bucket = s3.Bucket(
            self,
            "Exports",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(1))],
            removal_policy=RemovalPolicy.DESTROY,
        )
        Validations.of(self.export_bucket).acknowledge(
            Acknowledgment(
                id="AwsSolutions-S1",
                reason="holds each run's export for a day; every read and write is by this construct's roles, "
                "which CloudTrail records",
            )
        )
        self.export_role = pinpoint_service_role(
            self,
            "ExportRole",
            description="Lets Amazon Pinpoint export one project's endpoints for deletion",
            source_arns=[app_arn, f"{app_arn}/*"],
        )
        exports = self.export_bucket.arn_for_objects(f"{_EXPORTS}*")
        self.export_role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject"], resources=[exports]))
        self.export_role.add_to_policy(
            iam.PolicyStatement(actions=["s3:GetBucketLocation"], resources=[self.export_bucket.bucket_arn])
        )
        acknowledge_wildcard_resource(
            self.export_role.node.find_child("DefaultPolicy"),
            stack,
            exports,
            "Pinpoint names the exported files; it may write only under this construct's exports/ prefix",
        )

        records = record_bucket.arn_for_objects(f"{prefix}*")
        self.selector = PinpointFunction(
            self,
            "Select",
            handler_package="endpoint_retention",
            handler="endpoint_retention.handler.select",
            description="cdk-pinpoint EndpointRetention: selects the exported endpoints due for deletion",
            timeout=Duration.minutes(15),
            memory_size=512,
            environment={
                "EXPORT_BUCKET": self.export_bucket.bucket_name,
                "RECORD_BUCKET": record_bucket.bucket_name,
                "MAX_ENDPOINTS": str(maximum),
                **({"OPTED_OUT_DAYS": f"{opted_out_days:g}"} if opted_out_days is not None else {}),
            },
        )
        selector_role = self.selector.role
        selector_role.add_to_policy(
            iam.PolicyStatement(actions=["s3:ListBucket"], resources=[self.export_bucket.bucket_arn])
        )
        selector_role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=[exports]))
        selector_role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject"], resources=[records]))
        for wildcard, reason in (
            (exports, "reads the files of the run's export, whose names Pinpoint chooses"),
            (records, "writes each run's selection under the record prefix the user named"),
        ):
            acknowledge_wildcard_resource(selector_role.node.find_child("DefaultPolicy"), stack, wildcard, reason)

        self.state_machine_name = Names.unique_resource_name(self, max_length=80, separator="-")
        self.state_machine = sfn.StateMachine(
            self,
            "StateMachine",
            state_machine_name=self.state_machine_name,
            query_language=sfn.QueryLanguage.JSONATA,
            definition_body=sfn.DefinitionBody.from_chainable(
                self._definition(project.project_id, app_arn, record_bucket, prefix, concurrency)
            ),
            timeout=Duration.hours(23),  # a run never overlaps the next day's
            tracing_enabled=True,
            logs=sfn.LogOptions(
                destination=logs.LogGroup(
                    self, "Logs", retention=logs.RetentionDays.THREE_MONTHS, removal_policy=RemovalPolicy.DESTROY
                ),
                level=sfn.LogLevel.ALL,
                include_execution_data=False,  # states' data would show endpoint ids; the record has them
            ),
        )
        self.export_role.grant_pass_role(self.state_machine.role)
        if record_bucket.encryption_key is not None:  # a bucket encrypted with a customer managed key
            # S3 asks the key for a data key to write and to decrypt to read: those two actions only.
            record_bucket.encryption_key.grant(self.state_machine.role, "kms:Decrypt", "kms:GenerateDataKey")
            record_bucket.encryption_key.grant(selector_role, "kms:GenerateDataKey")
        self._acknowledge_state_machine_findings(stack, app_arn, record_bucket, prefix)

        self.rule = events.Rule(
            self,
            "Schedule",
            description="Starts a cdk-pinpoint EndpointRetention run",
            schedule=schedule or events.Schedule.cron(minute="0", hour="3"),
            targets=[
                targets.SfnStateMachine(
                    self.state_machine, input=events.RuleTargetInput.from_object({"DryRun": self.dry_run})
                )
            ],
        )

    def _definition(
        self, project_id: str, app_arn: str, record_bucket: s3.IBucket, prefix: str, concurrency: int
    ) -> sfn.IChainable:
        run_prefix = f"'{prefix}' & {_RUN} & '/'"
        create = _pinpoint_call(
            self,
            "CreateExportJob",
            parameters={
                "ApplicationId": project_id,
                "ExportJobRequest": {
                    "RoleArn": self.export_role.role_arn,
                    "S3UrlPrefix": f"{{% 's3://{self.export_bucket.bucket_name}/{_EXPORTS}' & {_RUN} & '/' %}}",
                    "SegmentId": self.segment.segment_id,
                },
            },
            iam_resources=[f"{app_arn}/jobs/export"],
            assign={"exportJobId": "{% $states.result.ExportJobResponse.Id %}"},
        )
        wait = sfn.Wait.jsonata(self, "WaitForExport", time=sfn.WaitTime.duration(EXPORT_POLL))
        get = _pinpoint_call(
            self,
            "GetExportJob",
            parameters={"ApplicationId": project_id, "JobId": "{% $exportJobId %}"},
            iam_resources=[f"{app_arn}/jobs/export/*"],
            outputs={
                "Status": "{% $states.result.ExportJobResponse.JobStatus %}",
                "Failures": "{% $states.result.ExportJobResponse.Failures %}",
            },
        )
        for task in (create, get):
            _retry_throttling(task)
        failed = sfn.Fail.jsonata(
            self, "ExportFailed", error="ExportJobFailed", cause="{% $join($states.input.Failures, '; ') %}"
        )
        select = tasks.LambdaInvoke.jsonata(
            self,
            "SelectEndpoints",
            lambda_function=self.selector.function,
            payload=sfn.TaskInput.from_object(
                {
                    "ExportPrefix": f"{{% '{_EXPORTS}' & {_RUN} & '/' %}}",
                    "SelectionKey": f"{{% {run_prefix} & 'selected.jsonl' %}}",
                    "Now": "{% $states.context.Execution.StartTime %}",
                }
            ),
            assign={"selection": "{% $states.result.Payload %}"},
        )
        delete = _pinpoint_call(
            self,
            "DeleteEndpoint",
            parameters={"ApplicationId": project_id, "EndpointId": "{% $states.input.Id %}"},
            iam_resources=[f"{app_arn}/endpoints/*"],
            # The response is the deleted endpoint, address included: keep the id only.
            outputs={"Id": "{% $states.input.Id %}", "Outcome": "DELETED"},
        )
        _retry_throttling(delete)
        already_gone = sfn.Pass.jsonata(
            self, "AlreadyGone", outputs={"Id": "{% $states.input.Id %}", "Outcome": "NOT_FOUND"}
        )
        delete.add_catch(already_gone, errors=list(NOT_FOUND), outputs="{% $states.input %}")
        delete_each = sfn.DistributedMap.jsonata(
            self,
            "DeleteEachEndpoint",
            item_reader=sfn.S3JsonLItemReader(bucket=record_bucket, key="{% $selection.SelectionKey %}"),
            max_concurrency=concurrency,
            tolerated_failure_percentage=100,  # one endpoint's failure never stops the others; all are recorded
            # Each id's outcome, as JSON lines under results/.
            result_writer_v2=sfn.ResultWriterV2(
                bucket=record_bucket,
                prefix=f"{prefix}results/",
                writer_config=sfn.WriterConfig(
                    output_type=sfn.OutputType.JSONL, transformation=sfn.Transformation.COMPACT
                ),
            ),
            assign={"mapRunArn": "{% $states.result.MapRunArn %}"},
        )
        delete_each.item_processor(delete)
        count = tasks.CallAwsService.jsonata(
            self,
            "CountOutcomes",
            service="sfn",
            action="describeMapRun",
            parameters={"MapRunArn": "{% $mapRunArn %}"},
            iam_resources=[
                Stack.of(self).format_arn(
                    service="states",
                    resource="mapRun",
                    resource_name=f"{self.state_machine_name}/*",
                    arn_format=ArnFormat.COLON_RESOURCE_NAME,
                )
            ],
            outputs={
                "Deleted": "{% $states.result.ItemCounts.Succeeded %}",
                "Failed": "{% $states.result.ItemCounts.Failed %}",
                "MapRunArn": "{% $mapRunArn %}",
            },
        )
        record_deletions = self._record(record_bucket, prefix, deleted=True)
        record_no_deletions = self._record(record_bucket, prefix, deleted=False)
        deletes = sfn.Choice.jsonata(self, "DeleteOrReport?")
        # Only an explicit {"DryRun": false} deletes (the schedule sends it unless dry_run=True);
        # a dry run, or a run that selected nothing, records what it found.
        deletes.when(
            sfn.Condition.jsonata("{% $states.context.Execution.Input.DryRun = false and $selection.Selected > 0 %}"),
            delete_each.next(count).next(record_deletions),
        )
        deletes.otherwise(record_no_deletions)
        export_done = sfn.Choice.jsonata(self, "ExportDone?")
        export_done.when(sfn.Condition.jsonata("{% $states.input.Status = 'COMPLETED' %}"), select.next(deletes))
        export_done.when(sfn.Condition.jsonata("{% $states.input.Status = 'FAILED' %}"), failed)
        export_done.otherwise(wait)
        return create.next(wait).next(get).next(export_done)

    def _record(self, bucket: s3.IBucket, prefix: str, *, deleted: bool) -> sfn.IChainable:
        """``summary.json``: the run's counts (the ids are in ``selected.jsonl`` and ``results/``);
        ``deleted``: after the distributed map, whose counts are the state's input."""
        run_prefix = f"'{prefix}' & {_RUN} & '/'"
        fields = {
            "run": _RUN,
            "startedAt": "$states.context.Execution.StartTime",
            "dryRun": "$not($states.context.Execution.Input.DryRun = false)",
            "exportJobId": "$exportJobId",
            "filesRead": "$selection.Files",
            "endpointsScanned": "$selection.Scanned",
            "endpointsSelected": "$selection.Selected",
            "maximumReached": "$selection.Truncated",
            "selectedIds": "$selection.SelectionKey",
        }
        fields |= (
            {"deleted": "$states.input.Deleted", "failed": "$states.input.Failed", "mapRun": "$states.input.MapRunArn"}
            if deleted
            else {"deleted": "0", "failed": "0"}
        )
        body = "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in fields.items()) + "}"
        return tasks.CallAwsService.jsonata(
            self,
            "RecordDeletions" if deleted else "RecordNoDeletions",
            service="s3",
            action="putObject",
            parameters={
                "Bucket": bucket.bucket_name,
                "Key": f"{{% {run_prefix} & 'summary.json' %}}",
                "Body": f"{{% $string({body}) %}}",
                "ContentType": "application/json",
            },
            iam_resources=[bucket.arn_for_objects(f"{prefix}*")],
            outputs="{% $states.input %}",
        )

    def _acknowledge_state_machine_findings(
        self, stack: Stack, app_arn: str, record_bucket: s3.IBucket, prefix: str
    ) -> None:
        policy = self.state_machine.role.node.find_child("DefaultPolicy")
        reasons = {
            f"{app_arn}/jobs/export/*": "GetExportJob on the job the run created; its id exists only at run time",
            f"{app_arn}/endpoints/*": "DeleteEndpoint on the endpoints selected at run time, in this project only",
            record_bucket.arn_for_objects(f"{prefix}*"): "writes each run's summary under the record prefix",
            # written as CDK's item reader and result writer write it (from the bucket's name)
            stack.format_arn(
                service="s3", region="", account="", resource=record_bucket.bucket_name, resource_name="*"
            ): "the distributed map reads the selection and writes results under "
            "the record prefix, and the record is written there; object names are made per run",
        }
        for arn, reason in reasons.items():
            acknowledge_wildcard_resource(policy, stack, arn, reason)
        acknowledge_wildcard_resource(
            policy, stack, "*", "X-Ray tracing and log delivery to CloudWatch Logs accept no narrower resource"
        )
        acknowledge_wildcard_resource(
            policy,
            stack,
            f"{self.selector.function.function_arn}:*",
            "invokes the selection function's versions (CDK's LambdaInvoke grant); no other function",
        )
        # CDK's own policy for the distributed map: its child executions have ids made at run time.
        map_policy = self.state_machine.node.find_child("DistributedMapPolicy")
        for statement in stack.resolve(map_policy.document)["Statement"]:  # type: ignore[attr-defined]
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            for resource in resources:
                if "*" in json.dumps(resource):
                    acknowledge_wildcard_resource(
                        map_policy,
                        stack,
                        resource,
                        "the distributed map's child executions of this state machine; their ids exist at run time",
                    )
        acknowledge_wildcard_resource(
            policy,
            stack,
            stack.format_arn(
                service="states",
                resource="mapRun",
                resource_name=f"{self.state_machine_name}/*",
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            ),
            "DescribeMapRun on this state machine's own map runs, whose ids exist only at run time",
        )


def _pinpoint_call(scope: Construct, action: str, **settings: Any) -> tasks.CallAwsService:
    """A Pinpoint API call (``action`` as the API names it) through Step Functions' SDK integration,
    authorized under Pinpoint's IAM prefix, which is not its SDK name."""
    return tasks.CallAwsService.jsonata(
        scope,
        action,
        service="pinpoint",
        action=action[0].lower() + action[1:],
        iam_action=f"mobiletargeting:{action}",
        **settings,
    )


def _retry_throttling(task: sfn.TaskStateBase) -> None:
    """Pinpoint's throttling and transient errors: exponential backoff with full jitter, for minutes."""
    task.add_retry(
        errors=list(THROTTLED + TRANSIENT),
        interval=Duration.seconds(1),
        backoff_rate=2,
        max_attempts=10,
        max_delay=Duration.seconds(60),
        jitter_strategy=sfn.JitterType.FULL,
    )


__all__ = ["EndpointRetention"]
