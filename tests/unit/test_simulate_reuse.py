"""What simulate reuses instead of working out again, and that the report does not change for it.

* MessageRenderer keeps a rendering per combination of the values its templates read
  (``Template.inputs``); a message that reads more is rendered for every endpoint.
* CSV rows: campaign routes and renderings per combination of the cells they depend on
  (SharedDecisions), and endpoints built by a function generated for the header (_RowPlan).
"""

from __future__ import annotations

import json
import random

import pytest

from cdk_pinpoint.simulate import messages, simulate
from cdk_pinpoint.simulate import run as simulate_run
from cdk_pinpoint.simulate.endpoints import BadRow, Problems, _RowPlan, endpoint_key, read_endpoints
from cdk_pinpoint.simulate.messages import Message, MessageRenderer
from tests.unit.test_simulate import AT, campaign, email_template, segment_ref, stack
from tests.unit.test_simulate_shared import templates, write_endpoints

DEFAULTS = json.dumps({"User": {"UserAttributes": {"FirstName": "there", "Age": "0"}}, "Location": {"Country": "?"}})
PARTS = {
    "Subject": "Hi {{User.UserAttributes.FirstName}} ({{User.UserAttributes.FirstName.[1]}})",
    "HtmlPart": "{{#each Attributes.Interests}}<i>{{this}}</i>{{@index}}{{else}}none{{/each}}"
    '{{#and (gte User.UserAttributes.Age.[0] "18") (eq Location.Country "US")}}adult{{/and}}'
    "{{#with Location}}{{City}}/{{Country}}{{/with}}{{#each Attributes}}{{@key}}={{this}};{{/each}}",
    "TextPart": "{{Metrics.orders}} {{add Metrics.orders 1}} {{join Attributes.Interests '+'}}"
    " {{Demographic.Timezone}}",
}


def random_endpoint(rng: random.Random, i: int) -> dict:
    """Few distinct values (so renderings repeat), in every shape an attribute can take."""
    endpoint: dict = {"Id": f"e{i}", "ChannelType": "EMAIL", "Address": f"a{i}@example.com"}
    names = rng.choice([[], ["Ann"], ["Ann", "Bo"], "Ann", None, [""]])
    user_attributes = {"FirstName": names, "Age": rng.choice([["17"], ["30"], "30", [], None])}
    user_attributes = {k: v for k, v in user_attributes.items() if rng.random() < 0.8}
    endpoint["User"] = {"UserId": f"u{i}", "UserAttributes": user_attributes}
    if rng.random() < 0.8:
        endpoint["Attributes"] = {"Interests": rng.choice([["books"], ["books", "film"], [], "music"])}
    if rng.random() < 0.3:
        endpoint["Attributes"] = {**endpoint.get("Attributes", {}), "City": ["Berlin"]}
    location = rng.choice([{"Country": "US"}, {"Country": "DE", "City": "Berlin"}, {}, None])
    if location is not None:
        endpoint["Location"] = location
    if rng.random() < 0.7:
        endpoint["Metrics"] = {"orders": rng.choice([1, 2.0, 2, 2.5, True])}
    if rng.random() < 0.5:
        endpoint["Demographic"] = {"Timezone": rng.choice(["Europe/Berlin", ""])}
    return endpoint


def test_reused_renderings_are_the_renderings_of_each_endpoint() -> None:
    renderer = MessageRenderer(Message("template welcome", PARTS, DEFAULTS))
    assert renderer.inputs is not None
    rng = random.Random(7)
    endpoints = [random_endpoint(rng, i) for i in range(3000)]
    for endpoint in endpoints:
        assert renderer.render(endpoint) == renderer.render_anew(endpoint), endpoint
    # the comparison means something: renderings were reused, and they differ between endpoints
    assert renderer.reused > 100 and renderer.cache is not None and len(renderer.cache) < 3000
    assert len({renderer.render_anew(e).parts["HtmlPart"] for e in endpoints}) > 20
    assert any(renderer.render_anew(e).blanks for e in endpoints)


