"""Alarms on deliverability (the account's SES reputation, and each campaign's and journey's bounce and
complaint rates) and on custom channels (failures, missed deadlines, Lambda errors and throttles).

Nothing here creates a topic or any resource a user must delete by hand: alarms only, each with the
actions given (an SNS topic or any ``cloudwatch.IAlarmAction``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_sns as sns
from constructs import Construct

from .._typed_args import construct_init
from ..errors import ConfigurationError, check_range
from .metrics import DEFAULT_MIN_SENDS, MessagingMetrics, message_channels

if TYPE_CHECKING:  # importing them would load aws_lambda for every user of the alarms
    from ..campaigns import Campaign
    from ..custom_channel import CustomChannel
    from ..journeys import Journey

#: SES puts an account under review at a 5% bounce rate or a 0.1% complaint rate (SES developer
#: guide, "Reputation metrics"); at 10% and 0.5% it may pause the account's sending.
SES_BOUNCE_REVIEW_PERCENT = 5.0
SES_COMPLAINT_REVIEW_PERCENT = 0.1
#: Warnings early enough to act before a review: 2% is the bounce rate SES's guidance asks senders to
#: stay under (a list that bounces more has stale addresses), reached while there is still room to
#: clean it; 0.05% is half the complaint threshold, which is small in absolute terms (1 in 2,000), so
#: half leaves time to stop a campaign before the second half arrives.
SES_BOUNCE_WARNING_PERCENT = 2.0
SES_COMPLAINT_WARNING_PERCENT = 0.05
#: SES recomputes the reputation metrics about hourly, over a representative window of recent sends
REPUTATION_PERIOD = Duration.hours(1)
CUSTOM_CHANNEL_PERIOD = Duration.minutes(5)
DEFAULT_FAILURE_RATE_PERCENT = 5.0
DEFAULT_MIN_ATTEMPTS = 20

AlarmAction = cloudwatch.IAlarmAction | sns.ITopic
_ACTION_ALLOWED = "must be an sns.ITopic or a cloudwatch.IAlarmAction (e.g. cloudwatch_actions.SnsAction)"
_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9]")


@dataclass(frozen=True)
class Threshold:
    """A line an alarm watches: its name in the construct tree and the dashboard, and its value."""

    name: str
    percent: float


#: the account-level lines, in the order the README lists them
BOUNCE_THRESHOLDS = (
    Threshold("BounceRateReview", SES_BOUNCE_REVIEW_PERCENT),
    Threshold("BounceRateWarning", SES_BOUNCE_WARNING_PERCENT),
)
COMPLAINT_THRESHOLDS = (
    Threshold("ComplaintRateReview", SES_COMPLAINT_REVIEW_PERCENT),
    Threshold("ComplaintRateWarning", SES_COMPLAINT_WARNING_PERCENT),
)


def alarm_actions(field: str, action: AlarmAction | None, path: str) -> list[cloudwatch.IAlarmAction]:
    """``action`` as a list of alarm actions (a topic becomes an ``SnsAction``)."""
    if action is None:
        return []
    if hasattr(action, "topic_arn"):
        return [cloudwatch_actions.SnsAction(action)]  # type: ignore[arg-type]
    if hasattr(action, "bind"):
        return [action]  # type: ignore[list-item]
    raise ConfigurationError(field, action, _ACTION_ALLOWED, path=path)


def ses_reputation_percent(metric_name: str, label: str) -> cloudwatch.MathExpression:
    """An ``AWS/SES`` reputation metric (a fraction, 0.05 = 5%) as a percentage."""
    ratio = cloudwatch.Metric(
        namespace="AWS/SES", metric_name=metric_name, statistic=cloudwatch.Stats.MAXIMUM, period=REPUTATION_PERIOD
    )
    # The expression's period applies to every metric in it, so it is the reputation period too.
    return cloudwatch.MathExpression(
        expression="100 * r", using_metrics={"r": ratio}, label=label, period=REPUTATION_PERIOD
    )


def account_bounce_rate() -> cloudwatch.MathExpression:
    return ses_reputation_percent("Reputation.BounceRate", "Account bounce rate (%)")


def account_complaint_rate() -> cloudwatch.MathExpression:
    return ses_reputation_percent("Reputation.ComplaintRate", "Account complaint rate (%)")


def _construct_id(target: Construct) -> str:
    """An alarm id prefix from the target's path: readable, and unique in the app."""
    return _ID_CHARACTERS.sub("", target.node.path.split("/", 1)[-1]) or "Target"


