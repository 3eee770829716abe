"""cdk-pinpoint simulate: campaign filters, rendering, journey walks, the CLI and its files.

Templates here are written as a synthesized assembly holds them (the simulation reads nothing
else), so each test states the Pinpoint resources it exercises. The end-to-end test on the
showcase app is in tests/snapshots/test_simulate_showcase.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from cdk_pinpoint.cli import main
from cdk_pinpoint.simulate import simulate

AT = datetime(2030, 3, 2, 8, 0, tzinfo=UTC)
APP = {"Ref": "App"}


def segment_ref(logical_id: str) -> dict:
    return {"Fn::GetAtt": [logical_id, "SegmentId"]}


def stack(**resources) -> dict[str, dict]:
    """One stack's template: an app, a segment of every endpoint whose Group attribute is "in", and ``resources``."""
    base = {
        "App": {"Type": "AWS::Pinpoint::App", "Properties": {"Name": "app"}},
        "Audience": {
            "Type": "AWS::Pinpoint::Segment",
            "Properties": {
                "ApplicationId": APP,
                "Name": "audience",
                "Dimensions": {"Attributes": {"Group": {"AttributeType": "INCLUSIVE", "Values": ["in"]}}},
            },
        },
    }
    return {"Stack": {"Resources": {**base, **resources}}}


def campaign(**properties) -> dict:
    return {
        "Type": "AWS::Pinpoint::Campaign",
        "Properties": {
            "ApplicationId": APP,
            "Name": "c",
            "SegmentId": segment_ref("Audience"),
            "Schedule": {"Frequency": "ONCE", "StartTime": "2030-03-02T09:00:00Z"},
            **properties,
        },
    }


def endpoint(name: str, channel: str = "EMAIL", group: str = "in", **fields) -> dict:
    return {
        "Id": name,
        "ChannelType": channel,
        "Address": f"{name}@example.com",
        "Attributes": {"Group": [group]},
        **fields,
    }


def run(tmp_path, templates: dict, endpoints: list[dict], **options) -> dict:
    path = tmp_path / "endpoints.ndjson"
    path.write_text("".join(json.dumps(e) + "\n" for e in endpoints))
    return simulate(templates, [path], at=options.pop("at", AT), **options)


EMAIL = {"EmailMessage": {"Title": "Hi {{User.UserAttributes.FirstName}}", "HtmlBody": "<p>x</p>"}}


# ---------------------------------------------------------------- campaign filters


def test_campaign_audience_is_the_segment_then_channel_opt_out_and_inactive_filters(tmp_path):
    report = run(
        tmp_path,
        stack(C=campaign(MessageConfiguration=EMAIL)),
        [
            endpoint("a"),
            endpoint("b"),
            endpoint("out", group="out"),
            endpoint("sms", channel="SMS"),
            endpoint("opted", OptOut="ALL"),
            endpoint("none", OptOut="NONE"),
            endpoint("inactive", EndpointStatus="INACTIVE"),
        ],
    )
    (result,) = report["campaigns"]
    assert (result["in_segment"], result["other_channel"], result["opted_out"], result["inactive"]) == (6, 1, 1, 1)
    assert result["eligible"] == 3  # a, b, none
    assert result["channels"] == ["EMAIL"]


@pytest.mark.parametrize(
    ("message_configuration", "channels"),
    [
        ({"SMSMessage": {"Body": "x"}}, ["SMS"]),
        ({"GCMMessage": {"Body": "x"}}, ["GCM"]),
        ({"APNSMessage": {"Body": "x"}}, ["APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX"]),
        ({"DefaultPushNotificationMessage": {"Body": "x"}}, ["ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP",
                                                             "APNS_VOIP_SANDBOX", "BAIDU", "GCM"]),
    ],
)  # fmt: skip
def test_the_channels_a_campaign_sends_follow_its_messages(tmp_path, message_configuration, channels):
    report = run(tmp_path, stack(C=campaign(MessageConfiguration=message_configuration)), [endpoint("a")])
    assert report["campaigns"][0]["channels"] == channels


def test_custom_delivery_sends_its_endpoint_types(tmp_path):
    configured = campaign(
        MessageConfiguration={"CustomMessage": {"Data": "raw"}},
        CustomDeliveryConfiguration={"DeliveryUri": "https://x", "EndpointTypes": ["SMS", "CUSTOM"]},
    )
    report = run(tmp_path, stack(C=configured), [endpoint("a", channel="SMS"), endpoint("b")])
    assert report["campaigns"][0]["channels"] == ["CUSTOM", "SMS"]
    assert report["campaigns"][0]["eligible"] == 1


