"""``--endpoints``: each changed template rendered before and after for sample endpoints, with the
library's rendering engine (the one the custom channel and ``cdk-pinpoint render`` use)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..rendering import TemplateError, render
from .assembly import ReviewError
from .model import Preview, Review
from .words import TEMPLATE_TYPES, template_parts

# Parts that are data, not text a recipient reads.
_NOT_RENDERED = ("DefaultSubstitutions", "TemplateName", "Layout", "LanguageCode", "VoiceId")


def load_endpoints(path: str) -> dict[str, Any]:
    """Sample endpoints: a JSON object of name -> endpoint (message context), or a list of endpoints
    (named ``endpoint 1``, ``endpoint 2``... in order)."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ReviewError(f"--endpoints {path}: cannot read JSON: {exc}") from exc
    if isinstance(data, list):
        data = {f"endpoint {index}": endpoint for index, endpoint in enumerate(data, 1)}
    if not isinstance(data, dict) or not all(isinstance(e, dict) for e in data.values()):
        raise ReviewError(f"--endpoints {path}: expected an object of name -> endpoint, or a list of endpoints")
    return data


def add_previews(
    review: Review, base: dict[str, dict[str, Any]], head: dict[str, dict[str, Any]], endpoints: dict[str, Any]
) -> None:
    """Add to every changed or replaced template of ``review`` its renders that differ."""
    for stack in review.stacks:
        old_resources = base.get(stack.name, {}).get("Resources", {})
        new_resources = head.get(stack.name, {}).get("Resources", {})
        for change in stack.changes:
            if change.resource_type not in TEMPLATE_TYPES or change.action not in ("changed", "replaced"):
                continue
            old = template_parts(old_resources[change.logical_id], {})
            new = template_parts(new_resources[change.logical_id], {})
            for name, endpoint in sorted(endpoints.items()):
                for part in sorted(set(old) | set(new)):
                    if part in _NOT_RENDERED or old.get(part) == new.get(part):
                        continue
                    before = _render(old.get(part, ""), endpoint, old.get("DefaultSubstitutions"))
                    after = _render(new.get(part, ""), endpoint, new.get("DefaultSubstitutions"))
                    if before != after:
                        change.previews.append(Preview(name, part, before, after))


def _render(source: str, endpoint: dict[str, Any], defaults: str | None) -> str:
    try:
        return render(source, endpoint, defaults)
    except TemplateError as exc:
        return f"(does not render: {exc})"
