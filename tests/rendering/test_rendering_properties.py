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
