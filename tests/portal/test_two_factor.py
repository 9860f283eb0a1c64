"""Signing in to the admin: the second factor, and limits on failed attempts.

Everything goes through the admin's own pages as a person would: the sign-in form,
the setup page with its QR code, the code step. Codes are computed from the device's
key at a frozen moment, as the person's phone would compute them.
"""

import datetime
import re
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission

from portal.two_factor import devices

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

PASSWORD = "passord-123"
LOGIN = "/admin/login/"
VERIFY = "/admin/2fa/"
SETUP = "/admin/2fa/oppsett/"
MANAGE = "/admin/2fa/innstillinger/"
# The night the clocks go forward in Oslo; 10 seconds into a 15-minute window.
MOMENT = datetime.datetime(2026, 3, 29, 0, 45, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.ADMIN_REQUIRE_SECOND_FACTOR = True
    settings.LOGIN_LIMIT_PER_ACCOUNT = (5, 900)
    settings.LOGIN_LIMIT_PER_CLIENT = (50, 900)


@pytest.fixture
def frozen():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def user_in_group(django_user_model, username, group):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.no", password=PASSWORD
    )
    user.groups.add(group)
    return user


def admin_group(name, home_page, page_codenames):
    group = Group.objects.create(name=name)
    group.permissions.add(permission("wagtailadmin", "access_admin"))
    for codename in page_codenames:
        GroupPagePermission.objects.create(
            group=group, page=home_page, permission=permission("wagtailcore", codename)
        )
    return group


@pytest.fixture
def publisher(django_user_model, home_page):
    group = admin_group(
        "Redaktører", home_page, ["add_page", "change_page", "publish_page"]
    )
    return user_in_group(django_user_model, "redaktor", group)


@pytest.fixture
def contributor(django_user_model, home_page):
    group = admin_group(
        "Kommunens bidragsytere", home_page, ["add_page", "change_page"]
    )
    return user_in_group(django_user_model, "bidragsyter", group)


@pytest.fixture
def organiser(django_user_model, home_page):
    group = admin_group("Arrangører i test", home_page, [])
    group.permissions.add(permission("events", "manage_registrations"))
    return user_in_group(django_user_model, "arrangor", group)


def with_app(user):
    """A confirmed authenticator app, as the setup page leaves it."""
    return TOTPDevice.objects.create(
        user=user, name="Autentiseringsapp", confirmed=True
    )


def app_code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def text(response):
    return response.content.decode()


def checked_passwords(monkeypatch):
    """The passwords checked against an account from now on (the real check runs)."""
    checked = []
    original = AbstractBaseUser.check_password

    def check_password(user, raw_password):
        checked.append(user.get_username())
        return original(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", check_password)
    return checked


def recorded(signal):
    calls = []

    def receiver(**kwargs):
        calls.append(kwargs)

    signal.connect(receiver, weak=False)
    return calls, receiver


# Who must use a second factor


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/account/",
        "/admin/snippets/",
        "/admin/pages/search/?q=bolig",
        MANAGE,
    ],
)
def test_a_publisher_without_a_device_is_sent_to_setup_from_every_admin_page(
    client, publisher, path
):
    client.force_login(publisher)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next={quote(path, safe='')}"


def test_the_edit_form_of_a_page_is_held_back_too(client, publisher, home_page):
    client.force_login(publisher)
    path = f"/admin/pages/{home_page.pk}/edit/"
    assert client.get(path).url.startswith(SETUP)
    response = client.post(path, {"title": "Endret uten kode"})
    assert response.status_code == 302 and response.url.startswith(SETUP)
    home_page.refresh_from_db()
    assert home_page.title != "Endret uten kode"


def test_organisers_and_superusers_must_set_it_up_too(
    client, organiser, django_user_model
):
    superuser = django_user_model.objects.create_superuser("sjef", "s@example.no", "x")
    for user in (organiser, superuser):
        client.force_login(user)
        assert client.get("/admin/").url.startswith(SETUP)


def test_a_contributor_without_a_device_gets_in_with_the_password(
    client, contributor, frozen
):
    response = log_in(client, "bidragsyter")
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_contributor_who_set_up_an_app_is_asked_for_its_code(
    client, contributor, frozen
):
    with_app(contributor)
    response = log_in(client, "bidragsyter")
    assert response.url == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/pages/").url.startswith(VERIFY)


# Setting up the app


def test_setup_shows_the_qr_code_and_the_secret_and_takes_only_the_right_code(
    client, publisher, frozen
):
    response = log_in(client, "redaktor")
    assert response.url == f"{SETUP}?next=%2Fadmin%2F"
    page = text(client.get(response.url))
    device = TOTPDevice.objects.get(user=publisher)
    assert not device.confirmed
    assert "<svg" in page and "QR-kode for autentiseringsappen" in page
    assert devices.secret_text(device) in page
    assert 'autocomplete="one-time-code"' in page
    assert '<label class="w-field__label" for="id_code"' in page

    right = app_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    page = text(client.post(SETUP, {"code": wrong, "next": "/admin/"}))
    assert "Koden stemmer ikke" in page
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").url.startswith(SETUP)

    frozen.shift(30)  # the person reads the next code off the phone
    response = client.post(SETUP, {"code": app_code(device), "next": "/admin/"})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = list(
        StaticToken.objects.filter(device__user=publisher).values_list(
            "token", flat=True
        )
    )
    assert len(codes) == 10
    page = text(response)
    assert "Kodene vises bare denne ene gangen" in page
    assert all(code in page for code in codes)

    assert client.get("/admin/").status_code == 200
    overview = text(client.get(MANAGE))
    assert "10 ubrukte gjenopprettingskoder" in overview
    assert not any(code in overview for code in codes)


