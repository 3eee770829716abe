"""Invalid values: a value object's mistake is reported by the construct that receives it.

A value constructor called by the user's code returns an invalid value (an instance of its class
carrying the error) rather than raising; the construct that receives it raises the error with its path
and the field as passed. These tests pin what that means for a user: where the error says it is, what
an invalid value does when used outside a construct, and that nothing is raised for a value never used.
"""

from __future__ import annotations

import inspect

import aws_cdk as cdk
import pytest

from cdk_pinpoint import (
    Campaign,
    ConfigurationError,
    EmailMessage,
    Limits,
    Project,
    QuietTime,
    Schedule,
    Segment,
    SegmentDimensions,
    SetFilter,
    Treatment,
)
from cdk_pinpoint.journeys import (
    Chain,
    Condition,
    ConditionalSplit,
    Journey,
    JourneyStart,
    RandomSplit,
    Wait,
)
from cdk_pinpoint.segments import AttributeFilter
from tests.support import make_stack

DAY = cdk.Duration.days(1)
QUIET_START = "quiet_time.start='25:00' is invalid: must be a 24-hour time"


def _line_below() -> int:
    """The line after the caller's: where the value under test is written."""
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno + 1


def _campaign(stack: cdk.Stack, **props):
    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    base = {"message": EmailMessage("Hi", html_body="<p>Hi</p>"), "schedule": Schedule.immediately()}
    return Campaign(stack, "C", project=project, segment=segment, campaign_name="c", **{**base, **props})


def _journey(stack: cdk.Stack, definition):
    project = Project(stack, "P")
    segment = Segment(
        stack, "S", project=project, segment_name="s", dimensions=SegmentDimensions(make=SetFilter(["m"]))
    )
    start = JourneyStart.from_segment(segment)
    return Journey(stack, "J", project=project, start=start, definition=definition, journey_name="j")


def _raised(build) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as raised:
        build()
    return raised.value


def test_the_construct_that_receives_an_invalid_value_raises_its_error_with_its_path_and_field():
    stack = make_stack()
    quiet = QuietTime(start="25:00", end="06:00")  # no error here: no construct knows it yet
    error = _raised(lambda: Project(stack, "P", quiet_time=quiet))
    assert str(error).startswith(f"Test/P: {QUIET_START}")
    assert error.path == "Test/P"


def test_the_error_notes_the_line_that_wrote_the_value():
    stack = make_stack()
    line = _line_below()
    limits = Limits(daily=1.5)
    error = _raised(lambda: Project(stack, "P", limits=limits))
    assert error.__notes__ == [f"(the value was written at {__file__}:{line})"]


def test_a_value_written_inside_the_call_is_reported_the_same_way():
    error = _raised(lambda: Project(make_stack(), "P", quiet_time=QuietTime("25:00", "06:00")))
    assert str(error).startswith(f"Test/P: {QUIET_START}")


def test_an_invalid_value_that_is_never_used_raises_nothing():
    # Documented: the mistake is reported where the value is used; a value nobody uses is harmless.
    QuietTime(start="25:00", end="06:00")
    Wait("W", duration=90)


@pytest.mark.parametrize(
    "use",
    [
        pytest.param(lambda v: v.start, id="a field"),
        pytest.param(lambda v: v.bind, id="a method"),
        pytest.param(repr, id="repr"),
        pytest.param(str, id="str"),
        pytest.param(lambda v: v == QuietTime("22:00", "06:00"), id="=="),
        pytest.param(hash, id="hash"),
    ],
)
def test_an_invalid_value_used_outside_a_construct_raises_its_error_without_a_path(use):
    quiet = QuietTime(start="25:00", end="06:00")
    error = _raised(lambda: use(quiet))
    assert error.path is None
    assert str(error).startswith(QUIET_START)


def test_a_field_with_a_default_does_not_read_as_valid_on_an_invalid_value():
    limits = Limits(daily=1.5)
    assert isinstance(limits, Limits)  # still its class, so type checks do not mistake it
    with pytest.raises(ConfigurationError, match=r"^limits.daily=1.5 is invalid"):
        limits.total  # noqa: B018  (a dataclass default is a class attribute)


def test_an_activity_that_is_invalid_raises_on_use_too():
    wait = Wait("W", duration=90)
    with pytest.raises(ConfigurationError, match=r"^W.duration=90 is invalid"):
        wait.name  # noqa: B018
    with pytest.raises(ConfigurationError, match=r"^W.duration=90 is invalid"):
        repr(wait)


def test_a_value_made_of_an_invalid_value_carries_its_error_under_the_composed_field():
    stack = make_stack()
    treatment = Treatment(50, message=EmailMessage("Hi", html_body=["<p>Hi</p>"]))
    error = _raised(lambda: _campaign(stack, treatments=[Treatment(50), treatment]))
    assert str(error).startswith("Test/C: treatments[1].message.html_body=['<p>Hi</p>'] is invalid")


def test_a_filter_is_named_by_the_keyword_it_was_passed_as():
    stack = make_stack()
    project = Project(stack, "P")
    dimensions = SegmentDimensions(make=SetFilter([]))
    error = _raised(lambda: Segment(stack, "S", project=project, segment_name="s", dimensions=dimensions))
    assert str(error).startswith("Test/S: dimensions.make.values=[] is invalid")


@pytest.mark.parametrize(
    "definition",
    [
        pytest.param(lambda: Wait("A", duration=DAY).next(Wait("Bad", duration=90)), id="a.next(invalid)"),
        pytest.param(lambda: Wait("Bad", duration=90).next(Wait("B", duration=DAY)), id="invalid.next(b)"),
        pytest.param(lambda: Chain.start(Wait("Bad", duration=90)).next(Wait("B", duration=DAY)), id="Chain.start"),
        pytest.param(
            lambda: (
                ConditionalSplit("Split")
                .when(Condition.endpoint_attribute("tier", AttributeFilter.is_any_of("gold")), Wait("Bad", duration=90))
                .afterwards()
                .next(Wait("B", duration=DAY))
            ),
            id="split.when(..., invalid).afterwards()",
        ),
        pytest.param(
            lambda: RandomSplit("R").branch(50, Wait("Bad", duration=90)).branch(50), id="split.branch(invalid)"
        ),
    ],
)
def test_chaining_an_invalid_activity_keeps_its_error_for_the_journey(definition):
    error = _raised(lambda: _journey(make_stack(), definition()))
    assert str(error).startswith("Test/J: Bad.duration=90 is invalid: must be a Duration")


def test_an_activity_made_invalid_after_it_was_chained_is_reported_by_the_journey():
    later = Wait("Later", duration=DAY)
    chain = Wait("A", duration=DAY).next(later)
    later.next("not an activity")  # the mistake: `later` becomes invalid, `chain` still leads to it
    error = _raised(lambda: _journey(make_stack(), chain))
    assert str(error).startswith("Test/J: Later.next='not an activity' is invalid: must be an activity or a chain")


def test_a_split_method_mistake_is_reported_by_the_journey_with_the_splits_name():
    split = RandomSplit("R").branch("50")
    error = _raised(lambda: _journey(make_stack(), split))
    assert str(error).startswith("Test/J: R.branch.percentage='50' is invalid")


def test_a_condition_passed_to_when_is_named_by_the_method_and_its_parameter():
    split = ConditionalSplit("Split").when(Condition.endpoint_attribute("tier", "gold"))
    error = _raised(lambda: _journey(make_stack(), split))
    assert str(error).startswith("Test/J: Split.when.condition.matches='gold' is invalid")
