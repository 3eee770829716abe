"""Segments: typed dimensions and groups rendered to CloudFormation, local matching, imports."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import (
    AttributeFilter,
    AttributeOperator,
    CannotEvaluateLocally,
    GpsPoint,
    ImportedSegment,
    ImportFormat,
    Include,
    ISegment,
    MetricFilter,
    MetricOperator,
    Recency,
    RecencyDuration,
    Segment,
    SegmentDimensions,
    SegmentGroup,
    SetFilter,
)
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of, used

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)


class _StartsWith(str):
    """Equal to any logical id that starts with the construct id."""

    def __eq__(self, other):
        return isinstance(other, str) and other.startswith(str(self))

    __hash__ = str.__hash__


def _segment_properties(stack, name):
    segments = template_of(stack).find_resources("AWS::Pinpoint::Segment")
    [properties] = [r["Properties"] for r in segments.values() if r["Properties"]["Name"] == name]
    return properties


def _dimensions_rendered(dimensions: SegmentDimensions) -> dict:
    stack = make_stack()
    Segment(stack, "S", project=Project(stack, "P"), segment_name="s", dimensions=dimensions)
    return _segment_properties(stack, "s")["Dimensions"]


def _berlin(stack, project):
    testers = Segment(
        stack,
        "Testers",
        project=project,
        segment_name="testers",
        dimensions=SegmentDimensions(attributes={"Tester": AttributeFilter.is_any_of("yes")}),
    )
    berlin = Segment(
        stack,
        "BerlinEmail",
        project=project,
        segment_name="berlin-email",
        groups=[
            SegmentGroup(
                dimensions=[
                    SegmentDimensions(
                        channel=SetFilter.is_any_of("EMAIL"),
                        attributes={"City": AttributeFilter.is_any_of("Berlin")},
                    )
                ]
            ),
            SegmentGroup.excluding(testers),
        ],
    )
    return berlin, testers


# ---------------------------------------------------------------- rendering


def test_berlin_email_segment_excluding_testers_renders_two_groups_combined_with_all():
    stack = make_stack()
    _berlin(stack, Project(stack, "P"))
    properties = _segment_properties(stack, "berlin-email")
    assert properties["SegmentGroups"] == {
        "Include": "ALL",
        "Groups": [
            {
                "Type": "ALL",
                "Dimensions": [
                    {
                        "Demographic": {"Channel": {"DimensionType": "INCLUSIVE", "Values": ["EMAIL"]}},
                        "Attributes": {"City": {"AttributeType": "INCLUSIVE", "Values": ["Berlin"]}},
                    }
                ],
            },
            {
                "Type": "ALL",
                "SourceType": "NONE",
                "SourceSegments": [{"Id": {"Fn::GetAtt": [_StartsWith("Testers"), "SegmentId"]}}],
            },
        ],
    }
    assert "Dimensions" not in properties


@pytest.mark.parametrize(
    ("field", "cfn_name"),
    [
        ("app_version", "AppVersion"),
        ("channel", "Channel"),
        ("device_type", "DeviceType"),
        ("make", "Make"),
        ("model", "Model"),
        ("platform", "Platform"),
    ],
)
def test_every_demographic_dimension_renders_as_a_set_dimension(field, cfn_name):
    value = "SMS" if field == "channel" else "x"
    rendered = _dimensions_rendered(SegmentDimensions(**{field: SetFilter.is_none_of(value)}))
    assert rendered == {"Demographic": {cfn_name: {"DimensionType": "EXCLUSIVE", "Values": [value]}}}


def test_location_renders_country_and_gps_point_with_range():
    rendered = _dimensions_rendered(
        SegmentDimensions(country=SetFilter.is_any_of("DE", "AT"), gps_point=GpsPoint(52.52, 13.405, 25))
    )
    assert rendered == {
        "Location": {
            "Country": {"DimensionType": "INCLUSIVE", "Values": ["DE", "AT"]},
            "GPSPoint": {"Coordinates": {"Latitude": 52.52, "Longitude": 13.405}, "RangeInKilometers": 25},
        }
    }


@pytest.mark.parametrize(
    ("recency", "duration", "kind"),
    [
        (Recency.active_within(RecencyDuration.HOURS_24), "HR_24", "ACTIVE"),
        (Recency.active_within(RecencyDuration.DAYS_7), "DAY_7", "ACTIVE"),
        (Recency.inactive_within(RecencyDuration.DAYS_14), "DAY_14", "INACTIVE"),
        (Recency.inactive_within(RecencyDuration.DAYS_30), "DAY_30", "INACTIVE"),
    ],
)
def test_behavior_renders_recency(recency, duration, kind):
    rendered = _dimensions_rendered(SegmentDimensions(recency=recency))
    assert rendered == {"Behavior": {"Recency": {"Duration": duration, "RecencyType": kind}}}


@pytest.mark.parametrize(
    ("attribute_filter", "operator", "values"),
    [
        (AttributeFilter.is_any_of("a", "b"), "INCLUSIVE", ["a", "b"]),
        (AttributeFilter.is_none_of("a"), "EXCLUSIVE", ["a"]),
        (AttributeFilter.contains("ab"), "CONTAINS", ["ab"]),
        (AttributeFilter.before(datetime(2030, 1, 1, tzinfo=UTC)), "BEFORE", ["2030-01-01T00:00:00Z"]),
        (AttributeFilter.after("2030-01-01T00:00:00Z"), "AFTER", ["2030-01-01T00:00:00Z"]),
        (AttributeFilter.on(date(2030, 1, 1)), "ON", ["2030-01-01"]),
        (AttributeFilter.between("2030-01-01", "2030-02-01"), "BETWEEN", ["2030-01-01", "2030-02-01"]),
    ],
)
def test_every_attribute_operator_renders_inside_the_json_maps_with_cloudformation_keys(
    attribute_filter, operator, values
):
    rendered = _dimensions_rendered(
        SegmentDimensions(attributes={"A": attribute_filter}, user_attributes={"U": attribute_filter})
    )
    expected = {"AttributeType": operator, "Values": values}
    assert rendered == {"Attributes": {"A": expected}, "UserAttributes": {"U": expected}}


def test_attribute_operators_are_exactly_botocores():
    import botocore.session

    model = botocore.session.get_session().get_service_model("pinpoint")
    assert sorted(o.value for o in AttributeOperator) == sorted(model.shape_for("AttributeType").enum)


@pytest.mark.parametrize(
    ("metric_filter", "operator"),
    [
        (MetricFilter.greater_than(3), "GREATER_THAN"),
        (MetricFilter.less_than(3), "LESS_THAN"),
        (MetricFilter.at_least(3), "GREATER_THAN_OR_EQUAL"),
        (MetricFilter.at_most(3), "LESS_THAN_OR_EQUAL"),
        (MetricFilter.equal_to(3), "EQUAL"),
    ],
)
def test_every_metric_operator_renders(metric_filter, operator):
    rendered = _dimensions_rendered(SegmentDimensions(metrics={"orders": metric_filter}))
    assert rendered == {"Metrics": {"orders": {"ComparisonOperator": operator, "Value": 3}}}


def test_groups_render_their_own_types_source_type_and_the_include():
    stack = make_stack()
    project = Project(stack, "P")
    a = Segment(
        stack, "A", project=project, segment_name="a", dimensions=SegmentDimensions(make=SetFilter.is_any_of("x"))
    )
    b = Segment(
        stack, "B", project=project, segment_name="b", dimensions=SegmentDimensions(make=SetFilter.is_any_of("y"))
    )
    dims = SegmentDimensions(platform=SetFilter.is_any_of("ios"))
    Segment(
        stack,
        "C",
        project=project,
        segment_name="c",
        include=Include.ANY,
        groups=[
            SegmentGroup(
                dimensions=[dims, dims], include=Include.NONE, source_segments=[a, b], source_include=Include.ALL
            ),
            SegmentGroup(dimensions=[dims], include=Include.ANY),
        ],
    )
    groups = _segment_properties(stack, "c")["SegmentGroups"]
    assert groups["Include"] == "ANY"
    assert [(g["Type"], g.get("SourceType"), len(g.get("SourceSegments", []))) for g in groups["Groups"]] == [
        ("NONE", "ALL", 2),
        ("ANY", None, 0),
    ]


def test_segment_tags_and_top_level_dimensions_render():
    stack = make_stack()
    Segment(
        stack,
        "S",
        project=Project(stack, "P"),
        segment_name="s",
        tags={"team": "growth"},
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("SMS")),
    )
    properties = _segment_properties(stack, "s")
    assert properties["Tags"] == {"team": "growth"}
    assert properties["Dimensions"]["Demographic"]["Channel"]["Values"] == ["SMS"]


def test_segment_id_is_the_cloudformation_attribute_and_from_segment_id_imports():
    stack = make_stack()
    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    assert stack.resolve(segment.segment_id) == {"Fn::GetAtt": [_StartsWith("S"), "SegmentId"]}
    imported = Segment.from_segment_id(stack, "Old", project=project, segment_id="abc")
    assert isinstance(imported, ISegment) and isinstance(segment, ISegment)
    assert imported.segment_id == "abc" and imported.project is project


def test_berlin_segment_is_cfn_lint_and_nag_clean():
    stack = make_stack()
    _berlin(stack, Project(stack, "P"))
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


# ---------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: SetFilter.is_any_of(), r"values=\(\) is invalid: must be a non-empty list"),
        (lambda: SetFilter("EMAIL"), r"values='EMAIL' is invalid: must be a list, each a string"),
        (lambda: SegmentDimensions(channel=SetFilter.is_any_of("MAIL")), r"channel='MAIL' is invalid: must be one of"),
        (lambda: SegmentDimensions(), r"dimensions=\{\} is invalid: must set at least one criterion"),
        (lambda: AttributeFilter(("a", "b"), AttributeOperator.BEFORE), r"BEFORE takes exactly 1 ISO 8601"),
        (lambda: AttributeFilter.between("2030-01-01", "x"), r"values='x' is invalid: BETWEEN values must be ISO"),
        (lambda: AttributeFilter.between("2030-02-01", "2030-01-01"), r"BETWEEN needs the earlier instant first"),
        (lambda: AttributeFilter.before(datetime(2030, 1, 1)), r"datetimes must carry a time zone"),
        (lambda: GpsPoint(91, 0, 1), r"gps_point.latitude=91 is invalid: must be between -90 and 90"),
        (lambda: GpsPoint(0, 181, 1), r"gps_point.longitude=181 is invalid: must be between -180 and 180"),
        (lambda: GpsPoint(0, 0, 0), r"gps_point.range_km=0 is invalid: must be greater than 0"),
        (lambda: MetricFilter(MetricOperator.EQUAL, "3"), r"value='3' is invalid: must be a number"),
        (lambda: SegmentDimensions(metrics={"m": AttributeFilter.is_any_of("1")}), r"must map a name to a MetricF"),
        (lambda: SegmentGroup(), r"group=\{\} is invalid: needs dimensions, source segments or both"),
    ],
)
def test_invalid_model_values_fail_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def test_a_segment_without_dimensions_or_groups_fails_with_its_path():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"^Test/S: dimensions=None is invalid: a segment needs dimensions"):
        Segment(stack, "S", project=Project(stack, "P"), segment_name="s")


def test_a_segment_name_longer_than_64_characters_fails():
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"Test/S: segment_name='x{65}' is invalid: must be 1 to 64"):
        Segment(
            stack,
            "S",
            project=Project(stack, "P"),
            segment_name="x" * 65,
            dimensions=SegmentDimensions(make=SetFilter(["m"])),
        )


def test_a_source_segment_from_another_project_fails():
    stack = make_stack()
    other = Segment(
        stack, "O", project=Project(stack, "P2"), segment_name="o", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    with pytest.raises(
        ConfigurationError, match=r"Test/S: source_segments='Test/O' is invalid: must belong to the same"
    ):
        Segment(stack, "S", project=Project(stack, "P"), segment_name="s", groups=[SegmentGroup.excluding(other)])


def test_a_source_segment_of_the_same_project_imported_by_id_is_accepted():
    stack = make_stack()
    project = Project.from_project_id(stack, "P", "app-1")
    same = Segment.from_segment_id(stack, "O", project=Project.from_project_id(stack, "P2", "app-1"), segment_id="x")
    Segment(stack, "S", project=project, segment_name="s", groups=[SegmentGroup(source_segments=[same])])


def test_an_imported_segment_must_be_the_only_source_of_its_group():
    stack = make_stack()
    project = Project(stack, "P")
    imported = ImportedSegment(stack, "I", project=project, segment_name="i", bucket=_bucket(stack), key="a.csv")
    other = Segment.from_segment_id(stack, "O", project=project, segment_id="x")
    with pytest.raises(ConfigurationError, match=r"source_segments=\['Test/I', 'Test/O'\] is invalid: an imported"):
        SegmentGroup(source_segments=[imported, other])


# ---------------------------------------------------------------- matches()


def _endpoint(channel="EMAIL", city="Berlin", **extra):
    return {"ChannelType": channel, "Attributes": {"City": [city]}, **extra}


def test_berlin_segment_matches_berlin_email_endpoints_and_not_testers_sms_or_other_cities():
    stack = make_stack()
    berlin, _ = _berlin(stack, Project(stack, "P"))
    assert berlin.matches(_endpoint())
    assert not berlin.matches(_endpoint(city="Hamburg"))
    assert not berlin.matches(_endpoint(channel="SMS"))
    assert not berlin.matches({"ChannelType": "EMAIL", "Attributes": {"City": ["Berlin"], "Tester": ["yes"]}})


def _matches(dimensions: SegmentDimensions, endpoint: dict) -> bool:
    stack = make_stack()
    return Segment(stack, "S", project=Project(stack, "P"), segment_name="s", dimensions=dimensions).matches(
        endpoint, now=NOW
    )


@pytest.mark.parametrize(
    ("attribute_filter", "values", "expected"),
    [
        (AttributeFilter.is_any_of("a", "b"), ["c", "b"], True),
        (AttributeFilter.is_any_of("a"), ["c"], False),
        (AttributeFilter.is_any_of("a"), None, False),
        (AttributeFilter.is_none_of("a"), ["c"], True),
        (AttributeFilter.is_none_of("a"), ["a", "c"], False),
        (AttributeFilter.is_none_of("a"), None, True),
        (AttributeFilter.contains("erl"), ["Berlin"], True),
        (AttributeFilter.contains("xyz"), ["Berlin"], False),
        (AttributeFilter.before("2030-01-01T00:00:00Z"), ["2029-12-31T23:59:59Z"], True),
        (AttributeFilter.before("2030-01-01T00:00:00Z"), ["2030-01-01T00:00:00Z"], False),
        (AttributeFilter.after("2030-01-01T00:00:00Z"), ["2030-01-01T00:00:01Z"], True),
        (AttributeFilter.after("2030-01-01T00:00:00Z"), ["not a date"], False),
        (AttributeFilter.on("2030-01-01"), ["2030-01-01T23:00:00Z"], True),
        (AttributeFilter.on("2030-01-01"), ["2030-01-02T00:00:00Z"], False),
        (AttributeFilter.between("2030-01-01", "2030-02-01"), ["2030-02-01T00:00:00Z"], True),
        (AttributeFilter.between("2030-01-01", "2030-02-01"), ["2030-02-02T00:00:00Z"], False),
    ],
)
def test_attribute_operators_match_like_pinpoint(attribute_filter, values, expected):
    endpoint = {"Attributes": {"A": values} if values is not None else {}}
    assert _matches(SegmentDimensions(attributes={"A": attribute_filter}), endpoint) is expected


def test_user_attributes_are_read_from_the_endpoints_user():
    dimensions = SegmentDimensions(user_attributes={"Plan": AttributeFilter.is_any_of("pro")})
    assert _matches(dimensions, {"User": {"UserId": "u", "UserAttributes": {"Plan": ["pro"]}}})
    assert not _matches(dimensions, {"Attributes": {"Plan": ["pro"]}})


@pytest.mark.parametrize(
    ("metric_filter", "value", "expected"),
    [
        (MetricFilter.greater_than(3), 4, True),
        (MetricFilter.greater_than(3), 3, False),
        (MetricFilter.less_than(3), 2, True),
        (MetricFilter.at_least(3), 3, True),
        (MetricFilter.at_most(3), 4, False),
        (MetricFilter.equal_to(3), 3.0, True),
        (MetricFilter.equal_to(3), None, False),
    ],
)
def test_metric_operators_compare_numbers_and_missing_metrics_never_match(metric_filter, value, expected):
    endpoint = {"Metrics": {"orders": value}} if value is not None else {}
    assert _matches(SegmentDimensions(metrics={"orders": metric_filter}), endpoint) is expected


def test_demographic_and_country_set_filters_match_the_endpoint_fields():
    dimensions = SegmentDimensions(
        app_version=SetFilter.is_any_of("2.0"),
        make=SetFilter.is_any_of("Apple"),
        model=SetFilter.is_none_of("X"),
        platform=SetFilter.is_any_of("ios"),
        country=SetFilter.is_any_of("DE"),
    )
    endpoint = {
        "Demographic": {"AppVersion": "2.0", "Make": "Apple", "Model": "15", "Platform": "ios"},
        "Location": {"Country": "DE"},
    }
    assert _matches(dimensions, endpoint)
    assert not _matches(dimensions, {**endpoint, "Location": {"Country": "FR"}})
    assert not _matches(dimensions, {**endpoint, "Demographic": {**endpoint["Demographic"], "Model": "X"}})


def test_gps_point_uses_great_circle_distance():
    # Berlin to Potsdam is about 27 km.
    dimensions = SegmentDimensions(gps_point=GpsPoint(52.5200, 13.4050, 30))
    assert _matches(dimensions, {"Location": {"Latitude": 52.3906, "Longitude": 13.0645}})
    narrow = SegmentDimensions(gps_point=GpsPoint(52.5200, 13.4050, 20))
    assert not _matches(narrow, {"Location": {"Latitude": 52.3906, "Longitude": 13.0645}})
    assert not _matches(dimensions, {"Location": {}})


def test_recency_is_judged_by_effective_date_against_now():
    active = SegmentDimensions(recency=Recency.active_within(RecencyDuration.DAYS_7))
    inactive = SegmentDimensions(recency=Recency.inactive_within(RecencyDuration.DAYS_7))
    recent = {"EffectiveDate": "2030-05-30T00:00:00Z"}
    old = {"EffectiveDate": "2030-05-01T00:00:00Z"}
    assert _matches(active, recent) and not _matches(active, old)
    assert _matches(inactive, old) and not _matches(inactive, recent)


def test_what_needs_pinpoint_data_cannot_be_evaluated_locally():
    with pytest.raises(CannotEvaluateLocally, match="recency needs the endpoint's EffectiveDate"):
        _matches(SegmentDimensions(recency=Recency.active_within(RecencyDuration.HOURS_24)), {})
    with pytest.raises(CannotEvaluateLocally, match="device type is derived by Pinpoint"):
        _matches(SegmentDimensions(device_type=SetFilter.is_any_of("PHONE")), {})
    stack = make_stack()
    project = Project(stack, "P")
    imported = Segment.from_segment_id(stack, "Old", project=project, segment_id="abc")
    segment = Segment(stack, "S", project=project, segment_name="s", groups=[SegmentGroup(source_segments=[imported])])
    with pytest.raises(CannotEvaluateLocally, match="source segment Test/Old is not defined here"):
        segment.matches({})


@pytest.mark.parametrize(
    ("include", "expected"),
    [(Include.ALL, [False, False, True]), (Include.ANY, [True, True, True]), (Include.NONE, [False, False, False])],
)
def test_groups_and_dimensions_combine_by_include(include, expected):
    stack = make_stack()
    project = Project(stack, "P")
    sms = SegmentDimensions(channel=SetFilter.is_any_of("SMS"))
    de = SegmentDimensions(country=SetFilter.is_any_of("DE"))
    segment = Segment(
        stack, "S", project=project, segment_name="s", groups=[SegmentGroup(dimensions=[sms, de], include=include)]
    )
    endpoints = [
        {"ChannelType": "SMS"},
        {"Location": {"Country": "DE"}},
        {"ChannelType": "SMS", "Location": {"Country": "DE"}},
    ]
    assert [segment.matches(e) for e in endpoints] == expected


def test_top_level_dimensions_and_groups_must_both_match():
    stack = make_stack()
    segment = Segment(
        stack,
        "S",
        project=Project(stack, "P"),
        segment_name="s",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("SMS")),
        groups=[SegmentGroup(dimensions=[SegmentDimensions(country=SetFilter.is_any_of("DE"))])],
    )
    assert segment.matches({"ChannelType": "SMS", "Location": {"Country": "DE"}})
    assert not segment.matches({"ChannelType": "SMS", "Location": {"Country": "FR"}})
    assert not segment.matches({"ChannelType": "EMAIL", "Location": {"Country": "DE"}})


def test_source_segments_defined_here_are_evaluated_recursively_with_source_include():
    stack = make_stack()
    project = Project(stack, "P")
    sms = Segment(
        stack, "Sms", project=project, segment_name="sms", dimensions=SegmentDimensions(channel=SetFilter(["SMS"]))
    )
    de = Segment(
        stack, "De", project=project, segment_name="de", dimensions=SegmentDimensions(country=SetFilter(["DE"]))
    )
    both = Segment(
        stack,
        "Both",
        project=project,
        segment_name="both",
        groups=[SegmentGroup(source_segments=[sms, de], source_include=Include.ALL)],
    )
    assert both.matches({"ChannelType": "SMS", "Location": {"Country": "DE"}})
    assert not both.matches({"ChannelType": "SMS"})


# ---------------------------------------------------------------- ImportedSegment


def _bucket(stack, key=None):
    return s3.Bucket(
        stack,
        "Bucket",
        enforce_ssl=True,
        server_access_logs_prefix="logs/",
        encryption=s3.BucketEncryption.KMS if key else s3.BucketEncryption.S3_MANAGED,
        encryption_key=key,
    )


def _policy(stack, prefix):
    policies = template_of(stack).find_resources("AWS::IAM::Policy")
    [policy] = [p for k, p in policies.items() if k.startswith(prefix)]
    return policy["Properties"]["PolicyDocument"]["Statement"]


def test_imported_segment_runs_an_import_job_defining_a_segment_from_the_s3_object():
    stack = make_stack()
    project = Project(stack, "P")
    segment = ImportedSegment(
        stack,
        "Vip",
        project=project,
        segment_name="vip",
        bucket=_bucket(stack),
        key="in/vip.json",
        format=ImportFormat.JSON,
        register_endpoints=False,
    )
    [job] = template_of(stack).find_resources("Custom::PinpointImportJob").values()
    request = stack.resolve(job["Properties"]["Request"])
    text = "".join(p if isinstance(p, str) else "<token>" for p in request["Fn::Join"][1])
    assert text == (
        '{"ImportJobRequest":{"DefineSegment":true,"SegmentName":"vip","Format":"JSON","RegisterEndpoints":false,'
        '"RoleArn":"<token>","S3Url":"s3://<token>/in/vip.json"}}'
    )
    assert job["Properties"]["Kind"] == "ImportJob"
    assert stack.resolve(segment.segment_id) == {"Fn::GetAtt": [_StartsWith("Vip"), "SegmentId"]}


def test_imported_segment_read_role_trusts_only_pinpoint_for_this_project_and_account():
    stack = make_stack()
    project = Project(stack, "P")
    ImportedSegment(stack, "Vip", project=project, segment_name="vip", bucket=_bucket(stack), key="vip.csv")
    roles = template_of(stack).find_resources("AWS::IAM::Role")
    [role] = [r for k, r in roles.items() if k.startswith("VipReadRole")]
    [statement] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    arn = stack.resolve(project.project_arn)
    assert statement["Principal"] == {"Service": "pinpoint.amazonaws.com"}
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "123456789012"},
        "ArnLike": {"aws:SourceArn": [arn, {"Fn::Join": ["", [arn, "/*"]]}]},
    }


def test_imported_segment_read_role_reads_only_the_object_lists_the_bucket_and_decrypts_with_its_key():
    stack = make_stack()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    bucket = _bucket(stack, key)
    ImportedSegment(stack, "Vip", project=Project(stack, "P"), segment_name="vip", bucket=bucket, key="in/vip.csv")
    statements = _policy(stack, "VipReadRole")
    assert [(s["Action"], stack.resolve(s["Resource"])) for s in statements] == [
        ("s3:GetObject", {"Fn::Join": ["", [stack.resolve(bucket.bucket_arn), "/in/vip.csv"]]}),
        ("s3:ListBucket", stack.resolve(bucket.bucket_arn)),
        ("kms:Decrypt", stack.resolve(key.key_arn)),
    ]


def test_the_provider_may_run_and_poll_the_job_delete_the_segment_and_pass_only_the_read_role():
    stack = make_stack()
    project = Project(stack, "P")
    segment = ImportedSegment(stack, "Vip", project=project, segment_name="vip", bucket=_bucket(stack), key="vip.csv")
    statements = _policy(stack, "CdkPinpointApiProviderRole")
    arn = stack.resolve(project.project_arn)
    assert {
        "Action": [
            "mobiletargeting:CreateImportJob",
            "mobiletargeting:DeleteSegment",
            "mobiletargeting:GetImportJob",
            "mobiletargeting:TagResource",  # the segment's tags
            "mobiletargeting:UntagResource",
        ],
        "Effect": "Allow",
        "Resource": [{"Fn::Join": ["", [arn, suffix]]} for suffix in ("/jobs/import", "/jobs/import/*", "/segments/*")],
    } in statements
    assert {"Action": "iam:PassRole", "Effect": "Allow", "Resource": stack.resolve(segment.role.role_arn)} in statements


def test_imported_segment_is_cfn_lint_and_nag_clean_for_an_object_and_a_folder():
    stack = make_stack()
    project = Project(stack, "P")
    bucket = _bucket(stack)
    ImportedSegment(stack, "One", project=project, segment_name="one", bucket=bucket, key="one.csv")
    ImportedSegment(stack, "Folder", project=project, segment_name="folder", bucket=bucket, key="lists/")
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


def test_the_wildcard_acknowledgments_are_still_needed(monkeypatch):
    from cdk_pinpoint.segments import import_job

    monkeypatch.setattr(import_job, "acknowledge_wildcard_resource", lambda *_args: None)
    stack = make_stack()
    project = Project(stack, "P")
    ImportedSegment(stack, "Folder", project=project, segment_name="folder", bucket=_bucket(stack), key="lists/")
    rules = sorted(rule for _, rule, _ in nag_findings(stack))
    logical = stack.get_logical_id(project.resource)
    bucket = stack.get_logical_id(stack.node.find_child("Bucket").node.default_child)
    assert rules == [
        f"AwsSolutions-IAM5[Resource::<{bucket}.Arn>/lists/*]",
        f"AwsSolutions-IAM5[Resource::<{logical}.Arn>/jobs/import/*]",
        f"AwsSolutions-IAM5[Resource::<{logical}.Arn>/segments/*]",
    ]


_DIMENSIONS = SegmentDimensions(make=SetFilter(["m"]))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda stack, project: Segment(stack, "S", project="abc", segment_name="s", dimensions=_DIMENSIONS),
            r"^Test/S: project='abc' is invalid: must be an IProject \(a Project or an imported project\)$",
        ),
        (
            lambda stack, project: Segment(stack, "S", project=project, segment_name="s", dimensions={"make": "m"}),
            r"^Test/S: dimensions=\{'make': 'm'\} is invalid: must be a SegmentDimensions$",
        ),
        (
            lambda stack, project: Segment(stack, "S", project=project, segment_name="s", groups=[_DIMENSIONS]),
            r"^Test/S: groups\[0\]=SegmentDimensions\(.*\) is invalid: must be a SegmentGroup$",
        ),
        (
            lambda stack, project: Segment(
                stack, "S", project=project, segment_name="s", dimensions=_DIMENSIONS, include="EVERY"
            ),
            r"^Test/S: include='EVERY' is invalid: must be one of Include.ALL, Include.ANY, Include.NONE$",
        ),
        (
            lambda stack, project: Segment.from_segment_id(stack, "Imported", project="abc", segment_id="s1"),
            r"^Test/Imported: project='abc' is invalid: must be an IProject",
        ),
        (
            lambda stack, project: ImportedSegment(
                stack,
                "Import",
                project="abc",
                segment_name="list",
                bucket=s3.Bucket.from_bucket_name(stack, "B", "endpoints"),
                key="list.csv",
            ),
            r"^Test/Import: project='abc' is invalid: must be an IProject",
        ),
        (
            lambda stack, project: ImportedSegment(
                stack,
                "Import",
                project=project,
                segment_name="list",
                bucket=s3.Bucket.from_bucket_name(stack, "B", "endpoints"),
                key="list.csv",
                format="XML",
            ),
            r"^Test/Import: format='XML' is invalid: must be one of ImportFormat.CSV, ImportFormat.JSON$",
        ),
    ],
)
def test_a_segment_given_a_value_of_the_wrong_type_names_its_path_the_field_and_what_is_allowed(build, message):
    stack = make_stack()
    project = Project(stack, "P")
    with pytest.raises(ConfigurationError, match=message):
        build(stack, project)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: AttributeFilter(("a",), "NOT_BETWEEN"),
            r"^operator='NOT_BETWEEN' is invalid: must be one of AttributeOperator.INCLUSIVE, "
            r"AttributeOperator.EXCLUSIVE, AttributeOperator.CONTAINS, AttributeOperator.BEFORE, "
            r"AttributeOperator.AFTER, AttributeOperator.ON, AttributeOperator.BETWEEN$",
        ),
        (
            lambda: MetricFilter("MORE", 1),
            r"^operator='MORE' is invalid: must be one of MetricOperator.GREATER_THAN, ",
        ),
        (
            lambda: Recency("DAY_7"),
            r"^recency.within='DAY_7' is invalid: must be one of RecencyDuration.HOURS_24, ",
        ),
        (lambda: SegmentDimensions(channel="EMAIL"), r"^dimensions.channel='EMAIL' is invalid: must be a SetFilter"),
        (
            lambda: SegmentDimensions(gps_point=(52.5, 13.4)),
            r"^dimensions.gps_point=\(52.5, 13.4\) is invalid: must be a GpsPoint$",
        ),
        (
            lambda: SegmentGroup(source_segments=["seg-id"]),
            r"^group.source_segments\[0\]='seg-id' is invalid: must be an ISegment \(a Segment, an ImportedSegment or "
            r"Segment.from_segment_id\(...\)\)$",
        ),
        (
            lambda: SegmentGroup(dimensions=[_DIMENSIONS], include="ANY"),
            r"^group.include='ANY' is invalid: must be one of Include.ALL, Include.ANY, Include.NONE$",
        ),
    ],
)
def test_a_model_value_of_the_wrong_type_fails_when_used(build, message):
    with pytest.raises(ConfigurationError, match=message):
        used(build())


def test_an_error_a_gps_point_raises_while_the_segment_renders_it_names_the_segment_path(monkeypatch):
    # A GpsPoint checks itself when written (no path yet); whatever it raises later, while the
    # segment renders it, is located at the segment.
    def failing_render(self):
        raise ConfigurationError("gps_point.range_km", self.range_km, "cannot be rendered")

    monkeypatch.setattr(GpsPoint, "_to_cfn", failing_render)
    stack = make_stack()
    with pytest.raises(ConfigurationError, match=r"^Test/S: gps_point.range_km=5 is invalid: cannot be rendered$"):
        Segment(stack, "S", project=Project(stack, "P"), segment_name="s",
                dimensions=SegmentDimensions(gps_point=GpsPoint(52.5, 13.4, 5)))  # fmt: skip


def test_the_import_job_goes_through_one_provider_framework_per_stack_polling_30_s_for_55_minutes():
    import json as json_

    stack = make_stack()
    project = Project(stack, "P")
    bucket = _bucket(stack)
    first = ImportedSegment(stack, "Vip", project=project, segment_name="vip", bucket=bucket, key="vip.csv")
    ImportedSegment(stack, "Vap", project=project, segment_name="vap", bucket=bucket, key="vap.csv")
    template = template_of(stack)
    # The waiter's three framework functions and the shared provider function, nothing more.
    template.resource_count_is("AWS::Lambda::Function", 4)
    template.resource_count_is("AWS::StepFunctions::StateMachine", 1)
    [machine] = template.find_resources("AWS::StepFunctions::StateMachine").values()
    definition = "".join(
        p if isinstance(p, str) else "X" for p in machine["Properties"]["DefinitionString"]["Fn::Join"][1]
    )
    [retry] = json_.loads(definition)["States"]["framework-isComplete-task"]["Retry"]
    assert (retry["IntervalSeconds"], retry["MaxAttempts"], retry["BackoffRate"]) == (30, 110, 1)
    on_event = stack.resolve(stack.node.find_child("CdkPinpointApiWaiter").service_token)
    for job in template.find_resources("Custom::PinpointImportJob").values():
        assert job["Properties"]["ServiceToken"] == on_event
        assert job["Properties"]["Waiter"] == "ProviderFramework"
    # The framework calls the shared provider function for both steps.
    provider_function = stack.node.find_child("CdkPinpointApiProvider").function
    waiter = stack.node.find_child("CdkPinpointApiWaiter")
    assert stack.resolve(waiter.on_event_handler.function_arn) == stack.resolve(provider_function.function_arn)
    assert stack.resolve(waiter.is_complete_handler.function_arn) == stack.resolve(provider_function.function_arn)
    # A new logical id (ServiceToken cannot change on update), and the escape hatch is the CfnResource.
    assert first.node.default_child.node.path == "Test/Vip/Import/Resource/Default"


def test_synchronous_custom_resources_add_no_provider_framework():
    from cdk_pinpoint import VoiceTemplate

    stack = make_stack()
    project = Project(stack, "P")
    Segment(
        stack,
        "S",
        project=project,
        segment_name="s",
        dimensions=SegmentDimensions(channel=SetFilter.is_any_of("EMAIL")),
    )
    VoiceTemplate(stack, "V", template_name="v", body="Hi")
    assert stack.node.try_find_child("CdkPinpointApiWaiter") is None
    template_of(stack).resource_count_is("AWS::StepFunctions::StateMachine", 0)
