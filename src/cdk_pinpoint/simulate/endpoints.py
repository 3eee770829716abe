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
from collections.abc import Callable, Iterable, Iterator, Mapping
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
_CHANNEL_TYPES = frozenset(CHANNEL_TYPES)


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
    if is_ndjson(path):
        return _read_ndjson(path, problems)
    return _read_csv(path, problems)


def endpoint_key(endpoint: Mapping[str, Any]) -> str:
    """How an endpoint is named in reports: its Id, or its channel and address when it has none."""
    return endpoint.get("Id") or f"{endpoint.get('ChannelType')}:{endpoint.get('Address')}"


def is_ndjson(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".ndjson"):
        return True
    if suffix == ".csv":
        return False
    with path.open(encoding="utf-8-sig") as handle:
        return handle.read(1) == "{"


def values_at(endpoint: Any, paths: Iterable[tuple[str, ...]]) -> tuple[Any, ...]:
    """The values at ``paths`` as a hashable key: endpoints with equal keys have equal values at
    those paths. Where a path meets a value that is not an object (a list, a string, nothing), the
    key holds that whole value (whatever reads the path may read into it)."""
    key = []
    for path in paths:  # once per endpoint and path: one loop, no calls for a string
        value = endpoint
        for name in path:
            if value.__class__ is not dict:
                break
            value = value.get(name, _MISSING)
        key.append(value if value.__class__ is str else _frozen(value))
    return tuple(key)


_MISSING = object()  # an absent key, told apart from a None value


def _frozen(value: Any) -> Any:
    """``value`` as a hashable that equals another only for a value that reads the same: lists and
    objects become tagged tuples (objects in order: ``each`` follows it); numbers and booleans keep
    their type (1, 1.0 and True print differently)."""
    cls = value.__class__
    if cls is str:
        return value
    if cls is list:
        if len(value) == 1 and value[0].__class__ is str:  # the usual attribute: one text value
            return (list, value[0])
        return (list, *map(_frozen, value))
    if cls is dict:
        return (dict, *[(key, _frozen(item)) for key, item in value.items()])
    if cls is float:
        return (float, repr(value))  # -0.0 and NaN as written
    return (cls, value)


# ----------------------------------------------------------------------------- CSV


