"""Structured logs (``cdk_pinpoint._shared.logs``: Lambda's JSON log format). Callers pass ids, counts
and reason codes only: never an address, an attribute value or a rendered message (tests capture the
logs and check)."""

from __future__ import annotations

from typing import Any

from cdk_pinpoint._shared import logs

LOG = logs.handler_logger("custom_channel")


def log(level: int, message: str, **fields: Any) -> None:
    logs.log(LOG, level, message, **fields)
