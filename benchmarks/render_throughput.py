"""Render throughput: the benchmark email rendered 10,000 times, ours vs handlebars.js (and pybars3).

usage: python benchmarks/render_throughput.py [--n 10000]

Uses ../shared/bench/email_template.hbs and the contexts of ../shared/bench/render_bench.py
(the same formula as render_bench.mjs). The template is compiled once, one warm-up render is
done, then N renders are timed. handlebars.js 4.7.10 runs under node in the same run (npm
installs it once into a cache folder under the temp dir); stock pybars3 runs through
render_bench.py. Outputs are compared byte for byte by sha256. Goal: ratio >= 1.0.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10000)
    args = parser.parse_args()
    shared = shared_dir()
    sys.path.insert(0, str(REPO / "src"))
    from cdk_pinpoint.rendering import compile_template

    bench = load_bench_module(shared)
    source = (shared / "bench" / "email_template.hbs").read_text(encoding="utf-8")
    contexts = [bench.make_context(i) for i in range(args.n)]

    started = time.perf_counter()
    template = compile_template(source)
    template.render(contexts[0])
    compile_ms = (time.perf_counter() - started) * 1000
    render = template.render
    best = float("inf")
    for _ in range(3):  # best of three, like a careful micro-benchmark; each run renders all N
        started = time.perf_counter()
        outputs = [render(context) for context in contexts]
        best = min(best, time.perf_counter() - started)
    ours = args.n / best
    digest = hashlib.sha256()
    for output in outputs:
        digest.update(output.encode())
        digest.update(b"\0")
    ours_sha = digest.hexdigest()[:16]
    print(
        f"cdk_pinpoint.rendering  compile+first render {compile_ms:7.2f} ms"
        f"  {ours:10,.0f} renders/s  sha256_raw={ours_sha}"
    )

    node_dir = handlebars_dir()
    if node_dir is None:
        print("handlebars.js: skipped (node/npm not found)")
        return
    env = dict(os.environ, HANDLEBARS_DIR=str(node_dir))
    node_runs = [
        fields(
            subprocess.run(
                ["node", str(shared / "bench" / "render_bench.mjs"), "--n", str(args.n)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(3)
    ]
    node = max(node_runs, key=lambda run: float(run["renders_per_s"]))
    node_rate = float(node["renders_per_s"])
    print(
        f"handlebars.js {node['handlebars']}      compile+first render"
        f" {float(node['compile_plus_first_render_ms']):7.2f} ms"
        f"  {node_rate:10,.0f} renders/s  sha256_raw={node['sha256_raw']}  (best of 3 node runs)"
    )
    pybars = fields(
        subprocess.run(
            [sys.executable, str(shared / "bench" / "render_bench.py"), "--n", str(args.n)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    print(
        f"pybars3 (stock)         compile {float(pybars['compile_ms']):7.2f} ms               "
        f"{float(pybars['renders_per_s']):10,.0f} renders/s  ratio {float(pybars['renders_per_s']) / node_rate:.2f}x"
    )
    print(
        f"ratio ours / handlebars.js: {ours / node_rate:.2f}x (goal >= 1.0x); "
        f"identical output: {'yes' if ours_sha == node['sha256_raw'] else 'NO'}"
    )


if __name__ == "__main__":
    main()
