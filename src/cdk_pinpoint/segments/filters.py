"""Segment filters and dimensions: frozen model values that check themselves where they are written.

* :class:`SetFilter` (demographic and location values, event types): one of / none of a list;
* :class:`AttributeFilter` (endpoint and user attributes): the operators of Pinpoint's
  ``AttributeType`` (INCLUSIVE, EXCLUSIVE, CONTAINS, BEFORE, AFTER, ON, BETWEEN);
* :class:`MetricFilter` (endpoint metrics): GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL,
  LESS_THAN_OR_EQUAL, EQUAL;
* :class:`GpsPoint`, :class:`Recency`;
* :class:`SegmentDimensions` (all of the above, combined with AND).

botocore's Pinpoint model is the authority on the operators: it has no ``NOT_BETWEEN`` attribute
operator, and a metric dimension compares with one value, so there is no metric ``BETWEEN``.

Each model type renders itself to the CloudFormation shape in one method (``_to_cfn``).
:meth:`Segment.matches` evaluates what the segment synthesizes with :mod:`cdk_pinpoint.segment_rules`,
the rules ``cdk-pinpoint simulate`` uses too.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from .._construct_checks import (
    require_enum,
    require_instance,
)
from .._shapes import camel_case, without_none
from .._typed_args import checked_values
from ..errors import (
    ConfigurationError,
    check_choice,
    check_range,
    is_token,
)
from ..segment_rules import CHANNEL_TYPES as CHANNEL_TYPES
from ..segment_rules import CannotEvaluateLocally as CannotEvaluateLocally


class Include(enum.Enum):
    """How several criteria combine: an endpoint must match all, any or none of them."""

    ALL = "ALL"
    ANY = "ANY"
    NONE = "NONE"


def _values(field_name: str, values: Sequence[str]) -> tuple[str, ...]:
    if isinstance(values, str) or not values:
        raise ConfigurationError(field_name, values, "must be a non-empty list of strings")
    return tuple(values)


@checked_values
@dataclass(frozen=True)
class SetFilter:
    """Endpoints whose value is (or is not) one of ``values``: Pinpoint's ``SetDimension``.

    :param values: the values to compare with (at least one).
    :param exclude: True to select the endpoints whose value is none of ``values``. Default: False
    """

    values: tuple[str, ...]
    exclude: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _values("values", self.values))

    @classmethod
    def is_any_of(cls, *values: str) -> SetFilter:
        """Endpoints whose value is one of ``values`` (INCLUSIVE)."""
        return cls(values)

    @classmethod
    def is_none_of(cls, *values: str) -> SetFilter:
        """Endpoints whose value is none of ``values`` (EXCLUSIVE)."""
        return cls(values, exclude=True)

    def _to_cfn(self) -> dict[str, Any]:
        return {"dimensionType": "EXCLUSIVE" if self.exclude else "INCLUSIVE", "values": list(self.values)}

    def _to_json(self) -> dict[str, Any]:
        """The shape inside CloudFormation ``Json`` properties (event filters), written as-is."""
        return {"DimensionType": "EXCLUSIVE" if self.exclude else "INCLUSIVE", "Values": list(self.values)}


class AttributeOperator(enum.Enum):
    """Pinpoint's attribute operators (botocore ``AttributeType``)."""

    #: the attribute has one of the values
    INCLUSIVE = "INCLUSIVE"
    #: the attribute has none of the values
    EXCLUSIVE = "EXCLUSIVE"
    #: the attribute contains one of the values as a substring
    CONTAINS = "CONTAINS"
    #: the attribute, an ISO 8601 instant, is before the value
    BEFORE = "BEFORE"
    #: the attribute, an ISO 8601 instant, is after the value
    AFTER = "AFTER"
    #: the attribute, an ISO 8601 instant, is on the value's date (time ignored)
    ON = "ON"
    #: the attribute, an ISO 8601 instant, is between the two values
    BETWEEN = "BETWEEN"


_DATE_OPERATORS = {
    AttributeOperator.BEFORE: 1,
    AttributeOperator.AFTER: 1,
    AttributeOperator.ON: 1,
    AttributeOperator.BETWEEN: 2,
}


