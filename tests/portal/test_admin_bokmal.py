"""The portal's own bokmål for Wagtail's admin (locale/admin/nb), where Wagtail's is missing."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_last_update
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories import StandardPageFactory
from tests.portal.admin_english import english_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "english, bokmal",
    [
        ("Request changes", "Be om endringer"),
        ("Approve with comment", "Godkjenn med kommentar"),
        ("The page title as you'd like it to be seen by the public", "Tittel på siden"),
    ],
)
def test_the_catalogue_is_compiled_and_comes_first(english, bokmal):
    with translation.override("nb"):
        assert translation.gettext(english).startswith(bokmal)


def test_the_dashboard_speaks_norwegian(admin_client, home_page):
    content = admin_client.get("/admin/").content.decode()
    assert "Søk i alle sider …" in content
    assert "Search all pages" not in content
    assert " Pages <span" not in content


def test_a_slug_already_taken_says_what_to_do(admin_client, home_page):
    StandardPageFactory(parent=home_page, title="Om oss", slug="om-oss", live=False)
    response = admin_client.post(
        reverse(
            "wagtailadmin_pages:add", args=("portal", "standardpage", home_page.pk)
        ),
        nested_form_data(
            {
                "title": "Om oss",
                "slug": "om-oss",
                "intro": "",
                "body": streamfield([]),
                "action-publish": "action-publish",
            }
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Adressen «om-oss» er allerede i bruk under denne siden" in content
    assert "finn utkastet i sideoversikten og fortsett der" in content
    assert "Siden kunne ikke opprettes fordi noe i skjemaet er feil" in content
    assert "already in use" not in content


OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.mark.clock
@pytest.mark.parametrize(
    "now",
    [
        datetime.datetime(2026, 12, 7, 2, 30, tzinfo=OSLO),  # CI's night
        datetime.datetime(2026, 12, 7, 0, 30, tzinfo=OSLO),  # another day in UTC
        datetime.datetime(2027, 6, 7, 1, 30, tzinfo=OSLO),  # summer time
        datetime.datetime(2026, 12, 7, 12, 0, tzinfo=OSLO),
    ],
    ids=str,
)
@pytest.mark.parametrize(
    "ago",
    [
        datetime.timedelta(0),
        datetime.timedelta(minutes=20),
        datetime.timedelta(hours=3),
        datetime.timedelta(days=1),
        datetime.timedelta(days=40),
    ],
    ids=str,
)
def test_when_a_page_was_last_changed_is_told_in_bokmal(now, ago):
    """Wagtail's «last updated» (the page header, the listings, the workflow history)
    says a change of today with its time and an older one with how long ago, each with
    or without who made it: which of its six sentences a screen shows depends on the
    hour of the change and of the reader."""
    with time_machine.travel(now, tick=False), translation.override("nb"):
        changed = timezone.now() - ago
        said = [
            str(timesince_last_update(changed, show_time_prefix=prefix, **who))
            for prefix in (False, True)
            for who in ({}, {"user_display_name": "Kari Nordmann"})
        ]
    assert all(english_on(f"<p>{text}</p>") == [] for text in said), said
