"""The showcase app and every example app: snapshot, cfn-lint and cdk-nag.

Each app module defines ``build_app(app)``. Snapshots are normalised (asset hashes, bootstrap
parameter and rule, CDK metadata) so they change only when what we synthesize changes; a changed
snapshot is reviewed like code and explained in the commit message.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import aws_cdk as cdk
import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from tests.support import cfn_lint_errors, nag_findings, normalize_template, validation_warnings

ROOT = Path(__file__).resolve().parents[2]
APPS = {"showcase": ROOT / "app.py"} | {
    f"examples-{path.parent.name}": path for path in sorted((ROOT / "examples").glob("*/app.py"))
}


def _build(name: str) -> cdk.App:
    spec = importlib.util.spec_from_file_location(f"_cdk_pinpoint_app_{name.replace('-', '_')}", APPS[name])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_app(cdk.App(context={"aws:cdk:bundling-stacks": []}))


@pytest.fixture(scope="module", params=sorted(APPS))
def synthesized(request):
    app = _build(request.param)
    assembly = app.synth()
    stacks = [child for child in app.node.children if isinstance(child, cdk.Stack)]
    assert stacks, f"{APPS[request.param]} defines no stack"
    return stacks, assembly


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def test_template_matches_snapshot(synthesized, snapshot_json):
    stacks, assembly = synthesized
    templates = {s.stack_name: normalize_template(assembly.get_stack_by_name(s.stack_name).template) for s in stacks}
    assert templates == snapshot_json


def test_templates_have_no_cfn_lint_errors(synthesized):
    stacks, assembly = synthesized
    for stack in stacks:
        assert cfn_lint_errors(assembly.get_stack_by_name(stack.stack_name).template) == [], stack.stack_name


def test_no_unacknowledged_cdk_nag_findings(synthesized):
    stacks, _ = synthesized
    for stack in stacks:
        assert nag_findings(stack) == [], stack.stack_name


def test_every_pinpoint_resource_keeps_its_end_of_support_warning(synthesized):
    """No construct acknowledges W3696 on the user's behalf (the README's promise)."""
    stacks, assembly = synthesized
    warned = {
        (c["cloudFormationResource"]["templatePath"], c["cloudFormationResource"]["logicalId"])
        for v in validation_warnings(assembly.directory)
        if v["ruleName"] == "W3696"
        for c in v["violatingConstructs"]
    }
    for stack in stacks:
        artifact = assembly.get_stack_by_name(stack.stack_name)
        pinpoint = {
            (artifact.template_file, logical_id)
            for logical_id, resource in artifact.template["Resources"].items()
            if resource["Type"].startswith("AWS::Pinpoint::")
        }
        assert pinpoint, f"{stack.stack_name} has no Pinpoint resource"
        assert pinpoint <= warned, sorted(pinpoint - warned)
