"""Cold start: a fresh interpreter to the first rendered message, vs `python -c pass` and node.

usage: python benchmarks/cold_start.py [--runs 20]

Each figure is the median wall time of --runs fresh processes. Ours = import
cdk_pinpoint.rendering + compile ../shared/bench/email_template.hbs + render it once. It is
measured twice: without a bytecode cache, as in a Lambda package shipped without .pyc files
(/var/task is read-only), by importing a copy of src/cdk_pinpoint without any __pycache__
under PYTHONDONTWRITEBYTECODE, so every module of ours is compiled from source in every run
while the standard library keeps its installed .pyc files, as on Lambda; and with one (a warm
__pycache__ kept under a temp folder via PYTHONPYCACHEPREFIX). The reference is node's require('handlebars')
plus compile and first render of the same template. Goal: at most 50 ms above `python -c pass`.
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


def median_ms(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    template = str(shared_dir() / "bench" / "email_template.hbs")
    base_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    base_env["PYTHONPATH"] = str(REPO / "src")
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as package:
        # our package without .pyc files: existing __pycache__ folders are not copied and
        # PYTHONDONTWRITEBYTECODE keeps the runs from writing new ones
        shutil.copytree(
            REPO / "src" / "cdk_pinpoint", Path(package) / "cdk_pinpoint", ignore=shutil.ignore_patterns("__pycache__")
        )
        no_cache = dict(base_env, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=package)
        cached = dict(base_env, PYTHONPYCACHEPREFIX=cache)
        subprocess.run([sys.executable, "-c", OURS, template], env=cached, check=True)  # fill the cache
        bare = median_ms([sys.executable, "-c", "pass"], no_cache, args.runs)
        ours_cold = median_ms([sys.executable, "-c", OURS, template], no_cache, args.runs)
        ours_warm = median_ms([sys.executable, "-c", OURS, template], cached, args.runs)
        pybars = median_ms([sys.executable, "-c", "import pybars; pybars.Compiler()"], cached, max(5, args.runs // 4))
        assert not list(Path(package).rglob("*.pyc")), "the no-cache copy must stay without bytecode"
    print(f"python -c pass                                   {bare:7.1f} ms")
    print(f"ours, no bytecode cache (Lambda-like)            {ours_cold:7.1f} ms  (+{ours_cold - bare:.1f} ms)")
    print(f"ours, bytecode cached                            {ours_warm:7.1f} ms  (+{ours_warm - bare:.1f} ms)")
    print(f"stock pybars3: import + Compiler() only (cached) {pybars:7.1f} ms  (+{pybars - bare:.1f} ms)")
    node_dir = handlebars_dir()
    if node_dir is None:
        print("node: skipped (node/npm not found)")
    else:
        node_bare = median_ms(["node", "-e", ""], dict(os.environ), args.runs)
        node = median_ms(["node", "-e", NODE, template, str(node_dir)], dict(os.environ), args.runs)
        print(f"node -e ''                                       {node_bare:7.1f} ms")
        print(f"node require('handlebars') + compile + render    {node:7.1f} ms  (+{node - node_bare:.1f} ms)")
    worst = max(ours_cold, ours_warm) - bare
    print(f"goal: at most 50 ms above the bare interpreter -> {'met' if worst <= 50 else 'NOT met'} (+{worst:.1f} ms)")


if __name__ == "__main__":
    main()