class _RowPlan:
    """Where each header column goes in the endpoint, and ``build``, the function generated from that
    which turns a row into its endpoint (a row is read a million times; the header once)."""

    def __init__(self, header: list[str], name: str, problems: Problems) -> None:
        self.top: list[tuple[int, str]] = []
        self.demographic: list[tuple[int, str]] = []
        self.location: list[tuple[int, str]] = []
        self.numbers: list[tuple[int, str, str]] = []  # (column, section, key): Metrics and coordinates
        self.attributes: dict[str, list[int]] = {}
        self.user_id: int | None = None
        self.user_attributes: dict[str, list[int]] = {}
        self.columns = [column.strip() for column in header]
        self.paths: list[tuple[str, ...] | None] = []  # each column's place in the endpoint (None: ignored)
        self.addresses = [i for i, column in enumerate(self.columns) if column == "Address"]
        self.named_by = [(i, key) for i, key in enumerate(self.columns) if key in ("Id", "ChannelType", "Address")]
        self.ids = [i for i, key in reversed(self.named_by) if key == "Id"]
        for index, column in enumerate(header):
            self.paths.append(self._place(index, column.strip()))
            if self.paths[-1] is None:
                problems.add(Problem(name, 1, f"column {index + 1} {column!r} is not an endpoint field; ignored"))
        self.build = self._builder()
        self.check = self._checker()

    def _place(self, index: int, column: str) -> tuple[str, ...] | None:
        if column in _TOP_LEVEL:
            self.top.append((index, column))
            return (column,)
        section, _, key = column.partition(".")
        if section == "Demographic" and key in _DEMOGRAPHIC:
            self.demographic.append((index, key))
        elif section == "Location" and key in _LOCATION_TEXT:
            self.location.append((index, key))
        elif (section == "Location" and key in _LOCATION_NUMBERS) or (section == "Metrics" and key):
            self.numbers.append((index, section, key))
        elif section == "Attributes" and key:
            self.attributes.setdefault(key, []).append(index)
        elif column == "User.UserId":
            self.user_id = index
            return ("User", "UserId")
        elif column.startswith("User.UserAttributes.") and len(column) > len("User.UserAttributes."):
            self.user_attributes.setdefault(column[len("User.UserAttributes.") :], []).append(index)
            return ("User", "UserAttributes", column[len("User.UserAttributes.") :])
        else:
            return None
        return (section, key)

    def columns_reading(self, paths: Iterable[tuple[str, ...]]) -> list[int]:
        """The columns that make up the endpoint's values at ``paths``: those placed at, above or
        below one of them (``("User",)`` is every ``User.*`` column)."""
        paths = list(paths)
        return [
            i
            for i, place in enumerate(self.paths)
            if place is not None and any(place[: len(path)] == path[: len(place)] for path in paths)
        ]

    def _checker(self) -> Callable[[list[str]], None]:
        """``check``: raise BadRow as ``build`` would for a row whose ChannelType is known to be valid
        (the checks that depend on the row alone: numbers, then Address), without building the
        endpoint; generated like ``build``."""
        code = ["def check(row):"]
        code += [f"    if row[{i}]: _number(row[{i}], {f'{s}.{k}'!r})" for i, s, k in self.numbers]
        addresses = " or ".join(f"row[{i}]" for i in self.addresses) or "False"
        code += [f"    if not ({addresses}): raise BadRow('Address is missing')"]
        return _function(code, "check")

    def key(self, row: list[str]) -> str:
        """``endpoint_key`` of the endpoint ``build`` makes of ``row``, without building it."""
        for i in self.ids:  # the last Id column with a value, as build keeps it
            if row[i]:
                return row[i]
        return endpoint_key({key: row[i] for i, key in self.named_by if row[i]})

    def _builder(self) -> Callable[[list[str]], dict[str, Any]]:
        """``build``: the endpoint of a row, as one function of straight-line code generated for
        this header (no loop over the columns, no empty section built), a few times faster than
        walking the plan for each of a million rows. Column names enter the code only as ``repr``
        literals."""
        code = ["def build(row):", "    endpoint = {}"]
        code += [f"    if row[{i}]: endpoint[{key!r}] = row[{i}]" for i, key in self.top]
        code += _section("Demographic", [(key, [i]) for i, key in self.demographic], single=True)
        if self.location or self.numbers:
            code.append("    location = {}")
            code += [f"    if row[{i}]: location[{key!r}] = row[{i}]" for i, key in self.location]
        for i, section, key in self.numbers:
            target = "location" if section == "Location" else "endpoint.setdefault('Metrics', {})"
            code.append(f"    if row[{i}]: {target}[{key!r}] = _number(row[{i}], {f'{section}.{key}'!r})")
        if self.location or self.numbers:
            code.append("    if location: endpoint['Location'] = location")
        code += _section("Attributes", list(self.attributes.items()))
        code += _section("UserAttributes", list(self.user_attributes.items()), into="user_attributes")
        code.append(f"    user_id = row[{self.user_id}]" if self.user_id is not None else "    user_id = ''")
        if self.user_attributes:
            code += [
                "    if user_id or user_attributes:",
                "        user = {'UserId': user_id} if user_id else {}",
                "        if user_attributes: user['UserAttributes'] = user_attributes",
            ]
        else:
            code += ["    if user_id:", "        user = {'UserId': user_id}"]
        code += ["        endpoint['User'] = user", "    _check_required(endpoint)", "    return endpoint"]
        return _function(code, "build")


def _function(code: list[str], name: str) -> Callable[..., Any]:
    """The function ``name`` defined by the generated lines ``code``."""
    namespace: dict[str, Any] = {"_number": _number, "_check_required": _check_required, "BadRow": BadRow}
    exec(compile("\n".join(code), f"<endpoint {name}>", "exec"), namespace)
    function: Callable[..., Any] = namespace[name]
    return function


def _section(name: str, columns: list[tuple[str, list[int]]], single: bool = False, into: str = "") -> list[str]:
    """Generated lines building the object of the non-empty cells of ``columns`` (key -> its columns;
    its value a string when ``single``, else the list of its non-empty cells) and setting it as the
    endpoint's ``name`` when it is not empty; or, given ``into``, leaving it in that variable."""
    if not columns:
        return []
    target = into or "section"
    code = [f"    {target} = {{}}"]
    for key, indexes in columns:
        if single:
            code.append(f"    if row[{indexes[0]}]: {target}[{key!r}] = row[{indexes[0]}]")
        elif len(indexes) == 1:
            code.append(f"    if row[{indexes[0]}]: {target}[{key!r}] = [row[{indexes[0]}]]")
        else:
            code.append(f"    found = [v for v in ({', '.join(f'row[{i}]' for i in indexes)}) if v]")
            code.append(f"    if found: {target}[{key!r}] = found")
    if not into:
        code.append(f"    if section: endpoint[{name!r}] = section")
    return code


