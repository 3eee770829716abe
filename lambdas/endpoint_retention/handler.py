"""Select the endpoints an export job wrote that are due for deletion (``EndpointRetention``).

Step Functions calls this once per run, after Pinpoint's export job completed. It reads the
exported files (newline-delimited JSON endpoints, gzip-compressed when the key ends in ``.gz``)
one line at a time, keeps the ids of the endpoints that pass the optional opt-out rule, stops at
``MAX_ENDPOINTS``, and writes the ids (``{"Id": ...}`` per line, nothing else: no addresses, no
attributes) to the record bucket. The state machine deletes those ids in a distributed map.

Logs hold counts only: the exported files are personal data.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from cdk_pinpoint._shared import logs
from cdk_pinpoint._shared.logs import log

LOG = logs.handler_logger("endpoint_retention")
# Standard mode retries throttling and 5xx with backoff.
CLIENT_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 5})


@cache
def s3_client() -> Any:
    """One client per container: creating one costs tens of milliseconds per invocation."""
    return boto3.client("s3", config=CLIENT_CONFIG)


def select(event: dict[str, Any], context: Any = None, *, client: Any = None) -> dict[str, Any]:
    """``event``: ``ExportPrefix`` (the run's key prefix in the export bucket), ``SelectionKey``
    (where the ids go in the record bucket) and ``Now`` (the execution's start, ISO 8601)."""
    client = client or s3_client()
    export_bucket = os.environ["EXPORT_BUCKET"]
    maximum = int(os.environ["MAX_ENDPOINTS"])
    opted_out_days = os.environ.get("OPTED_OUT_DAYS")
    cutoff = _instant(event["Now"]) - timedelta(days=float(opted_out_days)) if opted_out_days else None
    selected: list[str] = []
    scanned = files = 0
    for key in _keys(client, export_bucket, event["ExportPrefix"]):
        files += 1
        for endpoint in _endpoints(client, export_bucket, key):
            scanned += 1
            if _due(endpoint, cutoff):
                selected.append(endpoint["Id"])
                if len(selected) >= maximum:
                    break
        if len(selected) >= maximum:
            break
    body = "".join(json.dumps({"Id": endpoint_id}) + "\n" for endpoint_id in selected)
    client.put_object(
        Bucket=os.environ["RECORD_BUCKET"],
        Key=event["SelectionKey"],
        Body=body.encode(),
        ContentType="application/x-ndjson",
    )
    result = {
        "Files": files,
        "Scanned": scanned,
        "Selected": len(selected),
        "Truncated": len(selected) >= maximum,
        "SelectionKey": event["SelectionKey"],
    }
    log(LOG, logging.INFO, "endpoints selected", **result)
    return result


def _due(endpoint: dict[str, Any], opted_out_before: datetime | None) -> bool:
    """Every exported endpoint is in the segment; with an opt-out rule, it must also have opted out
    of everything (``OptOut`` ALL) and be unchanged since ``opted_out_before``."""
    if not isinstance(endpoint.get("Id"), str):
        return False
    if opted_out_before is None:
        return True
    effective = endpoint.get("EffectiveDate")
    return endpoint.get("OptOut") == "ALL" and isinstance(effective, str) and _instant(effective) <= opted_out_before


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _keys(client: Any, bucket: str, prefix: str) -> Iterator[str]:
    token = None
    while True:
        page = client.list_objects_v2(Bucket=bucket, Prefix=prefix, **({"ContinuationToken": token} if token else {}))
        for item in page.get("Contents", []):
            if not item["Key"].endswith("/"):
                yield item["Key"]
        token = page.get("NextContinuationToken")
        if not page.get("IsTruncated") or not token:
            return


def _endpoints(client: Any, bucket: str, key: str) -> Iterator[dict[str, Any]]:
    body = client.get_object(Bucket=bucket, Key=key)["Body"]
    lines: Iterator[str] = (
        io.TextIOWrapper(gzip.GzipFile(fileobj=body), encoding="utf-8")
        if key.endswith(".gz")
        else (line.decode("utf-8") for line in body.iter_lines())
    )
    for line in lines:
        if line.strip():
            yield json.loads(line)
