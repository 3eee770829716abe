"""Small text diffs: a changed phrase inline, a changed text part line by line."""

from __future__ import annotations

import difflib
import re

ARROW = "→"
_TOKENS = re.compile(r"(\s+|[,;()]|\.(?=\s|$))")
MAX_INLINE = 160  # longer values are shown as a line diff instead


def inline(old: str, new: str) -> str:
    """``EMAIL endpoints whose City is Berlin → Munich, excluding segment testers``: the parts both
    share once, each changed run as ``old → new``. Mostly different texts are shown whole."""
    a = [t for t in _TOKENS.split(old) if t]
    b = [t for t in _TOKENS.split(new) if t]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < 0.5:
        return f"{old or '(none)'} {ARROW} {new or '(none)'}"
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(a[i1:i2]).strip(), "".join(b[j1:j2]).strip()
        if tag == "equal":
            out.append("".join(a[i1:i2]))
        elif tag == "replace":
            out.append(_spaced(a[i1:i2], f"{before} {ARROW} {after}"))
        elif tag == "delete":
            out.append(_spaced(a[i1:i2], f"[removed: {before}]") if before else "".join(a[i1:i2]))
        else:
            out.append(_spaced(b[j1:j2], f"[added: {after}]") if after else "".join(b[j1:j2]))
    return "".join(out)


def _spaced(tokens: list[str], text: str) -> str:
    """``text`` with the whitespace the replaced run had around it."""
    run = "".join(tokens)
    lead = run[: len(run) - len(run.lstrip())]
    trail = run[len(run.rstrip()) :]
    return f"{lead}{text}{trail}"


def line_diff(old_lines: list[str], new_lines: list[str]) -> str:
    """A unified diff with 2 lines of context and no file header."""
    lines = list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=2))
    return "\n".join(lines[2:])


def facts_diff(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """``label: old → new`` for each fact that differs (added and removed facts included)."""
    lines = []
    for label in list(old) + [k for k in new if k not in old]:
        before, after = old.get(label), new.get(label)
        if before == after:
            continue
        if before is None:
            lines.append(f"{label}: {after} (added)")
        elif after is None:
            lines.append(f"{label}: {before} (removed)")
        else:
            lines.append(f"{label}: {inline(before, after)}")
    return lines
