"""Limits that keep data and deep templates from breaking rendering: number bounds for the math
helpers, nesting limits (a TemplateError with a position, never a RecursionError), the cache bound."""

from __future__ import annotations

import time

import pytest

from cdk_pinpoint.rendering import compile_template
from cdk_pinpoint.rendering.helpers import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT


def attribute(template: str, value: str) -> str:
    started = time.perf_counter()
    output = compile_template(template).render({"User": {"UserAttributes": {"X": [value]}}})
    assert time.perf_counter() - started < 0.05, f"{template} with {value[:20]!r} took too long"
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
