"""Monitoring: metric_* methods, DeliverabilityAlarms and CustomChannelAlarms on the synthesized
template, and the EngagementDashboard's body checked against CloudWatch's documented dashboard body
structure (and the README's picture of it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns

from cdk_pinpoint import CustomChannelAlarms, DeliverabilityAlarms, EngagementDashboard
from cdk_pinpoint.campaigns import Campaign, EmailMessage, Schedule
from cdk_pinpoint.custom_channel import CustomChannel, Delivery
from cdk_pinpoint.errors import ConfigurationError
from cdk_pinpoint.event_processing import EventProcessor
from cdk_pinpoint.event_stream import EventStream
from cdk_pinpoint.journeys import Email, Journey, JourneyStart
from cdk_pinpoint.monitoring import names
from cdk_pinpoint.monitoring.dashboard import FAILURE_REASONS_QUERY, dashboard_body, layout_picture
from cdk_pinpoint.project import Project
from cdk_pinpoint.segments import Segment, SegmentDimensions, SetFilter
from cdk_pinpoint.templates import TemplateKind
from tests.support import cfn_lint_errors, make_stack, nag_findings, template_of
from tests.unit.test_journeys import FakeTemplate

ROOT = Path(__file__).resolve().parents[2]
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook-key-AbCdEf"
TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:on-call"


def _app(*, campaign=True, journey=True, channel=True, **processor_props):
    stack = make_stack()
    project = Project(stack, "P")
    built = {"stack": stack, "project": project}
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    if campaign:
        built["campaign"] = Campaign(
            stack, "Launch", project=project, segment=segment, campaign_name="launch",
            message=EmailMessage("Hi", html_body="<p>Hi</p>"), schedule=Schedule.immediately(),
        )  # fmt: skip
    if journey:
        built["journey"] = Journey(
            stack, "Welcome", project=project, start=JourneyStart.from_segment(segment),
            definition=Email("Send", template=FakeTemplate(stack, "Tpl")),
        )  # fmt: skip
    if channel:
        secret = secretsmanager.Secret.from_secret_complete_arn(stack, "Key", SECRET_ARN)
        built["channel"] = CustomChannel(
            stack, "Hook", project=project,
            delivery=Delivery.webhook("https://hooks.example.com/pinpoint", signing_secret=secret),
        )  # fmt: skip
    events = EventStream(stack, "Events", project=project)
    built["processor"] = EventProcessor(stack, "Processor", event_stream=events, **processor_props)
    return built


def _resolve(stack, value):
    return stack.resolve(value)


# --- metric_* methods -----------------------------------------------------------------------------------


def test_campaign_and_journey_metrics_carry_their_ids_and_the_project():
    app = _app(channel=False)
    stack, campaign, journey = app["stack"], app["campaign"], app["journey"]
    sends = campaign.metric_sends()
    assert isinstance(sends, cloudwatch.Metric)
    assert (sends.namespace, sends.metric_name, sends.statistic) == (names.NAMESPACE, "Sends", "Sum")
    assert _resolve(stack, sends.dimensions) == {
        "ProjectId": _resolve(stack, app["project"].project_id),
        "CampaignId": _resolve(stack, campaign.campaign_id),
    }
    deliveries = journey.metric_deliveries()
    assert deliveries.metric_name == "Deliveries"
    assert set(_resolve(stack, deliveries.dimensions)) == {"ProjectId", "JourneyId"}
    assert _resolve(stack, deliveries.dimensions)["JourneyId"] == _resolve(stack, journey.journey_id)
    expected = {
        "metric_sends": "Sends", "metric_email_sends": "EmailSends", "metric_deliveries": "Deliveries",
        "metric_opens": "Opens", "metric_clicks": "Clicks", "metric_hard_bounces": "HardBounces",
        "metric_soft_bounces": "SoftBounces", "metric_complaints": "Complaints", "metric_unsubscribes": "Unsubscribes",
        "metric_rendering_failures": "RenderingFailures", "metric_sms_failures": "SmsFailures",
        "metric_push_failures": "PushFailures",
    }  # fmt: skip
    assert {name: getattr(campaign, name)().metric_name for name in expected} == expected


def test_the_bounce_rate_is_metric_math_with_a_minimum_volume():
    campaign = _app(journey=False, channel=False)["campaign"]
    rate = campaign.metric_bounce_rate(min_sends=250)
    assert isinstance(rate, cloudwatch.MathExpression)
    assert rate.expression == "IF(FILL(emailSends, 0) >= 250, 100 * FILL(hardBounces, 0) / emailSends, 0)"
    assert {k: m.metric_name for k, m in rate.using_metrics.items()} == {
        "hardBounces": "HardBounces",
        "emailSends": "EmailSends",
    }
    assert rate.period.to_seconds() == 3600
    assert "FILL(complaints, 0)" in campaign.metric_complaint_rate().expression
    with pytest.raises(ConfigurationError, match="min_volume"):
        campaign.metric_bounce_rate(min_sends=0)


def test_an_unknown_metric_name_fails_with_the_allowed_names():
    campaign = _app(journey=False, channel=False)["campaign"]
    with pytest.raises(ConfigurationError, match=r"Bounces.*must be one of Sends, EmailSends"):
        campaign.metric("Bounces")


def test_custom_channel_and_processor_metrics():
    app = _app(campaign=False, journey=False)
    stack, channel, processor = app["stack"], app["channel"], app["processor"]
    assert channel.metric_sent().metric_name == names.CUSTOM_CHANNEL_SENT
    assert channel.metric_failures().metric_name == names.CUSTOM_CHANNEL_FAILED
    assert channel.metric_deadline_exceeded().metric_name == names.CUSTOM_CHANNEL_DEADLINE_EXCEEDED
    assert (channel.metric_errors().namespace, channel.metric_errors().metric_name) == ("AWS/Lambda", "Errors")
    assert channel.metric_throttles().metric_name == "Throttles"
    rate = channel.metric_failure_rate(min_attempts=30)
    assert rate.expression == "IF((FILL(s, 0) + FILL(f, 0)) >= 30, 100 * FILL(f, 0) / (FILL(s, 0) + FILL(f, 0)), 0)"
    dead = processor.metric_dead_letters()
    assert (dead.namespace, dead.metric_name, dead.statistic) == (
        "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum",
    )  # fmt: skip
    assert (processor.metric_iterator_age().metric_name, processor.metric_iterator_age().namespace) == (
        "IteratorAge", "AWS/Lambda",
    )  # fmt: skip
    assert processor.metric_opt_outs_processed().metric_name == names.OPT_OUTS_PROCESSED
    assert _resolve(stack, processor.metric_opt_outs_processed().dimensions) == {
        "ProjectId": _resolve(stack, app["project"].project_id)
    }


# --- the processor hands the handler its configuration ----------------------------------------------------


def _environment(stack):
    functions = template_of(stack).find_resources("AWS::Lambda::Function")
    [env] = [
        f["Properties"]["Environment"]["Variables"] for f in functions.values() if "SUPPRESS_IN_SES" in json.dumps(f)
    ]
    return env


def test_the_processor_passes_the_metric_names_to_its_function():
    app = _app(campaign=False, journey=False, channel=False)
    assert json.loads(_environment(app["stack"])["METRICS"]) == names.handler_config()
    assert app["processor"].engagement_metrics is True


def test_engagement_metrics_can_be_turned_off_and_then_no_dashboard_can_draw_them():
    app = _app(campaign=False, journey=False, channel=False, engagement_metrics=False)
    assert "METRICS" not in _environment(app["stack"])
    with pytest.raises(ConfigurationError, match="engagement_metrics"):
        EngagementDashboard(app["stack"], "Dashboard", processor=app["processor"])


# --- DeliverabilityAlarms ---------------------------------------------------------------------------------


def _by_id(stack, construct):
    """The synthesized properties of ``construct``'s alarms, by construct id."""
    resources = template_of(stack).to_json()["Resources"]
    return {
        alarm.node.id: resources[stack.get_logical_id(alarm.node.default_child)]["Properties"]
        for alarm in construct.alarms
    }


