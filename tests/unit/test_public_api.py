"""The package's public surface: every exported name resolves, and importing is cheap."""

import os
import subprocess
import sys
from pathlib import Path

import cdk_pinpoint


def test_every_exported_name_resolves():
    for name in cdk_pinpoint.__all__:
        assert getattr(cdk_pinpoint, name) is not None, name


def test_unknown_names_raise_attribute_error():
    try:
        cdk_pinpoint.NoSuchConstruct  # noqa: B018
    except AttributeError as error:
        assert "NoSuchConstruct" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_loads_no_cdk_or_jsii():
    # Lambda handlers import cdk_pinpoint.rendering, which runs cdk_pinpoint/__init__.py first.
    code = "import sys, cdk_pinpoint; print(sorted(m for m in ('aws_cdk', 'jsii', 'constructs') if m in sys.modules))"
    src = Path(cdk_pinpoint.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    assert result.stdout.strip() == "[]"
