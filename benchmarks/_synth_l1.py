"""The benchmark's reference app: the resource set of synth_overhead.py written with aws-cdk-lib only.

usage: python benchmarks/_synth_l1.py N OUTDIR TEMPLATE_FILE

What a user writes without cdk-pinpoint: the ``aws_pinpoint`` Cfn* resources with camelCase
dicts, and the event stream's Kinesis stream and role with aws-cdk-lib's own constructs (the
same ``kinesis.Stream`` and ``iam.Role`` cdk-pinpoint uses, so that part costs both sides the same).
Prints one JSON line of phase timings (seconds) to stdout.
"""

from __future__ import annotations

import json
import sys
import time

STARTED = time.perf_counter()

import aws_cdk as cdk  # noqa: E402
from aws_cdk import aws_iam as iam  # noqa: E402
from aws_cdk import aws_kinesis as kinesis  # noqa: E402
from aws_cdk import aws_pinpoint as pinpoint  # noqa: E402
from synth_overhead import ACCOUNT, IDENTITY_ARN, REGION, city, email_parts  # noqa: E402

IMPORTED = time.perf_counter()


def build(app: cdk.App, n: int, source: str) -> cdk.Stack:
    stack = cdk.Stack(app, "Bench", env=cdk.Environment(account=ACCOUNT, region=REGION))
    project = pinpoint.CfnApp(stack, "Project", name="orders")
    project.apply_removal_policy(cdk.RemovalPolicy.RETAIN)

    pinpoint.CfnSMSChannel(stack, "Sms", application_id=project.ref, enabled=True, sender_id="Orders")
    pinpoint.CfnEmailChannel(
        stack, "Email", application_id=project.ref, enabled=True, identity=IDENTITY_ARN,
        from_address="orders@example.com",
    )  # fmt: skip

    stream = kinesis.Stream(stack, "EventsStream", encryption=kinesis.StreamEncryption.MANAGED)
    role = iam.Role(
        stack,
        "EventsRole",
        assumed_by=iam.ServicePrincipal(
            "pinpoint.amazonaws.com",
            conditions={
                "StringEquals": {"aws:SourceAccount": stack.account},
                "ArnLike": {"aws:SourceArn": [project.attr_arn, f"{project.attr_arn}/*"]},
            },
        ),
    )
    role.add_to_policy(
        iam.PolicyStatement(actions=["kinesis:DescribeStream", "kinesis:PutRecords"], resources=[stream.stream_arn])
    )
    events = pinpoint.CfnEventStream(
        stack, "Events", application_id=project.ref, destination_stream_arn=stream.stream_arn, role_arn=role.role_arn
    )
    events.node.add_dependency(role)  # Pinpoint checks the role when the event stream is created

    for i in range(n):
        segment = pinpoint.CfnSegment(
            stack,
            f"Segment{i}",
            application_id=project.ref,
            name=f"email-{city(i).lower()}",
            dimensions={
                "demographic": {"channel": {"dimensionType": "INCLUSIVE", "values": ["EMAIL"]}},
                "attributes": {"City": {"AttributeType": "INCLUSIVE", "Values": [city(i)]}},
            },
        )
        subject, html = email_parts(source, i)
        template = pinpoint.CfnEmailTemplate(
            stack, f"Template{i}", template_name=f"order-update-{i}", subject=subject, html_part=html
        )
        campaign = pinpoint.CfnCampaign(
            stack,
            f"Campaign{i}",
            application_id=project.ref,
            name=f"order-update-{i}",
            segment_id=segment.attr_segment_id,
            schedule={"frequency": "ONCE", "startTime": "IMMEDIATE"},
            template_configuration={"emailTemplate": {"name": template.template_name}},
            holdout_percent=10,
        )
        # The campaign names its template by a plain string, so CloudFormation must be told to create the
        # template first and delete it last, as cdk-pinpoint's Campaign does: same template, same work.
        campaign.add_resource_dependency(template)
    return stack


def main() -> None:
    n, outdir, template_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(template_file, encoding="utf-8") as file:
        source = file.read()
    app = cdk.App(outdir=outdir)
    build(app, n, source)
    built = time.perf_counter()
    app.synth()
    done = time.perf_counter()
    print(json.dumps({"import": IMPORTED - STARTED, "build": built - IMPORTED, "synth": done - built}))


if __name__ == "__main__":
    main()
