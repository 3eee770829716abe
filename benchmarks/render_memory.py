"""Memory: 100,000 renders over 3,000 distinct templates stay under a fixed bound.

usage: python benchmarks/render_memory.py [--renders 100000] [--templates 3000]

Renders through the cached ``render()`` (LRU of CACHE_SIZE = 1,024 compiled templates) over
more distinct template sources than the cache holds (the issue's 1,000 would fit and never
evict), picked with a seeded Zipf-like popularity (template k with weight 1/k, as for a few
popular campaigns and a long tail), so the cache keeps the popular ones and keeps evicting the
tail; then checks that (1) the cache never holds more than CACHE_SIZE
templates, (2) sys.modules does not grow, (3) traced Python memory after the run stays under
a fixed bound (the cache's worth of templates plus slack), measured with tracemalloc.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

BOUND_MB = 32.0  # ~15 MB measured; 62 MB before the template reference cycle was broken
TEMPLATE = (
    "<p>Hello {{capitalize User.UserAttributes.FirstName.[0]}} #%d,</p>"
    "{{#each User.UserAttributes.Colors}}<li>{{@index}} {{this}}</li>{{else}}none{{/each}}"
    '{{#if (eq Location.Country "US")}}domestic{{else}}international{{/if}} {{add Metrics.n %d}}'
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=100_000)
    parser.add_argument("--templates", type=int, default=3_000)
    args = parser.parse_args()
    from cdk_pinpoint.rendering import render
    from cdk_pinpoint.rendering import template as template_module

    sources = [TEMPLATE % (i, i) for i in range(args.templates)]
    context = {
        "User": {"UserAttributes": {"FirstName": ["ana"], "Colors": ["red", "blue"]}},
        "Location": {"Country": "US"},
        "Metrics": {"n": 2},
    }
    render(sources[0], context)  # warm-up: lazy imports (decimal) happen here
    modules_before = len(sys.modules)
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    largest_cache = 0
    picks = random.Random(7).choices(
        range(args.templates), [1 / (k + 1) for k in range(args.templates)], k=args.renders
    )
    misses = 0  # compiles: renders whose (source, defaults) was not cached
    for i in picks:
        source = sources[i]
        misses += (source, None) not in template_module._cache
        render(source, context)
        largest_cache = max(largest_cache, len(template_module._cache))
    elapsed = time.perf_counter() - started
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    modules_after = len(sys.modules)
    print(
        f"{args.renders:,} renders over {args.templates:,} templates in {elapsed:.1f} s "
        f"({args.renders / elapsed:,.0f} renders/s under tracemalloc, including {misses:,} compiles)"
    )
    print(
        f"compile cache: at most {largest_cache} templates (bound {template_module.CACHE_SIZE}); "
        f"{misses:,} compiles, {max(0, misses - template_module.CACHE_SIZE):,} evictions"
    )
    print(f"sys.modules: {modules_before} before, {modules_after} after")
    print(f"traced memory: {current / 2**20:.1f} MB after, {peak / 2**20:.1f} MB peak (bound {BOUND_MB:.0f} MB)")
    evicted = args.templates <= template_module.CACHE_SIZE or misses > template_module.CACHE_SIZE
    ok = (
        largest_cache <= template_module.CACHE_SIZE
        and evicted
        and modules_after == modules_before
        and peak / 2**20 < BOUND_MB
    )
    print("result:", "within bounds" if ok else "OUT OF BOUNDS")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
