"""The benchmark's cdk-pinpoint app: the resource set of synth_overhead.py written with our constructs.

usage: python benchmarks/_synth_ours.py N OUTDIR TEMPLATE_FILE

Default settings everywhere (the constructs' defaults; names given where the reference gives
them). Prints one JSON line of phase timings (seconds) to stdout; ``compile`` is the time spent
in the template engine (checking parts and collecting their variables), measured by wrapping
``cdk_pinpoint.templates.check_template``.
"""

from __future__ import annotations

import json
import sys
import time

STARTED = time.perf_counter()

import aws_cdk as cdk  # noqa: E402
from synth_overhead import ACCOUNT, IDENTITY_ARN, REGION, city, email_parts  # noqa: E402

from cdk_pinpoint.campaigns import Campaign, Schedule  # noqa: E402
from cdk_pinpoint.channels import EmailChannel, SmsChannel  # noqa: E402
from cdk_pinpoint.event_stream import EventStream  # noqa: E402
from cdk_pinpoint.project import Project  # noqa: E402
from cdk_pinpoint.segments import AttributeFilter, Segment, SegmentDimensions, SetFilter  # noqa: E402
from cdk_pinpoint.templates import EmailTemplate  # noqa: E402
from cdk_pinpoint.templates import base as templates_module  # noqa: E402  (check_template is called there)

IMPORTED = time.perf_counter()
COMPILE_SECONDS = [0.0]


def _timed(compile_function):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return compile_function(*args, **kwargs)
        finally:
            COMPILE_SECONDS[0] += time.perf_counter() - started

    return timed


templates_module.check_template = _timed(templates_module.check_template)  # type: ignore[assignment]


def build(app: cdk.App, n: int, source: str) -> cdk.Stack:
    stack = cdk.Stack(app, "Bench", env=cdk.Environment(account=ACCOUNT, region=REGION))
    project = Project(stack, "Project", project_name="orders")
    SmsChannel(stack, "Sms", project=project, sender_id="Orders")
    EmailChannel(stack, "Email", project=project, identity=IDENTITY_ARN, from_address="orders@example.com")
    EventStream(stack, "Events", project=project)

    for i in range(n):
        segment = Segment(
            stack,
            f"Segment{i}",
            project=project,
            segment_name=f"email-{city(i).lower()}",
            dimensions=SegmentDimensions(
                channel=SetFilter.is_any_of("EMAIL"), attributes={"City": AttributeFilter.is_any_of(city(i))}
            ),
        )
        subject, html = email_parts(source, i)
        template = EmailTemplate(
            stack, f"Template{i}", template_name=f"order-update-{i}", subject=subject, html_part=html
        )
        Campaign(
            stack,
            f"Campaign{i}",
            project=project,
            segment=segment,
            campaign_name=f"order-update-{i}",
            template=template,
            schedule=Schedule.immediately(),
            holdout_percent=10,
        )
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
    timings = {"import": IMPORTED - STARTED, "build": built - IMPORTED, "synth": done - built}
    print(json.dumps({**timings, "compile": COMPILE_SECONDS[0]}))


if __name__ == "__main__":
    main()
