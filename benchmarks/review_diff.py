"""`cdk-pinpoint diff` next to `cdk diff --template` on the same pair of templates, in one run.

usage: python benchmarks/review_diff.py [--repetitions 5] [--campaigns 100]

1. The showcase: app.py synthesized into a base assembly (as `cdk synth` would, see
   cdk_pinpoint.review.synth); the head is that assembly with a pull request's worth of edits made
   in its template (one word of the welcome email, a segment's city, the journey's wait P2D -> P3D,
   a campaign's evening send time). Both tools get the same pair:
     ours:  cdk-pinpoint diff BASE_TEMPLATE HEAD_ASSEMBLY --format markdown
     cdk:   npx aws-cdk@2.1148.1 diff --app HEAD_ASSEMBLY --template BASE_TEMPLATE   (offline: no credentials)
   Each is one fresh process, the wall time a user waits for; one untimed warm-up each (npm's cache,
   bytecode), then --repetitions runs alternating. Printed: medians, best, and the median of the
   pairs' ratios ours/cdk. Goal: at most 0.5.
2. An app of --campaigns campaigns (one project, a segment and an email template per campaign),
   synthesized twice with every campaign's schedule and message changed in the head. Our diff's wall
   time, as above. Goal: at most 1 s.
If npx or the CDK CLI cannot be had, the script says so and measures ours alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
CDK_CLI = "aws-cdk@2.1148.1"
STACK = "CdkPinpointShowcase"
ENV = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20", "PYTHONDONTWRITEBYTECODE": "1"}
# (old, new) text edits in the showcase's template: what a small pull request changes.
EDITS = [
    ("You are an 18-year-old in the US.{{else}}", "You are an adult in the US.{{else}}"),
    ('"Values": ["Berlin"]', '"Values": ["Munich"]'),
    ("P2D", "P3D"),
    ('"StartTime": "2030-03-02T18:00:00Z"', '"StartTime": "2030-03-02T19:00:00Z"'),
]
CAMPAIGNS_APP = """
import sys
from datetime import UTC, datetime
import aws_cdk as cdk
from cdk_pinpoint import EmailTemplate, Project
from cdk_pinpoint.campaigns import Campaign, Schedule
from cdk_pinpoint.segments import AttributeFilter, Segment, SegmentDimensions

count, hour, word = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
app = cdk.App()
stack = cdk.Stack(app, "Campaigns")
project = Project(stack, "Project", project_name="bench")
for i in range(count):
    segment = Segment(stack, f"Segment{i}", project=project, name=f"city-{i}",
                      dimensions=SegmentDimensions(attributes={"City": AttributeFilter.is_any_of(f"City {i}")}))
    template = EmailTemplate(stack, f"Template{i}", template_name=f"bench-{i}", subject=f"News {i}",
                             html_part=f"<p>Hello {{{{User.UserAttributes.FirstName}}}}, {word} news {i}</p>")
    Campaign(stack, f"Campaign{i}", project=project, segment=segment, name=f"campaign-{i}",
             template=template, holdout_percent=10,
             schedule=Schedule.once(datetime(2030, 3, 2, hour, 0, tzinfo=UTC)))
app.synth()
"""


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed


def synth_showcase(folder: Path) -> tuple[Path, Path]:
    base = folder / "base"
    subprocess.run(
        [sys.executable, "app.py"], cwd=REPO, env={**ENV, "CDK_OUTDIR": str(base)}, check=True, capture_output=True
    )
    head = folder / "head"
    shutil.copytree(base, head)
    text = json.dumps(json.loads((head / f"{STACK}.template.json").read_text()))
    for old, new in EDITS:
        if old not in text:
            raise SystemExit(f"benchmark edit no longer applies to the showcase: {old}")
        text = text.replace(old, new)
    (head / f"{STACK}.template.json").write_text(json.dumps(json.loads(text), indent=1))
    return base / f"{STACK}.template.json", head


def cdk_cli_available(folder: Path) -> str | None:
    """None if `npx aws-cdk` runs; else why not."""
    if shutil.which("npx") is None:
        return "npx is not on the PATH"
    result = subprocess.run(["npx", "--yes", CDK_CLI, "--version"], cwd=folder, env=ENV, capture_output=True, text=True)
    return None if result.returncode == 0 else f"npx {CDK_CLI} failed: {result.stderr.strip()[:300]}"


def summary(command: list[str], cwd: Path) -> str:
    """What the diff found (so a fast figure cannot come from finding nothing)."""
    result = subprocess.run([*command[:-2], "--format", "json"], cwd=cwd, env=ENV, capture_output=True, text=True)
    return ", ".join(f"{count} {kind}" for kind, count in json.loads(result.stdout)["summary"].items() if count)


def report(name: str, times: list[float]) -> None:
    print(f"  {name:<38} median {statistics.median(times):6.3f} s   best {min(times):6.3f} s   ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--campaigns", type=int, default=100)
    args = parser.parse_args()
    ours_cli = [sys.executable, "-m", "cdk_pinpoint.cli", "diff"]
    with tempfile.TemporaryDirectory(prefix="review-bench-") as temporary:
        folder = Path(temporary)
        base_template, head = synth_showcase(folder)
        ours = [*ours_cli, str(base_template), str(head), "--format", "markdown"]
        cdk = ["npx", "--yes", CDK_CLI, "diff", "--app", str(head), "--template", str(base_template), STACK]
        missing = cdk_cli_available(folder)
        print(f"1. showcase ({len(json.loads(base_template.read_text())['Resources'])} resources), {len(EDITS)} edits")
        timed(ours, folder)
        print(f"  found: {summary(ours, folder)}")
        ours_times, cdk_times, ratios = [], [], []
        if missing:
            print(f"  the CDK CLI is not available ({missing}): measuring ours alone")
        else:
            timed(cdk, folder)
        for repetition in range(args.repetitions):
            pair = [("ours", ours), ("cdk", cdk)] if repetition % 2 == 0 else [("cdk", cdk), ("ours", ours)]
            measured = {}
            for name, command in pair:
                if name == "cdk" and missing:
                    continue
                measured[name] = timed(command, folder)
            ours_times.append(measured["ours"])
            if "cdk" in measured:
                cdk_times.append(measured["cdk"])
                ratios.append(measured["ours"] / measured["cdk"])
        report("cdk-pinpoint diff (markdown)", ours_times)
        if cdk_times:
            report(f"cdk diff --template ({CDK_CLI})", cdk_times)
            ratio = statistics.median(ratios)
            print(
                f"  ratio ours/cdk: median of pairs {ratio:.2f} (goal <= 0.50: {'met' if ratio <= 0.5 else 'NOT met'})"
            )

        print(f"2. an app of {args.campaigns} campaigns (and as many segments and templates), every campaign changed")
        sides = []
        for side, hour, word in (("base", 9, "spring"), ("head", 10, "summer")):
            outdir = folder / f"campaigns-{side}"
            subprocess.run(
                [sys.executable, "-c", CAMPAIGNS_APP, str(args.campaigns), str(hour), word],
                env={**ENV, "CDK_OUTDIR": str(outdir)},
                check=True,
                capture_output=True,
            )
            sides.append(str(outdir))
        command = [*ours_cli, *sides, "--format", "markdown"]
        timed(command, folder)
        print(f"  found: {summary(command, folder)}")
        times = [timed(command, folder) for _ in range(args.repetitions)]
        report(f"cdk-pinpoint diff, {args.campaigns} campaigns", times)
        best = statistics.median(times)
        print(f"  goal <= 1 s: {'met' if best <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
