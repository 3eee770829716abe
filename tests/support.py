"""Helpers shared by the construct tests: stacks, template normalisation, cdk-nag and cfn-lint."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Template

ACCOUNT = "123456789012"
REGION = "us-east-1"
END_OF_SUPPORT_ID = "W3696"


def make_stack(name: str = "Test") -> cdk.Stack:
    """A fresh app and stack with a fixed environment; bundlers never run in tests."""
    app = cdk.App(context={"aws:cdk:bundling-stacks": []})
    return cdk.Stack(app, name, env=cdk.Environment(account=ACCOUNT, region=REGION))


def template_of(stack: cdk.Stack) -> Template:
    return Template.from_stack(stack)


_ASSET_HASH = re.compile(r"[0-9a-f]{64}")


def normalize_template(template: dict[str, Any]) -> dict[str, Any]:
    """A template without what changes for reasons that are not ours: asset hashes, CDK's
    bootstrap parameter and rule, construct-path and asset metadata, CDKMetadata."""
    data = json.loads(_ASSET_HASH.sub("ASSET_HASH", json.dumps(template, sort_keys=True)))
    data.get("Parameters", {}).pop("BootstrapVersion", None)
    data.get("Rules", {}).pop("CheckBootstrapVersion", None)
    data.get("Resources", {}).pop("CDKMetadata", None)
    data.get("Conditions", {}).pop("CDKMetadataAvailable", None)
    for key in ("Parameters", "Rules", "Conditions"):
        if data.get(key) == {}:
            data.pop(key)
    for resource in data.get("Resources", {}).values():
        metadata = resource.get("Metadata", {})
        metadata.pop("aws:cdk:path", None)
        metadata.pop("aws:asset:path", None)
        metadata.pop("aws:asset:property", None)
        metadata.pop("aws:asset:is-bundled", None)
        if resource.get("Metadata") == {}:
            resource.pop("Metadata")
    return data


def nag_findings(scope: Any) -> list[tuple[str, str, list[str]]]:
    """Unacknowledged cdk-nag AwsSolutions findings under ``scope``: (severity, rule, paths)."""
    from cdk_nag import AwsSolutionsChecks

    report = AwsSolutionsChecks().validate_scope(scope)
    return sorted(
        (v.severity, v.rule_name, sorted(r.construct_path for r in v.violating_resources)) for v in report.violations
    )


def cfn_lint_errors(template: dict[str, Any]) -> list[str]:
    """cfn-lint errors (not warnings) for a synthesized template."""
    from cfnlint.api import ManualArgs, lint

    matches = lint(json.dumps(template), config=ManualArgs(regions=[REGION]))
    return [f"{m.rule.id}: {m.message}" for m in matches if m.rule.id.startswith("E")]


def validation_warnings(assembly_dir: str) -> list[dict[str, Any]]:
    """The unacknowledged violations in a cloud assembly's validation report."""
    report_path = Path(assembly_dir) / "validation-report.json"
    if not report_path.exists():
        return []
    report = json.loads(report_path.read_text())
    return [v for plugin in report.get("pluginReports", []) for v in plugin.get("violations", [])]



def used(value: Any) -> Any:
    """Use ``value`` outside any construct (its ``repr``): an invalid value object, one whose constructor
    found a mistake, raises its ConfigurationError then, without a construct path (the construct that
    receives a value reports its mistake with its path and field: see tests/badinput)."""
    repr(value)
    return value
