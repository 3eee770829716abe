"""CloudWatch metrics for what Pinpoint sends: the engagement metrics the ``EventProcessor`` publishes
(names in :mod:`.names`), and ``metric_*`` methods in aws-cdk's style for the constructs they
measure (:class:`MessagingMetrics`, mixed into ``Campaign`` and ``Journey``).

aws_cdk.aws_cloudwatch is imported on first use: campaigns and journeys import this module, and
most synths never ask for a metric.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from aws_cdk import Duration

from ..errors import ConfigurationError, check_range
from . import names

if TYPE_CHECKING:
    from aws_cdk import aws_cloudwatch as cloudwatch

#: the period of every engagement metric unless the caller gives one
DEFAULT_PERIOD = Duration.minutes(5)
#: the period of bounce and complaint rates: bounces and complaints arrive minutes to hours after the send
RATE_PERIOD = Duration.hours(1)
#: the fewest email sends in a period for which a rate is computed (below it the rate is 0): with
#: fewer, one bounce is already several percent, which says little about the list
DEFAULT_MIN_SENDS = 100


def engagement_metric(
    metric_name: str,
    project_id: str,
    *,
    campaign_id: str | None = None,
    journey_id: str | None = None,
    period: Duration | None = None,
    label: str | None = None,
) -> cloudwatch.Metric:
    """One engagement metric (a count, summed over ``period``) of a project, or of one campaign or journey."""
    from aws_cdk import aws_cloudwatch as cloudwatch

    if metric_name not in names.ALL_METRICS:
        raise ConfigurationError("metric_name", metric_name, f"must be one of {', '.join(names.ALL_METRICS)}")
    dimensions = {names.PROJECT_DIMENSION: project_id}
    if campaign_id is not None:
        dimensions[names.CAMPAIGN_DIMENSION] = campaign_id
    if journey_id is not None:
        dimensions[names.JOURNEY_DIMENSION] = journey_id
    return cloudwatch.Metric(
        namespace=names.NAMESPACE,
        metric_name=metric_name,
        dimensions_map=dimensions,
        statistic=cloudwatch.Stats.SUM,
        period=period or DEFAULT_PERIOD,
        label=label,
    )


def rate_percent(
    numerator: tuple[str, cloudwatch.IMetric],
    denominator: tuple[str, cloudwatch.IMetric],
    *,
    min_volume: int,
    label: str,
    period: Duration | None = None,
) -> cloudwatch.MathExpression:
    """``100 * numerator / denominator`` in each period in which ``denominator`` is at least
    ``min_volume``, else 0 (so a handful of sends cannot raise an alarm, and nothing divides by 0).
    Each metric comes with its id in the expression (distinct ids let two rates share a graph)."""
    from aws_cdk import aws_cloudwatch as cloudwatch

    check_range("min_volume", min_volume, 1)
    (n, n_metric), (d, d_metric) = numerator, denominator
    return cloudwatch.MathExpression(
        expression=f"IF(FILL({d}, 0) >= {min_volume}, 100 * FILL({n}, 0) / {d}, 0)",
        using_metrics={n: n_metric, d: d_metric},
        label=label,
        period=period or RATE_PERIOD,
    )


def delivery_failure_rate(
    channel: _Delivers, *, min_attempts: int, period: Duration | None = None
) -> cloudwatch.MathExpression:
    """Failed per 100 deliveries of a custom channel, in periods with at least ``min_attempts`` deliveries."""
    from aws_cdk import aws_cloudwatch as cloudwatch

    check_range("min_attempts", min_attempts, 1)
    period = period or DEFAULT_PERIOD
    attempts = "(FILL(s, 0) + FILL(f, 0))"
    return cloudwatch.MathExpression(
        expression=f"IF({attempts} >= {min_attempts}, 100 * FILL(f, 0) / {attempts}, 0)",
        using_metrics={"s": channel.metric_sent(period=period), "f": channel.metric_failures(period=period)},
        label="Failure rate (%)",
        period=period,
    )


class _Delivers(Protocol):
    def metric_sent(self, *, period: Duration | None = None) -> cloudwatch.Metric: ...
    def metric_failures(self, *, period: Duration | None = None) -> cloudwatch.Metric: ...


#: the channels a campaign or journey sends through: ``CampaignChannel`` values, which are also the
#: journey message activities' API types
MESSAGE_CHANNELS = frozenset({"EMAIL", "SMS", "PUSH", "IN_APP", "CUSTOM"})


def message_channels(target: MessagingMetrics) -> frozenset[str]:
    """The channels (``MESSAGE_CHANNELS``) a campaign or journey sends through; all of them when unknown
    (an import)."""
    channels = target._message_channels()
    return MESSAGE_CHANNELS if channels is None else channels


class MessagingMetrics:
    """``metric_*`` methods for a construct whose sends are counted per campaign or journey.

    The metrics exist once an ``EventProcessor`` with ``engagement_metrics`` (the default) reads the
    project's event stream. Each returns a count summed over ``period`` (default 5 minutes), except
    the rates, which are percentages over ``period`` (default 1 hour).
    """

    #: what error messages call it: users pass campaigns and journeys, never name this class
    _described_as = "a campaign or journey (Campaign, Journey, or one imported with their from_* methods)"

    def _metric_scope(self) -> tuple[str, str | None, str | None]:
        """(project id, campaign id, journey id) of the construct's metrics."""
        raise NotImplementedError

    def _message_channels(self) -> frozenset[str] | None:
        """The channels (``MESSAGE_CHANNELS``) it sends through; None when unknown (an import)."""
        return None

    def metric(
        self, metric_name: str, *, period: Duration | None = None, label: str | None = None
    ) -> cloudwatch.Metric:
        """Any engagement metric (see ``cdk_pinpoint.monitoring.names.ALL_METRICS``) of this construct."""
        project_id, campaign_id, journey_id = self._metric_scope()
        return engagement_metric(
            metric_name, project_id, campaign_id=campaign_id, journey_id=journey_id, period=period, label=label
        )

    def metric_sends(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Messages sent: emails, SMS and push notifications."""
        return self.metric(names.SENDS, period=period)

    def metric_email_sends(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Emails sent (the denominator of the bounce and complaint rates)."""
        return self.metric(names.EMAIL_SENDS, period=period)

    def metric_deliveries(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Emails and SMS delivered."""
        return self.metric(names.DELIVERIES, period=period)

    def metric_opens(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Emails opened."""
        return self.metric(names.OPENS, period=period)

    def metric_clicks(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Links clicked in emails."""
        return self.metric(names.CLICKS, period=period)

    def metric_hard_bounces(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Emails that bounced permanently."""
        return self.metric(names.HARD_BOUNCES, period=period)

    def metric_soft_bounces(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Emails that bounced temporarily."""
        return self.metric(names.SOFT_BOUNCES, period=period)

    def metric_complaints(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Emails marked as spam."""
        return self.metric(names.COMPLAINTS, period=period)

    def metric_unsubscribes(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Email unsubscribes and SMS opt-outs."""
        return self.metric(names.UNSUBSCRIBES, period=period)

    def metric_rendering_failures(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Emails not sent because their template did not render."""
        return self.metric(names.RENDERING_FAILURES, period=period)

    def metric_sms_failures(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """SMS that failed (``_SMS.FAILURE``)."""
        return self.metric(names.SMS_FAILURES, period=period)

    def metric_push_failures(self, *, period: Duration | None = None) -> cloudwatch.Metric:
        """Push notifications Pinpoint could not send."""
        return self.metric(names.PUSH_FAILURES, period=period)

    def metric_bounce_rate(
        self, *, min_sends: int = DEFAULT_MIN_SENDS, period: Duration | None = None
    ) -> cloudwatch.MathExpression:
        """Hard bounces per 100 emails sent, in periods with at least ``min_sends`` emails sent (else 0)."""
        return self._email_rate(names.HARD_BOUNCES, "hardBounces", "Bounce rate (%)", min_sends, period)

    def metric_complaint_rate(
        self, *, min_sends: int = DEFAULT_MIN_SENDS, period: Duration | None = None
    ) -> cloudwatch.MathExpression:
        """Complaints per 100 emails sent, in periods with at least ``min_sends`` emails sent (else 0)."""
        return self._email_rate(names.COMPLAINTS, "complaints", "Complaint rate (%)", min_sends, period)

    def _email_rate(
        self, metric_name: str, id: str, label: str, min_sends: int, period: Duration | None
    ) -> cloudwatch.MathExpression:
        period = period or RATE_PERIOD
        return rate_percent(
            (id, self.metric(metric_name, period=period)),
            ("emailSends", self.metric_email_sends(period=period)),
            min_volume=min_sends,
            label=label,
            period=period,
        )
