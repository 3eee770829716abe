"""Every Mermaid flowchart the review draws is parsed by Mermaid's own parser (mermaid 11, under node).

``mermaid.parse`` runs its flowchart grammar and then sanitizes labels with DOMPurify, which needs a
DOM: jsdom provides one. Both npm packages are installed once into a cache folder under the temp
dir (keyed by version), like the handlebars.js comparison; the test skips, saying why, without node
or npm (and fails on CI, which has them).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from cdk_pinpoint.journeys.graph import mermaid_from_request
from cdk_pinpoint.review.report import as_markdown
from tests.npm import npm_packages
from tests.review.test_review_golden import STACKS

PACKAGES = ("mermaid@11.17.2", "jsdom@26.1.0")
RUNNER = """
const { JSDOM } = require(process.argv[1] + "/node_modules/jsdom");
const dom = new JSDOM("");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
(async () => {
  const { default: mermaid } = await import(process.argv[1] + "/node_modules/mermaid/dist/mermaid.core.mjs");
  const diagrams = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const out = [];
  for (const text of diagrams) {
    try { out.push({ ok: (await mermaid.parse(text)).diagramType }); }
    catch (e) { out.push({ error: String(e.message || e).slice(0, 300) }); }
  }
  process.stdout.write(JSON.stringify(out));
})();
"""
_FENCE = re.compile(r"```mermaid\n(.*?)\n```", re.S)


def mermaid_js() -> Path:
    return npm_packages(PACKAGES, "checking the Mermaid output with Mermaid's parser")


def parse_all(diagrams: list[str]) -> list[dict[str, str]]:
    folder = mermaid_js()
    result = subprocess.run(
        ["node", "-e", RUNNER, str(folder)], input=json.dumps(diagrams), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_diagram_of_the_golden_reviews_parses(review_of):
    diagrams = [d for stack in STACKS for comment in as_markdown(review_of(stack)) for d in _FENCE.findall(comment)]
    assert len(diagrams) >= 3  # the live and draft journey changes and the removed journey
    # A label with the characters Mermaid treats specially, and a broken diagram the parser must reject,
    # so the check is seen to work.
    tricky = mermaid_from_request(
        {
            "StartActivity": "end",
            "Activities": {
                "end": {"Description": 'Say "hi" (now) & [go] {x}', "Wait": {"WaitTime": {"WaitFor": "P1D"}}}
            },
        },
        {"end": "changed"},
    )
    results = parse_all([*diagrams, tricky, 'flowchart TD\n  a["open --> b'])
    assert results[:-1] == [{"ok": "flowchart-v2"}] * (len(diagrams) + 1), results
    assert "error" in results[-1]
