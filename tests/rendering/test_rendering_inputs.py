"""``Template.inputs``: the paths whose values are all a rendering depends on, or None.

``simulate`` reuses a rendering for endpoints that agree on the values at those paths, so the set
must be complete. The property tests graft the values at the input paths of one context onto another,
unrelated context: the rendering must not change. Templates that read anything no path names must
say so (None).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdk_pinpoint.rendering import TemplateError, compile_template

CASES = json.loads((Path(__file__).parent / "data" / "template-cases.json").read_text(encoding="utf-8"))
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# templates that read nested objects, multi-value attributes, lists, blocks, partials and helpers
READING = [
    "Hi {{User.UserAttributes.FirstName}}, {{User.UserAttributes.FirstName.[1]}} ({{Attributes.Interests.length}})",
    "{{#each Attributes.Interests}}{{@index}}:{{this}}{{#if @last}}.{{/if}} {{/each}}",
    "{{#each Attributes}}{{@key}}={{this}};{{/each}}",
    "{{#each User.UserAttributes as |values name|}}{{name}}{{values.[0]}}{{/each}}",
    "{{#with Location}}{{City}}, {{Country}} {{../Id}}{{else}}nowhere{{/with}}",
    "{{#User}}{{UserId}}{{#UserAttributes}}{{FirstName}}{{/UserAttributes}}{{/User}}",
    "{{lookup Attributes.Interests 1}} {{#with (lookup Attributes 'City')}}{{this}}{{/with}}",
    '{{#and (gte User.UserAttributes.Age.[0] "18") (eq Location.Country "US")}}adult{{else}}no{{/and}}',
    "{{upper (join Attributes.Interests ', ')}} {{add Metrics.orders 1}} {{Metrics.orders}}",
    '{{#*inline "card"}}{{FirstName}}/{{@root.Id}}{{/inline}}{{> card User.UserAttributes}}{{> card}}',
    "{{#if Attributes.Interests}}{{#each Attributes.Interests}}{{../Address}}{{/each}}{{else}}none{{/if}}",
    "{{#each Items}}{{Name}}{{#each Tags}}{{this}}{{../Name}}{{/each}}{{/each}}",
    '{{"Last Name"}} {{Attributes.[a.b]}} {{Demographic.Timezone}}',
    "{{#unless OptOut}}subscribed{{/unless}} {{#each Metrics}}{{@key}}{{@first}}{{/each}}",
]

# templates whose rendering depends on more than the values at some paths
NOT_NAMED = {
    "{{this}}": "the whole context",
    "{{.}}": "the whole context",
    "{{#each .}}{{@key}}{{/each}}": "every property of the context",
    "{{#each this}}{{this}}{{/each}}": "every property of the context",
    "{{#with .}}{{Id}}{{/with}}": "the whole context, as a block's",
    "{{@root}}": "the whole context",
    "{{#each Attributes}}{{@root}}{{/each}}": "the whole context",
    "{{> p .}}{{#*inline 'p'}}{{Id}}{{/inline}}": "the whole context passed to a partial",
    "{{length}}": "the length of the context",
    "{{now}}": "the clock",
    "{{uuid}}": "a random value",
    "{{#if (now)}}x{{/if}}": "the clock, in a subexpression",
    "{{#eq (uuid) Id}}x{{/eq}}": "a random value, as a block helper's argument",
    "{{#*inline 'p'}}{{Name}}{{/inline}}{{> p Name=User.UserId}}": "a partial's hash arguments",
    "{{#*inline 'layout'}}<{{> @partial-block}}>{{/inline}}{{#> layout}}{{Id}}{{/layout}}": "a partial block",
}


@pytest.mark.parametrize("source", list(NOT_NAMED), ids=list(NOT_NAMED.values()))
def test_a_template_that_reads_more_than_named_values_has_no_inputs(source: str) -> None:
    assert compile_template(source).inputs is None


def test_inputs_are_root_paths_of_whole_values() -> None:
    template = compile_template(
        "{{User.UserAttributes.FirstName.[0]}}{{#each Attributes.Interests}}{{this}}{{/each}}"
        "{{Attributes.Interests.length}}{{#with Location}}{{City}}{{/with}}{{@root.Id}}{{'a.b'}}"
    )
    assert template.inputs == (
        ("Attributes", "Interests"),
        ("Id",),
        ("Location",),
        ("Location", "City"),
        ("User", "UserAttributes", "FirstName"),
        ("a.b",),  # one name with a dot, not a path of two
    )
    # the variables (for blank checks) are unchanged: dotted names
    assert template.variables == {
        "User.UserAttributes.FirstName",
        "Attributes.Interests",
        "Location",
        "Location.City",
        "Id",
        "a.b",
    }


# ------------------------------------------------------------------------- the property

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 30)
    | st.sampled_from([1.0, 2.5, -0.0])
    | st.sampled_from(["", "Ann", "US", "18", "7", "a,b", "<b>", "2030-03-01"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "User",
                    "UserAttributes",
                    "FirstName",
                    "Age",
                    "Attributes",
                    "Interests",
                    "City",
                    "Country",
                    "Location",
                    "Id",
                    "Address",
                    "Name",
                    "Items",
                    "Tags",
                    "Metrics",
                    "orders",
                    "0",
                    "a.b",
                    "Last Name",
                    "length",
                    "UserId",
                    "OptOut",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)
CONTEXTS = st.dictionaries(
    st.sampled_from(
        [
            "User",
            "Attributes",
            "Location",
            "Id",
            "Address",
            "Items",
            "Metrics",
            "Demographic",
            "OptOut",
            "Last Name",
            "a.b",
            "0",
        ]
    ),
    VALUES,
    max_size=8,
)

# endpoints shaped like the templates above expect, with any values in them
SHAPED = st.fixed_dictionaries(
    {},
    optional={
        "Id": VALUES,
        "Address": VALUES,
        "OptOut": VALUES,
        "Last Name": VALUES,
        "a.b": VALUES,
        "User": st.fixed_dictionaries(
            {},
            optional={
                "UserId": VALUES,
                "UserAttributes": st.dictionaries(st.sampled_from(["FirstName", "Age"]), VALUES),
            },
        ),
        "Attributes": st.dictionaries(st.sampled_from(["Interests", "City", "a.b"]), VALUES),
        "Location": st.dictionaries(st.sampled_from(["City", "Country"]), VALUES),
        "Metrics": st.dictionaries(st.sampled_from(["orders", "visits"]), VALUES),
        "Items": st.lists(st.fixed_dictionaries({}, optional={"Name": VALUES, "Tags": VALUES}), max_size=3),
    },
)


def graft(source: dict[str, Any], target: dict[str, Any], paths: tuple[tuple[str, ...], ...]) -> dict[str, Any]:
    """``target`` with the value at each of ``paths`` taken from ``source`` (where a path meets a value
    that is not an object in ``source``, that whole value; an absent value is removed)."""
    result = copy.deepcopy(target)
    for path in paths:
        value: Any = source
        here: Any = result
        for depth, name in enumerate(path):
            if value.__class__ is not dict:
                break
            if depth == len(path) - 1 or value.get(name).__class__ is not dict:
                if name in value:
                    here[name] = copy.deepcopy(value[name])
                else:
                    here.pop(name, None)
                break
            if here.get(name).__class__ is not dict:
                here[name] = {}
            value, here = value[name], here[name]
    return result


def check_inputs_suffice(source: str, first: dict[str, Any], second: dict[str, Any]) -> None:
    template = compile_template(source)
    assert template.inputs is not None, source
    mixed = graft(first, second, template.inputs)
    assert template.render(mixed) == template.render(first), (source, first, mixed)


@SETTINGS
@given(st.sampled_from(READING), SHAPED, SHAPED | CONTEXTS)
def test_the_values_at_the_inputs_decide_the_rendering(source: str, first: dict, second: dict) -> None:
    check_inputs_suffice(source, first, second)


def compiled(source: str) -> Any:
    try:
        return compile_template(source)
    except TemplateError:
        return None


COMPILING = [case for case in CASES if compiled(case["template"]) is not None]
WITH_INPUTS = [case for case in COMPILING if compiled(case["template"]).inputs is not None]


def test_every_worked_case_has_inputs_unless_it_reads_the_clock() -> None:
    without = [case["id"] for case in COMPILING if case not in WITH_INPUTS]
    assert without == ["str-now-year-pattern", "str-now-full", "str-now-default-medium"]
    assert len(WITH_INPUTS) == 81


@SETTINGS
@given(st.sampled_from(WITH_INPUTS), CONTEXTS)
def test_the_inputs_decide_the_rendering_of_every_worked_case(case: dict, other: dict) -> None:
    """Each worked case's own context grafted onto random ones: the rendering is the case's."""
    check_inputs_suffice(case["template"], case["context"], other)


def test_grafting_a_value_that_the_template_reads_changes_the_rendering() -> None:
    """The graft itself is not a no-op: a path left out of the inputs would be caught."""
    template = compile_template("{{Location.City}} {{Id}}")
    first = {"Location": {"City": "Berlin"}, "Id": "a"}
    second = {"Location": {"City": "Hamburg", "Country": "DE"}, "Id": "b"}
    assert template.render(graft(first, second, (("Location", "City"),))) == "Berlin b"
    assert graft(first, second, (("Location", "City"),))["Location"]["Country"] == "DE"
