"""A 50-endpoint custom-channel batch to a local webhook that answers after 100 ms.

Prints one delivery's wall time (one endpoint, measured in the same run) next to the whole batch's,
and the ratio. Goal: the batch takes at most 2x one delivery, i.e. the deliveries really run at once.
Pinpoint and Secrets Manager are botocore Stubbers on real clients (no network, no credentials); the
webhook is a real HTTP server on 127.0.0.1. The template is fetched and compiled once, before timing.

    .venv/bin/python benchmarks/custom_channel_batch.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "lambdas"), str(ROOT)]
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "benchmark")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "benchmark")

from custom_channel.handler import process  # noqa: E402
from custom_channel.templates import TemplateRef  # noqa: E402

from tests.lambdas.custom_channel_events import (  # noqa: E402
    LocalWebhook,
    PinpointStub,
    counts,
    data,
    email_template_response,
    endpoint,
    invocation,
    webhook_runtime,
)

SERVER_DELAY = 0.100
BATCH = 50
ROUNDS = 5


def timed(runtime, pinpoint, endpoints) -> float:
    event = invocation(endpoints, data=data("welcome", "EMAIL"))
    pinpoint.expect_put_events(event)
    started = time.perf_counter()
    result = process(event, runtime)
    elapsed = time.perf_counter() - started
    assert counts(result) == (len(endpoints), 0, 0), result
    return elapsed


def main() -> None:
    pinpoint = PinpointStub()
    pinpoint.stubber.activate()
    with LocalWebhook(respond=lambda attempt, body: (200, SERVER_DELAY)) as webhook:
        runtime = webhook_runtime(pinpoint, webhook.url)
        pinpoint.expect_template("EMAIL", email_template_response(), "welcome")
        runtime.templates.get(TemplateRef("welcome", "EMAIL"))  # warm: fetched and compiled once
        runtime.delivery.prepare()  # warm: the signing key is read once per container
        singles, batches = [], []
        for round_ in range(ROUNDS):
            singles.append(timed(runtime, pinpoint, {f"single-{round_}": endpoint(0)}))
            batches.append(timed(runtime, pinpoint, {f"e-{round_}-{n}": endpoint(n) for n in range(BATCH)}))
    single, batch = statistics.median(singles), statistics.median(batches)
    print(f"server delay per request      : {SERVER_DELAY * 1000:.0f} ms")
    print(f"one delivery (handler, 1 endp): {single * 1000:.1f} ms (median of {ROUNDS})")
    print(f"batch of {BATCH} (handler)       : {batch * 1000:.1f} ms (median of {ROUNDS})")
    print(f"ratio batch / one delivery    : {batch / single:.2f}x (goal: <= 2.00x)")
    print(f"webhook requests served       : {len(webhook.requests)}")


if __name__ == "__main__":
    main()
