"""events.booking: who gets a seat, who waits, who is refused, and what happens on cancel."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from events import booking
from events.booking import BookingError
from events.models import (
    EmailKind,
    Notification,
    Registration,
    RegistrationStatus,
)
from tests.events.factories import GatheringPageFactory, RegistrationFactory
from tests.factories import MunicipalityPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED
ATTENDED = RegistrationStatus.ATTENDED


def register(gathering, email, confirm=True, **fields):
    """Register, and (unless ``confirm`` is False) confirm from the e-mail at once."""
    fields.setdefault("name", email.split("@")[0].title())
    fields.setdefault("organisation", "NAV")
    fields.setdefault("consent", True)
    result = booking.register(gathering, email=email, **fields)
    if confirm and result.created:
        result.registration = booking.confirm(result.registration).registration
    return result


def sent_kinds(**filters):
    """The e-mails queued, apart from the request to confirm the address."""
    return Notification.objects.exclude(kind=EmailKind.CONFIRM_ADDRESS).filter(
        **filters
    )


def statuses(gathering):
    return list(
        gathering.registrations.order_by("created_at", "pk").values_list(
            "email", "status"
        )
    )


@pytest.fixture
def small(gathering_index):
    """Three seats and a waiting list."""
    return GatheringPageFactory(parent=gathering_index, capacity=3)


@pytest.fixture
def karmoy(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Karmøy kommune")


@pytest.fixture
def bergen(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Bergen kommune")


# --- capacity and the waiting list ---


def test_confirmed_until_capacity_then_waiting(small):
    results = [register(small, f"p{n}@example.no") for n in range(5)]

    assert all(result.created for result in results)
    assert [result.registration.status for result in results] == [
        CONFIRMED,
        CONFIRMED,
        CONFIRMED,
        WAITING,
        WAITING,
    ]
    small.refresh_from_db()
    assert small.seats_left() == 0
    assert small.registration_state() == "waiting_list"
    # Each got the e-mail that matches their status.
    kinds = list(sent_kinds().order_by("pk").values_list("registration__email", "kind"))
    assert kinds == [
        ("p0@example.no", EmailKind.CONFIRMATION),
        ("p1@example.no", EmailKind.CONFIRMATION),
        ("p2@example.no", EmailKind.CONFIRMATION),
        ("p3@example.no", EmailKind.WAITING),
        ("p4@example.no", EmailKind.WAITING),
    ]


def test_full_without_waiting_list_refuses_in_bokmal(gathering_index):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=2, waiting_list=False
    )
    register(gathering, "a@example.no")
    register(gathering, "b@example.no")

    with pytest.raises(BookingError) as refused:
        register(gathering, "c@example.no")

    assert str(refused.value) == "Samlingen er full, og den har ingen venteliste."
    assert gathering.registrations.count() == 2
    assert not Registration.objects.filter(email="c@example.no").exists()


def test_waiting_list_keeps_order_of_arrival(gathering_index):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    register(gathering, "first@example.no")
    waiting = [register(gathering, f"w{n}@example.no").registration for n in range(4)]

    assert list(gathering.registrations.waiting()) == waiting
    assert [r.waiting_position() for r in waiting] == [1, 2, 3, 4]


def test_attended_counts_as_a_seat(small):
    first = register(small, "a@example.no").registration
    booking.mark_attended(first, now=small.start)
    register(small, "b@example.no")
    register(small, "c@example.no")

    assert register(small, "d@example.no").registration.status == WAITING


# --- one active registration per e-mail ---


def test_same_email_returns_the_existing_registration(small):
    first = register(small, "Kari.Nordmann@Example.no", name="Kari Nordmann")

    again = register(small, "  kari.nordmann@EXAMPLE.NO ", name="Kari N.")

    assert first.created and not again.created
    assert again.registration.pk == first.registration.pk
    assert again.registration.name == "Kari Nordmann"
    assert small.registrations.active().count() == 1
    assert small.registrations.get().email == "kari.nordmann@example.no"
    # No second confirmation: the address gets the link to its registration instead.
    assert list(Notification.objects.order_by("pk").values_list("kind", flat=True)) == [
        EmailKind.CONFIRM_ADDRESS,
        EmailKind.CONFIRMATION,
        EmailKind.LINK,
    ]
    assert {n.registration_id for n in Notification.objects.all()} == {
        first.registration.pk
    }


def test_the_link_email_goes_to_the_address_and_holds_nothing_else(
    small, django_capture_on_commit_callbacks, mailoutbox
):
    first = register(small, "kari@example.no", name="Kari Nordmann").registration
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        register(small, "KARI@example.no", name="Noen Andre", dietary_needs="Vegan")

    [message] = mailoutbox
    assert message.to == ["kari@example.no"]
    assert message.subject == f"Lenken til påmeldingen din til {small.title}"
    assert f"/pamelding/{first.token}/" in message.body
    assert "Hei Kari Nordmann" in message.body
    assert "Noen Andre" not in message.body
    assert not message.attachments
    first.refresh_from_db()
    assert first.dietary_needs == ""


def test_same_email_on_the_waiting_list_is_not_registered_twice(gathering_index):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    register(gathering, "a@example.no")
    waiting = register(gathering, "b@example.no").registration

    again = register(gathering, "B@example.no")

    assert not again.created
    assert again.registration == waiting
    assert gathering.registrations.count() == 2


def test_same_email_may_register_for_another_gathering(gathering, small):
    register(gathering, "kari@example.no")

    assert register(small, "kari@example.no").created


def test_database_refuses_a_second_active_registration(gathering):
    RegistrationFactory(gathering=gathering, email="kari@example.no")

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(
            gathering=gathering, email="kari@example.no", status=WAITING
        )

    # A cancelled one does not count.
    RegistrationFactory(gathering=gathering, email="kari@example.no", status=CANCELLED)
    assert gathering.registrations.count() == 2


def test_after_cancelling_the_same_email_can_register_again(small):
    first = register(small, "kari@example.no").registration
    booking.cancel(first)

    again = register(small, "KARI@example.no")

    assert again.created
    assert again.registration.pk != first.pk
    assert again.registration.status == CONFIRMED
    assert statuses(small) == [
        ("kari@example.no", CANCELLED),
        ("kari@example.no", CONFIRMED),
    ]


# --- when registration is not possible ---


@pytest.mark.parametrize(
    ("fields", "moment", "message"),
    [
        (
            {},
            lambda gathering: gathering.registration_closes + datetime.timedelta(1),
            "Påmeldingsfristen er ute.",
        ),
        (
            {"registration_opens": None, "registration_closes": None},
            lambda gathering: gathering.start + datetime.timedelta(hours=1),
            "Påmeldingsfristen er ute.",
        ),
        (
            {},
            lambda gathering: gathering.registration_opens - datetime.timedelta(1),
            "Påmeldingen til denne samlingen har ikke åpnet ennå.",
        ),
        (
            {"cancelled": True},
            lambda gathering: gathering.start - datetime.timedelta(days=20),
            "Samlingen er avlyst, og påmeldingen er stengt.",
        ),
        (
            {"registration_enabled": False},
            lambda gathering: gathering.start - datetime.timedelta(days=20),
            "Denne samlingen har ikke påmelding på nettsiden.",
        ),
    ],
    ids=["deadline-passed", "started", "not-yet-open", "cancelled", "no-registration"],
)
def test_refused_with_a_clear_message_and_nothing_stored(
    gathering_index, fields, moment, message
):
    """Each moment is built from the gathering's own times, so any hour will do."""
    gathering = GatheringPageFactory(parent=gathering_index, **fields)

    with (
        time_machine.travel(moment(gathering), tick=False),
        pytest.raises(BookingError) as refused,
    ):
        register(gathering, "kari@example.no")

    assert str(refused.value) == message
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()


