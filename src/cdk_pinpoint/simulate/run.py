"""One pass over the endpoints: every segment, campaign and journey of the assembly, streaming.

Memory does not grow with the number of endpoints: each endpoint is read, evaluated against
every segment (base segments first, each once), fed to every campaign and journey, and dropped.
Only counts and the first few endpoint names are kept; ``--out`` writes the rest to files as it
goes.
"""

from __future__ import annotations

import csv
import operator
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..segment_rules import CannotEvaluateLocally, Matcher, compile_segment, paths_read
from .assembly import Assembly, SegmentDef, read_assembly
from .campaigns import CampaignSimulation, Route
from .endpoints import BadRow, CsvFile, Problem, Problems, endpoint_key, is_ndjson, read_endpoints, values_at
from .journeys import JourneySimulation
from .messages import Rendered, extension

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
        """Decide, count and name (once per segment and endpoint: no call that can be saved)."""
        member, reason = self.decide(endpoint)
        if member:
            self.matched += 1
            if len(self.first) < limit or self.csv is not None:
                self.name(endpoint, limit)
        elif member is None:
            self.count(member, reason)
        return member

    def decide(self, endpoint: dict[str, Any]) -> tuple[bool | None, str | None]:
        """In the segment or not, or None and why it cannot be told."""
        if self.matcher is None:
            return None, self.problem or "cannot be evaluated"
        try:
            return bool(self.matcher(endpoint)), None
        except CannotEvaluateLocally as error:
            return None, str(error)

    def count(self, member: bool | None, reason: str | None, times: int = 1) -> None:
        if member:
            self.matched += times
        elif member is None:
            self.unknown[reason or "cannot be evaluated"] += times

    def name(self, endpoint: dict[str, Any], limit: int) -> None:
        """Note a member: among the first ones named, and in the segment's CSV."""
        if len(self.first) < limit:
            self.first.append(endpoint_key(endpoint))
        if self.csv is not None:
            self.csv.writerow([endpoint.get("Id", ""), endpoint["ChannelType"], endpoint["Address"]])

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

    evaluations = [(simulation.segment.key, simulation.evaluate) for simulation in segments]

    def observe(endpoint: dict[str, Any]) -> None:
        current.clear()
        for key, evaluate in evaluations:
            current[key] = evaluate(endpoint, limit)
        for campaign in campaigns:
            campaign.observe(endpoint, current)
        for journey in journeys:
            journey.observe(endpoint, current)

    # Endpoints agreeing on every value the rules read share one evaluation (see SharedDecisions): not for
    # imported segments given their file (keyed by Id and Address) nor --out (a file line per member).
    shared = None
    if output is None and not import_files:
        shared = SharedDecisions(segments, campaigns, journeys, limit)
    try:
        for path in files:
            if shared is not None and is_ndjson(Path(path)):
                total += shared.observe_all(read_endpoints(path, problems), observe, current)
                continue
            if shared is not None:
                total += shared.read(CsvFile(Path(path), problems), observe, current)
                continue
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
    if shared is not None:
        shared.count()
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


class _Decision:
    """The memberships shared by the endpoints (CSV rows, NDJSON objects) that agree on every value
    the rules read, and where those CSV rows go in the campaigns that count them."""

    def __init__(self, decisions: list[tuple[SegmentSimulation, bool | None, str | None]], membership: Membership,
                 campaigns: list[tuple[CampaignSimulation, Any]], journeys: bool) -> None:  # fmt: skip
        self.decisions = decisions
        self.membership = membership
        # the campaigns that count these rows, each with the getter of the cells its route depends on
        # (None: it needs the endpoint) and the routes met so far by those cells
        self.campaigns: list[tuple[CampaignSimulation, Any, dict[Any, _Tally]]] = [
            (campaign, cells, {}) for campaign, cells in campaigns
        ]
        self.journeys = journeys  # a journey looks at these endpoints
        self.builds = journeys or any(cells is None for _, cells in campaigns)  # every row becomes an endpoint
        self.members = [simulation for simulation, member, _ in decisions if member]  # still to be named
        self.rows = 0  # counted at the end, not as each row is decided


