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


def test_names_keep_their_old_import_paths_after_the_modules_became_packages():
    from cdk_pinpoint import campaigns, segments, settings, templates

    moved = {
        settings: ("CampaignHook", "HookMode", "SmsMessageType", "QuietTime", "Limits"),
        templates: ("EmailTemplate", "SmsTemplate", "PushTemplate", "InAppTemplate", "VoiceTemplate", "ITemplate"),
        segments: ("Segment", "SegmentGroup", "SegmentDimensions", "AttributeFilter", "ImportedSegment", "ISegment"),
        campaigns: ("Campaign", "Schedule", "EmailMessage", "Treatment", "CustomDelivery", "SmsMessageType"),
    }
    for module, names in moved.items():
        for name in names:
            assert getattr(module, name) is getattr(cdk_pinpoint, name), f"{module.__name__}.{name}"


def test_every_name_in_a_public_modules_all_resolves_there():
    import importlib

    for module_name in ("templates", "segments", "campaigns", "settings", "journeys", "channels", "project"):
        module = importlib.import_module(f"cdk_pinpoint.{module_name}")
        for name in getattr(module, "__all__", ()):
            assert getattr(module, name) is not None, f"cdk_pinpoint.{module_name}.{name}"
