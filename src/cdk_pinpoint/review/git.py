"""``--base-ref``: the base side synthesized from a git ref, in a temporary worktree of the repository."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .assembly import ReviewError, stack_templates
from .synth import synthesize


def synth_at_ref(ref: str, folder: str | Path = ".") -> dict[str, dict[str, Any]]:
    """The stacks of the app in ``folder`` (where ``cdk.json`` is) as of git ``ref``, synthesized like
    ``cdk synth``. The dependencies installed now (cdk-pinpoint, aws-cdk-lib) are used: when a pull
    request changes them, synthesize each side in its own environment and pass both assemblies."""
    app_folder = Path(folder).resolve()
    top = Path(_git(app_folder, "rev-parse", "--show-toplevel").strip())
    relative = app_folder.relative_to(top)
    with tempfile.TemporaryDirectory(prefix="cdk-pinpoint-diff-") as temporary:
        worktree = Path(temporary) / "base"
        _git(top, "worktree", "add", "--detach", "--quiet", str(worktree), ref)
        try:
            synthesize(worktree / relative, Path(temporary) / "cdk.out")
            return stack_templates(Path(temporary) / "cdk.out")
        finally:
            _git(top, "worktree", "remove", "--force", str(worktree))


def _git(folder: Path, *arguments: str) -> str:
    result = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReviewError(f"git {' '.join(arguments)} failed: {result.stderr.strip()}")
    return result.stdout
