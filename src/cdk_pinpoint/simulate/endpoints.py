"""Endpoints read from the files Pinpoint imports (CSV or newline-delimited JSON), one at a time.

Each endpoint comes out shaped like Pinpoint's ``EndpointResponse`` (what the segment rules and
message templates read). A malformed row is reported (file, line, reason), counted, and skipped:
it never stops the run.

CSV (Pinpoint user guide, "Importing segments", https://docs.aws.amazon.com/pinpoint/latest/userguide/segments-importing.html):
the header names endpoint fields with dots, as the import does: ``Id``, ``ChannelType``,
``Address``, ``EndpointStatus``, ``OptOut``, ``EffectiveDate``, ``Demographic.<field>``,
``Location.<field>``, ``Attributes.<name>``, ``Metrics.<name>``, ``User.UserId``,
``User.UserAttributes.<name>``. An empty cell is an absent value. *Decision* (the page shows no
multi-value example): an attribute column may appear several times, each cell one more value;
one cell is always one value (commas inside it are kept). ``Metrics.*`` and
``Location.Latitude``/``Longitude`` must be numbers.

NDJSON: one endpoint object per line, written as the import's JSON format (``"Attributes":
{"Interests": ["Music", "Books"]}``); blank lines are skipped.

Both: ``ChannelType`` (one of Pinpoint's channel types) and ``Address`` are required.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..segment_rules import CHANNEL_TYPES

_TOP_LEVEL = frozenset({"Id", "ChannelType", "Address", "EndpointStatus", "OptOut", "EffectiveDate", "RequestId"})
_DEMOGRAPHIC = frozenset(
    {"AppVersion", "DeviceType", "Locale", "Make", "Model", "ModelVersion", "Platform", "PlatformVersion", "Timezone"}
)
_LOCATION_TEXT = frozenset({"City", "Country", "PostalCode", "Region"})
_LOCATION_NUMBERS = frozenset({"Latitude", "Longitude"})


@dataclass(frozen=True)
class Problem:
    """A malformed row (or header column): where it is and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class Problems:
    """The rows skipped so far, and the first ``keep`` problems in full."""

    keep: int = 100
    count: int = 0
    first: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.first) < self.keep:
            self.first.append(problem)


class BadRow(ValueError):
    """Why one row is not an endpoint."""


