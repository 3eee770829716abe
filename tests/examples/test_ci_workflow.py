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
    assert jobs["diff"]["if"] == "github.event_name == 'pull_request'" and jobs["diff"]["needs"] == "test"
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
