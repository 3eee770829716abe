"""The one place a construct receives a value object: :func:`bind`.

aws-cdk's pattern (``ILambdaDestination.bind(scope, fn)``, ``IRuleTarget.bind(rule)``): a value
whose use changes the construct tree (a :class:`~cdk_pinpoint.CampaignHook` or
:class:`~cdk_pinpoint.CustomDelivery` lets Pinpoint invoke a Lambda function) does not do so while
it is rendered. It *binds* to the construct that uses it and returns its config, the
CloudFormation property; the construct puts that config where it belongs::

    campaign_hook=bind(self, "campaign_hook", campaign_hook, project=self)

Bound today: ``CampaignHook``, ``CustomDelivery``, ``QuietTime`` and ``Limits`` on a project, a
campaign's ``campaign_hook``, ``custom_delivery`` and ``limits``, and every journey activity (a
``Custom`` activity's function; an activity's request shape is still rendered by the journey, which
alone knows the activity ids). The other values (schedules, messages, treatments, filters, the journey
settings) still render through their ``_to_cfn``/``_to_api`` called by the construct; each moves here
by growing a ``bind`` that returns that same shape.

So model values import nothing of the constructs (they get the construct and its project in the
:class:`BindContext`), and every construct hands its values over in one way.

Errors: every :class:`~cdk_pinpoint.ConfigurationError` raised while a value binds names the
construct's path and the field the value was passed as (``Test/Campaign: campaign_hook.mode=...``); an
error whose field already starts with that field (today's values name their own field, like
``limits.session``) keeps it. An invalid value (one whose constructor found a mistake: see
``cdk_pinpoint._typed_args``) raises its error here the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ._typed_args import reject_invalid
from .errors import ConfigurationError

if TYPE_CHECKING:
    from constructs import Construct

    from ._project_base import IProject

ConfigT = TypeVar("ConfigT")
ConfigT_co = TypeVar("ConfigT_co", covariant=True)


@dataclass(frozen=True)
class BindContext:
    """What a value learns when it binds.

    :param scope: the construct that uses the value (where its side effects belong).
    :param project: the project that construct belongs to.
    :param field: the field the value was passed as (``"campaign_hook"``, ``"treatments[1].schedule"``).
    """

    scope: Construct
    project: IProject
    field: str


class Bindable(Protocol[ConfigT_co]):
    """A value that binds to the construct that uses it and returns its config."""

    def bind(self, context: BindContext) -> ConfigT_co: ...


def bind(scope: Construct, field: str, value: Bindable[ConfigT], *, project: IProject) -> ConfigT:
    """Bind ``value`` (passed to ``scope`` as ``field``) and return its config; errors name the
    construct path and the field (see the module docstring)."""
    try:
        reject_invalid(field, value)
        return value.bind(BindContext(scope, project, field))
    except ConfigurationError as err:
        if err.path is not None:
            raise
        named = err.field == field or err.field.startswith((f"{field}.", f"{field}["))
        raise err.at(scope.node.path, None if named else field) from None


def check_message_data(function: Any, field: str, data: str | None) -> None:
    """Check ``data``, the message data a campaign or journey (binding now) will send ``function``,
    with the construct that reads it: the first of the function's scopes with a
    ``check_message_data(field, data)`` method (a :class:`~cdk_pinpoint.custom_channel.CustomChannel`).
    Any other function's data is its own business: nothing is checked."""
    for scope in reversed(function.node.scopes):
        check = getattr(scope, "check_message_data", None)
        if callable(check):
            check(field, data)
            return
