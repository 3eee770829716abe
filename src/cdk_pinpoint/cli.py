"""``cdk-pinpoint``: render and validate message templates, and read a synthesized cloud assembly.

    cdk-pinpoint render TEMPLATE_FILE --endpoint ENDPOINT.json [--defaults DEFAULTS.json]
    cdk-pinpoint validate TEMPLATE_FILE...
    cdk-pinpoint simulate [CDK_OUT] --endpoints FILE   who each segment, campaign and journey reaches
    cdk-pinpoint graph [CDK_OUT]        the journeys in a cloud assembly, as Mermaid flowcharts
    cdk-pinpoint summary [CDK_OUT]      what each stack in a cloud assembly holds
    cdk-pinpoint diff BASE HEAD         what a change does, for a pull-request review (see README)
    cdk-pinpoint send-test --project P --template T (--to A | --endpoint ID | --user ID) [--dry-run]
                                        send a template to test recipients (see cdk_pinpoint.send_test)

Each command imports only what it needs: rendering never loads aws_cdk or jsii.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

_ASSEMBLY_HELP = "the cloud assembly (default: cdk.out, else $CDK_OUTDIR, else cdk.json's output)"


def default_assembly() -> str:
    """Where the CDK CLI put the app's cloud assembly: ``cdk.out`` when it exists, else ``$CDK_OUTDIR``,
    else the ``output`` of the ``cdk.json`` in this folder (the CLI's own order), else ``cdk.out``."""
    if Path("cdk.out").is_dir():
        return "cdk.out"
    if os.environ.get("CDK_OUTDIR"):
        return os.environ["CDK_OUTDIR"]
    try:
        output = json.loads(Path("cdk.json").read_text()).get("output")
    except (OSError, ValueError, AttributeError):
        output = None
    return output if isinstance(output, str) and output else "cdk.out"


def _stack_templates(cdk_out: str | None) -> dict[str, dict[str, Any]]:
    """Stack name -> template, from a cloud assembly's manifest."""
    cdk_out = cdk_out or default_assembly()
    root = Path(cdk_out)
    manifest_path = root / "manifest.json"
    if not manifest_path.exists():
        raise SystemExit(
            f"cdk-pinpoint: {cdk_out}: no cloud assembly (manifest.json) here; run `cdk synth` in your app first, "
            "or pass the assembly folder (cdk.json's output, or CDK_OUTDIR)"
        )
    manifest = json.loads(manifest_path.read_text())
    templates = {}
    for name, artifact in sorted(manifest.get("artifacts", {}).items()):
        if artifact.get("type") == "aws:cloudformation:stack":
            template_file = artifact["properties"]["templateFile"]
            templates[name] = json.loads((root / template_file).read_text())
    return templates


def summary_command(cdk_out: str | None) -> int:
    """Print, per stack, how many resources of each type it holds."""
    templates = _stack_templates(cdk_out)
    for name, template in templates.items():
        resources = template.get("Resources", {})
        counts = Counter(r["Type"] for r in resources.values())
        print(f"{name}: {len(resources)} resources")
        for resource_type, count in sorted(counts.items()):
            print(f"  {count:3d}  {resource_type}")
    print(f"{len(templates)} stack(s) synthesized into {cdk_out or default_assembly()}")
    return 0


def graph_command(cdk_out: str | None) -> int:
    """Print every journey in the assembly as a Mermaid flowchart."""
    from .journeys.graph import mermaid_from_request

    found = 0
    for stack_name, template in _stack_templates(cdk_out).items():
        for logical_id, resource in template.get("Resources", {}).items():
            if resource.get("Type") != "Custom::PinpointJourney":
                continue
            request = resource["Properties"]["Request"]
            if not isinstance(request, str):
                print(f"{stack_name}/{logical_id}: request holds deploy-time values; rendering what is known")
                request = json.dumps(request)
            found += 1
            print(f"%% {stack_name}/{logical_id}")
            print(mermaid_from_request(json.loads(request)))
    if not found:
        print(f"no journeys in {cdk_out or default_assembly()}")
    return 0


def simulate_command(args: argparse.Namespace) -> int:
    """Print the dry run of the assembly against the endpoint files."""
    from datetime import UTC, datetime

    from .simulate import format_report, simulate

    try:
        at = datetime.fromisoformat(args.at) if args.at else datetime.now(UTC)
    except ValueError:
        raise SystemExit(f"--at {args.at!r} is not an ISO 8601 time (e.g. 2030-03-02T09:00:00Z)") from None
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    imported = dict(item.split("=", 1) for item in args.imported if "=" in item)
    if len(imported) != len(args.imported):
        raise SystemExit("--imported takes NAME=FILE")
    for path in [*args.endpoints, *imported.values()]:
        if not Path(path).is_file():
            raise SystemExit(f"{path}: no such file")
    report = simulate(
        _stack_templates(args.cdk_out), args.endpoints, at=at, imported=imported, out=args.out, limit=args.limit
    )
    print(format_report(report, args.format), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cdk-pinpoint", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    render = commands.add_parser("render", help="render a message template for one endpoint")
    render.add_argument("template_file")
    render.add_argument("--endpoint", required=True, help="the endpoint (message context) as JSON")
    render.add_argument("--defaults", help="default substitutions as JSON")

    validate = commands.add_parser("validate", help="report every error in message templates")
    validate.add_argument("files", nargs="+")

    simulate = commands.add_parser("simulate", help="dry run: segments, campaigns and journeys against endpoints")
    simulate.add_argument("cdk_out", nargs="?", help=_ASSEMBLY_HELP)
    simulate.add_argument("--endpoints", action="append", required=True, help="a CSV or NDJSON endpoint file")
    simulate.add_argument("--at", help="the simulated time, ISO 8601 (default: now)")
    simulate.add_argument("--imported", action="append", default=[], help="NAME=FILE: an imported segment's file")
    simulate.add_argument("--out", help="a folder for segment CSVs, rendered messages and rendering problems")
    simulate.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    simulate.add_argument("--limit", type=int, default=10, help="endpoints named per segment (default: 10)")

    for name, help_text in (("graph", "print the journeys as Mermaid"), ("summary", "summarise the stacks")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("cdk_out", nargs="?", help=_ASSEMBLY_HELP)

    from .review.command import add_arguments as add_diff_arguments
    from .review.command import diff_command
    from .send_test import add_arguments as add_send_test_arguments

    add_diff_arguments(commands.add_parser("diff", help="review the change between two synthesized apps"))
    add_send_test_arguments(commands.add_parser("send-test", help="send a template to test recipients"))

    args = parser.parse_args(argv)
    if args.command == "diff":
        return diff_command(args)
    if args.command == "render":
        from .rendering.cli import render_command

        return render_command(args.template_file, args.endpoint, args.defaults)
    if args.command == "simulate":
        return simulate_command(args)
    if args.command == "validate":
        from .rendering.cli import validate_command

        return validate_command(args.files)
    if args.command == "send-test":
        from .send_test import send_test_command

        return send_test_command(args)
    if args.command == "graph":
        return graph_command(args.cdk_out)
    return summary_command(args.cdk_out)


if __name__ == "__main__":
    sys.exit(main())