class _Alarms(Construct):
    """Shared by both alarm constructs: the actions, and one way to make an alarm."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.alarms: list[cloudwatch.Alarm] = []

    def _alarm(
        self,
        id: str,
        metric: cloudwatch.IMetric,
        threshold: float,
        description: str,
        actions: Sequence[cloudwatch.IAlarmAction],
        *,
        operator: cloudwatch.ComparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    ) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            self,
            id,
            metric=metric,
            threshold=threshold,
            comparison_operator=operator,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(*actions)
        self.alarms.append(alarm)
        return alarm


class DeliverabilityAlarms(_Alarms):
    """Alarms that say when email sending puts the account at risk.

    Account-wide, on SES's own reputation metrics (``AWS/SES`` ``Reputation.BounceRate`` and
    ``Reputation.ComplaintRate``, maximum over an hour): a review alarm at AWS's review thresholds
    (bounce 5%, complaint 0.1%) and a warning alarm earlier (bounce 2%, complaint 0.05%; see
    ``SES_*_WARNING_PERCENT`` for why). Per campaign and journey, on the event processor's metrics:
    hard bounces and complaints per 100 emails sent over an hour, computed only when at least
    ``min_sends`` emails went out in that hour, so 1 bounce of 3 sends pages nobody; only for the
    campaigns and journeys that send email (all of an import, whose channels are unknown).

    :param scope: the parent construct.
    :param id: the construct id.
    :param campaigns: the campaigns to watch. Default: - none
    :param journeys: the journeys to watch. Default: - none
    :param alarm_action: what the review alarms and the per-campaign alarms do (an SNS topic or any
        ``cloudwatch.IAlarmAction``). Default: - none (the alarms only change state).
    :param warning_action: what the warning alarms do. Default: - ``alarm_action``
    :param account_reputation: alarm on the account's SES reputation metrics. Default: true
    :param bounce_rate_percent: the per-campaign bounce-rate threshold, in percent. Default: 5
    :param complaint_rate_percent: the per-campaign complaint-rate threshold, in percent. Default: 0.1
    :param min_sends: the fewest emails sent in an hour for which a campaign's rates count. Default: 100

    Attributes: ``alarms`` (all of them), ``account_alarms`` and ``campaign_alarms``.
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        campaigns: Sequence[Campaign] | None = None,
        journeys: Sequence[Journey] | None = None,
        alarm_action: AlarmAction | None = None,
        warning_action: AlarmAction | None = None,
        account_reputation: bool | None = None,
        bounce_rate_percent: float | None = None,
        complaint_rate_percent: float | None = None,
        min_sends: int | None = None,
    ) -> None:
        super().__init__(scope, id)
        path = self.node.path
        check_range("bounce_rate_percent", bounce_rate_percent, 0, 100, path=path)
        check_range("complaint_rate_percent", complaint_rate_percent, 0, 100, path=path)
        check_range("min_sends", min_sends, 1, path=path)
        targets: list[Campaign | Journey] = []
        kinds = (("campaigns", campaigns, "Campaign", 1), ("journeys", journeys, "Journey", 2))
        for field, given, kind, scope_index in kinds:
            if isinstance(given, str):  # iterable, but never a list of constructs
                raise ConfigurationError(field, given, f"must be a list of {kind}s", path=path)
            for target in given or ():
                if not isinstance(target, MessagingMetrics) or target._metric_scope()[scope_index] is None:
                    raise ConfigurationError(field, target, f"must be a list of {kind}s", path=path)
                targets.append(target)  # type: ignore[arg-type]
        actions = alarm_actions("alarm_action", alarm_action, path)
        warnings = alarm_actions("warning_action", warning_action, path) if warning_action is not None else actions
        self.account_alarms: list[cloudwatch.Alarm] = []
        if account_reputation is not False:
            rates = ((BOUNCE_THRESHOLDS, account_bounce_rate), (COMPLAINT_THRESHOLDS, account_complaint_rate))
            for thresholds, metric in rates:
                for threshold in thresholds:
                    review = threshold is thresholds[0]
                    self.account_alarms.append(
                        self._alarm(
                            threshold.name,
                            metric(),
                            threshold.percent,
                            f"The account's SES {threshold.name.split('Rate')[0].lower()} rate reached "
                            f"{threshold.percent:g}%: "
                            + ("AWS reviews accounts at this rate and may pause their sending" if review else
                               "an early warning, before AWS's review threshold"),
                            actions if review else warnings,
                        )
                    )  # fmt: skip
        bounce = bounce_rate_percent if bounce_rate_percent is not None else SES_BOUNCE_REVIEW_PERCENT
        complaint = complaint_rate_percent if complaint_rate_percent is not None else SES_COMPLAINT_REVIEW_PERCENT
        volume = min_sends if min_sends is not None else DEFAULT_MIN_SENDS
        self.campaign_alarms: list[cloudwatch.Alarm] = []
        for target in targets:
            if "EMAIL" not in message_channels(target):
                continue  # its events have no email bounce or complaint: the rates could never fire
            prefix, what = _construct_id(target), target.node.path
            for kind, rate, limit in (
                ("BounceRate", target.metric_bounce_rate(min_sends=volume), bounce),
                ("ComplaintRate", target.metric_complaint_rate(min_sends=volume), complaint),
            ):
                self.campaign_alarms.append(
                    self._alarm(
                        f"{prefix}{kind}",
                        rate,
                        limit,
                        f"{what}: {kind.replace('Rate', ' rate').lower()} at least {limit:g}% of the emails "
                        f"it sent in an hour (counted from {volume} sends in the hour)",
                        actions,
                    )
                )
        self.alarms = [*self.account_alarms, *self.campaign_alarms]


