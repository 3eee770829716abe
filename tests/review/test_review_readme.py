"""The README's sample review is the real output on the showcase pair that benchmarks/review_diff.py makes."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import aws_cdk as cdk

from cdk_pinpoint.review import compare
from cdk_pinpoint.review.report import as_markdown
from cdk_pinpoint.review.synth import cli_context

ROOT = Path(__file__).resolve().parents[2]


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_sample_is_the_output_on_the_showcase():
    showcase = _module(ROOT / "app.py", "_review_showcase_app")
    bench = _module(ROOT / "benchmarks" / "review_diff.py", "_review_bench")
    context = {**cli_context(ROOT), "aws:cdk:bundling-stacks": []}
    base = showcase.build_app(cdk.App(context=context)).synth().get_stack_by_name(bench.STACK).template
    text = json.dumps(base)
    for old, new in bench.EDITS:
        assert old in text
        text = text.replace(old, new)
    review = compare({bench.STACK: base}, {bench.STACK: json.loads(text)})
    readme = (ROOT / "README.md").read_text()
    [sample] = re.findall(r"````markdown\n(.*?)\n````", readme, re.S)
    assert "\n".join(as_markdown(review)).rstrip() == sample
