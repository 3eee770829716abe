"""Synth overhead: the same Pinpoint app synthesized with cdk-pinpoint vs with aws-cdk-lib alone.

usage: python benchmarks/synth_overhead.py [--quick] [--repetitions 9] [--n 10 100] [--src DIR]

The resource set, at each N: one project, its SMS and email channels, an event stream to a new
Kinesis stream (with the role Pinpoint assumes), and N each of segments (EMAIL endpoints in one
city), email templates (../shared/bench/email_template.hbs, made distinct per template so the
compile cache cannot hide compile time) and campaigns (segment i, template i, sent immediately,
10% hold-out). It is built twice: in benchmarks/_synth_l1.py with aws_pinpoint Cfn* resources
(what a user writes without us; the Kinesis stream and the role with aws-cdk-lib's kinesis.Stream
and iam.Role, as EventStream does), and in benchmarks/_synth_ours.py with cdk-pinpoint's constructs.

Each measurement is one fresh `python` process that imports, builds the app and calls
app.synth() into an empty temp outdir: the wall time a user waits for. One untimed warm-up of
each variant runs first (bytecode and OS caches); then each N runs --repetitions times, the
order alternating; each repetition is a pair (ours and L1 back to back). Printed: the median
wall time of each and their ratio ours/L1, the median of the pairs' ratios (each pair ran under
the same machine load, so this one shrugs off a slow minute; the goal, at most 1.10, must hold
for both ratios), the best (minimum) times, the phase medians (import, build, synth) measured inside the
processes, CPU time (python + node, less sensitive to other load on the machine than wall time),
the time our template engine took per template, and the CloudFormation resource counts.
--src measures another copy of the library (a candidate fix) instead of this checkout's src/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
ACCOUNT = "123456789012"
REGION = "us-east-1"
IDENTITY_ARN = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/example.com"
GOAL = 1.10
_CITIES = ("Berlin", "Paris", "Madrid", "Rome", "Vienna", "Lisbon", "Prague", "Warsaw", "Dublin", "Oslo")


def city(i: int) -> str:
    """Segment i's city: distinct for every i."""
    return f"{_CITIES[i % len(_CITIES)]}{i // len(_CITIES) or ''}"


def email_parts(source: str, i: int) -> tuple[str, str]:
    """Template i's subject and HTML part: the reference template, distinct per template as real
    templates are (so each one is compiled, not served from the compile cache)."""
    subject = f"Your {{{{Attributes.Brand.[0]}}}} order update ({i})"
    return subject, f"{source}<!-- order-update-{i} -->\n"


def reference_template() -> Path:
    """../shared/bench/email_template.hbs beside the repository."""
    path = REPO.parent / "shared" / "bench" / "email_template.hbs"
    if not path.is_file():
        sys.exit(f"benchmark data missing: expected {path} (../shared/bench beside the repository)")
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(script: str, n: int, template: Path, env: dict[str, str]) -> tuple[float, dict, Counter]:
    """One fresh process: (wall seconds, phase timings it printed + its CPU seconds, resource counts by type)."""
    with tempfile.TemporaryDirectory() as outdir:
        cpu_before = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(BENCHMARKS / script), str(n), outdir, str(template)],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        if done.returncode != 0:
            sys.exit(f"{script} N={n} failed:\n{done.stderr}")
        phases = json.loads(done.stdout.strip().splitlines()[-1]) | {"cpu": cpu}
        synthesized = json.loads((Path(outdir) / "Bench.template.json").read_text())
    counts = Counter(r["Type"] for r in synthesized["Resources"].values())
    counts["(DependsOn entries)"] = sum(len(r.get("DependsOn", [])) for r in synthesized["Resources"].values())
    return wall, phases, counts


def engine_compile_ms(source: str, n: int, src: Path) -> float:
    """Median ms to check one benchmark template's parts (subject + HTML) and collect its
    variables with the engine alone, each text new (no cache hit): what EmailTemplate asks of it."""
    sys.path.insert(0, str(src.resolve()))
    from cdk_pinpoint.rendering import check_template

    times = []
    for i in range(n):
        subject, html = email_parts(source, i)
        started = time.perf_counter()
        for text in (subject, html):
            check_template(text)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def print_counts(l1: Counter, ours: Counter) -> None:
    print("  resources by type            L1   ours")
    for kind in sorted(set(l1) | set(ours)):
        mark = "" if l1[kind] == ours[kind] else "   <- differs"
        print(f"    {kind:<28} {l1[kind]:4d} {ours[kind]:6d}{mark}")

    def resources(counts: Counter) -> int:
        return sum(n for kind, n in counts.items() if not kind.startswith("("))

    print(f"    {'total resources':<28} {resources(l1):4d} {resources(ours):6d}")


