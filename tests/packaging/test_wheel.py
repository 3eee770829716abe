"""cdk-pinpoint works installed from a wheel, in an app outside this repository.

The wheel is built from this checkout, installed (without dependencies) into a fresh virtual
environment that borrows the test environment's third-party packages, and a small external CDK
app synthesizes a project and a construct with a Lambda asset. This is what breaks when handler
code from lambdas/ is left out of the wheel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

EXTERNAL_APP = """
import json, sys
import aws_cdk as cdk
import cdk_pinpoint
from cdk_pinpoint import Project, SmsTemplate, VoiceTemplate
from cdk_pinpoint.custom_channel import CustomChannel, Delivery

assert cdk_pinpoint.__file__.startswith(sys.prefix), cdk_pinpoint.__file__
app = cdk.App(outdir="cdk.out")
stack = cdk.Stack(app, "External", env=cdk.Environment(account="123456789012", region="eu-west-1"))
project = Project(stack, "Project", project_name="external")
reminder = SmsTemplate(stack, "Reminder", template_name="reminder", body="Hi {{User.UserId}}")
CustomChannel(stack, "Channel", project=project, default_template=reminder, templates=[reminder],
              delivery=Delivery.sms(origination_identity="arn:aws:sms-voice:eu-west-1:123456789012:pool/pool-1"))
VoiceTemplate(stack, "Greeting", template_name="greeting", body="Hello")  # the custom-resource provider
from cdk_pinpoint import Journey, JourneyStart
from cdk_pinpoint.journeys import Sms
from cdk_pinpoint.segments import Segment
Journey(stack, "Journey", project=project,  # its request rules are read from the wheel's lambdas
        start=JourneyStart.from_segment(Segment.from_segment_id(stack, "All", project=project, segment_id="s1")),
        definition=Sms("Remind", template=reminder))
app.synth()
print(json.dumps({"package": cdk_pinpoint.__file__}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("cdk_pinpoint-*.whl")
    return built


@pytest.fixture(scope="module")
def installed_python(wheel, tmp_path_factory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Third-party dependencies come from the test environment, appended after the venv's own
    # site-packages, so cdk_pinpoint resolves to the wheel and never to this checkout.
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site_packages, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_wheel_ships_the_lambda_handlers(wheel):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "cdk_pinpoint/_lambdas/pinpoint_api/handler.py" in names
    assert "cdk_pinpoint/rendering/__init__.py" in names
    assert "cdk_pinpoint/_shared/journey_model.py" in names
    assert "cdk_pinpoint/_data/cfn_constraints.json" in names  # synth checks against it; cfn-lint is not installed
    assert "cdk_pinpoint/py.typed" in names  # users' type checkers read the library's types
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


@pytest.fixture(scope="module")
def external_app(installed_python, tmp_path_factory) -> tuple[Path, str]:
    """The external app's folder (with its cdk.out) and the cdk_pinpoint file it imported."""
    folder = tmp_path_factory.mktemp("external")
    result = subprocess.run(
        [str(installed_python), "-c", EXTERNAL_APP], cwd=folder, env=_ENV, check=True, capture_output=True, text=True
    )
    return folder, json.loads(result.stdout.strip().splitlines()[-1])["package"]


def test_external_app_synthesizes_with_lambda_assets_from_the_wheel(external_app):
    tmp_path, package_file = external_app
    assert str(ROOT) not in package_file

    template = json.loads((tmp_path / "cdk.out" / "External.template.json").read_text())
    functions = [r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"]
    assert len(functions) == 2
    asset_dirs = [p for p in (tmp_path / "cdk.out").glob("asset.*") if p.is_dir()]
    handler_files = {p.relative_to(d).as_posix() for d in asset_dirs for p in d.rglob("*.py")}
    assert "pinpoint_api/handler.py" in handler_files
    assert "custom_channel/handler.py" in handler_files
    assert "cdk_pinpoint/rendering/template.py" in handler_files  # the engine travels with the handler
    assert [r for r in template["Resources"].values() if r["Type"] == "Custom::PinpointJourney"]


def test_console_script_is_installed(installed_python):
    script = installed_python.parent / "cdk-pinpoint"
    result = subprocess.run([str(script), "--help"], check=True, capture_output=True, text=True)
    assert "render" in result.stdout and "graph" in result.stdout


def _run_in_asset(external_app, handler_package: str, probe: str) -> None:
    """Run ``probe`` with only ``handler_package``'s asset on the path (asserting it loads no CDK): the
    asset must hold everything its handler imports besides boto3, which the test environment gives
    as Lambda does. ``{asset}`` in the probe is the asset's folder."""
    folder, _ = external_app
    [asset] = [p for p in (folder / "cdk.out").glob("asset.*") if (p / handler_package).is_dir()]
    code = probe.replace("{asset}", repr(str(asset)))
    code += "; import sys; assert not {'aws_cdk', 'jsii', 'constructs'} & set(sys.modules), sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=asset, env={**_ENV, "PYTHONPATH": str(asset)}, check=True)


def test_the_custom_channel_asset_runs_on_its_own(external_app):
    _run_in_asset(
        external_app,
        "custom_channel",
        "import custom_channel.handler, cdk_pinpoint.rendering as r; "
        "assert r.__file__.startswith({asset}), r.__file__; "
        "assert r.render('Hi {{x}}', {'x': ['Ana']}) == 'Hi Ana'",
    )


def test_the_api_provider_asset_runs_on_its_own(external_app):
    """The provider checks journeys with the library's own rules, copied into its asset."""
    _run_in_asset(
        external_app,
        "pinpoint_api",
        "import pinpoint_api.handler, pinpoint_api.journey as j; "
        "assert j.journey_model.__file__.startswith({asset}), j.journey_model.__file__",
    )


def _third_party_imports() -> set[str]:
    """Top-level modules that the library and its handlers import from outside the standard library."""
    import ast

    local = {"cdk_pinpoint", "pinpoint_api", "custom_channel", "event_processor"}
    found = set()
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "lambdas").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - local - set(sys.stdlib_module_names)


def test_the_wheel_declares_every_third_party_package_it_imports(installed_python):
    import importlib.metadata
    import re

    requires = subprocess.run(
        [str(installed_python), "-c", "import importlib.metadata as m; print('\\n'.join(m.requires('cdk-pinpoint')))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    declared = {re.split(r"[<>=!~; \[]", r, maxsplit=1)[0].lower() for r in requires if r and "extra ==" not in r}
    distributions = importlib.metadata.packages_distributions()
    # A module may come from several distributions (aws_cdk is a namespace); one declared is enough.
    # botocore comes with boto3.
    undeclared = {
        module
        for module in _third_party_imports() - {"botocore"}
        if not {d.lower() for d in distributions[module]} & declared
    }
    assert undeclared == set()
    assert {"aws-cdk-lib", "constructs", "boto3", "jsii"} <= declared
