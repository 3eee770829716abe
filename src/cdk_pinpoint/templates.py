"""Message templates: Email, SMS, Push and In-app (CloudFormation) and Voice (a custom resource)."""

from __future__ import annotations

import enum
from typing import Protocol, runtime_checkable

from constructs import Node


class TemplateKind(enum.Enum):
    """The channel a message template is for (Pinpoint's ``TemplateType``)."""

    EMAIL = "EMAIL"
    SMS = "SMS"
    PUSH = "PUSH"
    IN_APP = "INAPP"
    VOICE = "VOICE"


@runtime_checkable
class ITemplate(Protocol):
    """A Pinpoint message template, created here or imported. Campaigns and journeys take these."""

    @property
    def node(self) -> Node: ...

    @property
    def template_name(self) -> str:
        """The template's name (templates are account-wide, not per project)."""
        ...

    @property
    def template_kind(self) -> TemplateKind: ...

    @property
    def variables(self) -> frozenset[str]:
        """The message variables the template uses (empty for imported templates)."""
        ...
