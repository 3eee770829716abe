"""The one-per-project check of channels and the event stream."""

from __future__ import annotations

from constructs import Construct

from ._project_base import IProject
from .errors import ConfigurationError, is_token


def check_one_per_project(claimant: Construct, project: IProject, resource_type: str) -> None:
    """Fail when another construct in the app already holds ``resource_type`` for ``project``.

    Pinpoint keeps one channel of each type, and one event stream, per project: a second resource
    would silently overwrite the first on deploy and delete it on removal. Claims are kept on the
    app's root construct: two jsii reads per claim, where walking the construct tree would make a
    Python proxy for every construct in the app.
    """
    root = claimant.node.root
    claims: dict[tuple[str, object], Construct] | None = getattr(root, "_pinpoint_claims", None)
    if claims is None:
        claims = {}
        root._pinpoint_claims = claims  # type: ignore[attr-defined]
    key = (resource_type, _project_key(project))
    other = claims.get(key)
    if other is not None:
        raise ConfigurationError(
            "project",
            project.node.path,
            f"already has an {resource_type} ({other.node.path}); Pinpoint allows one per project",
            path=claimant.node.path,
        )
    claims[key] = claimant


def _project_key(project: IProject) -> object:
    """Two imports of one project id are the same project; otherwise each project object is its own
    (the claimant holds its project, so the id stays unique while the claim exists)."""
    return project.project_id if not is_token(project.project_id) else id(project)
