"""The EndpointRetention selection function on a real S3 client (botocore's Stubber): it reads
the exported files (gzip or not, every page of the listing), keeps only due endpoints, stops at the
maximum and writes ids only."""

from __future__ import annotations

import gzip
import io
import json

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY
from endpoint_retention import handler

from cdk_pinpoint._shared.logs import structured

NOW = "2026-12-01T00:00:00Z"
EVENT = {"ExportPrefix": "exports/run-1/", "SelectionKey": "records/run-1/selected.jsonl", "Now": NOW}


def _endpoint(endpoint_id: str, opt_out: str = "NONE", effective: str = "2026-01-01T00:00:00Z") -> dict:
    return {
        "Id": endpoint_id,
        "Address": f"{endpoint_id}@example.com",
        "ChannelType": "EMAIL",
        "OptOut": opt_out,
        "EffectiveDate": effective,
        "User": {"UserAttributes": {"FirstName": ["Ada"]}},
    }


def _body(endpoints: list[dict], compress: bool) -> StreamingBody:
    data = "".join(json.dumps(e) + "\n" for e in endpoints).encode()
    if compress:
        data = gzip.compress(data)
    return StreamingBody(io.BytesIO(data), len(data))


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    monkeypatch.setenv("EXPORT_BUCKET", "exports")
    monkeypatch.setenv("RECORD_BUCKET", "records")
    monkeypatch.setenv("MAX_ENDPOINTS", "1000")
    monkeypatch.delenv("OPTED_OUT_DAYS", raising=False)


@pytest.fixture
def client():
    return boto3.client("s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")


def _expect_files(stubber, files: dict[str, list[dict]], pages: int = 1) -> None:
    keys = list(files)
    per_page = -(-len(keys) // pages)
    for page in range(pages):
        chunk = keys[page * per_page : (page + 1) * per_page]
        last = page == pages - 1
        params = {"Bucket": "exports", "Prefix": "exports/run-1/"}
        if page:
            params["ContinuationToken"] = f"t{page}"
        stubber.add_response(
            "list_objects_v2",
            {
                "Contents": [{"Key": k} for k in chunk],
                "IsTruncated": not last,
                **({} if last else {"NextContinuationToken": f"t{page + 1}"}),
            },
            params,
        )
        for key in chunk:
            stubber.add_response(
                "get_object", {"Body": _body(files[key], key.endswith(".gz"))}, {"Bucket": "exports", "Key": key}
            )


def _expect_selection(stubber, ids: list[str]) -> None:
    body = "".join(json.dumps({"Id": i}) + "\n" for i in ids).encode()
    stubber.add_response(
        "put_object",
        {},
        {"Bucket": "records", "Key": EVENT["SelectionKey"], "Body": body, "ContentType": "application/x-ndjson"},
    )


def test_every_exported_endpoint_of_every_file_and_page_is_selected_and_only_ids_are_written(client, stubber):
    _expect_files(
        stubber,
        {
            "exports/run-1/a.gz": [_endpoint("e1"), _endpoint("e2")],
            "exports/run-1/b.gz": [_endpoint("e3")],
            "exports/run-1/c": [_endpoint("e4")],
        },
        pages=2,
    )
    _expect_selection(stubber, ["e1", "e2", "e3", "e4"])
    result = handler.select(EVENT, client=client)
    assert result == {
        "Files": 3,
        "Scanned": 4,
        "Selected": 4,
        "Truncated": False,
        "SelectionKey": EVENT["SelectionKey"],
    }


def test_the_maximum_per_run_stops_the_selection(client, stubber, monkeypatch):
    monkeypatch.setenv("MAX_ENDPOINTS", "2")
    stubber.add_response(
        "list_objects_v2",
        {"Contents": [{"Key": "exports/run-1/a.gz"}, {"Key": "exports/run-1/b.gz"}], "IsTruncated": False},
        {"Bucket": "exports", "Prefix": "exports/run-1/"},
    )
    stubber.add_response(
        "get_object",
        {"Body": _body([_endpoint("e1"), _endpoint("e2"), _endpoint("e3")], True)},
        {"Bucket": "exports", "Key": "exports/run-1/a.gz"},
    )  # b.gz is never read
    _expect_selection(stubber, ["e1", "e2"])
    result = handler.select(EVENT, client=client)
    assert (result["Selected"], result["Truncated"], result["Files"]) == (2, True, 1)


def test_the_opt_out_rule_keeps_only_endpoints_opted_out_of_everything_for_long_enough(client, stubber, monkeypatch):
    monkeypatch.setenv("OPTED_OUT_DAYS", "30")
    _expect_files(
        stubber,
        {
            "exports/run-1/a.gz": [
                _endpoint("old-opt-out", "ALL", "2026-10-01T00:00:00Z"),
                _endpoint("recent-opt-out", "ALL", "2026-11-20T00:00:00Z"),
                _endpoint("subscribed", "NONE", "2026-01-01T00:00:00Z"),
                _endpoint("exactly-30-days", "ALL", "2026-11-01T00:00:00Z"),
            ]
        },
    )
    _expect_selection(stubber, ["old-opt-out", "exactly-30-days"])
    assert handler.select(EVENT, client=client)["Selected"] == 2


def test_an_empty_export_writes_an_empty_selection(client, stubber):
    stubber.add_response("list_objects_v2", {"IsTruncated": False}, {"Bucket": "exports", "Prefix": "exports/run-1/"})
    _expect_selection(stubber, [])
    assert handler.select(EVENT, client=client)["Selected"] == 0


def test_the_log_line_holds_counts_and_no_address(client, stubber, caplog):
    _expect_files(stubber, {"exports/run-1/a.gz": [_endpoint("e1")]})
    stubber.add_response("put_object", {}, {"Bucket": "records", "Key": ANY, "Body": ANY, "ContentType": ANY})
    handler.select(EVENT, client=client)
    (line,) = [structured(r) for r in caplog.records if r.name == "endpoint_retention"]
    assert line["message"] == "endpoints selected" and line["Selected"] == 1
    out = json.dumps(line)
    assert "@example.com" not in out and "Ada" not in out
