"""``fills_defaults`` says exactly when ``merge_defaults`` would change a context (so a caller may skip it)."""

from __future__ import annotations

import itertools

import pytest

from cdk_pinpoint.rendering.values import default_leaves, fills_defaults, merge_defaults

DEFAULTS = [
    {"User": {"UserAttributes": {"FirstName": "there"}}},
    {"User": {"UserAttributes": {"FirstName": "there", "Plan": ["basic"]}}, "Attributes": {"City": "Berlin"}},
    {"User": {}, "Tier": "free"},
]
VALUES = [None, [], ["Ann"], "Ann", {}, {"FirstName": ["Ann"]}, {"FirstName": None}, {"FirstName": ["Ann"], "Plan": []}]


def contexts():
    for user_attributes, city, tier in itertools.product(VALUES, [None, [], ["Hamburg"], "x"], [None, "gold"]):
        context: dict = {"Id": "e"}
        if user_attributes is not None:
            context["User"] = {"UserAttributes": user_attributes}
        if city is not None:
            context["Attributes"] = {"City": city}
        if tier is not None:
            context["Tier"] = tier
        yield context
    yield {"User": "not an object"}
    yield {"User": None}


def test_default_leaves_are_the_paths_to_each_value():
    assert default_leaves(DEFAULTS[1]) == [
        ("User", "UserAttributes", "FirstName"),
        ("User", "UserAttributes", "Plan"),
        ("Attributes", "City"),
    ]
    assert default_leaves(DEFAULTS[2]) == [("User",), ("Tier",)]


@pytest.mark.parametrize("defaults", DEFAULTS)
def test_fills_defaults_exactly_when_the_merge_changes_the_context(defaults):
    leaves = default_leaves(defaults)
    outcomes = set()
    for context in contexts():
        changes = merge_defaults(defaults, context) != context
        assert fills_defaults(leaves, context) == changes, context
        outcomes.add(changes)
    assert outcomes == {True, False}  # both cases met
