"""Recommender model configurations: Create/Update/DeleteRecommenderConfiguration.

CloudFormation has no resource for them. The physical id is the id Pinpoint gives the
configuration on Create; an Update changes that configuration in place (every setting can be
updated, the Personalize campaign too); Delete deletes it, and one that is already gone counts as
deleted. The Request holds the ``CreateRecommenderConfiguration`` body, which has the same shape
as ``UpdateRecommenderConfiguration``.
"""

from __future__ import annotations

from typing import Any

from .common import RequestError, Result, error_code, load_request

REQUEST_KEY = "CreateRecommenderConfiguration"


def handle(event: dict[str, Any], client: Any) -> Result:
    request_type = event["RequestType"]
    if request_type == "Delete":
        return _delete(client, event["PhysicalResourceId"])
    body = load_request(event["ResourceProperties"]).get(REQUEST_KEY)
    if not isinstance(body, dict):
        raise RequestError(f"the Request has no {REQUEST_KEY} object")
    if request_type == "Create":
        response = client.create_recommender_configuration(CreateRecommenderConfiguration=body)
    elif request_type == "Update":
        response = client.update_recommender_configuration(
            RecommenderId=event["PhysicalResourceId"], UpdateRecommenderConfiguration=body
        )
    else:
        raise RequestError(f"unknown request type {request_type!r}")
    recommender_id = response["RecommenderConfigurationResponse"]["Id"]
    return Result(recommender_id, {"RecommenderId": recommender_id})


def _delete(client: Any, recommender_id: str) -> Result:
    try:
        client.delete_recommender_configuration(RecommenderId=recommender_id)
    except Exception as exc:
        if error_code(exc) != "NotFoundException":
            raise
    return Result(recommender_id)
