"""examples/ci/pinpoint-cdk.yml: the workflow we hand users does what its README promises."""

from pathlib import Path

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "ci" / "pinpoint-cdk.yml"


@pytest.fixture(scope="module")
def workflow():
    text = WORKFLOW.read_text()
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    data = yaml.safe_load(text)
    data["on"] = data.pop(True)
    return text, data


def _runs(job):
    return " ".join(step.get("run", "") for step in job["steps"])


def test_pull_requests_run_tests_then_diff_and_main_deploys(workflow):
    _, data = workflow
    assert set(data["on"]) == {"pull_request", "push"}
    assert data["on"]["push"]["branches"] == ["main"]
    jobs = data["jobs"]
    assert "pytest" in _runs(jobs["test"])
    assert jobs["diff"]["if"].startswith("github.event_name == 'pull_request' && ") and jobs["diff"]["needs"] == "test"
    assert "cdk@${{ env.CDK_CLI_VERSION }} diff" in _runs(jobs["diff"])
    assert "refs/heads/main" in jobs["deploy"]["if"] and jobs["deploy"]["needs"] == "test"
    assert "cdk@${{ env.CDK_CLI_VERSION }} deploy" in _runs(jobs["deploy"])


def _role(job):
    [configure] = [s for s in job["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials")]
    return configure["with"]["role-to-assume"]


def test_credentials_come_from_oidc_and_never_from_stored_keys(workflow):
    text, data = workflow
    assert data["permissions"] == {"contents": "read"}
    for name in ("diff", "deploy"):
        assert data["jobs"][name]["permissions"]["id-token"] == "write"
    assert "aws-access-key-id" not in text and "AWS_SECRET_ACCESS_KEY" not in text and "secrets." not in text


def test_pull_requests_never_get_the_deploy_role(workflow):
    _, data = workflow
    assert _role(data["jobs"]["diff"]) == "${{ vars.AWS_DIFF_ROLE_ARN }}"
    assert _role(data["jobs"]["deploy"]) == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"


def test_the_documented_trust_matches_the_deploy_jobs_oidc_subject():
    # A job that names an environment gets the subject repo:OWNER/REPO:environment:<name>.
    data = yaml.safe_load(WORKFLOW.read_text())
    readme = (WORKFLOW.parent / "README.md").read_text()
    environment = data["jobs"]["deploy"]["environment"]
    assert f"repo:OWNER/REPO:environment:{environment}" in readme
    assert "repo:OWNER/REPO:pull_request" in readme and "AWS_DIFF_ROLE_ARN" in readme


def test_cli_version_is_pinned_and_node_20_is_quiet(workflow):
    _, data = workflow
    version = data["env"]["CDK_CLI_VERSION"]
    assert version.count(".") == 2 and version.replace(".", "").isdigit()
    assert data["env"]["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] == "20"


def test_review_job_synthesizes_both_sides_without_credentials_or_write_access(workflow):
    _, data = workflow
    review = data["jobs"]["review"]
    assert review["if"] == "github.event_name == 'pull_request'" and review["permissions"] == {"contents": "read"}
    assert not [s for s in review["steps"] if "configure-aws-credentials" in s.get("uses", "")]
    runs = _runs(review)
    assert "${{ github.event.pull_request.base.sha }}" in runs
    # both sides by the pinned CDK CLI, each with its own requirements
    assert runs.count("npx --yes aws-cdk@${{ env.CDK_CLI_VERSION }} synth") == 2
    assert '"$RUNNER_TEMP/base/requirements.txt"' in runs
    assert 'cdk-pinpoint diff "$RUNNER_TEMP/base.out" "$RUNNER_TEMP/head.out" --format markdown' in runs
    assert "--comments review-comments $fail_on" in runs and "--fail-on $kind" in runs
    assert set(data["env"]["REVIEW_FAIL_ON"].split()) <= {"replacement", "destroy", "failure", "any"}


def test_review_comment_job_runs_no_pull_request_code(workflow):
    _, data = workflow
    job = data["jobs"]["review-comment"]
    assert job["needs"] == "review" and job["permissions"] == {"pull-requests": "write"}
    uses = [s.get("uses", "") for s in job["steps"]]
    assert not [u for u in uses if u.startswith("actions/checkout")]
    assert [u for u in uses if u.startswith("actions/github-script")]
    assert job["steps"][-1]["if"] == "needs.review.outputs.status == '1' && env.REVIEW_FAIL_ON != ''"


SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository"


def test_a_pull_request_from_a_fork_gets_no_diff_and_its_review_in_the_summary_not_in_comments(workflow):
    """A fork's token cannot comment and it gets no OIDC token: those steps are skipped, not failed."""
    _, data = workflow
    jobs = data["jobs"]
    assert jobs["diff"]["if"].endswith(f" && {SAME_REPOSITORY}")
    steps = jobs["review-comment"]["steps"]
    [post] = [s for s in steps if s.get("uses", "").startswith("actions/github-script")]
    assert post["if"] == SAME_REPOSITORY
    [summary] = [s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", "")]
    assert summary["if"] == SAME_REPOSITORY.replace("==", "!=")
    # the review itself, and its REVIEW_FAIL_ON check, run for forks too
    assert "full_name" not in jobs["review"]["if"] and "full_name" not in jobs["review-comment"]["if"]


def _comment_script(data) -> str:
    [step] = [
        s for s in data["jobs"]["review-comment"]["steps"] if s.get("uses", "").startswith("actions/github-script")
    ]
    return step["with"]["script"]


def test_comment_script_updates_in_place_creates_new_and_removes_stale(workflow, tmp_path):
    """The github-script step, run under node against a fake GitHub API."""
    import json
    import shutil
    import subprocess

    from cdk_pinpoint.review.report import MARKER

    if shutil.which("node") is None:
        pytest.skip("node is needed to run the workflow's comment script")
    _, data = workflow
    folder = tmp_path / "review-comments"
    folder.mkdir()
    marker = MARKER.format
    (folder / "comment-01.md").write_text(marker(stack="Api", part="1/1") + "\nnew Api")
    (folder / "comment-02.md").write_text(marker(stack="Web", part="1/1") + "\nnew Web")
    existing = [
        {"id": 1, "body": marker(stack="Api", part="1/1") + "\nold Api"},
        {"id": 2, "body": marker(stack="Old", part="1/1") + "\nstale"},
        {"id": 3, "body": "a human's comment"},
    ]
    runner = f"""
const calls = [];
const github = {{
  paginate: async () => {json.dumps(existing)},
  rest: {{ issues: {{
    listComments: null,
    updateComment: async (a) => calls.push(["update", a.comment_id, a.body]),
    createComment: async (a) => calls.push(["create", a.issue_number, a.body]),
    deleteComment: async (a) => calls.push(["delete", a.comment_id]),
  }} }},
}};
const context = {{ repo: {{ owner: "o", repo: "r" }}, issue: {{ number: 7 }} }};
(async () => {{ {_comment_script(data)}
  process.stdout.write(JSON.stringify(calls)); }})();
"""
    result = subprocess.run(["node", "-e", runner], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        ["update", 1, marker(stack="Api", part="1/1") + "\nnew Api"],
        ["create", 7, marker(stack="Web", part="1/1") + "\nnew Web"],
        ["delete", 2],
    ]