def test_values_that_print_alike_but_differ_are_not_confused() -> None:
    """1, 1.0 and True (and 0.0 and -0.0) are told apart; so are "a" and ["a"], a missing key and None."""
    renderer = MessageRenderer(Message("m", {"Body": "{{eq Metrics.n 1}} {{#if Metrics.n}}t{{/if}} {{Attributes.A}}"}))
    contexts = [
        {"Metrics": {"n": 1}},
        {"Metrics": {"n": 1.0}},
        {"Metrics": {"n": True}},
        {"Metrics": {"n": 0.0}},
        {"Metrics": {"n": -0.0}},
        {"Metrics": {}},
        {"Metrics": {"n": None}},
        {"Attributes": {"A": "a"}},
        {"Attributes": {"A": ["a"]}},
        {"Attributes": {"A": ["a", "b"]}},
    ]
    for context in contexts + contexts:
        assert renderer.render(context) == renderer.render_anew(context), context
    true, one = renderer.render({"Metrics": {"n": True}}), renderer.render({"Metrics": {"n": 1}})
    assert true.parts["Body"] != one.parts["Body"]


@pytest.mark.parametrize(
    "source", ["{{uuid}}", "{{now 'yyyy-MM-dd HH:mm:ss.SSS'}}", "{{#each .}}{{@key}}{{/each}}", "{{this}}"]
)
def test_a_message_reading_more_than_named_values_is_rendered_for_every_endpoint(source, monkeypatch) -> None:
    renderer = MessageRenderer(Message("m", {"Subject": "Hi {{Id}}", "Body": source}))
    assert renderer.inputs is None and renderer.cache is None
    calls = []
    monkeypatch.setattr(renderer, "render_anew", lambda endpoint: calls.append(endpoint) or messages.Rendered())
    for _ in range(3):
        renderer.render({"Id": "same"})
    assert len(calls) == 3


def test_the_cache_is_bounded_and_dropped_when_endpoints_rarely_share_a_rendering(monkeypatch) -> None:
    monkeypatch.setattr(MessageRenderer, "CACHE_ENTRIES", 8)
    unique = MessageRenderer(Message("m", {"Body": "{{Id}}"}))
    for i in range(8):
        unique.render({"Id": str(i)})
    assert unique.cache is not None and len(unique.cache) == 8
    unique.render({"Id": "8"})  # full, and nothing was reused: the cache goes
    assert unique.cache is None
    assert unique.render({"Id": "9"}).parts == {"Body": "9"}

    shared = MessageRenderer(Message("m", {"Body": "{{Id}}"}))
    for i in range(40):
        shared.render({"Id": str(i % 4)})
    shared.render({"Id": "new"})  # reused far more than not: kept, though nothing more is added
    for i in range(12):
        shared.render({"Id": f"new{i}"})
    assert shared.cache is not None and len(shared.cache) == 4 + 4


def test_the_cache_holds_at_most_cache_chars_of_text(monkeypatch) -> None:
    monkeypatch.setattr(MessageRenderer, "CACHE_CHARS", 1000)
    renderer = MessageRenderer(Message("m", {"Body": "{{Id}}" + "x" * 300}))
    for _ in range(10):
        renderer.render({"Id": "a"})  # reused, so the cache is kept
    for i in range(10):
        renderer.render({"Id": str(i)})
    assert renderer.cache is not None and renderer.cached_chars < 1000 + 310
    assert len(renderer.cache) == 4


# ------------------------------------------------------------------------- whole reports


def ndjson_copy(csv_path, ndjson_path) -> None:
    """The good rows of a CSV endpoint file as NDJSON."""
    with ndjson_path.open("w") as handle:
        for _line, endpoint in read_endpoints(csv_path, Problems()):
            handle.write(json.dumps(endpoint) + "\n")


def german_launch() -> dict:
    """A campaign to the German endpoints, quiet in Tokyo's evening: few combinations of the columns
    the rules read, so most rows share a membership; no journey (it reads every endpoint it may enter)."""
    resources = templates(missing_column=False)["Stack"]["Resources"]
    quiet = {"Start": "17:00", "End": "23:00"}
    schedule = {"Frequency": "ONCE", "StartTime": "2030-03-02T09:00:00Z", "QuietTime": quiet}
    properties = {**resources["Launch"]["Properties"], "SegmentId": segment_ref("German"), "Schedule": schedule}
    launch = {**resources["Launch"], "Properties": properties}
    return stack(German=resources["German"], Welcome=resources["Welcome"], Launch=launch)


