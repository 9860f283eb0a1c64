"""Many people pressing «Meld meg på» at the same moment: nobody overbooks, nobody is lost.

Each booking runs in its own thread with its own database connection, and a barrier
releases them together, so they really do race for the gathering's lock.

- PostgreSQL (the deployment): ``SELECT … FOR UPDATE`` on the gathering's row.
- SQLite (the embedded default): the connection opens write transactions with
  ``BEGIN IMMEDIATE``. The test database pytest-django makes for SQLite lives in
  memory with a shared cache, where a second writer gets "database table is locked"
  at once instead of waiting (the busy timeout does not apply to shared-cache locks).
  So the SQLite variant copies the test database to a file, points the threads'
  connections at that file, as a real installation would be, and copies the result
  back for the assertions.
"""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from django.db import connection, connections

from events import booking
from events.booking import BookingError
from events.models import Registration, RegistrationStatus
from tests.events.factories import GatheringPageFactory

PEOPLE = 20
SEATS = 5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.parametrize(
        "database",
        [
            pytest.param("postgresql", marks=pytest.mark.postgresql),
            pytest.param(
                "sqlite",
                marks=pytest.mark.skipif(
                    connection.vendor != "sqlite", reason="runs on SQLite only"
                ),
            ),
        ],
    ),
]


@contextmanager
def threads_share_one_database(tmp_path):
    """On SQLite, give new connections a file copy of the in-memory test database."""
    if connection.vendor != "sqlite":
        yield
        return
    path = str(tmp_path / "booking.sqlite3")
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    original = connections.settings["default"]
    # A new dict: the main thread's connection keeps its own (in-memory) settings.
    connections.settings["default"] = {**original, "NAME": path}
    try:
        yield
    finally:
        connections.settings["default"] = original
        with sqlite3.connect(path) as copy:
            copy.backup(connection.connection)


def register_at_once(gathering, emails, participations=None, answers=None):
    """Register every address from its own thread, all released at the same moment
    (each taking part the way ``participations`` says, where given).

    Returns what each call gave: a ``Booking`` or the ``BookingError`` it raised.
    """
    participations = participations or [""] * len(emails)
    barrier = threading.Barrier(len(emails), timeout=30)

    def book(number, email):
        try:
            barrier.wait()
            return booking.register(
                gathering,
                name=f"Deltaker {number}",
                email=email,
                organisation="NAV",
                participation=participations[number],
                answers=answers,
                consent=True,
            )
        except BookingError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(emails)) as pool:
        futures = [
            pool.submit(book, number, email) for number, email in enumerate(emails)
        ]
        # .result() re-raises anything unexpected ("database is locked", a deadlock).
        return [future.result(timeout=60) for future in futures]


def confirm_at_once(registrations):
    """Everyone presses «Bekreft påmeldingen» at the same moment."""
    barrier = threading.Barrier(len(registrations), timeout=30)

    def press(registration):
        try:
            barrier.wait()
            return booking.confirm(registration)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(registrations)) as pool:
        futures = [pool.submit(press, registration) for registration in registrations]
        return [future.result(timeout=60) for future in futures]


def count(gathering, status):
    return Registration.objects.filter(gathering=gathering, status=status).count()


def test_twenty_at_once_fill_five_seats_and_the_rest_wait(
    database, gathering_index, tmp_path
):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=SEATS)
    emails = [f"deltaker{n}@example.no" for n in range(PEOPLE)]

    with threads_share_one_database(tmp_path):
        results = register_at_once(gathering, emails)

    assert all(isinstance(result, booking.Booking) for result in results)
    assert all(result.created for result in results)
    # Five hold a seat until they confirm; the rest wait for theirs.
    assert count(gathering, RegistrationStatus.UNCONFIRMED) == SEATS
    assert count(gathering, RegistrationStatus.UNCONFIRMED_WAITING) == PEOPLE - SEATS

    with threads_share_one_database(tmp_path):
        confirm_at_once([result.registration for result in results])

    assert count(gathering, RegistrationStatus.CONFIRMED) == SEATS
    assert count(gathering, RegistrationStatus.WAITING) == PEOPLE - SEATS
    assert sorted(gathering.registrations.values_list("email", flat=True)) == sorted(
        emails
    )
    # The waiting list is a strict order: positions 1 … 15, none shared.
    positions = [
        registration.waiting_position()
        for registration in gathering.registrations.waiting()
    ]
    assert positions == list(range(1, PEOPLE - SEATS + 1))


