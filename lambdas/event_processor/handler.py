"""Opt endpoints out when Pinpoint's event stream reports an unsubscribe, a hard bounce, a complaint
or an SMS opt-out.

Runs on a Kinesis event source mapping with ``ReportBatchItemFailures``: a record that cannot be
read, or whose opt-out could not be written, is returned in ``batchItemFailures`` so Lambda retries
it (and bisects, and finally hands it to the on-failure destination). Nothing is dropped silently.

Reprocessing is harmless: ``OptOut=ALL`` is a state, not a toggle, and a suppressed address stays
suppressed. Logs carry counts and ids, never addresses.

Event shapes: Amazon Pinpoint developer guide, "Email events" and "SMS events". The endpoint is
``client.client_id`` ("for events that are generated when you send campaigns and transactional
messages, this value is equal to the ID of the endpoint"); the email address is
``facets.email_channel.mail_event.mail.destination``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import operator
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count, repeat
from typing import Any, cast

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from cdk_pinpoint._shared import logs
from cdk_pinpoint._shared.logs import log

from .metrics import READ_SLICE, EngagementMetrics, top_level_event_type

LOG = logs.handler_logger("event_processor")

#: event type -> the SES suppression reason for its address (None: not an email event).
#: SES knows only BOUNCE and COMPLAINT; an unsubscribe is suppressed as COMPLAINT (the recipient
#: asked for no more mail), as in aws-samples/amazon-pinpoint-manage-email-unsubscribes.
OPT_OUT_EVENTS: dict[str, str | None] = {
    "_email.unsubscribe": "COMPLAINT",
    "_email.hardbounce": "BOUNCE",
    "_email.complaint": "COMPLAINT",
    "_SMS.OPTOUT": None,
}
_OPT_OUT_TYPES = frozenset(name.encode() for name in OPT_OUT_EVENTS)
# When the event type cannot be read without parsing, a record can only be an opt-out if its bytes
# contain one of these; a substring scan is far cheaper than parsing JSON that would be thrown away.
_MARKERS = tuple(_OPT_OUT_TYPES)
#: UpdateEndpointsBatch accepts at most 100 endpoints per request (Pinpoint API reference).
MAX_ENDPOINTS_PER_CALL = 100

# Standard mode retries throttling and 5xx with backoff before a record is reported as failed.
CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, read_timeout=20, connect_timeout=5)


class UnreadableRecord(ValueError):
    """A Kinesis record that is not a base64-encoded JSON Pinpoint event."""


@dataclass(frozen=True)
class OptOut:
    """One opt-out found in the stream: which record said so, whom it concerns."""

    sequence_number: str
    event_type: str
    application_id: str | None
    endpoint_id: str | None
    email_addresses: tuple[str, ...] = ()

    @property
    def suppression_reason(self) -> str | None:
        return OPT_OUT_EVENTS[self.event_type]


@dataclass
class Outcome:
    """What a batch produced: the records to retry, and counts for the log line."""

    failed: set[str] = field(default_factory=set)
    opt_outs: int = 0
    #: opt-outs that named no endpoint (a message sent to an address) and had no address to suppress
    not_applied_no_endpoint: int = 0
    ignored_other_project: int = 0
    unreadable: int = 0
    endpoint_calls: int = 0
    suppression_calls: int = 0


@cache
def _client(service: str) -> Any:
    """One client per service and container: creating one costs tens of milliseconds per invocation."""
    return boto3.client(service, config=CLIENT_CONFIG)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    project_id = os.environ["PROJECT_ID"]
    sesv2 = _client("sesv2") if os.environ.get("SUPPRESS_IN_SES") == "true" else None
    config = os.environ.get("METRICS")
    metrics = EngagementMetrics(json.loads(config), project_id) if config else None
    return process(event["Records"], project_id=project_id, pinpoint=_client("pinpoint"), sesv2=sesv2, metrics=metrics)


def process(
    records: Sequence[dict[str, Any]],
    *,
    project_id: str,
    pinpoint: Any,
    sesv2: Any = None,
    metrics: EngagementMetrics | None = None,
) -> dict[str, Any]:
    """Apply the opt-outs in ``records`` and publish ``metrics`` (if given) for the records that will not
    be retried; return Lambda's partial-batch response."""
    outcome = Outcome()
    opt_outs: list[OptOut] = []
    index_of: dict[str, int] = {}
    # for the metrics, counted once the records to retry are known: each record's top-level event type,
    # and the failure reasons of the records parsed here anyway (by index; the events are not kept: a
    # thousand parsed events alive make every later allocation and garbage collection dearer)
    event_types: list[bytes | None] = []
    reasons: dict[int, str] = {}
    # In slices of READ_SLICE records, each read with C-level maps (decode, event type, which may be an
    # opt-out): a Python statement per record costs as much as decoding it, so only the records that may
    # be opt-outs or cannot be read get one. The metrics read each slice's bytes after it and keep only
    # those they still need, so the batch's bytes (about 1 KB a record) are not all held until the end.
    for start in range(0, len(records), READ_SLICE):
        chunk = records[start : start + READ_SLICE]
        decoded = list(map(_decoded, chunk))
        if None in decoded:  # not base64: reported, and never counted (it fails)
            for at in [at for at, raw in enumerate(decoded) if raw is None]:
                _unreadable(chunk[at], _decode_error(chunk[at]), outcome)
                decoded[at] = b""
        raws = cast("list[bytes]", decoded)
        slice_types = list(map(top_level_event_type, raws))
        for at in _maybe_opt_outs(raws, slice_types):
            index, sequence_number = start + at, chunk[at]["kinesis"]["sequenceNumber"]
            try:
                event = parse_if_opt_out(raws[at], slice_types[at])
            except UnreadableRecord as exc:
                _unreadable(chunk[at], str(exc), outcome)
                raws[at], slice_types[at] = b"", None  # never counted (it fails)
                continue
            if event is None:
                continue
            if metrics is not None and (reason := metrics.reason_if_failure(event, slice_types[at])) is not None:
                reasons[index] = reason
            opt_out = opt_out_of(event, sequence_number)
            if opt_out is None:
                continue
            if opt_out.application_id not in (project_id, None):  # a stream shared by several projects
                outcome.ignored_other_project += 1
                continue
            opt_outs.append(opt_out)
            index_of[sequence_number] = index
        if metrics is not None:
            event_types.extend(slice_types)
            metrics.read(raws, event_types, reasons)
    outcome.opt_outs = len(opt_outs)
    outcome.not_applied_no_endpoint = sum(1 for o in opt_outs if not applicable(o, suppress=sesv2 is not None))
    opt_out_endpoints(pinpoint, project_id, opt_outs, outcome)
    if sesv2 is not None:
        suppress_addresses(sesv2, opt_outs, outcome)
    if metrics is not None:
        # Lambda restarts the shard at the first failed record: only the records before it are done.
        done = len(records)
        if outcome.failed:
            done = next(i for i, r in enumerate(records) if r["kinesis"]["sequenceNumber"] in outcome.failed)
        metrics.count(event_types[:done], reasons)
        metrics.opt_outs_processed = outcome.opt_outs - outcome.not_applied_no_endpoint  # all of them done
        if done < len(records):
            suppress = sesv2 is not None
            metrics.opt_outs_processed = sum(
                1 for o in opt_outs if index_of[o.sequence_number] < done and applicable(o, suppress=suppress)
            )
        metrics.publish()
    log(
        LOG,
        logging.INFO,
        "batch processed",
        records=len(records),
        opt_outs=outcome.opt_outs,
        not_applied_no_endpoint=outcome.not_applied_no_endpoint,
        failed=len(outcome.failed),
        unreadable=outcome.unreadable,
        ignored_other_project=outcome.ignored_other_project,
        endpoint_calls=outcome.endpoint_calls,
        suppression_calls=outcome.suppression_calls,
    )
    # In record order: Lambda restarts the shard from the lowest failed sequence number.
    return {
        "batchItemFailures": [
            {"itemIdentifier": r["kinesis"]["sequenceNumber"]}
            for r in records
            if r["kinesis"]["sequenceNumber"] in outcome.failed
        ]
    }