@pytest.mark.parametrize("assembly", [templates(missing_column=False), german_launch()], ids=["every-rule", "german"])
def test_ndjson_reports_are_the_same_without_shared_memberships_or_reused_renderings(tmp_path, monkeypatch, assembly):
    write_endpoints(tmp_path / "a.csv", 3000, seed=3)
    ndjson_copy(tmp_path / "a.csv", tmp_path / "a.ndjson")
    shared = simulate(assembly, [tmp_path / "a.ndjson"], at=AT)
    monkeypatch.setattr(simulate_run.SharedDecisions, "KEEP", 0)  # every endpoint evaluated
    assert simulate(assembly, [tmp_path / "a.ndjson"], at=AT) == shared
    monkeypatch.setattr(MessageRenderer, "CACHE_ENTRIES", 0)  # and rendered anew
    assert simulate(assembly, [tmp_path / "a.ndjson"], at=AT) == shared
    launch = shared["campaigns"][0]
    assert launch["eligible"] > 100 and launch["sample"] and launch["blank_variables"]
    for result in shared["segments"]:
        if result["segment"] != "unknown":
            assert 0 < result["matched"] < shared["endpoints"]["read"], result["segment"]


def test_csv_campaign_messages_that_read_more_than_named_values_still_report_the_same(tmp_path, monkeypatch) -> None:
    """A message that reads the whole endpoint: its campaign's rows are built and observed one by one."""
    write_endpoints(tmp_path / "a.csv", 2000, seed=4)
    assembly = templates(missing_column=False)
    resources = assembly["Stack"]["Resources"]
    resources["Launch"]["Properties"]["MessageConfiguration"]["SMSMessage"]["Body"] = "{{#each .}}{{@key}};{{/each}}"
    resources.update(
        email_template("Plain", "plain", Subject="{{User.UserAttributes.FirstName}}", HtmlPart="{{Location.Country}}")
    )
    resources["Second"] = campaign(
        SegmentId=resources["Launch"]["Properties"]["SegmentId"],
        TemplateConfiguration={"EmailTemplate": {"Name": {"Ref": "Plain"}}},
    )
    shared = simulate(assembly, [tmp_path / "a.csv"], at=AT)
    monkeypatch.setattr(simulate_run.SharedDecisions, "KEEP", 0)
    assert simulate(assembly, [tmp_path / "a.csv"], at=AT) == shared
    launch, second = shared["campaigns"]
    assert any(s["part"] == "Body" for s in launch["blank_variables"]) or launch["sample"]["inline SMSMessage"]
    assert second["eligible"] > 50 and second["sample"]


def test_csv_rows_reuse_routes_and_renderings(tmp_path, monkeypatch) -> None:
    """Most rows are neither built nor rendered (what makes CSV fast), and the report is the general path's."""
    write_endpoints(tmp_path / "a.csv", 3000, seed=5)
    assembly = german_launch()
    builds, renders = [], []
    original_build = _RowPlan._builder

    def counting_builder(self):
        build = original_build(self)
        return lambda row: builds.append(1) or build(row)

    monkeypatch.setattr(_RowPlan, "_builder", counting_builder)
    original_render = MessageRenderer.render
    monkeypatch.setattr(MessageRenderer, "render", lambda self, e: renders.append(1) or original_render(self, e))
    report = simulate(assembly, [tmp_path / "a.csv"], at=AT)
    (result,) = report["campaigns"]
    assert result["eligible"] > 300
    assert len(renders) < result["eligible"] / 2
    assert len(builds) < report["endpoints"]["read"] / 2
    monkeypatch.setattr(simulate_run.SharedDecisions, "KEEP", 0)  # every row built and observed
    assert simulate(assembly, [tmp_path / "a.csv"], at=AT) == report
    assert result["opted_out"] > 0 and result["inactive"] > 0 and result["treatments"][0]["in_quiet_time"] > 0


