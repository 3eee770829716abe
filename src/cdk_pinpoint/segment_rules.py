"""Who is in a segment: Pinpoint's segment rules, evaluated against endpoints offline.

One set of rules for :meth:`cdk_pinpoint.segments.Segment.matches` and ``cdk-pinpoint simulate``.
It reads the segment as the template holds it (``AWS::Pinpoint::Segment`` properties, which are
the shape of Pinpoint's ``WriteSegmentRequest``: ``Dimensions`` and ``SegmentGroups``), so the
same code serves constructs, raw L1s and synthesized cloud assemblies. It imports no aws_cdk.

    matcher = compile_segment(properties, now=at, resolve_source=...)   # raises CannotEvaluateLocally
    matcher(endpoint) -> bool                                           # may raise CannotEvaluateLocally

An endpoint is a dict shaped like Pinpoint's ``EndpointResponse`` (``ChannelType``, ``Demographic``,
``Location``, ``Attributes``, ``Metrics``, ``User.UserAttributes``, ``EffectiveDate``...).

Semantics, per dimension kind. "API" is the Amazon Pinpoint API reference, Segments resource
(https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-segments.html),
whose schemas ``SegmentDimensions``, ``SetDimension``, ``AttributeDimension``, ``MetricDimension``,
``GPSPointDimension``, ``SegmentBehaviors``/``RecencyDimension`` and ``SegmentGroupList`` are
followed here (botocore's Pinpoint model carries the same text and the enums). Where Pinpoint
documents nothing, the decision taken is marked *decision*.

* Criteria inside one ``Dimensions`` object all apply (AND): API, ``SegmentDimensions`` ("the
  dimension settings for a segment"); the console's segment builder shows them as AND.
* ``SetDimension`` (demographic ``AppVersion``/``Channel``/``DeviceType``/``Make``/``Model``/
  ``Platform``, location ``Country``): INCLUSIVE matches an endpoint whose value is one of
  ``Values``, EXCLUSIVE one whose value is none of them (API). *Decision*: values compare exactly
  (case-sensitive); an endpoint without the field is not INCLUSIVE-matched and is EXCLUSIVE-matched;
  a missing ``DimensionType`` (or ``AttributeType`` below) is INCLUSIVE.
  ``Channel`` reads the endpoint's ``ChannelType``. ``DeviceType`` is derived by Pinpoint from the
  device; it is read from ``Demographic.DeviceType`` when given, otherwise CannotEvaluateLocally.
* ``AttributeDimension`` (``Attributes`` and ``UserAttributes``; the AttributeType text is the
  API's): INCLUSIVE, one of the endpoint's values is one of ``Values``; EXCLUSIVE, none is (so an
  endpoint without the attribute matches); CONTAINS, one value has one of ``Values`` as a substring;
  BEFORE/AFTER/ON/BETWEEN read the values "as ISO_INSTANT datetimes", ON "ignores time". *Decisions*:
  an instant without an offset is UTC and a date alone is midnight UTC; ON compares UTC calendar
  days; BEFORE/AFTER are strict; BETWEEN includes both ends; values that are not ISO 8601 never
  match a date operator; comparison is case-sensitive; an attribute given as one string (not a
  list) is one value.
* ``MetricDimension``: ``ComparisonOperator`` GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL,
  LESS_THAN_OR_EQUAL, EQUAL against ``Value`` (API). *Decision*: a missing or non-numeric metric
  never matches.
* ``GPSPointDimension``: the endpoint's ``Location.Latitude``/``Longitude`` within
  ``RangeInKilometers`` of ``Coordinates`` (API). *Decisions*: great-circle (haversine) distance on
  a 6371.0088 km sphere, the boundary included; an endpoint without coordinates does not match; a
  dimension without ``RangeInKilometers`` (its default is undocumented) is CannotEvaluateLocally.
* ``SegmentBehaviors.Recency``: ACTIVE endpoints were active within ``Duration`` (HR_24, DAY_7,
  DAY_14, DAY_30), INACTIVE ones were not (API). *Decision*: activity is the endpoint's
  ``EffectiveDate`` (the last time it was updated), judged against ``now`` (``--at``); an endpoint
  without ``EffectiveDate`` is CannotEvaluateLocally.
* ``SegmentGroupList``: each group starts from its base segments (``SourceSegments`` combined by
  ``SourceType``: ALL, in every one; ANY, in at least one; NONE, in none) and "filters the base
  segment by using the dimensions" (``Dimensions`` combined by ``Type``: endpoints that match all,
  any or none of them); the groups combine by ``Include`` (all, any or none of the groups) (API,
  ``SegmentGroup``/``SegmentGroupList``).
  *Decisions*: a group without base segments starts from every endpoint; a missing ``Type`` or
  ``Include`` is ALL, a missing ``SourceType`` is ANY; a segment with both top-level
  ``Dimensions`` and ``SegmentGroups`` needs both.
* Base segments are found by ``resolve_source`` (an assembly resolves ``Fn::GetAtt`` of another
  segment; a segment id written as text names a segment outside the app). A base segment that
  cannot be evaluated makes membership CannotEvaluateLocally only for the endpoints that need it.
* A criterion whose value is known only at deploy time (an unresolved ``Ref``/``Fn::*`` or CDK
  token) is never guessed: compiling raises CannotEvaluateLocally.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

Endpoint = Mapping[str, Any]
Matcher = Callable[[Endpoint], bool]
#: given the ``Id`` of a base segment as the template holds it, the matcher of that segment
SourceResolver = Callable[[Any], Matcher]

#: Pinpoint's channel types (botocore ``ChannelType``), the values of an endpoint's ``ChannelType``.
CHANNEL_TYPES = (
    "ADM",
    "APNS",
    "APNS_SANDBOX",
    "APNS_VOIP",
    "APNS_VOIP_SANDBOX",
    "BAIDU",
    "CUSTOM",
    "EMAIL",
    "GCM",
    "IN_APP",
    "PUSH",
    "SMS",
    "VOICE",
)
RECENCY_WINDOWS = {
    "HR_24": timedelta(hours=24),
    "DAY_7": timedelta(days=7),
    "DAY_14": timedelta(days=14),
    "DAY_30": timedelta(days=30),
}
INCLUDE_VALUES = ("ALL", "ANY", "NONE")
EARTH_RADIUS_KM = 6371.0088
_DEMOGRAPHIC_FIELDS = {"AppVersion": "AppVersion", "Make": "Make", "Model": "Model", "Platform": "Platform"}


class CannotEvaluateLocally(ValueError):
    """A segment criterion that cannot be evaluated without Pinpoint (or without deploy-time values)."""


def compile_segment(
    properties: Mapping[str, Any], *, now: datetime, resolve_source: SourceResolver | None = None
) -> Matcher:
    """The membership test of a segment, from its ``Dimensions`` and ``SegmentGroups``.

    :param properties: the segment's properties as the template holds them.
    :param now: the instant recency is judged at.
    :param resolve_source: finds base segments; without it, a segment with base segments is
        CannotEvaluateLocally.
    """
    parts: list[Matcher] = []
    if properties.get("Dimensions") is not None:
        parts.append(compile_dimensions(properties["Dimensions"], now=now))
    groups = properties.get("SegmentGroups")
    if groups is not None:
        parts.append(_compile_group_list(_mapping(groups, "SegmentGroups"), now, resolve_source))
    if not parts:
        raise CannotEvaluateLocally("the segment has neither Dimensions nor SegmentGroups")
    return _all_of(parts)


def compile_dimensions(dimensions: Mapping[str, Any], *, now: datetime) -> Matcher:
    """The test of one ``SegmentDimensions`` object (also a journey's ``SegmentDimensions`` condition)."""
    dimensions = _mapping(dimensions, "Dimensions")
    checks: list[Matcher] = []
    demographic = _mapping(dimensions.get("Demographic") or {}, "Demographic")
    for name, dimension in demographic.items():
        checks.append(_demographic_check(name, _set_test(dimension, f"Demographic.{name}")))
    location = _mapping(dimensions.get("Location") or {}, "Location")
    if location.get("Country") is not None:
        country = _set_test(location["Country"], "Location.Country")
        checks.append(lambda e: country((e.get("Location") or {}).get("Country")))
    if location.get("GPSPoint") is not None:
        checks.append(_gps_check(_mapping(location["GPSPoint"], "Location.GPSPoint")))
    behavior = _mapping(dimensions.get("Behavior") or {}, "Behavior")
    if behavior.get("Recency") is not None:
        checks.append(_recency_check(_mapping(behavior["Recency"], "Behavior.Recency"), now))
    for name, dimension in _mapping(dimensions.get("Attributes") or {}, "Attributes").items():
        checks.append(_attribute_check(name, _attribute_test(dimension, f"Attributes.{name}"), user=False))
    user_attributes = _mapping(dimensions.get("UserAttributes") or {}, "UserAttributes")
    for name, dimension in user_attributes.items():
        checks.append(_attribute_check(name, _attribute_test(dimension, f"UserAttributes.{name}"), user=True))
    for name, dimension in _mapping(dimensions.get("Metrics") or {}, "Metrics").items():
        checks.append(_metric_check(name, _mapping(dimension, f"Metrics.{name}")))
    return _all_of(checks)


def fields_read(properties: Mapping[str, Any]) -> frozenset[str]:
    """The endpoint fields a segment's own rules read, named as CSV import columns (``ChannelType``,
    ``Demographic.Platform``, ``Attributes.City``, ``User.UserAttributes.Age``, ``Metrics.orders``...).

    Membership is a function of these fields and of the base segments' memberships alone, so a
    caller may reuse a result for endpoints that agree on them. Parts that are not objects are
    skipped: :func:`compile_segment` rejects them, and a segment that does not compile reads nothing.
    """
    return frozenset(".".join(path) for path in paths_read(properties))


def paths_read(properties: Mapping[str, Any]) -> frozenset[tuple[str, ...]]:
    """The fields of :func:`fields_read` as paths in the endpoint (``("Attributes", "City")``; an
    attribute name may hold dots)."""
    found: set[tuple[str, ...]] = set()
    dimension_lists = [[properties.get("Dimensions")]]
    groups = properties.get("SegmentGroups")
    if isinstance(groups, Mapping) and isinstance(groups.get("Groups"), list):
        dimension_lists += [g.get("Dimensions") or [] for g in groups["Groups"] if isinstance(g, Mapping)]
    for dimensions in (d for dimension_list in dimension_lists for d in dimension_list):
        if isinstance(dimensions, Mapping):
            found.update(_dimension_paths(dimensions))
    return frozenset(found)


def _dimension_paths(dimensions: Mapping[str, Any]) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for name in _keys(dimensions.get("Demographic")):
        found.add(("ChannelType",) if name == "Channel" else ("Demographic", name))
    location = _keys(dimensions.get("Location"))
    if "Country" in location:
        found.add(("Location", "Country"))
    if "GPSPoint" in location:
        found.update((("Location", "Latitude"), ("Location", "Longitude")))
    if "Recency" in _keys(dimensions.get("Behavior")):
        found.add(("EffectiveDate",))
    found.update(("Attributes", name) for name in _keys(dimensions.get("Attributes")))
    found.update(("User", "UserAttributes", name) for name in _keys(dimensions.get("UserAttributes")))
    found.update(("Metrics", name) for name in _keys(dimensions.get("Metrics")))
    return found


def _keys(value: Any) -> list[str]:
    return [k for k in value if isinstance(k, str)] if isinstance(value, Mapping) else []


def combine(include: str, results: Sequence[bool]) -> bool:
    """ALL, ANY or NONE of ``results``."""
    if include == "ALL":
        return all(results)
    if include == "ANY":
        return any(results)
    return not any(results)


def parse_instant(value: str) -> datetime:
    """An ISO 8601 date or instant; UTC when it carries no offset. Raises ValueError."""
    return _parse_instant(value)


# ----------------------------------------------------------------------------- groups


def _compile_group_list(groups: Mapping[str, Any], now: datetime, resolve: SourceResolver | None) -> Matcher:
    include = _include(groups.get("Include"), "SegmentGroups.Include", "ALL")
    compiled = [
        _compile_group(_mapping(g, f"SegmentGroups.Groups[{i}]"), now, resolve)
        for i, g in enumerate(groups.get("Groups") or [])
    ]
    return _combined(include, compiled)


def _compile_group(group: Mapping[str, Any], now: datetime, resolve: SourceResolver | None) -> Matcher:
    dimensions = [compile_dimensions(d, now=now) for d in group.get("Dimensions") or []]
    sources = []
    for source in group.get("SourceSegments") or []:
        if resolve is None:
            raise CannotEvaluateLocally("the segment has base segments and nothing to find them")
        sources.append(resolve(_mapping(source, "SourceSegments[]").get("Id")))
    filters = _combined(_include(group.get("Type"), "Type", "ALL"), dimensions) if dimensions else None
    base = _combined(_include(group.get("SourceType"), "SourceType", "ANY"), sources) if sources else None
    if filters and base:
        return lambda e: base(e) and filters(e)
    return filters or base or (lambda e: True)


def _combined(include: str, matchers: Sequence[Matcher]) -> Matcher:
    if len(matchers) == 1 and include != "NONE":
        return matchers[0]
    if include == "ALL":
        return _all_of(matchers)
    if len(matchers) == 1:  # NONE of one (SegmentGroup.excluding): no generator per endpoint
        only = matchers[0]
        return lambda e: not only(e)
    if include == "ANY":
        return lambda e: any(m(e) for m in matchers)
    return lambda e: not any(m(e) for m in matchers)


def _all_of(matchers: Sequence[Matcher]) -> Matcher:
    if len(matchers) == 1:
        return matchers[0]
    checks = tuple(matchers)

    def all_match(endpoint: Endpoint) -> bool:
        for check in checks:  # noqa: SIM110 (a plain loop is faster than all() over a generator)
            if not check(endpoint):
                return False
        return True

    return all_match


def _include(value: Any, where: str, default: str) -> str:
    if value is None:
        return default
    if value not in INCLUDE_VALUES:
        raise CannotEvaluateLocally(f"{where} is {_shown(value)}; allowed: {', '.join(INCLUDE_VALUES)}")
    return str(value)


# ----------------------------------------------------------------------------- dimensions


def _set_test(dimension: Any, where: str) -> Callable[[Any], bool]:
    dimension = _mapping(dimension, where)
    values = frozenset(_texts(dimension.get("Values"), f"{where}.Values"))
    kind = dimension.get("DimensionType") or "INCLUSIVE"
    # only a text value can be one of the values (and a list would not even hash)
    if kind == "INCLUSIVE":
        return lambda value: value.__class__ is str and value in values
    if kind == "EXCLUSIVE":
        return lambda value: value.__class__ is not str or value not in values
    raise CannotEvaluateLocally(f"{where}.DimensionType is {_shown(kind)}; allowed: INCLUSIVE, EXCLUSIVE")


def _demographic_check(name: str, test: Callable[[Any], bool]) -> Matcher:
    if name == "Channel":
        return lambda e: test(e.get("ChannelType"))
    if name == "DeviceType":

        def device_type(endpoint: Endpoint) -> bool:
            demographic = endpoint.get("Demographic") or {}
            if "DeviceType" not in demographic:
                raise CannotEvaluateLocally("device type is derived by Pinpoint; give Demographic.DeviceType")
            return test(demographic["DeviceType"])

        return device_type
    field = _DEMOGRAPHIC_FIELDS.get(name)
    if field is None:
        raise CannotEvaluateLocally(f"Demographic.{name} is not a Pinpoint demographic dimension")
    return lambda e: test((e.get("Demographic") or {}).get(field))


def _attribute_test(dimension: Any, where: str) -> Callable[[Sequence[str]], bool]:
    """A test on an attribute's values (a list; empty when the endpoint lacks the attribute)."""
    dimension = _mapping(dimension, where)
    values = _texts(dimension.get("Values"), f"{where}.Values")
    kind = dimension.get("AttributeType") or "INCLUSIVE"
    if kind in ("INCLUSIVE", "EXCLUSIVE"):
        wanted = frozenset(values)
        if kind == "INCLUSIVE":
            return lambda actual: not wanted.isdisjoint(actual)
        return wanted.isdisjoint
    if kind == "CONTAINS":
        return lambda actual: any(s in v for v in actual for s in values)
    expected = {"BEFORE": 1, "AFTER": 1, "ON": 1, "BETWEEN": 2}.get(kind)
    if expected is None:
        raise CannotEvaluateLocally(
            f"{where}.AttributeType is {_shown(kind)}; allowed: INCLUSIVE, EXCLUSIVE, CONTAINS, "
            "BEFORE, AFTER, ON, BETWEEN"
        )
    if len(values) != expected:
        raise CannotEvaluateLocally(f"{where}: {kind} takes {expected} value(s), not {list(values)}")
    try:
        bounds = [_parse_instant(v) for v in values]
    except ValueError:
        raise CannotEvaluateLocally(f"{where}: {kind} values must be ISO 8601, not {list(values)}") from None
    if kind == "ON":
        day = bounds[0].astimezone(UTC).date()
        return lambda actual: any(i.astimezone(UTC).date() == day for i in _instants(actual))
    if kind == "BEFORE":
        return lambda actual: any(i < bounds[0] for i in _instants(actual))
    if kind == "AFTER":
        return lambda actual: any(i > bounds[0] for i in _instants(actual))
    return lambda actual: any(bounds[0] <= i <= bounds[1] for i in _instants(actual))


def _attribute_check(name: str, test: Callable[[Sequence[str]], bool], *, user: bool) -> Matcher:
    if user:

        def user_attribute(endpoint: Endpoint) -> bool:
            actual = ((endpoint.get("User") or {}).get("UserAttributes") or {}).get(name) or ()
            return test((actual,) if actual.__class__ is str else actual)

        return user_attribute

    def attribute(endpoint: Endpoint) -> bool:
        actual = (endpoint.get("Attributes") or {}).get(name) or ()
        return test((actual,) if actual.__class__ is str else actual)

    return attribute


_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "GREATER_THAN": lambda a, b: a > b,
    "LESS_THAN": lambda a, b: a < b,
    "GREATER_THAN_OR_EQUAL": lambda a, b: a >= b,
    "LESS_THAN_OR_EQUAL": lambda a, b: a <= b,
    "EQUAL": lambda a, b: a == b,
}


