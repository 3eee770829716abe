"""Differential: CSV rows decided once per combination of the columns the rules read (SharedDecisions)
report exactly what the general path (every row built into an endpoint and evaluated) reports.

The endpoints are generated: multi-value attribute columns, columns missing from the file, empty
cells, every kind of dimension (set, attribute operators, user attributes, metrics, GPS, recency with
and without EffectiveDate, base segments), a campaign and a journey that render messages, and bad
rows of every kind (wrong width, bad number, no Address, unknown channel).
"""

from __future__ import annotations

import csv
import json
import random

import pytest

from cdk_pinpoint.segment_rules import fields_read
from cdk_pinpoint.simulate import run as simulate_run
from cdk_pinpoint.simulate import simulate
from tests.unit.test_simulate import APP, AT, campaign, email_template, journey, segment_ref, stack

HEADER = ["Id", "ChannelType", "Address", "OptOut", "EndpointStatus", "EffectiveDate", "Demographic.Platform",
          "Demographic.Timezone", "Location.Country", "Location.Latitude", "Location.Longitude", "Attributes.Group",
          "Attributes.Interests", "Attributes.Interests", "User.UserAttributes.FirstName", "Metrics.orders",
          "Metrics.visits"]  # fmt: skip


def segment(name: str, **properties) -> dict:
    return {"Type": "AWS::Pinpoint::Segment", "Properties": {"ApplicationId": APP, "Name": name, **properties}}


def dimensions(name: str, **dimensions) -> dict:
    return segment(name, Dimensions=dimensions)


def attribute(kind: str, *values: str) -> dict:
    return {"AttributeType": kind, "Values": list(values)}


def bases(source_type: str, *logical_ids: str) -> dict:
    return {"SourceSegments": [{"Id": segment_ref(i)} for i in logical_ids], "SourceType": source_type}


GPS = {"Coordinates": {"Latitude": 52.52, "Longitude": 13.40}, "RangeInKilometers": 300}
SEGMENTS = {
    "Email": dimensions("email", Demographic={"Channel": {"DimensionType": "INCLUSIVE", "Values": ["EMAIL"]}}),
    "NotIos": dimensions("not-ios", Demographic={"Platform": {"DimensionType": "EXCLUSIVE", "Values": ["ios"]}}),
    "German": dimensions("german", Location={"Country": {"Values": ["DE"]}}),
    "Music": dimensions("music", Attributes={"Interests": attribute("INCLUSIVE", "music")}),
    "NoSport": dimensions("no-sport", Attributes={"Interests": attribute("EXCLUSIVE", "sport")}),
    "Ann": dimensions("ann", UserAttributes={"FirstName": attribute("CONTAINS", "nn")}),
    "Buyers": dimensions("buyers", Metrics={"orders": {"ComparisonOperator": "GREATER_THAN", "Value": 2}}),
    "NearBerlin": dimensions("near-berlin", Location={"GPSPoint": GPS}),
    "Recent": dimensions("recent", Behavior={"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}),
    "Unknown": dimensions("unknown", Attributes={"Missing": attribute("INCLUSIVE", "x")}),
    "MusicNotBuyers": segment(
        "music-not-buyers", SegmentGroups={"Include": "ALL", "Groups": [bases("ANY", "Music"), bases("NONE", "Buyers")]}
    ),
    "RecentEmail": segment("recent-email", SegmentGroups={"Groups": [bases("ALL", "Recent", "Email")]}),
}


def templates(missing_column: bool) -> dict:
    welcome = email_template(
        "Welcome",
        "welcome",
        Subject="Hi {{User.UserAttributes.FirstName}}",
        HtmlPart="<p>{{#each Attributes.Interests}}{{this}} {{/each}}{{Metrics.orders}} orders</p>",
        DefaultSubstitutions=json.dumps({"User": {"UserAttributes": {"FirstName": "there"}}}),
    )
    activities = {
        "Hello": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "Split"}},
        "Split": {
            "ConditionalSplit": {
                "Condition": {"Conditions": [{"SegmentCondition": {"SegmentId": "@German@"}}], "Operator": "ALL"},
                "TrueActivity": "Wait",
                "FalseActivity": "Wait",
            }
        },
        "Wait": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}},
    }
    resources = {
        **SEGMENTS,
        **welcome,
        "Launch": campaign(
            SegmentId=segment_ref("MusicNotBuyers"),
            TemplateConfiguration={"EmailTemplate": {"Name": {"Ref": "Welcome"}}},
            MessageConfiguration={"SMSMessage": {"Body": "{{User.UserAttributes.FirstName}}: {{Attributes.Group}}"}},
        ),
        "J": journey(activities, "Hello"),
    }
    result = stack(**resources)
    if missing_column:  # the audience reads Attributes.Group, which the second file lacks
        assert "Attributes.Group" in fields_read(result["Stack"]["Resources"]["Audience"]["Properties"])
    return result


