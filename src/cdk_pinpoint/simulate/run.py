"""One pass over the endpoints: every segment, campaign and journey of the assembly, streaming.

Memory does not grow with the number of endpoints: each endpoint is read, evaluated against
every segment (base segments first, each once), fed to every campaign and journey, and dropped.
Only counts and the first few endpoint names are kept; ``--out`` writes the rest to files as it
goes.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..segment_rules import CannotEvaluateLocally, Matcher, compile_segment
from .assembly import Assembly, SegmentDef, read_assembly
from .campaigns import CampaignSimulation
from .endpoints import Problems, endpoint_key, read_endpoints
from .journeys import JourneySimulation
from .messages import extension

Membership = dict[str, bool | None]  # segment key -> in it, not in it, or None (cannot be evaluated)


class SegmentSimulation:
    """One segment's membership test and counts."""

    def __init__(
        self, segment: SegmentDef, assembly: Assembly, current: Membership, at: datetime, imported: set[str] | None
    ) -> None:
        self.segment = segment
        self.matched = 0
        self.unknown: Counter[str] = Counter()
        self.first: list[str] = []
        self.problem: str | None = None
        self.matcher: Matcher | None = None
        self.csv: Any = None
        if segment.imported:
            if imported is None:
                self.problem = f"imported: give its import file (--imported {segment.name}=FILE)"
            else:
                self.matcher = lambda e: endpoint_key(e) in imported or _address_key(e) in imported
            return
        try:
            self.matcher = compile_segment(
                segment.properties or {}, now=at, resolve_source=lambda ref: _base_segment(ref, assembly, current)
            )
        except CannotEvaluateLocally as error:
            self.problem = str(error)

    def evaluate(self, endpoint: dict[str, Any], limit: int) -> bool | None:
        if self.matcher is None:
            self.unknown[self.problem or "cannot be evaluated"] += 1
            return None
        try:
            member = self.matcher(endpoint)
        except CannotEvaluateLocally as error:
            self.unknown[str(error)] += 1
            return None
        if member:
            self.matched += 1
            if len(self.first) < limit:
                self.first.append(endpoint_key(endpoint))
            if self.csv is not None:
                self.csv.writerow([endpoint.get("Id", ""), endpoint["ChannelType"], endpoint["Address"]])
        return member

    def result(self) -> dict[str, Any]:
        return {
            "segment": self.segment.name,
            "id": self.segment.key,
            "imported": self.segment.imported,
            "matched": self.matched,
            "unknown": sum(self.unknown.values()),
            "unknown_reasons": dict(self.unknown.most_common(5)),
            "problem": self.problem,
            "first": self.first,
        }


def _base_segment(reference: Any, assembly: Assembly, current: Membership) -> Matcher:
    segment = assembly.segment_named(reference)
    if segment is None:
        where = "known only at deploy time" if not isinstance(reference, str) else "not in the assembly"

        def outside(endpoint: Any) -> bool:
            raise CannotEvaluateLocally(f"base segment {reference} is {where}; Pinpoint alone knows its endpoints")

        return outside
    key = segment.key

    def member_of(endpoint: Any) -> bool:
        member = current.get(key)
        if member is None:
            raise CannotEvaluateLocally(f"base segment {segment.name} cannot be evaluated")
        return member

    return member_of


def _address_key(endpoint: Mapping[str, Any]) -> str:
    return f"{endpoint.get('ChannelType')}:{endpoint.get('Address')}"


def _in_dependency_order(assembly: Assembly) -> list[SegmentDef]:
    """Base segments before the segments built on them (each segment is evaluated once per endpoint)."""
    ordered: list[SegmentDef] = []
    state: dict[str, str] = {}

    def visit(segment: SegmentDef) -> None:
        if state.get(segment.key) == "done":
            return
        if state.get(segment.key) == "visiting":
            raise SystemExit(f"segments refer to each other in a cycle through {segment.name}")
        state[segment.key] = "visiting"
        for group in ((segment.properties or {}).get("SegmentGroups") or {}).get("Groups") or []:
            for source in group.get("SourceSegments") or []:
                base = assembly.segment_named(source.get("Id"))
                if base is not None:
                    visit(base)
        state[segment.key] = "done"
        ordered.append(segment)

    for segment in assembly.segments.values():
        visit(segment)
    return ordered


