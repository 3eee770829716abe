"""Compare two synthesized sides, stack by stack and resource by resource."""

from __future__ import annotations

import json
import re
from typing import Any

from .._shared import replacement
from . import rules
from .journeys import activity_changes
from .model import Change, Consequence, LineDiff, Review, StackReview
from .text import MAX_INLINE, facts_diff, line_diff
from .words import (
    SEGMENT_TYPES,
    TEMPLATE_TYPES,
    facts_of,
    is_pinpoint,
    lines_of,
    names_of,
    request_of,
    template_parts,
)

# What a deploy acts on; Metadata (construct paths, asset paths) and DependsOn change nothing deployed.
_DEPLOYED_KEYS = ("Type", "Properties", "DeletionPolicy", "UpdateReplacePolicy", "Condition")
_IGNORED_TYPES = frozenset(("AWS::CDK::Metadata",))
# An asset's content hash: S3 keys and image tags of Lambda code and other assets.
_ASSET_HASH = re.compile(r"[0-9a-f]{64}")
_ACTION_ORDER = {"replaced": 0, "removed": 1, "added": 2, "changed": 3}
_CONSEQUENCE_ORDER = {"failure": 0, "replacement": 1, "destroy": 2, "audience": 3}


def compare(base: dict[str, dict[str, Any]], head: dict[str, dict[str, Any]]) -> Review:
    """The review of every stack in ``base`` or ``head`` (stack name -> template)."""
    return Review([_stack(name, base.get(name, {}), head.get(name, {})) for name in sorted(set(base) | set(head))])


def _stack(name: str, base: dict[str, Any], head: dict[str, Any]) -> StackReview:
    old_resources = _resources(base)
    new_resources = _resources(head)
    old_names, new_names = names_of(base), names_of(head)
    review = StackReview(name)
    if base and head and _synthesized_by(base) != _synthesized_by(head):
        review.warnings.append(
            "BASE and HEAD look synthesized in different ways (CDK metadata or construct paths in one side only): "
            "differences may come from that, not from the change; synthesize both with `cdk synth` (see the README)"
        )
    changed = {
        logical_id
        for logical_id in set(old_resources) & set(new_resources)
        if _deployed(old_resources[logical_id]) != _deployed(new_resources[logical_id])
    }
    replaced = _replacements(old_resources, new_resources, changed)
    changed |= set(replaced)
    # Unchanged in the template, changed at deploy time: it refers to a resource that is replaced.
    follows = {
        logical_id: sorted(_references(new_resources[logical_id].get("Properties")) & set(replaced))
        for logical_id in set(old_resources) & set(new_resources) - changed
    }
    follows = {logical_id: targets for logical_id, targets in follows.items() if targets}
    changed |= set(follows)
    for logical_id in sorted(set(old_resources) | set(new_resources)):
        old, new = old_resources.get(logical_id), new_resources.get(logical_id)
        if old is not None and new is not None and logical_id not in changed:
            continue
        action = (
            "added"
            if old is None
            else "removed"
            if new is None
            else "replaced"
            if logical_id in replaced
            else "changed"
        )
        resource = new if new is not None else old
        assert resource is not None
        change = Change(
            logical_id=logical_id,
            resource_type=resource.get("Type", "?"),
            title=(new_names if new is not None else old_names)[logical_id],
            action=action,
            pinpoint=is_pinpoint(resource.get("Type", "")),
        )
        if logical_id in follows:
            change.details = [f"refers to the new {new_names[t]} ({t}), which is replaced" for t in follows[logical_id]]
        elif change.pinpoint:
            _describe_pinpoint(change, old, new, old_names, new_names)
            if old is not None and new is not None and not (change.details or change.line_diffs):
                change.details = [_new_references(old, new)]
        else:
            _describe_other(change, old, new)
        review.changes.append(change)
        review.consequences.extend(
            _consequences(change, old, new, replaced.get(logical_id, []), old_resources, new_resources, new_names)
        )
    review.changes.sort(key=lambda c: (not c.pinpoint, _ACTION_ORDER[c.action], c.title, c.logical_id))
    review.consequences.sort(key=lambda c: (_CONSEQUENCE_ORDER[c.kind], c.title, c.logical_id))
    for key, section in (("Outputs", "Output"), ("Parameters", "Parameter")):
        review.changes.extend(_section_changes(section, base.get(key) or {}, head.get(key) or {}))
    return review


