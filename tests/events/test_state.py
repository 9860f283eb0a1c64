"""A gathering's state and its registration state as time passes (frozen time)."""

import datetime
import zoneinfo

import pytest
import time_machine

from events.models import GatheringState, RegistrationState, RegistrationStatus
from tests.events.factories import GatheringPageFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
OPENS = datetime.datetime(2030, 2, 1, 8, 0, tzinfo=OSLO)
CLOSES = datetime.datetime(2030, 3, 5, 12, 0, tzinfo=OSLO)
START = datetime.datetime(2030, 3, 10, 9, 0, tzinfo=OSLO)
END = datetime.datetime(2030, 3, 11, 15, 0, tzinfo=OSLO)
SECOND = datetime.timedelta(seconds=1)
DURING_REGISTRATION = datetime.datetime(2030, 2, 20, 12, 0, tzinfo=OSLO)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def gathering(gathering_index):
    return GatheringPageFactory(
        parent=gathering_index,
        title="Oppstartsamling for nye programkommuner",
        start=START,
        end=END,
        capacity=12,
        waiting_list=True,
        registration_opens=OPENS,
        registration_closes=CLOSES,
    )


def fill(gathering, count):
    RegistrationFactory.create_batch(count, gathering=gathering)


@pytest.mark.parametrize(
    ("moment", "expected", "label"),
    [
        (START - SECOND, GatheringState.UPCOMING, "Kommende"),
        (START, GatheringState.ONGOING, "Pågår nå"),
        (END, GatheringState.ONGOING, "Pågår nå"),
        (END + SECOND, GatheringState.PAST, "Avholdt"),
    ],
)
def test_state_as_time_passes(client, gathering, moment, expected, label):
    with at(moment):
        assert gathering.state() == expected
        page = client.get(gathering.url).content.decode()
    assert f"Fagsamling · {label}" in page


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS - SECOND, RegistrationState.NOT_YET_OPEN),
        (OPENS, RegistrationState.OPEN),
        (CLOSES - SECOND, RegistrationState.OPEN),
        (CLOSES, RegistrationState.CLOSED),
        (START + SECOND, RegistrationState.CLOSED),
        (END + SECOND, RegistrationState.CLOSED),
    ],
)
def test_registration_opens_and_closes(gathering, moment, expected):
    with at(moment):
        assert gathering.registration_state() == expected


def test_without_a_deadline_registration_closes_at_the_start(gathering):
    gathering.registration_closes = None
    gathering.save()

    with at(START - SECOND):
        assert gathering.registration_state() == RegistrationState.OPEN
    with at(START):
        assert gathering.registration_state() == RegistrationState.CLOSED


def test_full_with_and_without_waiting_list(gathering):
    fill(gathering, 11)
    RegistrationFactory(gathering=gathering, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(gathering=gathering, status=RegistrationStatus.WAITING)
    with at(DURING_REGISTRATION):
        assert gathering.registration_state() == RegistrationState.OPEN
        assert gathering.seats_left() == 1

        fill(gathering, 1)
        assert gathering.registration_state() == RegistrationState.WAITING_LIST

        gathering.waiting_list = False
        assert gathering.registration_state() == RegistrationState.FULL
        assert not gathering.accepts_registrations()


def test_cancelled_gathering_takes_no_registrations(gathering):
    gathering.cancelled = True
    gathering.save()

    for moment in (OPENS - SECOND, DURING_REGISTRATION, END + SECOND):
        with at(moment):
            assert gathering.registration_state() == RegistrationState.CANCELLED
            assert not gathering.accepts_registrations()


def test_page_shows_free_seats_while_open(client, gathering):
    with at(DURING_REGISTRATION):
        page = client.get(gathering.url).content.decode()
        assert "Påmeldingen er åpen – 12 ledige plasser" in page
        assert 'name="email"' in page  # the form is there

        fill(gathering, 3)
        RegistrationFactory(gathering=gathering, status=RegistrationStatus.WAITING)
        page = client.get(gathering.url).content.decode()
        assert "9 ledige plasser" in page


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (OPENS - SECOND, "Påmeldingen har ikke åpnet"),
        (CLOSES + SECOND, "Påmeldingen er stengt"),
    ],
)
def test_page_without_form_outside_the_registration_period(
    client, gathering, moment, text
):
    with at(moment):
        page = client.get(gathering.url).content.decode()

    assert text in page
    assert "ledige plasser" not in page
    assert 'name="email"' not in page


def test_page_when_full_with_waiting_list_and_cancelled(client, gathering):
    fill(gathering, 12)
    with at(DURING_REGISTRATION):
        page = client.get(gathering.url).content.decode()
        assert "Fullt – venteliste" in page
        assert "ledige plasser" not in page
        assert 'name="email"' in page

        gathering.cancelled = True
        gathering.save_revision().publish()
        page = client.get(gathering.url).content.decode()
    assert "Samlingen er avlyst." in page
    assert 'name="email"' not in page
