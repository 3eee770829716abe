"""The RecommenderConfiguration custom resource against Pinpoint's real model (botocore's Stubber):
create returns Pinpoint's id, update changes it in place, delete tolerates a missing one."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from pinpoint_api import handler, recommender
from pinpoint_api.common import RequestError, Result

BODY = {
    "Name": "products",
    "RecommendationProviderUri": "arn:aws:personalize:us-east-1:123456789012:campaign/products",
    "RecommendationProviderRoleArn": "arn:aws:iam::123456789012:role/read-personalize",
    "RecommendationProviderIdType": "PINPOINT_ENDPOINT_ID",
    "RecommendationsPerMessage": 3,
    "RecommendationsDisplayName": "Products",
}
RESPONSE = {
    "RecommenderConfigurationResponse": {
        "Id": "rec-1",
        "CreationDate": "2026-01-01T00:00:00Z",
        "LastModifiedDate": "2026-01-01T00:00:00Z",
        "RecommendationProviderUri": BODY["RecommendationProviderUri"],
        "RecommendationProviderRoleArn": BODY["RecommendationProviderRoleArn"],
    }
}


def _event(request_type: str, physical_id: str | None = None, body: dict | None = None) -> dict:
    event = {
        "RequestType": request_type,
        "ResourceProperties": {
            "Kind": "RecommenderConfiguration",
            "Request": json.dumps({"CreateRecommenderConfiguration": body if body is not None else BODY}),
        },
    }
    if physical_id:
        event["PhysicalResourceId"] = physical_id
    return event


def test_the_provider_dispatches_the_kind_to_this_module(client, stubber):
    stubber.add_response("create_recommender_configuration", RESPONSE, {"CreateRecommenderConfiguration": BODY})
    assert handler.dispatch(_event("Create"), client) == Result("rec-1", {"RecommenderId": "rec-1"})


def test_update_changes_the_configuration_in_place(client, stubber):
    changed = {**BODY, "RecommendationsPerMessage": 5}
    stubber.add_response(
        "update_recommender_configuration",
        RESPONSE,
        {"RecommenderId": "rec-1", "UpdateRecommenderConfiguration": changed},
    )
    assert recommender.handle(_event("Update", "rec-1", changed), client).physical_id == "rec-1"


def test_delete_deletes_the_configuration_named_by_the_physical_id(client, stubber):
    stubber.add_response("delete_recommender_configuration", RESPONSE, {"RecommenderId": "rec-1"})
    assert recommender.handle(_event("Delete", "rec-1"), client) == Result("rec-1")


def test_deleting_a_configuration_that_is_gone_succeeds(client, stubber):
    stubber.add_client_error("delete_recommender_configuration", "NotFoundException", "not found", 404)
    assert recommender.handle(_event("Delete", "rec-1"), client) == Result("rec-1")


def test_any_other_delete_error_fails(client, stubber):
    stubber.add_client_error("delete_recommender_configuration", "ForbiddenException", "denied", 403)
    with pytest.raises(ClientError, match="denied"):
        recommender.handle(_event("Delete", "rec-1"), client)


def test_pinpoints_rejection_of_a_create_fails_with_its_message(client, stubber):
    stubber.add_client_error("create_recommender_configuration", "BadRequestException", "Campaign not found", 400)
    with pytest.raises(ClientError, match="Campaign not found"):
        recommender.handle(_event("Create"), client)


def test_a_request_without_the_body_is_refused_before_any_call(client, stubber):
    event = _event("Create")
    event["ResourceProperties"]["Request"] = json.dumps({"Other": {}})
    with pytest.raises(RequestError, match="no CreateRecommenderConfiguration"):
        recommender.handle(event, client)
