"""E-mail to participants: what each kind says, the calendar file, escaping, a mail
server that is down, the retry command and the reminders."""

import datetime
import email
import socket
import zoneinfo
from io import StringIO

import icalendar
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from events import booking, notifications
from events.models import EmailKind, Notification, Registration, RegistrationStatus
from tests.events.factories import GatheringPageFactory, RegistrationFactory
from tests.events.test_agenda import gathering_form
from tests.factories import MunicipalityPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
# A Wednesday in summer time; e-mail text does not depend on today's date.
START = datetime.datetime(2030, 6, 12, 9, 0, tzinfo=OSLO)

# kind -> (words in the subject, words in the text)
KINDS = {
    EmailKind.CONFIRMATION: ("Bekreftet: du er påmeldt", "Du er påmeldt"),
    EmailKind.WAITING: ("står på venteliste", "står på venteliste som nummer 1"),
    EmailKind.PROMOTED: ("Du har fått plass", "du har fått plass på"),
    EmailKind.CANCELLED: ("Avmeldingen din", "har meldt deg av"),
    EmailKind.REMINDER: ("Påminnelse:", "Dette er en påminnelse om"),
}


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def unused_port():
    """A local port where nothing listens (bound once, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def send(registration, kind):
    notification = Notification.objects.create(registration=registration, kind=kind)
    assert notifications.deliver(notification)
    return notification


def html_part(message):
    (content, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return content


def calendar_attachments(message):
    """The text/calendar parts of the message as it goes over the wire."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    return [
        part for part in parsed.walk() if part.get_content_type() == "text/calendar"
    ]


@pytest.fixture
def summer_gathering(gathering_index):
    return GatheringPageFactory(
        parent=gathering_index,
        title="Fagsamling om bostedsløse",
        start=START,
        end=START.replace(hour=15, minute=30),
        venue="Husbanken, Bergen",
        address="Kaigaten 9",
        registration_opens=START - datetime.timedelta(days=40),
        registration_closes=START - datetime.timedelta(days=5),
    )


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_email_in_text_and_html(summer_gathering, mailoutbox, kind):
    status = {
        EmailKind.WAITING: RegistrationStatus.WAITING,
        EmailKind.CANCELLED: RegistrationStatus.CANCELLED,
    }.get(kind, RegistrationStatus.CONFIRMED)
    registration = RegistrationFactory(
        gathering=summer_gathering, name="Kari Nordmann", status=status
    )

    send(registration, kind)

    (message,) = mailoutbox
    subject_words, text_words = KINDS[kind]
    own_page = f"http://testserver/pamelding/{registration.token}/"
    gathering_page = f"http://testserver{summer_gathering.url}"
    assert message.to == [registration.email]
    assert subject_words in message.subject
    assert "Fagsamling om bostedsløse" in message.subject
    text = message.body
    assert text.startswith("Hei Kari Nordmann,")
    assert text_words in text
    assert "Fagsamling om bostedsløse" in text
    assert "Når: onsdag 12. juni 2030 kl. 09:00–15:30" in text
    assert "Hvor: Husbanken, Bergen, Kaigaten 9" in text
    assert own_page in text
    assert gathering_page in text
    html = html_part(message)
    assert '<html lang="nb">' in html
    assert "Hei Kari Nordmann," in html
    assert text_words in html
    assert "<strong>Fagsamling om bostedsløse</strong>" in html
    assert "onsdag 12. juni 2030 kl. 09:00" in html
    assert f'href="{own_page}"' in html
    assert f'href="{gathering_page}"' in html


@pytest.mark.parametrize(
    "kind", [EmailKind.CONFIRMATION, EmailKind.PROMOTED, EmailKind.REMINDER]
)
def test_calendar_file_with_the_emails_that_need_it(summer_gathering, mailoutbox, kind):
    registration = RegistrationFactory(gathering=summer_gathering)

    send(registration, kind)

    (message,) = mailoutbox
    (part,) = calendar_attachments(message)
    assert part.get_filename() == "samling.ics"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_all("Content-Type")[0].count("charset") == 1
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Fagsamling om bostedsløse"
    assert event.decoded("DTSTART") == START
    assert str(event["LOCATION"]) == "Husbanken, Bergen, Kaigaten 9"