def _metric_check(name: str, dimension: Mapping[str, Any]) -> Matcher:
    operator = dimension.get("ComparisonOperator")
    compare = _COMPARISONS.get(operator) if isinstance(operator, str) else None
    if compare is None:
        raise CannotEvaluateLocally(
            f"Metrics.{name}.ComparisonOperator is {_shown(operator)}; allowed: {', '.join(_COMPARISONS)}"
        )
    bound = _number(dimension.get("Value"), f"Metrics.{name}.Value")

    def check(endpoint: Endpoint) -> bool:
        actual = (endpoint.get("Metrics") or {}).get(name)
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        return compare(float(actual), bound)

    return check


def _gps_check(gps: Mapping[str, Any]) -> Matcher:
    coordinates = _mapping(gps.get("Coordinates"), "GPSPoint.Coordinates")
    latitude = math.radians(_number(coordinates.get("Latitude"), "GPSPoint.Coordinates.Latitude"))
    longitude = _number(coordinates.get("Longitude"), "GPSPoint.Coordinates.Longitude")
    if gps.get("RangeInKilometers") is None:
        raise CannotEvaluateLocally("GPSPoint has no RangeInKilometers; Pinpoint does not document its default")
    range_km = _number(gps["RangeInKilometers"], "GPSPoint.RangeInKilometers")
    cos_latitude = math.cos(latitude)

    def check(endpoint: Endpoint) -> bool:
        location = endpoint.get("Location") or {}
        lat, lon = location.get("Latitude"), location.get("Longitude")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            return False
        phi = math.radians(lat)
        a = (
            math.sin((phi - latitude) / 2) ** 2
            + cos_latitude * math.cos(phi) * math.sin(math.radians(lon - longitude) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a))) <= range_km

    return check


