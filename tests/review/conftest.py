"""The review's small app, synthesized once per test session in both versions."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest

from cdk_pinpoint.review import compare, stack_templates
from tests.review.review_app import build_app


@pytest.fixture(scope="session")
def assemblies(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("review")
    for side in ("base", "head"):
        build_app(cdk.App(outdir=str(folder / side), context={"aws:cdk:bundling-stacks": []}), side).synth()
    return folder / "base", folder / "head"


@pytest.fixture(scope="session")
def sides(assemblies):
    base, head = assemblies
    return stack_templates(base), stack_templates(head)


@pytest.fixture(scope="session")
def review_of(sides):
    """The review of one stack of the small app."""
    base, head = sides

    def review(stack: str):
        return compare({stack: base[stack]}, {stack: head[stack]})

    return review