def test_deadline_is_checked_at_submit_time(gathering):
    closes = gathering.registration_closes

    with time_machine.travel(closes - datetime.timedelta(seconds=1), tick=False):
        assert register(gathering, "early@example.no").created
    with (
        time_machine.travel(closes, tick=False),
        pytest.raises(BookingError, match="fristen er ute"),
    ):
        register(gathering, "late@example.no")

    assert list(Registration.objects.values_list("email", flat=True)) == [
        "early@example.no"
    ]


@pytest.mark.parametrize("consent", [False, None, "0", "false", "on", 1, "True"])
def test_consent_is_required(gathering, consent):
    """Only True is consent: a string a client sent is never read as a yes."""
    with pytest.raises(BookingError, match="personvernerklæringen"):
        register(gathering, "kari@example.no", consent=consent)

    assert not Registration.objects.exists()
    assert not Notification.objects.exists()


# --- seats per municipality ---


def test_municipality_at_its_cap_goes_to_the_waiting_list(
    gathering_index, karmoy, bergen
):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=10, seats_per_municipality=2
    )
    for n in range(3):
        register(gathering, f"karmoy{n}@example.no", municipality=karmoy)
    register(gathering, "bergen@example.no", municipality=bergen)
    register(gathering, "nav@example.no", organisation="NAV Vest")

    assert statuses(gathering) == [
        ("karmoy0@example.no", CONFIRMED),
        ("karmoy1@example.no", CONFIRMED),
        ("karmoy2@example.no", WAITING),
        ("bergen@example.no", CONFIRMED),
        ("nav@example.no", CONFIRMED),
    ]


