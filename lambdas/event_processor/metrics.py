"""Engagement metrics from the event stream, published in CloudWatch's embedded metric format (EMF):
one JSON log line per campaign, journey or project and batch, which CloudWatch Logs turns into
metrics. No PutMetricData call, so no API call per record or per batch.

What counts where comes from the ``METRICS`` environment variable, written by the construct from
``cdk_pinpoint.monitoring.names`` (the one place for the names).

How a record is read. Pinpoint writes each event as one JSON object in its documented layout, each key
once: ``event_type`` first, then ``application.app_id``, ..., ``attributes.campaign_id`` or
``journey_id``. The fields a metric needs are read from the record's bytes, without parsing it:

- the event type: the first member's value, when the object begins with ``"event_type"`` and a plain
  string (read by the handler); a record that does not begin so is parsed for it;
- the project: the first ``"app_id":`` key; the record is another project's (counted nowhere) when its
  value is not the project's id, and the project's when there is no such key. In a slice of the batch's
  campaign (below) it is not read: a campaign id is unique across projects (Pinpoint's are 32 random
  hexadecimal digits) and the campaign's first record was checked, so another project's event never
  carries it (one that did would be counted for the campaign);
- the campaign or journey: the first ``"campaign_id":`` key, else the first ``"journey_id":`` key, else
  the project alone; an id that is no plain id (1 to 64 letters, digits, ``-``, ``_``; no escapes) is
  counted for the project alone;
- push sends: the first ``delivery_type`` and status keys with plain string values;
- the reason of a bounce, complaint or failure: from the parsed event (the handler parses opt-outs
  anyway; other failure events are parsed for it), for the record's first-member event type.

A key is searched with its colon: a quoted string followed by a colon is a key, so a value (or a
value's escaped text) that reads ``campaign_id`` is never taken for one. On records in Pinpoint's
layouts this is what json.loads gives (tests/lambdas/test_event_processor_metrics_layouts.py, a
hypothesis property). A record that repeats a key, which Pinpoint never writes, is counted by the first
occurrence where json.loads keeps the last; a key nested in another object before the real one is taken
too (same tests, explicit cases).

How a batch is counted. The handler hands each slice of :data:`READ_SLICE` records to
:meth:`EngagementMetrics.read` right after it (the bytes are not all held to the end); a slice whose
records all have the batch's campaign id (one campaign's events, the common batch) is counted by event
type alone, with C-level calls over the slice. Other records are counted at the end with C-level
calls over them and Python work per campaign and event type (:meth:`EngagementMetrics._count_mixed`).
Per record in Python only: failure events without a reason yet, push sends, an unknown event type,
another project's or layout, no campaign id.

Counted once: with ``batchItemFailures`` Lambda restarts the shard at the first failed record, so
only the records before it are counted; the rest are counted when they come again.
Dimension values are campaign and journey ids only (never endpoint ids or addresses), and an id
that is not 1 to 64 letters, digits, ``-`` or ``_`` is not used as one.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import compress, repeat
from operator import add, and_, lt, not_
from typing import Any

from cdk_pinpoint._shared.custom_channel import FAILED_EVENT_TYPE

#: (campaign id, journey id): what a record's metrics are published per, besides the project
Key = tuple[str | None, str | None]
_PROJECT_ONLY: Key = (None, None)
_MAX_ID_LENGTH = 64
_MAX_REASON_LENGTH = 200
_ADDRESS = re.compile(r"[^\s<>;,:\"']+@[^\s<>;,:\"']+")
_LONG_NUMBER = re.compile(r"\+?\d{7,}")


def write_line(line: str) -> None:
    """Lambda turns each stdout line into one log event, with no prefix, as EMF needs. Not through
    the logging module: its lines carry a prefix (text log format) or are wrapped in another JSON
    object (JSON log format), and CloudWatch extracts EMF only from a log event that is the document."""
    sys.stdout.write(line + "\n")


# Plain string searches, not a JSON parse: a quoted key followed by a colon is always a key (inside
# a JSON string its quotes would be escaped). Values with escapes are no ids, statuses or event types.
_STRING = rb'\s*:\s*"([^"\\]*)"'
# The event type is read only where it is the first member of the top-level object, as Pinpoint
# writes it, so it is exactly what json.loads would give.
_EVENT_TYPE = re.compile(rb'\s*\{\s*"event_type"' + _STRING).match


def top_level_event_type(raw: bytes) -> bytes | None:
    """The event type when ``raw`` begins with it (Pinpoint's layout); None for any other layout."""
    found = _EVENT_TYPE(raw)
    return found.group(1) if found else None


#: a key's value from after its colon to its closing quote: `` "value"``
_VALUE = re.compile(rb'\s*"([^"\\]*)"').match


def member_search(key: str) -> Callable[[bytes], re.Match[bytes] | None]:
    """A search for the first ``"key": "<plain string>"`` in a record's bytes."""
    return re.compile(b'"' + key.encode() + b'"' + _STRING).search


def string_member(search: Callable[[bytes], re.Match[bytes] | None], raw: bytes) -> bytes | None:
    found = search(raw)
    return found.group(1) if found else None


_DELIVERY_TYPE = member_search("delivery_type")
# Each key with its colon: a quoted string followed by a colon is a key (a string value is followed by a
# comma, a brace or a bracket), so a value that reads "campaign_id" is never taken for the key. Pinpoint
# writes no whitespace between a key and its colon.
_APP_ID = b'"app_id":'
_CAMPAIGN_ID = b'"campaign_id":'
_JOURNEY_ID = b'"journey_id":'
#: from a campaign_id key to as far as :meth:`EngagementMetrics._key` reads its value
_CAMPAIGN_WINDOW = len(_CAMPAIGN_ID) + 70
#: records per call of :meth:`EngagementMetrics.read`: the bytes held at a time (about 1 KB a record)
READ_SLICE = 256
#: rounds of one campaign window each before the rest of a batch is grouped by slices
_WINDOW_ROUNDS = 3
#: how many records the first round looks at for a campaign_id key
_FIRST_WINDOW_LOOKS = 8


def _campaign_window(raw: bytes, at: int) -> bytes:
    """The bytes from the campaign_id key at ``at`` to its value's closing quote (empty: none within the
    bytes :meth:`EngagementMetrics._key` reads, or no key)."""
    end = raw.find(b'"', at + len(_CAMPAIGN_ID) + 2, at + _CAMPAIGN_WINDOW) + 1 if at >= 0 else 0
    return raw[at:end] if end else b""


def _dimension_value(value: bytes) -> str | None:
    if not value or len(value) > _MAX_ID_LENGTH or not value.replace(b"-", b"").replace(b"_", b"").isalnum():
        return None
    return value.decode("ascii")


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        event = json.loads(raw)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


@lru_cache(maxsize=1024)  # a batch's reasons repeat, and two regex substitutions cost microseconds
def scrub(reason: str) -> str:
    """A failure reason fit for the log: addresses and phone-like numbers replaced, length bounded."""
    reason = _LONG_NUMBER.sub("<number>", _ADDRESS.sub("<address>", reason))
    return reason[:_MAX_REASON_LENGTH]


def _path(value: Any, keys: tuple[str | int, ...]) -> Any:
    """``value[k1][k2]...`` in a parsed event (json.loads' dicts and lists), or None where a member is
    missing or of another type."""
    for key in keys:
        if type(value) is dict:
            value = value.get(key)
        elif type(value) is list and type(key) is int and key < len(value):
            value = value[key]
        else:
            return None
    return value


_MAIL_EVENT = ("facets", "email_channel", "mail_event")
_BOUNCE = (*_MAIL_EVENT, "bounce")
_BOUNCE_EVENTS = ("_email.hardbounce", "_email.softbounce")
#: event type -> where Pinpoint or SES writes why it happened, for those that are no bounce (Pinpoint
#: developer guide, "Email events", "SMS events"; the custom channel's own event)
_REASON_PATHS: dict[str, tuple[str | int, ...]] = {
    "_email.complaint": (*_MAIL_EVENT, "complaint", "complaint_feedback_type"),
    "_email.rendering_failure": (*_MAIL_EVENT, "rendering_failure", "error_message"),
    "_email.rejected": (*_MAIL_EVENT, "reject", "reason"),
    "_SMS.FAILURE": ("attributes", "record_status"),
    FAILED_EVENT_TYPE: ("attributes", "reason"),
}


def failure_reason(event: Mapping[str, Any], event_type: str, status_attribute: str | None = None) -> str:
    """Why a bounce, complaint or failure event of ``event_type`` happened, as Pinpoint or SES reported it
    (``status_attribute``: the attribute that holds a push send's status)."""
    if event_type in _BOUNCE_EVENTS:
        bounce = _path(event, _BOUNCE)
        reason = _path(bounce, ("bounced_recipients", 0, "diagnostic_code"))
        if not reason and isinstance(bounce, dict):  # no diagnostic code: SES's bounce type and subtype
            kind, sub_kind = bounce.get("bounce_type"), bounce.get("bounce_sub_type")
            reason = f"{kind}/{sub_kind}" if kind and sub_kind else str(kind or sub_kind or "")
    else:
        path = _REASON_PATHS.get(event_type)
        if path is None and status_attribute is not None:
            path = ("attributes", status_attribute)
        reason = _path(event, path) if path is not None else None
    return scrub(reason) if isinstance(reason, str) and reason else "unknown"


class EngagementMetrics:
    """Counts one batch's events per campaign, journey and project, then writes them as EMF."""

    def __init__(self, config: Mapping[str, Any], project_id: str) -> None:
        self.config = config
        self.project_id = project_id
        self._quoted_project = b'"' + project_id.encode() + b'"'
        #: the project's app id as Pinpoint writes it (spaced or compact JSON) right after the app_id key
        self._app_prefixes = tuple(_APP_ID + separator + self._quoted_project for separator in (b" ", b""))
        self._events: dict[bytes, tuple[str, ...]] = {
            event.encode(): tuple(metrics) for event, metrics in config["events"].items()
        }
        self._push_events = {event.encode(): str(attr) for event, attr in config["push_send_events"].items()}
        self._push_statuses = {event: member_search(attr) for event, attr in self._push_events.items()}
        self._push_types = {kind.encode() for kind in config["push_delivery_types"]}
        self._push_send = (config["push_send"],)
        self._push_failure = (config["push_failure"],)
        #: the failure events' types, as read from a record and as a name
        self._failure_events = {event.encode(): event for event in config["failure_events"]}
        self._deadline = config["deadline_exceeded_reason"]
        #: records counted one by one: unknown event type, failure events (reason), push sends (status)
        self._one_by_one_types = frozenset({None, *self._failure_events, *self._push_events})
        #: the event types counted by key alone: their metrics
        self._plain_events: dict[bytes | None, tuple[str, ...]] = {
            event: metrics for event, metrics in self._events.items() if event not in self._one_by_one_types
        }
        #: the batch's campaign window (from its first records; b"": none), once :meth:`read` saw records
        self._window: bytes | None = None
        #: how many records :meth:`read` saw; the first ``_uniform`` of them are of the project with the window
        self._read = self._uniform = 0
        #: the event types of the uniform records, and the bytes kept of those counted one by one
        self._uniform_types: Counter[bytes | None] = Counter()
        self._kept: dict[int, bytes] = {}
        #: how many failure reasons the handler had found when :meth:`read` was last called
        self._reasons_read = 0
        #: the bytes of every record from the first slice that is not uniform on
        self._rest: list[bytes] = []
        self._campaign_keys: dict[bytes, Key] = {}
        self._journey_keys: dict[bytes, Key] = {}
        #: how many records counted in each (key, metric names)
        self._tally: Counter[tuple[Key, tuple[str, ...]]] = Counter()
        #: how many records of each (key, event type, reason)
        self._reasons: Counter[tuple[Key, str, str]] = Counter()
        self.opt_outs_processed = 0

    def read(self, raws: Sequence[bytes], event_types: Sequence[bytes | None], reasons: Mapping[int, str]) -> None:
        """Read the next slice of the batch's records, ``raws`` (``event_types`` and ``reasons``: the
        batch's so far, as :meth:`count` takes them), right after the handler read them, and keep
        only the bytes :meth:`count` will need: a slice whose records all have the batch's campaign
        window (that of the first of its first records with a campaign_id key, if that one is the
        project's: one campaign's events, the common batch) is counted by event type alone, so only the
        records counted one by one without a reason keep their bytes (none when the slice's failure
        events all have one).

        Per record: its first campaign_id key and what follows it, in one lazy map chain of C-level
        calls that stops at the first record that differs (the app_id is not read: see the module)."""
        start, self._read = self._read, self._read + len(raws)
        new_reasons, self._reasons_read = len(reasons) - self._reasons_read, len(reasons)
        if self._window is None:
            first = next((raw for raw in raws[:_FIRST_WINDOW_LOOKS] if _CAMPAIGN_ID in raw), b"")
            self._window = _campaign_window(first, first.find(_CAMPAIGN_ID)) if self._is_projects(first) else b""
        if (
            self._uniform == start
            and self._window
            and all(map(bytes.startswith, raws, repeat(self._window), map(bytes.find, raws, repeat(_CAMPAIGN_ID))))
        ):
            self._uniform = self._read
            times_by_type = Counter(event_types[start : self._read])
            self._uniform_types.update(times_by_type)
            one_by_one = self._one_by_one_types.intersection(times_by_type)
            if sum(times_by_type[event_type] for event_type in one_by_one) > new_reasons:
                types = event_types[start : self._read]
                for at in compress(itertools.count(), map(one_by_one.__contains__, types)):
                    self._kept[start + at] = raws[at]
            return
        self._rest.extend(raws)

    def _is_projects(self, raw: bytes) -> bool:
        """Whether ``raw`` is the project's event: its first app_id is the project's, or it has none."""
        at = raw.find(_APP_ID)
        return at < 0 or raw.startswith(self._app_prefixes, at)

    def reason_if_failure(self, event: Mapping[str, Any], event_type: bytes | None) -> str | None:
        """The failure reason of an event the handler parsed anyway (an opt-out) if ``event_type``, its
        top-level event type read without parsing, is a failure event."""
        name = self._failure_events.get(event_type)  # type: ignore[arg-type]  # None is in no dict
        return None if name is None else failure_reason(event, name)

    def count(self, event_types: Sequence[bytes | None], reasons: Mapping[int, str]) -> None:
        """Count the batch's records that will not be retried (the caller passes the event types of those
        before the first failed one, all of them read): ``event_types[i]``, the top-level event type of
        record i (None: unknown without parsing), and ``reasons[i]``, the failure reason of a record the
        handler parsed anyway. The records of the uniform slices (see :meth:`read`) by event type, the
        others by :meth:`_count_mixed`."""
        uniform = min(self._uniform, len(event_types))
        if uniform:
            assert self._window  # a slice is uniform only with the batch's window
            times_by_type = self._uniform_types if uniform == self._uniform else Counter(event_types[:uniform])
            self._count_uniform(self._kept, event_types[:uniform], times_by_type, reasons, self._window)
        if uniform < len(event_types):
            rest_types = event_types[uniform:]
            rest_reasons = {index - uniform: reason for index, reason in reasons.items() if index >= uniform}
            self._count_mixed(self._rest[: len(rest_types)], rest_types, rest_reasons)

    def _count_mixed(
        self, raws: Sequence[bytes], event_types: Sequence[bytes | None], reasons: Mapping[int, str]
    ) -> None:
        """Count records that are not all one campaign's: ``raws[i]`` with its event type ``event_types[i]``
        and ``reasons[i]`` (as in :meth:`count`).

        A Python statement per record costs as much as the handler's own work, so the records become
        (event type, campaign id window) keys through C-level calls over the batch (``map`` of
        ``bytes.find``, ``bytes.startswith`` and slicing, a ``Counter`` of the zipped keys): the Python
        work is per distinct key, and per record (:meth:`_count_one`) only for the records whose count
        needs more than that key: failure events (their reason), push sends (their status), an unknown
        event type, an app id not written as the project's in Pinpoint's layout, no campaign id."""
        first = next((raw for raw in raws[:_FIRST_WINDOW_LOOKS] if _CAMPAIGN_ID in raw), b"")
        window = _campaign_window(first, first.find(_CAMPAIGN_ID))
        # each record's first app_id key, then what follows it, one record at a time while it is in cache
        app_ok = list(map(bytes.startswith, raws, repeat(self._app_prefixes), map(bytes.find, raws, repeat(_APP_ID))))
        all_ok = all(app_ok)
        one_by_one: set[int] = set()
        if not self._one_by_one_types.isdisjoint(event_types):
            one_by_one.update(compress(itertools.count(), map(self._one_by_one_types.__contains__, event_types)))
            # a failure event whose reason the handler found is counted by key, with that reason
            one_by_one.difference_update(i for i in reasons if i < len(event_types) and event_types[i] is not None)
        if not all_ok:
            one_by_one.update(compress(itertools.count(), map(not_, app_ok)))
        # The others by campaign window and (event type, reason). A batch comes mostly from a few
        # campaigns: a round takes a record's window, up to its id's closing quote, and counts every
        # record with the same bytes at its campaign_id key (bytes.startswith); what is left after a few
        # rounds is grouped by slices (dearer). Records counted one by one match no window (another
        # project's, no campaign id) or are left out by _count_group (their type). The first round
        # finds each record's campaign_id key and compares what follows it while it is in cache.
        with_reason = [i for i in reasons if i not in one_by_one and i < len(raws) and event_types[i] is not None]
        if window:
            matches = list(map(bytes.startswith, raws, repeat(window), map(bytes.find, raws, repeat(_CAMPAIGN_ID))))
            if not all_ok:
                matches = list(map(and_, matches, app_ok))
            in_window = [i for i in with_reason if matches[i]]
            self._count_group(window, Counter(compress(event_types, matches)), in_window, event_types, reasons)
            if all(matches):  # then every record has a campaign id
                for index in one_by_one:
                    self._count_one(raws[index], event_types[index], reasons.get(index))
                return
            counted = set(in_window)
            with_reason = [i for i in with_reason if i not in counted]
        cats = list(map(bytes.find, raws, repeat(_CAMPAIGN_ID)))
        if cats and min(cats) < 0:  # then the journey id is looked for
            one_by_one.update(compress(itertools.count(), map(lt, cats, repeat(0))))
        for index in one_by_one:
            self._count_one(raws[index], event_types[index], reasons.get(index))
        pending = raws, event_types, cats, app_ok
        if window:
            left = list(map(not_, matches))
            pending = tuple(list(compress(column, left)) for column in pending)  # type: ignore[assignment]
        for _ in range(_WINDOW_ROUNDS):
            first_at = next((i for i, at in enumerate(pending[2]) if at >= 0), None)
            if first_at is None:
                return
            window = _campaign_window(pending[0][first_at], pending[2][first_at])
            if not window:
                break  # no id read from this window: leave it to the slices
            matches = list(map(bytes.startswith, pending[0], repeat(window), pending[2]))
            if not all_ok:
                matches = list(map(and_, matches, pending[3]))
            in_window = [i for i in with_reason if raws[i].startswith(window, cats[i])]
            self._count_group(window, Counter(compress(pending[1], matches)), in_window, event_types, reasons)
            if all(matches):
                return
            counted = set(in_window)
            with_reason = [i for i in with_reason if i not in counted]
            left = list(map(not_, matches))
            pending = tuple(list(compress(column, left)) for column in pending)  # type: ignore[assignment]
        ends = map(add, pending[2], repeat(_CAMPAIGN_WINDOW))
        windows: Iterable[bytes] = map(bytes.__getitem__, pending[0], map(slice, pending[2], ends))
        groups: dict[bytes, Counter[bytes | None]] = {}
        for (event_type, sliced, ok), times in Counter(zip(pending[1], windows, pending[3], strict=True)).items():
            if ok and sliced.startswith(_CAMPAIGN_ID):
                groups.setdefault(sliced, Counter())[event_type] += times
        for window, times_by_type in groups.items():
            in_window = [i for i in with_reason if raws[i].startswith(window, cats[i])]
            self._count_group(window, times_by_type, in_window, event_types, reasons)

    def _count_uniform(
        self,
        raws: Mapping[int, bytes],
        event_types: Sequence[bytes | None],
        times_by_type: Counter[bytes | None],
        reasons: Mapping[int, str],
        window: bytes,
    ) -> None:
        """Count records that are all of the project in Pinpoint's layout with this campaign window (``raws``:
        the bytes of those counted one by one without a reason, by index; ``times_by_type``: how many
        records of each event type)."""
        with_reason = [i for i in reasons if i < len(event_types) and event_types[i] is not None]
        one_by_one = self._one_by_one_types.intersection(times_by_type)
        if sum(times_by_type[event_type] for event_type in one_by_one) > len(with_reason):
            indices = set(compress(itertools.count(), map(one_by_one.__contains__, event_types)))
            for index in indices.difference(with_reason):
                self._count_one(raws[index], event_types[index], reasons.get(index))
        self._count_group(window, times_by_type, with_reason, event_types, reasons)

    def _count_group(
        self,
        window: bytes,
        times_by_type: Mapping[bytes | None, int],
        with_reason: Iterable[int],
        event_types: Sequence[bytes | None],
        reasons: Mapping[int, str],
    ) -> None:
        """Count the records with this campaign window (from the campaign_id key) by event type, and the
        failure events among them whose reason the handler found (``with_reason``: their indices); not
        the other event types counted one by one."""
        key = self._key(True, window, len(_CAMPAIGN_ID))
        for event_type, times in times_by_type.items():
            metrics = self._plain_events.get(event_type)
            if metrics is not None:
                self._tally[(key, metrics)] += times
        failures = Counter((event_types[i], reasons[i]) for i in with_reason)
        for (event_type, reason), times in failures.items():
            assert event_type is not None  # with_reason has no record of an unknown type
            self._count_failure(key, event_type, self._events[event_type], reason, times)

    def _count_one(self, raw: bytes, event_type: bytes | None, reason: str | None) -> None:
        """Count one record: what :meth:`count` does for the records a key alone does not count."""
        event = None
        if event_type is None:
            event = _parse(raw)
            found = event.get("event_type") if event is not None else None
            if not isinstance(found, str):
                return
            event_type = found.encode()
        metrics = self._events.get(event_type)
        failed_push = None
        if metrics is None:
            status = self._push_statuses.get(event_type)
            if status is None or string_member(_DELIVERY_TYPE, raw) not in self._push_types:
                return
            succeeded = string_member(status, raw) == b"SUCCESS"
            metrics = self._push_send if succeeded else self._push_failure
            failed_push = None if succeeded else self._push_events[event_type]
        if not self._is_projects(raw):
            return  # another project's event on a shared stream
        at = raw.find(_CAMPAIGN_ID)
        if at >= 0:
            key = self._key(True, raw, at + len(_CAMPAIGN_ID))
        else:
            at = raw.find(_JOURNEY_ID)
            key = _PROJECT_ONLY if at < 0 else self._key(False, raw, at + len(_JOURNEY_ID))
        if failed_push is not None or event_type in self._failure_events:
            if reason is None:
                event = event if event is not None else _parse(raw)
                reason = failure_reason(event, event_type.decode(), failed_push) if event is not None else "unknown"
            self._count_failure(key, event_type, metrics, reason, 1)
        else:
            self._tally[(key, metrics)] += 1

    def _count_failure(self, key: Key, event_type: bytes, metrics: tuple[str, ...], reason: str, times: int) -> None:
        self._reasons[(key, event_type.decode(), reason)] += times
        if reason.startswith(self._deadline):
            metrics = (*metrics, self.config["deadline_exceeded"])
        self._tally[(key, metrics)] += times

    def _key(self, campaign: bool, raw: bytes, key_end: int) -> Key:
        """The key for the campaign or journey id whose key and colon end at ``key_end`` in ``raw`` (cached under the
        bytes from the key's end to the value's closing quote); the project alone for an id that is no
        plain id."""
        window_end = raw.find(b'"', key_end + 2, key_end + 70) + 1
        window = raw[key_end:window_end] if window_end else b""
        keys = self._campaign_keys if campaign else self._journey_keys
        cached = keys.get(window)
        if cached is not None:
            return cached
        found = _VALUE(window)
        dimension_value = _dimension_value(found.group(1)) if found and found.end() == len(window) else None
        if dimension_value is None:
            key = _PROJECT_ONLY
        else:
            key = (dimension_value, None) if campaign else (None, dimension_value)
        keys[window] = key
        return key

    def counts(self) -> dict[Key, dict[str, int]]:
        """The counts per key of the records counted so far."""
        counts: dict[Key, dict[str, int]] = {}
        for (key, metrics), times in self._tally.items():
            per_key = counts.setdefault(key, {})
            for name in metrics:
                per_key[name] = per_key.get(name, 0) + times
        if self.opt_outs_processed:
            counts.setdefault(_PROJECT_ONLY, {})[self.config["opt_outs_processed"]] = self.opt_outs_processed
        return counts

    def documents(self, timestamp_ms: int) -> list[dict[str, Any]]:
        """One EMF document per campaign, journey or the project alone."""
        dims = self.config["dimensions"]
        documents = []
        for (campaign_id, journey_id), metrics in self.counts().items():
            document: dict[str, Any] = {dims["project"]: self.project_id}
            dimension_sets = [[dims["project"]]]
            for name, value in ((dims["campaign"], campaign_id), (dims["journey"], journey_id)):
                if value is not None:
                    document[name] = value
                    dimension_sets.append([dims["project"], name])
            directive = {
                "Namespace": self.config["namespace"],
                "Dimensions": dimension_sets,
                "Metrics": [{"Name": name, "Unit": self.config["unit"]} for name in metrics],
            }
            document["_aws"] = {"Timestamp": timestamp_ms, "CloudWatchMetrics": [directive]}
            document.update(metrics)
            documents.append(document)
        return documents

    def reason_lines(self) -> list[dict[str, Any]]:
        """One log line per (campaign or journey, event type, reason), for Logs Insights."""
        dims = self.config["dimensions"]
        lines = []
        for ((campaign_id, journey_id), event_type, reason), count in self._reasons.items():
            line: dict[str, Any] = {"message": self.config["failure_reason_message"], "event_type": event_type}
            line.update({"reason": reason, "count": count, dims["project"]: self.project_id})
            if campaign_id is not None:
                line[dims["campaign"]] = campaign_id
            if journey_id is not None:
                line[dims["journey"]] = journey_id
            lines.append(line)
        return lines

    def publish(self, write: Callable[[str], None] = write_line) -> None:
        """Write the EMF documents and the failure reason lines (``write``: one log event each)."""
        timestamp_ms = int(time.time() * 1000)
        for document in (*self.documents(timestamp_ms), *self.reason_lines()):
            write(json.dumps(document, separators=(",", ":")))
