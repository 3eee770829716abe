"""What constructs do with the values they are given: wait for the resources they name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from constructs import Node


class _HasNode(Protocol):
    @property
    def node(self) -> Node: ...


def depend_on_created(dependent: _HasNode, targets: Iterable[_HasNode]) -> None:
    """Make ``dependent`` wait for each target created in this app: CloudFormation then creates the
    target first and deletes it last. For what is referred to by a plain name (templates), which
    CloudFormation cannot see; an import has no resource to wait for, so it adds nothing."""
    seen: set[int] = set()
    for target in targets:
        if id(target) in seen:
            continue
        seen.add(id(target))
        # Created constructs hold their primary resource as the child "Resource" (cdk-style.md);
        # imported ones hold none.
        if target.node.try_find_child("Resource") is not None:
            dependent.node.add_dependency(target)
