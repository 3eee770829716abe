"""Property tests: attribute values are data (escaped, never evaluated); no context shape raises."""

from __future__ import annotations

import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdk_pinpoint.rendering import compile_template

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text that looks like template code, HTML and quotes, mixed with any unicode
NASTY = st.lists(
    st.one_of(
        st.sampled_from(["{{", "}}", "{{{", "~", "#", "/", "\\", "<", ">", "&", '"', "'", "`", "=", "@", "{{x}}"]),
        st.text(max_size=5),
    ),
    max_size=12,
).map("".join)

BARE = compile_template("{{User.UserAttributes.Name}}")
INDEXED = compile_template("{{User.UserAttributes.Name.[0]}}")
HELPER = compile_template("{{upper User.UserAttributes.Name.[0]}}")
RAW = compile_template("{{{User.UserAttributes.Name.[0]}}}")


def unescape(text: str) -> str:
    return html.unescape(text.replace("&#x3D;", "=").replace("&#x60;", "`"))


@SETTINGS
@given(NASTY)
def test_values_render_as_escaped_data(value: str) -> None:
    context = {"User": {"UserAttributes": {"Name": [value]}}}
    for template in (BARE, INDEXED, HELPER):
        output = template.render(context)
        assert not any(ch in output for ch in "<>\"'`=")
        assert unescape(output) == (value.upper() if template is HELPER else value)
    assert RAW.render(context) == value  # triple-stash: the value itself, never evaluated


def test_a_100_kb_value_renders_as_data() -> None:
    value = "{{#each x}}<b>&</b>{{/each}}" * 4000
    assert len(value) > 100_000
    assert unescape(INDEXED.render({"User": {"UserAttributes": {"Name": [value]}}})) == value
    assert RAW.render({"User": {"UserAttributes": {"Name": [value]}}}) == value


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["User", "UserAttributes", "Name", "Attributes", "Items", "Location", "City", "0", "length", "Id"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)

SHAPES = compile_template(
    "{{User.UserAttributes.Name}}{{User.UserAttributes.Name.[0]}}{{Attributes.Items.[2].Name}}{{Items.length}}"
    "{{#each Items}}{{@index}}{{this}}{{Name}}{{../Id}}{{/each}}{{#with Location}}{{City}}{{else}}-{{/with}}"
    "{{#if User}}{{#each User as |v k|}}{{k}}{{v}}{{/each}}{{/if}}{{#Items}}{{Name}}{{/Items}}"
    '{{upper User.UserAttributes.Name}}{{add Id 1}}{{gt Id 2}}{{eq Items Items}}{{dateFormat Id}}{{join Items ","}}'
    "{{ordinalize Id}}{{yesno Id}}{{center Id size=5}}{{lookup Items 0}}{{#each Location}}{{@key}}{{/each}}"
)


@SETTINGS
@given(JSON)
def test_any_context_shape_renders(context: object) -> None:
    assert isinstance(SHAPES.render(context), str)
    assert isinstance(SHAPES.render({"User": context, "Items": context, "Location": context, "Id": context}), str)


# numeric strings of any size: huge or tiny exponents, thousands of digits, signs, spaces
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=6000)
NUMBER_TEXT = st.one_of(
    st.builds(
        lambda sign, whole, fraction, exponent: f"{sign}{whole}{fraction}{exponent}",
        st.sampled_from(["", "-", "+"]),
        DIGITS,
        st.sampled_from(["", "."]) | DIGITS.map(lambda digits: "." + digits),
        st.just("") | st.integers(min_value=-(10**12), max_value=10**12).map(lambda exponent: f"e{exponent}"),
    ),
    st.integers(min_value=-(10**9), max_value=10**9).map(lambda exponent: f"1e{exponent}"),
    st.floats().map(repr),
    st.integers().map(str),
)
MATH = [
    compile_template("{{" + helper + " User.UserAttributes.A User.UserAttributes.B}}")
    for helper in ("add", "subtract", "multiply", "divide", "modulo")
] + [compile_template("{{" + helper + " User.UserAttributes.A.[0]}}") for helper in ("ceiling", "floor", "round")]


@SETTINGS
@given(NUMBER_TEXT, NUMBER_TEXT)
def test_math_helpers_never_fail_or_stall_on_any_number(a: str, b: str) -> None:
    import time

    context = {"User": {"UserAttributes": {"A": [a], "B": [b]}}}
    for template in MATH:
        started = time.perf_counter()
        output = template.render(context)
        assert time.perf_counter() - started < 0.05, (template, a[:30], b[:30])
        assert output == "" or output.lstrip("-").replace(".", "", 1).isdigit()
