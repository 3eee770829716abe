"""The function's time limits in one place, and the deadline guard that keeps it inside them.

Every AWS call uses the same botocore settings, so one call's worst case is known: ``AWS_MAX_ATTEMPTS``
attempts (standard retry mode), each up to ``AWS_CONNECT_TIMEOUT + AWS_READ_TIMEOUT`` seconds, and
between attempts botocore's backoff (at most ``2**i`` seconds for retry ``i``, plus up to 5 seconds
more when the service sends ``x-amz-retry-after``). ``CustomChannel`` sizes the Lambda timeout from
these numbers (its copies are pinned to these by a test).

The guard: work that may take ``s`` seconds (one webhook attempt, one SES/SMS call, loading the
template) starts only while ``s`` still fits before the last ``RECORDING_RESERVE_SECONDS`` of the
invocation, which are kept for PutEvents. Work that does not fit becomes ``deadline_exceeded``. Work
without a known bound (rendering is CPU work) is not waited for past that point either: it becomes
``deadline_exceeded_while_running``, and the outcomes are recorded anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.config import Config

AWS_CONNECT_TIMEOUT = 2
AWS_READ_TIMEOUT = 5
AWS_MAX_ATTEMPTS = 3
_BOTOCORE_MAX_BACKOFF = 20  # botocore.retries.standard.ExponentialBackoff
_BOTOCORE_RETRY_AFTER_EXTRA = 5  # ... plus at most this much when the service asks with x-amz-retry-after


def aws_call_seconds(
    connect_timeout: float = AWS_CONNECT_TIMEOUT,
    read_timeout: float = AWS_READ_TIMEOUT,
    attempts: int = AWS_MAX_ATTEMPTS,
) -> float:
    """The longest one botocore call can take with these settings (every attempt times out)."""
    backoff = sum(min(2**i, _BOTOCORE_MAX_BACKOFF) + _BOTOCORE_RETRY_AFTER_EXTRA for i in range(attempts - 1))
    return attempts * (connect_timeout + read_timeout) + backoff


#: one AWS call, worst case (34 s with the settings above)
AWS_CALL_SECONDS = aws_call_seconds()
#: kept at the end of every invocation for PutEvents (one call: a batch has at most 50 endpoints)
#: and the response; 2 s for logging, building the events and returning
RECORDING_RESERVE_SECONDS = AWS_CALL_SECONDS + 2
#: before the deliveries fan out, at most two calls: the template and the webhook's signing key
SETUP_SECONDS = 2 * AWS_CALL_SECONDS
DEADLINE_EXCEEDED = "deadline_exceeded"
#: still rendering or delivering when the recording time began (e.g. a render that takes seconds):
#: recorded as failed, although the message may still go out
STILL_RUNNING_AT_DEADLINE = "deadline_exceeded_while_running"


def aws_config(max_pool_connections: int) -> Config:
    """The botocore settings of every client the function builds."""
    return Config(
        retries={"mode": "standard", "total_max_attempts": AWS_MAX_ATTEMPTS},  # not max_attempts: that counts retries
        connect_timeout=AWS_CONNECT_TIMEOUT,
        read_timeout=AWS_READ_TIMEOUT,
        max_pool_connections=max_pool_connections,
    )


class Deadline:
    """Whether there is still time to start a piece of work, given the Lambda context's remaining time."""

    def __init__(self, remaining_ms: Callable[[], float] | None, reserve_seconds: float = RECORDING_RESERVE_SECONDS):
        self._remaining_ms = remaining_ms
        self._reserve = reserve_seconds

    @staticmethod
    def of(context: Any, reserve_seconds: float = RECORDING_RESERVE_SECONDS) -> Deadline:
        """The deadline of a Lambda invocation (none when the context cannot tell the remaining time)."""
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        return Deadline(remaining if callable(remaining) else None, reserve_seconds)

    def seconds_left(self) -> float | None:
        """Seconds until the time reserved for recording begins (None: no deadline)."""
        if self._remaining_ms is None:
            return None
        return max(0.0, self._remaining_ms() / 1000 - self._reserve)

    def allows(self, seconds: float) -> bool:
        """True when work that may take ``seconds`` ends before the time reserved for recording."""
        left = self.seconds_left()
        return left is None or left >= seconds


#: no deadline: tests, the benchmark and direct calls of ``process``
NO_DEADLINE = Deadline(None)
