"""Render throughput on three workloads, ours next to its references measured in the same run.

usage: python benchmarks/render_throughput.py [--n 10000] [--before REV]

Workloads: the benchmark email (../shared/bench/email_template.hbs, contexts of
../shared/bench/render_bench.py) over N contexts; the same email with its body (the
``<div class="wrap">`` section) repeated 10 times, over N/5 contexts; and the email with
``each`` over 1,000 items, over N/50 contexts. For each one:

* ours: compiled once, one warm-up render, then the best of 7 timed passes over all contexts;
* the hand-written Python function of render_reference.py (same passes, interleaved with ours);
* handlebars.js 4.7.10 under node (npm installs it once into a cache folder under the temp
  dir): its first pass over the contexts, and "warmed", the best of 7 further passes;
* with ``--before REV``: this engine as it was at git revision REV (its rendering package taken
  from git into a temp folder), to show a change before and after in one run.

Every output is compared byte for byte (sha256) with the hand-written function's and with
handlebars.js's. Goals: ours >= 0.8x the hand-written function and >= 1.5x warmed
handlebars.js on each workload; compile + first render of the email < 2 ms (the median of 20 fresh compiles; the
first of the process is printed too).
Stock pybars3 is measured on the email through render_bench.py, as before.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import importlib.util
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HANDLEBARS_VERSION = "4.7.10"


def shared_dir() -> Path:
    """../shared beside the repository (CI clones elsewhere but puts shared beside it)."""
    shared = REPO.parent / "shared"
    if not (shared / "bench" / "email_template.hbs").is_file():
        sys.exit(f"benchmark data missing: expected {shared}/bench/email_template.hbs beside the repository")
    return shared


def handlebars_dir() -> Path | None:
    """A folder with handlebars@4.7.10 installed (cached under the temp dir), or None without npm."""
    folder = Path(tempfile.gettempdir()) / f"cdk-pinpoint-handlebars-{HANDLEBARS_VERSION}"
    if (folder / "node_modules" / "handlebars" / "package.json").is_file():
        return folder
    if shutil.which("npm") is None or shutil.which("node") is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", f"handlebars@{HANDLEBARS_VERSION}"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    return folder


def load_bench_module(shared: Path):
    spec = importlib.util.spec_from_file_location("render_bench", shared / "bench" / "render_bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fields(line: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=(\S+)", line))


WARMED_PASSES = 7
GOAL_VS_HAND_WRITTEN = 0.8
GOAL_VS_WARMED_NODE = 1.5
GOAL_COMPILE_MS = 2.0


def sha(outputs: list[str]) -> str:
    digest = hashlib.sha256()
    for output in outputs:
        digest.update(output.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def best_rates(
    functions: dict[str, Any], contexts: list[Any], passes: int = 7
) -> tuple[dict[str, float], dict[str, str]]:
    """Renders per second of each function (best of ``passes``, interleaved) and its output's sha256."""
    best = dict.fromkeys(functions, float("inf"))
    digests = {}
    gc.collect()
    gc.disable()  # as timeit does: a collection landing in one pass would favour the others
    for _ in range(passes):
        for name, function in functions.items():
            started = time.perf_counter()
            outputs = [function(context) for context in contexts]
            best[name] = min(best[name], time.perf_counter() - started)
            digests[name] = sha(outputs)
    gc.enable()
    return {name: len(contexts) / seconds for name, seconds in best.items()}, digests