@pytest.mark.parametrize("kind", [EmailKind.WAITING, EmailKind.CANCELLED])
def test_no_calendar_file_for_waiting_list_or_cancellation(
    summer_gathering, mailoutbox, kind
):
    send(RegistrationFactory(gathering=summer_gathering), kind)

    (message,) = mailoutbox
    assert message.attachments == []
    assert calendar_attachments(message) == []


def test_markup_in_name_and_title_is_escaped_in_html(gathering_index, mailoutbox):
    gathering = GatheringPageFactory(
        parent=gathering_index, title="Bolig <i>og</i> helse & rus"
    )
    registration = RegistrationFactory(gathering=gathering, name="<b>Ola</b>")

    send(registration, EmailKind.CONFIRMATION)

    (message,) = mailoutbox
    html = html_part(message)
    assert "Hei &lt;b&gt;Ola&lt;/b&gt;," in html
    assert "<b>Ola</b>" not in html
    assert "Bolig &lt;i&gt;og&lt;/i&gt; helse &amp; rus" in html
    assert "<i>og</i>" not in html
    # Plain text is not HTML: there the name stays as the person typed it.
    assert message.body.startswith("Hei <b>Ola</b>,")
    assert "Bolig <i>og</i> helse & rus" in message.subject


def test_failing_mail_server_neither_loses_nor_blocks_a_registration(
    gathering, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = unused_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = booking.register(
            gathering,
            name="Kari Nordmann",
            email="kari@example.no",
            organisation="NAV Karmøy",
            consent=True,
        )

    # After the commit: the e-mail was attempted, and cached seat counts retired.
    assert len(callbacks) == 2
    registration = Registration.objects.get()
    assert result.created
    assert registration.pk == result.registration.pk
    assert registration.status == RegistrationStatus.UNCONFIRMED
    notification = registration.notifications.get()
    assert notification.kind == EmailKind.CONFIRM_ADDRESS
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert notification.last_error.startswith("ConnectionRefusedError")
    assert mailoutbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification.next_attempt_at > notification.retry_since
    with time_machine.travel(notification.next_attempt_at, tick=False):
        output = run("send_notifications")

    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 2
    assert notification.last_error == ""
    assert "E-mails sent: 1; failed again: 0" in output
    (message,) = mailoutbox
    assert message.to == ["kari@example.no"]
    assert "Bekreft påmeldingen din til" in message.subject
    assert run("send_notifications").startswith("E-mails sent: 0; failed again: 0")
    assert len(mailoutbox) == 1


@pytest.fixture
def closed_mail_server(settings):
    """Django's real SMTP backend, pointed at a local port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = unused_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    return settings


def retry_until_settled(traveller, notification, limit=100):
    """Run the command at each next attempt until the e-mail is sent or given up.

    Returns the moments the command ran and what it raised at the end (or None).
    """
    moments = []
    for _ in range(limit):
        notification.refresh_from_db()
        if notification.sent_at or notification.gave_up_at:
            return moments, None
        traveller.move_to(notification.next_attempt_at)
        moments.append(notification.next_attempt_at)
        try:
            run("send_notifications")
        except CommandError as error:
            return moments, error
    raise AssertionError("never settled")


def test_a_mail_outage_of_a_day_loses_no_email(
    gathering_index, closed_mail_server, django_capture_on_commit_callbacks, mailoutbox
):
    start = datetime.datetime(2030, 3, 30, 2, 30, tzinfo=OSLO)  # before a DST night
    with time_machine.travel(start, tick=False) as traveller:
        gathering = GatheringPageFactory(parent=gathering_index)
        with django_capture_on_commit_callbacks(execute=True):
            registration = booking.register(
                gathering, name="Kari", email="kari@example.no", consent=True
            ).registration
        notification = registration.notifications.get()
        assert notification.sent_at is None
        assert notification.next_attempt_at == start + notifications.FIRST_PAUSE

        # Not due yet: a run now does not try again.
        assert run("send_notifications").startswith(
            "E-mails sent: 0; failed again: 0; given up: 0"
        )
        notification.refresh_from_db()
        assert notification.attempts == 1

        # Each pause is longer than the one before, up to the longest pause.
        moments = []
        while notification.next_attempt_at < start + datetime.timedelta(hours=24):
            traveller.move_to(notification.next_attempt_at)
            moments.append(notification.next_attempt_at)
            assert "failed again: 1; given up: 0" in run("send_notifications")
            notification.refresh_from_db()
        pauses = [b - a for a, b in zip([start, *moments], moments, strict=False)]
        assert pauses == sorted(pauses)
        assert max(pauses) == notifications.LONGEST_PAUSE
        assert notification.gave_up_at is None

        closed_mail_server.EMAIL_BACKEND = (
            "django.core.mail.backends.locmem.EmailBackend"
        )
        traveller.move_to(notification.next_attempt_at)
        assert run("send_notifications").startswith("E-mails sent: 1;")
    notification.refresh_from_db()
    assert notification.sent_at is not None
    (message,) = mailoutbox
    assert message.to == ["kari@example.no"]


def test_giving_up_after_two_days_is_loud(
    gathering_index, closed_mail_server, django_capture_on_commit_callbacks, caplog
):
    start = datetime.datetime(2030, 10, 26, 2, 30, tzinfo=OSLO)  # a DST night ahead
    with time_machine.travel(start, tick=False) as traveller:
        gathering = GatheringPageFactory(parent=gathering_index)
        with django_capture_on_commit_callbacks(execute=True):
            registration = booking.register(
                gathering, name="Kari", email="kari@example.no", consent=True
            ).registration
        notification = registration.notifications.get()
        caplog.clear()
        moments, error = retry_until_settled(traveller, notification)

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.gave_up_at is not None
    # The last attempt came 48 hours after the first failure, not before.
    assert moments[-1] - start == notifications.RETRY_FOR
    assert notification.gave_up_at == moments[-1]
    assert all(
        later > earlier for earlier, later in zip(moments, moments[1:], strict=False)
    )
    # The run that gave up failed, and said so at ERROR level.
    assert error is not None
    assert "given up: 1" in str(error)
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "given up" in errors[0].getMessage()
    assert "ConnectionRefusedError" in errors[0].getMessage()
    # A given-up e-mail is not tried again by the command.
    with time_machine.travel(start + datetime.timedelta(days=5), tick=False):
        assert run("send_notifications").startswith(
            "E-mails sent: 0; failed again: 0; given up: 0"
        )
    attempts = notification.attempts
    notification.refresh_from_db()
    assert notification.attempts == attempts
    assert list(Notification.objects.given_up()) == [notification]


def test_send_again_starts_the_back_off_over(gathering, mailoutbox):
    registration = RegistrationFactory(gathering=gathering)
    now = datetime.datetime(2030, 1, 10, 12, 0, tzinfo=OSLO)
    notification = Notification.objects.create(
        registration=registration,
        kind=EmailKind.CONFIRMATION,
        attempts=20,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        retry_since=now - datetime.timedelta(days=3),
        gave_up_at=now - datetime.timedelta(days=1),
    )
    with time_machine.travel(now, tick=False):
        assert notifications.retry_now([notification]) == (1, 0)
    notification.refresh_from_db()
    assert notification.sent_at == now
    assert notification.gave_up_at is None
    assert len(mailoutbox) == 1


def test_send_notifications_help_says_how_often_to_run_and_when_it_fails():
    from events.management.commands.send_notifications import Command

    assert "every few minutes" in Command.help
    assert "non-zero" in Command.help


def test_a_notification_sent_meanwhile_is_not_sent_again(gathering, mailoutbox):
    notification = Notification.objects.create(
        registration=RegistrationFactory(gathering=gathering),
        kind=EmailKind.CONFIRMATION,
    )
    stale = Notification.objects.get(pk=notification.pk)

    assert notifications.deliver(notification)
    # A second sender that read the row before it was sent (the retry command while
    # the task ran) must not send it twice.
    assert not notifications.deliver(stale)

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


# --- reminders ---


def send_reminders_at(moment, capture_on_commit):
    """Run the command at a frozen moment; the queued e-mails go out on commit."""
    with time_machine.travel(moment, tick=False), capture_on_commit(execute=True):
        return run("send_reminders")


@pytest.fixture
def reminded_gathering(gathering_index):
    return GatheringPageFactory(
        parent=gathering_index,
        title="Nettverkssamling vest",
        start=START,
        end=START.replace(hour=15),
        reminder_days=3,
        registration_opens=START - datetime.timedelta(days=40),
        registration_closes=START - datetime.timedelta(days=1),
    )


def test_reminders_go_once_to_confirmed_participants_with_calendar_file(
    reminded_gathering, django_capture_on_commit_callbacks, mailoutbox
):
    confirmed = RegistrationFactory(
        gathering=reminded_gathering, name="Kari Nordmann", email="kari@example.no"
    )
    for status in (RegistrationStatus.WAITING, RegistrationStatus.CANCELLED):
        RegistrationFactory(gathering=reminded_gathering, status=status)

    capture = django_capture_on_commit_callbacks
    too_early = START - datetime.timedelta(days=3, hours=1)
    assert send_reminders_at(too_early, capture) == "Reminders queued: 0\n"
    assert mailoutbox == []

    due = START - datetime.timedelta(days=2)
    assert send_reminders_at(due, capture) == "Reminders queued: 1\n"
    assert send_reminders_at(due, capture) == "Reminders queued: 0\n"

    (message,) = mailoutbox
    assert message.to == ["kari@example.no"]
    assert message.subject == "Påminnelse: Nettverkssamling vest nærmer seg"
    assert "Dette er en påminnelse om Nettverkssamling vest" in message.body
    (part,) = calendar_attachments(message)
    (event,) = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk(
        "VEVENT"
    )
    assert event.decoded("DTSTART") == START
    reminder = Notification.objects.get(kind=EmailKind.REMINDER)
    assert reminder.registration == confirmed
    assert reminder.sent_at is not None

    # Once it has started, nobody is reminded any more (someone confirmed late).
    RegistrationFactory(gathering=reminded_gathering)
    started = START + datetime.timedelta(minutes=5)
    assert send_reminders_at(started, django_capture_on_commit_callbacks) == (
        "Reminders queued: 0\n"
    )


def test_no_reminders_for_a_cancelled_gathering(
    reminded_gathering, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(gathering=reminded_gathering)
    reminded_gathering.cancelled = True
    reminded_gathering.save()

    moment = START - datetime.timedelta(days=1)
    queued = send_reminders_at(moment, django_capture_on_commit_callbacks)

    assert queued == "Reminders queued: 0\n"

    assert mailoutbox == []
    assert not Notification.objects.filter(kind=EmailKind.REMINDER).exists()


def test_reminder_window_follows_each_gatherings_reminder_days(
    reminded_gathering, gathering_index, django_capture_on_commit_callbacks
):
    RegistrationFactory(gathering=reminded_gathering)  # reminder_days=3
    week_ahead = GatheringPageFactory(
        parent=gathering_index,
        start=START,
        end=START.replace(hour=15),
        reminder_days=7,
    )
    no_reminder = GatheringPageFactory(
        parent=gathering_index,
        start=START,
        end=START.replace(hour=15),
        reminder_days=0,
    )
    RegistrationFactory(gathering=week_ahead)
    RegistrationFactory(gathering=no_reminder)

    moment = START - datetime.timedelta(days=5)
    queued = send_reminders_at(moment, django_capture_on_commit_callbacks)

    assert queued == "Reminders queued: 1\n"

    reminded = Notification.objects.filter(kind=EmailKind.REMINDER)
    assert [n.registration.gathering_id for n in reminded] == [week_ahead.pk]


# --- a gathering over more than one day ---


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (EmailKind.CONFIRMATION, RegistrationStatus.CONFIRMED),
        (EmailKind.WAITING, RegistrationStatus.WAITING),
        (EmailKind.PROMOTED, RegistrationStatus.CONFIRMED),
    ],
)
def test_a_gathering_over_two_days_reads_as_two_days_in_the_email(
    gathering_index, mailoutbox, kind, status
):
    start = datetime.datetime(2027, 3, 10, 10, 0, tzinfo=OSLO)
    gathering = GatheringPageFactory(
        parent=gathering_index,
        start=start,
        end=start.replace(day=11, hour=15),
        registration_opens=start - datetime.timedelta(days=40),
        registration_closes=start - datetime.timedelta(days=5),
    )

    send(RegistrationFactory(gathering=gathering, status=status), kind)

    (message,) = mailoutbox
    when = "onsdag 10. mars kl. 10:00 – torsdag 11. mars 2027 kl. 15:00"
    assert f"Når: {when}" in message.body
    assert f"Når: {when}" in html_part(message)


# --- seats per municipality ---


def test_the_waiting_list_email_says_the_municipality_used_its_seats(
    gathering_index, municipality_index, mailoutbox
):
    karmoy = MunicipalityPageFactory(parent=municipality_index, title="Karmøy kommune")
    gathering = GatheringPageFactory(
        parent=gathering_index,
        title="Fagsamling om bostedsløse",
        capacity=10,
        seats_per_municipality=2,
    )
    RegistrationFactory.create_batch(2, gathering=gathering, municipality=karmoy)
    waiting = RegistrationFactory(
        gathering=gathering, municipality=karmoy, status=RegistrationStatus.WAITING
    )

    send(waiting, EmailKind.WAITING)

    (message,) = mailoutbox
    expected = (
        "Karmøy kommune har allerede brukt sine 2 plasser på Fagsamling om "
        "bostedsløse – du står på venteliste som nummer 1."
    )
    assert expected in message.body
    assert "er full" not in message.body
    assert "kalenderfil" not in message.body
    assert message.attachments == []


# --- the calendar follows cancellations and changes ---


def only_event(message):
    (part,) = calendar_attachments(message)
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return part.get_param("method"), calendar, event


def the_update(message, before):
    """The event in ``message``: the same one as ``before``, a later version of it."""
    method, _, event = only_event(message)
    assert method == "PUBLISH"
    assert str(event["UID"]) == str(before["UID"])
    assert event["SEQUENCE"] > before["SEQUENCE"]
    return event


def test_cancelling_a_seat_takes_the_event_out_of_the_calendar(
    summer_gathering, mailoutbox, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(gathering=summer_gathering)
    send(registration, EmailKind.CONFIRMATION)
    _, _, confirmed = only_event(mailoutbox.pop())

    # The participant's «Meld meg av» and the organiser's «Meld av» both cancel here.
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(registration)

    (message,) = mailoutbox
    assert "Avmeldingen din" in message.subject
    assert "tar samlingen ut av kalenderen din" in message.body
    method, calendar, event = only_event(message)
    assert method == "CANCEL"
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(confirmed["UID"])
    assert event["SEQUENCE"] > confirmed["SEQUENCE"]


def test_registering_again_after_cancelling_puts_the_event_back(
    summer_gathering, mailoutbox
):
    first = RegistrationFactory(gathering=summer_gathering, email="kari@example.no")
    send(first, EmailKind.CONFIRMATION)
    first = booking.cancel(first)
    send(first, EmailKind.CANCELLED)
    again = RegistrationFactory(gathering=summer_gathering, email="kari@example.no")
    send(again, EmailKind.CONFIRMATION)

    sequences = [only_event(message)[2]["SEQUENCE"] for message in mailoutbox]
    methods = [only_event(message)[0] for message in mailoutbox]
    assert methods == ["PUBLISH", "CANCEL", "PUBLISH"]
    assert sequences == sorted(set(sequences))


def test_a_published_new_time_moves_the_event_for_everyone_with_a_seat(
    summer_gathering, mailoutbox, django_capture_on_commit_callbacks
):
    """Those with a seat get the news and the moved event; those waiting, the news
    (they never had the event); those who cancelled, nothing."""
    seated = RegistrationFactory(gathering=summer_gathering)
    send(seated, EmailKind.CONFIRMATION)
    _, _, before = only_event(mailoutbox.pop())
    waiting = RegistrationFactory(
        gathering=summer_gathering, status=RegistrationStatus.WAITING
    )
    RegistrationFactory(gathering=summer_gathering, status=RegistrationStatus.CANCELLED)
    moved = START + datetime.timedelta(days=1, hours=1)

    summer_gathering.start = moved
    summer_gathering.end = moved.replace(hour=16)
    with django_capture_on_commit_callbacks(execute=True):
        summer_gathering.save_revision().publish()

    message, to_waiting = sorted(mailoutbox, key=lambda m: m.to != [seated.email])
    assert to_waiting.to == [waiting.email]
    assert "Du står fortsatt på venteliste som nummer 1" in to_waiting.body
    assert "Når: torsdag 13. juni 2030 kl. 10:00–16:00" in to_waiting.body
    assert calendar_attachments(to_waiting) == []
    assert message.to == [seated.email]
    assert message.subject == "Endret tid eller sted: Fagsamling om bostedsløse"
    assert "Tid eller sted for Fagsamling om bostedsløse er endret" in message.body
    assert "Når: torsdag 13. juni 2030 kl. 10:00–16:00" in message.body
    event = the_update(message, before)
    assert event.decoded("DTSTART") == moved
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_new_place_is_news_but_a_new_title_is_not(
    summer_gathering, mailoutbox, django_capture_on_commit_callbacks
):
    RegistrationFactory(gathering=summer_gathering)

    summer_gathering.title = "Fagsamling om bostedsløshet"
    with django_capture_on_commit_callbacks(execute=True):
        summer_gathering.save_revision().publish()
    assert mailoutbox == []
    assert Notification.objects.count() == 0

    summer_gathering.venue = "Husbanken, Stavanger"
    with django_capture_on_commit_callbacks(execute=True):
        summer_gathering.save_revision().publish()
    (message,) = mailoutbox
    assert "Hvor: Husbanken, Stavanger, Kaigaten 9" in message.body
    _, _, event = only_event(message)
    assert str(event["LOCATION"]) == "Husbanken, Stavanger, Kaigaten 9"
    assert event["SEQUENCE"] == 1


def test_a_draft_with_a_new_time_tells_nobody_until_it_is_published(
    summer_gathering, mailoutbox, django_capture_on_commit_callbacks
):
    RegistrationFactory(gathering=summer_gathering)

    summer_gathering.start = START + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        revision = summer_gathering.save_revision()
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert len(mailoutbox) == 1


def test_a_cancelled_gathering_is_cancelled_in_the_calendars(
    summer_gathering, mailoutbox, django_capture_on_commit_callbacks
):
    seated = RegistrationFactory(gathering=summer_gathering)
    RegistrationFactory(gathering=summer_gathering, status=RegistrationStatus.WAITING)

    summer_gathering.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        summer_gathering.save_revision().publish()

    message, to_waiting = sorted(mailoutbox, key=lambda m: m.to != [seated.email])
    assert to_waiting.subject == "Avlyst: Fagsamling om bostedsløse"
    assert "Ventelisten gjelder ikke lenger." in to_waiting.body
    assert calendar_attachments(to_waiting) == []
    assert message.subject == "Avlyst: Fagsamling om bostedsløse"
    assert "Fagsamling om bostedsløse er avlyst" in message.body
    method, _, event = only_event(message)
    assert method == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"


def test_an_editor_publishing_a_new_end_tells_the_participants(
    admin_client, gathering_index, mailoutbox, django_capture_on_commit_callbacks
):
    start = datetime.datetime(2030, 5, 6, 10, 0, tzinfo=OSLO)
    gathering = GatheringPageFactory(
        parent=gathering_index,
        title="Fagsamling om bostedsløse",
        slug="fagsamling",
        start=start,
        end=start.replace(day=7, hour=15),
        venue="Husbanken, Bergen",
        registration_opens=None,
        registration_closes=None,
        capacity=50,
    )
    seated = RegistrationFactory(gathering=gathering)
    edit_url = reverse("wagtailadmin_pages:edit", args=[gathering.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            edit_url, gathering_form([], end="2030-05-07 16:00")
        )

    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == [seated.email]
    assert (
        "Når: mandag 6. mai kl. 10:00 – tirsdag 7. mai 2030 kl. 16:00" in message.body
    )
    _, _, event = only_event(message)
    assert event.decoded("DTEND") == start.replace(day=7, hour=16)
    assert event["SEQUENCE"] == 1


def test_a_new_meeting_link_reaches_the_digital_participants_only(
    summer_gathering, mailoutbox, django_capture_on_commit_callbacks
):
    summer_gathering.attendance = "hybrid"
    summer_gathering.online_url = "https://møte.example.no/gammel"
    summer_gathering.save_revision().publish()
    digital = RegistrationFactory(gathering=summer_gathering, participation="digital")
    RegistrationFactory(gathering=summer_gathering, participation="on_site")
    RegistrationFactory(
        gathering=summer_gathering,
        participation="digital",
        status=RegistrationStatus.WAITING,
    )
    send(digital, EmailKind.CONFIRMATION)
    _, _, before = only_event(mailoutbox.pop())
    assert "gammel" in str(before["LOCATION"])

    summer_gathering.online_url = "https://møte.example.no/ny"
    with django_capture_on_commit_callbacks(execute=True):
        summer_gathering.save_revision().publish()

    (message,) = mailoutbox
    assert message.to == [digital.email]
    assert message.subject == "Ny lenke til nettmøtet: Fagsamling om bostedsløse"
    assert (
        "Lenken til nettmøtet for Fagsamling om bostedsløse er endret" in message.body
    )
    assert "Nettmøte: https://møte.example.no/ny" in message.body
    event = the_update(message, before)
    assert str(event["LOCATION"]) == "https://møte.example.no/ny"
