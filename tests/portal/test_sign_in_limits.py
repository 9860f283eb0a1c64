"""Every door that checks a password counts in the same sign-in limits.

The admin's sign-in, the front end's (``/_util/login/``), the old password on the
account page and the API's basic authentication all ask ``authenticate()``; the first
authentication backend reserves an attempt before the password is checked, so an
account locked at one door is locked at all of them, and parallel attempts cannot
slip past the limit. The «forgotten password» page queues its e-mail and is held to
limits per address and per client.
"""

import base64
import threading

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.test import Client, RequestFactory

pytestmark = pytest.mark.clock

PASSWORD = "passord-123"
ADMIN_LOGIN = "/admin/login/"
FRONT_LOGIN = "/_util/login/"
ACCOUNT = "/admin/account/"
RESET = "/admin/password_reset/"
RESET_DONE = "/admin/password_reset/done/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_LIMIT_PER_ACCOUNT = (5, 900)
    settings.LOGIN_LIMIT_PER_CLIENT = (50, 900)
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = (3, 3600)
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = (20, 3600)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="redaktor", email="redaktor@example.no", password=PASSWORD
    )
    group = Group.objects.create(name="Med admintilgang")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user.groups.add(group)
    return user


def admin_log_in(client, password, username="redaktor", **extra):
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def front_log_in(client, password, username="redaktor", **extra):
    return client.post(
        FRONT_LOGIN, {"username": username, "password": password}, **extra
    )


def text(response):
    return response.content.decode()


def recorded(signal):
    calls = []

    def receiver(**kwargs):
        calls.append(kwargs)

    signal.connect(receiver, weak=False)
    return calls, receiver