def _parse_instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _instant_text(value: datetime | date | str) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ConfigurationError("values", value, "datetimes must carry a time zone (e.g. tzinfo=UTC)")
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


@checked_values
@dataclass(frozen=True)
class AttributeFilter:
    """A criterion on an endpoint or user attribute (Pinpoint's ``AttributeDimension``).

    Use the class methods: ``AttributeFilter.is_any_of("Berlin")``, ``.is_none_of(...)``,
    ``.contains(...)``, ``.before(when)``, ``.after(when)``, ``.on(day)``, ``.between(start, end)``.

    :param values: the values to compare with (one for BEFORE/AFTER/ON, two for BETWEEN).
    :param operator: how to compare. Default: AttributeOperator.INCLUSIVE
    """

    values: tuple[str, ...]
    operator: AttributeOperator = AttributeOperator.INCLUSIVE

    def __post_init__(self) -> None:
        require_enum("operator", self.operator, AttributeOperator)
        object.__setattr__(self, "values", _values("values", self.values))
        expected = _DATE_OPERATORS.get(self.operator)
        if expected is None:
            return
        if len(self.values) != expected:
            raise ConfigurationError(
                "values", self.values, f"{self.operator.value} takes exactly {expected} ISO 8601 value(s)"
            )
        for value in self.values:
            if is_token(value):
                continue
            try:
                _parse_instant(value)
            except ValueError:
                raise ConfigurationError(
                    "values", value, f"{self.operator.value} values must be ISO 8601 dates or instants"
                ) from None
        if self.operator is AttributeOperator.BETWEEN and not any(is_token(v) for v in self.values):
            start, end = (_parse_instant(v) for v in self.values)
            if end < start:
                raise ConfigurationError("values", self.values, "BETWEEN needs the earlier instant first")

    @classmethod
    def is_any_of(cls, *values: str) -> AttributeFilter:
        return cls(values, AttributeOperator.INCLUSIVE)

    @classmethod
    def is_none_of(cls, *values: str) -> AttributeFilter:
        return cls(values, AttributeOperator.EXCLUSIVE)

    @classmethod
    def contains(cls, *substrings: str) -> AttributeFilter:
        return cls(substrings, AttributeOperator.CONTAINS)

    @classmethod
    def before(cls, when: datetime | date | str) -> AttributeFilter:
        return cls((_instant_text(when),), AttributeOperator.BEFORE)

    @classmethod
    def after(cls, when: datetime | date | str) -> AttributeFilter:
        return cls((_instant_text(when),), AttributeOperator.AFTER)

    @classmethod
    def on(cls, day: datetime | date | str) -> AttributeFilter:
        return cls((_instant_text(day),), AttributeOperator.ON)

    @classmethod
    def between(cls, start: datetime | date | str, end: datetime | date | str) -> AttributeFilter:
        return cls((_instant_text(start), _instant_text(end)), AttributeOperator.BETWEEN)

    def _to_json(self) -> dict[str, Any]:
        # Attributes are Json maps in CloudFormation: written as-is, so CloudFormation's PascalCase.
        return {"AttributeType": self.operator.value, "Values": list(self.values)}


class MetricOperator(enum.Enum):
    """Pinpoint's metric comparison operators."""

    GREATER_THAN = "GREATER_THAN"
    LESS_THAN = "LESS_THAN"
    GREATER_THAN_OR_EQUAL = "GREATER_THAN_OR_EQUAL"
    LESS_THAN_OR_EQUAL = "LESS_THAN_OR_EQUAL"
    EQUAL = "EQUAL"


