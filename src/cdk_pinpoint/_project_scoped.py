"""Checks for constructs that belong to one project: channels and the event stream."""

from __future__ import annotations

from typing import Any

from constructs import Construct

from .errors import ConfigurationError, is_token
from .project import IProject


def require_project(project: Any, path: str) -> IProject:
    """``project`` if it is an :class:`IProject`; a :class:`ConfigurationError` at ``path`` otherwise."""
    if not isinstance(project, IProject):
        raise ConfigurationError(
            "project", project, "must be an IProject (a Project or an imported project)", path=path
        )
    return project


def check_one_per_project(claimant: Construct, project: IProject, resource_type: str) -> None:
    """Fail when another construct in the app already holds ``resource_type`` for ``project``.

    Pinpoint keeps one channel of each type, and one event stream, per project: a second resource
    would silently overwrite the first on deploy and delete it on removal. The claimant records its
    claim as ``_pinpoint_claim`` so later claimants find it.
    """
    claimant._pinpoint_claim = (resource_type, project)  # type: ignore[attr-defined]
    for other in claimant.node.root.node.find_all():
        if other is claimant:
            continue
        claim = getattr(other, "_pinpoint_claim", None)
        if claim is not None and claim[0] == resource_type and _same_project(claim[1], project):
            raise ConfigurationError(
                "project",
                project.node.path,
                f"already has an {resource_type} ({other.node.path}); Pinpoint allows one per project",
                path=claimant.node.path,
            )


def _same_project(a: IProject, b: IProject) -> bool:
    if a is b:
        return True
    # Two imports of one project id are the same project.
    return not is_token(a.project_id) and not is_token(b.project_id) and a.project_id == b.project_id
