"""The simulation's report as text (a terminal), Markdown (a pull request) or JSON (machines)."""

from __future__ import annotations

import json
from typing import Any

from ..segment_rules import CHANNEL_TYPES

FORMATS = ("text", "markdown", "json")
_SAMPLE_CHARS = 160


def format_report(report: dict[str, Any], form: str) -> str:
    if form == "json":
        return json.dumps(report, indent=2, sort_keys=True)
    markdown = form == "markdown"
    lines: list[str] = []

    def heading(text: str) -> None:
        lines.extend(["", f"## {text}" if markdown else f"{text}", "" if markdown else "-" * len(text)])

    def item(text: str, depth: int = 0) -> None:
        lines.append(f"{'  ' * depth}- {text}")

    endpoints = report["endpoints"]
    title = f"Dry run at {report['at']}: {endpoints['read']} endpoint(s) from {', '.join(endpoints['files'])}"
    if endpoints["only_in_import_files"]:
        title += f", and {endpoints['only_in_import_files']} only in imported segments' files"
    lines.append(f"# {title}" if markdown else title)
    if endpoints["bad_rows"]:
        lines.append("")
        lines.append(f"{endpoints['bad_rows']} malformed row(s) skipped:")
        for problem in endpoints["problems"]:
            item(_code(problem, markdown))

    heading("Segments")
    for segment in report["segments"]:
        kind = " (imported)" if segment["imported"] else ""
        item(f"{_bold(segment['segment'], markdown)}{kind}: {segment['matched']} endpoint(s)" + _unknown(segment))
        if segment["problem"]:
            item(f"cannot be evaluated: {segment['problem']}", 1)
        for reason in segment["unknown_reasons"] if not segment["problem"] else ():
            item(f"{segment['unknown_reasons'][reason]} unknown: {reason}", 1)
        if segment["first"]:
            more = ", ..." if segment["matched"] > len(segment["first"]) else ""
            item(f"{', '.join(_code(e, markdown) for e in segment['first'])}{more}", 1)

    if report["campaigns"]:
        heading("Campaigns")
    for campaign in report["campaigns"]:
        _campaign(campaign, item, markdown)

    if report["journeys"]:
        heading("Journeys")
    for journey in report["journeys"]:
        item(
            f"{_bold(journey['journey'], markdown)} from segment {journey['segment']}: "
            f"{journey['entered']} entered" + _unknown(journey)
        )
        if journey["problem"]:
            item(journey["problem"], 1)
        _renderings(journey, item, markdown)
        lines.extend(["", "```mermaid" if markdown else "", journey["mermaid"], "```" if markdown else ""])
    if report.get("out"):
        lines.extend(["", f"Files written to {report['out']} (a CSV per segment, a file per rendered message part)."])
    return "\n".join(lines).strip("\n") + "\n"


def _campaign(campaign: dict[str, Any], item: Any, markdown: bool) -> None:
    head = f"{_bold(campaign['campaign'], markdown)} (segment {campaign['segment']})"
    if campaign["problem"]:
        item(f"{head}: {campaign['problem']}")
        return
    item(
        f"{head}: {campaign['in_segment']} in segment" + _unknown(campaign) + f"; {campaign['eligible']} eligible "
        f"after {campaign['other_channel']} other channel (sends {_channels(campaign['channels'])}), "
        f"{campaign['opted_out']} opted out, {campaign['inactive']} inactive"
    )
    if campaign["holdout_percent"]:
        item(f"hold-out {campaign['holdout_percent']:g}%: ~{campaign['expected_holdout']:g} endpoint(s)", 1)
    for treatment in campaign["treatments"]:
        when = treatment["send_at"] or "no start time"
        quiet = (
            f", {treatment['in_quiet_time']} in quiet time {treatment['quiet_time']}" if treatment["quiet_time"] else ""
        )
        item(
            f"treatment {treatment['name']} ({treatment['percent']:g}%) at {when}{quiet}: "
            f"~{treatment['expected_recipients']:g} recipient(s)",
            1,
        )
    _renderings(campaign, item, markdown)


def _renderings(result: dict[str, Any], item: Any, markdown: bool) -> None:
    """The rendering failures, empty variables and a sample of a campaign's or journey's messages."""
    for failure in result["rendering_failures"]:
        item(
            f"RENDERING FAILURE {failure['message']} {failure['part']}: {failure['reason']} "
            f"({failure['endpoints']} endpoint(s): {', '.join(failure['first'])})",
            1,
        )
    for blank in result["blank_variables"]:
        item(
            f"empty {_code(blank['variable'], markdown)} in {blank['message']} {blank['part']}: "
            f"{blank['endpoints']} endpoint(s) ({', '.join(blank['first'])})",
            1,
        )
    for label, sample in result["sample"].items():
        shown = "; ".join(f"{part}: {_short(text)}" for part, text in sample.items() if part != "endpoint")
        item(f"{label} for {sample['endpoint']}: {_code(shown, markdown)}", 1)


def _channels(channels: list[str]) -> str:
    if len(channels) == len(CHANNEL_TYPES):
        return "every channel type"
    return ", ".join(channels) or "nothing"


def _unknown(result: dict[str, Any]) -> str:
    return f" ({result['unknown']} unknown)" if result.get("unknown") else ""


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SAMPLE_CHARS else flat[: _SAMPLE_CHARS - 3] + "..."


def _bold(text: str, markdown: bool) -> str:
    return f"**{text}**" if markdown else text


def _code(text: str, markdown: bool) -> str:
    return "`" + text.replace("`", "'") + "`" if markdown else text