def decode(record: dict[str, Any]) -> bytes:
    """The event bytes of a Kinesis record."""
    try:
        return base64.b64decode(record["kinesis"]["data"], validate=True)
    except (KeyError, TypeError, binascii.Error) as exc:
        raise UnreadableRecord(f"data is not base64: {exc}") from exc


def _decoded(record: dict[str, Any]) -> bytes | None:
    """The event bytes of a Kinesis record, or None when its data is not base64 (see :func:`decode`)."""
    try:
        return decode(record)
    except UnreadableRecord:
        return None


def _decode_error(record: dict[str, Any]) -> str:
    """Why :func:`decode` cannot read ``record`` (read again: rare, and the message is worth the time)."""
    try:
        decode(record)
    except UnreadableRecord as exc:
        return str(exc)
    raise AssertionError("the record was decoded")


def _unreadable(record: dict[str, Any], error: str, outcome: Outcome) -> None:
    sequence_number = record["kinesis"]["sequenceNumber"]
    log(LOG, logging.ERROR, "unreadable record", sequence_number=sequence_number, error=error)
    outcome.unreadable += 1
    outcome.failed.add(sequence_number)


def _maybe_opt_outs(raws: Sequence[bytes], event_types: Sequence[bytes | None]) -> list[int]:
    """The indices of the records that may be opt-outs: of an opt-out event type, or of no type read
    without parsing whose bytes hold an opt-out's marker (see :func:`parse_if_opt_out`); in order."""
    maybe = list(compress(count(), map(_OPT_OUT_TYPES.__contains__, event_types)))
    if None in event_types:
        unknown = compress(count(), map(operator.is_, event_types, repeat(None)))
        maybe.extend(at for at in unknown if any(marker in raws[at] for marker in _MARKERS))
        maybe.sort()
    return maybe


def classify(record: dict[str, Any]) -> OptOut | None:
    """The opt-out a Kinesis record carries, or None for every other event."""
    raw = decode(record)
    event = parse_if_opt_out(raw, top_level_event_type(raw))
    return opt_out_of(event, record["kinesis"]["sequenceNumber"]) if event is not None else None


