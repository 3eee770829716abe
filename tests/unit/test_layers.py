"""The library's layers point one way: no import cycle between its modules, and no module reads the
Lambda handlers' folder except the one that copies it into assets.

Both are read from the source (the AST), so a cycle hidden by an import inside a function, or a file
loaded by path, fails here even when the current import order happens to work.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "cdk_pinpoint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def _runtime_nodes(tree: ast.AST):
    """Every node that runs, at import or later (in a function): ``if TYPE_CHECKING:`` blocks excluded."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not _is_type_checking_block(child):
                pending.append(child)


def _resolve(importer: str, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    package = importer if MODULES[importer].name == "__init__.py" else importer.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{module}" if module else package


def _imports(importer: str) -> set[str]:
    """The cdk_pinpoint modules ``importer`` imports at run time (a name imported from a package
    counts as its submodule when there is one)."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(MODULES[importer].read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(importer, node.level, node.module)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    # Importing a submodule runs its packages first, so an edge to an enclosing package is no cycle.
    return {name for name in found if name in MODULES and not importer.startswith(f"{name}.")}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_sees_imports_inside_functions_but_not_type_checking_blocks(tmp_path):
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import errors\n"
        "if TYPE_CHECKING:\n    from .project import IProject\n"
        "def f():\n    from .settings import Limits\n"
    )
    tree = ast.parse(source)
    imported = {
        _resolve("cdk_pinpoint.project", n.level, n.module)
        for n in _runtime_nodes(tree)
        if isinstance(n, ast.ImportFrom) and n.level
    }
    assert imported == {"cdk_pinpoint", "cdk_pinpoint.settings"}


def test_no_import_cycle_between_the_librarys_modules():
    graph = {name: _imports(name) for name in MODULES}
    assert graph["cdk_pinpoint.project"], "the import reader found nothing: it is broken"
    assert _cycles(graph) == []


def test_every_module_imports_on_its_own_and_none_reads_the_lambdas_folder_while_importing():
    """Each module is imported first, in a fresh interpreter state for cdk_pinpoint (its earlier
    modules dropped from ``sys.modules``), with the handlers' folder made unreachable."""
    script = f"""
import importlib, json, sys, traceback
import cdk_pinpoint._paths as paths
def unreachable():
    raise AssertionError("read the lambdas/ folder while importing")
failures = {{}}
for name in {sorted(MODULES)!r}:
    for loaded in [m for m in sys.modules if m == "cdk_pinpoint" or m.startswith("cdk_pinpoint.")]:
        del sys.modules[loaded]
    import cdk_pinpoint._paths as paths
    paths.lambdas_root = unreachable
    try:
        importlib.import_module(name)
    except BaseException:
        failures[name] = traceback.format_exc(limit=-3)
print(json.dumps(failures))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=_env(), cwd=SRC.parent
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(SRC), "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}


# The asset builder copies the handler packages (reads the folder to copy it); _paths says where it is.
_MAY_NAME_THE_LAMBDAS_FOLDER = {"cdk_pinpoint._paths", "cdk_pinpoint._lambda"}
_LOADS_CODE_BY_PATH = {"spec_from_file_location", "exec_module", "SourceFileLoader", "run_path", "load_source"}


def _names_and_strings(path: Path) -> tuple[set[str], list[str]]:
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    names: set[str] = set()
    strings: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.name.rpartition(".")[2])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            strings.append(node.value)
    return names, strings


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_loads_code_by_path_or_reads_the_lambdas_folder(module):
    names, strings = _names_and_strings(MODULES[module])
    assert not names & _LOADS_CODE_BY_PATH, f"{module} loads code by path"
    if module not in _MAY_NAME_THE_LAMBDAS_FOLDER:
        assert "lambdas_root" not in names, f"{module} reads the Lambda handlers' folder"
        assert not [s for s in strings if "lambdas" in s.split("/")], f"{module} names the lambdas/ folder"


def test_the_folder_check_would_see_a_module_loading_a_handler_file(tmp_path):
    offender = tmp_path / "offender.py"
    offender.write_text(
        '"""Loads a rule from lambdas/ by path."""\n'
        "import importlib.util\n"
        "from ._paths import lambdas_root\n"
        'spec = importlib.util.spec_from_file_location("m", lambdas_root() / "pinpoint_api" / "journey_model.py")\n'
    )
    names, _ = _names_and_strings(offender)
    assert "lambdas_root" in names and "spec_from_file_location" in names
