"""Erasing personal data after a gathering: ``manage.py purge_registrations``."""

import datetime
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from events.models import EmailKind, Notification, Registration, RegistrationStatus
from tests.events.factories import GatheringPageFactory, RegistrationFactory
from tests.factories import MunicipalityPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
START = datetime.datetime(2030, 3, 10, 9, 0, tzinfo=OSLO)
END = datetime.datetime(2030, 3, 11, 15, 0, tzinfo=OSLO)
# Moments after the end are counted in UTC: Oslo moves to summer time in between, and
# "30 days" means 30 times 24 hours, not the same wall-clock time.
ENDED = END.astimezone(datetime.UTC)
DAY = datetime.timedelta(days=1)
PERSONAL_FIELDS = ("name", "email", "role", "organisation", "dietary_needs", "token")


@pytest.fixture(autouse=True)
def no_followup(settings):
    """Most tests here are about the retention days alone: no follow-up keeps anyone
    longer (test_followup_participants_are_kept_until_it_closes sets it back)."""
    settings.FOLLOWUP_AFTER_DAYS = 0
    settings.FOLLOWUP_OPEN_DAYS = 0


def purge(*args):
    out = StringIO()
    call_command("purge_registrations", *args, stdout=out)
    return out.getvalue()


def at(moment):
    return time_machine.travel(moment, tick=False)


def snapshot():
    return list(
        Registration.objects.order_by("pk").values_list(
            "pk",
            *PERSONAL_FIELDS,
            "status",
            "municipality_id",
            "anonymised_at",
            "gathering_id",
        )
    )


def statistics(gathering):
    return list(
        gathering.registrations.values("municipality_id", "status")
        .annotate(count=Count("pk"))
        .order_by("municipality_id", "status")
    )


