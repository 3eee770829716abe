"""``--base-ref`` and synthesizing like the CDK CLI: a throw-away git repository holding a tiny
"app" (a script that writes a cloud assembly, so no jsii start-up) in two commits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cdk_pinpoint.cli import main
from cdk_pinpoint.review.synth import CLI_SWITCHES, cli_context

APP = """
import json, os, pathlib
out = pathlib.Path(os.environ["CDK_OUTDIR"])
out.mkdir(parents=True, exist_ok=True)
context = json.loads(os.environ["CDK_CONTEXT_JSON"])
segment = {"Type": "AWS::Pinpoint::Segment", "Properties": {
    "ApplicationId": "app", "Name": "city",
    "Dimensions": {"Attributes": {"City": {"AttributeType": "INCLUSIVE", "Values": [CITY]}}}}}
template = {"Resources": {"City": segment}, "Metadata": {"context": context}}
(out / "Demo.template.json").write_text(json.dumps(template))
(out / "manifest.json").write_text(json.dumps({"artifacts": {"Demo": {
    "type": "aws:cloudformation:stack", "properties": {"templateFile": "Demo.template.json"}}}}))
"""


def _git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path):
    folder = tmp_path / "repo"
    (folder / "infra").mkdir(parents=True)
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "config", "user.email", "test@example.com")
    _git(folder, "config", "user.name", "test")
    app = folder / "infra"
    (app / "cdk.json").write_text(json.dumps({"app": f"{sys.executable} app.py", "context": {"flag": True}}))
    (app / "cdk.context.json").write_text(json.dumps({"lookup": "cached"}))
    for city in ("Berlin", "Munich"):
        (app / "app.py").write_text(APP.replace("CITY", repr(city)))
        _git(folder, "add", "-A")
        _git(folder, "commit", "-q", "-m", city)
    return app


def test_cli_context_is_cdk_json_then_cdk_context_json_then_the_cli_switches(repository):
    assert cli_context(repository) == {"flag": True, "lookup": "cached", **CLI_SWITCHES}


def test_base_ref_synthesizes_the_base_in_a_worktree(repository, tmp_path, capsys, monkeypatch):
    from cdk_pinpoint.review.synth import synthesize

    synthesize(repository, tmp_path / "head")
    head_template = json.loads((tmp_path / "head" / "Demo.template.json").read_text())
    assert head_template["Metadata"]["context"] == cli_context(repository)  # what the app was given
    monkeypatch.chdir(repository)
    assert main(["diff", "--base-ref", "HEAD~1", str(tmp_path / "head")]) == 1
    assert "Criteria: endpoints whose City is Berlin → Munich" in capsys.readouterr().out
    # the temporary worktree is gone
    listed = subprocess.run(["git", "worktree", "list"], cwd=repository, capture_output=True, text=True).stdout
    assert len(listed.splitlines()) == 1


def test_base_ref_that_does_not_exist_is_exit_2(repository, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(repository)
    (tmp_path / "t.json").write_text(json.dumps({"Resources": {}}))
    assert main(["diff", "--base-ref", "no-such-ref", str(tmp_path / "t.json")]) == 2
    assert "git worktree add" in capsys.readouterr().err