QUIET_ENDPOINTS = [
    endpoint("berlin", Demographic={"Timezone": "Europe/Berlin"}),  # 10:00 local
    endpoint("la", Demographic={"Timezone": "America/Los_Angeles"}),  # 01:00 local
    endpoint("tokyo", Demographic={"Timezone": "Asia/Tokyo"}),  # 18:00 local
    endpoint("no-zone"),
    endpoint("bad-zone", Demographic={"Timezone": "Mars/Olympus"}),
]


def _quiet(tmp_path, templates) -> int:
    report = run(tmp_path, templates, QUIET_ENDPOINTS)
    return report["campaigns"][0]["treatments"][0]["in_quiet_time"]


def test_quiet_time_is_the_projects_in_each_endpoints_own_time_zone(tmp_path):
    settings = {
        "Type": "AWS::Pinpoint::ApplicationSettings",
        "Properties": {"ApplicationId": APP, "QuietTime": {"Start": "22:00", "End": "07:00"}},
    }
    # only LA (01:00) is inside 22:00-07:00; no time zone or an invalid one: Pinpoint sends
    assert _quiet(tmp_path, stack(C=campaign(MessageConfiguration=EMAIL), S=settings)) == 1


def test_a_campaigns_own_quiet_time_wins_and_both_ends_are_quiet(tmp_path):
    settings = {
        "Type": "AWS::Pinpoint::ApplicationSettings",
        "Properties": {"ApplicationId": APP, "QuietTime": {"Start": "22:00", "End": "07:00"}},
    }
    own = {"Frequency": "ONCE", "StartTime": "2030-03-02T09:00:00Z", "QuietTime": {"Start": "10:00", "End": "18:00"}}
    # Berlin at 10:00 (start) and Tokyo at 18:00 (end) are quiet; LA at 01:00 is not
    assert _quiet(tmp_path, stack(C=campaign(MessageConfiguration=EMAIL, Schedule=own), S=settings)) == 2


def test_local_time_schedules_send_at_the_same_wall_clock_everywhere(tmp_path):
    local = {
        "Frequency": "ONCE",
        "StartTime": "2030-03-02T23:30:00Z",
        "IsLocalTime": True,
        "QuietTime": {"Start": "22:00", "End": "07:00"},
    }
    # 23:30 in every valid zone: Berlin, LA and Tokyo are quiet; no zone and a bad zone are not
    assert _quiet(tmp_path, stack(C=campaign(MessageConfiguration=EMAIL, Schedule=local))) == 3


def test_event_campaigns_are_judged_at_the_simulated_time(tmp_path):
    event = {"Frequency": "EVENT", "StartTime": "2030-01-01T00:00:00Z", "QuietTime": {"Start": "00:00", "End": "02:00"}}
    report = run(tmp_path, stack(C=campaign(MessageConfiguration=EMAIL, Schedule=event)), QUIET_ENDPOINTS)
    treatment = report["campaigns"][0]["treatments"][0]
    assert treatment["send_at"] == AT.isoformat()
    assert treatment["in_quiet_time"] == 1  # LA: 00:00 at 08:00Z


def test_holdout_and_treatments_give_expected_shares_of_the_segment(tmp_path):
    configured = campaign(
        MessageConfiguration=EMAIL,
        HoldoutPercent=10,
        TreatmentName="main",
        AdditionalTreatments=[{"SizePercent": 30, "TreatmentName": "b", "MessageConfiguration": EMAIL}],
    )
    endpoints = [endpoint(f"e{i}") for i in range(20)] + [endpoint("sms", channel="SMS")]
    result = run(tmp_path, stack(C=configured), endpoints)["campaigns"][0]
    assert result["expected_holdout"] == 2.1  # 10% of the 21 segment members
    # each treatment's share of the 20 members the email reaches (the SMS endpoint gets nothing)
    assert [(t["name"], t["percent"], t["expected_recipients"]) for t in result["treatments"]] == [
        ("main", 60, 12),
        ("b", 30, 6),
    ]


# ---------------------------------------------------------------- rendering


def email_template(logical_id: str, name: str, **properties) -> dict:
    return {logical_id: {"Type": "AWS::Pinpoint::EmailTemplate", "Properties": {"TemplateName": name, **properties}}}


