"""segment_rules: every dimension kind and group combination, on the request shape a template holds.

Memberships are computed by hand in each test (no construct involved: these are what a synthesized
AWS::Pinpoint::Segment holds, so they cover raw L1 segments as well).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cdk_pinpoint.segment_rules import CannotEvaluateLocally, compile_dimensions, compile_segment

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)


def members(properties: dict, endpoints: dict[str, dict], sources: dict | None = None) -> set[str]:
    """The names of the endpoints in the segment."""
    resolve = (lambda ref: sources[ref]) if sources is not None else None
    matcher = compile_segment(properties, now=NOW, resolve_source=resolve)
    return {name for name, endpoint in endpoints.items() if matcher(endpoint)}


def dims(**dimensions) -> dict:
    return {"Dimensions": dimensions}


# ---------------------------------------------------------------- set dimensions (demographic, country)

DEVICES = {
    "iphone": {
        "ChannelType": "APNS",
        "Demographic": {"Platform": "ios", "Make": "Apple", "Model": "15", "AppVersion": "2.0"},
    },
    "pixel": {
        "ChannelType": "GCM",
        "Demographic": {"Platform": "android", "Make": "Google", "Model": "8", "AppVersion": "1.0"},
    },
    "bare": {"ChannelType": "EMAIL"},
}


@pytest.mark.parametrize(
    ("field", "dimension", "expected"),
    [
        ("Channel", {"DimensionType": "INCLUSIVE", "Values": ["APNS", "EMAIL"]}, {"iphone", "bare"}),
        ("Channel", {"DimensionType": "EXCLUSIVE", "Values": ["APNS"]}, {"pixel", "bare"}),
        ("Platform", {"DimensionType": "INCLUSIVE", "Values": ["android"]}, {"pixel"}),
        ("Platform", {"DimensionType": "INCLUSIVE", "Values": ["Android"]}, set()),  # case-sensitive
        ("Make", {"DimensionType": "EXCLUSIVE", "Values": ["Apple"]}, {"pixel", "bare"}),  # missing: excluded-matched
        ("Model", {"Values": ["15"]}, {"iphone"}),  # DimensionType defaults to INCLUSIVE
        ("AppVersion", {"DimensionType": "INCLUSIVE", "Values": ["1.0", "2.0"]}, {"iphone", "pixel"}),
    ],
)
def test_demographic_set_dimensions(field, dimension, expected):
    assert members(dims(Demographic={field: dimension}), DEVICES) == expected


def test_device_type_is_read_when_given_and_cannot_be_evaluated_otherwise():
    matcher = compile_segment(dims(Demographic={"DeviceType": {"Values": ["PHONE"]}}), now=NOW)
    assert matcher({"Demographic": {"DeviceType": "PHONE"}})
    assert not matcher({"Demographic": {"DeviceType": "TABLET"}})
    with pytest.raises(CannotEvaluateLocally, match="device type is derived by Pinpoint"):
        matcher({"Demographic": {}})


def test_country_set_dimension():
    endpoints = {"de": {"Location": {"Country": "DE"}}, "fr": {"Location": {"Country": "FR"}}, "none": {}}
    assert members(dims(Location={"Country": {"Values": ["DE"]}}), endpoints) == {"de"}
    assert members(dims(Location={"Country": {"DimensionType": "EXCLUSIVE", "Values": ["DE"]}}), endpoints) == {
        "fr",
        "none",
    }


# ---------------------------------------------------------------- attributes and user attributes

PEOPLE = {
    "multi": {"Attributes": {"Interests": ["books", "music"]}},
    "one": {"Attributes": {"Interests": ["sport"]}},
    "string": {"Attributes": {"Interests": "books"}},  # NDJSON may hold one value as a string
    "none": {},
}


@pytest.mark.parametrize(
    ("attribute_type", "values", "expected"),
    [
        ("INCLUSIVE", ["books"], {"multi", "string"}),
        ("INCLUSIVE", ["sport", "music"], {"multi", "one"}),
        ("EXCLUSIVE", ["books"], {"one", "none"}),
        ("CONTAINS", ["oo"], {"multi", "string"}),
        ("CONTAINS", ["por", "usi"], {"multi", "one"}),
    ],
)
def test_attribute_text_operators(attribute_type, values, expected):
    dimension = {"Interests": {"AttributeType": attribute_type, "Values": values}}
    assert members(dims(Attributes=dimension), PEOPLE) == expected


DATED = {
    "before": {"Attributes": {"Signup": ["2030-01-01T09:00:00Z"]}},
    "on": {"Attributes": {"Signup": ["2030-02-01T23:30:00Z"]}},
    "offset": {"Attributes": {"Signup": ["2030-02-02T00:30:00+02:00"]}},  # 2030-02-01T22:30Z
    "after": {"Attributes": {"Signup": ["2030-03-01"]}},
    "no-zone": {"Attributes": {"Signup": ["2030-02-01T00:00:00"]}},  # read as UTC
    "text": {"Attributes": {"Signup": ["yesterday"]}},
    "none": {},
}


@pytest.mark.parametrize(
    ("attribute_type", "values", "expected"),
    [
        ("BEFORE", ["2030-02-01T00:00:00Z"], {"before"}),  # strict: no-zone (equal) is not before
        ("AFTER", ["2030-02-01T23:00:00Z"], {"on", "after"}),
        ("ON", ["2030-02-01"], {"on", "offset", "no-zone"}),  # UTC calendar day, time ignored
        ("BETWEEN", ["2030-02-01T00:00:00Z", "2030-02-01T22:30:00Z"], {"offset", "no-zone"}),  # both ends included
    ],
)
def test_attribute_date_operators(attribute_type, values, expected):
    dimension = {"Signup": {"AttributeType": attribute_type, "Values": values}}
    assert members(dims(Attributes=dimension), DATED) == expected


def test_user_attributes_are_read_from_the_user_and_not_from_endpoint_attributes():
    endpoints = {
        "user": {"User": {"UserId": "u", "UserAttributes": {"Plan": ["pro"]}}},
        "endpoint": {"Attributes": {"Plan": ["pro"]}},
    }
    dimension = {"Plan": {"AttributeType": "INCLUSIVE", "Values": ["pro"]}}
    assert members(dims(UserAttributes=dimension), endpoints) == {"user"}
    assert members(dims(Attributes=dimension), endpoints) == {"endpoint"}


def test_a_bad_attribute_operator_or_date_cannot_be_evaluated():
    with pytest.raises(CannotEvaluateLocally, match="AttributeType is 'NOT_BETWEEN'"):
        compile_segment(dims(Attributes={"A": {"AttributeType": "NOT_BETWEEN", "Values": ["a"]}}), now=NOW)
    with pytest.raises(CannotEvaluateLocally, match="BETWEEN takes 2 value"):
        compile_segment(dims(Attributes={"A": {"AttributeType": "BETWEEN", "Values": ["2030-01-01"]}}), now=NOW)
    with pytest.raises(CannotEvaluateLocally, match="must be ISO 8601"):
        compile_segment(dims(Attributes={"A": {"AttributeType": "ON", "Values": ["soon"]}}), now=NOW)


# ---------------------------------------------------------------- metrics


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("GREATER_THAN", {"five"}),
        ("GREATER_THAN_OR_EQUAL", {"three", "five"}),
        ("LESS_THAN", {"one"}),
        ("LESS_THAN_OR_EQUAL", {"one", "three"}),
        ("EQUAL", {"three"}),
    ],
)
def test_metric_operators(operator, expected):
    endpoints = {
        "one": {"Metrics": {"orders": 1}},
        "three": {"Metrics": {"orders": 3.0}},
        "five": {"Metrics": {"orders": 5}},
        "missing": {"Metrics": {}},
        "text": {"Metrics": {"orders": "3"}},
    }
    assert members(dims(Metrics={"orders": {"ComparisonOperator": operator, "Value": 3}}), endpoints) == expected


# ---------------------------------------------------------------- GPS and recency


def test_gps_point_range_is_great_circle_distance_with_the_boundary_included():
    berlin = {"Coordinates": {"Latitude": 52.5200, "Longitude": 13.4050}}
    endpoints = {
        "potsdam": {"Location": {"Latitude": 52.3906, "Longitude": 13.0645}},  # ~26.9 km
        "hamburg": {"Location": {"Latitude": 53.5511, "Longitude": 9.9937}},  # ~255 km
        "nowhere": {"Location": {}},
    }
    assert members(dims(Location={"GPSPoint": {**berlin, "RangeInKilometers": 30}}), endpoints) == {"potsdam"}
    assert members(dims(Location={"GPSPoint": {**berlin, "RangeInKilometers": 20}}), endpoints) == set()
    assert members(dims(Location={"GPSPoint": {**berlin, "RangeInKilometers": 300}}), endpoints) == {
        "potsdam",
        "hamburg",
    }
    centre = {"centre": {"Location": {"Latitude": 52.52, "Longitude": 13.405}}}
    assert members(dims(Location={"GPSPoint": {**berlin, "RangeInKilometers": 0}}), centre) == {"centre"}
    with pytest.raises(CannotEvaluateLocally, match="no RangeInKilometers"):
        compile_segment(dims(Location={"GPSPoint": berlin}), now=NOW)


@pytest.mark.parametrize(
    ("duration", "recency_type", "expected"),
    [
        ("HR_24", "ACTIVE", {"hour"}),
        ("DAY_7", "ACTIVE", {"hour", "week"}),
        ("DAY_14", "ACTIVE", {"hour", "week"}),
        ("DAY_30", "ACTIVE", {"hour", "week", "month"}),
        ("DAY_7", "INACTIVE", {"month", "old"}),
    ],
)
def test_recency_is_judged_by_effective_date_against_now(duration, recency_type, expected):
    endpoints = {
        "hour": {"EffectiveDate": "2030-06-01T11:00:00Z"},
        "week": {"EffectiveDate": "2030-05-26T12:00:00Z"},
        "month": {"EffectiveDate": "2030-05-10T00:00:00Z"},
        "old": {"EffectiveDate": "2029-01-01T00:00:00Z"},
    }
    recency = {"Recency": {"Duration": duration, "RecencyType": recency_type}}
    assert members(dims(Behavior=recency), endpoints) == expected


def test_recency_without_effective_date_cannot_be_evaluated():
    matcher = compile_segment(dims(Behavior={"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}), now=NOW)
    with pytest.raises(CannotEvaluateLocally, match="EffectiveDate"):
        matcher({})


# ---------------------------------------------------------------- combinations

SMS_DE = {
    "sms-de": {"ChannelType": "SMS", "Location": {"Country": "DE"}},
    "sms-fr": {"ChannelType": "SMS", "Location": {"Country": "FR"}},
    "email-de": {"ChannelType": "EMAIL", "Location": {"Country": "DE"}},
    "email-fr": {"ChannelType": "EMAIL", "Location": {"Country": "FR"}},
}
SMS = {"Demographic": {"Channel": {"DimensionType": "INCLUSIVE", "Values": ["SMS"]}}}
DE = {"Location": {"Country": {"DimensionType": "INCLUSIVE", "Values": ["DE"]}}}


def test_criteria_inside_one_dimensions_object_all_apply():
    assert members({"Dimensions": {**SMS, **DE}}, SMS_DE) == {"sms-de"}


@pytest.mark.parametrize(
    ("group_type", "expected"),
    [("ALL", {"sms-de"}), ("ANY", {"sms-de", "sms-fr", "email-de"}), ("NONE", {"email-fr"})],
)
def test_dimensions_of_a_group_combine_by_type(group_type, expected):
    groups = {"Groups": [{"Dimensions": [SMS, DE], "Type": group_type}], "Include": "ALL"}
    assert members({"SegmentGroups": groups}, SMS_DE) == expected


@pytest.mark.parametrize(
    ("include", "expected"),
    [("ALL", {"sms-de"}), ("ANY", {"sms-de", "sms-fr", "email-de"}), ("NONE", {"email-fr"})],
)
def test_groups_combine_by_include(include, expected):
    groups = {"Groups": [{"Dimensions": [SMS]}, {"Dimensions": [DE]}], "Include": include}
    assert members({"SegmentGroups": groups}, SMS_DE) == expected


def _source_matchers() -> dict:
    sms = compile_segment({"Dimensions": SMS}, now=NOW)
    de = compile_segment({"Dimensions": DE}, now=NOW)
    return {"sms": sms, "de": de}


@pytest.mark.parametrize(
    ("source_type", "expected"),
    [("ALL", {"sms-de"}), ("ANY", {"sms-de", "sms-fr", "email-de"}), ("NONE", {"email-fr"})],
)
def test_base_segments_combine_by_source_type(source_type, expected):
    group = {"SourceSegments": [{"Id": "sms"}, {"Id": "de"}], "SourceType": source_type, "Type": "ALL"}
    properties = {"SegmentGroups": {"Groups": [group], "Include": "ALL"}}
    assert members(properties, SMS_DE, _source_matchers()) == expected


def test_a_group_filters_its_base_segments_with_its_dimensions():
    group = {"SourceSegments": [{"Id": "sms"}], "Dimensions": [DE], "Type": "ALL"}
    assert members({"SegmentGroups": {"Groups": [group]}}, SMS_DE, _source_matchers()) == {"sms-de"}
    excluded = {"SourceSegments": [{"Id": "sms"}], "Dimensions": [DE], "Type": "NONE"}
    assert members({"SegmentGroups": {"Groups": [excluded]}}, SMS_DE, _source_matchers()) == {"sms-fr"}


def test_top_level_dimensions_and_groups_must_both_hold():
    properties = {"Dimensions": SMS, "SegmentGroups": {"Groups": [{"Dimensions": [DE]}], "Include": "ALL"}}
    assert members(properties, SMS_DE) == {"sms-de"}


def test_the_showcase_berlin_segment_shape_excludes_the_testers_base_segment():
    testers = compile_segment(
        {"Dimensions": {"Attributes": {"Role": {"AttributeType": "INCLUSIVE", "Values": ["tester"]}}}}, now=NOW
    )
    berlin = {
        "SegmentGroups": {
            "Groups": [
                {
                    "Dimensions": [
                        {"Attributes": {"City": {"AttributeType": "INCLUSIVE", "Values": ["Berlin"]}}, **SMS}
                    ],
                    "Type": "ALL",
                },
                {"SourceSegments": [{"Id": "testers"}], "SourceType": "NONE", "Type": "ALL"},
            ],
            "Include": "ALL",
        }
    }
    endpoints = {
        "berlin": {"ChannelType": "SMS", "Attributes": {"City": ["Berlin"]}},
        "tester": {"ChannelType": "SMS", "Attributes": {"City": ["Berlin"], "Role": ["tester"]}},
        "hamburg": {"ChannelType": "SMS", "Attributes": {"City": ["Hamburg"]}},
    }
    assert members(berlin, endpoints, {"testers": testers}) == {"berlin"}


def test_values_known_only_at_deploy_time_are_never_guessed():
    with pytest.raises(CannotEvaluateLocally, match="deploy time"):
        compile_segment(dims(Attributes={"A": {"Values": [{"Ref": "Param"}]}}), now=NOW)
    with pytest.raises(CannotEvaluateLocally, match="deploy time"):
        compile_segment(dims(Location={"GPSPoint": {"Fn::If": ["c", {}, {}]}}), now=NOW)
    with pytest.raises(CannotEvaluateLocally, match="base segments and nothing to find them"):
        compile_segment({"SegmentGroups": {"Groups": [{"SourceSegments": [{"Id": "x"}]}]}}, now=NOW)


def test_compile_dimensions_serves_journey_conditions_alone():
    matcher = compile_dimensions({**SMS, **DE}, now=NOW)
    assert [name for name, e in SMS_DE.items() if matcher(e)] == ["sms-de"]


def test_segment_matches_and_the_synthesized_template_give_the_same_answers():
    """One set of rules: Segment.matches on the construct agrees with the rules run on the template."""
    from cdk_pinpoint import Project
    from cdk_pinpoint.segments import AttributeFilter, Segment, SegmentDimensions, SegmentGroup, SetFilter
    from tests.support import make_stack, template_of

    stack = make_stack()
    project = Project(stack, "P")
    testers = Segment(
        stack, "Testers", project=project, segment_name="t",
        dimensions=SegmentDimensions(attributes={"Role": AttributeFilter.is_any_of("tester")}),
    )  # fmt: skip
    berlin = Segment(
        stack, "Berlin", project=project, segment_name="b",
        groups=[
            SegmentGroup(dimensions=[SegmentDimensions(channel=SetFilter.is_any_of("EMAIL"),
                                                       attributes={"City": AttributeFilter.contains("erl")})]),
            SegmentGroup.excluding(testers),
        ],
    )  # fmt: skip
    resources = template_of(stack).to_json()["Resources"]
    segments = {k: r for k, r in resources.items() if r["Type"] == "AWS::Pinpoint::Segment"}
    properties = {logical_id: resource["Properties"] for logical_id, resource in segments.items()}
    (testers_id,) = (k for k, p in properties.items() if p["Name"] == "t")
    (berlin_id,) = (k for k, p in properties.items() if p["Name"] == "b")
    testers_rule = compile_segment(properties[testers_id], now=NOW)
    berlin_rule = compile_segment(
        properties[berlin_id],
        now=NOW,
        resolve_source=lambda ref: testers_rule if ref == {"Fn::GetAtt": [testers_id, "SegmentId"]} else None,
    )
    endpoints = [
        {"ChannelType": "EMAIL", "Attributes": {"City": ["Berlin"]}},
        {"ChannelType": "EMAIL", "Attributes": {"City": ["Berlin"], "Role": ["tester"]}},
        {"ChannelType": "SMS", "Attributes": {"City": ["Berlin"]}},
        {"ChannelType": "EMAIL", "Attributes": {"City": ["Hamburg"]}},
    ]
    assert [berlin.matches(e, now=NOW) for e in endpoints] == [berlin_rule(e) for e in endpoints]
    assert [berlin_rule(e) for e in endpoints] == [True, False, False, False]


def test_an_attribute_named_like_an_intrinsic_function_is_still_an_attribute():
    matcher = compile_segment(dims(Attributes={"Referrer": {"Values": ["ads"]}}), now=NOW)
    assert matcher({"Attributes": {"Referrer": ["ads"]}})


def test_a_value_that_is_not_text_is_in_no_set_and_raises_nothing():
    endpoint = {"ChannelType": "SMS", "Demographic": {"Platform": ["ios"]}}
    assert not compile_segment(dims(Demographic={"Platform": {"Values": ["ios"]}}), now=NOW)(endpoint)
    excluded = {"DimensionType": "EXCLUSIVE", "Values": ["ios"]}
    assert compile_segment(dims(Demographic={"Platform": excluded}), now=NOW)(endpoint)
