"""EventProcessor with engagement metrics on vs off, on the same 10,000 records, in one run.

Goal: metrics add at most 10% to processing time, and no AWS API call per record. Each round calls
``event_processor.handler.process`` on the records of ``benchmarks/event_processor.py`` (a plausible
mix, 10% opt-outs) with a boto3 Pinpoint client, once with metrics off and once on; the metrics go to
an in-memory stdout, as Lambda's would go to its log. Every AWS API call (any client, any operation)
is counted. Two ways of answering them, each measured in its own rounds:

- at the socket: botocore validates, serializes and signs each request and parses the answer, as in
  Lambda; only the network is left out (a ``before-send`` handler answers). This is the processor's
  own CPU time for the batch, and the figure the goal is measured on;
- in memory: the call is answered before botocore builds the request, which leaves out about 8 ms of
  request building and makes the metrics' share look larger (a stricter figure, printed alongside).

Rounds alternate off and on (in turn first), each after a garbage collection, so both see the same
machine load and heap; the best round of each is compared, and the median of the rounds' ratios.
Times are the process's CPU time, so other processes on a shared machine do not count in a round.

Run: ``.venv/bin/python benchmarks/event_processor_metrics.py``
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lambdas"), str(ROOT), str(ROOT / "src")]

import boto3  # noqa: E402
import botocore.client  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from event_processor.handler import process  # noqa: E402
from event_processor.metrics import EngagementMetrics  # noqa: E402

from benchmarks.event_processor import EVENTS, _records  # noqa: E402
from cdk_pinpoint.monitoring.names import handler_config  # noqa: E402
from tests.lambdas.event_processor_shapes import PROJECT_ID  # noqa: E402

ROUNDS = 41
API_CALLS: Counter[str] = Counter()
#: UpdateEndpointsBatch's answer (Pinpoint API reference: MessageBody)
ACCEPTED = {"MessageBody": {"Message": "Accepted", "RequestID": "r"}}
_make_api_call = botocore.client.BaseClient._make_api_call


def _counted(self: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
    """Every client's every API call goes through here: counted, then answered in memory (a client
    marked so) or handed to botocore."""
    API_CALLS[operation_name] += 1
    if operation_name != "UpdateEndpointsBatch":
        raise AssertionError(f"unexpected AWS API call {operation_name}")
    if getattr(self, "answer_in_memory", False):
        return ACCEPTED
    return _make_api_call(self, operation_name, api_params)


class _Body:
    def __init__(self, content: bytes) -> None:
        self.content = content

    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        yield self.content


def _answer_at_the_socket(request: Any, **kwargs: Any) -> AWSResponse:
    """A ``before-send`` handler: botocore has built and signed ``request``; answer it without a network."""
    return AWSResponse(
        request.url, 200, {"Content-Type": "application/json"}, _Body(json.dumps(ACCEPTED["MessageBody"]).encode())
    )


def _client(answer_in_memory: bool) -> Any:
    client = boto3.client("pinpoint", region_name="us-east-1")
    if answer_in_memory:
        client.answer_in_memory = True
    else:
        client.meta.events.register("before-send.pinpoint", _answer_at_the_socket)
    return client


def _run(records: list[dict[str, Any]], pinpoint: Any, metrics: bool) -> tuple[float, dict[str, int], str]:
    API_CALLS.clear()
    out = io.StringIO()
    gc.collect()  # each round starts from the same heap
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


def _measure(records: list[dict[str, Any]], pinpoint: Any) -> dict[bool, tuple[list[float], dict[str, int], str]]:
    """Alternating rounds, metrics off and on: each one's times, API calls and output."""
    results: dict[bool, tuple[list[float], dict[str, int], str]] = {False: ([], {}, ""), True: ([], {}, "")}
    for round_ in range(ROUNDS):
        for metrics in (False, True) if round_ % 2 else (True, False):
            seconds, calls, out = _run(records, pinpoint, metrics=metrics)
            results[metrics] = ([*results[metrics][0], seconds], calls, out)
    return results


def _report(title: str, results: dict[bool, tuple[list[float], dict[str, int], str]]) -> None:
    (off, off_calls, off_out), (on, on_calls, on_out) = results[False], results[True]
    print(f"  {title}")
    for label, times in (("metrics off", off), ("metrics on (EMF)", on)):
        print(f"    {label:<22} best {min(times) * 1000:8.1f} ms   median {statistics.median(times) * 1000:8.1f} ms")
    pair_ratios = [on_seconds / off_seconds for on_seconds, off_seconds in zip(on, off, strict=True)]
    print(
        f"    overhead (on / off)    best {min(on) / min(off) - 1:+8.1%}        "
        f"median of the rounds' ratios {statistics.median(pair_ratios) - 1:+.1%}   (goal: at most +10%)"
    )
    print(f"    added per record       {(min(on) - min(off)) / EVENTS * 1e6:8.2f} us")
    extra = sum(on_calls.values()) - sum(off_calls.values())
    print(f"    AWS API calls          off {off_calls}   on {on_calls}")
    print(f"    extra API calls        {extra} ({extra / EVENTS:g} per record; goal: 0)")
    documents = [json.loads(line) for line in on_out.splitlines() if '"_aws"' in line]
    print(f"    EMF documents written  {len(documents)} ({len(off_out.splitlines())} lines with metrics off)")


def main() -> None:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    botocore.client.BaseClient._make_api_call = _counted  # type: ignore[method-assign]
    records = _records(EVENTS)  # the records in the order Kinesis would deliver them: one batch of 10,000
    print(
        f"EventProcessor.process on the same {EVENTS:,} records (10% opt-outs), {ROUNDS} alternating rounds, CPU time"
    )
    _report(
        "API calls answered at the socket (botocore builds, signs and parses them; the goal's figure)",
        _measure(records, _client(answer_in_memory=False)),
    )
    _report(
        "API calls answered in memory (before botocore builds them; stricter)",
        _measure(records, _client(answer_in_memory=True)),
    )


if __name__ == "__main__":
    main()
