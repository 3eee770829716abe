"""`cdk-pinpoint simulate` throughput and memory on generated endpoints, against the showcase app.

usage: python benchmarks/simulate.py [--endpoints 1000000] [--assembly CDK_OUT] [--repeat 3]

Generates the same endpoints as CSV and as NDJSON (a mix of Berlin/Hamburg email, SMS and push
endpoints in several time zones, some opted out or inactive, some without a first name), then
runs each phase in a fresh Python process, which reports its own time and peak memory (max RSS):

* parse only (the reference): ``csv.reader`` over the file / ``json.loads`` of every line (for CSV,
  ``csv.DictReader`` is printed too: rows as records, which json.loads gives NDJSON for free);
* segments: reading the endpoints into Pinpoint's shape and evaluating every segment of the
  showcase (``simulate`` with only the segments);
* segments + render: the same, plus the welcome email (subject, HTML and text, with its default
  substitutions, blank-variable check) rendered for every endpoint: one message per endpoint;
* full simulate: every segment, campaign (filters, quiet time, rendering) and the journey walk.

Goals (issue 12): segments <= 2x parse-only time; segments + render <= 4x; peak memory flat in
the number of endpoints (each full run is repeated at a tenth of the endpoints to show it) and
under 200 MB at 1,000,000.

Each phase but the full simulate runs ``--repeat`` times (default 3) and its fastest run counts,
and the ratio to parse-only is printed twice: by wall-clock time and by the CPU time of the process
(``time.process_time``), which other work on a shared machine disturbs less.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

AT = "2030-03-10T12:00:00+00:00"
ZONES = ["Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Europe/Berlin", ""]
NAMES = ["Ann", "Bo", "Cy", "", "Di", "Ed"]
CSV_HEADER = ["Id", "ChannelType", "Address", "OptOut", "EndpointStatus", "Demographic.Timezone", "Location.Country",
              "Attributes.City", "Attributes.Role", "Attributes.Interests", "Attributes.Interests", "User.UserId",
              "User.UserAttributes.FirstName", "User.UserAttributes.Age", "Metrics.orders"]  # fmt: skip


def _generate(count: int, folder: Path) -> tuple[Path, Path]:
    rng = random.Random(12)
    csv_path, ndjson_path = folder / "endpoints.csv", folder / "endpoints.ndjson"
    with csv_path.open("w", newline="") as csv_file, ndjson_path.open("w") as ndjson_file:
        writer = csv.writer(csv_file)
        writer.writerow(CSV_HEADER)
        for i in range(count):
            channel = rng.choices(["EMAIL", "SMS", "GCM"], [70, 20, 10])[0]
            city = rng.choices(["Berlin", "Hamburg"], [80, 20])[0]
            role = "tester" if rng.random() < 0.02 else ""
            opt_out = "ALL" if rng.random() < 0.05 else "NONE"
            status = "INACTIVE" if rng.random() < 0.03 else "ACTIVE"
            zone, name = rng.choice(ZONES), rng.choice(NAMES)
            interests = rng.sample(["books", "music", "sport", "film"], rng.randint(0, 2))
            age, orders = str(rng.randint(14, 80)), rng.randint(0, 9)
            address = f"user{i}@example.com" if channel == "EMAIL" else f"+1555{i:07d}"
            country = "DE" if city in ("Berlin", "Hamburg") and rng.random() < 0.9 else "US"
            writer.writerow([f"ep{i}", channel, address, opt_out, status, zone, country, city, role,
                             *[*interests, "", ""][:2], f"user{i}", name, age, orders])  # fmt: skip
            endpoint: dict = {"Id": f"ep{i}", "ChannelType": channel, "Address": address, "OptOut": opt_out,
                              "EndpointStatus": status, "Location": {"Country": country},
                              "Attributes": {"City": [city]}, "Metrics": {"orders": orders},
                              "User": {"UserId": f"user{i}", "UserAttributes": {"Age": [age]}}}  # fmt: skip
            if zone:
                endpoint["Demographic"] = {"Timezone": zone}
            if role:
                endpoint["Attributes"]["Role"] = [role]
            if interests:
                endpoint["Attributes"]["Interests"] = interests
            if name:
                endpoint["User"]["UserAttributes"]["FirstName"] = [name]
            ndjson_file.write(json.dumps(endpoint) + "\n")
    return csv_path, ndjson_path


# ----------------------------------------------------------------------------- phases (run in a child)


def _phase(name: str, path: str, assembly: str) -> dict:
    from datetime import datetime

    from cdk_pinpoint.cli import _stack_templates
    from cdk_pinpoint.simulate import simulate
    from cdk_pinpoint.simulate.assembly import CAMPAIGN_TYPE, JOURNEY_TYPE

    at = datetime.fromisoformat(AT)
    templates = _stack_templates(assembly)
    segments_only = {
        stack: {
            "Resources": {k: r for k, r in t["Resources"].items() if r["Type"] not in (CAMPAIGN_TYPE, JOURNEY_TYPE)}
        }
        for stack, t in templates.items()
    }
    started, cpu_started = time.perf_counter(), time.process_time()
    endpoints = 0
    if name == "parse":
        with open(path, newline="", encoding="utf-8") as handle:
            if path.endswith(".csv"):
                for _row in csv.reader(handle):
                    endpoints += 1
                endpoints -= 1  # the header
            else:
                for line in handle:
                    json.loads(line)
                    endpoints += 1
    elif name == "records":  # CSV rows as records keyed by column: what reading a CSV usually means
        with open(path, newline="", encoding="utf-8") as handle:
            for _record in csv.DictReader(handle):
                endpoints += 1
    elif name == "segments":
        endpoints = simulate(segments_only, [path], at=at)["endpoints"]["read"]
    elif name == "render":
        endpoints = simulate(_one_message_each(segments_only), [path], at=at)["endpoints"]["read"]
    elif name == "full":
        endpoints = simulate(templates, [path], at=at)["endpoints"]["read"]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"seconds": seconds, "cpu": cpu, "endpoints": endpoints, "peak_mb": peak_mb}


def _one_message_each(templates: dict) -> dict:
    """``templates`` plus a campaign to every endpoint that renders one message each: the welcome email
    (subject, HTML, text) for email endpoints, the reminder SMS and the thanks push for the others."""
    (stack,) = templates.values()
    resources = stack["Resources"]
    logical = {
        r["Properties"].get("TemplateName"): k
        for k, r in resources.items()
        if "TemplateName" in r.get("Properties", {})
    }
    app = next(k for k, r in resources.items() if r["Type"] == "AWS::Pinpoint::App")
    resources["Everyone"] = {
        "Type": "AWS::Pinpoint::Segment",
        "Properties": {
            "ApplicationId": {"Ref": app},
            "Name": "everyone",
            "Dimensions": {"Demographic": {"Channel": {"DimensionType": "EXCLUSIVE", "Values": ["IN_APP"]}}},
        },
    }
    resources["OneMessageEach"] = {
        "Type": "AWS::Pinpoint::Campaign",
        "Properties": {
            "ApplicationId": {"Ref": app},
            "Name": "one-message-each",
            "SegmentId": {"Fn::GetAtt": ["Everyone", "SegmentId"]},
            "Schedule": {"Frequency": "ONCE", "StartTime": "2030-03-02T09:00:00Z"},
            "TemplateConfiguration": {
                "EmailTemplate": {"Name": {"Ref": logical["showcase-welcome"]}},
                "SMSTemplate": {"Name": {"Ref": logical["showcase-reminder"]}},
                "PushTemplate": {"Name": {"Ref": logical["showcase-thanks"]}},
            },
        },
    }
    return templates


def _run_child(name: str, path: Path, assembly: str, repeat: int = 1) -> dict:
    """The phase run ``repeat`` times, each in a fresh process: its fastest run (wall and CPU time
    taken separately), so that other work on a shared machine weighs on our figure and on the
    reference alike, as little as it can."""
    runs = []
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, __file__, "--child", name, str(path), "--assembly", assembly],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    best = min(runs, key=lambda run: run["seconds"])
    return {**best, "cpu": min(run["cpu"] for run in runs), "peak_mb": max(run["peak_mb"] for run in runs)}


def _synth(folder: Path) -> str:
    out = folder / "cdk.out"
    env = {**os.environ, "CDK_OUTDIR": str(out), "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    subprocess.run([sys.executable, str(ROOT / "app.py")], check=True, env=env, capture_output=True)
    return str(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoints", type=int, default=1_000_000)
    parser.add_argument("--assembly", help="a synthesized showcase (default: synthesize app.py into a temp folder)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timed phase; the fastest counts")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_phase(args.child[0], args.child[1], args.assembly)))
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        assembly = args.assembly or _synth(folder)
        print(f"generating {args.endpoints:,} endpoints (CSV and NDJSON) ...", flush=True)
        files = _generate(args.endpoints, folder)
        small = folder / "small"
        small.mkdir()
        small_files = _generate(args.endpoints // 10, small)
        for path, small_path in zip(files, small_files, strict=True):
            kind = path.suffix[1:].upper()
            size = path.stat().st_size / 1e6
            print(f"\n{kind}: {args.endpoints:,} endpoints, {size:.0f} MB")
            parse = _run_child("parse", path, assembly, args.repeat)
            print(f"  {'phase':<22}{'endpoints/s':>14}{'seconds':>10}{'x parse':>9}{'cpu s':>8}{'x parse':>9}"
                  f"{'peak MB':>10}")  # fmt: skip
            phases = [("parse", "parse only (ref.)"), ("segments", "segments"),
                      ("render", "segments + render"), ("full", "full simulate")]  # fmt: skip
            if kind == "CSV":
                phases.insert(1, ("records", "csv.DictReader"))
            for name, label in phases:
                repeat = 1 if name == "full" else args.repeat
                figures = parse if name == "parse" else _run_child(name, path, assembly, repeat)
                rate = figures["endpoints"] / figures["seconds"]
                ratio, cpu_ratio = figures["seconds"] / parse["seconds"], figures["cpu"] / parse["cpu"]
                print(f"  {label:<22}{rate:>14,.0f}{figures['seconds']:>10.2f}{ratio:>9.2f}{figures['cpu']:>8.2f}"
                      f"{cpu_ratio:>9.2f}{figures['peak_mb']:>10.0f}")  # fmt: skip
            tenth = _run_child("full", small_path, assembly)
            print(
                f"  full simulate at {args.endpoints // 10:,} endpoints: peak {tenth['peak_mb']:.0f} MB (memory flat)"
            )
    print(f"\nfastest of {args.repeat} runs (full simulate: 1); x parse: wall-clock, then CPU time of the process")
    print("goals: segments <= 2x parse only, segments + render <= 4x, peak < 200 MB at 1,000,000")


if __name__ == "__main__":
    main()