def checked_passwords(monkeypatch):
    """The passwords checked against an account from now on (the real check runs)."""
    checked = []
    lock = threading.Lock()
    original = AbstractBaseUser.check_password

    def check_password(user, raw_password):
        with lock:
            checked.append(user.get_username())
        return original(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", check_password)
    return checked


# One limit for every door


def test_an_account_locked_at_the_admin_sign_in_is_locked_at_the_front_end_too(
    client, editor
):
    for _ in range(5):
        assert admin_log_in(client, "feil").status_code == 200
    assert admin_log_in(client, PASSWORD).status_code == 429

    other = Client()
    response = front_log_in(other, PASSWORD, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "For mange mislykkede innloggingsforsøk. Vent 15 minutter" in text(response)
    assert other.get("/admin/").status_code == 302
    assert "_auth_user_id" not in other.session


def test_wrong_passwords_at_the_front_end_lock_the_admin_sign_in(client, editor):
    for _ in range(5):
        response = front_log_in(client, "feil")
        assert response.status_code == 200
    # Twenty more, as in the penetration test: all refused unchecked.
    for _ in range(20):
        assert front_log_in(client, "feil").status_code == 429
    assert front_log_in(client, PASSWORD).status_code == 429
    response = admin_log_in(Client(), PASSWORD, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert "For mange mislykkede innloggingsforsøk" in text(response)


def test_a_right_password_does_not_count(client, editor):
    for _ in range(8):
        response = front_log_in(Client(), PASSWORD)
        assert response.status_code == 302
    for _ in range(4):
        assert admin_log_in(client, "feil").status_code == 200
    assert admin_log_in(client, PASSWORD).status_code == 302


def test_the_old_password_on_the_account_page_counts(client, editor):
    client.force_login(editor)

    def change(old, first_name="Kari"):
        return client.post(
            ACCOUNT,
            {
                "name_email-first_name": first_name,
                "name_email-last_name": "Redaktør",
                "name_email-email": "redaktor@example.no",
                "locale-preferred_language": "nb",
                "locale-current_time_zone": "",
                "theme-theme": "system",
                "theme-density": "default",
                "theme-contrast": "system",
                "password-old_password": old,
                "password-new_password1": "et-helt-nytt-passord-42",
                "password-new_password2": "et-helt-nytt-passord-42",
            },
        )

    failed, receiver = recorded(user_login_failed)
    try:
        for attempt in range(5):
            # Another field wrong, too, in one of them: the password still counts.
            response = change("feil", first_name="" if attempt == 2 else "Kari")
            assert response.status_code == 200
            assert "For mange" not in text(response)
    finally:
        user_login_failed.disconnect(receiver)
    assert [call["credentials"]["username"] for call in failed] == ["redaktor"] * 5
    response = change(PASSWORD)
    assert response.status_code == 429
    assert "For mange mislykkede innloggingsforsøk" in text(response)
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
    # And the sign-in pages are locked with it.
    assert admin_log_in(Client(), PASSWORD).status_code == 429


def test_the_api_basic_authentication_counts(client, editor, home_page):
    def api(password):
        token = base64.b64encode(f"redaktor:{password}".encode()).decode()
        return client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Basic {token}")

    for _ in range(5):
        assert api("feil").status_code in (401, 403)
    assert api(PASSWORD).status_code in (401, 403)
    assert admin_log_in(Client(), PASSWORD).status_code == 429


# Races: the check and the count are one step


def _parallel_wrong_passwords(count):
    """``count`` wrong passwords for one account at once, each from its own thread."""
    start = threading.Barrier(count)
    factory = RequestFactory()

    def attempt(number):
        request = factory.post(FRONT_LOGIN, REMOTE_ADDR=f"198.51.100.{number}")
        start.wait()
        try:
            return authenticate(request, username="redaktor", password="feil")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(number,)) for number in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_fifteen_parallel_wrong_passwords_are_checked_five_times(
    backend, request, monkeypatch, django_user_model
):
    if backend == "redis":
        request.getfixturevalue("redis_cache")
    django_user_model.objects.create_user(username="redaktor", password=PASSWORD)
    checked = checked_passwords(monkeypatch)
    failed, receiver = recorded(user_login_failed)
    try:
        _parallel_wrong_passwords(15)
    finally:
        user_login_failed.disconnect(receiver)
    assert checked == ["redaktor"] * 5
    # Django reports all fifteen, the ten refused ones included.
    assert len(failed) == 15
    # The limit holds at the door afterwards, for the right password too.
    assert admin_log_in(Client(), PASSWORD).status_code == 429
    # No cache.clear() here: on Redis it empties the whole test database, counts that
    # another test process is making included (redis_cache removes this test's keys).


# Forgotten password


def test_the_reset_page_only_queues_the_email(client, editor, settings, mailoutbox):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    from django_tasks import default_task_backend

    default_task_backend.clear()
    for address in ("redaktor@example.no", "ukjent@example.no"):
        response = client.post(RESET, {"email": address})
        assert response.status_code == 302 and response.url == RESET_DONE
    # Neither address was looked up or mailed while the person waited.
    assert mailoutbox == []
    assert [result.args for result in default_task_backend.results] == [
        ["redaktor@example.no"],
        ["ukjent@example.no"],
    ]


def test_the_reset_link_is_sent_to_a_known_address_only(client, editor, mailoutbox):
    for address in ("ukjent@example.no", "redaktor@example.no"):
        response = client.post(RESET, {"email": address}, HTTP_HOST="angriper.example")
        assert response.url == RESET_DONE
    [mail] = mailoutbox
    assert mail.to == ["redaktor@example.no"]
    # The link points to the portal's own address, whatever Host the request named.
    assert "http://testserver/admin/password_reset/confirm/" in mail.body
    assert "angriper" not in mail.body


def test_an_address_gets_three_reset_emails_an_hour_and_the_same_page(
    client, editor, mailoutbox
):
    for attempt in range(5):
        response = client.post(
            RESET, {"email": "Redaktor@example.no"}, REMOTE_ADDR=f"203.0.113.{attempt}"
        )
        assert response.status_code == 302 and response.url == RESET_DONE
    assert len(mailoutbox) == 3


def test_a_client_asking_for_many_addresses_is_told_to_wait(client, editor):
    office = {"REMOTE_ADDR": "203.0.113.9"}
    for attempt in range(20):
        response = client.post(
            RESET, {"email": f"gjett-{attempt}@example.no"}, **office
        )
        assert response.status_code == 302
    response = client.post(RESET, {"email": "redaktor@example.no"}, **office)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "For mange forespørsler om nytt passord" in text(response)
    # Colleagues elsewhere are not affected.
    response = client.post(
        RESET, {"email": "redaktor@example.no"}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 302


# --- a page's shared password ---


def test_a_pages_shared_password_is_held_to_a_limit(client, home_page, settings):
    import time_machine
    from wagtail.models import PageViewRestriction

    from tests.factories import StandardPageFactory

    settings.PAGE_PASSWORD_LIMIT_PER_CLIENT = (3, 900)
    section = StandardPageFactory(parent=home_page, title="Internt", slug="internt")
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    address = f"/_util/authenticate_with_password/{restriction.pk}/{section.pk}/"

    def answer(visitor, password):
        return visitor.post(address, {"password": password, "return_url": section.url})

    with time_machine.travel("2026-12-06 03:00 +0000", tick=False) as clock:
        for _ in range(2):
            assert answer(client, "gjett").status_code == 200
        assert answer(client, "hemmelig").status_code == 302  # a right one is free
        other = Client()  # the same address, another browser
        assert answer(other, "gjett").status_code == 200
        refused = answer(other, "hemmelig")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "900"
        assert "For mange mislykkede innloggingsforsøk" in refused.content.decode()
        assert 'name="password"' in other.get(section.url).content.decode()
        clock.shift(900)
        assert answer(other, "hemmelig").status_code == 302
        assert 'name="password"' not in other.get(section.url).content.decode()
