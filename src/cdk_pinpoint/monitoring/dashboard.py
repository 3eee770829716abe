"""The engagement dashboard: one CloudWatch dashboard per project that shows how messaging is going,
and :func:`layout_picture`, which draws a dashboard body's grid as text (the README's picture)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from .._typed_args import construct_init
from ..errors import ConfigurationError
from . import names
from .alarms import (
    BOUNCE_THRESHOLDS,
    COMPLAINT_THRESHOLDS,
    SES_BOUNCE_REVIEW_PERCENT,
    SES_COMPLAINT_REVIEW_PERCENT,
    Threshold,
    account_bounce_rate,
    account_complaint_rate,
)
from .metrics import MessagingMetrics, engagement_metric, message_channels

if TYPE_CHECKING:
    from ..custom_channel import CustomChannel
    from ..event_processing import EventProcessor

GRID_COLUMNS = 24
GRAPH_HEIGHT = 6
HEADER_HEIGHT = 4
#: the failure reasons the processor logs (``names.FAILURE_REASON_MESSAGE`` lines), most frequent first
FAILURE_REASONS_QUERY = (
    "fields @timestamp, event_type, reason, count",
    f'filter message = "{names.FAILURE_REASON_MESSAGE}"',
    "stats sum(count) as events by event_type, reason",
    "sort events desc",
    "limit 20",
)
#: per channel, what a campaign's or journey's widgets draw: (words for the title, metric names).
#: In-app events count in no metric, so an in-app campaign has no widgets.
Series = Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
_FUNNEL: Series = {
    "EMAIL": (("sends", "deliveries", "opens", "clicks"), (names.SENDS, names.DELIVERIES, names.OPENS, names.CLICKS)),
    "SMS": (("sends", "deliveries"), (names.SENDS, names.DELIVERIES)),
    "PUSH": (("sends",), (names.SENDS,)),
    "CUSTOM": (("custom channel sent",), (names.CUSTOM_CHANNEL_SENT,)),
}
_FAILURES: Series = {
    "EMAIL": (
        ("bounces", "complaints", "rendering"),
        (names.HARD_BOUNCES, names.SOFT_BOUNCES, names.COMPLAINTS, names.RENDERING_FAILURES),
    ),
    "SMS": (("SMS",), (names.SMS_FAILURES,)),
    "PUSH": (("push",), (names.PUSH_FAILURES,)),
    "CUSTOM": (
        ("custom channel", "deadline exceeded"),
        (names.CUSTOM_CHANNEL_FAILED, names.CUSTOM_CHANNEL_DEADLINE_EXCEEDED),
    ),
}
#: the project's opt-out events next to the opt-outs processed
_OPT_OUTS: Series = {
    "EMAIL": (
        ("unsubscribes", "complaints", "hard bounces"),
        (names.UNSUBSCRIBES, names.COMPLAINTS, names.HARD_BOUNCES),
    ),
    "SMS": (("unsubscribes",), (names.UNSUBSCRIBES,)),
}
_REVIEW_COLOR = cloudwatch.Color.RED
_WARNING_COLOR = cloudwatch.Color.ORANGE


def _annotations(thresholds: Sequence[Threshold]) -> list[cloudwatch.HorizontalAnnotation]:
    return [
        cloudwatch.HorizontalAnnotation(
            value=threshold.percent,
            label=f"{threshold.name} {threshold.percent:g}%",
            color=_REVIEW_COLOR if index == 0 else _WARNING_COLOR,
        )
        for index, threshold in enumerate(thresholds)
    ]


def _series(series: Series, channels: Set[str]) -> tuple[list[str], list[str]]:
    """The title words and metric names of ``series`` for ``channels``, each once, in ``series``'s order."""
    words: dict[str, None] = {}
    metric_names: dict[str, None] = {}
    for channel, (channel_words, channel_metrics) in series.items():
        if channel in channels:
            words.update(dict.fromkeys(channel_words))
            metric_names.update(dict.fromkeys(channel_metrics))
    return list(words), list(metric_names)


