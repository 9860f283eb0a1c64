"""An organiser's day in Påmeldinger, in Chromium with the real CSRF check.

The Django test client skips CSRF; this is where a form without its token would show.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from events import roles
from events.models import Registration, RegistrationStatus
from tests.events.factories import (
    GatheringIndexPageFactory,
    GatheringPageFactory,
    RegistrationFactory,
)

PASSWORD = "et-passord-som-er-langt-nok"


@pytest.fixture
def organiser(db):
    user = get_user_model().objects.create_user(
        "arrangor", "arrangor@husbanken.no", PASSWORD
    )
    user.groups.add(roles.ensure_organisers())
    return user


@pytest.fixture
def started(home_page):
    """A gathering that began an hour ago, with a seat left: Kari has a seat, Per
    waits (as if someone had just cancelled)."""
    now = timezone.now()
    gathering = GatheringPageFactory(
        parent=GatheringIndexPageFactory(parent=home_page),
        title="Fagsamling om bostedsløse",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=5),
        registration_opens=now - datetime.timedelta(days=30),
        registration_closes=now - datetime.timedelta(days=1),
        capacity=5,
    )
    RegistrationFactory(gathering=gathering, name="Kari Nordmann")
    RegistrationFactory(
        gathering=gathering, name="Per Berg", status=RegistrationStatus.WAITING
    )
    return gathering


def sign_in(page, username):
    page.goto(reverse("wagtailadmin_login"))
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/admin/")


def status_of(name):
    return Registration.objects.get(name=name).status


def test_an_organiser_gives_a_seat_and_marks_attendance(page, organiser, started):
    sign_in(page, "arrangor")
    page.goto(reverse("events_admin:registrations", args=[started.pk]))

    page.get_by_role("button", name="Gi plass: Per Berg").click()
    expect(page.get_by_text("Per Berg har fått plass")).to_be_visible()
    assert status_of("Per Berg") == RegistrationStatus.CONFIRMED

    page.get_by_role("button", name="Møtt: Kari Nordmann").click()
    expect(page.get_by_text("Kari Nordmann er markert som møtt.")).to_be_visible()
    assert status_of("Kari Nordmann") == RegistrationStatus.ATTENDED

    page.get_by_role("button", name="Angre møtt: Kari Nordmann").click()
    expect(
        page.get_by_text("Kari Nordmann er ikke lenger markert som møtt.")
    ).to_be_visible()
    assert status_of("Kari Nordmann") == RegistrationStatus.CONFIRMED


def test_a_lost_csrf_cookie_gives_the_admins_page_with_a_way_back(
    page, organiser, started
):
    sign_in(page, "arrangor")
    list_url = reverse("events_admin:registrations", args=[started.pk])
    page.goto(list_url)
    page.context.clear_cookies(name="csrftoken")
    page.get_by_role("button", name="Møtt: Kari Nordmann").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Skjemaet kunne ikke sendes"
    )
    expect(page.locator("#wagtail-sidebar")).to_be_attached()  # the admin's frame
    assert status_of("Kari Nordmann") == RegistrationStatus.CONFIRMED
    page.get_by_role("link", name="Tilbake til siden").click()
    page.wait_for_url(f"**{list_url}")
    page.get_by_role("button", name="Møtt: Kari Nordmann").click()
    expect(page.get_by_text("Kari Nordmann er markert som møtt.")).to_be_visible()
    assert status_of("Kari Nordmann") == RegistrationStatus.ATTENDED