def test_each_endpoint_is_rendered_with_the_template_and_its_default_substitutions(tmp_path):
    template = email_template(
        "Welcome",
        "welcome",
        Subject="Hello {{User.UserAttributes.FirstName}}",
        HtmlPart="<p>{{Attributes.Plan}} plan</p>",
        DefaultSubstitutions=json.dumps({"User": {"UserAttributes": {"FirstName": "there"}}}),
    )
    configured = campaign(TemplateConfiguration={"EmailTemplate": {"Name": {"Ref": "Welcome"}}})
    endpoints = [
        endpoint("ann", User={"UserAttributes": {"FirstName": ["Ann"]}}, Attributes={"Group": ["in"], "Plan": ["pro"]}),
        endpoint("anon"),
    ]
    result = run(tmp_path, stack(C=configured, **template), endpoints, out=tmp_path / "out")["campaigns"][0]
    assert result["sample"]["template welcome"] == {
        "endpoint": "ann",
        "Subject": "Hello Ann",
        "HtmlPart": "<p>pro plan</p>",
    }
    # FirstName has a default; Plan has none, so anon's HTML prints it empty
    assert result["blank_variables"] == [
        {"message": "template welcome", "part": "HtmlPart", "variable": "Attributes.Plan", "endpoints": 1,
         "first": ["anon"]},
    ]  # fmt: skip
    folder = tmp_path / "out" / "messages" / "c" / "template_welcome"
    assert (folder / "anon.Subject.txt").read_text() == "Hello there"
    assert (folder / "anon.HtmlPart.html").read_text() == "<p> plan</p>"
    assert (tmp_path / "out" / "rendering-problems.csv").read_text().splitlines() == [
        "Source,Message,Part,Endpoint,Problem,Detail",
        "c,template welcome,HtmlPart,anon,empty variable,Attributes.Plan",
    ]
    assert (tmp_path / "out" / "segments" / "audience.csv").read_text().splitlines() == [
        "Id,ChannelType,Address",
        "ann,EMAIL,ann@example.com",
        "anon,EMAIL,anon@example.com",
    ]


def test_templates_that_cannot_render_are_listed_as_rendering_failures_for_every_endpoint(tmp_path):
    broken = email_template("Broken", "broken", Subject="{{#if x}}never closed", HtmlPart="<p>ok</p>")
    configured = campaign(TemplateConfiguration={"EmailTemplate": {"Name": {"Ref": "Broken"}}})
    missing = campaign(Name="m", TemplateConfiguration={"EmailTemplate": {"Name": "elsewhere"}})
    endpoints = [endpoint("a"), endpoint("b")]
    broken_result, missing_result = run(tmp_path, stack(C=configured, M=missing, **broken), endpoints)["campaigns"]
    (failure,) = broken_result["rendering_failures"]
    assert (failure["message"], failure["part"], failure["endpoints"]) == ("template broken", "Subject", 2)
    assert failure["reason"].startswith("does not compile: ")
    assert broken_result["sample"]["template broken"]["HtmlPart"] == "<p>ok</p>"
    (failure,) = missing_result["rendering_failures"]
    assert (failure["reason"], failure["endpoints"]) == ("template elsewhere is not in the assembly", 2)


def test_push_endpoints_read_their_own_channels_part_else_the_default(tmp_path):
    push = {
        "Push": {
            "Type": "AWS::Pinpoint::PushTemplate",
            "Properties": {
                "TemplateName": "push",
                "Default": {"Title": "Default", "Body": "for {{Address}}"},
                "APNS": {"Title": "Apple", "Body": "ios"},
            },
        }
    }
    configured = campaign(TemplateConfiguration={"PushTemplate": {"Name": {"Ref": "Push"}}})
    result = run(
        tmp_path, stack(C=configured, **push), [endpoint("ios", channel="APNS"), endpoint("droid", channel="GCM")]
    )
    folder_free = result["campaigns"][0]
    assert folder_free["eligible"] == 2
    (sample,) = folder_free["sample"].values()
    assert sample == {"endpoint": "ios", "Title": "Apple", "Body": "ios"}
    report = run(tmp_path, stack(C=configured, **push), [endpoint("droid", channel="GCM")])
    assert list(report["campaigns"][0]["sample"].values()) == [
        {"endpoint": "droid", "Title": "Default", "Body": "for droid@example.com"}
    ]