def _read_csv(path: Path, problems: Problems) -> Iterator[tuple[int, dict[str, Any]]]:
    source = CsvFile(path, problems)
    for line, row in source.rows():
        try:
            yield line, source.plan.build(row)
        except BadRow as error:
            problems.add(Problem(source.name, line, str(error)))


class CsvFile:
    """A CSV endpoint file as (line, row) pairs of the header's width, and the plan that turns a
    row into an endpoint (set once ``rows`` has read the header). Rows that are not even CSV go to
    ``problems``; the plan raises BadRow for the rest."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.name = str(path)
        self.problems = problems
        self.plan = _RowPlan([], self.name, problems)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        name, problems = self.name, self.problems
        with self.path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                problems.add(Problem(name, 1, f"unreadable header: {error}"))
                return
            self.plan = _RowPlan(header, name, problems)
            width = len(header)
            line = reader.line_num + 1
            while True:
                try:
                    for row in reader:  # a for loop, not next(): this runs once per row
                        start, line = line, reader.line_num + 1
                        if not row:
                            continue
                        if len(row) != width:
                            problems.add(Problem(name, start, f"{len(row)} fields, the header has {width}"))
                            continue
                        yield start, row
                    return
                except csv.Error as error:  # the reader goes on after the bad record
                    problems.add(Problem(name, line, f"unreadable CSV: {error}"))
                    line = reader.line_num + 1


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
            if text.isspace():  # a blank line (isspace, unlike strip, copies nothing)
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
    """Raise BadRow unless ``endpoint`` is shaped like an endpoint (a million lines go through here:
    plain loops and class checks, and the search for what exactly is wrong only once something is)."""
    if endpoint.__class__ is not dict:
        raise BadRow(f"a line must hold one endpoint object, not {type(endpoint).__name__}")
    _check_required(endpoint)
    get = endpoint.get
    attributes, user, metrics = get("Attributes", _ABSENT), get("User", _ABSENT), get("Metrics", _ABSENT)
    demographic, location = get("Demographic", _ABSENT), get("Location", _ABSENT)
    if not (attributes.__class__ is user.__class__ is metrics.__class__ is demographic.__class__ is dict
            and location.__class__ is dict):  # fmt: skip
        section = next(s for s in _SECTIONS.intersection(endpoint) if endpoint[s].__class__ is not dict)
        raise BadRow(f"{section} must be an object")
    if attributes:
        _check_attributes(attributes, "Attributes")
    if user and "UserAttributes" in user:
        _check_attributes(user["UserAttributes"], "User.UserAttributes")
    for value in metrics.values():
        if value.__class__ is not int and value.__class__ is not float:  # _is_number, without a call
            key, value = next((k, v) for k, v in metrics.items() if not _is_number(v))
            raise BadRow(f"Metrics.{key} is {value!r}, not a number")
    for value in demographic.values():
        if not isinstance(value, str):
            key, value = next((k, v) for k, v in demographic.items() if not isinstance(v, str))
            raise BadRow(f"Demographic.{key} is {value!r}, not a string")
    for key, value in location.items():
        if key in _LOCATION_NUMBERS:
            if not _is_number(value):
                raise BadRow(f"Location.{key} is {value!r}, not a number")
        elif not isinstance(value, str):
            raise BadRow(f"Location.{key} is {value!r}, not a string")


_SECTIONS = frozenset({"Demographic", "Location", "Attributes", "Metrics", "User"})
_ABSENT: dict[str, Any] = {}  # what a missing section is checked as (never written to)


def _is_number(value: Any) -> bool:
    return value.__class__ is int or value.__class__ is float


def _check_attributes(attributes: Any, where: str) -> None:
    if attributes.__class__ is not dict:
        raise BadRow(f"{where} must be an object")
    for values in attributes.values():
        if values.__class__ is list:
            for value in values:
                if not isinstance(value, str):
                    break
            else:
                continue
        elif values.__class__ is str:
            continue
        key, values = next((k, v) for k, v in attributes.items() if not _is_attribute(v))
        raise BadRow(f"{where}.{key} must be a list of strings, not {values!r}")


def _is_attribute(values: Any) -> bool:
    """One string, or a list of strings."""
    return values.__class__ is str or (values.__class__ is list and all(isinstance(v, str) for v in values))


def _check_required(endpoint: dict[str, Any]) -> None:
    channel = endpoint.get("ChannelType")
    if channel.__class__ is not str or channel not in _CHANNEL_TYPES:  # a set (a row has no other kind of value)
        if channel is None:
            raise BadRow("ChannelType is missing")
        raise BadRow(f"ChannelType {channel!r} is not one of {', '.join(sorted(CHANNEL_TYPES))}")
    address = endpoint.get("Address")
    if address.__class__ is not str or not address:
        raise BadRow("Address is missing")