def _recency_check(recency: Mapping[str, Any], now: datetime) -> Matcher:
    window = RECENCY_WINDOWS.get(recency.get("Duration"))  # type: ignore[arg-type]
    if window is None:
        raise CannotEvaluateLocally(
            f"Recency.Duration is {_shown(recency.get('Duration'))}; allowed: {', '.join(RECENCY_WINDOWS)}"
        )
    kind = recency.get("RecencyType")
    if kind not in ("ACTIVE", "INACTIVE"):
        raise CannotEvaluateLocally(f"Recency.RecencyType is {_shown(kind)}; allowed: ACTIVE, INACTIVE")
    since = now - window
    active = kind == "ACTIVE"

    def check(endpoint: Endpoint) -> bool:
        effective = endpoint.get("EffectiveDate")
        if not effective:
            raise CannotEvaluateLocally("recency needs the endpoint's EffectiveDate")
        try:
            recent = _parse_instant(effective) >= since
        except ValueError:
            raise CannotEvaluateLocally(f"EffectiveDate {effective!r} is not ISO 8601") from None
        return recent if active else not recent

    return check


# ----------------------------------------------------------------------------- values


@lru_cache(maxsize=4096)
def _parse_instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _instants(values: Sequence[str]) -> list[datetime]:
    found = []
    for value in values:
        try:
            found.append(_parse_instant(value))
        except (ValueError, TypeError):
            continue
    return found


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CannotEvaluateLocally(f"{where} is {_shown(value)}, not an object")
    if len(value) == 1 and _is_intrinsic(next(iter(value))):
        raise CannotEvaluateLocally(f"{where} is known only at deploy time ({_shown(value)})")
    return value


def _is_intrinsic(key: str) -> bool:
    return key == "Ref" or key.startswith("Fn::")


def _texts(values: Any, where: str) -> tuple[str, ...]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise CannotEvaluateLocally(f"{where} is {_shown(values)}: known only at deploy time or not a list of strings")
    if any(v.startswith("${Token[") for v in values):
        raise CannotEvaluateLocally(f"{where} holds a value known only at deploy time")
    return tuple(values)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CannotEvaluateLocally(f"{where} is {_shown(value)}: known only at deploy time or not a number")
    return float(value)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
