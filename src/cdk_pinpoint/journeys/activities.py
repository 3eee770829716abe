"""Journey activities, chained like aws_stepfunctions states.

    email.next(wait).next(opened)
    opened.when(Condition.message_event(email, MessageEvent.EMAIL_OPENED), sms).otherwise(push)

An activity is a plain object (not a construct): a journey finds its activities by walking the
graph from the start. Each has a ``name`` (shown in the console and in Mermaid) and an API id
derived from it (``"Send welcome"`` -> ``SendWelcome``), stable across deploys and overridable
with ``activity_id``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

from aws_cdk import Duration

from .._binding import check_message_data
from .._construct_checks import check_whole_seconds, require_instance
from .._project_base import allow_pinpoint_to_invoke
from .._typed_args import (
    carried_error,
    checked_values,
    deferring,
    invalid_if_given,
    keeps_chaining,
    require_function,
)
from ..channels import SmsMessageType
from ..errors import ConfigurationError, check_range, is_token
from ..templates import ITemplate, TemplateKind
from .conditions import ActivityIds, Condition

if TYPE_CHECKING:
    from aws_cdk import aws_lambda as lambda_

    from .._binding import BindContext
    from ..segments import ISegment

_WORDS = re.compile(r"[A-Za-z0-9]+")
_TEMPLATE_ALLOWED = "must be an ITemplate (a template construct or an imported one)"


def derive_activity_id(name: str) -> str:
    """``"Send welcome email"`` -> ``"SendWelcomeEmail"`` (the API allows letters and digits only)."""
    return "".join(word[0].upper() + word[1:] for word in _WORDS.findall(name))


def _wait_time(field: str, duration: Duration | None, until: datetime | None) -> dict[str, str] | None:
    if duration is not None and until is not None:
        raise ConfigurationError(field, (duration, until), "give a duration or an until date, not both")
    if duration is not None:
        return {"WaitFor": duration.to_iso_string()}
    if until is not None:
        return {"WaitUntil": until.isoformat()}
    return None


@runtime_checkable
class IChainable(Protocol):
    """An activity or a chain of activities: where it starts, and the ends that can continue."""

    @property
    def start_activity(self) -> Activity: ...

    @property
    def end_activities(self) -> list[Activity]: ...


class Activity:
    """The base of every activity.

    :param name: a short name, shown in the console (as the description) and in Mermaid.
    :param activity_id: the API id, letters and digits. Default: - derived from ``name``.
    :param description: the description the console shows. Default: - ``name``.
    """

    #: the member of the API's ``Activity`` shape this class renders
    _api_type = ""

    def __init__(self, name: str, *, activity_id: str | None = None, description: str | None = None) -> None:
        self.name = name
        self.description = description
        self._activity_id = activity_id

    @property
    def activity_id(self) -> str:
        return self._activity_id if self._activity_id is not None else derive_activity_id(self.name)

    @property
    def start_activity(self) -> Activity:
        return self

    @property
    def end_activities(self) -> list[Activity]:
        return []

    def _successors(self) -> list[Activity]:
        """The activities this one leads to (the journey walks the graph with these)."""
        return []

    def _segments(self) -> list[ISegment]:
        """The segments the activity's conditions refer to; none by default."""
        return []

    def _templates(self) -> list[ITemplate]:
        """The templates the activity sends; none by default."""
        return []

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        raise NotImplementedError

    def _render(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        """The API ``Activity``: the one place an activity becomes its request shape."""
        return {"Description": self.description or self.name, self._api_type: _compact(self._body(ids, where))}

    def bind(self, context: BindContext) -> None:
        """Wire what the activity needs in the stack (permissions) when a journey uses it; nothing by
        default. A journey calls this through ``cdk_pinpoint._binding.bind``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != {}}


class Chain:
    """A sequence of activities: ``a.next(b).next(c)`` (the start is ``a``, the open end ``c``)."""

    def __init__(self, start: Activity, ends: Sequence[Activity]) -> None:
        self._start = start
        self._ends = list(ends)

    @staticmethod
    def start(chainable: IChainable) -> Chain:
        return invalid_if_given(Chain, "chainable", chainable) or Chain(
            start_of("chainable", chainable), chainable.end_activities
        )

    @property
    def start_activity(self) -> Activity:
        return self._start

    @property
    def end_activities(self) -> list[Activity]:
        return list(self._ends)

    @deferring
    def next(self, then: IChainable) -> Chain:
        """Continue every open end of this chain with ``then``."""
        start = start_of("next", then)
        if not self._ends:
            raise ConfigurationError(
                "next",
                start.name,
                "this chain ends in a split: continue from its branches, or rejoin them with split.afterwards()",
            )
        for end in self._ends:
            assert isinstance(end, _Sequential)
            end._set_next(start)
        return Chain(self._start, then.end_activities)


def start_of(field: str, then: Any) -> Activity:
    """Where ``then``, the activity or chain a journey continues with, starts; a ConfigurationError
    naming ``field`` for anything else (a name, a list of activities...)."""
    if not isinstance(then, Activity | Chain):
        raise ConfigurationError(field, then, "must be an activity or a chain of activities (Wait(...), a.next(b))")
    return then.start_activity


def _optional_start(field: str, then: Any) -> Activity | None:
    return None if then is None else start_of(field, then)


def _condition(field: str, condition: Any) -> Condition:
    return require_instance(field, condition, Condition, "must be a Condition (Condition.endpoint_attribute(...), ...)")  # type: ignore[no-any-return]


class _Sequential(Activity):
    """An activity with one way out (``NextActivity``); without one, the journey ends there."""

    def __init__(self, name: str, *, activity_id: str | None = None, description: str | None = None) -> None:
        super().__init__(name, activity_id=activity_id, description=description)
        self._next: Activity | None = None

    @property
    def end_activities(self) -> list[Activity]:
        return [self] if self._next is None else []

    @deferring
    def next(self, then: IChainable) -> Chain:
        """Continue with ``then`` after this activity; returns the chain, to keep going."""
        start_of(f"{self.name}.next", then)
        return Chain(self, [self]).next(then)

    def _set_next(self, activity: Activity) -> None:
        if self._next is not None and self._next is not activity:
            raise ConfigurationError(
                f"{self.name}.next", activity.name, f"this activity already continues with {self._next.name!r}"
            )
        self._next = activity

    def _successors(self) -> list[Activity]:
        return [self._next] if self._next is not None else []

    def _next_id(self, ids: ActivityIds, where: str) -> str | None:
        return ids(self._next, where) if self._next is not None else None


class _Message(_Sequential):
    """What Email, Sms, Push and Custom share: a template and a version."""

    _template_kind: TemplateKind | None = None

    def __init__(
        self,
        name: str,
        *,
        template: ITemplate | None,
        template_version: str | None,
        activity_id: str | None,
        description: str | None,
    ) -> None:
        super().__init__(name, activity_id=activity_id, description=description)
        require_instance(
            f"{name}.template", template, ITemplate, _TEMPLATE_ALLOWED, optional=self._template_kind is None
        )
        if template is not None and self._template_kind is not None and template.template_kind != self._template_kind:
            raise ConfigurationError(
                f"{name}.template",
                template.template_name,
                f"is a {template.template_kind.value} template; a {self._api_type} activity needs a "
                f"{self._template_kind.value} template",
            )
        self.template = template
        self.template_version = template_version
        #: the API's ``MessageConfig``: the channel's sending options, set by each activity type
        self.message_config: dict[str, Any] = {}

    def _templates(self) -> list[ITemplate]:
        return [self.template] if self.template is not None else []

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        return {
            "MessageConfig": _compact(self.message_config),
            "NextActivity": self._next_id(ids, where),
            "TemplateName": self.template.template_name if self.template is not None else None,
            "TemplateVersion": self.template_version,
        }


@checked_values(field="{name}")
class Email(_Message):
    """Send an email.

    :param name: the activity's name.
    :param template: an email template.
    :param template_version: the template version. Default: - the active version.
    :param from_address: a verified sender address. Default: - the project's email channel address.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "EMAIL"
    _template_kind = TemplateKind.EMAIL

    def __init__(
        self,
        name: str,
        *,
        template: ITemplate,
        template_version: str | None = None,
        from_address: str | None = None,
        activity_id: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(
            name, template=template, template_version=template_version, activity_id=activity_id, description=description
        )
        self.message_config = {"FromAddress": from_address}
        self.from_address = from_address


@checked_values(field="{name}")
class Sms(_Message):
    """Send a text message.

    :param name: the activity's name.
    :param template: an SMS template.
    :param template_version: the template version. Default: - the active version.
    :param message_type: transactional or promotional. Default: - the channel's default.
    :param origination_number: the number to send from (E.164). Default: - the account's default.
    :param sender_id: the alphanumeric sender id. Default: - none.
    :param entity_id: the regulator's entity id (India). Default: - none.
    :param registered_template_id: the regulator's template id (India). Default: - none.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "SMS"
    _template_kind = TemplateKind.SMS

    def __init__(
        self,
        name: str,
        *,
        template: ITemplate,
        template_version: str | None = None,
        message_type: SmsMessageType | None = None,
        origination_number: str | None = None,
        sender_id: str | None = None,
        entity_id: str | None = None,
        registered_template_id: str | None = None,
        activity_id: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(
            name, template=template, template_version=template_version, activity_id=activity_id, description=description
        )
        self.message_config = {
            "MessageType": message_type.value if message_type else None,
            "OriginationNumber": origination_number,
            "SenderId": sender_id,
            "EntityId": entity_id,
            "TemplateId": registered_template_id,
        }


@checked_values(field="{name}")
class Push(_Message):
    """Send a push notification.

    :param name: the activity's name.
    :param template: a push template.
    :param template_version: the template version. Default: - the active version.
    :param time_to_live: how long the push service keeps an undelivered message. Default: - the service's.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "PUSH"
    _template_kind = TemplateKind.PUSH

    def __init__(
        self,
        name: str,
        *,
        template: ITemplate,
        template_version: str | None = None,
        time_to_live: Duration | None = None,
        activity_id: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(
            name, template=template, template_version=template_version, activity_id=activity_id, description=description
        )
        check_whole_seconds(f"{name}.time_to_live", time_to_live, "Pinpoint's TimeToLive is in seconds")
        self.time_to_live = time_to_live
        ttl = None if time_to_live is None else str(int(time_to_live.to_seconds()))
        self.message_config = {"TimeToLive": ttl}


@checked_values(field="{name}")
class Custom(_Message):
    """Deliver through a Lambda function (for example ``CustomChannel(...).function``) or an HTTPS URL.

    :param name: the activity's name.
    :param function: the function Pinpoint invokes; Pinpoint gets permission to invoke it for this
        project only. Default: - ``url`` must be given.
    :param url: an HTTPS webhook. Default: - ``function`` must be given.
    :param endpoint_types: the endpoint types to deliver to, e.g. ``["CUSTOM"]``. Default: - all.
    :param data: the message data passed to the function or webhook. Default: - none.
    :param template: a template the function renders. Default: - none.
    :param template_version: the template version. Default: - the active version.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "CUSTOM"

    def __init__(
        self,
        name: str,
        *,
        function: lambda_.IFunction | None = None,
        url: str | None = None,
        endpoint_types: Sequence[str] | None = None,
        data: str | None = None,
        template: ITemplate | None = None,
        template_version: str | None = None,
        activity_id: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(
            name, template=template, template_version=template_version, activity_id=activity_id, description=description
        )
        self.message_config = {"Data": data}
        require_function(f"{name}.function", function)
        if (function is None) == (url is None):
            raise ConfigurationError(f"{name}.function", function, "give exactly one of function and url")
        if url is not None and not url.startswith("https://"):
            raise ConfigurationError(f"{name}.url", url, "must be an https:// URL")
        self.function = function
        self.url = url
        self.endpoint_types = list(endpoint_types) if endpoint_types is not None else None
        self.data = data

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        return {
            "DeliveryUri": self.function.function_arn if self.function is not None else self.url,
            "EndpointTypes": self.endpoint_types,
            **super()._body(ids, where),
        }

    def bind(self, context: BindContext) -> None:
        """Let the journey's project invoke the function (if any), and check the data it will get."""
        if self.function is not None:
            allow_pinpoint_to_invoke(context.project, self.function)
            check_message_data(self.function, "data", self.data)


@checked_values(field="{name}")
class Wait(_Sequential):
    """Wait for a duration or until a date.

    Pinpoint allows 1 hour to 365 days, or a date before the journey's end; the journey checks both
    when it is synthesized (the end only when its schedule has one).

    :param name: the activity's name.
    :param duration: how long to wait, 1 hour to 365 days. Default: - ``until`` must be given.
    :param until: when to move on (timezone-aware), before the journey's end. Default: - ``duration`` must be given.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "Wait"

    def __init__(
        self,
        name: str,
        *,
        duration: Duration | None = None,
        until: datetime | None = None,
        activity_id: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(name, activity_id=activity_id, description=description)
        self.wait_time = _wait_time(f"{name}.duration", duration, until)
        if self.wait_time is None:
            raise ConfigurationError(f"{name}.duration", None, "give a duration or an until date")

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        return {"NextActivity": self._next_id(ids, where), "WaitTime": self.wait_time}


@checked_values(field="{name}")
class Holdout(_Sequential):
    """Stop the journey for a percentage of participants (a control group).

    :param name: the activity's name.
    :param percentage: the participants held out, 1-100.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "Holdout"

    def __init__(
        self, name: str, *, percentage: int, activity_id: str | None = None, description: str | None = None
    ) -> None:
        super().__init__(name, activity_id=activity_id, description=description)
        check_range(f"{name}.percentage", percentage, 1, 100)
        self.percentage = percentage

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        return {"NextActivity": self._next_id(ids, where), "Percentage": self.percentage}


class ContactCenter(_Sequential):
    """Hand participants to the Amazon Connect campaign in the journey's ``contact_center`` settings.

    :param name: the activity's name.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "ContactCenter"

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        return {"NextActivity": self._next_id(ids, where)}


def _open_ends(split: Activity) -> list[Activity]:
    """The activities without a next one that ``split``'s branches reach (through nested splits too),
    not walking back through ``split`` itself; in the order the branches were written."""
    ends: list[Activity] = []
    seen = {id(split)}
    pending = list(split._successors())
    while pending:
        activity = pending.pop(0)
        if id(activity) in seen:
            continue
        seen.add(id(activity))
        if isinstance(activity, _Sequential) and activity._next is None:
            ends.append(activity)
        pending.extend(activity._successors())
    return ends


class _Split(Activity):
    """An activity with several ways out; it cannot ``next``, but its branches can rejoin."""

    @keeps_chaining
    def afterwards(self) -> Chain:
        """This split as a chain whose open ends are its branches' open ends, so that
        ``split.afterwards().next(activity)`` continues every branch with ``activity`` (as
        ``aws_stepfunctions.Choice.afterwards()``). Branches that end in a split or loop stay as they are;
        participants who take no branch (a split without ``otherwise``) leave the journey there."""
        if carried_error(self) is not None:
            return Chain.start(self)  # an invalid chain, carrying this split's error to the journey
        return Chain(self, _open_ends(self))


class _Branching(_Split):
    """Condition splits: several ways out, each set with a method."""

    def __init__(self, name: str, *, activity_id: str | None, description: str | None) -> None:
        super().__init__(name, activity_id=activity_id, description=description)
        self._otherwise: Activity | None = None

    @deferring
    def otherwise(self, then: IChainable) -> Self:
        """Where participants go when no condition holds."""
        start = start_of(f"{self.name}.otherwise", then)
        if self._otherwise is not None:
            raise ConfigurationError(f"{self.name}.otherwise", start.name, "is already set")
        self._otherwise = start
        return self


@checked_values(field="{name}")
class ConditionalSplit(_Branching):
    """A yes/no split: ``split.when(condition, yes).otherwise(no)``.

    :param name: the activity's name.
    :param evaluation_wait: how long to wait before testing the condition. Default: - no wait.
    :param evaluate_at: when to test the condition instead. Default: - at once (or after ``evaluation_wait``).
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "ConditionalSplit"

    def __init__(
        self,
        name: str,
        *,
        evaluation_wait: Duration | None = None,
        evaluate_at: datetime | None = None,
        activity_id: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(name, activity_id=activity_id, description=description)
        self.evaluation_wait = _wait_time(f"{name}.evaluation_wait", evaluation_wait, evaluate_at)
        self._condition: Condition | None = None
        self._when: Activity | None = None

    @deferring
    def when(self, condition: Condition, then: IChainable | None = None) -> Self:
        """Where participants go when ``condition`` holds (combine several with ``Condition.all_of``);
        without ``then``, the journey ends there for them."""
        condition = _condition(f"{self.name}.when", condition)
        start = _optional_start(f"{self.name}.when", then)
        if self._condition is not None:
            raise ConfigurationError(
                f"{self.name}.when",
                start.name if start is not None else None,
                "a ConditionalSplit has one condition; use MultiCondition",
            )
        self._condition = condition
        self._when = start
        return self

    def _successors(self) -> list[Activity]:
        return [a for a in (self._when, self._otherwise) if a is not None]

    def _segments(self) -> list[ISegment]:
        return list(self._condition.segments) if self._condition is not None else []

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        if self._condition is None:
            raise ConfigurationError(f"{self.name}.when", None, "a ConditionalSplit needs a condition: call .when()")
        return {
            "Condition": self._condition._render(ids, where),
            "EvaluationWaitTime": self.evaluation_wait,
            "TrueActivity": ids(self._when, where) if self._when is not None else None,
            "FalseActivity": ids(self._otherwise, where) if self._otherwise is not None else None,
        }


@checked_values(field="{name}")
class MultiCondition(_Branching):
    """Up to four conditions, tried in order, plus ``otherwise``: ``split.when(c1, a).when(c2, b).otherwise(c)``.

    :param name: the activity's name.
    :param evaluation_wait: how long to wait before testing the conditions. Default: - no wait.
    :param evaluate_at: when to test the conditions instead. Default: - at once.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "MultiCondition"

    def __init__(
        self,
        name: str,
        *,
        evaluation_wait: Duration | None = None,
        evaluate_at: datetime | None = None,
        activity_id: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(name, activity_id=activity_id, description=description)
        self.evaluation_wait = _wait_time(f"{name}.evaluation_wait", evaluation_wait, evaluate_at)
        self._branches: list[tuple[Condition, Activity | None]] = []

    @deferring
    def when(self, condition: Condition, then: IChainable | None = None) -> Self:
        """Add a branch: a simple condition (not ``all_of``/``any_of``) and where it leads; without
        ``then``, the journey ends there for the participants it matches."""
        if not _condition(f"{self.name}.when", condition).is_simple:
            raise ConfigurationError(
                f"{self.name}.when", "all_of/any_of", "a MultiCondition branch takes one simple condition"
            )
        self._branches.append((condition, _optional_start(f"{self.name}.when", then)))
        return self

    def _successors(self) -> list[Activity]:
        ends = [a for _, a in self._branches if a is not None]
        return ends + ([self._otherwise] if self._otherwise is not None else [])

    def _segments(self) -> list[ISegment]:
        return [segment for condition, _ in self._branches for segment in condition.segments]

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        return {
            "Branches": [
                _compact(
                    {
                        "Condition": condition._render_simple(ids, where),
                        "NextActivity": ids(then, where) if then is not None else None,
                    }
                )
                for condition, then in self._branches
            ],
            "DefaultActivity": ids(self._otherwise, where) if self._otherwise is not None else None,
            "EvaluationWaitTime": self.evaluation_wait,
        }


@checked_values(field="{name}")
class RandomSplit(_Split):
    """Send participants down up to five paths at random: ``split.branch(50, a).branch(50, b)``.

    :param name: the activity's name.
    :param activity_id: the API id. Default: - derived from ``name``.
    :param description: the description. Default: - ``name``.
    """

    _api_type = "RandomSplit"

    def __init__(self, name: str, *, activity_id: str | None = None, description: str | None = None) -> None:
        super().__init__(name, activity_id=activity_id, description=description)
        self._branches: list[tuple[int, Activity | None]] = []

    @deferring
    def branch(self, percentage: int, then: IChainable | None = None) -> Self:
        """Send ``percentage`` (1-100) of participants to ``then`` (or out of the journey, if None)."""
        field = f"{self.name}.branch.percentage"
        if isinstance(percentage, float) and not is_token(percentage):
            raise ConfigurationError(field, percentage, "must be a whole number from 1 to 100")
        check_range(field, percentage, 1, 100)
        self._branches.append((percentage, _optional_start(f"{self.name}.branch", then)))
        return self

    def _successors(self) -> list[Activity]:
        return [a for _, a in self._branches if a is not None]

    def _body(self, ids: ActivityIds, where: str) -> dict[str, Any]:
        if len(self._branches) < 2:
            raise ConfigurationError(
                f"{self.name}.branches",
                len(self._branches),
                "a RandomSplit needs at least two branches: call .branch()",
            )
        return {
            "Branches": [
                _compact({"Percentage": p, "NextActivity": ids(then, where) if then is not None else None})
                for p, then in self._branches
            ]
        }


#: every concrete activity class, one per API activity type
ACTIVITY_CLASSES: tuple[type[Activity], ...] = (
    Email,
    Sms,
    Push,
    Custom,
    Wait,
    Holdout,
    ContactCenter,
    ConditionalSplit,
    MultiCondition,
    RandomSplit,
)
