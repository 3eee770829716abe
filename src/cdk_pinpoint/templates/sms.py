"""SMS templates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from aws_cdk import aws_pinpoint as pinpoint
from constructs import Construct

from .._typed_args import construct_init
from .base import (
    MAX_SMS_CHARACTERS,
    Part,
    TemplateKind,
    _part_text,
    _Template,
)


class SmsTemplate(_Template):
    """An SMS message template (``AWS::Pinpoint::SmsTemplate``).

    :param scope: the parent construct.
    :param id: the construct id.
    :param body: the message text, at most 1,600 characters (Pinpoint quota).
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``. Default: - generated
        from the construct path.
    :param default_substitutions: default values of message variables, nested like the message
        context. Default: - none.
    :param description: the template's description. Default: - none.
    :param tags: tags for the template. Default: - none.
    """

    _KIND = TemplateKind.SMS

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        body: Part,
        template_name: str | None = None,
        default_substitutions: Mapping[str, Any] | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            scope, id, template_name=template_name, default_substitutions=default_substitutions, description=description
        )
        text = cast(str, _part_text(body))
        self._check_total_length("body", [text], MAX_SMS_CHARACTERS)
        self._check_part("body", body)
        self._warn_about_variables_without_defaults()
        self.resource = self._create_resource(
            pinpoint.CfnSmsTemplate,
            tags=tags,
            body=text,
            default_substitutions=self._defaults_json(),
        )
