"""EventProcessor with engagement metrics on vs off, on the same 10,000 records, in one run.

Goal: metrics add at most 10% to processing time, and no AWS API call per record. Both runs call
``event_processor.handler.process`` on the records of ``benchmarks/event_processor.py`` (a plausible
mix, 10% opt-outs) with a real boto3 Pinpoint client whose every API call (any client, any operation)
is counted and answered in memory; the metrics go to an in-memory stdout, as Lambda's would go to its
log. Rounds alternate off and on (in turn first), so both see the same machine load; the best round
of each is compared (the median too). Times are the process's CPU time, so other processes on a
shared machine do not count in a round.

Run: ``.venv/bin/python benchmarks/event_processor_metrics.py``
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lambdas"), str(ROOT), str(ROOT / "src")]

import boto3  # noqa: E402
import botocore.client  # noqa: E402
from event_processor.handler import process  # noqa: E402
from event_processor.metrics import EngagementMetrics  # noqa: E402

from benchmarks.event_processor import EVENTS, _records  # noqa: E402
from cdk_pinpoint.monitoring.names import handler_config  # noqa: E402
from tests.lambdas.event_processor_shapes import PROJECT_ID  # noqa: E402

ROUNDS = 15
API_CALLS: Counter[str] = Counter()


def _answer_in_memory(self: Any, operation_name: str, api_params: dict[str, Any]) -> dict[str, Any]:
    """Stands in for botocore's network call, for every client: counts it and accepts it."""
    API_CALLS[operation_name] += 1
    if operation_name != "UpdateEndpointsBatch":
        raise AssertionError(f"unexpected AWS API call {operation_name}")
    return {"MessageBody": {"Message": "Accepted", "RequestID": "r"}}


def _run(records: list[dict[str, Any]], pinpoint: Any, metrics: bool) -> tuple[float, dict[str, int], str]:
    API_CALLS.clear()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        start = time.process_time()
        response = process(
            records,
            project_id=PROJECT_ID,
            pinpoint=pinpoint,
            metrics=EngagementMetrics(handler_config(), PROJECT_ID) if metrics else None,
        )
        seconds = time.process_time() - start
    assert response == {"batchItemFailures": []}
    return seconds, dict(API_CALLS), out.getvalue()


def main() -> None:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    botocore.client.BaseClient._make_api_call = _answer_in_memory  # type: ignore[method-assign]
    pinpoint = boto3.client("pinpoint", region_name="us-east-1")
    records = _records(EVENTS)
    # the records in the order Kinesis would deliver them in batches of up to 10,000: one batch here
    off_times, on_times = [], []
    for round_ in range(ROUNDS):
        for metrics in (False, True) if round_ % 2 else (True, False):
            seconds, calls, out = _run(records, pinpoint, metrics=metrics)
            if metrics:
                on_times.append(seconds)
                on_calls, on_out = calls, out
            else:
                off_times.append(seconds)
                off_calls, off_out = calls, out
    documents = [json.loads(line) for line in on_out.splitlines() if '"_aws"' in line]
    print(
        f"EventProcessor.process on the same {EVENTS:,} records (10% opt-outs), {ROUNDS} alternating rounds, CPU time"
    )
    for label, times in (("metrics off", off_times), ("metrics on (EMF)", on_times)):
        print(f"  {label:<22} best {min(times) * 1000:8.1f} ms   median {statistics.median(times) * 1000:8.1f} ms")
    print(
        f"  overhead (on / off)    best {min(on_times) / min(off_times) - 1:+8.1%}        "
        f"median {statistics.median(on_times) / statistics.median(off_times) - 1:+8.1%}   (goal: at most +10%)"
    )
    per_record_us = (min(on_times) - min(off_times)) / EVENTS * 1e6
    print(f"  added per record       {per_record_us:8.2f} us")
    print(f"  AWS API calls          off {off_calls}   on {on_calls}")
    extra = sum(on_calls.values()) - sum(off_calls.values())
    print(f"  extra API calls        {extra} ({extra / EVENTS:g} per record; goal: 0)")
    print(f"  EMF documents written  {len(documents)} ({sum(1 for line in off_out.splitlines())} with metrics off)")


if __name__ == "__main__":
    main()