def _rate_graph(title: str, rate: cloudwatch.IMetric, thresholds: Sequence[Threshold]) -> cloudwatch.GraphWidget:
    return cloudwatch.GraphWidget(
        title=title, left=[rate], left_annotations=_annotations(thresholds), width=12, height=GRAPH_HEIGHT
    )


class EngagementDashboard(Construct):
    """A CloudWatch dashboard of one project's messaging, opened on the last day:

    - the account's SES bounce and complaint rates against AWS's review thresholds and the warnings
      (only when something sends email: an email campaign or journey, or the project's EmailChannel);
    - per campaign and journey, the series of the channels it sends through (all for an import):
      sends, deliveries, opens and clicks; bounce and complaint rates against the thresholds (email);
      bounces, complaints, rendering, SMS, push and custom-channel failures;
    - custom channels: delivered, failed and out-of-time deliveries, and each function's errors and
      throttles (only when the project has a custom channel);
    - opt-outs processed, and the event processor's health (iterator age, dead letters);
    - a CloudWatch Logs Insights table of the most frequent failure reasons.

    :param scope: the parent construct.
    :param id: the construct id.
    :param processor: the project's ``EventProcessor`` (with ``engagement_metrics``, the default).
    :param campaigns: the campaigns to show. Default: - every Campaign of the processor's project
        defined in the app before this dashboard.
    :param journeys: the journeys to show. Default: - every Journey of the project defined before.
    :param custom_channels: the custom channels to show. Default: - every CustomChannel of the project
        defined before.
    :param dashboard_name: the dashboard's name. Default: - generated by CloudFormation.

    Attributes: ``dashboard`` (the ``cloudwatch.Dashboard``), ``campaigns``, ``journeys``, ``custom_channels``.
    """

    @construct_init
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        processor: EventProcessor,
        campaigns: Sequence[MessagingMetrics] | None = None,
        journeys: Sequence[MessagingMetrics] | None = None,
        custom_channels: Sequence[CustomChannel] | None = None,
        dashboard_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        from ..event_processing import EventProcessor

        path = self.node.path
        if not isinstance(processor, EventProcessor):
            raise ConfigurationError("processor", processor, "must be an EventProcessor", path=path)
        if not processor.engagement_metrics:
            raise ConfigurationError(
                "processor",
                processor.node.path,
                "must publish engagement_metrics (the dashboard draws them)",
                path=path,
            )
        self.processor = processor
        project = processor.project
        found = self._found_in_app(project)
        self.campaigns = list(campaigns) if campaigns is not None else found[0]
        self.journeys = list(journeys) if journeys is not None else found[1]
        self.custom_channels = list(custom_channels) if custom_channels is not None else found[2]
        #: the channels the dashboard draws: its campaigns' and journeys' (all for an import, whose
        #: channels are unknown), the project's channel constructs', custom if it has custom channels
        self._channels = found[3].union(*map(message_channels, [*self.campaigns, *self.journeys]))
        if self.custom_channels:
            self._channels |= {"CUSTOM"}

        self.dashboard = cloudwatch.Dashboard(
            self, "Resource", dashboard_name=dashboard_name, default_interval=Duration.days(1)
        )
        self.dashboard.add_widgets(self._header())
        self.dashboard.add_widgets(*self._account_reputation())
        for target in [*self.campaigns, *self.journeys]:
            widgets = self._messaging(target)
            if widgets:  # none for a channel whose events count nowhere (in-app)
                self.dashboard.add_widgets(*widgets)
        if self.custom_channels:
            self.dashboard.add_widgets(*self._custom_channels())
        self.dashboard.add_widgets(*self._event_processing())
        self.dashboard.add_widgets(self._failure_reasons())

    def _found_in_app(
        self, project: Any
    ) -> tuple[list[MessagingMetrics], list[MessagingMetrics], list[CustomChannel], set[str]]:
        """The project's campaigns, journeys and custom channels in the app, and the channels its
        channel constructs send through (transactional sends need no campaign)."""
        from .. import channels
        from ..custom_channel import CustomChannel

        channel_kinds = (
            (channels.EmailChannel, "EMAIL"),
            (channels.SmsChannel, "SMS"),
            ((channels.ApnsChannel, channels.FcmChannel, channels.BaiduChannel, channels.AdmChannel), "PUSH"),
        )
        campaigns: list[MessagingMetrics] = []
        journeys: list[MessagingMetrics] = []
        custom_channels: list[CustomChannel] = []
        project_channels: set[str] = set()
        for construct in self.node.root.node.find_all():
            if getattr(construct, "project", None) is not project:
                continue
            if isinstance(construct, MessagingMetrics):
                (campaigns if construct._metric_scope()[1] is not None else journeys).append(construct)
            elif isinstance(construct, CustomChannel):
                custom_channels.append(construct)
            project_channels.update(name for kind, name in channel_kinds if isinstance(construct, kind))
        return campaigns, journeys, custom_channels, project_channels

    def _project_metric(self, metric_name: str) -> cloudwatch.Metric:
        return engagement_metric(metric_name, self.processor.project.project_id)

    def _header(self) -> cloudwatch.TextWidget:
        lines = ["# Messaging"]
        if "EMAIL" in self._channels:
            lines.append(
                f"Bounce rate: AWS reviews the account at {SES_BOUNCE_REVIEW_PERCENT:g}% (warning at "
                f"{BOUNCE_THRESHOLDS[1].percent:g}%). Complaint rate: review at {SES_COMPLAINT_REVIEW_PERCENT:g}% "
                f"(warning at {COMPLAINT_THRESHOLDS[1].percent:g}%). Campaign rates count from 100 emails an hour."
            )
        return cloudwatch.TextWidget(
            markdown="\n\n".join(lines), width=GRID_COLUMNS, height=HEADER_HEIGHT if len(lines) > 1 else 2
        )

    def _account_reputation(self) -> list[cloudwatch.IWidget]:
        if "EMAIL" not in self._channels:
            return []  # SES reputation is about email
        return [
            _rate_graph("Account bounce rate (SES reputation, %)", account_bounce_rate(), BOUNCE_THRESHOLDS),
            _rate_graph("Account complaint rate (SES reputation, %)", account_complaint_rate(), COMPLAINT_THRESHOLDS),
        ]

    def _messaging(self, target: MessagingMetrics) -> list[cloudwatch.IWidget]:
        label = target.node.id  # type: ignore[attr-defined]
        channels = message_channels(target)
        widgets: list[cloudwatch.IWidget] = []
        email = "EMAIL" in channels
        width = 8 if email else 12
        for title, series in (("funnel", _FUNNEL), ("failures", _FAILURES)):
            words, metric_names = _series(series, channels)
            if metric_names:
                widgets.append(
                    cloudwatch.GraphWidget(
                        title=f"{label}: {title} ({', '.join(words)})",
                        left=[target.metric(name) for name in metric_names],
                        width=width,
                        height=GRAPH_HEIGHT,
                    )
                )
        if email:  # the rates are per email sent
            widgets.insert(
                1,
                cloudwatch.GraphWidget(
                    title=f"{label}: rates (bounce, complaint %)",
                    left=[target.metric_bounce_rate()],
                    right=[target.metric_complaint_rate()],
                    left_annotations=_annotations(BOUNCE_THRESHOLDS[:1]),
                    right_annotations=_annotations(COMPLAINT_THRESHOLDS[:1]),
                    width=width,
                    height=GRAPH_HEIGHT,
                ),
            )
        return widgets

    def _custom_channels(self) -> list[cloudwatch.IWidget]:
        # The outcome events carry no channel: they are the project's, whichever channel sent them.
        first = self.custom_channels[0]
        widgets: list[cloudwatch.IWidget] = [
            cloudwatch.GraphWidget(
                title="Custom channels: sent, failed, deadline exceeded",
                left=[first.metric_sent(), first.metric_failures(), first.metric_deadline_exceeded()],
                width=12,
                height=GRAPH_HEIGHT,
            )
        ]
        for channel in self.custom_channels:
            widgets.append(
                cloudwatch.GraphWidget(
                    title=f"{channel.node.id}: function errors and throttles",
                    left=[channel.metric_errors(), channel.metric_throttles()],
                    width=12,
                    height=GRAPH_HEIGHT,
                )
            )
        return widgets

    def _event_processing(self) -> list[cloudwatch.IWidget]:
        words, metric_names = _series(_OPT_OUTS, self._channels)
        return [
            cloudwatch.GraphWidget(
                title=", ".join(["Opt-outs processed", *words]),
                left=[self.processor.metric_opt_outs_processed(), *map(self._project_metric, metric_names)],
                width=12,
                height=GRAPH_HEIGHT,
            ),
            cloudwatch.GraphWidget(
                title="Event processor: iterator age (ms), dead letters",
                left=[self.processor.metric_iterator_age()],
                right=[self.processor.metric_dead_letters()],
                width=12,
                height=GRAPH_HEIGHT,
            ),
        ]

    def _failure_reasons(self) -> cloudwatch.LogQueryWidget:
        return cloudwatch.LogQueryWidget(
            title="Most frequent failure reasons",
            log_group_names=[self.processor.log_group.log_group_name],
            query_lines=list(FAILURE_REASONS_QUERY),
            view=cloudwatch.LogQueryVisualizationType.TABLE,
            width=GRID_COLUMNS,
            height=GRAPH_HEIGHT,
        )


