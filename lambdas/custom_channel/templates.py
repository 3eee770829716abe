"""Pinpoint message templates, fetched once and compiled once per (kind, name, version).

A version is immutable, so a compiled version is kept for the life of the container. Which version
is *active* can change, so an active-version lookup is trusted for ``ACTIVE_VERSION_TTL`` seconds
and then asked again (one Get*Template call per template per minute per warm container, not one per
invocation or per endpoint).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from cdk_pinpoint.rendering import Template, TemplateError, compile_template

ACTIVE_VERSION_TTL = 60.0
MAX_CACHED_VERSIONS = 64

#: template kind -> (client method, response key)
_OPERATIONS = {
    "EMAIL": ("get_email_template", "EmailTemplateResponse"),
    "SMS": ("get_sms_template", "SMSTemplateResponse"),
    "PUSH": ("get_push_template", "PushNotificationTemplateResponse"),
}
KINDS = tuple(_OPERATIONS)


class TemplateUnavailable(Exception):
    """The template could not be loaded or compiled; ``reason`` is a short code safe to log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class TemplateRef:
    """Which template a message uses. ``version`` None means the active version."""

    name: str
    kind: str
    version: str | None = None


@dataclass(frozen=True)
class LoadedTemplate:
    name: str
    kind: str
    version: str
    parts: Mapping[str, Template]

    def render(self, context: Mapping[str, Any]) -> dict[str, str]:
        """Every part rendered for one endpoint (``subject``/``html``/``text``, ``body``, ``title``...)."""
        return {part: template.render(context) for part, template in self.parts.items()}


def _part_texts(kind: str, response: Mapping[str, Any]) -> dict[str, str | None]:
    """The renderable parts of a Get*Template response, by the names the deliveries use."""
    if kind == "EMAIL":
        return {"subject": response.get("Subject"), "html": response.get("HtmlPart"), "text": response.get("TextPart")}
    if kind == "SMS":
        return {"body": response.get("Body")}
    default = response.get("Default") or {}
    return {"title": default.get("Title"), "body": default.get("Body"), "url": default.get("Url")}


class TemplateStore:
    """Loads templates from Pinpoint through ``pinpoint`` (a boto3 client) and caches them compiled."""

    def __init__(self, pinpoint: Any, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._pinpoint = pinpoint
        self._clock = clock
        self._compiled: dict[tuple[str, str, str], LoadedTemplate] = {}
        self._active: dict[tuple[str, str], tuple[float, str]] = {}
        #: Get*Template calls made (for tests and the benchmark)
        self.fetches = 0

    def get(self, ref: TemplateRef) -> LoadedTemplate:
        if ref.kind not in _OPERATIONS:
            raise TemplateUnavailable("template_type_unsupported")
        version = ref.version if ref.version is not None else self._fresh_active_version(ref)
        if version is not None and (ref.kind, ref.name, version) in self._compiled:
            return self._compiled[(ref.kind, ref.name, version)]
        return self._fetch(ref)

    def _fresh_active_version(self, ref: TemplateRef) -> str | None:
        cached = self._active.get((ref.kind, ref.name))
        if cached is not None and cached[0] > self._clock():
            return cached[1]
        return None

    def _fetch(self, ref: TemplateRef) -> LoadedTemplate:
        method, key = _OPERATIONS[ref.kind]
        request = {"TemplateName": ref.name}
        if ref.version is not None:
            request["Version"] = ref.version
        self.fetches += 1
        try:
            response = getattr(self._pinpoint, method)(**request)[key]
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "ClientError")
            reason = "template_not_found" if code == "NotFoundException" else f"template_{code}"
            raise TemplateUnavailable(reason) from None
        except BotoCoreError as exc:
            raise TemplateUnavailable(f"template_{type(exc).__name__}") from None
        version = str(response.get("Version") or ref.version or response.get("LastModifiedDate") or "")
        cache_key = (ref.kind, ref.name, version)
        loaded = self._compiled.get(cache_key)
        if loaded is None:
            loaded = self._compile(ref, version, response)
            if len(self._compiled) >= MAX_CACHED_VERSIONS:
                del self._compiled[next(iter(self._compiled))]
            self._compiled[cache_key] = loaded
        if ref.version is None:
            self._active[(ref.kind, ref.name)] = (self._clock() + ACTIVE_VERSION_TTL, version)
        return loaded

    @staticmethod
    def _compile(ref: TemplateRef, version: str, response: Mapping[str, Any]) -> LoadedTemplate:
        defaults = response.get("DefaultSubstitutions")
        try:
            parts = {
                part: compile_template(text, defaults)
                for part, text in _part_texts(ref.kind, response).items()
                if text is not None
            }
        except (TemplateError, RecursionError, MemoryError):  # a template nested too deeply for the engine
            raise TemplateUnavailable("template_invalid") from None
        if not parts:
            raise TemplateUnavailable("template_empty")
        return LoadedTemplate(name=ref.name, kind=ref.kind, version=version, parts=parts)
