"""EventProcessor throughput and API economy.

1. Events per second through parse-and-classify (``event_processor.handler.classify``) for 10,000
   Kinesis records of the documented Pinpoint shapes (10% opt-outs), next to a reference measured in
   the same run: a bare base64 decode + ``json.loads`` of the same records.
2. API calls per 1,000 opt-outs (goal: at most 10), counted on a stand-in Pinpoint client.

Run: ``.venv/bin/python benchmarks/event_processor.py``
"""

from __future__ import annotations

import base64
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lambdas"), str(ROOT)]

from event_processor.handler import classify, process  # noqa: E402

from tests.lambdas.event_processor_shapes import PROJECT_ID, email_event, kinesis_records, sms_event  # noqa: E402

# per 100 events: a plausible mix in which 10 are opt-outs
MIX = (
    [("_email.send", email_event)] * 28
    + [("_email.delivered", email_event)] * 28
    + [("_email.open", email_event)] * 14
    + [("_email.click", email_event)] * 5
    + [("_SMS.SUCCESS", sms_event)] * 10
    + [("_SMS.BUFFERED", sms_event)] * 5
    + [("_email.hardbounce", email_event)] * 4
    + [("_email.complaint", email_event)] * 2
    + [("_email.unsubscribe", email_event)] * 2
    + [("_SMS.OPTOUT", sms_event)] * 2
)
EVENTS = 10_000
ROUNDS = 5


def _records(count: int) -> list[dict[str, Any]]:
    """The mix's events, each to its own endpoint, address or phone number, with its own message id."""
    events = []
    for i in range(count):
        event_type, shape = MIX[i % len(MIX)]
        if shape is sms_event:
            event = sms_event(event_type, endpoint_id=f"endpoint-{i}", phone_number=f"+1206555{i % 10_000:04d}")
            event["attributes"]["message_id"] = f"{i:08x}-4b3a-11e9-b0a5-example"
        else:
            event = email_event(event_type, endpoint_id=f"endpoint-{i}", address=f"recipient-{i}@example.com")
            event["facets"]["email_channel"]["mail_event"]["mail"]["message_id"] = f"01000{i:011d}-example-000000"
        events.append(event)
    return kinesis_records(events)


def _records_all_opt_outs(count: int) -> list[dict[str, Any]]:
    kinds = [("_email.hardbounce", email_event), ("_email.complaint", email_event), ("_SMS.OPTOUT", sms_event)]
    return kinesis_records([kinds[i % 3][1](kinds[i % 3][0], endpoint_id=f"endpoint-{i}") for i in range(count)])


def _best_seconds(function, records) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function(records)
        best = min(best, time.perf_counter() - start)
    return best


def classify_all(records):
    return [classify(r) for r in records]


def decode_and_parse_all(records):
    # parsed events are dropped as they go, as classify drops them: keeping 10,000 large dicts alive
    # would make the garbage collector, not the parsing, dominate the reference
    for r in records:
        json.loads(base64.b64decode(r["kinesis"]["data"]))


class CountingPinpoint:
    """Accepts every UpdateEndpointsBatch and counts the calls and endpoints."""

    def __init__(self) -> None:
        self.calls = 0
        self.endpoints = 0

    def update_endpoints_batch(self, *, ApplicationId: str, EndpointBatchRequest: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        self.endpoints += len(EndpointBatchRequest["Item"])
        assert len(EndpointBatchRequest["Item"]) <= 100
        return {"MessageBody": {"Message": "Accepted"}}


def main() -> None:
    records = _records(EVENTS)
    opt_outs = sum(1 for r in classify_all(records) if r is not None)
    ours = _best_seconds(classify_all, records)
    reference = _best_seconds(decode_and_parse_all, records)
    print(f"parse-and-classify: {EVENTS} events ({opt_outs} opt-outs), best of {ROUNDS}")
    print(f"  classify                 {EVENTS / ours:>12,.0f} events/s")
    print(f"  base64 + json.loads ref  {EVENTS / reference:>12,.0f} events/s")
    print(f"  ratio (classify / ref)   {reference / ours:>12.2f}x")
    # the worst case: every record is an opt-out, so every record is parsed
    worst = _records_all_opt_outs(EVENTS)
    ours_worst, reference_worst = _best_seconds(classify_all, worst), _best_seconds(decode_and_parse_all, worst)
    print(
        f"  all opt-outs: classify {EVENTS / ours_worst:,.0f} events/s, ref {EVENTS / reference_worst:,.0f} events/s,"
        f" ratio {reference_worst / ours_worst:.2f}x"
    )

    pinpoint = CountingPinpoint()
    opt_out_records = kinesis_records([sms_event("_SMS.OPTOUT", endpoint_id=f"e-{i}") for i in range(1000)])
    result = process(opt_out_records, project_id=PROJECT_ID, pinpoint=pinpoint)
    assert result == {"batchItemFailures": []}
    print(f"API calls per 1,000 opt-outs (distinct endpoints): {pinpoint.calls} (goal: at most 10)")

    pinpoint = CountingPinpoint()
    repeated = kinesis_records([sms_event("_SMS.OPTOUT", endpoint_id=f"e-{i % 250}") for i in range(1000)])
    process(repeated, project_id=PROJECT_ID, pinpoint=pinpoint)
    print(f"API calls per 1,000 opt-outs of 250 endpoints: {pinpoint.calls} ({pinpoint.endpoints} endpoint updates)")


if __name__ == "__main__":
    main()