def dashboard_body(body: Any, placeholder: str = "TOKEN") -> dict[str, Any]:
    """A synthesized ``DashboardBody`` (a string, or CloudFormation's ``Fn::Join`` of strings and
    intrinsics) as JSON, each intrinsic replaced by ``placeholder``."""
    if isinstance(body, str):
        return json.loads(body)  # type: ignore[no-any-return]
    if isinstance(body, Mapping) and "Fn::Join" in body:
        separator, parts = body["Fn::Join"]
        return json.loads(separator.join(part if isinstance(part, str) else placeholder for part in parts))  # type: ignore[no-any-return]
    raise ValueError(f"not a dashboard body: {body!r}")


_CELL = 3  # characters per grid column in the picture; one line per two grid rows


def _title(widget: Mapping[str, Any]) -> str:
    properties = widget.get("properties", {})
    if "title" in properties:
        return str(properties["title"])
    return str(properties.get("markdown", "")).split("\n", 1)[0].lstrip("# ")


def layout_picture(body: Mapping[str, Any]) -> str:
    """The widgets of a dashboard body drawn on the 24-column grid, each box with its title (and its
    type, when not a metric graph)."""
    widgets = body["widgets"]
    lines = max((w["y"] + w["height"]) // 2 for w in widgets) + 1
    canvas = [[" "] * (GRID_COLUMNS * _CELL + 1) for _ in range(lines)]

    def put(line: int, column: int, char: str) -> None:
        if canvas[line][column] != "+":
            canvas[line][column] = char

    for widget in widgets:
        left, right = widget["x"] * _CELL, (widget["x"] + widget["width"]) * _CELL
        top, bottom = widget["y"] // 2, (widget["y"] + widget["height"]) // 2
        for column in range(left, right + 1):
            for line in (top, bottom):
                put(line, column, "+" if column in (left, right) else "-")
        for line in range(top + 1, bottom):
            put(line, left, "|")
            put(line, right, "|")
        text = _title(widget) + ("" if widget["type"] == "metric" else f" [{widget['type']}]")
        rows = bottom - top - 1
        wrapped = textwrap.wrap(text, width=right - left - 3) or [""]
        if len(wrapped) > rows:
            wrapped = [
                *wrapped[: rows - 1],
                textwrap.shorten(" ".join(wrapped[rows - 1 :]), right - left - 3, placeholder=".."),
            ]
        for offset, row in enumerate(wrapped):
            for index, char in enumerate(row):
                canvas[top + 1 + offset][left + 2 + index] = char
    return "\n".join("".join(line).rstrip() for line in canvas)