def test_the_secret_stays_the_same_until_the_app_is_confirmed(
    client, publisher, frozen
):
    log_in(client, "redaktor")
    first = text(client.get(SETUP))
    device = TOTPDevice.objects.get(user=publisher)
    assert devices.secret_text(device) in first
    assert devices.secret_text(device) in text(client.get(SETUP))
    assert TOTPDevice.objects.filter(user=publisher).count() == 1


def test_someone_with_only_the_password_cannot_replace_the_app(
    client, publisher, frozen
):
    device = with_app(publisher)
    log_in(client, "redaktor")
    response = client.get(SETUP)
    assert response.url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=publisher)) == [device]


# Setting up needs a fresh sign-in, and is announced


def front_end_log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        "/_util/login/", {"username": username, "password": password}, **extra
    )


def test_a_front_end_session_must_give_the_password_before_setting_up_an_app(
    client, publisher, frozen
):
    response = front_end_log_in(client, "redaktor")
    assert response.status_code == 302
    assert client.get("/admin/").url == f"{SETUP}?next=%2Fadmin%2F"
    page = text(client.get(f"{SETUP}?next=%2Fadmin%2F"))
    assert "Bekreft passordet" in page and "QR-kode" not in page
    assert not TOTPDevice.objects.exists()
    # A code typed without the password is not taken either.
    page = text(client.post(SETUP, {"code": "123456", "next": "/admin/"}))
    assert "Bekreft passordet" in page and not TOTPDevice.objects.exists()

    failed, receiver = recorded(user_login_failed)
    try:
        page = text(client.post(SETUP, {"password": "feil", "next": "/admin/"}))
    finally:
        user_login_failed.disconnect(receiver)
    assert "Passordet stemmer ikke" in page and "QR-kode" not in page
    assert [call["credentials"]["username"] for call in failed] == ["redaktor"]

    response = client.post(SETUP, {"password": PASSWORD, "next": "/admin/"})
    assert response.url == f"{SETUP}?next=%2Fadmin%2F"
    page = text(client.get(response.url))
    assert "QR-kode for autentiseringsappen" in page
    device = TOTPDevice.objects.get(user=publisher)
    assert devices.secret_text(device) in page