class _Tally:
    """A campaign route and how many CSV rows went it (counted at the end)."""

    __slots__ = ("route", "rows")

    def __init__(self, route: Route) -> None:
        self.route = route
        self.rows = 1


class SharedDecisions:
    """Segment membership of CSV rows (and NDJSON endpoints), each decided once per distinct
    combination of the columns (values) the rules read; and the campaigns' routes and renderings of
    CSV rows, each once per distinct combination of the columns it depends on.

    Membership is a pure function of those columns (``segment_rules.fields_read``), which are few and
    usually take few values (channel, country, city, role...), so most rows are decided by one dict
    look-up, with no endpoint built, and counted in bulk at the end. The first row of each combination
    goes through the general path (``observe``) and its result is kept; later rows are only checked
    for what makes a row bad on its own (numbers, Address). Likewise where a row goes in a campaign is
    a function of its membership and of the columns of ``CampaignSimulation.ROUTE_FIELDS``, and a
    message's rendering a function of the columns of its renderer's ``inputs``: each is worked out for
    the first row of a combination and reused for the next ones, which are counted in bulk at the end
    (and named where a rendering shows a problem or is the first of its message). A row is built into
    an endpoint only when a journey reads it, a message reads more than named values, or a member
    still has to be named. At most ``KEEP`` memberships, and as many routes and renderings in all,
    are kept per file; rows beyond that take the general path. NDJSON endpoints are already built:
    they share memberships alone (``observe_all``).
    """

    #: the most combinations kept per file (memory stays flat; beyond, rows take the general path)
    KEEP = 100_000

    def __init__(self, segments: list[SegmentSimulation], campaigns: list[CampaignSimulation],
                 journeys: list[JourneySimulation], limit: int) -> None:  # fmt: skip
        self.segments = segments
        self.campaigns = campaigns
        self.journeys = journeys
        self.limit = limit
        # what the rules read, as paths (NDJSON endpoints) and as CSV columns
        paths = frozenset({("ChannelType",)}).union(*(paths_read(s.segment.properties or {}) for s in segments))
        self.paths = sorted(paths)
        self.fields = frozenset(".".join(path) for path in self.paths)
        self.decided: list[dict[Any, _Decision]] = []

    def read(self, source: CsvFile, observe: Any, current: Membership) -> int:
        """Observe every good row of ``source``; how many there were."""
        decided: dict[Any, _Decision] = {}
        self.decided.append(decided)
        rows = source.rows()
        key_of: Any = None
        routes: list[Any] = []
        renderings: dict[int, tuple[Any, dict[Any, Rendered]]] = {}  # renderer -> its cells, renderings by them
        kept = 0  # routes and renderings kept
        plan, problems = source.plan, source.problems
        total = 0
        for line, row in rows:
            if key_of is None:  # the header has been read
                plan = source.plan
                key_of = _columns_getter([i for i, c in enumerate(plan.columns) if c in self.fields])
                renderings = self._renderings(plan)
                routes = [self._route_cells(c, plan, renderings) for c in self.campaigns]
            key = key_of(row)
            decision = decided.get(key)
            needs_endpoint = decision is None or decision.members or decision.builds
            try:
                if needs_endpoint:
                    endpoint = plan.build(row)
                else:
                    plan.check(row)
            except BadRow as error:
                problems.add(Problem(source.name, line, str(error)))
                continue
            total += 1
            if decision is None:
                observe(endpoint)
                if len(decided) < self.KEEP:
                    decided[key] = self._decision(endpoint, current, routes)
                continue
            decision.rows += 1
            membership = decision.membership
            if decision.members:
                self._name(decision, endpoint)
            for campaign, cells_of, known in decision.campaigns:
                if cells_of is None:
                    campaign.observe(endpoint, membership)
                    continue
                cells = cells_of(row)
                tally = known.get(cells)
                if tally is not None:
                    tally.rows += 1
                    route = tally.route
                else:
                    route = campaign.route(endpoint if needs_endpoint else plan.build(row), membership)
                    if kept < self.KEEP:
                        known[cells], kept = _Tally(route), kept + 1
                    else:
                        campaign.count(route)
                log = campaign.log
                for renderer in route.renderers:
                    message_cells, rendered_by = renderings[id(renderer)]
                    cells = message_cells(row)
                    rendered = rendered_by.get(cells)
                    if rendered is None:
                        rendered = renderer.render(endpoint if needs_endpoint else plan.build(row))
                        if kept < self.KEEP and renderer.may_keep(rendered):
                            rendered_by[cells], kept = rendered, kept + 1
                    label = renderer.message.label
                    if log.notes(label, rendered):  # a problem to count, or the first of the message
                        log.record(label, plan.key(row), rendered)
            if decision.journeys:
                for journey in self.journeys:
                    journey.observe(endpoint, membership)
        return total

    def observe_all(self, endpoints: Iterable[tuple[int, dict[str, Any]]], observe: Any, current: Membership) -> int:
        """Observe every endpoint of an NDJSON file, deciding membership once per combination of the
        values the rules read (``values_at``); how many endpoints there were."""
        decided: dict[Any, _Decision] = {}
        self.decided.append(decided)
        paths, routes = self.paths, [None] * len(self.campaigns)  # campaigns observe the endpoints
        total = 0
        for _line, endpoint in endpoints:
            total += 1
            key = values_at(endpoint, paths)
            decision = decided.get(key)
            if decision is None:
                observe(endpoint)
                if len(decided) < self.KEEP:
                    decided[key] = self._decision(endpoint, current, routes)
                continue
            decision.rows += 1
            if decision.members:
                self._name(decision, endpoint)
            for campaign, _, _ in decision.campaigns:
                campaign.observe(endpoint, decision.membership)
            if decision.journeys:
                for journey in self.journeys:
                    journey.observe(endpoint, decision.membership)
        return total

    def _name(self, decision: _Decision, endpoint: dict[str, Any]) -> None:
        """Name ``endpoint`` in the segments it is a member of that still name members."""
        for simulation in decision.members:
            simulation.name(endpoint, self.limit)
        decision.members = [s for s in decision.members if len(s.first) < self.limit]

    def _renderings(self, plan: Any) -> dict[int, tuple[Any, dict[Any, Rendered]]]:
        """Every campaign message whose rendering depends on named values alone: the getter of the
        cells of those values, and (empty) its renderings by cells."""
        found: dict[int, tuple[Any, dict[Any, Rendered]]] = {}
        for campaign in self.campaigns:
            for renderer in campaign.all_renderers():
                if renderer.inputs is not None:
                    found[id(renderer)] = (_columns_getter(plan.columns_reading(renderer.inputs)), {})
        return found

    @staticmethod
    def _route_cells(campaign: CampaignSimulation, plan: Any, renderings: dict[int, Any]) -> Any:
        """The getter of the cells a campaign's route depends on; None when a row must be built into
        an endpoint for it (one of its messages reads more than named values)."""
        if any(id(renderer) not in renderings for renderer in campaign.all_renderers()):
            return None
        return _columns_getter(plan.columns_reading(campaign.ROUTE_FIELDS))

    def _decision(self, endpoint: dict[str, Any], current: Membership, routes: list[Any]) -> _Decision:
        decisions = [(s, *s.decide(endpoint)) for s in self.segments]
        membership = dict(current)
        campaigns = [(c, cells) for c, cells in zip(self.campaigns, routes, strict=True) if c.reads(membership)]
        journeys = any(j.reads(membership) for j in self.journeys)
        decision = _Decision(decisions, membership, campaigns, journeys)
        decision.members = [s for s in decision.members if len(s.first) < self.limit]
        return decision

    def count(self) -> None:
        """Add the rows decided by look-up to the segments' and campaigns' counts."""
        for decided in self.decided:
            for decision in decided.values():
                for simulation, member, reason in decision.decisions:
                    simulation.count(member, reason, decision.rows)
                for campaign, _, tallies in decision.campaigns:
                    for tally in tallies.values():
                        campaign.count(tally.route, tally.rows)


def _columns_getter(indexes: list[int]) -> Any:
    """The cells at ``indexes`` of a row, as a hashable key."""
    if not indexes:
        return lambda row: None
    return operator.itemgetter(*indexes)


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
