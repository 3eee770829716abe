"""Which changes replace what: CloudFormation's schemas, the provider's rules, and what follows from them.
Hand-written templates keep each case to the one thing it shows."""

from __future__ import annotations

import json

import pytest

from cdk_pinpoint.cli import main
from cdk_pinpoint.review import compare
from cdk_pinpoint.review.rules import create_only_paths, custom_rule
from cdk_pinpoint.review.text import inline


def _journey(state: str, wait: str = "P1D", **options: str) -> dict:
    request = {
        "Name": "j",
        "State": state,
        "StartActivity": "w",
        "Activities": {"w": {"Wait": {"WaitTime": {"WaitFor": wait}}}},
    }
    properties = {"Kind": "Journey", "ApplicationId": {"Ref": "App"}, "Request": json.dumps(request), **options}
    return {"Type": "Custom::PinpointJourney", "Properties": properties}


def _app(name: str = "p") -> dict:
    return {"Type": "AWS::Pinpoint::App", "Properties": {"Name": name}}


def _review(old: dict, new: dict):
    (stack,) = compare({"S": {"Resources": old}}, {"S": {"Resources": new}}).stacks
    return stack


def test_create_only_properties_come_from_cloudformations_schemas():
    assert create_only_paths("AWS::Pinpoint::EmailTemplate") == (("TemplateName",),)
    assert create_only_paths("AWS::Pinpoint::Segment") == (("ApplicationId",),)
    assert create_only_paths("Custom::Anything") == ()
    assert custom_rule("Custom::PinpointJourney").live_states == ("ACTIVE", "PAUSED")
    assert custom_rule("Custom::PinpointImportJob").always
    assert custom_rule("AWS::Pinpoint::App") is None


def _import_job(s3_url: str, tags: dict | None = None) -> dict:
    properties = {"Kind": "ImportJob", "ApplicationId": {"Ref": "App"}, "Request": json.dumps({"S3Url": s3_url})}
    return {"Type": "Custom::PinpointImportJob", "Properties": {**properties, **({"Tags": tags} if tags else {})}}


def test_a_change_of_tags_alone_does_not_replace_an_import_job_but_a_new_file_does():
    app = _app()
    retagged = _review(
        {"App": app, "Job": _import_job("s3://b/a.csv")}, {"App": app, "Job": _import_job("s3://b/a.csv", {"t": "1"})}
    )
    assert {c.logical_id: c.action for c in retagged.changes} == {"Job": "changed"}
    moved = _review({"App": app, "Job": _import_job("s3://b/a.csv")}, {"App": app, "Job": _import_job("s3://b/b.csv")})
    assert {c.logical_id: c.action for c in moved.changes} == {"Job": "replaced"}


def test_a_replaced_project_replaces_what_is_created_in_it():
    segment = {"Type": "AWS::Pinpoint::Segment", "Properties": {"ApplicationId": {"Ref": "App"}, "Name": "s"}}
    stack = _review({"App": _app("old"), "Seg": segment}, {"App": _app("new"), "Seg": segment})
    assert {c.logical_id: c.action for c in stack.changes} == {"App": "replaced", "Seg": "replaced"}
    reasons = {c.logical_id: c.text for c in stack.consequences}
    assert reasons["App"].startswith("replaced because Name changes. A new project is created")
    assert reasons["Seg"].startswith("replaced because ApplicationId refers to App, which is replaced")


@pytest.mark.parametrize(
    ("old_state", "new_state", "wait", "action"),
    [
        ("ACTIVE", "ACTIVE", "P2D", "replaced"),
        ("PAUSED", "PAUSED", "P2D", "replaced"),
        ("DRAFT", "DRAFT", "P2D", "changed"),  # a draft is updated in place
        ("ACTIVE", "PAUSED", "P1D", "changed"),  # a change of state alone is made in place
    ],
)
def test_journey_replacement_follows_the_providers_rule(old_state, new_state, wait, action):
    stack = _review({"J": _journey(old_state)}, {"J": _journey(new_state, wait)})
    assert [c.action for c in stack.changes] == [action]
    assert [c.kind for c in stack.consequences] == (["replacement"] if action == "replaced" else [])


