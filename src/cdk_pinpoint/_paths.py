"""Where the Lambda handler packages are, without importing aws_cdk (the CLI's graph needs it)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

_PACKAGE_DIR = Path(__file__).resolve().parent


def lambdas_root() -> Path:
    """The handler packages: inside the installed wheel, or at the top of a source checkout."""
    installed = _PACKAGE_DIR / "_lambdas"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / "lambdas"


def load_handler_module(relative_path: str, name: str) -> ModuleType:
    """One standard-library-only file of a handler package (``pinpoint_api/journey_model.py``), loaded
    by path as module ``name``: rules the provider runs and the library reads, kept in one copy."""
    if name in sys.modules:
        return sys.modules[name]
    path = lambdas_root() / relative_path
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"{path} is missing from the cdk_pinpoint installation"
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module
