"""npm packages for tests that compare with JavaScript references (handlebars.js, mermaid).

Installed once into a cache folder under the temp dir, keyed by the exact versions. Where node or
npm is missing, or the install fails (offline), the test skips saying why; on CI, which promises
node and npm (.ci/run checks), it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run this comparison)")
    pytest.skip(reason)


def npm_packages(packages: Sequence[str], purpose: str) -> Path:
    """The folder whose node_modules holds ``packages`` (``name@version``), installed if needed."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        unavailable(f"node and npm are needed for {purpose}")
    folder = Path(tempfile.gettempdir()) / (
        "cdk-pinpoint-" + "-".join(p.lstrip("@").replace("@", "-") for p in packages)
    )
    names = [p.rsplit("@", 1)[0] for p in packages]
    if not all((folder / "node_modules" / name / "package.json").is_file() for name in names):
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", *packages],
            cwd=folder,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            unavailable(f"npm install {' '.join(packages)} failed (offline?): {result.stderr.strip()[:200]}")
    return folder
