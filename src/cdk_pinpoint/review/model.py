"""What a review found, as plain data: the formats in ``report`` read it, ``json`` dumps it as is."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: what ``--fail-on`` accepts: a replacement, a removal (destroy), a change the deploy will refuse
#: (failure), or any difference
FAIL_KINDS = ("replacement", "destroy", "failure", "any")


@dataclass
class LineDiff:
    """A unified diff of one text part (a template's HTML, a journey activity...)."""

    label: str
    diff: str


@dataclass
class Preview:
    """A changed template rendered for one sample endpoint, before and after."""

    endpoint: str
    part: str
    before: str
    after: str


@dataclass
class Change:
    """One resource added, removed, changed or replaced."""

    logical_id: str
    resource_type: str
    title: str
    action: str  # added | removed | changed | replaced
    pinpoint: bool
    asset_only: bool = False
    #: facts that changed, in words (``Criteria: ... Berlin → Munich ...``)
    details: list[str] = field(default_factory=list)
    line_diffs: list[LineDiff] = field(default_factory=list)
    previews: list[Preview] = field(default_factory=list)
    mermaid: str | None = None


@dataclass
class Consequence:
    """A replacement or removal, and what it costs in Pinpoint terms."""

    kind: str  # replacement | destroy | failure (the deploy will fail) | audience (a campaign's segment)
    logical_id: str
    title: str
    text: str


@dataclass
class StackReview:
    name: str
    #: doubts about the comparison itself (sides synthesized in different ways)
    warnings: list[str] = field(default_factory=list)
    consequences: list[Consequence] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def pinpoint(self) -> list[Change]:
        return [c for c in self.changes if c.pinpoint]

    @property
    def other(self) -> list[Change]:
        return [c for c in self.changes if not c.pinpoint]


@dataclass
class Review:
    stacks: list[StackReview]

    def counts(self) -> dict[str, int]:
        changes = [c for s in self.stacks for c in s.changes]
        counts = {
            action: sum(c.action == action for c in changes) for action in ("added", "removed", "changed", "replaced")
        }
        counts["asset_only"] = sum(c.asset_only for c in changes)
        return counts

    def has(self, kind: str) -> bool:
        """Whether the review holds a change of ``kind`` (one of ``FAIL_KINDS``)."""
        if kind == "any":
            return any(s.changes for s in self.stacks)
        return any(c.kind == kind for s in self.stacks for c in s.consequences)

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.counts(), "stacks": [asdict(s) for s in self.stacks]}
