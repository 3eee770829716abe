"""The JSONata expressions of EndpointRetention's state machine, evaluated by the jsonata npm
package (the language Step Functions runs) with the variables a run binds: the delete/report
decision for each kind of input, the record's keys and body, the export prefix."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.npm import npm_packages
from tests.unit.test_retention import _all_states, _build, _definition

VERSION = "2.2.2"
RUNNER = """
const jsonata = require(process.argv[1] + "/node_modules/jsonata");
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const out = [];
  for (const [expression, bindings] of cases) {
    try { out.push({ok: await jsonata(expression).evaluate({}, bindings)}); }
    catch (e) { out.push({error: e.message}); }
  }
  process.stdout.write(JSON.stringify(out));
})();
"""
SELECTION = {"Files": 2, "Scanned": 40, "Selected": 3, "Truncated": False, "SelectionKey": "endpoint-retention/r1/s"}


def _bindings(execution_input: dict, state_input: dict | None = None) -> dict:
    context = {"Execution": {"Name": "r1", "StartTime": "2026-12-01T03:00:00Z", "Input": execution_input}}
    return {
        "states": {"context": context, "input": state_input or {}},
        "selection": SELECTION,
        "exportJobId": "job-7",
        "mapRunArn": "arn:map",
    }


def _expression(text: str) -> str:
    assert text.startswith("{%") and text.endswith("%}"), text
    return text[2:-2]


@pytest.fixture(scope="module")
def evaluate():
    folder = npm_packages([f"jsonata@{VERSION}"], "JSONata evaluation of the retention state machine")

    def run(cases: list[tuple[str, dict]]) -> list:
        payload = json.dumps([[_expression(e), b] for e, b in cases])
        result = subprocess.run(["node", "-e", RUNNER, str(folder)], input=payload, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        outputs = json.loads(result.stdout)
        assert all("error" not in o for o in outputs), outputs
        return [o.get("ok") for o in outputs]

    return run


@pytest.fixture(scope="module")
def states():
    stack, _ = _build()
    return _all_states(_definition(stack))


def test_only_an_explicit_dry_run_false_with_a_selection_deletes(evaluate, states):
    [choice] = states["DeleteOrReport?"]["Choices"]
    inputs = [{"DryRun": False}, {"DryRun": True}, {}, {"DryRun": "false"}]
    assert evaluate([(choice["Condition"], _bindings(i)) for i in inputs]) == [True, False, False, False]


def test_the_record_is_json_with_counts_and_the_run_in_its_key(evaluate, states):
    deleted_input = {"Deleted": 2, "Failed": 1, "MapRunArn": "arn:map"}
    key, deletions, report = evaluate(
        [
            (states["RecordDeletions"]["Arguments"]["Key"], _bindings({"DryRun": False})),
            (states["RecordDeletions"]["Arguments"]["Body"], _bindings({"DryRun": False}, deleted_input)),
            (states["RecordNoDeletions"]["Arguments"]["Body"], _bindings({"DryRun": True})),
        ]
    )
    assert key == "endpoint-retention/r1/summary.json"
    assert json.loads(deletions) == {
        "run": "r1",
        "startedAt": "2026-12-01T03:00:00Z",
        "dryRun": False,
        "exportJobId": "job-7",
        "filesRead": 2,
        "endpointsScanned": 40,
        "endpointsSelected": 3,
        "maximumReached": False,
        "selectedIds": "endpoint-retention/r1/s",
        "deleted": 2,
        "failed": 1,
        "mapRun": "arn:map",
    }
    assert json.loads(report)["dryRun"] is True and json.loads(report)["deleted"] == 0


def test_the_export_and_the_selection_use_the_runs_own_prefixes(evaluate, states):
    payload = states["SelectEndpoints"]["Arguments"]["Payload"]
    export_prefix, selection_key = evaluate(
        [(payload["ExportPrefix"], _bindings({})), (payload["SelectionKey"], _bindings({}))]
    )
    assert (export_prefix, selection_key) == ("exports/r1/", "endpoint-retention/r1/selected.jsonl")
    s3_url = states["CreateExportJob"]["Arguments"]["ExportJobRequest"]["S3UrlPrefix"]
    [url] = evaluate([(s3_url, _bindings({}))])
    assert url.startswith("s3://<RetentionExports") and url.endswith(">/exports/r1/")
