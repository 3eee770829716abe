"""Cold start: a fresh interpreter to the first rendered message, vs `python -c pass` and node.

usage: python benchmarks/cold_start.py [--runs 20] [--before REV]

Each figure is the median wall time of --runs fresh processes. Ours = import
cdk_pinpoint.rendering + compile ../shared/bench/email_template.hbs + render it once. It is
measured twice: without a bytecode cache, as in a Lambda package shipped without .pyc files
(/var/task is read-only), by importing a copy of src/cdk_pinpoint without any __pycache__
under PYTHONDONTWRITEBYTECODE, so every module of ours is compiled from source in every run
while the standard library keeps its installed .pyc files, as on Lambda; and with one (a warm
__pycache__ kept under a temp folder via PYTHONPYCACHEPREFIX). The reference is node's require('handlebars')
plus compile and first render of the same template. With ``--before REV`` the package as it was at
git revision REV is measured the same way in the same run. The commands run in turn (round-robin),
so a change in the machine's load falls on all of them. Goal: at most 50 ms above `python -c pass`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_throughput import REPO, handlebars_dir, shared_dir

OURS = """
import json, sys
from cdk_pinpoint.rendering import compile_template
source = open(sys.argv[1], encoding="utf-8").read()
compile_template(source).render({"User": {"UserAttributes": {"FirstName": ["ana"], "Tier": ["gold"]}}, "Items": []})
"""
NODE = """
const Handlebars = require(process.argv[2] + "/node_modules/handlebars");
const fs = require("fs");
const hb = Handlebars.create();
hb.registerHelper("capitalize", (v) => (v == null ? "" : String(v)));
hb.registerHelper("eq", (a, b) => a === b);
hb.compile(fs.readFileSync(process.argv[1], "utf8"))({User: {UserAttributes: {FirstName: ["ana"]}}, Items: []});
"""


def medians_ms(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """The median wall time of ``runs`` fresh processes of each command, run in turn (round-robin,
    so that a change in the machine's load falls on every command alike)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def package_without_bytecode(source: Path, folder: Path) -> Path:
    """A copy of the cdk_pinpoint package at ``source`` in ``folder``, without __pycache__ folders."""
    shutil.copytree(source, folder / "cdk_pinpoint", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--before", help="also measure the package at this git revision (e.g. main)")
    args = parser.parse_args()
    template = str(shared_dir() / "bench" / "email_template.hbs")
    base_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    python = sys.executable
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        # our package without .pyc files (PYTHONDONTWRITEBYTECODE keeps the runs from writing
        # new ones), and as it is with a warm bytecode cache under the temp folder
        sources = {"ours": REPO / "src"}
        if args.before:
            archive = subprocess.run(
                ["git", "-C", str(REPO), "archive", args.before, "src/cdk_pinpoint"], check=True, capture_output=True
            ).stdout
            (root / "before").mkdir()
            subprocess.run(["tar", "-x", "-C", str(root / "before")], input=archive, check=True)
            sources[f"ours at {args.before}"] = root / "before" / "src"
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([python, "-c", "pass"], dict(base_env, PYTHONDONTWRITEBYTECODE="1"))
        }
        for index, (name, src) in enumerate(sources.items()):
            package = package_without_bytecode(src / "cdk_pinpoint", root / f"package{index}")
            cached = dict(base_env, PYTHONPATH=str(src), PYTHONPYCACHEPREFIX=str(root / f"cache{index}"))
            subprocess.run([python, "-c", OURS, template], env=cached, check=True)  # fill the cache
            commands[f"{name}, no bytecode cache (Lambda-like)"] = (
                [python, "-c", OURS, template],
                dict(base_env, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(package)),
            )
            commands[f"{name}, bytecode cached"] = ([python, "-c", OURS, template], cached)
        results = medians_ms(commands, args.runs)
        pybars_env = dict(base_env, PYTHONPYCACHEPREFIX=str(root / "cache0"))
        pybars_command = [python, "-c", "import pybars; pybars.Compiler()"]
        pybars = medians_ms({"pybars": (pybars_command, pybars_env)}, max(5, args.runs // 4))["pybars"]
        assert not list(root.glob("package*/**/*.pyc")), "the no-cache copies must stay without bytecode"
    bare = results.pop("python -c pass")
    print(f"{'python -c pass':52} {bare:7.1f} ms")
    for name, value in results.items():
        print(f"{name:52} {value:7.1f} ms  (+{value - bare:.1f} ms)")
    print(f"{'stock pybars3: import + Compiler() only (cached)':52} {pybars:7.1f} ms  (+{pybars - bare:.1f} ms)")
    node_dir = handlebars_dir()
    if node_dir is None:
        print("node: skipped (node/npm not found)")
    else:
        node = medians_ms(
            {
                "bare": (["node", "-e", ""], dict(os.environ)),
                "handlebars": (["node", "-e", NODE, template, str(node_dir)], dict(os.environ)),
            },
            args.runs,
        )
        print(f"{'node -e ' + repr(''):52} {node['bare']:7.1f} ms")
        print(
            f"{'node require(handlebars) + compile + render':52} {node['handlebars']:7.1f} ms"
            f"  (+{node['handlebars'] - node['bare']:.1f} ms)"
        )
    worst = max(value for name, value in results.items() if name.startswith("ours,")) - bare
    print(f"goal: at most 50 ms above the bare interpreter -> {'met' if worst <= 50 else 'NOT met'} (+{worst:.1f} ms)")


if __name__ == "__main__":
    main()