def test_twenty_at_once_without_waiting_list_refuses_fifteen(
    database, gathering_index, tmp_path
):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=SEATS, waiting_list=False
    )
    emails = [f"deltaker{n}@example.no" for n in range(PEOPLE)]

    with threads_share_one_database(tmp_path):
        results = register_at_once(gathering, emails)

    refused = [result for result in results if isinstance(result, BookingError)]
    booked = [result for result in results if isinstance(result, booking.Booking)]
    assert len(booked) == SEATS
    assert len(refused) == PEOPLE - SEATS
    assert {str(error) for error in refused} == {
        "Samlingen er full, og den har ingen venteliste."
    }
    assert gathering.registrations.count() == SEATS
    assert count(gathering, RegistrationStatus.UNCONFIRMED) == SEATS
    assert {result.registration.pk for result in booked} == set(
        gathering.registrations.values_list("pk", flat=True)
    )


def test_same_email_from_ten_threads_gives_one_registration(
    database, gathering_index, tmp_path
):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=SEATS)

    with threads_share_one_database(tmp_path):
        results = register_at_once(gathering, ["Kari@Example.no"] * 10)

    assert all(isinstance(result, booking.Booking) for result in results)
    assert sum(result.created for result in results) == 1
    registration = gathering.registrations.get()
    assert registration.email == "kari@example.no"
    assert {result.registration.pk for result in results} == {registration.pk}


def test_a_hybrid_gatherings_seats_on_site_and_digital_stay_exact(
    database, gathering_index, tmp_path
):
    """Ten for the room and ten for the screen at once: three seats on site, four
    digital; each way fills exactly, and the rest wait in their own line."""
    gathering = GatheringPageFactory(
        parent=gathering_index, attendance="hybrid", capacity=3, digital_capacity=4
    )
    emails = [f"deltaker{n}@example.no" for n in range(PEOPLE)]
    ways = ["on_site", "digital"] * (PEOPLE // 2)

    with threads_share_one_database(tmp_path):
        results = register_at_once(gathering, emails, ways)
    with threads_share_one_database(tmp_path):
        confirm_at_once([result.registration for result in results])

    counts = {
        (way, status): gathering.registrations.filter(
            participation=way, status=status
        ).count()
        for way in ("on_site", "digital")
        for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    }
    assert counts == {
        ("on_site", "confirmed"): 3,
        ("on_site", "waiting"): 7,
        ("digital", "confirmed"): 4,
        ("digital", "waiting"): 6,
    }


def test_a_workshops_places_stay_exact(database, gathering_index, tmp_path):
    """Twenty choose the same workshop of three places at once: three get it, the
    others are told it is full, and nobody is registered without their choice."""
    from events.models import RegistrationAnswer, RegistrationQuestion

    gathering = GatheringPageFactory(parent=gathering_index, capacity=SEATS * 10)
    workshop = RegistrationQuestion.objects.create(
        page=gathering, text="Verksted?", kind="workshop", options="A | 3\nB | 30"
    )
    emails = [f"deltaker{n}@example.no" for n in range(PEOPLE)]

    with threads_share_one_database(tmp_path):
        results = register_at_once(gathering, emails, answers={workshop: "A"})

    refused = [result for result in results if isinstance(result, BookingError)]
    assert len(refused) == PEOPLE - 3
    assert {str(error) for error in refused} == {
        "Verkstedet «A» er fullt. Velg et annet."
    }
    assert gathering.registrations.count() == 3
    assert RegistrationAnswer.objects.filter(question=workshop, value="A").count() == 3
