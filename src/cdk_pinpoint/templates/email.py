"""Email templates, and the link-tracking opt-out for their HTML."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct

from .._typed_args import construct_init
from ..errors import ConfigurationError, check_length, is_token
from .base import (
    MAX_EMAIL_CHARACTERS,
    Part,
    TemplateBody,
    TemplateKind,
    _l1_properties,
    _part_text,
    _Template,
)

# <a ...> start tags: attribute values may be quoted and contain ">", the name must end the word.
_ANCHOR = re.compile(r"<a(?=[\s>/])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_NO_TRACK = re.compile(r"(?:^|\s)ses:no-track(?:[\s=/]|$)", re.IGNORECASE)


def disable_link_tracking(html: str) -> str:
    """``html`` with ``ses:no-track`` on every ``<a>`` start tag that does not have it yet.

    Amazon Pinpoint (through SES) then leaves those links alone: no click tracking redirect.
    """

    def add(match: re.Match[str]) -> str:
        attributes = match.group(1)
        if _NO_TRACK.search(attributes):
            return match.group(0)
        return f"{match.group(0)[:2]} ses:no-track{attributes}>"

    return _ANCHOR.sub(add, html)


class EmailTemplate(_Template):
    """An email message template (``AWS::Pinpoint::EmailTemplate``).

    Each part is compiled at synth time. Message variables without a default substitution give
    the warning ``cdk-pinpoint:template-variable-without-default``.

    :param scope: the parent construct.
    :param id: the construct id.
    :param subject: the subject line.
    :param html_part: the HTML body. Default: - none (then ``text_part`` is required).
    :param text_part: the plain-text body, for clients that do not show HTML. Default: - none
        (then ``html_part`` is required).
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``, unique among the
        account's email templates. Default: - generated from the construct path.
    :param default_substitutions: default values of message variables, nested like the message
        context (``{"User": {"UserAttributes": {"FirstName": "there"}}}``); stored as a JSON
        string. Default: - none.
    :param disable_tracking: add ``ses:no-track`` to every link of the HTML part, so Pinpoint
        neither rewrites links for click tracking. Default: false (links are tracked)
    :param recommender_id: the id of the recommender model (Pinpoint's machine-learning
        recommendations) whose results the template's ``Recommendations`` attributes read.
        ``AWS::Pinpoint::EmailTemplate`` has no such property, so with it the template is created
        through the Pinpoint API by a custom resource (``resource`` is then that construct).
        Default: - none (a plain ``AWS::Pinpoint::EmailTemplate``).
    :param description: the template's description. Default: - none.
    :param tags: tags for the template. Default: - none.
    """

    _KIND = TemplateKind.EMAIL

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        subject: Part,
        html_part: Part | None = None,
        text_part: Part | None = None,
        template_name: str | None = None,
        default_substitutions: Mapping[str, Any] | None = None,
        disable_tracking: bool | None = None,
        recommender_id: str | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            scope, id, template_name=template_name, default_substitutions=default_substitutions, description=description
        )
        if html_part is None and text_part is None:
            raise ConfigurationError(
                "html_part", None, "an email template needs an HTML part, a text part or both", path=self.node.path
            )
        html = _part_text(html_part)
        if disable_tracking and html is not None and not is_token(html):
            html = disable_link_tracking(html)
        subject_text, text = _part_text(subject), _part_text(text_part)
        self._check_total_length("subject + html_part + text_part", [subject_text, html, text], MAX_EMAIL_CHARACTERS)
        self._check_part("subject", subject)
        origin = html_part.origin if isinstance(html_part, TemplateBody) else None
        self._check_text("html", html, origin=origin, field="html_part")
        self._check_part("text", text_part, field="text_part")
        self._warn_about_variables_without_defaults()
        content = {
            "Subject": subject_text,
            "HtmlPart": html,
            "TextPart": text,
            "DefaultSubstitutions": self._defaults_json(),
        }
        self.resource: Construct
        if recommender_id is None:
            self.resource = self._create_resource(pinpoint.CfnEmailTemplate, tags=tags, **_l1_properties(content))
        else:
            check_length("recommender_id", recommender_id, 1_000, path=self.node.path)
            self.resource = self._create_api_resource({**content, "RecommenderId": recommender_id}, tags=tags)
