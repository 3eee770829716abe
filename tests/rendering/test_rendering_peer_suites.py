"""Peer suites: test cases this project did not write, with handlebars.js 4.7.10's output as the truth.

* The Mustache spec (github.com/mustache/spec at 9cb20c3, MIT, see data/mustache-spec/LICENSE):
  comments, interpolation, sections and inverted, copied unchanged into data/mustache-spec/.
* handlebars.js's own spec files (basic, blocks, builtins, whitespace-control, partials, data,
  regressions at v4.7.9, the newest tag with specs; 4.7.10 changed no spec): their plain-data
  cases (template, input, partials), extracted by data/handlebars-spec/extract.js into
  data/handlebars-spec/cases.json. Cases that need JavaScript (helpers, decorators, options,
  inputs with functions) are recorded there with the reason and listed, not run.

Each case is one test (id ``file:name``). The expected output is not the suites' own: every case
is rendered by handlebars.js 4.7.10 (npm, installed like the differential test) in one node
process with its default options (handlebars.js's own spec.js runs the Mustache spec in
``compat`` mode, which Pinpoint does not use), and ours must produce the same string, or reject
the template where handlebars.js throws. Registered partials are given to both engines as
``{{#*inline}}`` definitions ahead of the template (Pinpoint has no partial registry; inline
partials are how a template has partials).
The terminal summary (tests/rendering/conftest.py) prints the pass count per file and every
excluded case with its reason; EXCLUDED below is the one place exclusions are decided.
"""

from __future__ import annotations

import json
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from cdk_pinpoint.rendering import TemplateError, compile_template
from tests.rendering.test_rendering_differential import handlebars_js

DATA = Path(__file__).parent / "data"
MUSTACHE_FILES = ["comments", "interpolation", "sections", "inverted"]

# case id -> why it is not run: a deliberate difference from handlebars.js, not a bug to fix.
# None today (the four Mustache files have no {{=<% %>=}} delimiter changes, handlebars.js's own
# exclusion; handlebars.js's cases that need JavaScript are listed from cases.json).
EXCLUDED: dict[str, str] = {}

RUNNER = """
const H = require(process.argv[1] + "/node_modules/handlebars");
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(([t, c]) => {
  try { return {ok: H.create().compile(t)(c)}; } catch (e) { return {error: e.message}; }
});
process.stdout.write(JSON.stringify(out));
"""


def with_inline_partials(template: str, partials: dict[str, str]) -> str:
    """The template with its registered partials declared as ``{{#*inline}}`` partials ahead of it."""
    definitions = "".join(
        f"{{{{#*inline {json.dumps(name)}}}}}{body}{{{{/inline}}}}" for name, body in partials.items()
    )
    return definitions + template


def _load() -> tuple[list[tuple[str, str, str, Any]], dict[str, str]]:
    """(file, case id, template, input) of every case to run, and every excluded case id -> reason."""
    cases: list[tuple[str, str, str, Any]] = []
    excluded: dict[str, str] = {}
    for name in MUSTACHE_FILES:
        for test in json.loads((DATA / "mustache-spec" / f"{name}.json").read_text(encoding="utf-8"))["tests"]:
            case_id = f"{name}.json:{test['name']}"
            template = with_inline_partials(test["template"], test.get("partials", {}))
            cases.append((f"{name}.json", case_id, template, test["data"]))
    spec = json.loads((DATA / "handlebars-spec" / "cases.json").read_text(encoding="utf-8"))
    for test in spec["cases"]:
        case_id = f"{test['file']}:{test['name']}"
        if "not_plain" in test:
            excluded[case_id] = "not plain data: " + "; ".join(test["not_plain"])
        else:
            cases.append(
                (test["file"], case_id, with_inline_partials(test["template"], test["partials"]), test["input"])
            )
    unknown = set(EXCLUDED) - {case_id for _, case_id, _, _ in cases}
    assert not unknown, f"EXCLUDED names cases that are not run anyway: {sorted(unknown)}"
    excluded.update(EXCLUDED)
    return [case for case in cases if case[1] not in EXCLUDED], excluded


CASES, EXCLUDED_CASES = _load()


@cache
def handlebars_outputs() -> dict[str, dict[str, str]]:
    """handlebars.js 4.7.10's result for every case: {"ok": output} or {"error": message}."""
    folder = handlebars_js()
    result = subprocess.run(
        ["node", "-e", RUNNER, str(folder)],
        input=json.dumps([[template, data] for _, _, template, data in CASES]),
        capture_output=True,
        text=True,
        check=True,
    )
    return {case_id: output for (_, case_id, _, _), output in zip(CASES, json.loads(result.stdout), strict=True)}


def ours(template: str, data: Any) -> dict[str, str]:
    try:
        return {"ok": compile_template(template).render(data)}
    except TemplateError as error:
        return {"error": str(error)}


@pytest.mark.parametrize(("case_id", "template", "data"), [case[1:] for case in CASES], ids=[case[1] for case in CASES])
def test_peer_case(case_id: str, template: str, data: Any) -> None:
    reference = handlebars_outputs()[case_id]
    result = ours(template, data)
    if "error" in reference:
        assert "error" in result, f"handlebars.js rejects this template ({reference['error']}); we render {result}"
    else:
        assert result == reference


def test_the_suites_are_loaded_and_each_exclusion_has_a_reason() -> None:
    assert {file for file, *_ in CASES} == {f"{name}.json" for name in MUSTACHE_FILES} | {
        f"{name}.js"
        for name in ("basic", "blocks", "builtins", "whitespace-control", "partials", "data", "regressions")
    }
    assert len(CASES) > 250
    assert all(reason.strip() for reason in EXCLUDED_CASES.values())
