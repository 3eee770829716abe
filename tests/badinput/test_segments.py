"""Bad input to Segment, ImportedSegment and the segment filters and dimensions."""

from __future__ import annotations

from aws_cdk import aws_s3 as s3

from cdk_pinpoint import (
    AttributeFilter,
    GpsPoint,
    ImportedSegment,
    MetricFilter,
    Recency,
    Segment,
    SegmentDimensions,
    SetFilter,
)

from .support import Case, expect_error, project, run

P = "Test/X"
DIMS = SegmentDimensions(make=SetFilter(["m"]))


def _bucket(s):
    return s3.Bucket.from_bucket_name(s, "B", "imports")


def _segment(s, **dimensions):
    return Segment(s, "X", project=project(s), segment_name="s", dimensions=SegmentDimensions(**dimensions))


CASES = [
    Case(
        lambda s: Segment(s, "X", project=project(s), segment_name=7, dimensions=DIMS),
        P,
        "segment_name",
        7,
        id="segment-name-int",
    ),
    Case(
        lambda s: Segment(s, "X", project=project(s), segment_name="s", dimensions={"make": ["m"]}),
        P,
        "dimensions",
        {"make": ["m"]},
        id="segment-dimensions-dict",
    ),
    Case(
        lambda s: Segment(s, "X", project=project(s), segment_name="s", dimensions=DIMS, include="EVERY"),
        P,
        "include",
        "EVERY",
        id="segment-include-unknown",
    ),
    Case(
        lambda s: Segment(s, "X", project=project(s), segment_name="s", dimensions=DIMS, tags={"aws:x": "y"}),
        P,
        "tags",
        "aws:x",
        id="segment-tag-aws",
    ),
    Case(
        lambda s: Segment(s, "X", project="p", segment_name="s", dimensions=DIMS),
        P,
        "project",
        "p",
        id="segment-project-string",
    ),
    Case(
        lambda s: ImportedSegment(
            s, "X", project=project(s), segment_name="i", bucket="s3://imports/e.csv", key="e.csv"
        ),
        P,
        "bucket",
        "s3://imports/e.csv",
        id="import-bucket-url",
    ),
    Case(
        lambda s: ImportedSegment(
            s, "X", project=project(s), segment_name="i", bucket=_bucket(s), key="s3://imports/e.csv"
        ),
        P,
        "key",
        "s3://imports/e.csv",
        id="import-key-s3-url",
    ),
    Case(
        lambda s: ImportedSegment(
            s,
            "X",
            project=project(s),
            segment_name="i",
            bucket=_bucket(s),
            key="https://imports.s3.amazonaws.com/e.csv",
        ),
        P,
        "key",
        "https://imports.s3.amazonaws.com/e.csv",
        id="import-key-https-url",
    ),
    Case(
        lambda s: ImportedSegment(
            s, "X", project=project(s), segment_name="i", bucket=_bucket(s), key="e.csv", format="XML"
        ),
        P,
        "format",
        "XML",
        id="import-format-unknown",
    ),
    Case(
        lambda s: ImportedSegment(s, "X", project=project(s), segment_name="i", bucket=_bucket(s), key=None),
        P,
        "key",
        None,
        id="import-key-none",
    ),
    # value objects
    Case(
        lambda s: _segment(s, make=SetFilter([])),
        P,
        "dimensions.make.values",
        [],
        id="set-filter-empty",
    ),
    Case(
        lambda s: _segment(s, make=SetFilter("EMAIL")),
        P,
        "dimensions.make.values",
        "EMAIL",
        id="set-filter-string",
    ),
    Case(
        lambda s: _segment(s, make=SetFilter(["a"], exclude="yes")),
        P,
        "dimensions.make.exclude",
        "yes",
        id="set-filter-exclude-string",
    ),
    Case(
        lambda s: _segment(s, attributes={"City": AttributeFilter.is_any_of()}),
        P,
        "dimensions.attributes['City'].values",
        (),
        id="attribute-filter-empty",
    ),
    Case(
        lambda s: _segment(s, metrics={"visits": MetricFilter("MORE", 1)}),
        P,
        "dimensions.metrics['visits'].operator",
        "MORE",
        id="metric-operator-unknown",
    ),
    Case(
        lambda s: _segment(s, metrics={"visits": MetricFilter.greater_than("3")}),
        P,
        "dimensions.metrics['visits'].value",
        "3",
        id="metric-value-string",
    ),
    Case(
        lambda s: _segment(s, gps_point=GpsPoint(91, 0, 10)),
        P,
        "dimensions.gps_point.latitude",
        91,
        id="gps-latitude",
    ),
    Case(
        lambda s: _segment(s, gps_point=GpsPoint(0, 181, 10)),
        P,
        "dimensions.gps_point.longitude",
        181,
        id="gps-longitude",
    ),
    Case(
        lambda s: _segment(s, gps_point=GpsPoint(0, 0, "far")),
        P,
        "dimensions.gps_point.range_km",
        "far",
        id="gps-range-string",
    ),
    Case(
        lambda s: _segment(s, recency=Recency("DAY_5")),
        P,
        "dimensions.recency.within",
        "DAY_5",
        id="recency-unknown",
    ),
    Case(
        lambda s: _segment(s, country=SetFilter(["Germany"])),
        P,
        "dimensions.country",
        "Germany",
        id="country-name",
    ),
    Case(
        lambda s: _segment(s, country=SetFilter(["XX"])),
        P,
        "dimensions.country",
        "XX",
        id="country-not-iso",
    ),
    Case(
        lambda s: _segment(s, make=["m"]),
        P,
        "dimensions.make",
        ["m"],
        id="dimension-make-list",
    ),
    Case(
        lambda s: _segment(s, attributes={"City": "Berlin"}),
        P,
        "dimensions.attributes['City']",
        "Berlin",
        id="dimension-attribute-string",
    ),
]


@run(CASES)
def test_bad_segment_input_fails_with_path_field_and_value(case):
    expect_error(case)


def test_the_shipped_country_codes_are_the_tz_databases_iso3166_table():
    import pathlib

    import pytest

    from cdk_pinpoint.segments.filters import _countries

    table = pathlib.Path("/usr/share/zoneinfo/iso3166.tab")
    if not table.exists():
        pytest.skip("no tz database on this machine")
    codes = {line.split("\t")[0] for line in table.read_text().splitlines() if line and not line.startswith("#")}
    assert _countries() == codes
