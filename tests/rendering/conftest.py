"""Prints the peer suites' pass count per file and their excluded cases (test_rendering_peer_suites.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

PEER_TEST = "test_rendering_peer_suites.py::test_peer_case["


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts: dict[str, Counter[str]] = {}
    for outcome in ("passed", "failed", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if PEER_TEST in nodeid and getattr(report, "when", "call") in ("call", "setup"):
                file = nodeid.split(PEER_TEST, 1)[1].split(":", 1)[0]
                counts.setdefault(file, Counter())[outcome] += 1
    if not counts:
        return
    from tests.rendering.test_rendering_peer_suites import EXCLUDED_CASES

    write = terminalreporter.write_line
    terminalreporter.section("peer suites (truth: handlebars.js 4.7.10)")
    for file, count in sorted(counts.items()):
        ran = count["passed"] + count["failed"]
        excluded = sum(case_id.startswith(file + ":") for case_id in EXCLUDED_CASES)
        skipped = f", {count['skipped']} skipped" if count["skipped"] else ""
        write(f"{file:24} {count['passed']:4} of {ran:4} pass{skipped}, {excluded} excluded")
    write(f"excluded cases ({len(EXCLUDED_CASES)}), with their reason:")
    for case_id, reason in EXCLUDED_CASES.items():
        write(f"  {case_id}: {reason}")