def test_account_alarms_watch_ses_reputation_at_the_review_and_warning_thresholds():
    app = _app(campaign=False, journey=False, channel=False)
    stack = app["stack"]
    topic = sns.Topic.from_topic_arn(stack, "OnCall", TOPIC_ARN)
    alarms = DeliverabilityAlarms(stack, "Deliverability", alarm_action=topic)
    props = _by_id(stack, alarms)
    assert {k: v["Threshold"] for k, v in props.items()} == {
        "BounceRateReview": 5, "BounceRateWarning": 2, "ComplaintRateReview": 0.1, "ComplaintRateWarning": 0.05,
    }  # fmt: skip
    review = props["BounceRateReview"]
    assert review["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert review["TreatMissingData"] == "notBreaching"
    assert review["AlarmActions"] == [TOPIC_ARN]
    [expression, ratio] = review["Metrics"]
    assert expression["Expression"] == "100 * r"
    assert ratio["MetricStat"]["Metric"] == {"MetricName": "Reputation.BounceRate", "Namespace": "AWS/SES"}
    assert (ratio["MetricStat"]["Stat"], ratio["MetricStat"]["Period"]) == ("Maximum", 3600)
    assert (
        props["ComplaintRateWarning"]["Metrics"][1]["MetricStat"]["Metric"]["MetricName"] == "Reputation.ComplaintRate"
    )
    assert template_of(stack).find_resources("AWS::SNS::Topic") == {}  # nothing to delete by hand


def test_warning_alarms_can_go_elsewhere():
    app = _app(campaign=False, journey=False, channel=False)
    stack = app["stack"]
    pager = sns.Topic.from_topic_arn(stack, "Pager", TOPIC_ARN)
    mail = cloudwatch_actions.SnsAction(sns.Topic.from_topic_arn(stack, "Mail", TOPIC_ARN + "-mail"))
    props = _by_id(stack, DeliverabilityAlarms(stack, "D", alarm_action=pager, warning_action=mail))
    assert props["BounceRateReview"]["AlarmActions"] == [TOPIC_ARN]
    assert props["BounceRateWarning"]["AlarmActions"] == [TOPIC_ARN + "-mail"]


def test_campaign_and_journey_alarms_use_the_rate_math_with_the_minimum_volume():
    app = _app(channel=False)
    stack, campaign, journey = app["stack"], app["campaign"], app["journey"]
    alarms = DeliverabilityAlarms(
        stack, "D", campaigns=[campaign], journeys=[journey], account_reputation=False, min_sends=500,
        complaint_rate_percent=0.2,
    )  # fmt: skip
    props = _by_id(stack, alarms)
    assert sorted(props) == ["LaunchBounceRate", "LaunchComplaintRate", "WelcomeBounceRate", "WelcomeComplaintRate"]
    bounce = props["LaunchBounceRate"]
    assert bounce["Threshold"] == 5
    assert props["LaunchComplaintRate"]["Threshold"] == 0.2
    expressions = [m for m in bounce["Metrics"] if "Expression" in m]
    assert [e["Expression"] for e in expressions] == [
        "IF(FILL(emailSends, 0) >= 500, 100 * FILL(hardBounces, 0) / emailSends, 0)"
    ]
    stats = {m["Id"]: m["MetricStat"] for m in bounce["Metrics"] if "MetricStat" in m}
    dimensions = {d["Name"]: d["Value"] for d in stats["hardBounces"]["Metric"]["Dimensions"]}
    assert dimensions == {
        "CampaignId": stack.resolve(campaign.campaign_id),
        "ProjectId": stack.resolve(app["project"].project_id),
    }
    assert stats["hardBounces"]["Metric"]["MetricName"] == "HardBounces"
    assert {d["Name"] for d in stats["emailSends"]["Metric"]["Dimensions"]} == {"CampaignId", "ProjectId"}
    assert (stats["emailSends"]["Period"], stats["emailSends"]["Stat"]) == (3600, "Sum")
    journey_dims = props["WelcomeBounceRate"]["Metrics"][1]["MetricStat"]["Metric"]["Dimensions"]
    assert {d["Name"] for d in journey_dims} == {"JourneyId", "ProjectId"}
    assert alarms.account_alarms == []


@pytest.mark.parametrize(
    ("props", "message"),
    [
        (
            {"alarm_action": "arn:aws:sns:us-east-1:123456789012:t"},
            "alarm_action.*sns.ITopic or a cloudwatch.IAlarmAction",
        ),
        ({"min_sends": 0}, "min_sends"),
        ({"bounce_rate_percent": 150}, "bounce_rate_percent"),
        ({"campaigns": ["launch"]}, "campaigns.*must be a list of Campaigns"),
    ],
)
def test_bad_alarm_props_fail_at_synth_with_the_field(props, message):
    app = _app(campaign=False, journey=False, channel=False)
    with pytest.raises(ConfigurationError, match=message):
        DeliverabilityAlarms(app["stack"], "D", **props)


def test_a_journey_given_as_a_campaign_is_refused():
    app = _app(channel=False)
    with pytest.raises(ConfigurationError, match="campaigns"):
        DeliverabilityAlarms(app["stack"], "D", campaigns=[app["journey"]])


# --- CustomChannelAlarms --------------------------------------------------------------------------------


def test_custom_channel_alarms_on_failure_rate_deadlines_errors_and_throttles():
    app = _app(campaign=False, journey=False)
    stack = app["stack"]
    alarms = CustomChannelAlarms(stack, "HookAlarms", channel=app["channel"], failure_rate_percent=10, min_attempts=50)
    props = _by_id(stack, alarms)
    assert sorted(props) == ["DeadlineExceeded", "Errors", "FailureRate", "Throttles"]
    assert props["FailureRate"]["Threshold"] == 10
    [expression] = [m["Expression"] for m in props["FailureRate"]["Metrics"] if "Expression" in m]
    assert expression.startswith("IF((FILL(s, 0) + FILL(f, 0)) >= 50,")
    assert props["DeadlineExceeded"]["MetricName"] == names.CUSTOM_CHANNEL_DEADLINE_EXCEEDED
    assert props["DeadlineExceeded"]["Threshold"] == 1
    assert (props["Errors"]["Namespace"], props["Errors"]["MetricName"], props["Errors"]["Statistic"]) == (
        "AWS/Lambda", "Errors", "Sum",
    )  # fmt: skip
    assert props["Throttles"]["Dimensions"] == [
        {"Name": "FunctionName", "Value": stack.resolve(app["channel"].function.function_name)}
    ]


def test_custom_channel_alarms_need_a_custom_channel():
    app = _app(campaign=False, journey=False, channel=False)
    with pytest.raises(ConfigurationError, match=r"channel.*must be a CustomChannel"):
        CustomChannelAlarms(app["stack"], "A", channel=app["processor"])


# --- the dashboard body, against CloudWatch's "Dashboard Body Structure and Syntax" ----------------------

WIDGET_TYPES = {"metric", "text", "log", "alarm", "explorer"}
METRIC_VIEWS = {"timeSeries", "singleValue", "gauge", "bar", "pie", "table"}
LOG_VIEWS = {"table", "timeSeries", "bar", "pie"}
METRIC_OPTIONS = {"accountId", "color", "expression", "id", "label", "period", "region", "stat", "visible", "yAxis"}
LOGS_INSIGHTS_COMMANDS = {
    "fields", "filter", "stats", "sort", "limit", "parse", "display", "dedup", "pattern", "diff", "unmask", "unnest",
}  # fmt: skip
_SOURCE = re.compile(r"^SOURCE '[^']+'(?: \| SOURCE '[^']+')*$")


def _split_pipes(query: str) -> list[str]:
    """Split a Logs Insights query at the pipes that are not inside quotes."""
    parts, current, quote = [], "", None
    for char in query:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"`":
            quote = char
        elif char == "|":
            parts.append(current.strip())
            current = ""
            continue
        current += char
    return [*parts, current.strip()]


def logs_insights_errors(query: str) -> list[str]:
    """What is wrong with a dashboard log widget's query: SOURCE clauses first, then known commands."""
    errors = []
    parts = _split_pipes(query)
    sources = [p for p in parts if p.startswith("SOURCE ")]
    if not sources or parts[: len(sources)] != sources or not _SOURCE.match(" | ".join(sources)):
        errors.append("a dashboard query starts with SOURCE 'log-group' clauses")
    for command in parts[len(sources) :]:
        word = command.split(None, 1)[0] if command else ""
        if word not in LOGS_INSIGHTS_COMMANDS:
            errors.append(f"unknown command {word!r}")
        elif word == "stats" and not re.search(r"\b(count|sum|avg|min|max|pct|stddev|count_distinct)\(", command):
            errors.append(f"stats without an aggregation: {command!r}")
        elif word == "sort" and not re.fullmatch(r"sort [\w.@]+( (asc|desc))?(, [\w.@]+( (asc|desc))?)*", command):
            errors.append(f"bad sort: {command!r}")
        elif word == "limit" and not re.fullmatch(r"limit \d+", command):
            errors.append(f"bad limit: {command!r}")
    return errors


def _metric_array_errors(entry) -> list[str]:
    if not isinstance(entry, list) or not entry:
        return [f"a metrics entry must be a non-empty array: {entry!r}"]
    *fields, last = entry
    options = last if isinstance(last, dict) else {}
    fields = fields if isinstance(last, dict) else entry
    errors = [f"unknown rendering option {k!r}" for k in set(options) - METRIC_OPTIONS]
    if "expression" in options:
        if fields:
            return [*errors, "an expression entry holds only its options object"]
        return errors
    if len(fields) < 2 or len(fields) % 2 or not all(isinstance(f, str) for f in fields):
        errors.append(f"[namespace, metric name, dimension name, value, ...] expected: {fields!r}")
    return errors


def dashboard_errors(body: dict) -> list[str]:
    errors = []
    if set(body) - {"start", "end", "periodOverride", "widgets", "variables"}:
        errors.append(f"unknown members: {set(body) - {'start', 'end', 'periodOverride', 'widgets', 'variables'}}")
    cells: dict[tuple[int, int], int] = {}
    for index, widget in enumerate(body.get("widgets", [])):
        kind, properties = widget.get("type"), widget.get("properties", {})
        if kind not in WIDGET_TYPES:
            errors.append(f"widget {index}: unknown type {kind!r}")
        x, y, width, height = (widget.get(k) for k in ("x", "y", "width", "height"))
        if not all(isinstance(v, int) for v in (x, y, width, height)):
            errors.append(f"widget {index}: x, y, width and height must be integers")
            continue
        if not (x >= 0 and 1 <= width <= 24 and x + width <= 24 and y >= 0 and 1 <= height <= 1000):
            errors.append(f"widget {index}: ({x}, {y}, {width}x{height}) is outside the 24-column grid")
        for cell in ((cx, cy) for cx in range(x, x + width) for cy in range(y, y + height)):
            if cell in cells:
                errors.append(f"widget {index} overlaps widget {cells[cell]}")
                break
            cells[cell] = index
        if kind == "metric":
            if properties.get("view", "timeSeries") not in METRIC_VIEWS or "region" not in properties:
                errors.append(f"widget {index}: a metric widget needs a known view and a region")
            metrics = properties.get("metrics")
            if not isinstance(metrics, list) or not metrics:
                errors.append(f"widget {index}: metrics must be a non-empty array of arrays")
            for entry in metrics or []:
                errors += [f"widget {index}: {e}" for e in _metric_array_errors(entry)]
            for side in ("horizontal",):
                for annotation in properties.get("annotations", {}).get(side, []):
                    if not isinstance(annotation.get("value"), int | float):
                        errors.append(f"widget {index}: an annotation needs a numeric value")
        elif kind == "text" and not isinstance(properties.get("markdown"), str):
            errors.append(f"widget {index}: a text widget needs markdown")
        elif kind == "log":
            if properties.get("view", "table") not in LOG_VIEWS or "region" not in properties:
                errors.append(f"widget {index}: a log widget needs a known view and a region")
            errors += [f"widget {index}: {e}" for e in logs_insights_errors(properties.get("query", ""))]
    return errors


def test_the_validators_catch_broken_bodies_and_queries():
    good = {"widgets": [{"type": "text", "x": 0, "y": 0, "width": 24, "height": 2, "properties": {"markdown": "#"}}]}
    assert dashboard_errors(good) == []
    assert dashboard_errors({"widgets": [{**good["widgets"][0], "x": 4}]})  # 4 + 24 > 24
    assert dashboard_errors({"widgets": [good["widgets"][0], good["widgets"][0]]})  # overlap
    assert dashboard_errors({"widgets": [{**good["widgets"][0], "type": "chart"}]})
    metric = {"type": "metric", "x": 0, "y": 0, "width": 6, "height": 6, "properties": {"region": "r"}}
    assert dashboard_errors({"widgets": [{**metric, "properties": {"region": "r", "metrics": [["NS"]]}}]})
    assert dashboard_errors(
        {"widgets": [{**metric, "properties": {"region": "r", "metrics": [["N", "M", {"st": 1}]]}}]}
    )
    assert logs_insights_errors("SOURCE 'g' | fields a | stats sum(x) by a | sort a desc | limit 5") == []
    assert logs_insights_errors("fields a")  # no SOURCE
    assert logs_insights_errors("SOURCE 'g' | feilds a")
    assert logs_insights_errors("SOURCE 'g' | stats a by b")
    assert logs_insights_errors("SOURCE 'g' | limit ten")


def _dashboard(stack):
    [dashboard] = template_of(stack).find_resources("AWS::CloudWatch::Dashboard").values()
    return dashboard_body(dashboard["Properties"]["DashboardBody"])


def _titles(body):
    return [w["properties"].get("title", w["properties"].get("markdown", "").split("\n")[0]) for w in body["widgets"]]


def test_the_dashboard_follows_the_documented_body_structure_and_shows_what_the_app_has():
    app = _app()
    stack = app["stack"]
    EngagementDashboard(stack, "Dashboard", processor=app["processor"])
    body = _dashboard(stack)
    assert dashboard_errors(body) == []
    assert body["start"] == "-P1D"
    titles = _titles(body)
    assert titles == [
        "# Messaging",
        "Account bounce rate (SES reputation, %)",
        "Account complaint rate (SES reputation, %)",
        "Launch: funnel (sends, deliveries, opens, clicks)",
        "Launch: rates (bounce, complaint %)",
        "Launch: failures (bounces, complaints, rendering)",
        "Welcome: funnel (sends, deliveries, opens, clicks)",
        "Welcome: rates (bounce, complaint %)",
        "Welcome: failures (bounces, complaints, rendering)",
        "Custom channels: sent, failed, deadline exceeded",
        "Hook: function errors and throttles",
        "Opt-outs processed, unsubscribes, complaints, hard bounces",
        "Event processor: iterator age (ms), dead letters",
        "Most frequent failure reasons",
    ]
    widgets = {w["properties"].get("title"): w for w in body["widgets"]}
    funnel = widgets["Launch: funnel (sends, deliveries, opens, clicks)"]["properties"]["metrics"]
    assert [m[1] for m in funnel] == ["Sends", "Deliveries", "Opens", "Clicks"]
    assert all(m[0] == names.NAMESPACE and "CampaignId" in m for m in funnel)
    rates = widgets["Launch: rates (bounce, complaint %)"]["properties"]
    assert [a["value"] for a in rates["annotations"]["horizontal"]] == [5, 0.1]
    assert [a.get("yAxis", "left") for a in rates["annotations"]["horizontal"]] == ["left", "right"]
    account = widgets["Account bounce rate (SES reputation, %)"]["properties"]
    assert [a["value"] for a in account["annotations"]["horizontal"]] == [5, 2]
    log = widgets["Most frequent failure reasons"]["properties"]
    assert log["query"].startswith("SOURCE '")
    assert all(line in log["query"] for line in FAILURE_REASONS_QUERY)
    assert log["view"] == "table"
    health = widgets["Event processor: iterator age (ms), dead letters"]["properties"]["metrics"]
    assert {m[1] for m in health if isinstance(m[1], str)} >= {"IteratorAge", "ApproximateNumberOfMessagesVisible"}


def test_the_dashboard_has_no_widgets_for_what_the_app_lacks():
    app = _app(journey=False, channel=False)
    EngagementDashboard(app["stack"], "Dashboard", processor=app["processor"])
    titles = _titles(_dashboard(app["stack"]))
    assert not any(t.startswith(("Custom channels", "Welcome", "Hook")) for t in titles)
    assert sum(t.endswith("funnel (sends, deliveries, opens, clicks)") for t in titles) == 1


def _series_by_widget(body):
    """widget title -> the metric names it draws (expressions by their label)."""
    return {
        w["properties"]["title"]: [m[1] if isinstance(m[0], str) else m[0]["label"] for m in w["properties"]["metrics"]]
        for w in body["widgets"]
        if w["type"] == "metric"
    }


def test_an_email_only_campaign_and_journey_draw_email_series_only():
    app = _app(channel=False)
    EngagementDashboard(app["stack"], "Dashboard", processor=app["processor"])
    series = _series_by_widget(_dashboard(app["stack"]))
    for label in ("Launch", "Welcome"):
        funnel = series[f"{label}: funnel (sends, deliveries, opens, clicks)"]
        assert funnel == ["Sends", "Deliveries", "Opens", "Clicks"]
        assert series[f"{label}: failures (bounces, complaints, rendering)"] == [
            "HardBounces", "SoftBounces", "Complaints", "RenderingFailures",
        ]  # fmt: skip
        assert f"{label}: rates (bounce, complaint %)" in series
    drawn = {name for names_ in series.values() for name in names_}
    assert not drawn & {"SmsFailures", "PushFailures", "CustomChannelSent", "CustomChannelFailed"}


def _channel_app(schedule=None, **campaign_props):
    stack = make_stack()
    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    Campaign(
        stack, "Thanks", project=project, segment=segment, campaign_name="thanks",
        schedule=schedule or Schedule.immediately(), **campaign_props,
    )  # fmt: skip
    processor = EventProcessor(stack, "Processor", event_stream=EventStream(stack, "Events", project=project))
    return stack, project, segment, processor


def test_an_app_without_email_draws_no_email_series_and_no_ses_reputation():
    from cdk_pinpoint.campaigns import SmsMessage

    stack, _, _, processor = _channel_app(message=SmsMessage("Thanks!"))
    EngagementDashboard(stack, "Dashboard", processor=processor)
    body = _dashboard(stack)
    assert dashboard_errors(body) == []
    assert _series_by_widget(body) == {
        "Thanks: funnel (sends, deliveries)": ["Sends", "Deliveries"],
        "Thanks: failures (SMS)": ["SmsFailures"],
        "Opt-outs processed, unsubscribes": ["OptOutsProcessed", "Unsubscribes"],
        "Event processor: iterator age (ms), dead letters": ["IteratorAge", "ApproximateNumberOfMessagesVisible"],
    }
    assert _titles(body)[0] == "# Messaging"
    assert "Bounce rate" not in body["widgets"][0]["properties"]["markdown"]


def test_a_project_email_channel_brings_the_ses_reputation_without_an_email_campaign():
    from cdk_pinpoint.campaigns import SmsMessage
    from cdk_pinpoint.channels import EmailChannel

    stack, project, _, processor = _channel_app(message=SmsMessage("Thanks!"))
    identity = ses.EmailIdentity.from_email_identity_name(stack, "Identity", "example.com")
    EmailChannel(stack, "Mail", project=project, identity=identity, from_address="shop@example.com")
    EngagementDashboard(stack, "Dashboard", processor=processor)
    series = _series_by_widget(_dashboard(stack))
    assert "Account bounce rate (SES reputation, %)" in series
    assert series["Thanks: failures (SMS)"] == ["SmsFailures"]  # the campaign still draws only its channel
    assert series["Opt-outs processed, unsubscribes, complaints, hard bounces"][1:] == [
        "Unsubscribes", "Complaints", "HardBounces",
    ]  # fmt: skip


def test_a_journey_draws_the_channels_of_its_message_activities():
    from cdk_pinpoint.journeys import Push, Sms

    stack, project, segment, processor = _channel_app(message=EmailMessage("Hi", html_body="<p>Hi</p>"))
    Journey(
        stack, "Nudge", project=project, start=JourneyStart.from_segment(segment),
        definition=Push("Push", template=FakeTemplate(stack, "PushTpl", TemplateKind.PUSH)).next(
            Sms("Sms", template=FakeTemplate(stack, "SmsTpl", TemplateKind.SMS))
        ),
    )  # fmt: skip
    EngagementDashboard(stack, "Dashboard", processor=processor)
    series = _series_by_widget(_dashboard(stack))
    assert series["Nudge: funnel (sends, deliveries)"] == ["Sends", "Deliveries"]
    assert series["Nudge: failures (SMS, push)"] == ["SmsFailures", "PushFailures"]
    assert not any(title.startswith("Nudge: rates") for title in series)


def test_an_imported_campaign_draws_every_channel_and_an_in_app_campaign_nothing():
    from cdk_pinpoint.campaigns import InAppMessage
    from cdk_pinpoint.templates import InAppContent, InAppLayout

    banner = InAppMessage(InAppLayout.BOTTOM_BANNER, InAppContent(header="Sale", body="20% off today"))
    opened = Schedule.on_event("app.open", start="2030-01-01T00:00:00Z", end="2030-02-01T00:00:00Z", in_app=True)
    stack, project, _, processor = _channel_app(message=banner, schedule=opened)
    imported = Campaign.from_campaign_id(stack, "Old", project=project, campaign_id="c0ffee")
    EngagementDashboard(stack, "Dashboard", processor=processor)
    series = _series_by_widget(_dashboard(stack))
    assert not any(title.startswith("Thanks") for title in series)
    assert series["Old: failures (bounces, complaints, rendering, SMS, push, custom channel, deadline exceeded)"] == [
        "HardBounces", "SoftBounces", "Complaints", "RenderingFailures", "SmsFailures", "PushFailures",
        "CustomChannelFailed", "CustomChannelDeadlineExceeded",
    ]  # fmt: skip
    assert imported._message_channels() is None


def test_rate_alarms_only_for_campaigns_and_journeys_that_send_email():
    """An SMS campaign or a push journey has no email bounce or complaint: its rate alarms could never
    fire. An imported campaign's channels are unknown, so it keeps them."""
    from cdk_pinpoint.campaigns import SmsMessage
    from cdk_pinpoint.journeys import Push

    stack, project, segment, _ = _channel_app(message=SmsMessage("Thanks!"))
    sms = next(c for c in stack.node.children if isinstance(c, Campaign))
    push = Journey(
        stack, "Nudge", project=project, start=JourneyStart.from_segment(segment),
        definition=Push("Push", template=FakeTemplate(stack, "PushTpl", TemplateKind.PUSH)),
    )  # fmt: skip
    email = Campaign(
        stack, "Mail", project=project, segment=segment, campaign_name="mail",
        schedule=Schedule.immediately(), message=EmailMessage("Hi", html_body="<p>Hi</p>"),
    )  # fmt: skip
    imported = Campaign.from_campaign_id(stack, "Old", project=project, campaign_id="c0ffee")
    alarms = DeliverabilityAlarms(
        stack, "D", campaigns=[sms, email, imported], journeys=[push], account_reputation=False
    )
    assert sorted(_by_id(stack, alarms)) == ["MailBounceRate", "MailComplaintRate", "OldBounceRate", "OldComplaintRate"]


def test_the_dashboard_shows_the_constructs_it_is_given():
    app = _app()
    dashboard = EngagementDashboard(
        app["stack"],
        "Dashboard",
        processor=app["processor"],
        campaigns=[],
        journeys=[app["journey"]],
        custom_channels=[],
    )
    assert (dashboard.campaigns, dashboard.journeys, dashboard.custom_channels) == ([], [app["journey"]], [])
    assert dashboard_errors(_dashboard(app["stack"])) == []


def test_monitoring_constructs_are_cfn_lint_and_nag_clean():
    app = _app()
    stack = app["stack"]
    topic = sns.Topic.from_topic_arn(stack, "OnCall", TOPIC_ARN)
    dashboard = EngagementDashboard(stack, "Dashboard", processor=app["processor"])
    DeliverabilityAlarms(stack, "D", campaigns=dashboard.campaigns, journeys=dashboard.journeys, alarm_action=topic)
    CustomChannelAlarms(stack, "C", channel=app["channel"], alarm_action=topic)
    assert cfn_lint_errors(template_of(stack).to_json()) == []
    assert nag_findings(stack) == []


def test_the_readme_pictures_the_showcase_dashboard_as_synthesized():
    import app as showcase

    stack = showcase.build_app(cdk.App(context={"aws:cdk:bundling-stacks": []})).node.find_child("CdkPinpointShowcase")
    body = _dashboard(stack)
    assert dashboard_errors(body) == []
    picture = layout_picture(body)
    readme = (ROOT / "README.md").read_text()
    assert f"```text\n{picture}\n```" in readme, f"update the README's dashboard picture to:\n{picture}"