def parse_if_opt_out(raw: bytes, event_type: bytes | None) -> dict[str, Any] | None:
    """The parsed event when it may be an opt-out (``event_type``: the top-level event type when read
    without parsing, else None); None for every event that certainly is not one."""
    if event_type is not None:
        if event_type not in _OPT_OUT_TYPES:
            return None
    elif not any(marker in raw for marker in _MARKERS):
        return None
    try:
        event = json.loads(raw)
    except ValueError as exc:  # includes UnicodeDecodeError
        raise UnreadableRecord(f"data is not JSON: {exc}") from exc
    if not isinstance(event, dict):
        raise UnreadableRecord("data is not a JSON object")
    return event


def opt_out_of(event: dict[str, Any], sequence_number: str) -> OptOut | None:
    """The opt-out a parsed event carries, or None."""
    event_type = event.get("event_type")
    if not isinstance(event_type, str) or event_type not in OPT_OUT_EVENTS:  # a dict is unhashable
        return None
    return OptOut(
        sequence_number=sequence_number,
        event_type=event_type,
        application_id=_application_id(event),
        endpoint_id=_endpoint_id(event),
        email_addresses=_email_addresses(event) if OPT_OUT_EVENTS[event_type] else (),
    )


def applicable(opt_out: OptOut, *, suppress: bool) -> bool:
    """Whether this processor can act on ``opt_out``: update its endpoint, or suppress its address in SES.

    An SMS opt-out sent to a phone number rather than an endpoint has neither; it is counted (never
    logged with its number) so the gap shows in the logs.
    """
    if opt_out.endpoint_id is not None:
        return True
    return suppress and opt_out.suppression_reason is not None and bool(opt_out.email_addresses)


def _endpoint_id(event: dict[str, Any]) -> str | None:
    client = event.get("client")
    endpoint_id = client.get("client_id") if isinstance(client, dict) else None
    if not isinstance(endpoint_id, str) or not endpoint_id:
        return None
    # A message sent to an address rather than an endpoint has no endpoint; the documented SMS
    # example then shows the account id as client_id. Updating it would create a bogus endpoint.
    if endpoint_id == event.get("awsAccountId"):
        return None
    return endpoint_id


def _email_addresses(event: dict[str, Any]) -> tuple[str, ...]:
    try:
        destination = event["facets"]["email_channel"]["mail_event"]["mail"]["destination"]
    except (KeyError, TypeError):
        return ()
    if not isinstance(destination, list):
        return ()
    return tuple(address for address in destination if isinstance(address, str) and address)


def _application_id(event: dict[str, Any]) -> str | None:
    application = event.get("application")
    return application.get("app_id") if isinstance(application, dict) else None


def opt_out_endpoints(pinpoint: Any, project_id: str, opt_outs: Iterable[OptOut], outcome: Outcome) -> None:
    """Set ``OptOut=ALL`` on every endpoint, each once, up to 100 per UpdateEndpointsBatch call."""
    records_by_endpoint: dict[str, list[str]] = {}
    for opt_out in opt_outs:
        if opt_out.endpoint_id is not None:
            records_by_endpoint.setdefault(opt_out.endpoint_id, []).append(opt_out.sequence_number)
    endpoint_ids = list(records_by_endpoint)
    for start in range(0, len(endpoint_ids), MAX_ENDPOINTS_PER_CALL):
        chunk = endpoint_ids[start : start + MAX_ENDPOINTS_PER_CALL]
        outcome.endpoint_calls += 1
        try:
            pinpoint.update_endpoints_batch(
                ApplicationId=project_id,
                EndpointBatchRequest={"Item": [{"Id": endpoint_id, "OptOut": "ALL"} for endpoint_id in chunk]},
            )
        except (ClientError, BotoCoreError) as exc:
            log(LOG, logging.ERROR, "UpdateEndpointsBatch failed", endpoints=len(chunk), error=_error_text(exc))
            for endpoint_id in chunk:
                outcome.failed.update(records_by_endpoint[endpoint_id])


def suppress_addresses(sesv2: Any, opt_outs: Iterable[OptOut], outcome: Outcome) -> None:
    """Add each address to the SES account suppression list once (SES has no batch call)."""
    records_by_address: dict[tuple[str, str], list[str]] = {}
    for opt_out in opt_outs:
        reason = opt_out.suppression_reason
        if reason is None:
            continue
        for address in opt_out.email_addresses:
            records_by_address.setdefault((address, reason), []).append(opt_out.sequence_number)
    for (address, reason), sequence_numbers in records_by_address.items():
        outcome.suppression_calls += 1
        try:
            sesv2.put_suppressed_destination(EmailAddress=address, Reason=reason)
        except (ClientError, BotoCoreError) as exc:
            log(LOG, logging.ERROR, "PutSuppressedDestination failed", reason=reason, error=_error_text(exc))
            outcome.failed.update(sequence_numbers)


def _error_text(exc: BaseException) -> str:
    # botocore's messages name the operation and error code, not the request's addresses.
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", type(exc).__name__))
    return type(exc).__name__
