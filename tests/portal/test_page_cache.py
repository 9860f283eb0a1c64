"""Whole pages for visitors without a session: kept, shared, and never stale.

The test settings render every page (``PAGE_CACHE_SECONDS = 0``); these tests turn the
page cache on. A change made behind Wagtail's back (``QuerySet.update``, which sends no
signal) shows whether a page came from the cache; a publish, a snippet or a
registration must purge it. Purges run when the change commits, so changes are made
inside ``django_capture_on_commit_callbacks(execute=True)``.
"""

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site

from events.models import Registration
from portal import content_version, page_cache
from portal.models import Person, SiteSettings
from tests.events.factories import (
    GatheringIndexPageFactory,
    GatheringPageFactory,
    RegistrationFactory,
)
from tests.factories import PersonFactory, StandardPageFactory
from tests.portal.processes import database_url, server_ports

pytestmark = pytest.mark.django_db

SECONDS = 90


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = SECONDS


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block leaves for its commit (purges among them)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def page(home_page):
    return StandardPageFactory(parent=home_page, title="Om programmet", slug="om")


def visit(path, **extra):
    """A visitor with no cookies at all."""
    return Client().get(path, **extra)


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def rename_quietly(page, title):
    """Change the page in the database without telling Wagtail (no purge)."""
    Page.objects.filter(pk=page.pk).update(title=title)


# --- kept and served again ---


def test_a_page_is_kept_for_the_next_visitor(page):
    first = visit("/om/")
    rename_quietly(page, "Endret i det stille")
    second = visit("/om/")

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert "Om programmet" in text(second)
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_kept_pages_tell_shared_caches_how_long_and_browsers_to_ask_again(page):
    for response in (visit("/om/"), visit("/om/")):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=0", f"s-maxage={SECONDS}"}


def test_head_is_answered_from_the_kept_page(page):
    visit("/om/")
    rename_quietly(page, "Endret i det stille")
    response = Client().head("/om/")
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"


def test_a_head_request_keeps_nothing(page):
    Client().head("/om/")
    assert visit("/om/")["X-Cache"] == "miss"


def test_every_address_is_kept_apart(home_page, page):
    StandardPageFactory(parent=home_page, title="Personvern", slug="personvern")
    assert "Om programmet" in text(visit("/om/"))
    assert "Personvern" in text(visit("/personvern/"))
    assert visit("/om/?side=2")["X-Cache"] == "miss"
    assert visit("/om/", HTTP_HOST="www.example.no")["X-Cache"] == "miss"


def test_a_visitor_with_only_the_csrf_cookie_shares_the_kept_page(page):
    visit("/om/")
    visitor = Client()
    visitor.cookies["csrftoken"] = "a" * 32
    assert visitor.get("/om/")["X-Cache"] == "hit"


def test_with_the_setting_at_zero_every_page_is_rendered(settings, page):
    settings.PAGE_CACHE_SECONDS = 0
    visit("/om/")
    rename_quietly(page, "Endret i det stille")
    response = visit("/om/")
    assert "X-Cache" not in response
    assert "Cache-Control" not in response
    assert "Endret i det stille" in text(response)


# --- purged when what a page shows changes ---


def test_publishing_purges_the_page_and_the_pages_that_list_it(
    home_page, page, committed
):
    visit("/om/")
    visit("/")
    page.title = "Om Boligsosialt velferdsprogram"
    with committed():
        page.save_revision().publish()

    assert visit("/om/")["X-Cache"] == "miss"
    assert "Om Boligsosialt velferdsprogram" in text(visit("/om/"))
    assert visit("/")["X-Cache"] == "miss"


def test_a_draft_purges_nothing(page, committed):
    visit("/om/")
    page.title = "Utkast"
    with committed():
        page.save_revision()
    assert visit("/om/")["X-Cache"] == "hit"


def test_an_unpublished_page_is_gone_at_once(page, committed):
    visit("/om/")
    with committed():
        page.unpublish()
    assert visit("/om/").status_code == 404