def _synthesized_by(template: dict[str, Any]) -> tuple[bool, bool]:
    """What the CDK CLI's switches leave in a template: the CDKMetadata resource, construct paths."""
    resources = template.get("Resources") or {}
    paths = any("aws:cdk:path" in (r.get("Metadata") or {}) for r in resources.values())
    return "CDKMetadata" in resources, paths


def _resources(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in (template.get("Resources") or {}).items() if r.get("Type") not in _IGNORED_TYPES}


def _deployed(resource: dict[str, Any]) -> dict[str, Any]:
    return {key: resource.get(key) for key in _DEPLOYED_KEYS}


# --- replacements -----------------------------------------------------------------------------


def _replacements(
    old_resources: dict[str, Any], new_resources: dict[str, Any], changed: set[str]
) -> dict[str, list[str]]:
    """Logical id -> why it is replaced. A resource whose create-only property refers to a replaced
    resource is replaced too (a new project means new segments), so this repeats until nothing new."""
    replaced: dict[str, list[str]] = {}
    for logical_id in sorted(changed):
        reasons = _own_reasons(old_resources[logical_id], new_resources[logical_id])
        if reasons:
            replaced[logical_id] = reasons
    growing = True
    while growing:
        growing = False
        for logical_id in sorted(set(old_resources) & set(new_resources) - set(replaced)):
            new = new_resources[logical_id]
            for path in _identity_paths(new):
                targets = _references(rules.value_at(new.get("Properties") or {}, path)) & set(replaced)
                if targets:
                    replaced[logical_id] = [
                        f"{'.'.join(path)} refers to {', '.join(sorted(targets))}, which is replaced"
                    ]
                    growing = True
                    break
    return replaced