# ------------------------------------------------------------------------- the generated row builder


def reference_build(header: list[str], row: list[str]) -> dict:
    """The endpoint of a CSV row, section by section (what the generated builder must give, keys in
    the same order): empty cells are absent; a repeated attribute column is several values, another
    repeated column is its last non-empty cell; numbers are floats (ValueError if not)."""
    cells = [(column.strip(), cell) for column, cell in zip(header, row, strict=True)]
    top = ("Id", "ChannelType", "Address", "EndpointStatus", "OptOut", "EffectiveDate", "RequestId")
    endpoint = {column: cell for column, cell in cells if column in top and cell}
    demographic = {c.split(".", 1)[1]: v for c, v in cells if c.startswith("Demographic.") and v}
    if demographic:
        endpoint["Demographic"] = demographic
    location = {c.split(".", 1)[1]: v for c, v in cells if c in ("Location.Country", "Location.City") and v}
    for column, cell in cells:
        if cell and (column.startswith("Metrics.") or column == "Location.Latitude"):
            target = location if column.startswith("Location.") else endpoint.setdefault("Metrics", {})
            target[column.split(".", 1)[1]] = float(cell)
    if location:
        endpoint["Location"] = location

    def multi(prefix: str) -> dict:
        keys = dict.fromkeys(c[len(prefix) :] for c, _ in cells if c.startswith(prefix))  # header order
        values = {key: [v for c, v in cells if c == prefix + key and v] for key in keys}
        return {key: found for key, found in values.items() if found}

    if multi("Attributes."):
        endpoint["Attributes"] = multi("Attributes.")
    user_ids = [cell for column, cell in cells if column == "User.UserId"]
    user = {"UserId": user_ids[-1]} if user_ids and user_ids[-1] else {}
    if multi("User.UserAttributes."):
        user["UserAttributes"] = multi("User.UserAttributes.")
    if user:
        endpoint["User"] = user
    return endpoint


COLUMNS = ["Id", "Address", "Address", "OptOut", "EffectiveDate", "Demographic.Timezone", "Demographic.Platform",
           "Location.Country", "Location.City", "Location.Latitude", "Metrics.orders", "Metrics.visits",
           "Attributes.Interests", "Attributes.City", "Attributes.it's \"odd\"", "User.UserId",
           "User.UserAttributes.FirstName", "User.UserAttributes.Age", " Id "]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_the_generated_builder_builds_what_the_columns_say(seed) -> None:
    rng = random.Random(seed)
    header = ["ChannelType", *rng.choices(COLUMNS, k=rng.randint(0, 12))]  # repeats included
    rng.shuffle(header)
    plan = _RowPlan(header, "e.csv", Problems())
    for _ in range(30):
        row = [rng.choice(["", "", "x", "y'\"", "2", "2.5"]) for _ in header]
        row[header.index("ChannelType")] = rng.choice(["EMAIL", "SMS"])
        try:
            expected = reference_build(header, row)
        except ValueError:
            for check in (plan.build, plan.check):
                with pytest.raises(BadRow, match="not a number"):
                    check(row)
            continue
        if "Address" not in expected:
            for check in (plan.build, plan.check):
                with pytest.raises(BadRow, match="Address is missing"):
                    check(row)
            continue
        built = plan.build(row)
        assert json.dumps(built) == json.dumps(expected), (header, row)  # keys in the same order too
        assert plan.key(row) == endpoint_key(built)
        plan.check(row)  # accepts what build accepts


def test_columns_reading_are_the_columns_at_above_or_below_a_path() -> None:
    header = ["Id", "ChannelType", "Address", "User.UserId", "User.UserAttributes.FirstName", "Attributes.City",
              "Location.Country", "Location.Latitude", "Shoe.Size", "Metrics.orders"]  # fmt: skip
    plan = _RowPlan(header, "e.csv", Problems())
    assert plan.columns_reading([("User",)]) == [3, 4]
    assert plan.columns_reading([("User", "UserAttributes", "FirstName", "0")]) == [4]
    assert plan.columns_reading([("Location", "Country"), ("Id",)]) == [0, 6]
    assert plan.columns_reading([("Shoe", "Size"), ("Metrics", "visits"), ("Attributes", "Cit")]) == []