def test_a_deleted_page_is_gone_at_once(page, committed):
    visit("/om/")
    with committed():
        page.delete()
    assert visit("/om/").status_code == 404


def test_a_moved_page_leaves_its_old_address(home_page, page, committed):
    parent = StandardPageFactory(parent=home_page, title="Mer", slug="mer")
    visit("/om/")
    with committed():
        page.move(parent, pos="last-child")
    old_address = visit("/om/")
    assert old_address.status_code == 301  # Wagtail's redirect to the new address
    assert old_address["Location"].endswith("/mer/om/")
    assert visit("/mer/om/").status_code == 200


def test_a_page_made_private_is_not_shown_from_the_cache(page, committed):
    visit("/om/")
    with committed():
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    response = visit("/om/")
    assert response.status_code == 302  # to Wagtail's sign-in
    assert response["Location"].endswith("?next=/om/")


def test_a_changed_snippet_purges(db, committed):
    person = PersonFactory(name="Kari Nordmann", slug="kari-nordmann")
    visit("/personer/kari-nordmann/")
    person.name = "Kari Nordmann-Hansen"
    with committed():
        person.save()
    assert "Kari Nordmann-Hansen" in text(visit("/personer/kari-nordmann/"))


def test_a_deleted_snippet_purges(db, committed):
    person = PersonFactory(name="Kari Nordmann", slug="kari-nordmann")
    visit("/personer/kari-nordmann/")
    with committed():
        Person.objects.get(pk=person.pk).delete()
    assert visit("/personer/kari-nordmann/").status_code == 404


def test_changed_site_settings_purge(home_page, page, committed):
    visit("/om/")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Husbanken region vest"
    with committed():
        site_settings.save()
    assert "Husbanken region vest" in text(visit("/om/"))


def test_a_registration_changes_the_seats_a_listing_shows(home_page, committed):
    index = GatheringIndexPageFactory(parent=home_page)
    gathering = GatheringPageFactory(parent=index, capacity=10)
    assert "10 ledige plasser" in text(visit("/samlinger/"))
    assert visit("/samlinger/")["X-Cache"] == "hit"

    with committed():
        registration = RegistrationFactory(gathering=gathering)
    assert "9 ledige plasser" in text(visit("/samlinger/"))

    with committed():
        Registration.objects.get(pk=registration.pk).delete()
    assert "10 ledige plasser" in text(visit("/samlinger/"))


def test_a_registration_leaves_the_pages_without_seats_as_they_are(
    home_page, page, committed
):
    """A rush of registrations must not turn the whole site cold: only what shows
    seats (the gatherings' list) is built again."""
    index = GatheringIndexPageFactory(parent=home_page)
    gathering = GatheringPageFactory(parent=index, capacity=10)
    visit("/om/")
    visit("/samlinger/")
    with committed():
        RegistrationFactory(gathering=gathering)
    assert visit("/om/")["X-Cache"] == "hit"
    listing = visit("/samlinger/")
    assert listing["X-Cache"] == "miss"
    assert "9 ledige plasser" in text(listing)
    assert visit("/samlinger/")["X-Cache"] == "hit"


def test_a_page_built_while_a_registration_commits_is_built_again(home_page, committed):
    """The seats' number is read before the seats: a registration that commits while
    the list is being built leaves it kept under a number that is already raised."""
    index = GatheringIndexPageFactory(parent=home_page)
    gathering = GatheringPageFactory(parent=index, capacity=10)
    with content_version.building() as names:
        content_version.shows(content_version.SEATS)
        with committed():
            RegistrationFactory(gathering=gathering)
    assert not content_version.still_shown(names)
    assert "9 ledige plasser" in text(visit("/samlinger/"))


def test_a_lost_content_version_does_not_find_old_pages(page):
    """The version is lost (evicted, a restart): nothing is read under an old one."""
    from django.core.cache import cache

    visit("/om/")
    cache.delete(content_version.KEY)
    assert visit("/om/")["X-Cache"] == "miss"


