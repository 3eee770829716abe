"""`python app.py` synthesizes what `cdk synth` does: the CDK CLI runs the app with CDK_CONTEXT_JSON
(cdk.json's context, cdk.context.json, its switches: cli_context), and app.py gives itself the same
context when run without it. Checked against the real CLI (npx aws-cdk@2.1148.1 synth) by hand:
byte-identical templates; here without the network, by running app.py both ways."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdk_pinpoint.review.synth import cli_context

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_python_app_py_equals_the_app_run_by_the_cdk_cli(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "CDK_CONTEXT_JSON"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    plain, by_cli = tmp_path / "plain", tmp_path / "cli"
    subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env={**env, "CDK_OUTDIR": str(plain)}, check=True, capture_output=True
    )
    cli_env = {**env, "CDK_OUTDIR": str(by_cli), "CDK_CONTEXT_JSON": json.dumps(cli_context(ROOT))}
    subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=cli_env, check=True, capture_output=True)
    name = "CdkPinpointShowcase.template.json"
    assert (plain / name).read_text() == (by_cli / name).read_text()
    template = json.loads((plain / name).read_text())
    # what cdk.json's context and the CLI's switches change, present in the plain run
    assert "CDKMetadata" in template["Resources"]
    assert (
        template["Resources"]["ProjectC78D97AD"]["Metadata"]["aws:cdk:path"] == "CdkPinpointShowcase/Project/Resource"
    )
