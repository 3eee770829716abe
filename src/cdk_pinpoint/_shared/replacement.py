"""When an update of a cdk-pinpoint custom resource replaces it: the handler returns a new physical
id (a new Pinpoint resource) and CloudFormation then deletes the old one.

This is the one statement of those rules. The handlers decide with it, and ``cdk-pinpoint diff``
(``cdk_pinpoint.review``) reads it to say, before a deploy, which changes replace what. It lives in
``cdk_pinpoint._shared`` (copied into every Lambda asset) and imports only the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Replacement:
    """What makes an update of one ``Kind`` a replacement."""

    #: every update is a replacement
    always: bool = False
    #: resource properties (outside ``Request``) whose change is a replacement
    properties: tuple[str, ...] = ()
    #: the ``Request`` field that is the physical id: a new value is a new resource
    name_field: str | None = None
    #: while the resource is in one of these states, any other change of the ``Request`` is a replacement...
    live_states: tuple[str, ...] = ()
    #: ...except a change of these fields alone, made in place
    in_place_fields: tuple[str, ...] = ()
    #: (property, value) that makes the handler refuse such a replacement (the deploy fails instead)
    refused_by: tuple[str, str] | None = None
    #: states a live resource cannot be given: the handler fails rather than replace it
    refused_states: tuple[str, ...] = ()

    def definition(self, request: dict[str, Any]) -> dict[str, Any]:
        """The part of a request whose change replaces a live resource."""
        return {key: value for key, value in request.items() if key not in self.in_place_fields}


_TEMPLATE = Replacement(name_field="TemplateName")

#: the property that holds a resource's tags: a change of it alone is made in place, whatever the kind
TAGS_PROPERTY = "Tags"

#: by the custom resource's ``Kind`` property (its type is ``Custom::Pinpoint<Kind>``)
RULES = {
    # Pinpoint cannot edit an ACTIVE or PAUSED journey: a new one is created, the old one cancelled and deleted.
    "Journey": Replacement(
        properties=("ApplicationId",),
        live_states=("ACTIVE", "PAUSED"),
        in_place_fields=("State",),
        refused_by=("OnActiveChange", "FAIL"),
        refused_states=("DRAFT",),  # a published journey cannot go back to DRAFT
    ),
    "EmailTemplate": _TEMPLATE,
    "PushTemplate": _TEMPLATE,
    "VoiceTemplate": _TEMPLATE,
    # Every create or update runs a new import job, which defines a new segment (a change of tags alone
    # does not: the segment is retagged).
    "ImportJob": Replacement(always=True),
}