def simulate(
    templates: dict[str, dict[str, Any]],
    endpoint_files: Iterable[str | Path],
    *,
    at: datetime,
    imported: dict[str, str | Path] | None = None,
    out: str | Path | None = None,
    limit: int = 10,
) -> dict[str, Any]:
    """Run the whole simulation; the JSON-ready report (see ``report`` for its text forms).

    :param templates: stack name -> template (``cli._stack_templates`` reads them from an assembly).
    :param endpoint_files: CSV or NDJSON endpoint files.
    :param at: the simulated time: recency, event-triggered sends.
    :param imported: imported segment (name or Stack/LogicalId) -> its endpoint file.
    :param out: a folder for one CSV per segment and one file per rendered message part.
    :param limit: endpoints named per segment in the report.
    """
    assembly = read_assembly(templates)
    problems = Problems()
    current: Membership = {}
    files_by_segment = imported or {}
    segments: list[SegmentSimulation] = []
    import_files: dict[str, set[str]] = {}  # an imported segment's file -> the keys of its endpoints
    for segment in _in_dependency_order(assembly):
        source = files_by_segment.get(segment.name) or files_by_segment.get(segment.key)
        keys = None
        if segment.imported and source:
            keys = import_files.get(str(source)) or _imported_keys(Path(source), problems)
            import_files[str(source)] = keys
        segments.append(SegmentSimulation(segment, assembly, current, at, keys))
    unknown_names = set(files_by_segment) - {s.name for s in assembly.segments.values()} - set(assembly.segments)
    if unknown_names:
        raise SystemExit(f"--imported names no imported segment of the assembly: {', '.join(sorted(unknown_names))}")
    output = OutputFolder(Path(out), segments) if out is not None else None
    campaigns = [CampaignSimulation(c, assembly, at=at, output=output) for c in assembly.campaigns]
    journeys = [JourneySimulation(j, assembly, now=at, output=output) for j in assembly.journeys]
    files = [str(f) for f in endpoint_files]
    imported_keys = set().union(*import_files.values())
    seen: set[str] = set()  # endpoints of the import files met in the endpoint files
    total = added = 0

    def observe(endpoint: dict[str, Any]) -> None:
        current.clear()
        for simulation in segments:
            current[simulation.segment.key] = simulation.evaluate(endpoint, limit)
        for campaign in campaigns:
            campaign.observe(endpoint, current)
        for journey in journeys:
            journey.observe(endpoint, current)

    try:
        for path in files:
            for _line, endpoint in read_endpoints(path, problems):
                total += 1
                if imported_keys:
                    seen.update(imported_keys.intersection((endpoint.get("Id"), _address_key(endpoint))))
                observe(endpoint)
        # An import registers its endpoints in the project: those not in the endpoint files join the run
        # (their problems were reported when the file was first read).
        for path in import_files:
            for _line, endpoint in read_endpoints(path, Problems()):
                if endpoint.get("Id") in seen or _address_key(endpoint) in seen:
                    continue
                seen.update(k for k in (endpoint.get("Id"), _address_key(endpoint)) if k)
                added += 1
                observe(endpoint)
    finally:
        if output is not None:
            output.close()
    return {
        "at": at.isoformat(),
        "endpoints": {
            "files": files,
            "read": total,
            "only_in_import_files": added,
            "bad_rows": problems.count,
            "problems": [str(p) for p in problems.first],
        },
        "segments": [s.result() for s in segments],
        "campaigns": [c.result() for c in campaigns],
        "journeys": [j.result() for j in journeys],
        "out": str(out) if out else None,
    }


def _imported_keys(path: Path, problems: Problems) -> set[str]:
    keys = set()
    for _line, endpoint in read_endpoints(path, problems):
        keys.add(_address_key(endpoint))
        if endpoint.get("Id"):
            keys.add(endpoint["Id"])
    return keys


class OutputFolder:
    """``--out``: a CSV per segment, a file per rendered message part, and every rendering problem.

    ``segments/NAME.csv`` (Id, ChannelType, Address of every member),
    ``messages/CAMPAIGN-OR-JOURNEY/MESSAGE/ENDPOINT.PART.html|txt``, and
    ``rendering-problems.csv`` (one row per endpoint and failing part or empty variable).
    """

    def __init__(self, root: Path, segments: list[SegmentSimulation]) -> None:
        self.root = root
        (root / "segments").mkdir(parents=True, exist_ok=True)
        self.handles: list[IO[str]] = []
        for segment in segments:
            segment.csv = csv.writer(self._open(Path("segments") / f"{_slug(segment.segment.name)}.csv"))
            segment.csv.writerow(["Id", "ChannelType", "Address"])
        self.problems = csv.writer(self._open(Path("rendering-problems.csv")))
        self.problems.writerow(["Source", "Message", "Part", "Endpoint", "Problem", "Detail"])

    def _open(self, relative: Path) -> IO[str]:
        handle = (self.root / relative).open("w", newline="", encoding="utf-8")
        self.handles.append(handle)
        return handle

    def message(self, source: str, label: str, endpoint: str, parts: dict[str, str]) -> None:
        folder = self.root / "messages" / _slug(source) / _slug(label)
        folder.mkdir(parents=True, exist_ok=True)
        for part, text in parts.items():
            (folder / f"{_slug(endpoint)}.{part}{extension(part)}").write_text(text, encoding="utf-8")

    def problem(self, source: str, label: str, part: str, endpoint: str, kind: str, detail: str) -> None:
        self.problems.writerow([source, label, part, endpoint, kind, detail])

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@+-]+", "_", text)[:120] or "_"
