"""Structured JSON logs. Callers pass ids, counts and reason codes only: never an address, an
attribute value or a rendered message (tests capture the logs and check)."""

from __future__ import annotations

import json
import logging
from typing import Any

LOG = logging.getLogger("custom_channel")
LOG.setLevel(logging.INFO)


def log(level: int, message: str, **fields: Any) -> None:
    LOG.log(level, json.dumps({"message": message, **fields}, default=str, sort_keys=True))
