"""Types users can see: py.typed ships, and the lazily loaded public names are typed (not Any)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
LAZY_PACKAGES = ("cdk_pinpoint", "cdk_pinpoint.journeys")


def _type_checking_imports(package: str) -> dict[str, str]:
    path = SRC.joinpath(*package.split("."), "__init__.py")
    found: dict[str, str] = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.level == 1:
                    found.update({alias.asname or alias.name: statement.module or "" for alias in statement.names})
    return found


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_type_checkers_see_every_lazy_name_from_the_module_that_defines_it(package):
    module = importlib.import_module(package)
    seen = _type_checking_imports(package)
    assert seen == module._EXPORTS
    assert sorted(seen) == module.__all__


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_dir_lists_every_public_name_before_it_is_loaded(package):
    module = importlib.import_module(package)
    assert set(module.__all__) <= set(dir(module))


def test_py_typed_marks_the_package_as_typed():
    assert (SRC / "cdk_pinpoint" / "py.typed").is_file()


@pytest.mark.slow
def test_a_users_type_checker_sees_the_real_types_of_the_top_level_names(tmp_path):
    """mypy reports a wrong use of ``Project`` and of a journeys name: with ``Any`` it would accept both."""
    user_code = tmp_path / "user_app.py"
    user_code.write_text(
        "from cdk_pinpoint import Project, QuietTime\n"
        "from cdk_pinpoint.journeys import Wait\n"
        "a: int = Project\n"
        "b: str = QuietTime('22:00', '07:00')\n"
        "c: int = Wait\n"
    )
    root = SRC.parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(root / "pyproject.toml"), str(user_code)],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "MYPYPATH": str(SRC)},
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["3", "4", "5"], result.stdout
    assert 'type "type[Project]"' in errors[0]