def test_the_password_before_setup_counts_in_the_sign_in_limits(
    client, publisher, frozen
):
    front_end_log_in(client, "redaktor")
    for _ in range(4):
        client.post(SETUP, {"password": "feil", "next": "/admin/"})
    # The fifth failure, at the admin's sign-in in another browser.
    assert log_in(Client(), "redaktor", "feil").status_code == 200
    response = client.post(SETUP, {"password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 429
    assert "For mange mislykkede innloggingsforsøk" in text(response)
    assert "QR-kode" not in text(client.get(SETUP))


def test_the_admin_sign_in_counts_as_fresh_for_ten_minutes(client, publisher, frozen):
    log_in(client, "redaktor")
    assert "QR-kode" in text(client.get(SETUP))
    frozen.shift(11 * 60)
    page = text(client.get(SETUP))
    assert "Bekreft passordet" in page and "QR-kode" not in page
    device = TOTPDevice.objects.get(user=publisher)
    client.post(SETUP, {"code": app_code(device), "next": "/admin/"})
    device.refresh_from_db()
    assert not device.confirmed


def test_a_new_app_is_announced_to_the_account_address(
    client, publisher, frozen, mailoutbox
):
    log_in(client, "redaktor", REMOTE_ADDR="198.51.100.23")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=publisher)
    assert mailoutbox == []
    client.post(
        SETUP,
        {"code": app_code(device), "next": "/admin/"},
        REMOTE_ADDR="198.51.100.23",
    )
    device.refresh_from_db()
    assert device.confirmed
    [mail] = mailoutbox
    assert mail.to == ["redaktor@example.no"]
    assert mail.subject == "En autentiseringsapp er lagt til på kontoen din"
    # 00:45 UTC is 01:45 in Oslo, a quarter of an hour before summer time begins.
    assert "29.03.2026 kl. 01:45" in mail.body
    assert "fra adressen 198.51.100.23" in mail.body
    assert "Var det ikke deg" in mail.body
    assert "http://testserver/admin/password_reset/" in mail.body
    codes = StaticToken.objects.values_list("token", flat=True)
    secret = devices.secret_text(device)
    assert secret not in mail.body and secret.replace(" ", "") not in mail.body
    assert not any(code in mail.body for code in codes)


# Signing in with a device


def test_sign_in_then_requires_the_code_from_the_app(client, publisher, frozen):
    device = with_app(publisher)
    response = log_in(client, "redaktor")
    assert response.url == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/").url == f"{VERIFY}?next=%2Fadmin%2F"
    page = text(client.get(response.url))
    assert 'autocomplete="one-time-code"' in page and "Bekreft innloggingen" in page

    page = text(client.post(VERIFY, {"code": "000000", "next": "/admin/"}))
    assert "Koden stemmer ikke" in page
    assert client.get("/admin/").status_code == 302

    frozen.shift(30)
    response = client.post(VERIFY, {"code": app_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302 and response.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_the_code_step_does_not_send_anyone_to_another_site(client, publisher, frozen):
    device = with_app(publisher)
    log_in(client, "redaktor")
    response = client.post(
        VERIFY, {"code": app_code(device), "next": "https://example.com/"}
    )
    assert response.url == "/admin/"


def test_outside_the_admin_a_session_without_its_code_is_anonymous(
    client, publisher, home_page, frozen
):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=home_page, restriction_type=PageViewRestriction.LOGIN
    )
    device = with_app(publisher)
    log_in(client, "redaktor")
    response = client.get(home_page.url)
    assert response.status_code == 302 and response.url.startswith("/_util/login/")
    client.post(VERIFY, {"code": app_code(device), "next": "/admin/"})
    assert client.get(home_page.url).status_code == 200


def test_a_recovery_code_works_once(client, publisher, frozen):
    with_app(publisher)
    codes = devices.new_recovery_codes(publisher)
    log_in(client, "redaktor")
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    page = text(client.get("/admin/"))
    assert "Du brukte en gjenopprettingskode og har 9 igjen" in page

    client.post("/admin/logout/")
    frozen.shift(60)
    log_in(client, "redaktor")
    page = text(client.post(VERIFY, {"code": codes[0], "next": "/admin/"}))
    assert "Koden stemmer ikke" in page
    assert client.get("/admin/").url.startswith(VERIFY)
    assert devices.recovery_codes_left(publisher) == 9


def test_new_recovery_codes_replace_the_old_ones(client, publisher, frozen):
    device = with_app(publisher)
    old = devices.new_recovery_codes(publisher)
    log_in(client, "redaktor")
    client.post(VERIFY, {"code": app_code(device), "next": "/admin/"})
    page = text(client.post(MANAGE))
    new = list(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10 and all(code in page for code in new)
    assert not set(old) & set(new)


# Limits on failed attempts


def test_the_sixth_attempt_on_one_account_is_refused_without_checking_the_password(
    client, contributor, frozen, monkeypatch
):
    for _ in range(5):
        response = log_in(client, "bidragsyter", "feil-passord")
        assert response.status_code == 200
    checked = checked_passwords(monkeypatch)
    logged_in, logged_in_receiver = recorded(user_logged_in)
    try:
        # The right password now, from another address: still refused, unchecked.
        response = log_in(client, "Bidragsyter", REMOTE_ADDR="198.51.100.4")
    finally:
        user_logged_in.disconnect(logged_in_receiver)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"  # the window slides
    assert "For mange mislykkede innloggingsforsøk. Vent 15 minutter" in text(response)
    assert checked == [] and logged_in == []
    assert client.get("/admin/").url.startswith(LOGIN)


def test_a_correct_sign_in_after_the_window_works(client, contributor, frozen):
    for _ in range(6):
        log_in(client, "bidragsyter", "feil-passord")
    assert log_in(client, "bidragsyter").status_code == 429
    frozen.shift(900)
    response = log_in(client, "bidragsyter")
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_many_accounts_from_one_client_reach_the_ceiling(client, contributor, frozen):
    office = {"REMOTE_ADDR": "203.0.113.9"}
    # Four failures each for many names: no account reaches its own limit.
    for attempt in range(50):
        response = log_in(client, f"gjett-{attempt // 4}", "feil", **office)
        assert response.status_code == 200
    response = log_in(client, "bidragsyter", **office)
    assert response.status_code == 429
    assert "Vent 15 minutter" in text(response)
    # Colleagues elsewhere are not affected.
    response = log_in(client, "bidragsyter", REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302


def test_wrong_codes_count_towards_the_account_limit(client, publisher, frozen):
    device = with_app(publisher)
    log_in(client, "redaktor")
    for _ in range(5):
        frozen.shift(20)  # past django-otp's own pause after a wrong code
        page = text(client.post(VERIFY, {"code": "000000", "next": "/admin/"}))
        assert "Koden stemmer ikke" in page
    frozen.shift(20)
    response = client.post(VERIFY, {"code": app_code(device), "next": "/admin/"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "For mange mislykkede innloggingsforsøk" in text(response)
    assert client.get("/admin/").url.startswith(VERIFY)


def test_the_sign_in_form_speaks_bokmal(client):
    page = client.get("/admin/login/").content.decode()
    assert re.search(r'for="id_password"[^>]*>\s*Passord<', page)
    assert "Password" not in page
