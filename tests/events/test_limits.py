"""Limits on what registration costs: e-mails, never colleagues behind one address.

Every test that counts freezes the clock or steps it from one frozen moment. The windows
slide: an event counts for exactly its window's length after it happened, so a refused
request waits until the oldest event in the window drops out.
"""

import datetime
import threading

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config.settings.base import env_limit
from events import limits
from events.models import Registration, RegistrationStatus
from tests.events.factories import GatheringPageFactory, RegistrationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

# 02:30 in Oslo on the night the clocks go back; half past the hour in UTC, so a window
# of an hour has 30 minutes left.
MOMENT = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)
OFFICE = "203.0.113.40"  # one town hall's address


def text(response):
    return " ".join(
        BeautifulSoup(response.content, "html.parser").get_text(" ").split()
    )


def fields(email, started, **changes):
    """The form as a person sends it, with ``changes``; None leaves a field out."""
    data = {
        "name": "Kari Nordmann",
        "email": email,
        "municipality": "",
        "organisation": "NAV Karmøy",
        "role": "",
        "dietary_needs": "",
        "consent": "on",
        "website": "",
        "started": started,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def started_on(client, gathering):
    """The signed time stamp the gathering page puts in its form."""
    page = BeautifulSoup(client.get(gathering.url).content, "html.parser")
    return page.find("input", {"name": "started"})["value"]


def register(client, gathering, email, remote=OFFICE, **changes):
    """Open the gathering page, fill in the form and send it from ``remote``."""
    if "started" not in changes:
        changes["started"] = started_on(client, gathering)
    data = fields(email, **changes)
    return client.post(gathering.url, data, REMOTE_ADDR=remote)


def assert_refused(response, seconds):
    assert response.status_code == 429
    assert response["Retry-After"] == str(seconds)
    minutes = seconds // 60
    assert f"Prøv igjen om {minutes} minutter." in text(response)


# --- a town hall behind one address ---


def test_sixty_colleagues_behind_one_address_all_get_registered(
    client, gathering_index
):
    """A whole department registers from the town hall within two minutes."""
    with time_machine.travel(MOMENT, tick=False) as clock:
        gathering = GatheringPageFactory(parent=gathering_index, capacity=100)
        started = started_on(client, gathering)
        responses = []
        for n in range(60):
            clock.move_to(MOMENT + datetime.timedelta(seconds=2 * n))
            data = fields(f"kollega{n}@karmoy.kommune.no", started)
            responses.append(client.post(gathering.url, data, REMOTE_ADDR=OFFICE))

    assert {response.status_code for response in responses} == {302}
    assert gathering.registrations.count() == 60


def test_the_ceiling_per_client_is_per_client_behind_trusted_proxies(
    client, gathering_index, settings
):
    """Behind the load balancer every request has its address; the header tells them apart."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REGISTRATION_LIMIT_PER_CLIENT = (1, 600)
    proxy = "10.0.0.5"
    with time_machine.travel(MOMENT, tick=False):
        gathering = GatheringPageFactory(parent=gathering_index)

        def post(email, forwarded):
            return client.post(
                gathering.url,
                fields(email, started_on(client, gathering)),
                REMOTE_ADDR=proxy,
                HTTP_X_FORWARDED_FOR=forwarded,
            )

        bergen = post("a@bergen.kommune.no", "198.51.100.1")
        karmoy = post("b@karmoy.kommune.no", "203.0.113.40")
        bergen_again = post("c@bergen.kommune.no", "198.51.100.1")

    assert (bergen.status_code, karmoy.status_code) == (302, 302)
    assert_refused(bergen_again, 600)
    assert gathering.registrations.count() == 2


# --- e-mails to one recipient ---


def test_twenty_requests_for_one_address_send_five_emails(
    client, gathering_index, django_capture_on_commit_callbacks, mailoutbox
):
    """Someone keeps sending the form with another person's address."""
    with time_machine.travel(MOMENT, tick=False):
        gathering = GatheringPageFactory(parent=gathering_index)
        responses = []
        for n in range(20):
            with django_capture_on_commit_callbacks(execute=True):
                responses.append(
                    register(
                        client,
                        gathering,
                        "offer@example.no",
                        remote=f"198.51.100.{n}",
                    )
                )

    codes = [response.status_code for response in responses]
    # A new address and a known one get the same answer.
    assert codes == [302] * 5 + [429] * 15
    assert [message.to for message in mailoutbox] == [["offer@example.no"]] * 5
    subjects = [message.subject for message in mailoutbox]
    assert subjects[0].startswith("Bekreft påmeldingen")
    assert all(subject.startswith("Lenken til") for subject in subjects[1:])
    for refused in responses[5:]:
        assert_refused(refused, 60 * 60)
    assert Registration.objects.count() == 1
    # Half an hour on, the window still holds all five; an hour on, the first is out.
    later = MOMENT + datetime.timedelta(minutes=30)
    with time_machine.travel(later, tick=False):
        assert_refused(register(client, gathering, "offer@example.no"), 30 * 60)
    with (
        time_machine.travel(MOMENT + datetime.timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert register(client, gathering, "offer@example.no").status_code == 302
    assert len(mailoutbox) == 6


def test_one_address_registered_for_many_gatherings_is_held_back(
    client, gathering_index, django_capture_on_commit_callbacks, mailoutbox
):
    with time_machine.travel(MOMENT, tick=False):
        gatherings = GatheringPageFactory.create_batch(6, parent=gathering_index)
        responses = []
        for gathering in gatherings:
            with django_capture_on_commit_callbacks(execute=True):
                responses.append(register(client, gathering, "kari@example.no"))

    assert [response.status_code for response in responses] == [302] * 5 + [429]
    assert_refused(responses[5], 60 * 60)
    assert len(mailoutbox) == 5
    assert not gatherings[5].registrations.exists()  # refused before booking


def test_one_gathering_sends_at_most_its_limit(client, gathering_index, settings):
    settings.REGISTRATION_LIMIT_PER_GATHERING = (3, 600)
    with time_machine.travel(MOMENT, tick=False):
        gathering, other = GatheringPageFactory.create_batch(2, parent=gathering_index)
        responses = [
            register(client, gathering, f"p{n}@example.no", remote=f"192.0.2.{n}")
            for n in range(4)
        ]
        elsewhere = register(client, other, "p9@example.no", remote="192.0.2.9")

    assert [response.status_code for response in responses] == [302, 302, 302, 429]
    assert_refused(responses[3], 600)
    assert elsewhere.status_code == 302


# --- mistakes cost nothing ---


def test_invalid_forms_and_refused_bookings_cost_nothing(
    client, gathering_index, settings
):
    settings.REGISTRATION_LIMIT_PER_CLIENT = (2, 600)
    settings.REGISTRATION_LIMIT_PER_RECIPIENT = (1, 3600)
    with time_machine.travel(MOMENT, tick=False):
        gathering = GatheringPageFactory(parent=gathering_index)
        full = GatheringPageFactory(
            parent=gathering_index, capacity=1, waiting_list=False
        )
        RegistrationFactory(gathering=full)
        mistakes = [
            register(client, gathering, "kari@example.no", consent=None),
            register(client, gathering, "kari@example.no", consent="0"),
            register(client, gathering, "kari(at)example.no"),
            register(client, gathering, "kari@example.no", organisation=""),
            register(client, gathering, "kari@example.no", website="http://x"),
            register(client, gathering, "kari@example.no", started="tampered"),
        ] * 2
        # No seat: the full gathering shows no form, so the stamp comes from the other.
        started = started_on(client, gathering)
        mistakes.append(register(client, full, "kari@example.no", started=started))

        first = register(client, gathering, "kari@example.no")
        second = register(client, gathering, "ola@example.no")
        third = register(client, gathering, "per@example.no")

    assert {response.status_code for response in mistakes} == {400}
    assert (first.status_code, second.status_code) == (302, 302)
    assert_refused(third, 600)
    assert sorted(gathering.registrations.values_list("email", flat=True)) == [
        "kari@example.no",
        "ola@example.no",
    ]


# --- cancelling ---


def test_cancelling_is_held_back_only_by_the_ceiling_per_client(
    client, gathering_index, settings
):
    settings.REGISTRATION_LIMIT_PER_CLIENT = (2, 600)
    with time_machine.travel(MOMENT, tick=False):
        gathering = GatheringPageFactory(parent=gathering_index)
        registrations = RegistrationFactory.create_batch(3, gathering=gathering)
        responses = [
            client.post(f"/pamelding/{registration.token}/avmeld/", REMOTE_ADDR=OFFICE)
            for registration in registrations
        ]
        # Cancelling what is already cancelled sends nothing and costs nothing.
        again = client.post(
            f"/pamelding/{registrations[0].token}/avmeld/", REMOTE_ADDR=OFFICE
        )

    assert [response.status_code for response in responses[:2]] == [302, 302]
    assert_refused(responses[2], 600)
    assert responses[2]["Cache-Control"] == "private, no-store"
    assert again.status_code == 302
    assert [
        Registration.objects.get(pk=registration.pk).status
        for registration in registrations
    ] == [RegistrationStatus.CANCELLED] * 2 + [RegistrationStatus.CONFIRMED]


def test_a_person_with_many_emails_can_still_cancel(client, gathering_index, settings):
    """Giving up a seat is never refused because the address has had its e-mails."""
    settings.REGISTRATION_LIMIT_PER_RECIPIENT = (1, 3600)
    with time_machine.travel(MOMENT, tick=False):
        gathering = GatheringPageFactory(parent=gathering_index)
        assert register(client, gathering, "kari@example.no").status_code == 302
        registration = Registration.objects.get()

        cancelled = client.post(f"/pamelding/{registration.token}/avmeld/")
        # The cancellation's e-mail counted: registering again must wait.
        again = register(client, gathering, "kari@example.no")

    assert cancelled.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert_refused(again, 60 * 60)


# --- settings ---


def test_limits_are_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("REGISTRATION_LIMIT_PER_RECIPIENT", " 7/120 ")
    assert env_limit("REGISTRATION_LIMIT_PER_RECIPIENT", (5, 3600)) == (7, 120)
    monkeypatch.delenv("REGISTRATION_LIMIT_PER_RECIPIENT")
    assert env_limit("REGISTRATION_LIMIT_PER_RECIPIENT", (5, 3600)) == (5, 3600)
    for bad in ("5", "5/0", "fem/3600", "5/3600/1", "-1/60"):
        monkeypatch.setenv("REGISTRATION_LIMIT_PER_RECIPIENT", bad)
        with pytest.raises(ImproperlyConfigured, match="count/seconds"):
            env_limit("REGISTRATION_LIMIT_PER_RECIPIENT", (5, 3600))


# --- several servers share one count ---


def test_two_workers_share_one_count_in_redis(redis_cache, settings):
    """Each thread has its own cache client, as each worker process would."""
    settings.REGISTRATION_LIMIT_PER_RECIPIENT = (3, 3600)
    request = RequestFactory().post("/", REMOTE_ADDR=OFFICE)
    seen = {}

    def worker(name, emails):
        seen[name] = caches["default"]
        with time_machine.travel(MOMENT, tick=False):
            costs = limits.email_costs(request, recipient="Kari@Example.no")
            seen[f"{name} waits"] = [limits.take(costs) for _ in range(emails)]

    for name, emails in (("first", 2), ("second", 2)):
        thread = threading.Thread(target=worker, args=(name, emails))
        thread.start()
        thread.join()

    assert seen["first"] is not seen["second"]  # two clients of the one server
    assert seen["first waits"] == [None, None]  # 2 of 3 used
    # The second worker's first takes the third; its next waits the whole window.
    assert seen["second waits"] == [None, 60 * 60]
    stored = [key.decode() for key in redis_cache.scan_iter("test-limits-*")]
    assert stored and not [key for key in stored if "kari" in key.lower()]
