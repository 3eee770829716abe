"""When and how much is sent: quiet time and sending limits, shared by projects, campaigns and journeys.

Each is a frozen value that checks itself when it is written, and renders itself to the
CloudFormation shape in one place (``_to_cfn``, or ``bind`` for a value that changes the
construct tree: see ``cdk_pinpoint._binding``) and, where journeys need it, to the Pinpoint API
shape (``_to_api``). CloudFormation shapes are dicts with jsii's camelCase keys, which every L1
property class accepts (snake_case keys of more than one word are silently dropped by jsii).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_cdk import Duration

from . import _cfn_schema
from ._project_base import _ProjectBase
from ._shapes import without_none
from ._typed_args import checked_values
from .errors import ConfigurationError, check_range, is_token

if TYPE_CHECKING:
    from ._binding import BindContext

_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@checked_values(field="quiet_time")
@dataclass(frozen=True)
class QuietTime:
    """The hours, in each endpoint's local time, during which no messages are sent.

    :param start: start of quiet time, ``"HH:MM"`` in 24-hour format (for example ``"22:00"``).
    :param end: end of quiet time, ``"HH:MM"`` (for example ``"07:00"``); may be before ``start``.
    """

    start: str
    end: str

    def __post_init__(self) -> None:
        for field, value in (("quiet_time.start", self.start), ("quiet_time.end", self.end)):
            if not is_token(value) and not (isinstance(value, str) and _HH_MM.match(value)):
                raise ConfigurationError(field, value, 'must be a 24-hour time "HH:MM", e.g. "22:00"')
        if self.start == self.end:
            raise ConfigurationError("quiet_time.end", self.end, "must differ from quiet_time.start")

    def bind(self, context: BindContext) -> dict[str, str]:
        """The ``QuietTime`` property of a project's settings or a campaign's schedule."""
        return self._to_cfn()

    def _to_cfn(self) -> dict[str, str]:
        return {"start": self.start, "end": self.end}

    def _to_api(self) -> dict[str, str]:
        return {"Start": self.start, "End": self.end}


@checked_values(field="limits")
@dataclass(frozen=True)
class Limits:
    """Sending limits for a project (its defaults), a campaign or a treatment.

    :param daily: messages one endpoint may receive in 24 hours, 0-100. Default: - no limit.
    :param total: messages one endpoint may receive in total, 0-100. Default: - no limit.
    :param messages_per_second: sending rate, 1-20,000. Default: - Pinpoint's default.
    :param maximum_duration: how long a campaign may try to send, at least 60 seconds.
        Default: - no limit.
    :param session: in-app messages one endpoint may see per session, 0-100 (campaigns only).
        Default: - no limit.
    """

    daily: int | None = None
    total: int | None = None
    messages_per_second: int | None = None
    maximum_duration: Duration | None = None
    session: int | None = None

    def __post_init__(self) -> None:
        # CampaignLimits: "The maximum value is 100" (Daily, Total), MessagesPerSecond 1 to 20,000,
        # MaximumDuration "The minimum value is 60 seconds" (https://docs.aws.amazon.com/AWSCloudFormation/
        # latest/UserGuide/aws-properties-pinpoint-campaign-limits.html; the API reference says the same)
        check_range("limits.daily", self.daily, 0, 100)
        check_range("limits.total", self.total, 0, 100)
        check_range("limits.session", self.session, 0, 100)
        check_range("limits.messages_per_second", self.messages_per_second, 1, 20_000)
        if self.maximum_duration is not None:
            seconds = self.maximum_duration.to_seconds(integral=False)
            # a whole number of seconds: the schema's type (a fraction was a jsii error from to_seconds())
            _cfn_schema.check(
                "limits.maximum_duration (seconds)", seconds, "AWS::Pinpoint::Campaign", "Limits.MaximumDuration",
                stricter_minimum=(60, "Pinpoint's CampaignLimits"),
            )  # fmt: skip

    def bind(self, context: BindContext) -> dict[str, Any]:
        """The ``Limits`` property: of a campaign, or of a project's defaults (which have no session limit)."""
        return self._to_cfn(allow_session=not isinstance(context.scope, _ProjectBase))

    def _to_cfn(self, *, allow_session: bool) -> dict[str, Any]:
        if self.session is not None and not allow_session:
            raise ConfigurationError("limits.session", self.session, "is only allowed on campaigns")
        rendered = {
            "daily": self.daily,
            "total": self.total,
            "messagesPerSecond": self.messages_per_second,
            "maximumDuration": None if self.maximum_duration is None else self.maximum_duration.to_seconds(),
            "session": self.session,
        }
        return without_none(rendered)


# Their old home: CampaignHook and HookMode live in hooks.py, SmsMessageType in channels.py.
from .channels import SmsMessageType as SmsMessageType  # noqa: E402
from .hooks import CampaignHook as CampaignHook  # noqa: E402
from .hooks import HookMode as HookMode  # noqa: E402