def read_endpoints(path: str | Path, problems: Problems) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, endpoint) for every well-formed row of a CSV or NDJSON file; the rest go to ``problems``.

    The format is chosen by the extension: ``.csv`` is CSV; ``.json``, ``.jsonl`` and ``.ndjson``
    are NDJSON; otherwise a file whose first character is ``{`` is NDJSON.
    """
    path = Path(path)
    if _is_ndjson(path):
        return _read_ndjson(path, problems)
    return _read_csv(path, problems)


def endpoint_key(endpoint: Mapping[str, Any]) -> str:
    """How an endpoint is named in reports: its Id, or its channel and address when it has none."""
    return endpoint.get("Id") or f"{endpoint.get('ChannelType')}:{endpoint.get('Address')}"


def _is_ndjson(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".ndjson"):
        return True
    if suffix == ".csv":
        return False
    with path.open(encoding="utf-8-sig") as handle:
        return handle.read(1) == "{"


# ----------------------------------------------------------------------------- CSV


def _column_setter(name: str) -> tuple[str, str | None, str] | None:
    """How a header column fills an endpoint: (section, subsection, key), or None if unknown."""
    if name in _TOP_LEVEL:
        return ("", None, name)
    section, _, rest = name.partition(".")
    if not rest:
        return None
    if section == "Demographic" and rest in _DEMOGRAPHIC:
        return ("Demographic", None, rest)
    if section == "Location" and (rest in _LOCATION_TEXT or rest in _LOCATION_NUMBERS):
        return ("Location", None, rest)
    if section in ("Attributes", "Metrics"):
        return (section, None, rest)
    if section == "User":
        if rest == "UserId":
            return ("User", None, "UserId")
        kind, _, attribute = rest.partition(".")
        if kind == "UserAttributes" and attribute:
            return ("User", "UserAttributes", attribute)
    return None


def _read_csv(path: Path, problems: Problems) -> Iterator[tuple[int, dict[str, Any]]]:
    name = str(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(Problem(name, 1, f"unreadable header: {error}"))
            return
        columns = []
        for index, column in enumerate(header):
            setter = _column_setter(column.strip())
            if setter is None:
                problems.add(Problem(name, 1, f"column {index + 1} {column!r} is not an endpoint field; ignored"))
            columns.append(setter)
        plan = [(i, s) for i, s in enumerate(columns) if s is not None]
        width = len(header)
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                problems.add(Problem(name, line, f"unreadable CSV: {error}"))
                line = reader.line_num + 1
                continue
            start, line = line, reader.line_num + 1
            if not row:
                continue
            if len(row) != width:
                problems.add(Problem(name, start, f"{len(row)} fields, the header has {width}"))
                continue
            try:
                yield start, _endpoint_from_row(row, plan)
            except BadRow as error:
                problems.add(Problem(name, start, str(error)))


def _endpoint_from_row(row: list[str], plan: list[tuple[int, tuple[str, str | None, str]]]) -> dict[str, Any]:
    endpoint: dict[str, Any] = {}
    for index, (section, subsection, key) in plan:
        value = row[index]
        if not value:
            continue
        if not section:
            endpoint[key] = value
            continue
        part = endpoint.get(section)
        if part is None:
            part = endpoint[section] = {}
        if subsection is not None:  # User.UserAttributes
            part = part.get(subsection) or part.setdefault(subsection, {})
            part.setdefault(key, []).append(value)
        elif section == "Attributes":
            part.setdefault(key, []).append(value)
        elif section == "Metrics" or key in _LOCATION_NUMBERS:
            part[key] = _number(value, f"{section}.{key}")
        else:
            part[key] = value
    _check_required(endpoint)
    return endpoint


def _number(text: str, column: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise BadRow(f"{column} is {text!r}, not a number") from None


# ----------------------------------------------------------------------------- NDJSON


def _read_ndjson(path: Path, problems: Problems) -> Iterator[tuple[int, dict[str, Any]]]:
    name = str(path)
    with path.open(encoding="utf-8-sig") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                endpoint = json.loads(text)
            except json.JSONDecodeError as error:
                problems.add(Problem(name, line, f"not JSON: {error.msg} at column {error.colno}"))
                continue
            try:
                _check_json_endpoint(endpoint)
            except BadRow as error:
                problems.add(Problem(name, line, str(error)))
                continue
            yield line, endpoint


def _check_json_endpoint(endpoint: Any) -> None:
    if not isinstance(endpoint, dict):
        raise BadRow(f"a line must hold one endpoint object, not {type(endpoint).__name__}")
    _check_required(endpoint)
    for section in ("Demographic", "Location", "Attributes", "Metrics", "User"):
        value = endpoint.get(section)
        if value is not None and not isinstance(value, dict):
            raise BadRow(f"{section} must be an object")
    _check_attributes(endpoint.get("Attributes"), "Attributes")
    user = endpoint.get("User")
    if user:
        _check_attributes(user.get("UserAttributes"), "User.UserAttributes")
    for key, value in (endpoint.get("Metrics") or {}).items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadRow(f"Metrics.{key} is {value!r}, not a number")
    location = endpoint.get("Location")
    if location:
        for key in _LOCATION_NUMBERS:
            value = location.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise BadRow(f"Location.{key} is {value!r}, not a number")


def _check_attributes(attributes: Any, where: str) -> None:
    if attributes is None:
        return
    if not isinstance(attributes, dict):
        raise BadRow(f"{where} must be an object")
    for key, values in attributes.items():
        if isinstance(values, str):
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise BadRow(f"{where}.{key} must be a list of strings, not {values!r}")


def _check_required(endpoint: dict[str, Any]) -> None:
    channel = endpoint.get("ChannelType")
    if channel not in CHANNEL_TYPES:
        if channel is None:
            raise BadRow("ChannelType is missing")
        raise BadRow(f"ChannelType {channel!r} is not one of {', '.join(sorted(CHANNEL_TYPES))}")
    if not isinstance(endpoint.get("Address"), str) or not endpoint["Address"]:
        raise BadRow("Address is missing")
