"""The suite's own clock: TEST_CLOCK names the night and the changes of summer time."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import OSLO, test_clock

pytestmark = pytest.mark.clock

UTC = datetime.UTC


def test_night_is_the_coming_half_past_two_in_oslo():
    evening = datetime.datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    assert test_clock("night", evening) == datetime.datetime(
        2026, 11, 27, 1, 30, tzinfo=UTC
    )
    small_hours = datetime.datetime(2026, 11, 27, 0, 30, tzinfo=UTC)  # 01:30 in Oslo
    assert test_clock("night", small_hours) == datetime.datetime(
        2026, 11, 27, 1, 30, tzinfo=UTC
    )


def test_the_changes_of_summer_time_are_found():
    now = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    forward = test_clock("spring-forward", now)
    back = test_clock("fall-back", now)
    # Clocks go forward at 01:00 UTC on the last Sunday of March, back likewise in October.
    assert forward == datetime.datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    assert back == datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert forward.astimezone(OSLO).utcoffset() == datetime.timedelta(hours=1)
    assert (forward + datetime.timedelta(hours=1)).astimezone(
        OSLO
    ).utcoffset() == datetime.timedelta(hours=2)


def test_an_explicit_moment_keeps_its_offset():
    assert test_clock("2027-03-28T01:30+01:00") == datetime.datetime(
        2027, 3, 28, 0, 30, tzinfo=UTC
    )


def test_the_suite_runs_at_the_moment_it_was_given(session_clock):
    if session_clock is None:
        pytest.skip("the suite runs on the real clock (no TEST_CLOCK)")
    assert abs(timezone.now() - session_clock) < datetime.timedelta(hours=2)
