"""Message templates: Email, SMS, Push and In-app (CloudFormation) and Voice (a custom resource).

What CloudFormation cannot create goes through the Pinpoint API instead, with one custom resource
(``lambdas/pinpoint_api/message_template.py``): every voice template, an email template with a
``recommender_id`` and a push template with ``raw_content`` (``AWS::Pinpoint::EmailTemplate`` and
``PushTemplate`` have no such properties; raw push content is CloudFormation coverage-roadmap
issue #2252). Without those options they stay plain CloudFormation resources.

Every template part is compiled by :mod:`cdk_pinpoint.rendering` when the construct is created, so
a broken template fails ``cdk synth`` (not a send) with the construct path, the part, the line and
the column. ``template.variables`` lists the message variables the parts read, and
``template.preview(endpoint)`` renders every part the way Pinpoint would.

Templates belong to the account and region, not to a project: a name is unique per kind.

Synth warnings (acknowledge with ``Annotations.of(template).acknowledge_warning(id, reason)``):

* ``cdk-pinpoint:template-variable-without-default`` -- a part reads a message variable that has
  no default substitution, so an endpoint without that attribute gets an empty string there.

Modules: :mod:`.base` (kinds, ``ITemplate``, the body and base classes), :mod:`.email`, :mod:`.sms`,
:mod:`.push`, :mod:`.in_app`, :mod:`.voice`. Import from ``cdk_pinpoint.templates`` (or ``cdk_pinpoint``).
"""

from __future__ import annotations

from .base import (
    MAX_EMAIL_CHARACTERS,
    MAX_PUSH_CHARACTERS,
    MAX_SMS_CHARACTERS,
    MAX_VOICE_CHARACTERS,
    TEMPLATE_READ_ACTIONS,
    VARIABLE_WITHOUT_DEFAULT_WARNING_ID,
    ITemplate,
    TemplateBody,
    TemplateKind,
    template_arn,
)
from .base import (
    _TemplateBase as _TemplateBase,
)
from .email import (
    EmailTemplate,
    disable_link_tracking,
)
from .in_app import (
    ButtonAction,
    ButtonOverride,
    InAppButton,
    InAppContent,
    InAppLayout,
    InAppTemplate,
    TextAlignment,
)
from .push import (
    AndroidPush,
    ApnsPush,
    DefaultPush,
    PushAction,
    PushTemplate,
)
from .sms import (
    SmsTemplate,
)
from .voice import (
    VoiceTemplate,
)

__all__ = [
    "MAX_EMAIL_CHARACTERS",
    "MAX_PUSH_CHARACTERS",
    "MAX_SMS_CHARACTERS",
    "MAX_VOICE_CHARACTERS",
    "TEMPLATE_READ_ACTIONS",
    "VARIABLE_WITHOUT_DEFAULT_WARNING_ID",
    "AndroidPush",
    "ApnsPush",
    "ButtonAction",
    "ButtonOverride",
    "DefaultPush",
    "EmailTemplate",
    "ITemplate",
    "InAppButton",
    "InAppContent",
    "InAppLayout",
    "InAppTemplate",
    "PushAction",
    "PushTemplate",
    "SmsTemplate",
    "TemplateBody",
    "TemplateKind",
    "TextAlignment",
    "VoiceTemplate",
    "disable_link_tracking",
    "template_arn",
]