# --- never kept ---


def test_a_signed_in_editor_always_gets_a_fresh_page(admin_client, page):
    visit("/om/")
    rename_quietly(page, "Endret i det stille")
    response = admin_client.get("/om/")
    assert "X-Cache" not in response
    assert "Endret i det stille" in text(response)


def test_a_visitor_with_a_cookie_of_their_own_gets_a_fresh_page(page):
    visit("/om/")
    rename_quietly(page, "Endret i det stille")
    visitor = Client()
    visitor.cookies["messages"] = "noe"
    response = visitor.get("/om/")
    assert "X-Cache" not in response
    assert "Endret i det stille" in text(response)


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/helse/", "/sok/?q=bolig", "/robots.txt"]
)
def test_only_public_pages_are_kept(home_page, path):
    visit(path)
    second = visit(path)
    kept = path == "/robots.txt"
    assert second.status_code == 200
    assert (second.get("X-Cache") == "hit") is kept


def test_the_registration_form_keeps_working(home_page, committed):
    """The gathering page carries a CSRF token and a signed time stamp: never kept."""
    index = GatheringIndexPageFactory(parent=home_page)
    gathering = GatheringPageFactory(parent=index)
    visitor = Client(enforce_csrf_checks=True)
    for _ in range(2):
        page = visitor.get(gathering.url)
        assert "X-Cache" not in page
        assert "csrftoken" in page.cookies
    form = BeautifulSoup(page.content, "html.parser")
    fields = {
        field["name"]: field.get("value", "")
        for field in form.select("form input[name]")
    }
    fields.update(
        name="Kari Nordmann",
        email="kari@example.no",
        organisation="NAV Karmøy",
        consent="on",
    )
    with committed():
        response = visitor.post(gathering.url, fields)
    assert response.status_code == 302

    participant = Client().get(response["Location"])
    assert participant.status_code == 200
    assert "X-Cache" not in participant
    assert "no-store" in participant["Cache-Control"]


def test_not_found_is_not_kept(home_page, page):
    visit("/finnes-ikke/")
    assert "X-Cache" not in visit("/finnes-ikke/")


def test_an_unreachable_cache_serves_pages_as_without_it(
    settings, db, caplog, free_port
):
    """(Wagtail's own pages need the cache for their site's root paths; robots.txt
    does not.)"""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port}/0",
        }
    }
    response = visit("/robots.txt")
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "the cache is unreachable" in caplog.text


def test_migrate_creates_the_database_cache_table(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_page_cache_table",
        }
    }
    page_cache.create_database_cache_table(using="default")
    assert "test_page_cache_table" in connection.introspection.table_names()


# --- a CDN or Varnish in front ---

PUBLISH = """
import os
import django
django.setup()
from wagtail.models import Page
page = Page.objects.get(pk=os.environ["PAGE_ID"]).specific
page.title = "Om Boligsosialt velferdsprogram"
page.save_revision().publish()
"""


class PurgeRecorder(BaseHTTPRequestHandler):
    """Stands in for Varnish: notes each PURGE and answers 200."""

    purges = []

    def do_PURGE(self):  # noqa: N802 – the method's name is the HTTP method's
        self.purges.append((self.path, self.headers["Host"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_cdn_in_front_is_purged_when_a_page_is_published(page):
    """With FRONTEND_CACHE_PURGE_URL, Wagtail sends the page's address a PURGE."""
    (port,) = server_ports(1)
    recorder = ThreadingHTTPServer(("127.0.0.1", port), PurgeRecorder)
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [sys.executable, "-c", PUBLISH],
            cwd=django_settings.BASE_DIR,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": database_url(),
                "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{port}/",
                "PAGE_ID": str(page.pk),
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        recorder.shutdown()
        recorder.server_close()
    assert result.returncode == 0, result.stderr
    assert PurgeRecorder.purges == [("/om/", "testserver")]
