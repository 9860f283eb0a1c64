"""The Wagtail admin works under its own Content-Security-Policy: no violations in Chromium.

A violation shows as a console error (``PageProblems``); a blocked inline script would
also leave the admin's widgets dead, which the chooser test would notice.
"""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.admin.models import EditingSession

from tests.browser.accessibility import PageProblems


@pytest.fixture
def editor_context(context, live_server, db):
    """A browser context logged in to the admin as a superuser (through the session
    cookie, so the test does not depend on the login form)."""
    user = get_user_model().objects.create_superuser(
        "redaktor", "redaktor@example.no", "passord-som-er-langt-nok"
    )
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    yield context
    # Leaving an edit page releases its editing session with a request the browser
    # does not wait for; the server finishes it before the database is flushed (on
    # SQLite the flush otherwise meets a locked table).
    for page in context.pages:
        page.goto("about:blank")
    deadline = time.monotonic() + 5
    while EditingSession.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def open_cleanly(page, url):
    problems = PageProblems(page)
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    assert "script-src" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    problems.assert_none()


def test_dashboard_listings_and_page_editors_load_without_violations(
    editor_context, site_content, gathering_content
):
    page = editor_context.new_page()
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[site_content.home.pk]),
        # Inline panels, choosers, rich text (Draftail) and StreamField:
        reverse("wagtailadmin_pages:edit", args=[site_content.municipality_page.pk]),
        reverse("wagtailadmin_pages:edit", args=[site_content.standard_page.pk]),
        # Date and time pickers:
        reverse("wagtailadmin_pages:edit", args=[gathering_content.upcoming.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("events_admin:index"),
    ]:
        open_cleanly(page, url)


def test_image_chooser_opens_and_lists_images_without_violations(
    editor_context, site_content
):
    page = editor_context.new_page()
    problems = PageProblems(page)
    municipality_without_image = site_content.other_municipalities[0]
    page.goto(reverse("wagtailadmin_pages:edit", args=[municipality_without_image.pk]))
    page.get_by_role("button", name="Velg et bilde").click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("heading", name="Velg et bilde").wait_for()
    modal.locator("img").first.wait_for()
    page.wait_for_load_state("networkidle")
    problems.assert_none()


def test_page_preview_loads_in_the_admin_frame(editor_context, site_content):
    page = editor_context.new_page()
    problems = PageProblems(page)
    page.goto(reverse("wagtailadmin_pages:edit", args=[site_content.standard_page.pk]))
    page.get_by_role("button", name="Vis eller skjul forhåndsvisningen").click()
    frame = page.frame_locator("iframe#w-preview-iframe")
    frame.get_by_role(
        "heading", level=1, name=site_content.standard_page.title
    ).wait_for()
    page.wait_for_load_state("networkidle")
    problems.assert_none()