@checked_values
@dataclass(frozen=True)
class MetricFilter:
    """A criterion on an endpoint metric (Pinpoint's ``MetricDimension``).

    :param operator: the comparison.
    :param value: the number the metric is compared with.
    """

    operator: MetricOperator
    value: float

    def __post_init__(self) -> None:
        require_enum("operator", self.operator, MetricOperator)
        check_range("value", self.value)

    @classmethod
    def greater_than(cls, value: float) -> MetricFilter:
        return cls(MetricOperator.GREATER_THAN, value)

    @classmethod
    def less_than(cls, value: float) -> MetricFilter:
        return cls(MetricOperator.LESS_THAN, value)

    @classmethod
    def at_least(cls, value: float) -> MetricFilter:
        return cls(MetricOperator.GREATER_THAN_OR_EQUAL, value)

    @classmethod
    def at_most(cls, value: float) -> MetricFilter:
        return cls(MetricOperator.LESS_THAN_OR_EQUAL, value)

    @classmethod
    def equal_to(cls, value: float) -> MetricFilter:
        return cls(MetricOperator.EQUAL, value)

    def _to_json(self) -> dict[str, Any]:
        return {"ComparisonOperator": self.operator.value, "Value": self.value}


@checked_values(field="gps_point")
@dataclass(frozen=True)
class GpsPoint:
    """Endpoints within ``range_km`` of a point (great-circle distance).

    :param latitude: -90 to 90.
    :param longitude: -180 to 180.
    :param range_km: the radius in kilometres, greater than 0.
    """

    latitude: float
    longitude: float
    range_km: float

    def __post_init__(self) -> None:
        check_range("gps_point.latitude", self.latitude, -90, 90)
        check_range("gps_point.longitude", self.longitude, -180, 180)
        check_range("gps_point.range_km", self.range_km, 0)
        if not is_token(self.range_km) and self.range_km == 0:
            raise ConfigurationError("gps_point.range_km", self.range_km, "must be greater than 0")

    def _to_cfn(self) -> dict[str, Any]:
        return {
            "coordinates": {"latitude": self.latitude, "longitude": self.longitude},
            "rangeInKilometers": self.range_km,
        }


class RecencyDuration(enum.Enum):
    """The windows Pinpoint offers for endpoint activity."""

    HOURS_24 = ("HR_24", timedelta(hours=24))
    DAYS_7 = ("DAY_7", timedelta(days=7))
    DAYS_14 = ("DAY_14", timedelta(days=14))
    DAYS_30 = ("DAY_30", timedelta(days=30))


@checked_values(field="recency")
@dataclass(frozen=True)
class Recency:
    """Endpoints active (or inactive) within a window, judged by the endpoint's ``EffectiveDate``.

    :param within: the window.
    :param active: True for endpoints active within the window, False for inactive ones.
    """

    within: RecencyDuration
    active: bool = True

    def __post_init__(self) -> None:
        require_enum("recency.within", self.within, RecencyDuration)

    @classmethod
    def active_within(cls, within: RecencyDuration) -> Recency:
        return cls(within, True)

    @classmethod
    def inactive_within(cls, within: RecencyDuration) -> Recency:
        return cls(within, False)

    def _to_cfn(self) -> dict[str, Any]:
        return {"recency": {"duration": self.within.value[0], "recencyType": "ACTIVE" if self.active else "INACTIVE"}}


# CloudFormation camelCase -> API PascalCase where capitalising the first letter is not enough.
_API_NAMES = {"gpsPoint": "GPSPoint"}
_USER_NAMED_MAPS = ("attributes", "userAttributes", "metrics")


def _api_keys(shape: dict[str, Any]) -> dict[str, Any]:
    return {
        _API_NAMES.get(key, key[:1].upper() + key[1:]): (
            value if key in _USER_NAMED_MAPS or not isinstance(value, dict) else _api_keys(value)
        )
        for key, value in shape.items()
    }