class CustomChannelAlarms(_Alarms):
    """Alarms on a custom channel: the share of failed deliveries, missed deadlines, and its function's
    errors and throttles, each over 5 minutes.

    :param scope: the parent construct.
    :param id: the construct id.
    :param channel: the ``CustomChannel``.
    :param alarm_action: what the alarms do (an SNS topic or any ``cloudwatch.IAlarmAction``).
        Default: - none (the alarms only change state).
    :param failure_rate_percent: alarm when at least this share of the deliveries failed. Default: 5
    :param min_attempts: the fewest deliveries in 5 minutes for which the failure rate counts. Default: 20

    Attributes: ``alarms``, ``failure_rate_alarm``, ``deadline_alarm``, ``errors_alarm``, ``throttles_alarm``.
    The delivery metrics count the custom-channel events of the channel's project, which are
    recorded to the event stream; an ``EventProcessor`` with engagement metrics must read it.
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        channel: CustomChannel,
        alarm_action: AlarmAction | None = None,
        failure_rate_percent: float | None = None,
        min_attempts: int | None = None,
    ) -> None:
        super().__init__(scope, id)
        path = self.node.path
        if not hasattr(channel, "metric_failures"):
            raise ConfigurationError("channel", channel, "must be a CustomChannel", path=path)
        check_range("failure_rate_percent", failure_rate_percent, 0, 100, path=path)
        check_range("min_attempts", min_attempts, 1, path=path)
        actions = alarm_actions("alarm_action", alarm_action, path)
        rate = failure_rate_percent if failure_rate_percent is not None else DEFAULT_FAILURE_RATE_PERCENT
        volume = min_attempts if min_attempts is not None else DEFAULT_MIN_ATTEMPTS
        what = channel.node.path
        self.failure_rate_alarm = self._alarm(
            "FailureRate",
            channel.metric_failure_rate(min_attempts=volume),
            rate,
            f"{what}: at least {rate:g}% of its deliveries failed in 5 minutes (counted from {volume} deliveries)",
            actions,
        )
        self.deadline_alarm = self._alarm(
            "DeadlineExceeded",
            channel.metric_deadline_exceeded(),
            1,
            f"{what}: deliveries ran out of time (deadline_exceeded): the function's timeout or the delivery's "
            "retries are too short for the endpoint",
            actions,
        )
        self.errors_alarm = self._alarm(
            "Errors",
            channel.function.metric_errors(period=CUSTOM_CHANNEL_PERIOD, statistic=cloudwatch.Stats.SUM),
            1,
            f"{what}: its function failed (Pinpoint retries the batch)",
            actions,
        )
        self.throttles_alarm = self._alarm(
            "Throttles",
            channel.function.metric_throttles(period=CUSTOM_CHANNEL_PERIOD, statistic=cloudwatch.Stats.SUM),
            1,
            f"{what}: its function was throttled (concurrency limit reached)",
            actions,
        )