def _own_reasons(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    if old.get("Type") != new.get("Type"):
        return [f"its type changes from {old.get('Type')} to {new.get('Type')}"]
    resource_type = new.get("Type", "")
    old_properties, new_properties = old.get("Properties") or {}, new.get("Properties") or {}
    rule = rules.custom_rule(resource_type)
    if rule is None:
        return [f"{name} changes" for name in rules.replacing_properties(resource_type, old_properties, new_properties)]
    reasons = [f"{name} changes" for name in rule.properties if old_properties.get(name) != new_properties.get(name)]
    untagged = {k: v for k, v in old_properties.items() if k != replacement.TAGS_PROPERTY}
    if rule.always and untagged != {k: v for k, v in new_properties.items() if k != replacement.TAGS_PROPERTY}:
        reasons.append("every change of it is a replacement (the provider runs it anew)")
    old_request, new_request = request_of(old, {}), request_of(new, {})
    if rule.name_field and old_request.get(rule.name_field) != new_request.get(rule.name_field):
        reasons.append(f"{rule.name_field} changes")
    state = old_request.get("State", "DRAFT")
    if (
        _refusal(old, new) is None
        and state in rule.live_states
        and rule.definition(old_request) != rule.definition(new_request)
    ):
        reasons.append(f"it is {state} and Pinpoint cannot edit a live journey's definition")
    return reasons


def _refusal(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """Why the provider will fail this update of a live resource rather than make it, if it will."""
    rule = rules.custom_rule(new.get("Type", ""))
    if rule is None or old.get("Type") != new.get("Type"):
        return None
    old_request, new_request = request_of(old, {}), request_of(new, {})
    state, wanted = old_request.get("State", "DRAFT"), new_request.get("State", "DRAFT")
    if state not in rule.live_states:
        return None
    if wanted in rule.refused_states:
        return f"it is {state} and cannot be set to {wanted}: the deploy fails (set it to CANCELLED to stop it)"
    option, refusing = rule.refused_by or ("", None)
    changed = rule.definition(old_request) != rule.definition(new_request)
    if changed and (new.get("Properties") or {}).get(option) == refusing:
        return f"it is {state} and its definition changes, which {option}={refusing} refuses: the deploy fails"
    return None


def _identity_paths(resource: dict[str, Any]) -> list[tuple[str, ...]]:
    rule = rules.custom_rule(resource.get("Type", ""))
    if rule is not None:
        return [(name,) for name in rule.properties]
    return list(rules.create_only_paths(resource.get("Type", "")))


def _references(value: Any) -> set[str]:
    """The logical ids a value refers to with Ref or Fn::GetAtt."""
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("Ref"), str):
            found.add(value["Ref"])
        attribute = value.get("Fn::GetAtt")
        if isinstance(attribute, list) and attribute:
            found.add(attribute[0])
        for item in value.values():
            found |= _references(item)
    elif isinstance(value, list):
        for item in value:
            found |= _references(item)
    return found


# --- describing a change ----------------------------------------------------------------------


def _describe_pinpoint(
    change: Change,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    old_names: dict[str, str],
    new_names: dict[str, str],
) -> None:
    resource_type = change.resource_type
    if resource_type == "Custom::PinpointJourney":
        # The flowchart already says "segment": name segments by their Pinpoint name alone.
        old_request = request_of(old, _bare(old_names)) if old else {}
        new_request = request_of(new, _bare(new_names)) if new else {}
        change.details, change.mermaid = activity_changes(old_request, new_request)
        return
    if resource_type in TEMPLATE_TYPES:
        old_parts = template_parts(old, old_names) if old else {}
        new_parts = template_parts(new, new_names) if new else {}
        short_old, short_new = {}, {}
        for label in list(old_parts) + [k for k in new_parts if k not in old_parts]:
            before, after = old_parts.get(label), new_parts.get(label)
            if before == after:
                continue
            if _is_long(before) or _is_long(after):
                old_lines = lines_of(label, before) if before is not None else []
                new_lines = lines_of(label, after) if after is not None else []
                change.line_diffs.append(LineDiff(label, line_diff(old_lines, new_lines)))
            else:
                if before is not None:
                    short_old[label] = before
                if after is not None:
                    short_new[label] = after
        change.details = facts_diff(short_old, short_new)
        return
    change.details = facts_diff(facts_of(old, old_names) if old else {}, facts_of(new, new_names) if new else {})


def _bare(names: dict[str, str]) -> dict[str, str]:
    return {logical_id: name.removeprefix("segment ") for logical_id, name in names.items()}


def _new_references(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What differs when the words do not: the resources referred to (a renamed construct's new logical id)."""
    before = sorted(_references(old.get("Properties")) - _references(new.get("Properties")))
    after = sorted(_references(new.get("Properties")) - _references(old.get("Properties")))
    if not (before or after):
        return "changes in values the review does not read"
    return f"refers to {', '.join(after) or 'nothing'} instead of {', '.join(before) or 'nothing'}"


def _is_long(text: str | None) -> bool:
    return text is not None and ("\n" in text or len(text) > MAX_INLINE)


def _describe_other(change: Change, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
    if old is None or new is None:
        return
    old_properties, new_properties = old.get("Properties") or {}, new.get("Properties") or {}
    keys = sorted(
        k for k in set(old_properties) | set(new_properties) if old_properties.get(k) != new_properties.get(k)
    )
    keys += [k for k in _DEPLOYED_KEYS if k != "Properties" and old.get(k) != new.get(k)]
    change.details = [f"changes {', '.join(keys)}"] if keys else []
    change.asset_only = change.action == "changed" and _without_hashes(old) == _without_hashes(new)


def _without_hashes(resource: dict[str, Any]) -> str:
    return _ASSET_HASH.sub("#", json.dumps(_deployed(resource), sort_keys=True))


def _section_changes(section: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        action = "added" if key not in old else "removed" if key not in new else "changed"
        changes.append(Change(key, section, f"{section} {key}", action, pinpoint=False))
    return changes


# --- consequences -----------------------------------------------------------------------------


def _consequences(
    change: Change,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    reasons: list[str],
    old_resources: dict[str, Any],
    new_resources: dict[str, Any],
    new_names: dict[str, str],
) -> list[Consequence]:
    found = []
    if change.action == "replaced":
        cost = _replacement_cost(change.resource_type, old)
        text = f"replaced because {'; '.join(reasons)}. {cost}".strip()
        found.append(Consequence("replacement", change.logical_id, change.title, text))
    elif old is not None and new is not None and (refusal := _refusal(old, new)):
        found.append(Consequence("failure", change.logical_id, change.title, refusal))
    elif change.action == "removed":
        text = _removal_cost(change, old_resources, new_resources, new_names)
        found.append(Consequence("destroy", change.logical_id, change.title, text))
    elif change.action == "changed" and change.resource_type == "AWS::Pinpoint::Campaign":
        assert old is not None and new is not None
        before = (old.get("Properties") or {}).get("SegmentId")
        after = (new.get("Properties") or {}).get("SegmentId")
        if before != after:
            audience = next((d for d in change.details if d.startswith("Audience:")), "")
            moved = audience.removeprefix("Audience: ") or _new_references(old, new)
            text = f"moves to another segment ({moved}): it is sent to a different audience"
            found.append(Consequence("audience", change.logical_id, change.title, text))
    return found


def _replacement_cost(resource_type: str, old: dict[str, Any] | None) -> str:
    if resource_type == "Custom::PinpointJourney":
        state = request_of(old, {}).get("State", "DRAFT") if old else "DRAFT"
        return (
            f"A new journey is created and the {state} one is cancelled and deleted: "
            "participants start over and its analytics stay with the old journey."
        )
    if resource_type in SEGMENT_TYPES:
        return (
            "A new segment is created and the old one deleted; campaigns and journeys that use it move to the new one."
        )
    if resource_type in TEMPLATE_TYPES:
        return "A new template is created and the old one deleted, with its version history."
    if resource_type == "AWS::Pinpoint::Campaign":
        return "A new campaign is created and the old one deleted, with its schedule and analytics."
    if resource_type == "AWS::Pinpoint::App":
        return "A new project is created and the old one deleted, with its endpoints, segments, campaigns and journeys."
    return "The resource is created anew and the old one deleted."


def _removal_cost(
    change: Change, old_resources: dict[str, Any], new_resources: dict[str, Any], new_names: dict[str, str]
) -> str:
    text = "deleted"
    if change.resource_type == "Custom::PinpointJourney":
        text = "cancelled and deleted: its participants leave the journey"
    users = sorted(
        new_names[logical_id]
        for logical_id, resource in old_resources.items()
        if logical_id in new_resources and change.logical_id in _references(resource.get("Properties"))
    )
    if users and change.resource_type in SEGMENT_TYPES:
        text += f"; it was the audience of {', '.join(users)}, which now have another audience"
    twin = _renamed_to(change, old_resources, new_resources)
    if twin:
        text += f"; it looks renamed to {twin} (a new logical id is a new resource)"
    return text


def _renamed_to(change: Change, old_resources: dict[str, Any], new_resources: dict[str, Any]) -> str | None:
    """A new resource of the same type and the same properties: the construct was renamed."""
    old = old_resources[change.logical_id]
    for logical_id, new in sorted(new_resources.items()):
        if logical_id not in old_resources and _deployed(new) == _deployed(old):
            return logical_id
    return None
