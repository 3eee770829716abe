"""Synthesize an app the way the CDK CLI does (``cdk synth``), without the CLI.

The CLI runs the ``app`` command of ``cdk.json`` with the context in ``CDK_CONTEXT_JSON``: the
``context`` of ``cdk.json``, then ``cdk.context.json`` (cached lookups), then its own switches
(path and asset metadata, version reporting, bundling). An app run as plain ``python app.py`` sees
none of these, so its template differs (IAM policies shaped by feature flags, metadata). Both sides of
a review must come from the same context, or the diff reports what only the way of synthesizing changed.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

from .assembly import ReviewError

# What the CLI adds to every synth unless told otherwise (aws-cdk-cli: "exec" of the app).
CLI_SWITCHES = {
    "aws:cdk:enable-path-metadata": True,
    "aws:cdk:enable-asset-metadata": True,
    "aws:cdk:version-reporting": True,
    "aws:cdk:bundling-stacks": ["**"],
}


def cli_context(folder: str | Path) -> dict[str, Any]:
    """The context ``cdk synth`` gives the app in ``folder`` (the folder holding ``cdk.json``)."""
    root = Path(folder)
    context: dict[str, Any] = dict(_json_object(root / "cdk.json").get("context", {}))
    context.update(_json_object(root / "cdk.context.json"))
    context.update(CLI_SWITCHES)
    return context


def synthesize(folder: str | Path, outdir: str | Path) -> None:
    """Run the ``app`` command of ``folder/cdk.json`` into the cloud assembly ``outdir``, as ``cdk synth`` would."""
    root = Path(folder)
    command = _json_object(root / "cdk.json").get("app")
    if not isinstance(command, str):
        raise ReviewError(f'{root / "cdk.json"} has no "app" command')
    env = {
        **os.environ,
        "CDK_OUTDIR": str(Path(outdir).resolve()),
        "CDK_CONTEXT_JSON": json.dumps(cli_context(root)),
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ inside Lambda assets (it changes their hashes)
    }
    result = subprocess.run(shlex.split(command), cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReviewError(f"`{command}` in {root} failed:\n{result.stderr.strip()[-2000:]}")


def _json_object(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text())
    except ValueError as exc:
        raise ReviewError(f"{path}: not JSON: {exc}") from exc
    return data if isinstance(data, dict) else {}