def test_municipality_at_its_cap_is_refused_without_waiting_list(
    gathering_index, karmoy
):
    gathering = GatheringPageFactory(
        parent=gathering_index,
        capacity=10,
        seats_per_municipality=1,
        waiting_list=False,
    )
    register(gathering, "karmoy0@example.no", municipality=karmoy)

    with pytest.raises(BookingError) as refused:
        register(gathering, "karmoy1@example.no", municipality=karmoy)

    assert str(refused.value) == (
        "Karmøy kommune har allerede brukt sin plass, og samlingen har ingen "
        "venteliste."
    )
    assert gathering.registrations.count() == 1


def test_municipality_registration_drops_the_organisation(gathering, karmoy):
    registration = register(
        gathering, "kari@example.no", municipality=karmoy, organisation="NAV"
    ).registration

    assert registration.organisation == ""
    assert registration.organisation_name == "Karmøy kommune"


# --- cancelling and promotion ---


def test_cancelling_a_seat_promotes_the_first_waiting_and_both_get_email(
    gathering_index, django_capture_on_commit_callbacks, mailoutbox
):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=1, title="Oppstartsamling Vest"
    )
    seated = register(gathering, "seated@example.no").registration
    first = register(gathering, "first@example.no").registration
    second = register(gathering, "second@example.no").registration
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(seated)

    seated.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert seated.status == CANCELLED
    assert seated.cancelled_at is not None
    assert first.status == CONFIRMED
    assert second.status == WAITING
    assert second.waiting_position() == 1
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        (
            "first@example.no",
            "Du har fått plass på Oppstartsamling Vest",
        ),
        (
            "seated@example.no",
            "Avmeldingen din fra Oppstartsamling Vest er registrert",
        ),
    ]


def test_promotion_passes_over_a_municipality_at_its_cap(
    gathering_index, karmoy, bergen
):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=2, seats_per_municipality=1
    )
    register(gathering, "karmoy0@example.no", municipality=karmoy)
    leaving = register(gathering, "nav@example.no").registration
    passed_over = register(
        gathering, "karmoy1@example.no", municipality=karmoy
    ).registration
    promoted = register(gathering, "bergen@example.no", municipality=bergen)

    booking.cancel(leaving)

    passed_over.refresh_from_db()
    assert passed_over.status == WAITING
    assert passed_over.waiting_position() == 1
    assert Registration.objects.get(pk=promoted.registration.pk).status == CONFIRMED