def node_rates(node_dir: Path, template: str, contexts: list[Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        template_file, contexts_file = Path(folder) / "template.hbs", Path(folder) / "contexts.json"
        template_file.write_text(template, encoding="utf-8")
        contexts_file.write_text(json.dumps(contexts), encoding="utf-8")
        result = subprocess.run(
            [
                "node",
                str(Path(__file__).with_suffix(".mjs")),
                str(node_dir),
                str(template_file),
                str(contexts_file),
                str(WARMED_PASSES),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    return dict(json.loads(result.stdout))


COMPILES = 20


def compile_times(compile_template: Any, source: str, context: Any) -> tuple[float, float]:
    """Milliseconds to compile ``source`` and render it once: the first time in this process (the
    engine's own first use included), and the median of COMPILES fresh compiles after it."""
    times = []
    for _ in range(COMPILES + 1):
        started = time.perf_counter()
        compile_template(source).render(context)
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:])


def engine_before(revision: str, folder: Path) -> Any:
    """The rendering package at git ``revision``, imported as ``rendering_before`` from ``folder``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "src/cdk_pinpoint/rendering"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "src" / "cdk_pinpoint" / "rendering").rename(folder / "rendering_before")
    sys.path.insert(0, str(folder))
    return importlib.import_module("rendering_before")


def workloads(bench: Any, source: str, n: int) -> list[tuple[str, str, list[Any], Any]]:
    """(title, template, contexts, hand-written function) of each workload."""
    import render_reference

    head, rest = source.split('<div class="wrap">', 1)
    body, tail = rest.split("</div>\n</body>", 1)
    body_10x = head + ('<div class="wrap">' + body + "</div>\n") * 10 + "</body>" + tail

    def with_items(i: int, count: int) -> Any:
        context = bench.make_context(i)
        context["Items"] = [
            {"name": bench.PRODUCTS[(i + k) % 9], "qty": str((i + k) % 4 + 1), "price": f"{(i * 7 + k * 13) % 100}.99"}
            for k in range(count)
        ]
        return context

    return [
        (
            f"benchmark email ({n:,} contexts)",
            source,
            [bench.make_context(i) for i in range(n)],
            render_reference.render_email,
        ),
        (
            f"10x body ({n // 5:,} contexts)",
            body_10x,
            [bench.make_context(i) for i in range(n // 5)],
            render_reference.render_email_10x,
        ),
        (
            f"each over 1,000 items ({n // 50:,} contexts)",
            source,
            [with_items(i, 1000) for i in range(n // 50)],
            render_reference.render_email,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--before", help="also measure the engine at this git revision (e.g. main)")
    args = parser.parse_args()
    shared = shared_dir()
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from cdk_pinpoint.rendering import compile_template

    bench = load_bench_module(shared)
    source = (shared / "bench" / "email_template.hbs").read_text(encoding="utf-8")
    node_dir = handlebars_dir()
    before_folder = tempfile.TemporaryDirectory() if args.before else None
    before = engine_before(args.before, Path(before_folder.name)) if before_folder else None
    met = True

    first, median = compile_times(compile_template, source, bench.make_context(0))
    print(
        f"compile + first render of the email: ours {first:.2f} ms for the first template of the process, "
        f"median {median:.2f} ms over {COMPILES} more (goal < {GOAL_COMPILE_MS} ms)"
    )
    met &= median < GOAL_COMPILE_MS
    if before is not None:
        # its first compile is not a first of the process (ours warmed the re module's cache)
        median = compile_times(before.compile_template, source, bench.make_context(0))[1]
        print(f"  ours at {args.before}: median {median:.2f} ms")

    for title, template, contexts, hand_written in workloads(bench, source, args.n):
        ours = compile_template(template)
        ours.render(contexts[0])
        functions = {"ours": ours.render, "hand-written Python": hand_written}
        if before is not None:
            before_template = before.compile_template(template)
            before_template.render(contexts[0])
            functions[f"ours at {args.before}"] = before_template.render
        rates, digests = best_rates(functions, contexts)
        node = node_rates(node_dir, template, contexts) if node_dir else None
        if node and title.startswith("benchmark email"):
            print(f"  handlebars.js: {node['compile_plus_first_render_ms']:.2f} ms (the first template of its process)")
        print(f"\n{title}")
        references = {"hand-written Python": (rates["hand-written Python"], GOAL_VS_HAND_WRITTEN)}
        if node:
            references["handlebars.js warmed"] = (node["warmed_per_s"], GOAL_VS_WARMED_NODE)
        for name, rate in rates.items():
            line = f"  {name:26} {rate:10,.0f} renders/s"
            if name == "hand-written Python":
                goal_ratio = rates["ours"] / rate
                line += f"   ours / this {goal_ratio:.2f}x (goal >= {GOAL_VS_HAND_WRITTEN}x)"
            elif name != "ours":
                line += f"   ours / this {rates['ours'] / rate:.2f}x"
            print(line)
        if node:
            print(
                f"  {'handlebars.js first pass':26} {node['first_pass_per_s']:10,.0f} renders/s"
                f"   ours / this {rates['ours'] / node['first_pass_per_s']:.2f}x"
            )
            print(
                f"  {'handlebars.js warmed':26} {node['warmed_per_s']:10,.0f} renders/s"
                f"   ours / this {rates['ours'] / node['warmed_per_s']:.2f}x (goal >= {GOAL_VS_WARMED_NODE}x)"
            )
        else:
            print("  handlebars.js: skipped (node/npm not found)")
        for rate, goal in references.values():
            met &= rates["ours"] / rate >= goal
        same = set(digests.values()) | ({node["sha256"]} if node else set())
        print(f"  identical output (sha256 {digests['ours']}): {'yes' if len(same) == 1 else 'NO ' + repr(digests)}")
        met &= len(same) == 1

    pybars = fields(
        subprocess.run(
            [sys.executable, str(shared / "bench" / "render_bench.py"), "--n", str(args.n)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    print(f"\nstock pybars3 on the benchmark email: {float(pybars['renders_per_s']):,.0f} renders/s")
    print(f"goals: {'all met' if met else 'NOT all met'}")
    if before_folder:
        before_folder.cleanup()


if __name__ == "__main__":
    main()