def measure(n: int, repetitions: int, variants: dict[str, str], template: Path, env: dict[str, str]):
    """Run both variants `repetitions` times at N = n, alternating the order; print; return
    (n, ratio of the medians, median of the pairs' ratios)."""
    walls: dict[str, list[float]] = {name: [] for name in variants}  # index = repetition
    phases: dict[str, list[dict]] = {name: [] for name in variants}
    counts: dict[str, Counter] = {}
    for repetition in range(repetitions):
        order = list(variants) if repetition % 2 == 0 else list(reversed(variants))
        for name in order:
            wall, timings, counts[name] = run_once(variants[name], n, template, env)
            walls[name].append(wall)
            phases[name].append(timings)
    l1, ours = statistics.median(walls["L1"]), statistics.median(walls["ours"])
    print(f"N = {n}: {repetitions} fresh processes each, median wall time")
    print(f"  L1    {l1:6.2f} s   (runs: {', '.join(f'{w:.2f}' for w in walls['L1'])})")
    print(f"  ours  {ours:6.2f} s   (runs: {', '.join(f'{w:.2f}' for w in walls['ours'])})")
    print(f"  ratio ours/L1 = {ours / l1:.3f}  (+{ours - l1:.2f} s)")
    paired = statistics.median(o / r for o, r in zip(walls["ours"], walls["L1"], strict=True))
    print(f"  median of the {repetitions} pairs' ratios ours/L1 = {paired:.3f}")
    best_l1, best_ours = min(walls["L1"]), min(walls["ours"])
    print(f"  best of each: L1 {best_l1:.2f} s, ours {best_ours:.2f} s, ratio {best_ours / best_l1:.3f}")
    keys = ("import", "build", "synth", "cpu")
    medians = {name: {k: statistics.median(p[k] for p in phases[name]) for k in keys} for name in variants}
    for name in variants:
        print(f"  {name:<5} median s: " + ", ".join(f"{k} {medians[name][k]:.2f}" for k in keys))
    own = sum(medians["ours"][k] - medians["L1"][k] for k in ("import", "build"))
    print(
        f"  ours' own cost from the phases (import + build; the synth phase is nearly the same work on both sides"
        f" and the noisiest): +{own:.2f} s = ratio {1 + own / l1:.3f} against L1's median"
    )
    cpu_ratio = medians["ours"]["cpu"] / medians["L1"]["cpu"]
    print(f"  CPU time (python + node, less sensitive to machine load) ours/L1 = {cpu_ratio:.3f}")
    compile_s = statistics.median(p["compile"] for p in phases["ours"])
    print(f"  ours: template engine during synth {compile_s:.3f} s in all, {compile_s / n * 1000:.1f} ms per template")
    print_counts(counts["L1"], counts["ours"])
    print()
    return n, ours / l1, paired


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 repetitions instead of 9")
    parser.add_argument("--repetitions", type=int, default=None)
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the library to measure (default: ./src)")
    args = parser.parse_args()
    # 9: on a shared 2-core machine the wall-time median of 5 runs moved by +-0.07 from run to run
    repetitions = args.repetitions or (2 if args.quick else 9)
    template = reference_template()
    source = template.read_text(encoding="utf-8")

    # Python's defaults: bytecode is cached (in a temp folder, filled by the warm-up), whatever
    # this shell says; the Node end-of-life banner is silenced (it is printed, not waited for).
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env["PYTHONPATH"] = os.pathsep.join([str(args.src.resolve()), str(BENCHMARKS)])
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    variants = {"L1": "_synth_l1.py", "ours": "_synth_ours.py"}

    began = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory() as bytecode:
        env["PYTHONPYCACHEPREFIX"] = bytecode
        for script in variants.values():  # warm-up, untimed: bytecode caches, OS file cache
            run_once(script, min(args.n), template, env)
        for n in args.n:
            results.append(measure(n, repetitions, variants, template, env))
    print(f"library measured: {args.src.resolve()}")
    engine_ms = engine_compile_ms(source, 50, args.src)
    print(f"engine alone, uncached: {engine_ms:.2f} ms per template (subject + HTML, variables)")
    print(
        "resource differences, if any above: none are expected; both sides build the same types and counts "
        "(ours adds DeletionPolicy Retain on the project, which the L1 side mirrors)."
    )
    for n, ratio, paired in results:
        verdict = "met" if max(ratio, paired) <= GOAL else "NOT met"
        figures = f"ratio of medians {ratio:.3f}, median of pairs {paired:.3f}"
        print(f"goal ours/L1 <= {GOAL:.2f} at N = {n}: {verdict} ({figures})")
    print(f"total run time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
