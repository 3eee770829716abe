"""Test-wide settings: no network, no credentials, no Docker; quiet jsii under Node 20."""

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

# Node 20 is what CI has; jsii prints an end-of-life banner on every import without this.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
# No __pycache__ inside Lambda handler directories (it would change asset hashes).
os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
# boto3 clients built by handler code under test must never find real credentials or a region.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.pop("AWS_PROFILE", None)


@pytest.fixture
def client() -> Any:
    """A Pinpoint client for handler and CLI code under test (a module may override it with another
    service's client); never reaches AWS: every call goes through ``stubber``."""
    return boto3.client("pinpoint", region_name="us-east-1")


@pytest.fixture
def stubber(client: Any) -> Iterator[Stubber]:
    """botocore's Stubber on ``client``; the test fails if a response it queued was never asked for."""
    with Stubber(client) as stub:
        yield stub
        stub.assert_no_pending_responses()
