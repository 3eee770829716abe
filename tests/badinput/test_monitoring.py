"""Bad input to DeliverabilityAlarms, CustomChannelAlarms and EngagementDashboard."""

from __future__ import annotations

from cdk_pinpoint import CustomChannelAlarms, DeliverabilityAlarms, EngagementDashboard

from .support import Case, expect_error, run

P = "Test/X"

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
    Case(lambda s: CustomChannelAlarms(s, "X", channel="webhook"), P, "channel", "webhook", id="channel-string"),
    Case(
        lambda s: EngagementDashboard(s, "X", processor="events"),
        P,
        "processor",
        "events",
        id="dashboard-processor-string",
    ),
]


@run(CASES)
def test_bad_monitoring_input_fails_with_path_field_and_value(case):
    expect_error(case)
