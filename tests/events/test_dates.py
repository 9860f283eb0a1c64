"""The one way a gathering's time is written: pages, e-mails, listings and exports."""

import datetime
import zoneinfo

import pytest

from events.dates import gathering_dates

pytestmark = pytest.mark.clock

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            at(2027, 3, 10, 10),
            at(2027, 3, 10, 15),
            "onsdag 10. mars 2027 kl. 10:00–15:00",
        ),
        (
            at(2027, 3, 10, 10),
            at(2027, 3, 11, 15),
            "onsdag 10. mars kl. 10:00 – torsdag 11. mars 2027 kl. 15:00",
        ),
        (
            at(2026, 12, 31, 10),
            at(2027, 1, 1, 15),
            "torsdag 31. desember 2026 kl. 10:00 – fredag 1. januar 2027 kl. 15:00",
        ),
    ],
)
def test_with_weekdays_and_times(start, end, expected):
    assert gathering_dates(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(2027, 3, 10, 10), at(2027, 3, 10, 15), "10. mars 2027"),
        (at(2027, 3, 10, 10), at(2027, 3, 11, 15), "10.–11. mars 2027"),
        (at(2027, 3, 30, 10), at(2027, 4, 2, 15), "30. mars – 2. april 2027"),
        (
            at(2026, 12, 31, 10),
            at(2027, 1, 1, 15),
            "31. desember 2026 – 1. januar 2027",
        ),
    ],
)
def test_dates_only_for_listings(start, end, expected):
    assert gathering_dates(start, end, times=False) == expected


def test_local_time_even_for_a_moment_given_in_utc():
    start = datetime.datetime(2027, 6, 16, 22, 30, tzinfo=datetime.UTC)  # 00:30 in Oslo
    end = start + datetime.timedelta(hours=2)

    assert gathering_dates(start, end) == "torsdag 17. juni 2027 kl. 00:30–02:30"
