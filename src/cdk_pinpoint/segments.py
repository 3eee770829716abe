"""Segments: dimensional segments with typed dimensions and groups, imported segments."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from constructs import Node

from .project import IProject


@runtime_checkable
class ISegment(Protocol):
    """A Pinpoint segment, created here or imported. Campaigns and journeys take these."""

    @property
    def node(self) -> Node: ...

    @property
    def segment_id(self) -> str: ...

    @property
    def project(self) -> IProject:
        """The project the segment belongs to (campaigns and journeys must use the same one)."""
        ...