def test_deploy_time_and_outside_references_are_reported_not_guessed(tmp_path):
    outside = campaign(SegmentId="abc123", MessageConfiguration=EMAIL)
    based = {
        "Type": "AWS::Pinpoint::Segment",
        "Properties": {
            "ApplicationId": APP,
            "Name": "based",
            "SegmentGroups": {"Groups": [{"SourceSegments": [{"Id": {"Fn::ImportValue": "Other"}}]}]},
        },
    }
    report = run(tmp_path, stack(C=outside, Based=based), [endpoint("a")])
    assert report["campaigns"][0]["problem"] == "segment abc123 is not in the assembly"
    based_result = next(s for s in report["segments"] if s["segment"] == "based")
    assert based_result["matched"] == 0 and based_result["unknown"] == 1
    assert list(based_result["unknown_reasons"]) == [
        "base segment {'Fn::ImportValue': 'Other'} is known only at deploy time; Pinpoint alone knows its endpoints"
    ]


def test_an_imported_segment_is_its_file_when_given_and_unknown_otherwise(tmp_path):
    job = {
        "Type": "Custom::PinpointImportJob",
        "Properties": {"Request": json.dumps({"ImportJobRequest": {"SegmentName": "vips"}})},
    }
    vip_file = tmp_path / "vips.csv"
    vip_file.write_text("Id,ChannelType,Address\nb,EMAIL,b@example.com\n,EMAIL,c@example.com\nd,SMS,+1555\n")
    endpoints = [endpoint("a"), endpoint("b"), {"ChannelType": "EMAIL", "Address": "c@example.com"}]
    unknown = run(tmp_path, stack(Vips=job), endpoints)["segments"]
    assert [(s["segment"], s["matched"], s["unknown"]) for s in unknown] == [("audience", 2, 0), ("vips", 0, 3)]
    report = run(tmp_path, stack(Vips=job), endpoints, imported={"vips": vip_file})
    # b and c are matched in the endpoint file (by Id, by channel and address); d, only in the
    # import file, is registered by the import and joins the run once
    vips = report["segments"][1]
    assert (vips["segment"], vips["matched"], vips["first"]) == ("vips", 3, ["b", "EMAIL:c@example.com", "d"])
    assert (report["endpoints"]["read"], report["endpoints"]["only_in_import_files"]) == (3, 1)
    assert report["segments"][0]["matched"] == 2  # d has no Group attribute


# ---------------------------------------------------------------- journeys


def journey(activities: dict, start: str) -> dict:
    """A journey starting from Audience, its request joined around segment ids as CloudFormation holds it
    (``"@Name@"`` in ``activities`` stands for segment Name's id)."""
    request = {
        "Name": "j",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": "@Audience@"}},
        "Activities": activities,
        "StartActivity": start,
    }
    pieces = json.dumps(request).split("@")
    parts = [segment_ref(piece) if i % 2 else piece for i, piece in enumerate(pieces)]
    return {"Type": "Custom::PinpointJourney", "Properties": {"Request": {"Fn::Join": ["", parts]}}}


def test_a_journey_walk_decides_segment_splits_and_takes_both_ways_on_engagement(tmp_path):
    gold = {
        "Type": "AWS::Pinpoint::Segment",
        "Properties": {
            "ApplicationId": APP,
            "Name": "gold",
            "Dimensions": {"Attributes": {"Tier": {"AttributeType": "INCLUSIVE", "Values": ["gold"]}}},
        },
    }
    de = {"Location": {"Country": {"DimensionType": "INCLUSIVE", "Values": ["DE"]}}}
    activities = {
        "Hello": {"EMAIL": {"TemplateName": "t", "NextActivity": "Tier"}},
        "Tier": {
            "ConditionalSplit": {
                "Condition": {"Conditions": [{"SegmentCondition": {"SegmentId": "@Gold@"}}], "Operator": "ALL"},
                "TrueActivity": "Gold",
                "FalseActivity": "Where",
            }
        },
        "Gold": {"SMS": {"TemplateName": "s"}},
        "Where": {
            "MultiCondition": {
                "Branches": [
                    {"Condition": {"SegmentDimensions": de}, "NextActivity": "Germany"},
                    {"Condition": {"EventCondition": {"MessageActivity": "Hello"}}, "NextActivity": "Opened"},
                ],
                "DefaultActivity": "Rest",
            }
        },
        "Germany": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}},
        "Opened": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}},
        "Rest": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}},
    }  # fmt: skip
    templates = stack(Gold=gold, J=journey(activities, "Hello"))
    endpoints = [
        endpoint("gold-sms", channel="SMS", Attributes={"Group": ["in"], "Tier": ["gold"]}),
        endpoint("gold-email", Attributes={"Group": ["in"], "Tier": ["gold"]}, OptOut="ALL"),
        endpoint("de", Location={"Country": "DE"}),
        endpoint("fr", Location={"Country": "FR"}),
        endpoint("outside", group="out"),
    ]
    (result,) = run(tmp_path, templates, endpoints)["journeys"]
    assert result["entered"] == 4
    counts = {a: (c["reached"], c["sent"], c["undecided"]) for a, c in result["activities"].items()}
    assert counts == {
        "Hello": (4, 2, 0),  # EMAIL goes to de and fr; gold-email opted out, gold-sms is SMS
        "Tier": (4, 0, 0),
        "Gold": (2, 1, 0),  # SMS sent to gold-sms only
        "Where": (2, 0, 1),  # de takes Germany at once; fr meets the engagement branch (undecidable)
        "Germany": (1, 0, 0),
        "Opened": (1, 0, 0),
        "Rest": (1, 0, 0),  # fr, since no branch surely holds for it
    }
    assert 'a_Gold["SMS: Gold<br/>2 endpoint(s), 1 sent<br/>template s"]' in result["mermaid"]
    # each endpoint sent a message has it rendered: these templates are not in the assembly
    failures = [(f["message"], f["reason"], f["first"]) for f in result["rendering_failures"]]
    assert failures == [
        ("Gold (template s)", "template s is not in the assembly", ["gold-sms"]),
        ("Hello (template t)", "template t is not in the assembly", ["de", "fr"]),
    ]
    assert 'start(["Start: segment audience<br/>4 entered"])' in result["mermaid"]