def test_ndjson_shape_errors_name_the_field(tmp_path) -> None:
    good = {"ChannelType": "SMS", "Address": "+1", "Attributes": {"A": "one", "B": ["x", "y"]}, "Metrics": {"n": 1.5}}
    lines = [
        good,
        {**good, "User": None},
        {**good, "User": {"UserAttributes": []}},
        {**good, "User": {"UserAttributes": {"A": ["x", None]}}},
        {**good, "Attributes": {"A": "one", "B": ["x", 2]}},
        {**good, "Metrics": {"n": True}},
        {**good, "Location": {"Latitude": 1, "Country": "DE"}, "Demographic": {}},
        {**good, "ChannelType": ["SMS"]},
        {**good, "Address": 7},
    ]
    path = tmp_path / "e.ndjson"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    problems = Problems()
    assert [line for line, _ in read_endpoints(path, problems)] == [1, 7]
    assert [p.reason for p in problems.first] == [
        "User must be an object",
        "User.UserAttributes must be an object",
        "User.UserAttributes.A must be a list of strings, not ['x', None]",
        "Attributes.B must be a list of strings, not ['x', 2]",
        "Metrics.n is True, not a number",
        "ChannelType ['SMS'] is not one of ADM, APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, BAIDU, CUSTOM, "
        "EMAIL, GCM, IN_APP, PUSH, SMS, VOICE",
        "Address is missing",
    ]


def test_a_shared_row_is_named_where_its_rendering_is_the_first_or_shows_a_problem(tmp_path, monkeypatch) -> None:
    """The first row of the combination is opted out: the sample and the empty-name examples come from
    rows decided by look-up."""
    path = tmp_path / "a.csv"
    path.write_text(
        "Id,ChannelType,Address,OptOut,Location.Country,User.UserAttributes.FirstName,Attributes.Group,"
        "Attributes.Interests,Metrics.orders\n"
        "e1,EMAIL,a1,ALL,DE,Ann,in,books,1\n"
        "e2,EMAIL,a2,NONE,DE,Ann,in,books,1\n"  # nothing empty: named only as the first
        "e3,EMAIL,a3,NONE,DE,,in,books,\n"
        "e4,SMS,a4,ALL,DE,Bo,in,,\n"
        "e5,SMS,a5,NONE,DE,,,,\n"
    )
    shared = simulate(german_launch(), [path], at=AT)
    (launch,) = shared["campaigns"]
    assert launch["sample"]["template welcome"]["endpoint"] == "e2"
    assert launch["sample"]["inline SMSMessage"]["endpoint"] == "e5"
    blanks = {(b["part"], b["variable"]): b["first"] for b in launch["blank_variables"]}
    assert blanks[("Body", "Attributes.Group")] == ["e5"]
    assert blanks[("HtmlPart", "Metrics.orders")] == ["e3"]
    monkeypatch.setattr(simulate_run.SharedDecisions, "KEEP", 0)
    assert simulate(german_launch(), [path], at=AT) == shared


def test_csv_renderings_kept_count_against_the_messages_text_budget(tmp_path, monkeypatch) -> None:
    """With no room for text, no rendering is kept by SharedDecisions either: each row is rendered."""
    write_endpoints(tmp_path / "a.csv", 1500, seed=6)
    renders = []
    original_render = MessageRenderer.render
    monkeypatch.setattr(MessageRenderer, "render", lambda self, e: renders.append(1) or original_render(self, e))
    monkeypatch.setattr(MessageRenderer, "CACHE_CHARS", 0)
    report = simulate(german_launch(), [tmp_path / "a.csv"], at=AT)
    (launch,) = report["campaigns"]
    assert launch["eligible"] > 100
    assert len(renders) == launch["eligible"]  # one rendering per endpoint sent the message
    monkeypatch.setattr(simulate_run.SharedDecisions, "KEEP", 0)
    assert simulate(german_launch(), [tmp_path / "a.csv"], at=AT) == report
