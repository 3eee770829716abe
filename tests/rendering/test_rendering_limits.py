"""Limits that keep data and deep templates from breaking rendering: number bounds for the math
helpers, nesting limits (a TemplateError with a position, never a RecursionError), the cache bound."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cdk_pinpoint.rendering import TemplateError, compile_template
from cdk_pinpoint.rendering.cli import validate_command
from cdk_pinpoint.rendering.helpers import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT

# What this guards against is arithmetic on the number as written (10**999999 takes minutes, and
# Decimal's exponent limit is far beyond it), not a speed goal: the bound is generous so that a
# loaded CI machine cannot fail it, and still far below what the unbounded work would take.
TOO_LONG_SECONDS = 2.0


def attribute(template: str, value: str) -> str:
    started = time.perf_counter()
    output = compile_template(template).render({"User": {"UserAttributes": {"X": [value]}}})
    assert time.perf_counter() - started < TOO_LONG_SECONDS, f"{template} with {value[:20]!r} took too long"
    return output


@pytest.mark.parametrize(
    ("template", "value"),
    [
        ("{{ceiling User.UserAttributes.X.[0]}}", "1e401"),
        ("{{round User.UserAttributes.X}}", "1e999999999"),
        ("{{floor User.UserAttributes.X}}", "-1e30000"),
        ("{{add User.UserAttributes.X 1}}", "1e999999"),
        ("{{multiply User.UserAttributes.X User.UserAttributes.X}}", "9" * 5000),
        ("{{divide 1 User.UserAttributes.X}}", "1e-999999"),
        ("{{modulo User.UserAttributes.X 7}}", "1e999999"),
        ("{{subtract User.UserAttributes.X 1}}", "0." + "1" * 5000),
    ],
)
def test_numbers_out_of_range_render_empty_quickly(template: str, value: str) -> None:
    assert attribute(template, value) == ""


@pytest.mark.parametrize(
    ("template", "value", "expected"),
    [
        ("{{add User.UserAttributes.X 1}}", f"1e{MAX_NUMBER_EXPONENT}", "1" + "0" * (MAX_NUMBER_EXPONENT - 1) + "1"),
        ("{{ceiling User.UserAttributes.X}}", f"1.5e{MAX_NUMBER_EXPONENT}", "15" + "0" * (MAX_NUMBER_EXPONENT - 1)),
        ("{{round User.UserAttributes.X}}", "9" * (MAX_NUMBER_DIGITS - 1) + ".5", "1" + "0" * (MAX_NUMBER_DIGITS - 1)),
        (
            "{{multiply User.UserAttributes.X User.UserAttributes.X}}",
            "9" * MAX_NUMBER_DIGITS,
            str(int("9" * MAX_NUMBER_DIGITS) ** 2),
        ),
        ("{{divide User.UserAttributes.X 3}}", f"1e{MAX_NUMBER_EXPONENT}", "3" * MAX_NUMBER_EXPONENT + ".33333333"),
        ("{{add User.UserAttributes.X 1}}", f"1e-{MAX_NUMBER_EXPONENT}", "1." + "0" * (MAX_NUMBER_EXPONENT - 1) + "1"),
        ("{{modulo User.UserAttributes.X 7}}", f"1e{MAX_NUMBER_EXPONENT}", str(10**MAX_NUMBER_EXPONENT % 7)),
        ("{{subtract User.UserAttributes.X 0.5}}", "-0.5", "-1"),
        ("{{multiply User.UserAttributes.X 0}}", "-3", "0"),
    ],
)
def test_numbers_in_range_are_exact(template: str, value: str, expected: str) -> None:
    assert attribute(template, value) == expected


def test_numbers_with_too_many_digits_are_not_numbers() -> None:
    assert attribute("{{add User.UserAttributes.X 0}}", "1" * MAX_NUMBER_DIGITS) == "1" * MAX_NUMBER_DIGITS
    assert attribute("{{add User.UserAttributes.X 0}}", "1" * (MAX_NUMBER_DIGITS + 1)) == ""
    assert compile_template("{{add a 1}}").render({"a": 10 ** (MAX_NUMBER_DIGITS + 1)}) == ""
    assert compile_template("{{add a 1}}").render({"a": 10**5000}) == ""


@pytest.mark.parametrize("helper", ["center 'a' size=", "ljust 'a' ", "rjust 'a' "])
def test_padding_wider_than_the_limit_renders_empty(helper: str) -> None:
    assert attribute("{{" + helper + "User.UserAttributes.X}}", "1e9") == ""
    assert len(attribute("{{" + helper + "User.UserAttributes.X}}", "10000")) == 10000


# ------------------------------------------------------------------------------------ nesting

DEPTH = 32  # MAX_NESTING, documented in the package docstring
PREFIX = "line one\n  "  # errors must point at line 2, column 3 + the offset of the offending opener


def error_position(source: str) -> tuple[int | None, int | None, str]:
    with pytest.raises(TemplateError) as caught:
        compile_template(source)
    return caught.value.line, caught.value.column, caught.value.message


NESTED = {
    "if": ("{{#if a}}", "{{/if}}"),
    "each": ("{{#each l}}", "{{/each}}"),
    "with": ("{{#with a}}", "{{/with}}"),
    "section": ("{{#a}}", "{{/a}}"),
    "inverse": ("{{^a}}", "{{/a}}"),
    "gt": ("{{#gt a 1}}", "{{/gt}}"),
    "partial block": ("{{#> p}}", "{{/p}}"),
    "inline partial": ('{{#*inline "q"}}', "{{/inline}}"),
}


@pytest.mark.parametrize("kind", NESTED)
def test_blocks_nested_to_the_limit_compile_and_render(kind: str) -> None:
    open_tag, close_tag = NESTED[kind]
    partial = '{{#*inline "p"}}{{> @partial-block}}{{/inline}}' if kind == "partial block" else ""
    source = partial + open_tag * DEPTH + "{{a.b}}{{@index}}{{../a}}" + close_tag * DEPTH
    assert isinstance(compile_template(source).render({"a": {"b": 1}, "l": [1, 2]}), str)


@pytest.mark.parametrize("kind", NESTED)
@pytest.mark.parametrize("depth", [DEPTH + 1, 200, 2000])
def test_blocks_nested_too_deep_are_an_error_at_the_block(kind: str, depth: int) -> None:
    open_tag, close_tag = NESTED[kind]
    source = PREFIX + open_tag * depth + "x" + close_tag * depth
    line, column, message = error_position(source)
    assert (line, column) == (2, 3 + len(open_tag) * DEPTH)
    assert f"more than {DEPTH} deep" in message


def test_else_chains_count_as_nesting() -> None:
    chain = "{{#if a}}x" + "{{else if b}}y" * (DEPTH - 1) + "{{/if}}"
    assert compile_template(chain).render({"b": 1}) == "y"
    for links in (DEPTH, 3000):
        source = PREFIX + "{{#if a}}x" + "{{else if b}}y" * links + "{{/if}}"
        line, column, message = error_position(source)
        assert (line, column) == (2, 3 + len("{{#if a}}x") + len("{{else if b}}y") * (DEPTH - 1))
        assert f"more than {DEPTH} deep" in message


def test_each_nested_to_the_limit_iterates_every_level() -> None:
    source = "{{#each l}}" * DEPTH + "{{@index}}" + "{{/each}}" * DEPTH
    assert compile_template(source).render({"l": [[[1]]]}) == ""  # the levels below 3 have no list
    nested: object = ["x", "y"]
    for _ in range(DEPTH - 1):
        nested = [nested]
    each = "{{#each this}}" * DEPTH + "{{this}}{{@index}}" + "{{/each}}" * DEPTH
    assert compile_template(each).render(nested) == "x0y1"


@pytest.mark.parametrize("depth", [DEPTH + 1, 500, 5000])
def test_subexpressions_nested_too_deep_are_an_error_at_the_subexpression(depth: int) -> None:
    source = PREFIX + "{{upper " + "(lower " * depth + "'x'" + ")" * depth + "}}"
    line, column, message = error_position(source)
    assert (line, column) == (2, 3 + len("{{upper ") + len("(lower ") * DEPTH)
    assert f"more than {DEPTH} deep" in message
    ok = "{{upper " + "(lower " * DEPTH + "'x'" + ")" * DEPTH + "}}"
    assert compile_template(ok).render({}) == "X"


@pytest.mark.parametrize("segments", [DEPTH + 1, 5000])
def test_paths_longer_than_the_limit_are_an_error_at_the_path(segments: int) -> None:
    source = PREFIX + "{{x " + ".".join(["a"] * segments) + "}}"
    line, column, message = error_position(source)
    assert (line, column) == (2, 3 + len("{{x "))
    assert f"more than {DEPTH} segments" in message
    deepest: object = "v"
    for _ in range(DEPTH):
        deepest = {"a": deepest}
    assert compile_template("{{" + ".".join(["a"] * DEPTH) + "}}").render(deepest) == "v"


def test_validate_reports_deep_templates_with_their_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.hbs"
    deep.write_text("{{#if a}}" * 200 + "{{/if}}" * 200, encoding="utf-8")
    assert validate_command([str(deep)]) == 1
    assert capsys.readouterr().out.startswith(f"{deep}:1:{1 + len('{{#if a}}') * DEPTH}: ")


def test_a_template_construct_reports_deep_templates_with_their_position() -> None:
    from cdk_pinpoint.errors import ConfigurationError
    from cdk_pinpoint.templates import SmsTemplate
    from tests.support import make_stack

    with pytest.raises(ConfigurationError, match=f"line 1, column {1 + len('{{#if a}}') * DEPTH}"):
        SmsTemplate(make_stack(), "Sms", body="{{#if a}}" * 60 + "{{/if}}" * 60)


# -------------------------------------------------------------------------------------- cache


def test_the_render_cache_never_holds_more_than_its_size_and_adds_no_modules() -> None:
    import sys

    from cdk_pinpoint.rendering import render
    from cdk_pinpoint.rendering import template as template_module

    render("warm {{add 1 2}}", {})  # lazy imports happen here
    modules_before = set(sys.modules)
    largest = 0
    for i in range(template_module.CACHE_SIZE + 10):
        assert render(f"{{{{a}}}} {i} {{{{add 1 2}}}}", {"a": "x"}) == f"x {i} 3"
        largest = max(largest, len(template_module._cache))
    assert largest == template_module.CACHE_SIZE
    assert set(sys.modules) == modules_before
    first = ("{{a}} 0 {{add 1 2}}", None)
    assert first not in template_module._cache  # the least recently used were evicted


def test_a_dropped_template_is_freed_without_the_cyclic_gc() -> None:
    import gc
    import weakref

    template = compile_template('{{#*inline "p"}}{{b}}{{/inline}}{{#each a}}{{> p}}{{/each}}{{#a}}x{{/a}}')
    assert template.render({"a": [{"b": 1}]}) == "1x"
    function = weakref.ref(template._main)
    gc.disable()
    try:
        del template
        assert function() is None
    finally:
        gc.enable()