def write_endpoints(path, count: int, seed: int, drop: str | None = None) -> None:
    rng = random.Random(seed)
    header = [c for c in HEADER if c != drop]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(count):
            cells = {
                "Id": f"ep{i}" if rng.random() < 0.9 else "",
                "ChannelType": rng.choice(["EMAIL", "EMAIL", "SMS", "GCM"]),
                "Address": f"a{i}",
                "OptOut": rng.choice(["NONE", "NONE", "ALL", ""]),
                "EndpointStatus": rng.choice(["ACTIVE", "ACTIVE", "INACTIVE", ""]),
                "EffectiveDate": rng.choice(["2030-03-01T00:00:00Z", "2030-01-01", ""]),
                "Demographic.Platform": rng.choice(["ios", "android", ""]),
                "Demographic.Timezone": rng.choice(["Europe/Berlin", "Asia/Tokyo", "Not/AZone", ""]),
                "Location.Country": rng.choice(["DE", "US", ""]),
                "Location.Latitude": rng.choice(["52.5", "48.1", ""]),
                "Location.Longitude": rng.choice(["13.4", "11.6", ""]),
                "Attributes.Group": rng.choice(["in", "in", "out", ""]),
                "User.UserAttributes.FirstName": rng.choice(["Ann", "Jenny", "Bo", ""]),
                "Metrics.orders": rng.choice(["0", "3", "7.5", ""]),
                "Metrics.visits": rng.choice(["1", ""]),  # read by no rule: checked row by row
            }
            interests = [*rng.sample(["music", "sport", "books"], rng.randint(0, 2)), "", ""]
            row = [cells.get(c, "") for c in header]
            for position, index in enumerate(i for i, c in enumerate(header) if c == "Attributes.Interests"):
                row[index] = interests[position]
            bad = rng.random()
            if bad < 0.02:
                row = row[:-1]  # wrong width
            elif bad < 0.04:
                row[header.index(rng.choice(["Metrics.orders", "Metrics.visits"]))] = "many"
            elif bad < 0.06:
                row[header.index("Address")] = ""
            elif bad < 0.08:
                row[header.index("ChannelType")] = "PIGEON"
            writer.writerow(row)


@pytest.fixture
def files(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_endpoints(first, 3000, seed=1)
    write_endpoints(second, 1000, seed=2, drop="Attributes.Group")
    return [first, second]


@pytest.mark.parametrize("limit", [10, 100_000])
def test_shared_decisions_report_exactly_what_the_general_path_reports(files, monkeypatch, limit):
    assembly = templates(missing_column=True)
    shared = simulate(assembly, files, at=AT, limit=limit)
    monkeypatch.setattr(simulate_run.SharedDecisions, "KEEP", 0)  # every row takes the general path
    general = simulate(assembly, files, at=AT, limit=limit)
    assert shared == general
    # the comparison means something: every segment has members and non-members, bad rows are reported
    for result in shared["segments"]:
        if result["segment"] != "unknown":
            assert 0 < result["matched"] < shared["endpoints"]["read"], result["segment"]
    assert next(s for s in shared["segments"] if s["segment"] == "recent")["unknown"] > 0
    assert shared["endpoints"]["bad_rows"] > 100
    (launch,) = shared["campaigns"]
    assert launch["eligible"] > 0 and launch["sample"] and launch["blank_variables"]
    assert shared["journeys"][0]["entered"] > 0


def test_a_few_combinations_kept_still_give_the_same_report(files, monkeypatch):
    """Once KEEP combinations are kept, the rest of the rows take the general path."""
    assembly = templates(missing_column=False)
    general = simulate(assembly, files, at=AT)
    monkeypatch.setattr(simulate_run.SharedDecisions, "KEEP", 5)
    assert simulate(assembly, files, at=AT) == general
