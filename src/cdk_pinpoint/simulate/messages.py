"""Messages rendered per endpoint with :mod:`cdk_pinpoint.rendering`, and what would go wrong.

A rendering *failure* is a part that cannot be rendered at all (the template does not compile,
or the template is not in the assembly): Pinpoint reports those sends as rendering failures
(``_email.rendering_failure`` for email). A *blank* is a variable the part prints that is empty
for this endpoint after the template's default substitutions: Pinpoint sends the message with
nothing in its place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..rendering import Template, TemplateError, cached_template
from ..rendering.values import default_leaves, fills_defaults, merge_defaults
from .assembly import TemplateDef
from .endpoints import values_at

#: which channel types each push part serves (the rest fall back to the ``Default`` part)
PUSH_CHANNELS = ("APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "GCM", "ADM", "BAIDU")
_EXAMPLES = 5  # endpoints named per failure or empty variable

_PUSH_PART = {
    "APNS": "APNS",
    "APNS_SANDBOX": "APNS",
    "APNS_VOIP": "APNS",
    "APNS_VOIP_SANDBOX": "APNS",
    "GCM": "GCM",
    "ADM": "ADM",
    "BAIDU": "Baidu",
}


@dataclass(frozen=True)
class Message:
    """What one endpoint is sent: parts by name (``Subject``, ``HtmlPart``...) and their source."""

    label: str  # "template showcase-welcome", "inline EmailMessage"
    parts: dict[str, Any]
    default_substitutions: Any = None
    problem: str | None = None  # why it cannot be rendered at all


def template_message(templates: Mapping[str, TemplateDef], reference: Any, channel: str) -> Message:
    """What an endpoint of ``channel`` is sent from the template named ``reference``."""
    if not isinstance(reference, str):
        return Message("template (deploy-time)", {}, problem="the template name is known only at deploy time")
    template = templates.get(reference)
    if template is None:
        return Message(f"template {reference}", {}, problem=f"template {reference} is not in the assembly")
    if template.kind == "IN_APP":
        return Message(f"template {reference}", {}, problem="in-app templates are not rendered per endpoint")
    parts = push_parts(template.parts, channel) if template.kind == "PUSH" else template.parts
    return Message(f"template {reference}", parts, template.default_substitutions)


def push_parts(parts: dict[str, Any], channel: str) -> dict[str, Any]:
    """The Title/Body of a push template or message for ``channel``: its own part, else ``Default``."""
    own = _PUSH_PART.get(channel, "Default")
    chosen = {}
    for part in ("Title", "Body"):
        value = parts.get(f"{own}.{part}", parts.get(f"Default.{part}"))
        if value is not None:
            chosen[part] = value
    return chosen


def extension(part: str) -> str:
    """The file extension a rendered part is written with (HTML opens in a browser)."""
    return ".html" if "Html" in part else ".txt"


@dataclass
class Rendered:
    parts: dict[str, str] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (part, reason)
    blanks: list[tuple[str, str]] = field(default_factory=list)  # (part, variable)


@dataclass
class Issue:
    """A rendering failure or an empty variable: how many endpoints hit it, and the first few."""

    count: int = 0
    endpoints: list[str] = field(default_factory=list)

    def add(self, key: str) -> None:
        self.count += 1
        if len(self.endpoints) < _EXAMPLES:
            self.endpoints.append(key)


class Output(Protocol):
    """Where every rendered message and rendering problem goes (``--out``)."""

    def message(self, source: str, label: str, endpoint: str, parts: dict[str, str]) -> None: ...

    def problem(self, source: str, label: str, part: str, endpoint: str, kind: str, detail: str) -> None: ...


class RenderLog:
    """What the renderings of one campaign or journey (``source``) showed: failures, empty variables,
    a sample; each rendering and problem also goes to ``output`` when there is one."""

    def __init__(self, source: str, output: Output | None = None) -> None:
        self.source = source
        self.output = output
        self.failures: dict[tuple[str, str, str], Issue] = {}
        self.blanks: dict[tuple[str, str, str], Issue] = {}
        self.sample: dict[str, dict[str, str]] = {}  # message label -> the first endpoint's rendering

    def notes(self, label: str, rendered: Rendered) -> bool:
        """Whether ``record`` would note anything of ``rendered`` (else it may be skipped)."""
        return bool(
            rendered.failures
            or rendered.blanks
            or self.output is not None
            or (rendered.parts and label not in self.sample)
        )

    def record(self, label: str, key: str, rendered: Rendered) -> None:
        for part, reason in rendered.failures:
            self.failures.setdefault((label, part, reason), Issue()).add(key)
        for part, variable in rendered.blanks:
            self.blanks.setdefault((label, part, variable), Issue()).add(key)
        if rendered.parts and label not in self.sample:
            self.sample[label] = {"endpoint": key, **rendered.parts}
        if self.output is not None:
            if rendered.parts:
                self.output.message(self.source, label, key, rendered.parts)
            for part, reason in rendered.failures:
                self.output.problem(self.source, label, part, key, "rendering failure", reason)
            for part, variable in rendered.blanks:
                self.output.problem(self.source, label, part, key, "empty variable", variable)

    def result(self) -> dict[str, Any]:
        return {
            "rendering_failures": _issues(self.failures, "reason"),
            "blank_variables": _issues(self.blanks, "variable"),
            "sample": self.sample,
        }


def _issues(found: dict[tuple[str, str, str], Issue], what: str) -> list[dict[str, Any]]:
    return [
        {"message": label, "part": part, what: detail, "endpoints": issue.count, "first": issue.endpoints}
        for (label, part, detail), issue in sorted(found.items())
    ]


class MessageRenderer:
    """Compiles a message's parts once; renders them for one endpoint at a time.

    The default substitutions are merged under the endpoint once per endpoint (not once per
    part), and only for endpoints they would fill something in; each variable the parts print is
    checked once on the merged context.

    A rendering is reused for the endpoints that agree on every value the parts read (their
    ``Template.inputs``, which the defaults only fill in): many endpoints share a first name, a
    country. A message with a part that reads more than those values (``now``, the whole
    context...) is rendered for every endpoint. At most ``CACHE_ENTRIES`` renderings of at most
    ``CACHE_CHARS`` characters in all are kept, so memory stays flat; once the cache is full, it is
    dropped if fewer endpoints reused a rendering than needed a new one.
    """

    CACHE_ENTRIES = 4096
    CACHE_CHARS = 4_000_000

    def __init__(self, message: Message) -> None:
        self.message = message
        self.compiled: dict[str, Template] = {}
        self.broken: dict[str, str] = {}
        self.defaults = _defaults(message.default_substitutions)
        self.default_leaves = default_leaves(self.defaults)
        for part, source in message.parts.items():
            if message.problem:
                self.broken[part] = message.problem
            elif not isinstance(source, str):
                self.broken[part] = f"{part} is known only at deploy time"
            else:
                try:
                    cached_template(source, message.default_substitutions)  # the errors Pinpoint would see
                    self.compiled[part] = cached_template(source)
                except TemplateError as error:
                    self.broken[part] = f"does not compile: {error}"
        if message.problem and not message.parts:
            self.broken["message"] = message.problem
        # each variable once, with the parts that print it; paths split once
        users: dict[str, list[str]] = {}
        for part, template in self.compiled.items():
            for name in sorted(template.variables):
                users.setdefault(name, []).append(part)
        self.variables = [(name.split("."), [(part, name) for part in parts]) for name, parts in users.items()]
        #: the paths whose values are all the rendering depends on (None: it depends on more)
        self.inputs = _message_inputs(self.compiled.values())
        self.cache: dict[tuple[Any, ...], Rendered] | None = {} if self.inputs is not None else None
        self.cached_chars = 0
        self.reused = 0

    def render(self, endpoint: dict[str, Any]) -> Rendered:
        """What ``endpoint`` is sent (the result may be shared with other endpoints: read it only)."""
        cache = self.cache
        if cache is None:
            return self.render_anew(endpoint)
        key = values_at(endpoint, self.inputs or ())
        rendered = cache.get(key)
        if rendered is not None:
            self.reused += 1
            return rendered
        rendered = self.render_anew(endpoint)
        if len(cache) < self.CACHE_ENTRIES and self.may_keep(rendered):
            cache[key] = rendered
        elif self.reused < len(cache):  # full, and most endpoints needed their own rendering
            self.cache = None
        return rendered

    def may_keep(self, rendered: Rendered) -> bool:
        """Whether ``rendered`` may be kept for reuse, here or by a caller: ``CACHE_CHARS`` bounds
        the text kept of this message's renderings in all (what is kept is counted)."""
        if self.cached_chars >= self.CACHE_CHARS:
            return False
        self.cached_chars += sum(map(len, rendered.parts.values()))
        return True

    def render_anew(self, endpoint: dict[str, Any]) -> Rendered:
        """What ``endpoint`` is sent, rendered now (no reuse)."""
        rendered = Rendered(failures=list(self.broken.items()))
        context = endpoint
        if self.defaults and fills_defaults(self.default_leaves, endpoint):
            context = merge_defaults(self.defaults, endpoint)
        for part, template in self.compiled.items():
            try:
                rendered.parts[part] = template.render(context)
            except Exception as error:  # reported per endpoint, as Pinpoint reports a failed send
                rendered.failures.append((part, f"{type(error).__name__}: {error}"))
        for path, uses in self.variables:
            if _blank(_lookup(context, path)):
                rendered.blanks.extend(uses)
        return rendered


def _message_inputs(templates: Iterable[Template]) -> tuple[tuple[str, ...], ...] | None:
    """The paths whose values are all a message's parts depend on, or None when a part reads more."""
    paths: set[tuple[str, ...]] = set()
    for template in templates:
        inputs = template.inputs
        if inputs is None:
            return None
        paths.update(inputs)
    return tuple(sorted(paths))


def _defaults(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return {}


def _lookup(context: Any, path: list[str]) -> Any:
    for name in path:
        if context.__class__ is list:  # a list of attribute values: the path reads its first item
            context = context[0] if context else None
        if context.__class__ is not dict:
            return None
        context = context.get(name)
    return context


def _blank(value: Any) -> bool:
    if value is None or value == "" or value == []:
        return True
    if value.__class__ is list:
        return all(map(_blank, value))
    return False
