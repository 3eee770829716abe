"""A review as text (a terminal), Markdown (pull-request comments) or JSON (machines).

Deterministic: no timestamps, everything in a stable order, so a comment can be snapshot-tested and
updated in place. Markdown is one comment per stack (a summary first, then collapsible sections),
split further where a stack's comment would pass ``MAX_COMMENT`` characters."""

from __future__ import annotations

import json

from .model import Change, Preview, Review, StackReview
from .text import line_diff
from .words import lines_of

#: GitHub refuses comments over 65,536 characters; this leaves room for a header
MAX_COMMENT = 60_000
#: a comment's first line, which a CI job finds to update the comment in place
MARKER = "<!-- cdk-pinpoint diff: {stack} {part} -->"
_LONG_BLOCK = 20_000  # a longer line diff is cut (the JSON output keeps it whole)
_SECTION_LIMIT = MAX_COMMENT - 1_000  # one resource's section, or the consequences, at most


def as_json(review: Review) -> str:
    return json.dumps(review.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _summary_line(review: Review | StackReview) -> str:
    changes = review.changes if isinstance(review, StackReview) else [c for s in review.stacks for c in s.changes]
    if not changes:
        return "no changes"
    parts = []
    for action in ("replaced", "removed", "added", "changed"):
        count = sum(c.action == action for c in changes)
        if count:
            parts.append(f"{count} {action}")
    pinpoint = sum(c.pinpoint for c in changes)
    assets = sum(c.asset_only for c in changes)
    text = f"{', '.join(parts)} ({pinpoint} Pinpoint, {len(changes) - pinpoint} other"
    return text + (f", {assets} of them asset-only)" if assets else ")")


# --- text -------------------------------------------------------------------------------------


def as_text(review: Review) -> str:
    out = [f"cdk-pinpoint diff: {_summary_line(review)}"]
    for stack in review.stacks:
        out += ["", f"Stack {stack.name}: {_summary_line(stack)}"]
        out += [f"  warning: {warning}" for warning in stack.warnings]
        for consequence in stack.consequences:
            out.append(f"  ! {consequence.kind}: {consequence.title}: {consequence.text}")
        for change in stack.pinpoint:
            out.append(f"  {change.action} {change.title}")
            out += [f"      {line}" for line in change.details]
            for diff in change.line_diffs:
                out.append(f"      {diff.label}:")
                out += [f"        {line}" for line in diff.diff.splitlines()]
            for preview in change.previews:
                out.append(f"      {preview.part} rendered for {preview.endpoint}:")
                out += [f"        {line}" for line in _preview_diff(preview).splitlines()]
            if change.mermaid:
                out += [f"      {line}" for line in change.mermaid.splitlines()]
        other = stack.other
        if other:
            out.append(f"  {_other_heading(other)}:")
            out += [f"    {_other_line(c)}" for c in other]
    return "\n".join(out) + "\n"


def _other_heading(other: list[Change]) -> str:
    assets = sum(c.asset_only for c in other)
    return f"{len(other)} other resource(s)" + (f", {assets} changed only by asset hashes" if assets else "")


def _other_line(change: Change) -> str:
    action = "changed (asset hash only)" if change.asset_only else change.action
    details = f": {'; '.join(change.details)}" if change.details and not change.asset_only else ""
    return f"{action} {change.title}{details}"


# --- markdown ---------------------------------------------------------------------------------


def as_markdown(review: Review) -> list[str]:
    """One or more comments per stack with changes (one "no changes" comment when there are none)."""
    if not any(s.changes or s.warnings for s in review.stacks):
        return [MARKER.format(stack="all", part="1/1") + "\n### cdk-pinpoint diff\n\nNo changes.\n"]
    comments = []
    for stack in review.stacks:
        if stack.changes or stack.warnings:
            comments += _stack_comments(stack)
    return comments


def _stack_comments(stack: StackReview) -> list[str]:
    head = [f"### cdk-pinpoint diff: `{stack.name}`", "", f"**{_summary_line(stack)}**", ""]
    head += [f"> **Warning**: {_escape(warning)}\n" for warning in stack.warnings]
    if stack.consequences:
        head += ["#### Consequences", ""]
        head += [f"- **{c.kind}** {c.title} (`{c.logical_id}`): {c.text}" for c in stack.consequences]
        head.append("")
    sections = [_pinpoint_section(c) for c in stack.pinpoint]
    other = stack.other
    if other:
        lines = "\n".join(f"- {_other_line(c)}" for c in other)
        sections.append(f"<details><summary>{_other_heading(other)}</summary>\n\n{lines}\n\n</details>\n")
    sections = [_bounded(section) for section in sections]
    # Pack sections into comments under the limit; the summary and consequences lead the first.
    parts: list[list[str]] = [[_bounded("\n".join(head))]]
    size = len(parts[0][0])
    for section in sections:
        if size + len(section) > MAX_COMMENT - 200 and len(parts[-1]) > 1:
            parts.append([f"### cdk-pinpoint diff: `{stack.name}` (continued)\n"])
            size = len(parts[-1][0])
        parts[-1].append(section)
        size += len(section)
    total = len(parts)
    return [
        MARKER.format(stack=stack.name, part=f"{index}/{total}") + "\n" + "\n".join(part)
        for index, part in enumerate(parts, 1)
    ]


def _bounded(section: str) -> str:
    """``section`` cut to fit one comment, its code block and collapsible section closed."""
    if len(section) <= _SECTION_LIMIT:
        return section
    kept = section[: _SECTION_LIMIT - 200].rsplit("\n", 1)[0].split("\n")
    if sum(line.startswith("```") for line in kept) % 2:
        kept.append("```")
    kept.append("\n... the rest is left out: too long for one comment (see --format json)\n")
    if kept[0].startswith("<details>"):
        kept.append("</details>\n")
    return "\n".join(kept)


def _pinpoint_section(change: Change) -> str:
    body = [f"- {_escape(line)}" for line in change.details]
    for diff in change.line_diffs:
        body += ["", f"{diff.label}:", "", _fence(_cut(diff.diff), "diff")]
    for preview in change.previews:
        body += ["", f"{preview.part} rendered for `{_escape(preview.endpoint)}`:", ""]
        body.append(_fence(_cut(_preview_diff(preview)), "diff"))
    if change.mermaid:
        body += ["", _fence(change.mermaid, "mermaid")]
    summary = f"{change.action}: <b>{_escape(change.title)}</b> <code>{change.logical_id}</code>"
    return f"<details><summary>{summary}</summary>\n\n" + "\n".join(body).lstrip("\n") + "\n\n</details>\n"


def _preview_diff(preview: Preview) -> str:
    return line_diff(lines_of(preview.part, preview.before), lines_of(preview.part, preview.after))


def _fence(text: str, language: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}{language}\n{text}\n{fence}"


def _cut(text: str) -> str:
    if len(text) <= _LONG_BLOCK:
        return text
    kept = text[:_LONG_BLOCK].rsplit("\n", 1)[0]
    return f"{kept}\n... {text.count(chr(10)) - kept.count(chr(10))} more lines (see --format json)"


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")
