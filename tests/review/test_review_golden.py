"""Golden tests of ``cdk-pinpoint diff``: each stack of tests/review/review_app.py holds one kind of
change; its Markdown review is a syrupy snapshot, and the facts a reviewer relies on are asserted
too, so a snapshot update cannot quietly lose them."""

from __future__ import annotations

import json

import pytest

from cdk_pinpoint.cli import main
from cdk_pinpoint.review.report import MAX_COMMENT, as_json, as_markdown, as_text

# Large is checked by test_a_change_too_large_for_one_comment_is_split (its comments are 40,000 characters each).
STACKS = ["Assets", "Campaigns", "Journeys", "Removals", "Renames", "Segments", "Templates", "Unchanged"]


@pytest.mark.parametrize("stack", STACKS)
def test_markdown_matches_golden(review_of, stack, snapshot):
    assert "\n".join(as_markdown(review_of(stack))) == snapshot


def test_segment_criteria_in_words(review_of):
    (change,) = review_of("Segments").stacks[0].changes
    assert change.details == ["Criteria: EMAIL endpoints whose City is Berlin → Munich, excluding segment testers"]


def test_template_parts_as_line_diffs(review_of):
    changes = {c.title: c for c in review_of("Templates").stacks[0].changes}
    html = changes["email template review-news"].line_diffs[0]
    assert html.label == "HtmlPart"
    assert "-<p>Our {{Attributes.Season}} sale starts on {{Attributes.Day}}.</p>" in html.diff.splitlines()
    assert "+<p>Our {{Attributes.Season}} sale begins on {{Attributes.Day}}.</p>" in html.diff.splitlines()
    assert len(html.diff.splitlines()) < 10  # the changed line with context, not the whole body
    assert changes["SMS template review-reminder"].details == [
        "Body: Hi {{User.UserAttributes.FirstName}}, the sale ends soon → tonight."
    ]


def test_campaign_schedule_treatments_and_audience(review_of):
    stack = review_of("Campaigns").stacks[0]
    changes = {c.title: c for c in stack.changes}
    assert changes["campaign send-time"].details == [
        "Hold-out: 10% → 20%",
        "Treatment morning share: 45% → 40%",
        "Treatment evening share: 45% → 40%",
        "Treatment evening schedule: once at 2030-03-02T18:00:00Z → 2030-03-02T19:00:00Z",
        "Limits.Daily: 2 → 3",
    ]
    assert [(c.kind, c.title) for c in stack.consequences] == [("audience", "campaign launch")]
    assert "segment everyone → vips" in stack.consequences[0].text


def test_live_journey_change_is_a_replacement_and_a_draft_is_not(review_of):
    stack = review_of("Journeys").stacks[0]
    actions = {c.logical_id.removeprefix("Journeys")[:4]: c.action for c in stack.changes}
    assert actions == {"Live": "replaced", "Draf": "changed"}
    (consequence,) = stack.consequences
    assert consequence.kind == "replacement" and "Live" in consequence.logical_id
    assert "the ACTIVE one is cancelled and deleted: participants start over" in consequence.text
    live = next(c for c in stack.changes if c.action == "replaced")
    assert live.details == [
        "State: ACTIVE (unchanged)",
        "Activity ThankByPush removed: Description Thank by push; PUSH.TemplateName review-thanks-push",
        "Activity ThankBySMS added: Description Thank by SMS; SMS.TemplateName review-thanks",
        "Activity Wait: Wait.NextActivity: ThankByPush → ThankBySMS",
        "Activity Wait: Wait.WaitTime.WaitFor: P2D → P3D",
    ]
    assert live.mermaid is not None
    assert "  class a_ThankBySMS added" in live.mermaid.splitlines()
    assert "  class a_Wait changed" in live.mermaid.splitlines()
    assert "  class a_ThankByPush removed" in live.mermaid.splitlines()


def test_renames_and_removals_are_consequences(review_of):
    renames = review_of("Renames").stacks[0]
    kinds = {(c.kind, c.title) for c in renames.consequences}
    assert ("replacement", "SMS template review-promo-2") in kinds
    removed = next(c for c in renames.consequences if c.kind == "destroy")
    assert removed.title == "segment customers" and "renamed to Buyers" in removed.text
    removals = review_of("Removals").stacks[0]
    texts = {c.title: c.text for c in removals.consequences}
    assert "it was the audience of campaign launch" in texts["segment berliners"]
    journey = next(t for title, t in texts.items() if title.startswith("journey "))
    assert journey.startswith("cancelled and deleted")


def test_asset_only_changes_are_counted_apart(review_of):
    review = review_of("Assets")
    (change,) = review.stacks[0].changes
    assert change.asset_only and not change.pinpoint and not review.stacks[0].consequences
    assert review.counts()["asset_only"] == 1
    assert "1 changed only by asset hashes" in as_text(review)


