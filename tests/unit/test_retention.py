"""EndpointRetention: the state machine it synthesizes (SDK integrations, retries, the maximum,
dry run, the record), the least-privilege roles, the schedule; cfn-lint and cdk-nag clean."""

from __future__ import annotations

import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3

from cdk_pinpoint import (
    ConfigurationError,
    EndpointRetention,
    Project,
    Recency,
    RecencyDuration,
    Segment,
    SegmentDimensions,
)
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of


def _build(**settings):
    stack, stale = _stack_with_segment()
    records = s3.Bucket.from_bucket_name(stack, "Records", "privacy-records")
    retention = EndpointRetention(stack, "Retention", segment=stale, record_bucket=records, **settings)
    return stack, retention


def _stack_with_segment():
    """A stack with a project and its segment of endpoints inactive for 30 days."""
    stack = make_stack()
    project = Project(stack, "Project", project_name="shop")
    stale = Segment(
        stack,
        "Stale",
        project=project,
        segment_name="inactive-30-days",
        dimensions=SegmentDimensions(recency=Recency.inactive_within(RecencyDuration.DAYS_30)),
    )
    return stack, stale


def _definition(stack) -> dict:
    """The state machine definition, deploy-time values shown as <LogicalId>."""
    [machine] = template_of(stack).find_resources("AWS::StepFunctions::StateMachine").values()
    parts = machine["Properties"]["DefinitionString"]["Fn::Join"][1]

    def show(part):
        if isinstance(part, str):
            return part
        if "Ref" in part:
            return f"<{part['Ref']}>"
        return f"<{part['Fn::GetAtt'][0]}>"

    return json.loads("".join(show(p) for p in parts))


def _all_states(definition: dict) -> dict:
    states = dict(definition["States"])
    for state in definition["States"].values():
        if "ItemProcessor" in state:
            states |= state["ItemProcessor"]["States"]
    return states


