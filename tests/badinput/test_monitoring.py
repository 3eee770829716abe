"""Bad input to DeliverabilityAlarms, CustomChannelAlarms and EngagementDashboard."""

from __future__ import annotations

from aws_cdk import aws_kinesis as kinesis

from cdk_pinpoint import CustomChannelAlarms, DeliverabilityAlarms, EngagementDashboard, EventProcessor, Project

from .support import Case, expect_error, run

P = "Test/X"


def _processor(s):
    return EventProcessor(s, "Events", project=Project(s, "P"), existing_stream_obj=kinesis.Stream(s, "Stream"))


CASES = [
    Case(
        lambda s: DeliverabilityAlarms(s, "X", bounce_rate_percent=150),
        P,
        "bounce_rate_percent",
        150,
        id="bounce-over-100",
    ),
    Case(
        lambda s: DeliverabilityAlarms(s, "X", complaint_rate_percent="1"),
        P,
        "complaint_rate_percent",
        "1",
        id="complaint-string",
    ),
    Case(lambda s: DeliverabilityAlarms(s, "X", min_sends=2.5), P, "min_sends", 2.5, id="min-sends-fractional"),
    Case(
        lambda s: DeliverabilityAlarms(s, "X", account_reputation="on"),
        P,
        "account_reputation",
        "on",
        id="reputation-string",
    ),
    Case(lambda s: DeliverabilityAlarms(s, "X", campaigns="all"), P, "campaigns", "all", id="campaigns-string"),
    Case(
        lambda s: DeliverabilityAlarms(s, "X", campaigns=["Launch"]),
        P,
        "campaigns",
        "Launch",
        id="campaigns-names",
    ),
    Case(lambda s: CustomChannelAlarms(s, "X", channel="webhook"), P, "channel", "webhook", id="channel-string"),
    Case(
        lambda s: EngagementDashboard(s, "X", processor="events"),
        P,
        "processor",
        "events",
        id="dashboard-processor-string",
    ),
    Case(
        lambda s: EngagementDashboard(s, "X", processor=_processor(s), campaigns=["Launch"]),
        P,
        "campaigns[0]",
        "Launch",
        id="dashboard-campaign-names",
    ),
]


@run(CASES)
def test_bad_monitoring_input_fails_with_path_field_and_value(case):
    error = expect_error(case)
    assert "MessagingMetrics" not in str(error)  # an internal base class users never name
