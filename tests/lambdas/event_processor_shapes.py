"""Pinpoint event-stream records in the documented shapes, as Kinesis delivers them to Lambda.

Envelopes follow the Amazon Pinpoint developer guide ("Email events", "SMS events"): event_type,
timestamps, application.app_id, client.client_id (the endpoint id), awsAccountId, and for email
facets.email_channel.mail_event.mail.destination. The guide shows no bounce/complaint sub-object, so
those are modelled on the SES event it wraps; the processor does not read them.
"""

from __future__ import annotations

import base64
import json
from typing import Any

PROJECT_ID = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6"
ACCOUNT_ID = "123456789012"

EMAIL_DETAILS: dict[str, tuple[str, dict[str, Any]]] = {
    "_email.send": ("received", {"send": {}}),
    "_email.delivered": ("delivered", {"delivery": {"smtp_response": "250 ok", "recipients": []}}),
    "_email.open": ("opened", {"open": {"ip_address": "72.21.198.67", "user_agent": "Mozilla/5.0"}}),
    "_email.click": ("https://aws.amazon.com/pinpoint/", {"click": {"link": "https://aws.amazon.com/pinpoint/"}}),
    "_email.hardbounce": ("hardbounce", {"bounce": {"bounce_type": "Permanent", "bounce_sub_type": "General"}}),
    "_email.complaint": ("complaint", {"complaint": {"complaint_feedback_type": "abuse"}}),
    "_email.unsubscribe": ("unsubscribe", {"unsubscribe": {}}),
}


def email_event(
    event_type: str,
    *,
    endpoint_id: str = "endpoint-1",
    address: str = "recipient@example.com",
    app_id: str = PROJECT_ID,
) -> dict[str, Any]:
    feedback, details = EMAIL_DETAILS[event_type]
    mail = {
        "message_id": "0200000073rnbmd1-mbvdg3uo-q8ia-m3ku-ibd3-ms77kexample-000000",
        "message_send_timestamp": 1564618621380,
        "from_address": "sender@example.com",
        "destination": [address],
        "headers_truncated": False,
        "headers": [
            {"name": "From", "value": "sender@example.com"},
            {"name": "To", "value": address},
            {"name": "Subject", "value": "Amazon Pinpoint Test"},
            {"name": "MIME-Version", "value": "1.0"},
        ],
        "common_headers": {"from": "sender@example.com", "to": [address], "subject": "Amazon Pinpoint Test"},
    }
    return {
        "event_type": event_type,
        "event_timestamp": 1564618621380,
        "arrival_timestamp": 1564618622025,
        "event_version": "3.1",
        "application": {"app_id": app_id, "sdk": {}},
        "client": {"client_id": endpoint_id},
        "device": {"platform": {}},
        "session": {},
        "attributes": {"feedback": feedback, "campaign_id": "52dc44b35c4742c98c5935269example", "treatment_id": "0"},
        "awsAccountId": ACCOUNT_ID,
        "facets": {"email_channel": {"mail_event": {"mail": mail, **details}}},
    }


def sms_event(
    event_type: str,
    *,
    endpoint_id: str = "endpoint-1",
    phone_number: str = "+14255550199",
    app_id: str = PROJECT_ID,
) -> dict[str, Any]:
    record_status = {"_SMS.SUCCESS": "DELIVERED", "_SMS.BUFFERED": "SUCCESSFUL", "_SMS.OPTOUT": "OPTED_OUT"}
    return {
        "event_type": event_type,
        "event_timestamp": 1553104954322,
        "arrival_timestamp": 1553104954064,
        "event_version": "3.1",
        "application": {"app_id": app_id, "sdk": {}},
        "client": {"client_id": endpoint_id},
        "device": {"platform": {}},
        "session": {},
        "attributes": {
            "sender_request_id": "565d4425-4b3a-11e9-b0a5-example",
            "campaign_activity_id": "cbcfc3c5e3bd48a8ae2b9cb41example",
            "origination_phone_number": "+12065550142",
            "destination_phone_number": phone_number,
            "record_status": record_status.get(event_type, "DELIVERED"),
            "iso_country_code": "US",
            "treatment_id": "0",
            "number_of_message_parts": "1",
            "message_id": "1111-2222-3333",
            "message_type": "Transactional",
            "campaign_id": "52dc44b35c4742c98c5935269example",
        },
        "metrics": {"price_in_millicents_usd": 645.0},
        "awsAccountId": ACCOUNT_ID,
    }


def kinesis_record(data: dict[str, Any] | bytes, sequence_number: str) -> dict[str, Any]:
    """One record of a Lambda Kinesis event (data base64-encoded, as Lambda delivers it)."""
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": "1",
            "sequenceNumber": sequence_number,
            "data": base64.b64encode(raw).decode(),
            "approximateArrivalTimestamp": 1553104954.064,
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"shardId-000000000000:{sequence_number}",
        "eventName": "aws:kinesis:record",
        "awsRegion": "us-east-1",
        "eventSourceARN": f"arn:aws:kinesis:us-east-1:{ACCOUNT_ID}:stream/pinpoint-events",
    }


def kinesis_records(events: list[dict[str, Any] | bytes]) -> list[dict[str, Any]]:
    first = 49590338271490256608559692538361571095921575989136588898  # the shape of a real sequence number
    return [kinesis_record(event, str(first + i)) for i, event in enumerate(events)]
