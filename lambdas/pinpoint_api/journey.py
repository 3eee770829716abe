"""Journeys: create, update and delete a Pinpoint journey in whatever state it is in.

- Create: find the journey by its deterministic name (a retried Create after a lost response
  adopts it) or create it as a DRAFT; then publish it if the template asks for ACTIVE. A failure
  after the create deletes the journey before failing, because CloudFormation never deletes a
  resource whose Create failed.
- Update: a DRAFT is updated in place. A change of State alone goes through UpdateJourneyState.
  Pinpoint cannot edit an ACTIVE or PAUSED journey, so anything else creates a new journey (a new
  physical id); CloudFormation then deletes the old one. ``OnActiveChange=FAIL`` refuses instead.
  A live journey cannot go back to DRAFT: that fails rather than replace (cancel) it with a draft.
  Pinpoint resumes a PAUSED journey only 5 minutes after the pause: a refused resume is retried for
  up to 2 minutes, then fails with that reason.
- Delete: cancel the journey if it is live, then delete it (``RetainOnDelete=true``: only cancel).
  A journey (or project) that no longer exists counts as deleted.

Throttling and 5xx errors are retried by the client (``common.CLIENT_CONFIG``).
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from botocore.exceptions import ClientError

from cdk_pinpoint._shared import journey_model
from cdk_pinpoint._shared.replacement import RULES

from .common import RequestError, Result, error_code, load_request, pinpoint_arn, sync_tags, tags_of

RULE = RULES["Journey"]
LIVE_STATES = RULE.live_states
# The only states CreateJourney and UpdateJourney accept.
WRITE_STATES = ("DRAFT", "ACTIVE")
SUFFIX_LENGTH = 8
CONFLICT_ATTEMPTS = 3
# Resuming within 5 minutes of a pause is refused (user guide, "Pause, resume, or stop a journey").
# The error is not documented; BadRequestException is Pinpoint's 400. 4 waits of 30 s fit well inside
# the provider's 5-minute timeout, which must never run out (CloudFormation would wait an hour).
RESUME_ATTEMPTS = 5
RESUME_WAIT_SECONDS = 30


def handle(event: dict[str, Any], client: Any) -> Result:
    properties = event["ResourceProperties"]
    application_id = properties["ApplicationId"]
    if event["RequestType"] == "Delete":
        journey_id = event["PhysicalResourceId"]
        delete(client, application_id, journey_id, retain=properties.get("RetainOnDelete") == "true")
        return Result(journey_id)
    request = load_request(properties)
    found = journey_model.problems(request)
    if found:
        raise RequestError(f"the journey request is invalid: {journey_model.describe(found)}")
    if event["RequestType"] == "Create":
        done = create(client, application_id, request, event)
    else:
        refused = RULE.refused_by is not None and properties.get(RULE.refused_by[0]) == RULE.refused_by[1]
        done = update(client, application_id, request, event, fail_on_live=refused)
    # WriteJourneyRequest has no tags: a new journey is tagged, a kept one has its tags brought up to date.
    kept = done.physical_id == event.get("PhysicalResourceId")
    old_tags = tags_of(event.get("OldResourceProperties", {})) if kept else {}
    arn = pinpoint_arn(event, f"apps/{application_id}/journeys/{done.physical_id}")
    try:
        sync_tags(client, arn, old_tags, tags_of(properties))
    except Exception as exc:
        if kept:
            raise
        # CloudFormation would never delete a journey whose request failed.
        cleanup = delete_quietly(client, application_id, done.physical_id)
        raise RequestError(f"tagging the new journey {done.physical_id} failed: {exc}; {cleanup}") from exc
    return done


def journey_name(base: str, event: dict[str, Any]) -> str:
    """``base`` plus a suffix that is the same for every retry of one CloudFormation request."""
    key = f"{event['StackId']}|{event['LogicalResourceId']}|{event['RequestId']}"
    suffix = hashlib.sha256(key.encode()).hexdigest()[:SUFFIX_LENGTH]
    return f"{base[: journey_model.MAX_NAME - SUFFIX_LENGTH - 1]}-{suffix}"


def create(client: Any, application_id: str, request: dict[str, Any], event: dict[str, Any]) -> Result:
    state = request.get("State", "DRAFT")
    if state not in WRITE_STATES:
        raise RequestError(
            f"a new journey can be DRAFT or ACTIVE, not {state}: deploy it ACTIVE first, then change its state"
        )
    name = journey_name(request["Name"], event)
    existing = find_by_name(client, application_id, name)
    if existing is None:
        body = {**request, "Name": name, "State": "DRAFT"}
        existing = client.create_journey(ApplicationId=application_id, WriteJourneyRequest=body)["JourneyResponse"]
    journey_id = existing["Id"]
    if state == "ACTIVE" and existing["State"] == "DRAFT":
        # Published in a second call: a failure here leaves only a draft, which is deleted.
        try:
            write(client, application_id, journey_id, {**request, "Name": name, "State": "ACTIVE"})
        except Exception as exc:
            cleanup = delete_quietly(client, application_id, journey_id)
            raise RequestError(f"publishing journey {name} ({journey_id}) failed: {exc}; {cleanup}") from exc
    return result(journey_id, application_id, state, name)


def update(
    client: Any, application_id: str, request: dict[str, Any], event: dict[str, Any], *, fail_on_live: bool
) -> Result:
    journey_id = event["PhysicalResourceId"]
    old_properties = event["OldResourceProperties"]
    if any(old_properties.get(name) != event["ResourceProperties"].get(name) for name in RULE.properties):
        return create(client, application_id, request, event)  # another project: a new journey
    old_request = load_request(old_properties)
    try:
        current = client.get_journey(ApplicationId=application_id, JourneyId=journey_id)["JourneyResponse"]
    except ClientError as exc:
        if error_code(exc) != "NotFoundException":
            raise
        return create(client, application_id, request, event)  # deleted outside CloudFormation
    state, name = current["State"], current["Name"]
    wanted = request.get("State", "DRAFT")
    same_definition = RULE.definition(old_request) == RULE.definition(request)

    if state == "DRAFT":
        if wanted not in WRITE_STATES:
            raise RequestError(f"journey {name} is a DRAFT; it must be ACTIVE before it can be {wanted}")
        write(client, application_id, journey_id, {**request, "Name": _keep_suffix(request["Name"], name)})
        return result(journey_id, application_id, wanted, name)
    if state in LIVE_STATES and wanted in RULE.refused_states:
        # Replacing it would cancel and delete the live journey and leave only a new draft.
        raise RequestError(
            f"journey {name} ({journey_id}) is {state} and a published journey cannot go back to DRAFT: keep "
            "its state ACTIVE or PAUSED, set it to CANCELLED to stop it, or give the journey a new construct id "
            "to start over from a new draft (the live journey is then cancelled and deleted)"
        )
    if same_definition:
        if wanted == state:
            return result(journey_id, application_id, wanted, name)
        if state in LIVE_STATES and wanted in (*LIVE_STATES, "CANCELLED"):
            set_state(
                client, application_id, journey_id, name, wanted, resuming=(state, wanted) == ("PAUSED", "ACTIVE")
            )
            return result(journey_id, application_id, wanted, name)
        if state not in LIVE_STATES and old_request.get("State", "DRAFT") == wanted:
            # Pinpoint ended the journey (CANCELLED, COMPLETED, CLOSED); the template did not change it.
            return result(journey_id, application_id, state, name)
    if state in LIVE_STATES and fail_on_live:
        raise RequestError(
            f"journey {name} ({journey_id}) is {state} and Pinpoint cannot edit a live journey; this change "
            "needs a new journey, which on_active_change=ActiveChange.FAIL forbids"
        )
    return create(client, application_id, request, event)


def write(client: Any, application_id: str, journey_id: str, body: dict[str, Any]) -> None:
    """UpdateJourney, retried when Pinpoint reports a conflicting concurrent change."""
    for attempt in range(CONFLICT_ATTEMPTS):
        try:
            client.update_journey(ApplicationId=application_id, JourneyId=journey_id, WriteJourneyRequest=body)
            return
        except ClientError as exc:
            if error_code(exc) != "ConflictException" or attempt == CONFLICT_ATTEMPTS - 1:
                raise
            time.sleep(2**attempt)


def set_state(client: Any, application_id: str, journey_id: str, name: str, state: str, *, resuming: bool) -> None:
    """UpdateJourneyState; a resume Pinpoint refuses is retried (it may be within 5 minutes of the pause)."""
    attempts = RESUME_ATTEMPTS if resuming else 1
    for attempt in range(attempts):
        try:
            client.update_journey_state(
                ApplicationId=application_id, JourneyId=journey_id, JourneyStateRequest={"State": state}
            )
            return
        except ClientError as exc:
            if not resuming or error_code(exc) != "BadRequestException":
                raise
            if attempt == attempts - 1:
                waited = RESUME_WAIT_SECONDS * (attempts - 1)
                raise RequestError(
                    f"resuming journey {name} ({journey_id}) failed after {attempts} tries over {waited} s: {exc}; "
                    "Pinpoint resumes a paused journey only 5 minutes after it was paused: deploy again after that"
                ) from exc
            time.sleep(RESUME_WAIT_SECONDS)


def delete(client: Any, application_id: str, journey_id: str, *, retain: bool) -> None:
    try:
        state = client.get_journey(ApplicationId=application_id, JourneyId=journey_id)["JourneyResponse"]["State"]
        if state in LIVE_STATES:
            client.update_journey_state(
                ApplicationId=application_id, JourneyId=journey_id, JourneyStateRequest={"State": "CANCELLED"}
            )
        if not retain:
            client.delete_journey(ApplicationId=application_id, JourneyId=journey_id)
    except ClientError as exc:
        if error_code(exc) != "NotFoundException":
            raise


def delete_quietly(client: Any, application_id: str, journey_id: str) -> str:
    """Delete a journey this request created; say what happened (the caller is already failing)."""
    try:
        client.delete_journey(ApplicationId=application_id, JourneyId=journey_id)
        return "the new journey was deleted"
    except Exception as exc:
        return f"deleting the new journey {journey_id} also failed ({exc}); delete it by hand"


def find_by_name(client: Any, application_id: str, name: str) -> dict[str, Any] | None:
    token = None
    while True:
        page = client.list_journeys(ApplicationId=application_id, PageSize="100", **({"Token": token} if token else {}))
        journeys = page["JourneysResponse"]
        for journey in journeys.get("Item", []):
            if journey.get("Name") == name:
                found: dict[str, Any] = journey
                return found
        token = journeys.get("NextToken")
        if not token:
            return None


def result(journey_id: str, application_id: str, state: str, name: str) -> Result:
    return Result(journey_id, {"JourneyId": journey_id, "ApplicationId": application_id, "State": state, "Name": name})


def _keep_suffix(base: str, current_name: str) -> str:
    """The new base name with the current journey's suffix (an in-place update keeps its identity)."""
    suffix = current_name.rsplit("-", 1)[-1] if "-" in current_name else ""
    if len(suffix) != SUFFIX_LENGTH:
        return base
    return f"{base[: journey_model.MAX_NAME - SUFFIX_LENGTH - 1]}-{suffix}"
