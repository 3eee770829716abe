"""Every worked case of template-cases.json (a sample of the spec in helpers.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cdk_pinpoint.rendering import TemplateError, compile_template

CASES = json.loads((Path(__file__).parent / "data" / "template-cases.json").read_text(encoding="utf-8"))


def test_the_sample_is_complete() -> None:
    assert len(CASES) == 88


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict) -> None:
    if case.get("expect_error"):
        with pytest.raises(TemplateError) as error:
            compile_template(case["template"], case.get("default_substitutions")).render(case["context"])
        assert error.value.line is not None and error.value.column is not None
        return
    output = compile_template(case["template"], case.get("default_substitutions")).render(case["context"])
    if "expected_regex" in case:
        assert re.fullmatch(case["expected_regex"], output), output
    else:
        assert output == case["expected"]
