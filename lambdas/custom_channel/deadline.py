"""The deadline guard that keeps the function inside its time limits.

The limits themselves (one AWS call's worst case, the setup and recording reserves) live in
``cdk_pinpoint._shared.custom_channel``, which ``CustomChannel`` sizes the Lambda timeout from; the
asset carries that package beside this one.

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

from cdk_pinpoint._shared.custom_channel import (
    AWS_CALL_SECONDS,
    AWS_CONNECT_TIMEOUT,
    AWS_MAX_ATTEMPTS,
    AWS_READ_TIMEOUT,
    DEADLINE_EXCEEDED,
    RECORDING_RESERVE_SECONDS,
    SETUP_SECONDS,
    aws_call_seconds,
)

__all__ = [
    "AWS_CALL_SECONDS",
    "AWS_CONNECT_TIMEOUT",
    "AWS_MAX_ATTEMPTS",
    "AWS_READ_TIMEOUT",
    "DEADLINE_EXCEEDED",
    "NO_DEADLINE",
    "RECORDING_RESERVE_SECONDS",
    "SETUP_SECONDS",
    "STILL_RUNNING_AT_DEADLINE",
    "Deadline",
    "aws_call_seconds",
    "aws_config",
]

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
