"""End to end: `cdk-pinpoint simulate` on the showcase app's synthesized assembly.

The endpoint file is generated from a few kinds of endpoint, each repeated a chosen number of
times, so every expected count below follows from the showcase's definitions (app.py) by hand.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import aws_cdk as cdk
import pytest

from cdk_pinpoint.cli import main

ROOT = Path(__file__).resolve().parents[2]

# kind -> (how many, endpoint fields). Sends: launch 09:00Z, evening 18:00Z; --at 2030-03-10T12:00Z.
BERLIN = {"City": ["Berlin"]}
KINDS = {
    "berlin": (7, {"ChannelType": "EMAIL", "Attributes": BERLIN, "tz": "Europe/Berlin", "name": "Ann"}),
    "berlin_la": (5, {"ChannelType": "EMAIL", "Attributes": BERLIN, "tz": "America/Los_Angeles", "name": "Bo"}),
    "berlin_tokyo": (2, {"ChannelType": "EMAIL", "Attributes": BERLIN, "tz": "Asia/Tokyo", "name": "Cy"}),
    "berlin_anonymous": (3, {"ChannelType": "EMAIL", "Attributes": BERLIN, "tz": "Europe/Berlin"}),
    "tester": (4, {"ChannelType": "EMAIL", "Attributes": {**BERLIN, "Role": ["tester"]}, "tz": "Europe/Berlin"}),
    "hamburg": (6, {"ChannelType": "EMAIL", "Attributes": {"City": ["Hamburg"]}, "tz": "Europe/Berlin", "name": "Di"}),
    "opted_out": (2, {"ChannelType": "EMAIL", "Attributes": BERLIN, "OptOut": "ALL", "name": "Ed"}),
    "inactive": (1, {"ChannelType": "EMAIL", "Attributes": BERLIN, "EndpointStatus": "INACTIVE"}),
    "sms_berlin": (8, {"ChannelType": "SMS", "Attributes": BERLIN, "tz": "Europe/Berlin", "name": "Fe"}),
    "sms_la": (3, {"ChannelType": "SMS", "tz": "America/Los_Angeles", "name": "Gu"}),
    "push": (4, {"ChannelType": "GCM", "Attributes": BERLIN, "tz": "Europe/Berlin", "name": "Ha"}),
}
BAD_ROWS = 3


def _endpoints() -> list[dict]:
    endpoints = []
    for kind, (count, fields) in KINDS.items():
        for i in range(count):
            endpoint = {"Id": f"{kind}-{i}", "ChannelType": fields["ChannelType"], "Address": f"{kind}-{i}@example.com"}
            for key in ("Attributes", "OptOut", "EndpointStatus"):
                if key in fields:
                    endpoint[key] = fields[key]
            if "tz" in fields:
                endpoint["Demographic"] = {"Timezone": fields["tz"]}
            if "name" in fields:
                endpoint["User"] = {"UserId": f"u-{kind}-{i}", "UserAttributes": {"FirstName": [fields["name"]]}}
            endpoints.append(endpoint)
    return endpoints


def _csv(endpoints: list[dict]) -> str:
    header = ["Id", "ChannelType", "Address", "OptOut", "EndpointStatus", "Demographic.Timezone",
              "Attributes.City", "Attributes.Role", "User.UserId", "User.UserAttributes.FirstName"]  # fmt: skip
    lines = [",".join(header)]
    for e in endpoints:
        attributes, user = e.get("Attributes", {}), e.get("User", {})
        row = [e["Id"], e["ChannelType"], e["Address"], e.get("OptOut", ""), e.get("EndpointStatus", ""),
               e.get("Demographic", {}).get("Timezone", ""), *(attributes.get(a, [""])[0] for a in ("City", "Role")),
               user.get("UserId", ""), user.get("UserAttributes", {}).get("FirstName", [""])[0]]  # fmt: skip
        lines.append(",".join(row))
    lines += ["EMAIL,no-id-and-too-short", "FAX,x,,,,,,,,", ",,,,,,,,,"]  # the BAD_ROWS
    return "\n".join(lines) + "\n"


def _ndjson(endpoints: list[dict]) -> str:
    lines = [json.dumps(e) for e in endpoints]
    lines += ["{broken", json.dumps({"ChannelType": "FAX", "Address": "x"}), json.dumps({"Address": "y"})]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def showcase_assembly(tmp_path_factory) -> str:
    spec = importlib.util.spec_from_file_location("_cdk_pinpoint_showcase_for_simulate", ROOT / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("showcase") / "cdk.out"
    module.build_app(cdk.App(outdir=str(out), context={"aws:cdk:bundling-stacks": []})).synth()
    return str(out)


def n(*kinds: str) -> int:
    return sum(KINDS[k][0] for k in kinds)


@pytest.mark.parametrize("form", ["csv", "ndjson"])
def test_showcase_counts_follow_from_its_definitions(showcase_assembly, tmp_path, capsys, form):
    endpoints = _endpoints()
    path = tmp_path / f"endpoints.{form}"
    path.write_text(_csv(endpoints) if form == "csv" else _ndjson(endpoints))
    assert main(["simulate", showcase_assembly, "--endpoints", str(path), "--at", "2030-03-10T12:00:00Z",
                 "--format", "json"]) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert report["endpoints"]["read"] == len(endpoints) and report["endpoints"]["bad_rows"] == BAD_ROWS

    segments = {s["segment"]: s for s in report["segments"]}
    berlin_email = ("berlin", "berlin_la", "berlin_tokyo", "berlin_anonymous", "opted_out", "inactive")
    assert segments["testers"]["matched"] == n("tester")
    assert segments["berlin-email"]["matched"] == n(*berlin_email)  # not testers, Hamburg, SMS or push
    assert segments["sms-users"]["matched"] == n("sms_berlin", "sms_la")
    assert (segments["vip-customers"]["matched"], segments["vip-customers"]["unknown"]) == (0, len(endpoints))

    campaigns = {c["campaign"]: c for c in report["campaigns"]}
    launch = campaigns["berlin-launch"]
    eligible = n("berlin", "berlin_la", "berlin_tokyo", "berlin_anonymous")
    assert (launch["in_segment"], launch["opted_out"], launch["inactive"], launch["eligible"]) == (
        n(*berlin_email), n("opted_out"), n("inactive"), eligible,
    )  # fmt: skip
    assert launch["expected_holdout"] == pytest.approx(n(*berlin_email) * 0.10, abs=0.05)
    (main_treatment,) = launch["treatments"]
    # 09:00Z is 01:00 in Los Angeles: inside the project's quiet time 22:00-07:00
    assert main_treatment["in_quiet_time"] == n("berlin_la")
    assert main_treatment["expected_recipients"] == pytest.approx((eligible - n("berlin_la")) * 0.9, abs=0.05)
    # the inline message has no default substitutions: anonymous endpoints read "Hallo " and nothing
    (blank,) = launch["blank_variables"]
    assert (blank["variable"], blank["endpoints"]) == ("User.UserAttributes.FirstName", n("berlin_anonymous"))
    assert launch["rendering_failures"] == []
    assert launch["sample"]["inline EmailMessage"] == {
        "endpoint": "berlin-0", "Subject": "Hallo Berlin", "HtmlPart": "<p>Hallo Ann</p>",
    }  # fmt: skip

    send_time = campaigns["berlin-send-time"]
    # morning 09:00Z: LA is quiet; evening 18:00Z: Tokyo (03:00) is quiet
    assert [(t["name"], t["in_quiet_time"]) for t in send_time["treatments"]] == [
        ("morning", n("berlin_la")),
        ("evening", n("berlin_tokyo")),
    ]

    thanks = campaigns["sale-thank-you"]  # event-triggered: judged at --at, 12:00Z is 04:00 in LA
    assert thanks["eligible"] == n("sms_berlin", "sms_la")
    assert thanks["treatments"][0]["in_quiet_time"] == n("sms_la")
    reminder = campaigns["webhook-reminder"]  # the custom channel renders the SMS template, defaults apply
    assert reminder["blank_variables"] == [] and reminder["rendering_failures"] == []
    assert reminder["sample"]["template showcase-reminder"]["Body"] == "Hi Fe, did you see our welcome email?"

    (journey,) = report["journeys"]
    assert journey["entered"] == n(*berlin_email)
    activities = journey["activities"]
    assert activities["SendWelcome"]["sent"] == eligible  # not the opted-out or inactive ones
    assert activities["Opened"]["undecided"] == n(*berlin_email)  # opened or not: only Pinpoint knows
    assert activities["ThankByPush"]["reached"] == activities["NudgeBySMS"]["reached"] == n(*berlin_email)
    assert activities["ThankByPush"]["sent"] == activities["NudgeBySMS"]["sent"] == 0  # email endpoints
    assert f"Start: segment berlin-email<br/>{n(*berlin_email)} entered" in journey["mermaid"]
    # the welcome email has default substitutions: nobody reads an empty name
    assert journey["blank_variables"] == [] and journey["rendering_failures"] == []
    assert journey["sample"]["SendWelcome (template showcase-welcome)"]["Subject"] == "Welcome, Ann"


def test_the_readme_sample_is_what_the_example_file_gives(showcase_assembly, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # the sample names the file relative to the repository
    readme = (ROOT / "README.md").read_text()
    sample = readme.split("## Dry run", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    args = ["simulate", showcase_assembly, "--endpoints", "examples/simulate/endpoints.csv"]
    assert main([*args, "--at", "2030-03-02T08:00:00Z"]) == 0
    output = capsys.readouterr().out.splitlines()
    missing = [line for line in sample.splitlines() if line not in output]
    assert missing == []
