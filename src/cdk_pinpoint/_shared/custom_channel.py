"""What the CustomChannel construct and its handler agree on: the names the handler writes, its time
limits, and how a message's data names its template (:func:`named_template`).

Time limits: the worst case of one AWS call and the budget of an invocation.

Every AWS call the handler makes uses the same botocore settings, so one call's worst case is known:
``AWS_MAX_ATTEMPTS`` attempts (standard retry mode), each up to ``AWS_CONNECT_TIMEOUT +
AWS_READ_TIMEOUT`` seconds, and between attempts botocore's backoff (at most ``2**i`` seconds for
retry ``i``, plus up to 5 seconds more when the service sends ``x-amz-retry-after``).
``CustomChannel`` sizes the Lambda timeout from these numbers and the handler's deadline guard
(``lambdas/custom_channel/deadline.py``) keeps to them: one copy, shared through ``cdk_pinpoint._shared``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

#: the custom events the handler records for each endpoint's outcome
SENT_EVENT_TYPE = "custom_channel.sent"
FAILED_EVENT_TYPE = "custom_channel.failed"
#: the failure reason of an endpoint the handler had no time left for (the metrics count it as
#: deadline exceeded, and so does a reason that starts with it)
DEADLINE_EXCEEDED = "deadline_exceeded"
#: the header carrying ``sha256=<hex HMAC-SHA256 of the raw request body>``
SIGNATURE_HEADER = "X-Cdk-Pinpoint-Signature"

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
    backoff: float = sum(min(2**i, _BOTOCORE_MAX_BACKOFF) + _BOTOCORE_RETRY_AFTER_EXTRA for i in range(attempts - 1))
    return attempts * (connect_timeout + read_timeout) + backoff


#: one AWS call, worst case (34 s with the settings above)
AWS_CALL_SECONDS = aws_call_seconds()
#: kept at the end of every invocation for PutEvents (one call: a batch has at most 50 endpoints)
#: and the response; 2 s for logging, building the events and returning
RECORDING_RESERVE_SECONDS = AWS_CALL_SECONDS + 2
#: before the deliveries fan out, at most two calls: the template and the webhook's signing key
SETUP_SECONDS = 2 * AWS_CALL_SECONDS
#: the webhook's first retry delay; it doubles per attempt (jittered down to half of that)
WEBHOOK_BACKOFF_SECONDS = 0.2

#: the template kinds the handler can load and render
TEMPLATE_KINDS = ("EMAIL", "SMS", "PUSH")


class UnusableMessageData(ValueError):
    """Message data the handler cannot pick a template from; ``reason`` is the code it records."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def named_template(data: Any, *, kinds: Sequence[str], has_default: bool) -> tuple[str, str, str | None] | None:
    """The template a message's ``Data`` names, as (name, kind, version); None for the default template.

    ``Data`` is a JSON object ``{"template": name, "type": kind, "version": version}`` (``type`` may be
    left out when the delivery sends one kind, ``kinds``; ``version`` means the active one). Data that
    names no template means the channel's default template, if it has one (``has_default``).
    One copy of the rule: the handler applies it to each message, and ``CustomChannel`` at synth to
    the data a campaign or journey will send it. Raises :class:`UnusableMessageData`.
    """
    document: Any = None
    if isinstance(data, str) and data.strip():
        try:
            document = json.loads(data)
        except ValueError:
            document = None
        if document is None and not has_default:
            raise UnusableMessageData("message_data_not_json")
    if not isinstance(document, dict) or "template" not in document:
        if not has_default:
            raise UnusableMessageData("message_data_without_template")
        return None
    name = document["template"]
    if not isinstance(name, str) or not name:
        raise UnusableMessageData("message_data_template_invalid")
    kind = document.get("type")
    if kind is None:
        kind = kinds[0] if len(kinds) == 1 else None
        if kind is None:
            raise UnusableMessageData("message_data_without_type")
    if not isinstance(kind, str) or kind.upper() not in TEMPLATE_KINDS:
        raise UnusableMessageData("message_data_type_invalid")
    version = document.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, str | int)):
        raise UnusableMessageData("message_data_version_invalid")
    return name, kind.upper(), None if version is None else str(version)