# ---------------------------------------------------------------- CLI


def _assembly(tmp_path, templates: dict) -> str:
    out = tmp_path / "cdk.out"
    out.mkdir()
    artifacts = {}
    for name, template in templates.items():
        (out / f"{name}.template.json").write_text(json.dumps(template))
        artifacts[name] = {"type": "aws:cloudformation:stack", "properties": {"templateFile": f"{name}.template.json"}}
    (out / "manifest.json").write_text(json.dumps({"artifacts": artifacts}))
    return str(out)


def test_cli_prints_text_markdown_and_json(tmp_path, capsys):
    assembly = _assembly(tmp_path, stack(C=campaign(MessageConfiguration=EMAIL)))
    endpoints = tmp_path / "e.csv"
    endpoints.write_text("Id,ChannelType,Address,Attributes.Group\na,EMAIL,a@example.com,in\nb,FAX,x,in\n")
    args = ["simulate", assembly, "--endpoints", str(endpoints), "--at", "2030-03-02T08:00:00Z"]
    assert main([*args, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["endpoints"]["read"] == 1 and report["endpoints"]["bad_rows"] == 1
    assert main([*args, "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Dry run at 2030-03-02T08:00:00+00:00: 1 endpoint(s)")
    assert "- **audience**: 1 endpoint(s)" in markdown
    assert main(args) == 0
    text = capsys.readouterr().out
    assert f"{endpoints}:3: ChannelType 'FAX' is not one of" in text
    assert "- c (segment audience): 1 in segment; 1 eligible" in text


def test_cli_rejects_a_bad_time_and_missing_files(tmp_path):
    assembly = _assembly(tmp_path, stack())
    with pytest.raises(SystemExit, match="--at 'tomorrow' is not an ISO 8601 time"):
        main(["simulate", assembly, "--endpoints", assembly + "/manifest.json", "--at", "tomorrow"])
    with pytest.raises(SystemExit, match=r"nope\.csv: no such file"):
        main(["simulate", assembly, "--endpoints", "nope.csv"])
    manifest = f"{assembly}/manifest.json"
    with pytest.raises(SystemExit, match="--imported names no imported segment of the assembly: vips"):
        main(["simulate", assembly, "--endpoints", manifest, "--imported", f"vips={manifest}"])


def test_a_journey_whose_start_segment_is_outside_the_assembly_is_reported_and_entered_by_no_one(tmp_path):
    request = {"Name": "j", "StartCondition": {"SegmentStartCondition": {"SegmentId": "abc"}},
               "Activities": {"W": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}}}, "StartActivity": "W"}  # fmt: skip
    outside = {"Type": "Custom::PinpointJourney", "Properties": {"Request": json.dumps(request)}}
    (result,) = run(tmp_path, stack(J=outside), [endpoint("a")])["journeys"]
    assert (result["entered"], result["problem"]) == (0, "start segment abc is not in the assembly")
    assert result["activities"]["W"]["reached"] == 0
