"""Extract what CloudFormation's resource schemas constrain, for the types cdk-pinpoint creates from
user input, into src/cdk_pinpoint/_data/cfn_constraints.json (run by hand, output committed).

usage: python tools/extract_cfn_constraints.py [--check]

The schemas are the copies cfn-lint ships (cfn-lint is a test dependency, not a runtime one: the
installed library reads the extracted file, never cfn-lint). One region's set is read (us-east-1);
tests/unit/test_cfn_constraints.py fails when extracting again from the installed cfn-lint gives
another file, so the committed constraints cannot drift from the schemas.

The file maps each resource type to its constrained property paths, written the way CloudFormation
names them: ``MessageConfiguration.SMSMessage.SenderId``; ``[]`` is any item of a list
(``AdditionalTreatments[].SizePercent``) and ``""`` the properties themselves. Each path holds the
JSON-schema keywords synth checks (KEYWORDS); ``$ref`` is followed (a reference to a definition
already being expanded stops there: the schemas are recursive in places).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "src" / "cdk_pinpoint" / "_data" / "cfn_constraints.json"
REGION = "us-east-1"

# Every type an L2 here creates with a user's values in its properties (the Pinpoint L1s, walked at
# creation by cdk_pinpoint._cfn_schema.create), and the types whose limits our own checks read
# before handing the value to an aws-cdk L2 (a Kinesis stream, an SES configuration set name, the
# Lambda event source of an EventProcessor, the Glue names and Firehose buffering of an EventArchive).
RESOURCE_TYPES = (
    "AWS::Pinpoint::ADMChannel",
    "AWS::Pinpoint::APNSChannel",
    "AWS::Pinpoint::APNSSandboxChannel",
    "AWS::Pinpoint::APNSVoipChannel",
    "AWS::Pinpoint::APNSVoipSandboxChannel",
    "AWS::Pinpoint::App",
    "AWS::Pinpoint::ApplicationSettings",
    "AWS::Pinpoint::BaiduChannel",
    "AWS::Pinpoint::Campaign",
    "AWS::Pinpoint::EmailChannel",
    "AWS::Pinpoint::EmailTemplate",
    "AWS::Pinpoint::EventStream",
    "AWS::Pinpoint::GCMChannel",
    "AWS::Pinpoint::InAppTemplate",
    "AWS::Pinpoint::PushTemplate",
    "AWS::Pinpoint::SMSChannel",
    "AWS::Pinpoint::Segment",
    "AWS::Pinpoint::SmsTemplate",
    "AWS::Pinpoint::VoiceChannel",
    "AWS::Kinesis::Stream",
    "AWS::SES::ConfigurationSet",
    "AWS::Lambda::EventSourceMapping",
    "AWS::Glue::Database",
    "AWS::Glue::Table",
    "AWS::KinesisFirehose::DeliveryStream",
)
# Of the large schemas of types an aws-cdk L2 creates for us, only the paths our checks read.
ONLY = {
    "AWS::Lambda::EventSourceMapping": ("BatchSize", "MaximumRecordAgeInSeconds", "MaximumRetryAttempts"),
    "AWS::KinesisFirehose::DeliveryStream": ("ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds",),
}

# The keywords synth checks; the schemas' other keywords (format, uniqueItems, additionalProperties,
# descriptions...) are not extracted.
KEYWORDS = ("type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "required")  # fmt: skip


def schema_folder() -> Path:
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cfn-lint is not installed (pip install -e '.[test]')")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"


def cfn_lint_version() -> str:
    from importlib.metadata import version

    return version("cfn-lint")


def extract(folder: Path) -> dict[str, Any]:
    """{resource type: {property path: {keyword: value}}} for RESOURCE_TYPES."""
    files = json.loads((folder / "providers" / f"{REGION}.json").read_text())
    constraints: dict[str, Any] = {}
    for resource_type in RESOURCE_TYPES:
        schema = json.loads((folder / "resources" / f"{files[resource_type]}.json").read_text())
        # read-only properties (Arn, Id...) are CloudFormation's outputs, never written
        read_only = {p.removeprefix("/properties/") for p in schema.get("readOnlyProperties", [])}
        properties = {k: v for k, v in schema["properties"].items() if k not in read_only}
        paths: dict[str, dict[str, Any]] = {}
        _walk(schema, {"properties": properties, "required": schema.get("required", [])}, "", (), paths)
        only = ONLY.get(resource_type)
        constraints[resource_type] = {p: c for p, c in sorted(paths.items()) if only is None or p in only}
    return constraints


def _walk(schema: dict[str, Any], node: dict[str, Any], path: str, expanding: tuple[str, ...], out: dict) -> None:
    ref = node.get("$ref")
    if ref is not None:
        if ref in expanding:
            return
        name = ref.removeprefix("#/definitions/")
        node = {**schema["definitions"][name], **{k: v for k, v in node.items() if k != "$ref"}}
        expanding = (*expanding, ref)
    kept = {k: node[k] for k in KEYWORDS if k in node}
    if kept.get("required") == []:
        del kept["required"]
    if kept:
        out[path] = kept
    for name, child in node.get("properties", {}).items():
        _walk(schema, child, f"{path}.{name}" if path else name, expanding, out)
    if isinstance(node.get("items"), dict):
        _walk(schema, node["items"], f"{path}[]", expanding, out)


def render(constraints: dict[str, Any]) -> str:
    """The file's text: one line per property path, so a diff shows which constraint changed."""
    source = f"cfn-lint {cfn_lint_version()} data/schemas (region {REGION}), by tools/extract_cfn_constraints.py"
    lines = ["{", f' "source": {json.dumps(source)},', ' "types": {']
    for index, (resource_type, paths) in enumerate(constraints.items()):
        lines.append(f"  {json.dumps(resource_type)}: {{")
        entries = [f"   {json.dumps(path)}: {json.dumps(kept, sort_keys=True)}" for path, kept in paths.items()]
        lines.append(",\n".join(entries))
        lines.append("  }" + ("," if index < len(constraints) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
    text = render(extract(schema_folder()))
    if args.check:
        same = OUTPUT.read_text() == text
        print("up to date" if same else f"{OUTPUT} differs from cfn-lint {cfn_lint_version()}'s schemas")
        return 0 if same else 1
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
