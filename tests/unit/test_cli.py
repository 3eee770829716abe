"""`cdk-pinpoint summary`: what a synthesized cloud assembly holds."""

import re

import aws_cdk as cdk
import pytest

from cdk_pinpoint import Project
from cdk_pinpoint.cli import main


def test_summary_counts_resources_per_stack(tmp_path, capsys):
    app = cdk.App(outdir=str(tmp_path))
    Project(cdk.Stack(app, "One"), "P", project_name="one")
    Project(cdk.Stack(app, "Two"), "P", project_name="two")
    app.synth()
    capsys.readouterr()

    assert main(["summary", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "One: 1 resources" in out and "Two: 1 resources" in out
    assert "    1  AWS::Pinpoint::App" in out
    assert f"2 stack(s) synthesized into {tmp_path}" in out


def test_summary_of_a_missing_assembly_says_what_to_run(tmp_path):
    expected = re.escape("no cloud assembly (manifest.json) here; run `cdk synth` in your app")
    with pytest.raises(SystemExit, match=expected):
        main(["summary", str(tmp_path)])
