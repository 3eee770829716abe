"""One structured-logging style for the three handlers.

Every function runs with Lambda's native JSON log format (``logging_format=JSON``, which
``PinpointFunction`` sets): Lambda writes each record as one JSON object holding the time, the level,
the logger, the request id and the record's extra attributes. So a handler logs a short fixed message
and its fields (ids, counts, reason codes: never an address, an attribute value or a message body)
as those attributes::

    log(LOG, logging.INFO, "batch processed", records=12, failed=0)
"""

from __future__ import annotations

import logging
from typing import Any

# What every LogRecord has; the rest of a record's attributes are the fields a handler logged.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def handler_logger(name: str) -> logging.Logger:
    """The logger of one handler package, at INFO."""
    logger = logging.getLogger(name)
    logger.setLevel(logging.INFO)
    return logger


def log(logger: logging.Logger, level: int, message: str, **fields: Any) -> None:
    """Log ``message`` with ``fields`` as the record's attributes (keys of Lambda's JSON line)."""
    logger.log(level, message, extra=fields)


def structured(record: logging.LogRecord) -> dict[str, Any]:
    """The JSON object Lambda writes for ``record``, less its time, level and request id."""
    fields = {key: value for key, value in vars(record).items() if key not in _RECORD_ATTRIBUTES}
    return {"message": record.getMessage(), **fields}
