"""The generated Python: readable, each value computed once, loop-invariant work outside loops.

Output equality is the differential test's and the peer suites' job; these tests pin down the
shape of the code the speed comes from (see benchmarks/render_throughput.py), and print it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdk_pinpoint.rendering import compile_template
from cdk_pinpoint.rendering.compiler import RUNTIME, _literal_source
from cdk_pinpoint.rendering.helpers import HELPERS, INLINE_FORMS

EMAIL_LIKE = (
    "<title>{{Attributes.Brand.[0]}}</title>\n"
    "<h1>Hello {{capitalize User.UserAttributes.FirstName.[0]}},</h1>\n"
    '{{#if (eq User.UserAttributes.Tier.[0] "gold")}}\n'
    "<p>{{Attributes.Points.[0]}} points</p>\n"
    "{{/if}}\n"
    "{{#each Items}}\n"
    "<tr><td>{{capitalize name}}</td><td>{{price}} {{../Attributes.Currency.[0]}}</td></tr>\n"
    "{{/each}}\n"
    "<p>{{Attributes.Brand.[0]}} team, {{Attributes.Brand.[0]}} notifications</p>\n"
)


def test_generated_code_for_an_email(capsys: pytest.CaptureFixture[str]) -> None:
    source = compile_template(EMAIL_LIKE).python_source
    with capsys.disabled():
        print(f"\n--- generated code for tests/rendering/test_rendering_generated_code.py EMAIL_LIKE\n{source}---")
    lines = source.splitlines()
    loop = next(i for i, line in enumerate(lines) if line.lstrip().startswith("for "))
    # the brand is looked up and escaped once, though printed three times
    assert source.count("['Brand']") == 1
    escaped = re.findall(r"else _e\((t\d+)\)", source)
    assert escaped and len(escaped) == len(set(escaped))
    # ../Attributes.Currency.[0] reads nothing of the loop: looked up and escaped before it
    currency = next(i for i, line in enumerate(lines) if "['Currency']" in line)
    assert currency < loop
    assert re.search(r"e\d+ = .* else _e\(t\d+\)", "\n".join(lines[currency:loop]))
    # neither @index nor @last is read: a plain loop over the items
    assert re.fullmatch(r"\s+for c\d+ in l\d+:", lines[loop])
    assert "enumerate" not in source and "len(" not in source
    # capitalize of a string is an expression; the helper is called only for anything else
    assert re.search(r"\(t\d+\[:1\]\.title\(\) \+ t\d+\[1:\] if .* else _h_capitalize\(t\d+\)\)", source)
    # the function is Python that compiles, not a string of opaque calls
    compile(source, "<test>", "exec")


def test_a_loop_reading_its_index_keeps_it() -> None:
    source = compile_template("{{#each list}}{{@index}}{{#if @last}}.{{/if}}{{/each}}").python_source
    assert "enumerate(" in source and "len(" in source


def test_impure_helpers_are_called_each_time() -> None:
    source = compile_template("{{uuid}}{{uuid}}{{#each list}}{{now}}{{/each}}").python_source
    assert source.count("_h_uuid()") == 2
    lines = source.splitlines()
    loop = next(i for i, line in enumerate(lines) if line.lstrip().startswith("for "))
    assert any("_h_now(" in line for line in lines[loop:])


VALUES: list[Any] = [
    "",
    "widget",
    "o'brien",
    "élan",
    "ǆemal",  # title case differs from upper case
    "ßtraße",
    "two words",
    "tab\there",
    "line\nbreak",
    "x2",
    "ÀÉÎ",
    None,
    7,
    2.5,
    True,
    ["ana"],
    ["a", "b"],
    {"k": "v"},
]


@pytest.mark.parametrize("name", sorted(INLINE_FORMS))
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_inline_form_equals_its_helper(name: str, value: Any) -> None:
    arity, form = INLINE_FORMS[name]
    names = ["v", "w"][:arity]
    expression = f"({form.format(*names)} else _h_{name}({', '.join(names)}))"
    for other in VALUES if arity == 2 else [None]:
        arguments = [value, other][:arity]
        assert eval(expression, dict(RUNTIME), dict(zip(names, arguments, strict=True))) == HELPERS[name].function(
            *arguments
        ), arguments


@settings(deadline=None)
@given(st.text() | st.sampled_from(["\ud800x", "a\u2028b", "\x85\x00\x7f", "{}'\\\n"]))
def test_text_becomes_a_literal_that_evaluates_back_to_it(text: str) -> None:
    assert eval("f'" + _literal_source(text) + "'") == text
    assert "\n" not in _literal_source(text)


def test_no_character_that_needs_escaping_is_alphanumeric() -> None:
    """Why generated code may skip escaping a string for which str.isalnum() holds."""
    from cdk_pinpoint.rendering.values import escape

    needs_escaping = [chr(code) for code in range(0x110000) if escape(chr(code)) != chr(code)]
    assert needs_escaping == sorted("&<>\"'`=")
    assert not any(char.isalnum() for char in needs_escaping)
