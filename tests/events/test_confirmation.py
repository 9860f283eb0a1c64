"""A seat is held only by someone who reads the address's e-mail.

The penetration test's script registered 300 made-up addresses from one client in 47
seconds: every free seat and 269 waiting places, and each sent a husbanken.no e-mail
opening with «Hei <the script's text>». Now a registration holds its seat only until
it is confirmed from the link in the e-mail, the e-mail carries nothing the visitor
typed, and a hold never confirmed expires and frees its seat for those waiting.
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

from events import booking
from events.booking import BookingError
from events.models import EmailKind, Notification, Registration, RegistrationStatus
from tests.events.factories import (
    GatheringPageFactory,
    RegistrationFactory,
    confirm_from_email,
    confirm_link,
)
from tests.events.test_concurrency import threads_share_one_database
from tests.events.test_limits import fields as form
from tests.events.test_limits import started_on, text

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MOMENT = datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC)
OFFICE = "203.0.113.40"
# What the script typed: none of it may reach anyone's mailbox.
SCRIPT = {
    "name": "Gratulerer du har vunnet et gavekort",
    "organisation": "Ring 820 00 000 nå",
    "role": "Klikk svindel example",
    "dietary_needs": "Gratis iPhone til de første",
}


def everything_sent():
    """Subjects, bodies and HTML of every e-mail sent."""
    for message in mail.outbox:
        yield message.subject
        yield message.body
        for content, _type in message.alternatives:
            yield content


def seated_count(gathering):
    return gathering.registrations.seated().count()


# --- the script from the penetration test ---


def test_a_script_with_300_addresses_holds_nothing_and_relays_no_text(
    client, gathering_index, django_capture_on_commit_callbacks, capsys
):
    """300 made-up addresses in 47 seconds from one client, through the real form."""
    with time_machine.travel(MOMENT, tick=False) as clock:
        gathering = GatheringPageFactory(parent=gathering_index, capacity=31)
        started = started_on(client, gathering)
        answers = []
        for n in range(300):
            clock.move_to(MOMENT + datetime.timedelta(seconds=n * 47 / 300))
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    gathering.url,
                    form(f"offer{n}@eksempel{n % 17}.no", started, **SCRIPT),
                    REMOTE_ADDR=OFFICE,
                )
            answers.append(response.status_code)
        sent_in_run = len(mail.outbox)
        held_after_run = seated_count(gathering)
        confirmed_after_run = gathering.registrations.participants().count()

        clock.move_to(MOMENT + datetime.timedelta(hours=1))
        call_command("expire_registrations")
        held_an_hour_later = seated_count(gathering)

    assert confirmed_after_run == 0
    # The script holds at most the holds per client, never every seat.
    assert held_after_run <= 10
    assert gathering.registrations.participants().count() == 0
    assert held_an_hour_later == 0
    assert set(gathering.registrations.values_list("status", flat=True)) == {
        RegistrationStatus.EXPIRED
    }
    # Expired holds name nobody.
    assert not gathering.registrations.filter(email__startswith="offer").exists()
    gathering.refresh_from_db()
    assert gathering.seats_left() == 31
    # Every e-mail asked to confirm, and none carries a word the script typed.
    with_script_text = [
        part
        for part in everything_sent()
        if any(value in part for value in SCRIPT.values())
    ]
    assert with_script_text == []
    assert {message.subject for message in mail.outbox} == {
        f"Bekreft påmeldingen din til {gathering.title}"
    }
    assert all(message.body.startswith("Hei!") for message in mail.outbox)
    assert set(answers) <= {302, 429}
    with capsys.disabled():
        print(
            f"\n300-address run: {answers.count(302)} accepted, {sent_in_run} e-mails "
            f"sent, {len(with_script_text)} with the script's text; seats held after "
            f"the run {held_after_run} (confirmed {confirmed_after_run}), an hour "
            f"later {held_an_hour_later}"
        )


def test_sixty_colleagues_behind_one_address_confirm_and_all_get_seats(
    client, gathering_index, django_capture_on_commit_callbacks
):
    """Each has their own address; they register within two minutes and confirm
    from the link within the next ten, from the same office address."""
    with time_machine.travel(MOMENT, tick=False) as clock:
        gathering = GatheringPageFactory(parent=gathering_index, capacity=60)
        started = started_on(client, gathering)
        for n in range(60):
            clock.move_to(MOMENT + datetime.timedelta(seconds=2 * n))
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    gathering.url,
                    form(f"kollega{n}@karmoy.kommune.no", started),
                    REMOTE_ADDR=OFFICE,
                )
            assert response.status_code == 302
        requests = list(mail.outbox)
        assert len(requests) == 60
        for n, message in enumerate(requests):
            clock.move_to(MOMENT + datetime.timedelta(minutes=2, seconds=8 * n))
            with django_capture_on_commit_callbacks(execute=True):
                confirm_from_email(client, message, REMOTE_ADDR=OFFICE)

    assert gathering.registrations.participants().count() == 60
    assert not gathering.registrations.unconfirmed().exists()
    confirmations = [m for m in mail.outbox if m.subject.startswith("Bekreftet:")]
    assert len(confirmations) == 60
    # Once confirmed, the e-mail greets the person by the name they gave.
    assert all(m.body.startswith("Hei Kari Nordmann,") for m in confirmations)


# --- holds that expire ---


def register(gathering, email, now, **fields):
    return booking.register(
        gathering, name="Kari", email=email, consent=True, now=now, **fields
    ).registration


def test_an_expired_hold_frees_its_seat_for_the_first_confirmed_waiting(
    gathering_index, django_capture_on_commit_callbacks, mailoutbox
):
    with time_machine.travel(MOMENT, tick=False) as clock:
        gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
        holder = register(gathering, "holder@example.no", MOMENT)
        unconfirmed = register(gathering, "first@example.no", MOMENT)
        waiting = register(gathering, "second@example.no", MOMENT)
        waiting = booking.confirm(waiting).registration
        assert waiting.status == RegistrationStatus.WAITING
        mailoutbox.clear()

        # 29 minutes on, the hold still holds.
        clock.move_to(MOMENT + datetime.timedelta(minutes=29))
        with django_capture_on_commit_callbacks(execute=True):
            register(gathering, "third@example.no", MOMENT)
        assert seated_count(gathering) == 1
        # 31 minutes on, the next booking expires it first.
        later = MOMENT + datetime.timedelta(minutes=31)
        clock.move_to(later)
        with django_capture_on_commit_callbacks(execute=True):
            register(gathering, "fourth@example.no", later)

    for registration in (holder, unconfirmed, waiting):
        registration.refresh_from_db()
    assert holder.status == RegistrationStatus.EXPIRED
    assert (holder.name, holder.role, holder.dietary_needs) == ("Slettet", "", "")
    # The unconfirmed place ahead in the queue was passed over, then expired too.
    assert unconfirmed.status == RegistrationStatus.EXPIRED
    assert waiting.status == RegistrationStatus.CONFIRMED
    promoted = [m for m in mailoutbox if m.to == ["second@example.no"]]
    assert [m.subject for m in promoted] == [f"Du har fått plass på {gathering.title}"]


def test_the_sweep_expires_holds_without_any_booking(gathering_index, mailoutbox):
    with time_machine.travel(MOMENT, tick=False) as clock:
        gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
        holder = register(gathering, "holder@example.no", MOMENT)
        waiting = register(gathering, "waiting@example.no", MOMENT)
        booking.confirm(waiting)
        clock.move_to(MOMENT + datetime.timedelta(minutes=30))
        call_command("expire_registrations")

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == RegistrationStatus.EXPIRED
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_the_time_to_confirm_is_a_setting(gathering_index, settings):
    settings.REGISTRATION_CONFIRM_MINUTES = 5
    with time_machine.travel(MOMENT, tick=False):
        gathering = GatheringPageFactory(parent=gathering_index)
        holder = register(gathering, "holder@example.no", MOMENT)

    assert holder.confirm_by == MOMENT + datetime.timedelta(minutes=5)


def test_unconfirmed_waiting_places_are_never_promoted(
    gathering_index, django_capture_on_commit_callbacks, mailoutbox
):
    with time_machine.travel(MOMENT, tick=False) as clock:
        gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
        seated = RegistrationFactory(gathering=gathering)
        unconfirmed = register(gathering, "queue@example.no", MOMENT)
        assert unconfirmed.status == RegistrationStatus.UNCONFIRMED_WAITING

        booking.cancel(seated)
        unconfirmed.refresh_from_db()
        assert unconfirmed.status == RegistrationStatus.UNCONFIRMED_WAITING
        with pytest.raises(BookingError):
            booking.promote(unconfirmed, over_capacity=True)
        assert gathering.seats_left() == 1

        # Confirming in time gives the free seat at once.
        clock.move_to(MOMENT + datetime.timedelta(minutes=10))
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = booking.confirm(unconfirmed)

    assert result.outcome == "seat"
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == RegistrationStatus.CONFIRMED
    assert [m.subject for m in mailoutbox] == [
        f"Bekreftet: du er påmeldt {gathering.title}"
    ]


# --- the link in the e-mail ---


@pytest.fixture
def requested(client, gathering, django_capture_on_commit_callbacks, mailoutbox):
    """Kari has registered; the e-mail asking her to confirm is in her mailbox."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            gathering.url, form("kari@example.no", started_on(client, gathering))
        )
    (message,) = mailoutbox
    return message