def test_a_freed_municipality_seat_goes_to_that_municipality(gathering_index, karmoy):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=10, seats_per_municipality=1
    )
    leaving = register(gathering, "karmoy0@example.no", municipality=karmoy)
    waiting = register(gathering, "karmoy1@example.no", municipality=karmoy)
    assert waiting.registration.status == WAITING

    booking.cancel(leaving.registration)

    waiting.registration.refresh_from_db()
    assert waiting.registration.status == CONFIRMED


def test_cancelling_for_a_cancelled_gathering_promotes_nobody(gathering_index):
    """Nobody is told they have a seat at a gathering that will not take place."""
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    leaving = register(gathering, "seated@example.no").registration
    register(gathering, "waiting@example.no")
    gathering.cancelled = True
    gathering.save(update_fields=["cancelled"])

    booking.cancel(leaving)

    assert statuses(gathering) == [
        ("seated@example.no", CANCELLED),
        ("waiting@example.no", WAITING),
    ]
    assert not Notification.objects.filter(kind=EmailKind.PROMOTED).exists()


def test_cancelling_a_waiting_registration_promotes_nobody(gathering_index):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    register(gathering, "seated@example.no")
    leaving = register(gathering, "first@example.no").registration
    staying = register(gathering, "second@example.no").registration

    booking.cancel(leaving)

    assert statuses(gathering) == [
        ("seated@example.no", CONFIRMED),
        ("first@example.no", CANCELLED),
        ("second@example.no", WAITING),
    ]
    assert staying.waiting_position() == 1


def test_cancelling_frees_the_seat_when_nobody_waits(small):
    registration = register(small, "kari@example.no").registration
    assert small.seats_left() == 2

    booking.cancel(registration)

    assert small.seats_left() == 3


def test_cancelling_twice_changes_nothing(small):
    registration = register(small, "kari@example.no").registration
    booking.cancel(registration)
    cancelled_at = Registration.objects.get().cancelled_at
    notifications = Notification.objects.count()

    again = booking.cancel(registration)

    assert again.status == CANCELLED
    assert Registration.objects.get().cancelled_at == cancelled_at
    assert Notification.objects.count() == notifications


# --- the organisers' actions ---


def test_promote_gives_a_waiting_person_a_seat_when_the_organiser_goes_over_capacity(
    gathering_index, django_capture_on_commit_callbacks, mailoutbox
):
    gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
    register(gathering, "seated@example.no")
    waiting = register(gathering, "waiting@example.no").registration
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = booking.promote(waiting, over_capacity=True)

    assert promoted.status == CONFIRMED
    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED
    assert gathering.confirmed_seats() == 2
    assert gathering.seats_left() == 0
    assert [m.to for m in mailoutbox] == [["waiting@example.no"]]
    assert mailoutbox[0].subject.startswith("Du har fått plass på")


@pytest.mark.parametrize("status", [CONFIRMED, CANCELLED, ATTENDED])
def test_only_waiting_people_can_be_promoted(gathering, status):
    registration = RegistrationFactory(gathering=gathering, status=status)

    with pytest.raises(BookingError, match="Bare personer på ventelisten"):
        booking.promote(registration)

    assert Registration.objects.get().status == status


def test_mark_attended(gathering):
    registration = register(gathering, "kari@example.no").registration

    booking.mark_attended(registration, now=gathering.start)

    registration.refresh_from_db()
    assert registration.status == ATTENDED
    # Still an active registration: the e-mail cannot register twice.
    assert not register(gathering, "kari@example.no").created


@pytest.mark.parametrize("status", [WAITING, CANCELLED, ATTENDED])
def test_only_confirmed_people_can_be_marked_attended(gathering, status):
    registration = RegistrationFactory(gathering=gathering, status=status)

    with pytest.raises(BookingError, match="Bare bekreftede deltakere"):
        booking.mark_attended(registration)

    assert Registration.objects.get().status == status