@pytest.fixture
def karmoy(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Karmøy")


@pytest.fixture
def bergen(municipality_index):
    return MunicipalityPageFactory(parent=municipality_index, title="Bergen")


@pytest.fixture
def held(gathering_index, karmoy, bergen):
    """A gathering that ends at END, with registrations of every kind."""
    gathering = GatheringPageFactory(
        parent=gathering_index,
        start=START,
        end=END,
        registration_opens=START - 40 * DAY,
        registration_closes=START - 5 * DAY,
    )
    people = [
        ("Kari Nordmann", karmoy, RegistrationStatus.ATTENDED, "Glutenfri"),
        ("Ola Nordmann", karmoy, RegistrationStatus.ATTENDED, ""),
        ("Per Hansen", karmoy, RegistrationStatus.CONFIRMED, "Vegetar"),  # no-show
        ("Siri Berg", bergen, RegistrationStatus.ATTENDED, "Laktosefri"),
        ("Nils Lie", None, RegistrationStatus.CANCELLED, "Halal"),
    ]
    for name, municipality, status, dietary_needs in people:
        RegistrationFactory(
            gathering=gathering,
            name=name,
            email=f"{name.split()[0].lower()}@example.no",
            municipality=municipality,
            organisation="" if municipality else "Kirkens Bymisjon",
            role="Programkoordinator",
            dietary_needs=dietary_needs,
            status=status,
        )
    return gathering


@pytest.fixture
def later(gathering_index):
    """A gathering that has not been held yet when ``held`` is purged."""
    gathering = GatheringPageFactory(
        parent=gathering_index,
        start=END + 60 * DAY,
        end=END + 60 * DAY + datetime.timedelta(hours=6),
        registration_opens=START,
        registration_closes=END + 50 * DAY,
    )
    RegistrationFactory(
        gathering=gathering, name="Kari Nordmann", dietary_needs="Glutenfri"
    )
    return gathering


def test_dietary_needs_are_erased_as_soon_as_the_gathering_has_ended(held, later):
    with at(ENDED - datetime.timedelta(minutes=1)):
        assert "dietary needs erased: 0;" in purge()
    assert held.registrations.exclude(dietary_needs="").count() == 4

    with at(ENDED + datetime.timedelta(minutes=1)):
        output = purge()

    assert "dietary needs erased: 4;" in output
    assert "registrations anonymised (ended more than 30 days ago): 0;" in output
    assert not held.registrations.exclude(dietary_needs="").exists()
    kari = held.registrations.get(email="kari@example.no")
    assert kari.name == "Kari Nordmann"
    assert kari.role == "Programkoordinator"
    assert kari.anonymised_at is None
    assert later.registrations.get().dietary_needs == "Glutenfri"


def test_personal_data_is_anonymised_after_the_retention_days(client, held, later):
    statistics_before = statistics(held)
    old_tokens = list(held.registrations.values_list("token", flat=True))
    assert client.get(f"/pamelding/{old_tokens[0]}/").status_code == 200

    with at(ENDED + 30 * DAY - datetime.timedelta(minutes=1)):
        assert "anonymised (ended more than 30 days ago): 0;" in purge()
    assert not held.registrations.filter(anonymised_at__isnull=False).exists()

    with at(ENDED + 30 * DAY + datetime.timedelta(minutes=1)):
        output = purge()

    assert "registrations anonymised (ended more than 30 days ago): 5;" in output
    for registration in held.registrations.all():
        assert registration.name == "Slettet"
        assert registration.email == f"slettet-{registration.pk}@anonymisert.invalid"
        assert registration.role == registration.organisation == ""
        assert registration.dietary_needs == ""
        assert registration.token not in old_tokens
        assert registration.anonymised_at is not None
        registration.full_clean()  # still a valid row, unique constraint included
    # What statistics need survives: municipality, status and attendance.
    assert statistics(held) == statistics_before
    by_municipality = dict(
        held.registrations.filter(status=RegistrationStatus.ATTENDED)
        .values_list("municipality__title")
        .annotate(Count("pk"))
    )
    assert by_municipality == {"Karmøy": 2, "Bergen": 1}
    # The gathering still to come is untouched.
    kari_later = later.registrations.get()
    assert (kari_later.name, kari_later.dietary_needs) == ("Kari Nordmann", "Glutenfri")
    # The participant's links are gone, under the old token and the new one.
    anonymised = held.registrations.first()
    for token in (old_tokens[0], anonymised.token):
        assert client.get(f"/pamelding/{token}/").status_code == 404
        assert client.get(f"/pamelding/{token}/kalender.ics").status_code == 404


def test_days_option(held):
    with at(ENDED + 8 * DAY):
        assert "(ended more than 10 days ago): 0;" in purge("--days", "10")
        assert "(ended more than 7 days ago): 5;" in purge("--days", "7")
    assert held.registrations.filter(name="Slettet").count() == 5


def test_negative_days_are_refused(held):
    with pytest.raises(CommandError):
        purge("--days", "-1")


def test_running_twice_changes_nothing(held, later):
    with at(ENDED + 31 * DAY):
        purge()
        after_first = snapshot()
        output = purge()

    assert snapshot() == after_first
    assert output == (
        "dietary needs erased: 0; registrations anonymised (ended more than 30 days "
        "ago): 0; unsent e-mails dropped: 0; follow-up contacts erased: 0; "
        "proposals' contacts erased: 0; groups deleted: 0\n"
    )


def test_dry_run_changes_nothing(held, later):
    Notification.objects.create(
        registration=held.registrations.first(), kind=EmailKind.CONFIRMATION
    )
    before = snapshot()

    with at(ENDED + 31 * DAY):
        output = purge("--dry-run")

    assert snapshot() == before
    assert Notification.objects.count() == 1
    assert output.startswith("Dry run, nothing changed.")
    assert "dietary needs erased: 4;" in output
    assert "(ended more than 30 days ago): 5;" in output
    assert "unsent e-mails dropped: 1" in output


def test_unsent_emails_are_not_sent_after_anonymisation(held, mailoutbox):
    kari = held.registrations.get(email="kari@example.no")
    failed = Notification.objects.create(
        registration=kari,
        kind=EmailKind.CONFIRMATION,
        attempts=1,
        last_error="SMTPRecipientsRefused: {'kari@example.no': (550, b'No such user')}",
    )
    sent = Notification.objects.create(
        registration=kari,
        kind=EmailKind.REMINDER,
        attempts=1,
        sent_at=END - 2 * DAY,
    )

    with at(ENDED + 31 * DAY):
        assert "unsent e-mails dropped: 1" in purge()
        retry = StringIO()
        call_command("send_notifications", stdout=retry)

    assert "E-mails sent: 0;" in retry.getvalue()
    assert mailoutbox == []
    # The failed one (its error quoted the address) is gone; the record of what was
    # sent holds nothing personal and stays.
    assert not Notification.objects.filter(pk=failed.pk).exists()
    assert Notification.objects.get(pk=sent.pk).registration_id == kari.pk


def test_followup_participants_are_kept_until_it_closes(held, settings):
    """Those from programme municipalities who attended or were confirmed are asked
    what they tried at home 90 days on (events.loop): kept until that closes."""
    settings.FOLLOWUP_AFTER_DAYS = 90
    settings.FOLLOWUP_OPEN_DAYS = 30
    with at(ENDED + 31 * DAY):
        assert "(ended more than 30 days ago): 1;" in purge()
    # The cancelled participant (no municipality) is gone; the four others are kept.
    assert list(
        held.registrations.filter(anonymised_at__isnull=True)
        .order_by("name")
        .values_list("name", flat=True)
    ) == ["Kari Nordmann", "Ola Nordmann", "Per Hansen", "Siri Berg"]
    # Who asked for no more e-mail is not kept for it.
    held.registrations.filter(name="Siri Berg").update(no_more_email_at=ENDED)
    with at(ENDED + 32 * DAY):
        assert "(ended more than 30 days ago): 1;" in purge()
    with at(ENDED + 120 * DAY + datetime.timedelta(minutes=1)):
        assert "(ended more than 30 days ago): 3;" in purge()
    assert not held.registrations.filter(anonymised_at__isnull=True).exists()


def test_proposals_keep_the_proposers_address_only_for_the_retention_days(
    held, later, karmoy
):
    from events.models import Proposal

    def proposal(gathering, title, status):
        return Proposal.objects.create(
            gathering=gathering,
            kind="talk",
            title=title,
            summary="Hva vi lærte.",
            municipality=karmoy,
            speaker_name="Kari Nordmann",
            email="kari@karmoy.kommune.no",
            status=status,
        )

    accepted = proposal(held, "Bolig først i Karmøy", "accepted")
    declined = proposal(held, "Noe annet", "declined")
    upcoming = proposal(later, "Til neste samling", "proposed")

    with at(ENDED + 30 * DAY):
        assert "proposals' contacts erased: 0" in purge()
    with at(ENDED + 31 * DAY):
        assert "proposals' contacts erased: 2" in purge()
        assert "proposals' contacts erased: 0" in purge()

    accepted.refresh_from_db()
    declined.refresh_from_db()
    upcoming.refresh_from_db()
    # The programme keeps its speaker; nobody keeps the address.
    assert (accepted.email, accepted.speaker_name) == ("", "Kari Nordmann")
    assert (declined.email, declined.speaker_name) == ("", "")
    assert (upcoming.email, upcoming.speaker_name) == (
        "kari@karmoy.kommune.no",
        "Kari Nordmann",
    )