def test_a_live_journey_that_refuses_replacement_says_the_deploy_fails():
    stack = _review(
        {"J": _journey("ACTIVE", OnActiveChange="FAIL")}, {"J": _journey("ACTIVE", "P2D", OnActiveChange="FAIL")}
    )
    assert [c.kind for c in stack.consequences] == ["failure"] and stack.changes[0].action == "changed"
    assert "OnActiveChange=FAIL refuses: the deploy fails" in stack.consequences[0].text


def test_a_type_change_is_a_replacement():
    stack = _review({"X": {"Type": "AWS::SQS::Queue"}}, {"X": {"Type": "AWS::SNS::Topic"}})
    assert stack.changes[0].action == "replaced" and "its type changes" in stack.consequences[0].text


def test_inline_shows_mostly_different_texts_whole():
    assert inline("a b c d", "a b x d") == "a b c → x d"
    assert inline("one thing", "something else entirely") == "one thing → something else entirely"


def test_a_file_that_is_not_a_template_is_exit_2(tmp_path, capsys):
    (tmp_path / "a.json").write_text("[1, 2]")
    (tmp_path / "b.json").write_text("{not json")
    assert main(["diff", str(tmp_path / "a.json"), str(tmp_path / "a.json")]) == 2
    assert "not a CloudFormation template" in capsys.readouterr().err
    assert main(["diff", str(tmp_path / "b.json"), str(tmp_path / "a.json")]) == 2
    assert "cannot read JSON" in capsys.readouterr().err
    assert main(["diff", str(tmp_path)]) == 2
    assert "give BASE and HEAD" in capsys.readouterr().err


def test_the_diff_imports_no_aws_cdk_jsii_or_cfn_lint(assemblies, tmp_path):
    """The CLI stays fast: the review reads schema files, it does not import the libraries around them."""
    import subprocess
    import sys

    base, head = assemblies
    (tmp_path / "e.json").write_text(json.dumps({"someone": {}}))
    code = (
        "import sys; from cdk_pinpoint.cli import main; "
        f"status = main(['diff', {str(base)!r}, {str(head)!r}, '--endpoints', {str(tmp_path / 'e.json')!r}]); "
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'jsii', 'cfnlint', 'constructs')]; "
        "print(status, loaded, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "1 []"


def test_a_live_journey_set_back_to_draft_is_a_failure_not_a_replacement():
    stack = _review({"J": _journey("ACTIVE")}, {"J": _journey("DRAFT", "P2D")})
    assert [(c.kind, c.text) for c in stack.consequences] == [
        ("failure", "it is ACTIVE and cannot be set to DRAFT: the deploy fails (set it to CANCELLED to stop it)")
    ]
    assert main_fails_on("failure", stack)


def main_fails_on(kind, stack) -> bool:
    from cdk_pinpoint.review import Review

    return Review([stack]).has(kind)


def test_sides_synthesized_in_different_ways_are_called_out():
    queue = {"Type": "AWS::SQS::Queue", "Metadata": {"aws:cdk:path": "S/Queue/Resource"}}
    by_cli = {"Resources": {"Q": queue, "CDKMetadata": {"Type": "AWS::CDK::Metadata"}}}
    plain = {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}
    (stack,) = compare({"S": plain}, {"S": by_cli}).stacks
    assert not stack.changes  # metadata is not deployed...
    assert "look synthesized in different ways" in stack.warnings[0]  # ...but the reader is told
    (same,) = compare({"S": by_cli}, {"S": by_cli}).stacks
    assert same.warnings == []


def test_a_resource_that_refers_to_a_replaced_one_changes_with_it():
    def template(name: str) -> dict:
        return {"Type": "AWS::Pinpoint::EmailTemplate", "Properties": {"TemplateName": name, "Subject": "s"}}

    configuration = {"EmailTemplate": {"Name": {"Ref": "T"}}}
    campaign = {
        "Type": "AWS::Pinpoint::Campaign",
        "Properties": {"ApplicationId": "a", "TemplateConfiguration": configuration},
    }
    stack = _review({"T": template("old"), "C": campaign}, {"T": template("new"), "C": campaign})
    changes = {c.logical_id: c for c in stack.changes}
    assert changes["T"].action == "replaced"
    assert changes["C"].action == "changed"
    assert changes["C"].details == ["refers to the new email template new (T), which is replaced"]
