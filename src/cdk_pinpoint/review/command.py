"""The ``diff`` subcommand: its arguments and what it does with them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .assembly import ReviewError, stack_templates
from .compare import compare
from .model import FAIL_KINDS
from .report import as_json, as_markdown, as_text

USAGE = (
    "Exit status as diff(1): 0 no difference, 1 differences, 2 trouble. With --fail-on, 1 only when there is "
    f"a difference of a chosen kind ({', '.join(FAIL_KINDS)}), else 0."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sides",
        nargs="*",
        metavar="SIDE",
        help="BASE HEAD: cloud assemblies (cdk.out) or template files; HEAD alone with --base-ref",
    )
    parser.add_argument(
        "--base-ref", metavar="GIT_REF", help="synthesize BASE from this git ref (a temporary worktree)"
    )
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument(
        "--endpoints", metavar="SAMPLES", help="JSON file of sample endpoints: render changed templates for each"
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_KINDS,
        action="append",
        metavar="KIND",
        help=f"fail (exit 1) only on these kinds of change: {', '.join(FAIL_KINDS)} (repeatable)",
    )
    parser.add_argument("--comments", metavar="DIR", help="with --format markdown: write one file per comment into DIR")
    parser.epilog = USAGE


def diff_command(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except ReviewError as exc:
        print(f"cdk-pinpoint diff: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    sides = list(args.sides)
    if args.base_ref:
        if len(sides) != 1:
            raise ReviewError("with --base-ref give only HEAD (a cloud assembly or template)")
        from .git import synth_at_ref

        base = synth_at_ref(args.base_ref)
    else:
        if len(sides) != 2:
            raise ReviewError("give BASE and HEAD (cloud assemblies or template files), or --base-ref REF HEAD")
        base = stack_templates(sides[0])
    head = stack_templates(sides[-1])
    if len(base) == len(head) == 1 and not Path(sides[-1]).is_dir():
        base = {next(iter(head)): next(iter(base.values()))}  # two template files: one stack, whatever their names
    review = compare(base, head)
    if args.endpoints:
        from .previews import add_previews, load_endpoints

        add_previews(review, base, head, load_endpoints(args.endpoints))
    if args.format == "json":
        sys.stdout.write(as_json(review))
    elif args.format == "markdown":
        comments = as_markdown(review)
        if args.comments:
            folder = Path(args.comments)
            folder.mkdir(parents=True, exist_ok=True)
            for index, comment in enumerate(comments, 1):
                (folder / f"comment-{index:02d}.md").write_text(comment)
        sys.stdout.write("\n".join(comments))
    else:
        sys.stdout.write(as_text(review))
    if args.fail_on:
        return 1 if any(review.has(kind) for kind in args.fail_on) else 0
    return 1 if review.has("any") else 0
