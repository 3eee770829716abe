"""The two sides of a review: a cloud assembly (a ``cdk.out`` folder) or one template file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class ReviewError(Exception):
    """Input the review cannot read; the CLI prints it and exits with status 2."""


def stack_templates(path: str | Path) -> dict[str, dict[str, Any]]:
    """Stack name -> template: every stack of a cloud assembly's manifest, or the one template file
    (named after the file, ``Foo.template.json`` -> ``Foo``, so it pairs with an assembly's stack)."""
    root = Path(path)
    if root.is_dir():
        manifest_path = root / "manifest.json"
        if not manifest_path.is_file():
            raise ReviewError(f"{path}: no cloud assembly (manifest.json) here; run `cdk synth` in your app first")
        manifest = _read_json(manifest_path)
        templates = {}
        for name, artifact in sorted(manifest.get("artifacts", {}).items()):
            if artifact.get("type") == "aws:cloudformation:stack":
                templates[name] = _read_json(root / artifact["properties"]["templateFile"])
        return templates
    if root.is_file():
        template = _read_json(root)
        if not isinstance(template, dict) or not isinstance(template.get("Resources", {}), dict):
            raise ReviewError(f"{path}: not a CloudFormation template (no Resources object)")
        return {root.name.removesuffix(".json").removesuffix(".template"): template}
    raise ReviewError(f"{path}: no such cloud assembly or template file")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ReviewError(f"{path}: cannot read JSON: {exc}") from exc