@functools.cache
def _countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2, shipped with the package (from the tz database's iso3166.tab)."""
    text = (Path(__file__).parent.parent / "_data" / "iso3166_alpha2.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split() if len(line) == 2 and line.isupper())


@checked_values(field="dimensions")
@dataclass(frozen=True)
class SegmentDimensions:
    """Criteria on an endpoint; an endpoint matches when it meets every criterion given.

    :param channel: the endpoint's channel type (``ChannelType``: EMAIL, SMS, GCM, APNS...).
        Default: - any channel.
    :param app_version: the app version. Default: - any.
    :param device_type: the device type (``PHONE``, ``TABLET``...). Default: - any.
    :param make: the device make. Default: - any.
    :param model: the device model. Default: - any.
    :param platform: the platform (``ios``, ``android``...). Default: - any.
    :param country: the endpoint's country, ISO 3166-1 alpha-2 (``DE``). Default: - any.
    :param gps_point: a circle the endpoint must be in. Default: - anywhere.
    :param recency: when the endpoint was last active. Default: - any time.
    :param attributes: criteria on endpoint attributes, by attribute name. Default: - none.
    :param user_attributes: criteria on user attributes, by attribute name. Default: - none.
    :param metrics: criteria on endpoint metrics, by metric name. Default: - none.
    """

    channel: SetFilter | None = None
    app_version: SetFilter | None = None
    device_type: SetFilter | None = None
    make: SetFilter | None = None
    model: SetFilter | None = None
    platform: SetFilter | None = None
    country: SetFilter | None = None
    gps_point: GpsPoint | None = None
    recency: Recency | None = None
    attributes: Mapping[str, AttributeFilter] = field(default_factory=dict)
    user_attributes: Mapping[str, AttributeFilter] = field(default_factory=dict)
    metrics: Mapping[str, MetricFilter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in (*self._DEMOGRAPHIC, "country"):
            require_instance(name, getattr(self, name), SetFilter, "must be a SetFilter (SetFilter.is_any_of(...))",
                             optional=True)  # fmt: skip
        require_instance("gps_point", self.gps_point, GpsPoint, "must be a GpsPoint", optional=True)
        require_instance("recency", self.recency, Recency, "must be a Recency", optional=True)
        if self.channel is not None:
            for channel in self.channel.values:
                check_choice("channel", channel, CHANNEL_TYPES)
        if self.country is not None:
            for country in self.country.values:
                if not is_token(country) and country not in _countries():
                    raise ConfigurationError("country", country, "must be an ISO 3166-1 alpha-2 code, e.g. 'DE'")
        for name, filters, kind in (
            ("attributes", self.attributes, AttributeFilter),
            ("user_attributes", self.user_attributes, AttributeFilter),
            ("metrics", self.metrics, MetricFilter),
        ):
            for key, value in filters.items():
                if not key or not isinstance(value, kind):
                    raise ConfigurationError(f"{name}[{key!r}]", value, f"must map a name to a {kind.__name__}")
        object.__setattr__(self, "attributes", dict(self.attributes))
        object.__setattr__(self, "user_attributes", dict(self.user_attributes))
        object.__setattr__(self, "metrics", dict(self.metrics))
        if not any(getattr(self, f) for f in self.__dataclass_fields__):
            raise ConfigurationError("dimensions", {}, "must set at least one criterion")

    def __hash__(self) -> int:  # the mappings make the generated hash fail; identity is enough
        return id(self)

    _DEMOGRAPHIC = ("app_version", "channel", "device_type", "make", "model", "platform")

    def _to_cfn(self) -> dict[str, Any]:
        demographic = {
            camel_case(name): getattr(self, name)._to_cfn() for name in self._DEMOGRAPHIC if getattr(self, name)
        }
        location: dict[str, Any] = {}
        if self.country:
            location["country"] = self.country._to_cfn()
        if self.gps_point:
            location["gpsPoint"] = self.gps_point._to_cfn()
        rendered = {
            "demographic": demographic or None,
            "location": location or None,
            "behavior": self.recency._to_cfn() if self.recency else None,
            # Json maps: jsii writes them as-is, so the inner keys are CloudFormation's PascalCase.
            "attributes": {k: v._to_json() for k, v in self.attributes.items()} or None,
            "userAttributes": {k: v._to_json() for k, v in self.user_attributes.items()} or None,
            "metrics": {k: v._to_json() for k, v in self.metrics.items()} or None,
        }
        return without_none(rendered)

    def _to_api(self) -> dict[str, Any]:
        """The Pinpoint API's ``SegmentDimensions`` (journey conditions): the CloudFormation shape with
        PascalCase keys. The attribute and metric maps are already in the API's shape, and their keys
        are the user's names, so they pass unchanged."""
        return _api_keys(self._to_cfn())