def test_unchanged_pair_says_no_changes_and_exits_0(assemblies, capsys):
    base, _ = assemblies
    assert main(["diff", str(base), str(base)]) == 0
    assert "no changes" in capsys.readouterr().out
    (comment,) = as_markdown(compare_same(base))
    assert "No changes." in comment


def compare_same(folder):
    from cdk_pinpoint.review import compare, stack_templates

    return compare(stack_templates(folder), stack_templates(folder))


def test_a_change_too_large_for_one_comment_is_split(review_of, snapshot):
    comments = as_markdown(review_of("Large"))
    # the outline of each comment: where it starts and ends, how long it is
    assert [(c.splitlines()[:3], len(c), c.splitlines()[-6:]) for c in comments] == snapshot
    assert len(comments) > 1
    assert all(len(comment) <= MAX_COMMENT for comment in comments)
    assert [c.splitlines()[0] for c in comments] == [
        f"<!-- cdk-pinpoint diff: Large {i}/{len(comments)} -->" for i in range(1, len(comments) + 1)
    ]
    # every section closes in the comment that opens it
    assert all(c.count("<details>") == c.count("</details>") for c in comments)


def test_json_has_the_same_content(review_of):
    data = json.loads(as_json(review_of("Journeys")))
    assert data["summary"] == {"added": 0, "removed": 0, "changed": 1, "replaced": 1, "asset_only": 0}
    (stack,) = data["stacks"]
    assert stack["consequences"][0]["kind"] == "replacement"
    assert {c["action"] for c in stack["changes"]} == {"replaced", "changed"}


def test_exit_status_and_fail_on(assemblies, tmp_path, capsys):
    base, head = assemblies
    assert main(["diff", str(base), str(head), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["summary"]["replaced"] >= 1
    # --fail-on: 1 only for the chosen kinds
    only_campaigns = [str(base / "Campaigns.template.json"), str(head / "Campaigns.template.json")]
    assert main(["diff", *only_campaigns, "--fail-on", "replacement"]) == 0
    assert main(["diff", *only_campaigns, "--fail-on", "any"]) == 1
    journeys = [str(base / "Journeys.template.json"), str(head / "Journeys.template.json")]
    assert main(["diff", *journeys, "--fail-on", "destroy"]) == 0
    assert main(["diff", *journeys, "--fail-on", "destroy", "--fail-on", "replacement"]) == 1
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "nowhere"), str(head)]) == 2
    assert "no such cloud assembly or template file" in capsys.readouterr().err


def test_markdown_comments_are_written_one_file_each(assemblies, tmp_path):
    base, head = assemblies
    main(["diff", str(base), str(head), "--format", "markdown", "--comments", str(tmp_path / "comments")])
    files = sorted((tmp_path / "comments").iterdir())
    assert len(files) == 8 + 2  # 8 stacks with changes, Large split in 3
    assert files[0].read_text().startswith("<!-- cdk-pinpoint diff: Assets 1/1 -->")


ENDPOINTS = {
    "Ana in Munich": {
        "User": {"UserAttributes": {"FirstName": ["Ana"], "City": ["Munich"]}},
        "Attributes": {"Season": "spring"},
    },
    "no attributes": {},
}


def test_template_previews_for_sample_endpoints(assemblies, tmp_path, capsys, snapshot):
    base, head = assemblies
    samples = tmp_path / "endpoints.json"
    samples.write_text(json.dumps(ENDPOINTS))
    sides = [str(base / "Templates.template.json"), str(head / "Templates.template.json")]
    assert main(["diff", *sides, "--endpoints", str(samples), "--format", "markdown"]) == 1
    out = capsys.readouterr().out
    assert out == snapshot
    # rendered with the endpoint's values, the template's defaults filling the gaps (Day: Monday)
    assert "-<p>Our spring sale starts on Monday.</p>\n+<p>Our spring sale begins on Monday.</p>" in out
    assert "+Hi Ana, the sale ends tonight." in out
    assert "<p>See you soon!</p>" in out  # the endpoint without a city


def test_one_resource_too_large_for_a_comment_is_cut_and_closed():
    from cdk_pinpoint.review import compare

    def template(word: str) -> dict:
        html = "\n".join(f"<p>{word} paragraph {i}</p>" for i in range(3000))
        defaults = json.dumps({f"Attribute{i}": word for i in range(3000)})
        properties = {"TemplateName": "t", "HtmlPart": html, "TextPart": html[3:], "DefaultSubstitutions": defaults}
        return {"Resources": {"T": {"Type": "AWS::Pinpoint::EmailTemplate", "Properties": properties}}}

    comments = as_markdown(compare({"S": template("old")}, {"S": template("new")}))
    assert len(comments) == 1 and len(comments[0]) <= MAX_COMMENT
    assert comments[0].count("```") % 2 == 0 and comments[0].rstrip().endswith("</details>")
    assert "the rest is left out: too long for one comment" in comments[0]