def test_opening_the_link_confirms_nothing(client, requested):
    """Mail scanners follow links: only the button on the page confirms."""
    url = confirm_link(requested)
    page = client.get(url)
    client.get(url)
    client.get(f"{url}bekreft/")

    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert "Bekreft påmeldingen" in text(page)
    assert "Ikke bekreftet ennå" in text(page)
    assert client.get(f"{url}bekreft/").status_code == 405
    # No calendar file before the seat is confirmed.
    assert client.get(f"{url}kalender.ics").status_code == 404


def test_the_confirm_button_needs_the_csrf_token(requested):
    browser = Client(enforce_csrf_checks=True)
    url = confirm_link(requested)

    refused = browser.post(f"{url}bekreft/")
    page = BeautifulSoup(browser.get(url).content, "html.parser")
    token = page.find("input", {"name": "csrfmiddlewaretoken"})["value"]
    accepted = browser.post(f"{url}bekreft/", {"csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_a_reused_link_changes_nothing_and_says_so(client, requested):
    confirm_from_email(client, requested)
    again = client.post(f"{confirm_link(requested)}bekreft/", follow=True)

    assert "Påmeldingen var allerede bekreftet. Ingenting er endret." in text(again)
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert Notification.objects.filter(kind=EmailKind.CONFIRMATION).count() == 1


def test_an_expired_link_says_so_and_offers_to_register_again(
    client, gathering, requested
):
    url = confirm_link(requested)
    with time_machine.travel(datetime.timedelta(minutes=31)):
        page = client.get(url)
        pressed = client.post(f"{url}bekreft/")

    for response in (page, pressed):
        assert response.status_code == 410
        assert "Lenken er utløpt" in text(response)
        assert "ble ikke bekreftet innen 30 minutter" in text(response)
        again = BeautifulSoup(response.content, "html.parser").find(
            "a", string="Meld deg på igjen"
        )
        assert again["href"] == f"{gathering.url}#pamelding"
    assert Registration.objects.get().status == RegistrationStatus.EXPIRED


def test_an_expired_link_on_a_full_gathering_offers_nothing(
    client, gathering_index, mailoutbox, django_capture_on_commit_callbacks
):
    gathering = GatheringPageFactory(
        parent=gathering_index, capacity=1, waiting_list=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            gathering.url, form("kari@example.no", started_on(client, gathering))
        )
    with time_machine.travel(datetime.timedelta(minutes=31)):
        RegistrationFactory(gathering=gathering)
        page = client.get(confirm_link(mailoutbox[0]))

    assert page.status_code == 410
    assert "Samlingen tar ikke imot flere påmeldinger." in text(page)
    assert "Meld deg på igjen" not in text(page)


# --- the same answer whether or not the address is registered ---


def test_a_closed_gathering_answers_the_same_for_known_and_unknown_addresses(
    gathering, django_capture_on_commit_callbacks
):
    RegistrationFactory(gathering=gathering, email="kjent@example.no")
    after = gathering.registration_closes + datetime.timedelta(minutes=1)

    answers = []
    for email in ("kjent@example.no", "ukjent@example.no"):
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(BookingError) as refused,
        ):
            booking.register(gathering, name="X", email=email, consent=True, now=after)
        answers.append(str(refused.value))

    assert answers == ["Påmeldingsfristen er ute."] * 2
    assert not Notification.objects.exists()


# --- limits hold under parallel requests ---


@pytest.mark.django_db(transaction=True)
def test_twelve_parallel_registrations_send_exactly_the_limit(
    redis_cache, settings, tmp_path, gathering_index
):
    """12 requests for one address at the same moment, through the real view, against
    a limit of 5 e-mails an hour to one address: exactly 5 go out."""
    settings.REGISTRATION_LIMIT_PER_RECIPIENT = (5, 3600)
    gathering = GatheringPageFactory(parent=gathering_index, capacity=20)
    started = started_on(Client(), gathering)
    barrier = threading.Barrier(12, timeout=30)

    def post(_number):
        browser = Client()
        try:
            barrier.wait()
            return browser.post(
                gathering.url, form("kari@example.no", started), REMOTE_ADDR=OFFICE
            ).status_code
        finally:
            connection.close()

    with threads_share_one_database(tmp_path), ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(post, range(12)))

    assert sorted(answers) == [302] * 5 + [429] * 7
    assert len(mail.outbox) == 5
    assert Registration.objects.filter(email="kari@example.no").count() == 1


