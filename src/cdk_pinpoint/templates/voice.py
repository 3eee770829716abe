"""Voice templates (created through the Pinpoint API: CloudFormation has no voice template)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, cast

from constructs import Construct

from .._typed_args import construct_init
from ..errors import ConfigurationError, is_token
from .base import (
    MAX_VOICE_CHARACTERS,
    Part,
    TemplateKind,
    _part_text,
    _Template,
)


class VoiceTemplate(_Template):
    """A voice message template. CloudFormation has no resource for it: a custom resource calls
    Create/Update/DeleteVoiceTemplate (``lambdas/pinpoint_api/message_template.py``).

    An update creates a new template version and makes it the active one; a new name replaces the
    template. The provider may create, update and tag only this template, and delete voice templates
    (CloudFormation deletes a renamed or removed one after the policy stopped naming it).

    :param scope: the parent construct.
    :param id: the construct id.
    :param body: the text to speak (plain text or SSML), at most 10,000 characters (Pinpoint quota).
    :param language_code: the language of the voice (e.g. ``en-US``). Default: - Pinpoint's default.
    :param voice_id: the Amazon Polly voice (e.g. ``Joanna``). Default: - Pinpoint's default.
    :param template_name: 1-128 characters of A-Z, a-z, 0-9, ``_`` and ``-``. Default: - generated
        from the construct path.
    :param default_substitutions: default values of message variables, nested like the message
        context. Default: - none.
    :param description: the template's description. Default: - none.
    :param tags: tags for the template; `Tags.of(...)` reaches it too, and changed tags are applied on
        update (TagResource, UntagResource). Default: - none.
    """

    _KIND = TemplateKind.VOICE

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        body: Part,
        language_code: str | None = None,
        voice_id: str | None = None,
        template_name: str | None = None,
        default_substitutions: Mapping[str, Any] | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            scope, id, template_name=template_name, default_substitutions=default_substitutions, description=description
        )
        _check_polly("language_code", language_code, "LanguageCode")
        _check_polly("voice_id", voice_id, "VoiceId")
        text = cast(str, _part_text(body))
        self._check_total_length("body", [text], MAX_VOICE_CHARACTERS)
        self._check_part("body", body)
        self._warn_about_variables_without_defaults()
        content = {
            "Body": text,
            "LanguageCode": language_code,
            "VoiceId": voice_id,
            "DefaultSubstitutions": self._defaults_json(),
        }
        self.resource = self._create_api_resource(content, tags=tags)


@functools.cache
def _polly_values(shape: str) -> frozenset[str]:
    """The values Polly knows, from botocore's Polly model (boto3 is a dependency)."""
    import botocore.session

    return frozenset(botocore.session.get_session().get_service_model("polly").shape_for(shape).enum)


def _check_polly(field: str, value: str | None, shape: str) -> None:
    if value is None or is_token(value):
        return
    if value not in _polly_values(shape):
        examples = ", ".join(sorted(_polly_values(shape))[:6])
        raise ConfigurationError(field, value, f"must be one of Amazon Polly's {shape} values (e.g. {examples}, ...)")