def test_a_run_exports_the_segment_waits_for_the_job_then_selects_and_deletes():
    stack, _ = _build()
    definition = _definition(stack)
    states = _all_states(definition)
    assert definition["QueryLanguage"] == "JSONata" and definition["StartAt"] == "CreateExportJob"
    create = states["CreateExportJob"]
    assert create["Resource"] == "arn:<AWS::Partition>:states:::aws-sdk:pinpoint:createExportJob"
    assert create["Arguments"]["ExportJobRequest"]["SegmentId"].startswith("<Stale")
    assert create["Arguments"]["ExportJobRequest"]["S3UrlPrefix"].startswith("{% 's3://<RetentionExports")
    assert [states[s]["Type"] for s in ("WaitForExport", "GetExportJob", "ExportDone?")] == ["Wait", "Task", "Choice"]
    assert states["WaitForExport"]["Seconds"] == 30
    choices = {c["Condition"]: c["Next"] for c in states["ExportDone?"]["Choices"]}
    assert choices == {
        "{% $states.input.Status = 'COMPLETED' %}": "SelectEndpoints",
        "{% $states.input.Status = 'FAILED' %}": "ExportFailed",
    }
    assert states["ExportDone?"]["Default"] == "WaitForExport"
    mapped = states["DeleteEachEndpoint"]
    assert mapped["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    assert mapped["ItemReader"]["ReaderConfig"] == {"InputType": "JSONL"}
    assert mapped["ItemReader"]["Arguments"] == {"Bucket": "privacy-records", "Key": "{% $selection.SelectionKey %}"}
    assert mapped["ToleratedFailurePercentage"] == 100 and mapped["MaxConcurrency"] == 10
    assert mapped["ResultWriter"]["Arguments"] == {"Bucket": "privacy-records", "Prefix": "endpoint-retention/results/"}
    assert states["DeleteEndpoint"]["Resource"] == "arn:<AWS::Partition>:states:::aws-sdk:pinpoint:deleteEndpoint"


def test_delete_endpoint_retries_throttling_with_backoff_and_counts_a_missing_endpoint_as_gone():
    stack, _ = _build()
    delete = _all_states(_definition(stack))["DeleteEndpoint"]
    [retry] = delete["Retry"]
    assert "Pinpoint.TooManyRequestsException" in retry["ErrorEquals"]
    assert (retry["BackoffRate"], retry["JitterStrategy"], retry["MaxAttempts"]) == (2, "FULL", 10)
    assert delete["Catch"] == [
        {"ErrorEquals": ["Pinpoint.NotFoundException"], "Next": "AlreadyGone", "Output": "{% $states.input %}"}
    ]
    # Pinpoint's response is the deleted endpoint, address included: only the id is kept.
    assert delete["Output"] == {"Id": "{% $states.input.Id %}", "Outcome": "DELETED"}


def test_only_an_explicit_dry_run_false_deletes_and_the_schedule_sends_the_configured_mode():
    stack, _ = _build(dry_run=True)
    decision = _all_states(_definition(stack))["DeleteOrReport?"]
    assert decision["Choices"] == [
        {
            "Condition": "{% $states.context.Execution.Input.DryRun = false and $selection.Selected > 0 %}",
            "Next": "DeleteEachEndpoint",
        }
    ]
    assert decision["Default"] == "RecordNoDeletions"
    [rule] = template_of(stack).find_resources("AWS::Events::Rule").values()
    assert json.loads(rule["Properties"]["Targets"][0]["Input"]) == {"DryRun": True}
    assert rule["Properties"]["ScheduleExpression"] == "cron(0 3 * * ? *)"


def test_the_record_holds_counts_and_the_ids_location_never_addresses():
    stack, _ = _build()
    states = _all_states(_definition(stack))
    body = states["RecordDeletions"]["Arguments"]["Body"]
    for field in ('"deleted": $states.input.Deleted', '"failed": $states.input.Failed', '"endpointsSelected"'):
        assert field in body
    report = states["RecordNoDeletions"]["Arguments"]["Body"]
    assert '"deleted": 0' in report and '"dryRun": $not($states.context.Execution.Input.DryRun = false)' in report
    assert "Address" not in json.dumps(states)
    assert states["CountOutcomes"]["Resource"].endswith(":aws-sdk:sfn:describeMapRun")
    assert states["RecordNoDeletions"]["Arguments"]["Key"] == (
        "{% 'endpoint-retention/' & $states.context.Execution.Name & '/' & 'summary.json' %}"
    )


def test_the_selection_function_gets_the_maximum_and_the_opt_out_rule():
    stack, _ = _build(max_deletions_per_run=500, opted_out_for=cdk.Duration.days(60))
    functions = template_of(stack).find_resources("AWS::Lambda::Function")
    [select] = [f for name, f in functions.items() if name.startswith("RetentionSelect")]
    variables = select["Properties"]["Environment"]["Variables"]
    assert variables["MAX_ENDPOINTS"] == "500" and variables["OPTED_OUT_DAYS"] == "60"
    assert variables["RECORD_BUCKET"] == "privacy-records"


def test_iam_uses_pinpoints_iam_prefix_and_names_only_this_projects_jobs_and_endpoints():
    stack, _ = _build()
    policies = template_of(stack).find_resources("AWS::IAM::Policy")
    [machine] = [p for name, p in policies.items() if name.startswith("RetentionStateMachineRoleDefault")]
    statements = machine["Properties"]["PolicyDocument"]["Statement"]
    by_action = {json.dumps(s["Action"]): s["Resource"] for s in statements}
    project_arn = {
        "Fn::GetAtt": [next(k for k in template_of(stack).to_json()["Resources"] if k.startswith("Project")), "Arn"]
    }
    assert by_action['"mobiletargeting:CreateExportJob"'] == {"Fn::Join": ["", [project_arn, "/jobs/export"]]}
    assert by_action['"mobiletargeting:GetExportJob"'] == {"Fn::Join": ["", [project_arn, "/jobs/export/*"]]}
    assert by_action['"mobiletargeting:DeleteEndpoint"'] == {"Fn::Join": ["", [project_arn, "/endpoints/*"]]}
    assert not any(str(s["Action"]).startswith("pinpoint:") for s in statements)


def test_the_export_bucket_is_private_and_forgets_exports_after_a_day():
    stack, _ = _build()
    template_of(stack).has_resource_properties(
        "AWS::S3::Bucket",
        {
            "LifecycleConfiguration": {"Rules": [{"ExpirationInDays": 1, "Status": "Enabled"}]},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
        },
    )


def test_the_stack_is_cfn_lint_and_cdk_nag_clean():
    stack, _ = _build(opted_out_for=cdk.Duration.days(30), schedule=events.Schedule.rate(cdk.Duration.days(7)))
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


@pytest.mark.parametrize(
    ("settings", "field", "allowed"),
    [
        ({"max_deletions_per_run": 0}, "max_deletions_per_run", "between 1 and"),
        ({"max_concurrency": 0}, "max_concurrency", "between 1 and 1000"),
        ({"record_prefix": "no-slash"}, "record_prefix", "must end with '/'"),
        ({"opted_out_for": cdk.Duration.hours(3)}, "opted_out_for", "must be a whole number of days"),
        ({"opted_out_for": cdk.Duration.days(0)}, "opted_out_for (days)", "at least 1"),
        ({"opted_out_for": 30}, "opted_out_for", "must be a Duration"),
        ({"record_bucket": "privacy-records"}, "record_bucket", "s3.Bucket"),
        ({"segment": "seg-1"}, "segment", "Segment of a cdk_pinpoint project"),
    ],
)
def test_bad_settings_fail_at_synth_naming_the_path_and_field(settings, field, allowed):
    stack, segment = _stack_with_segment()
    records = s3.Bucket.from_bucket_name(stack, "Records", "privacy-records")
    with pytest.raises(ConfigurationError, match=allowed) as error:
        EndpointRetention(stack, "Retention", **{"segment": segment, "record_bucket": records, **settings})
    assert (error.value.path, error.value.field) == ("Test/Retention", field)


def test_a_record_bucket_with_a_customer_managed_key_lets_both_roles_use_the_key():
    from aws_cdk import aws_kms as kms

    stack, segment = _stack_with_segment()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    records = s3.Bucket(stack, "Records", encryption_key=key, enforce_ssl=True)
    EndpointRetention(stack, "Retention", segment=segment, record_bucket=records)
    policies = template_of(stack).find_resources("AWS::IAM::Policy")
    using_key = {
        name.split("Role")[0]
        for name, policy in policies.items()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "kms:GenerateDataKey" in statement["Action"]
    }
    assert using_key == {"RetentionStateMachine", "RetentionSelect"}
    ours = [f for f in nag_findings(stack) if any(p.startswith("Test/Retention/") for p in f[2])]
    assert ours == []
