"""compile_template checks a template completely but generates its Python code only on the first render."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path

import pytest

from cdk_pinpoint.rendering import TemplateError, compile_template
from cdk_pinpoint.rendering import template as template_module
from cdk_pinpoint.rendering.compiler import check, generate
from cdk_pinpoint.rendering.parser import MAX_NESTING, parse
from tests.rendering.test_rendering_differential import MALFORMED
from tests.rendering.test_rendering_differential import generate as random_template
from tests.rendering.test_rendering_rules import ERRORS

# One template per kind of error, with the words of its message.
EVERY_ERROR_KIND = [
    ("{{#if a}}x", "unclosed block"),  # syntax (parser)
    ("{{#each a}}" * (MAX_NESTING + 1) + "{{/each}}" * (MAX_NESTING + 1), "blocks nest more than"),
    ("{{upper " + "(upper " * (MAX_NESTING + 1) + "a" + ")" * (MAX_NESTING + 1) + "}}", "subexpressions nest"),
    ("{{" + ".".join(["a"] * (MAX_NESTING + 1)) + "}}", "segments"),
    ('{{a "b"}}', "unknown helper"),
    ("{{#frobnicate a}}x{{/frobnicate}}", "unknown block helper"),
    ("{{> nothing}}", "unknown partial"),
    ('{{center "a"}}', "size="),  # a required hash argument
    ('{{replace "a"}}', "at least 3"),  # too few arguments
    ('{{abbreviate "a" 3}}', "at least 4"),  # a literal argument out of range
    ("{{lookup a}}", "lookup takes an object and a key"),
    ("{{if a}}", "must be used as a block"),
    ("{{#if a b}}x{{/if}}", "exactly one argument"),
    ("{{#upper a}}x{{/upper}}", "cannot be used as a block"),
    ("{{> (a)}}", "dynamic partials"),
    ('{{#*inline "p"}}{{> p}}{{/inline}}{{#*inline}}x{{/inline}}', "need a name"),
    ("{{#if a}}{{#each b as |x|}}{{x 1}}{{/each}}{{/if}}", "unknown helper 'x'"),  # a block parameter, called
    ("{{#each a}}{{#if (lookup a)}}x{{/if}}{{else}}{{> q}}{{/each}}", "lookup takes"),  # nested, in a subexpression
]


@pytest.fixture
def generated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry per template whose code was generated."""
    sources: list[str] = []

    def counting(program: object, resolution: object) -> str:
        sources.append("generated")
        return generate(program, resolution)  # type: ignore[arg-type]

    monkeypatch.setattr(template_module, "generate", counting)
    return sources


@pytest.mark.parametrize(("source", "message"), EVERY_ERROR_KIND, ids=[m for _, m in EVERY_ERROR_KIND])
def test_compile_template_raises_every_kind_of_error_without_generating_code(
    source: str, message: str, generated: list[str]
) -> None:
    with pytest.raises(TemplateError, match=message) as error:
        compile_template(source)
    assert error.value.line is not None
    assert generated == []


def test_compile_template_reports_every_unknown_name_and_bad_argument_at_once() -> None:
    with pytest.raises(TemplateError) as error:
        compile_template('{{a "b"}}\n{{> p}}\n{{#upper x}}{{center "y"}}{{/upper}}')
    found = [(e.line, e.column, e.message) for e in error.value.errors]
    assert found == [
        (1, 1, "unknown helper 'a'"),
        (2, 1, "unknown partial 'p' (define it with {{#*inline}})"),
        (3, 1, "upper cannot be used as a block"),
        (3, 13, "center needs size="),
    ]


def test_compile_template_generates_no_code_until_the_first_render(generated: list[str]) -> None:
    template = compile_template("Hi {{upper User.UserAttributes.FirstName.[0]}}")
    assert template.variables == frozenset({"User.UserAttributes.FirstName"})
    assert generated == []
    assert template._main is None
    assert template.render({"User": {"UserAttributes": {"FirstName": ["ada"]}}}) == "Hi ADA"
    assert template.render({}) == "Hi "
    assert len(generated) == 1
    assert template._main is not None


def test_threads_rendering_a_new_template_at_once_all_get_its_output() -> None:
    template = compile_template("{{#each l}}{{this}}{{/each}}")
    start = threading.Barrier(8)
    outputs: list[str] = []

    def render() -> None:
        start.wait()
        outputs.append(template.render({"l": [1, 2]}))

    threads = [threading.Thread(target=render) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outputs == ["12"] * 8


def _corpus() -> list[str]:
    cases = json.loads((Path(__file__).parent / "data" / "template-cases.json").read_text(encoding="utf-8"))
    rng = random.Random(7)
    return (
        [source for source, _ in EVERY_ERROR_KIND]
        + [source for source, *_ in ERRORS]
        + MALFORMED
        + [case["template"] for case in cases]
        + [random_template(rng) for _ in range(300)]
        + [
            '{{#*inline "p"}}{{> @partial-block}}{{/inline}}{{#> p}}{{> q}}{{/p}}{{#> r}}{{/r}}',
            "{{#each a as |x center|}}{{center 1}}{{/each}}{{#with a as |x center|}}{{center 1}}{{/with}}",
            "{{#each a as |upper i|}}{{upper}}{{upper 1}}{{i 2}}{{/each}}{{#with b as |lower|}}{{lower x}}{{/with}}",
            '{{#eq a "b"}}x{{lookup}}{{else}}{{center}}{{/eq}}{{log a (frob b)}}{{#a}}{{> p}}{{/a}}',
            "{{(upper a) b}}{{'upper' a}}{{#(a)}}x{{/(a)}}{{#'if' a}}y{{/'if'}}",
        ]
    )


def test_every_template_the_checker_accepts_generates_python_that_compiles() -> None:
    """The code generator follows the checker's resolution and raises nothing of its own."""
    accepted = rejected = 0
    for source in _corpus():
        try:
            program = parse(source)
            resolution = check(source, program)
        except TemplateError:
            rejected += 1
            continue
        compile(generate(program, resolution), "<test>", "exec")
        accepted += 1
    assert rejected >= 20 and accepted >= 100  # both kinds are well covered