def test_a_mail_outage_does_not_let_a_hold_expire_before_its_email_arrives(
    gathering_index, settings, django_capture_on_commit_callbacks
):
    """The time to confirm runs from when the e-mail could be read, not from the form."""
    from tests.events.test_notifications import unused_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", unused_port()
    settings.EMAIL_TIMEOUT = 2
    with time_machine.travel(MOMENT, tick=False) as clock:
        gathering = GatheringPageFactory(parent=gathering_index, capacity=1)
        with django_capture_on_commit_callbacks(execute=True):
            holder = register(gathering, "holder@example.no", MOMENT)
        notification = holder.notifications.get()
        assert notification.sent_at is None  # the mail server is down
        # An hour of outage: the sweep finds nothing to expire, the seat stays held.
        for minutes in range(5, 65, 5):
            clock.move_to(MOMENT + datetime.timedelta(minutes=minutes))
            call_command("send_notifications")
            call_command("expire_registrations")
        holder.refresh_from_db()
        assert holder.status == RegistrationStatus.UNCONFIRMED
        assert seated_count(gathering) == 1
        # The server is back: the e-mail goes, and there are 30 minutes to confirm.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        back = MOMENT + datetime.timedelta(minutes=90)
        clock.move_to(back)
        call_command("send_notifications")
        holder.refresh_from_db()
        assert holder.confirm_by == back + datetime.timedelta(minutes=30)
        clock.move_to(back + datetime.timedelta(minutes=29))
        call_command("expire_registrations")
        holder.refresh_from_db()
        assert holder.status == RegistrationStatus.UNCONFIRMED
        assert booking.confirm(holder).registration.status == (
            RegistrationStatus.CONFIRMED
        )
