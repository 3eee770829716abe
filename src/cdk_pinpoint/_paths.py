"""Where the Lambda handler packages are (only ``_lambda`` asks: it copies them into assets)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def lambdas_root() -> Path:
    """The handler packages: inside the installed wheel, or at the top of a source checkout."""
    installed = _PACKAGE_DIR / "_lambdas"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / "lambdas"
