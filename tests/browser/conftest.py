"""Chromium through Playwright against pytest-django's live server, and shared content.

One browser for the package's tests; a fresh context and page per test (``page``, or
``new_context(**options)`` for other options). Pages keep the site's real
Content-Security-Policy. Tests that use the ``browser`` fixture (directly or through
``context``, ``page`` or ``new_context``) get the ``browser`` marker, so
``-m "not browser"`` leaves them out.

Without Chromium the browser tests are skipped; with ``REQUIRE_BROWSER=1`` they fail.
"""

import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.staticfiles import handlers
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.views import static

from tests.browser import content
from tests.browser.accessibility import preload_axe
from tests.markup import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
TIMEOUT_MS = 10_000  # a step that takes longer than this is broken, not slow
VIEWPORT = {"width": 1280, "height": 900}


def find_chromium():
    """/usr/bin/chromium, else ``chromium`` on PATH, else None."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return str(CHROMIUM)
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


# Browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable():
    executable = find_chromium()
    if executable is None:
        skip_or_fail(
            f"Chromium not found at {CHROMIUM}; install the Debian package chromium"
        )
    return executable


@pytest.fixture(scope="package")
def browser(chromium_executable):
    """One Chromium for all the tests in this package.

    Playwright's sync API keeps an asyncio event loop running in this thread while it is
    started, and Django refuses ORM calls in a thread with a running loop unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. The variable is set only while the browser runs:
    package scope ends both before the rest of the suite, where it would leak into
    subprocesses (``manage.py check --deploy`` fails on it with async.E001).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail(
            "The Python package playwright is not installed (requirements-dev)"
        )
    from playwright.sync_api import expect

    # Assertions wait as long as actions do (an upload on a busy machine takes seconds).
    expect.set_options(timeout=TIMEOUT_MS)
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


class FilesHandler(StaticFilesHandler):
    """The live server's static files, and the uploads, which browsers may keep.

    Django's test server sends static files without Cache-Control, and with DEBUG off
    no uploads at all. Here both go out with an hour's max-age, as whitenoise lets
    browsers keep static files in production, so the next admin screen of a test
    takes the admin's 2 MB of scripts and styles from the browser's cache. (Playwright
    answering the uploads itself, as it did, turns that cache off for the context.)
    """

    def _should_handle(self, path):
        return super()._should_handle(path) or path.startswith(settings.MEDIA_URL)

    def serve(self, request):
        if request.path.startswith(settings.MEDIA_URL):
            response = static.serve(
                request,
                request.path.removeprefix(settings.MEDIA_URL),
                document_root=settings.MEDIA_ROOT,
            )
        else:
            response = super().serve(request)
        response.headers["Cache-Control"] = "max-age=3600"
        return response


@pytest.fixture(autouse=True, scope="session")
def files_handler():
    """Live servers started from here on serve files with ``FilesHandler``
    (pytest-django's takes Django's handler from its module when it starts one)."""
    original = handlers.StaticFilesHandler
    handlers.StaticFilesHandler = FilesHandler
    yield
    handlers.StaticFilesHandler = original


@pytest.fixture
def site_url(live_server):
    """Where the browser finds the site: pytest-django's live server, emptied after
    each test (a module that shares its content serves it itself, ``shared_site``)."""
    return live_server.url


def open_context(browser, site_url, *, axe=False, **options):
    """A browser context on ``site_url`` as every test gets it (``new_context``)."""
    options = {
        "base_url": site_url,
        "locale": "nb-NO",
        "viewport": VIEWPORT,
        **options,
    }
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    if axe:
        preload_axe(context)
    return context


@pytest.fixture
def new_context(browser, site_url):
    """Make browser contexts on the live server; all are closed after the test.

    Pages keep the site's real Content-Security-Policy, so a violation shows as a
    console error (axe-core is injected in a way the policy allows). Options go to
    Playwright's ``browser.new_context``, e.g. ``java_script_enabled=False`` for a
    reader without JavaScript or ``viewport={"width": 320, "height": 640}``;
    ``axe=True`` for a context that stays on the public site and is scanned page after
    page (``preload_axe``).
    """
    contexts = []

    def make(**options):
        context = open_context(browser, site_url, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


# Content (tests/browser/content.py) ----------------------------------------------------


@pytest.fixture
def site_content(home_page):
    """A small but complete site: navigation, a photo on every kind of page, contacts,
    results, a body with every block, and the footer's statements from SiteSettings.

    Works with the Django test client (``db``) and with the live server (which flushes
    the database after each test; ``home_page`` rebuilds the site root).
    """
    return content.build_site(home_page)


@pytest.fixture
def knowledge_content(site_content, calculator_rates):
    """One of each learning page type, linked by themes, below the site's pages; the
    article shows a calculator scenario."""
    return content.build_knowledge(site_content)


@pytest.fixture
def gathering_content(knowledge_content, site_content):
    """An upcoming gathering with registration open and a past one with a report."""
    return content.build_gatherings(knowledge_content, site_content)


@pytest.fixture
def loop_links(gathering_content, site_content):
    """The links of a participant's evaluation, follow-up and «no more e-mail»."""
    return content.build_loop_links(gathering_content, site_content)


@pytest.fixture
def registration(gathering_content):
    return content.register_participant(gathering_content)


@pytest.fixture
def calculator_rates(site_content):
    """The demo's rates for the calculator."""
    return content.build_calculator_rates()


@pytest.fixture
def results_page(site_content):
    """The municipality's results, with goals, and an SSB table beside them."""
    return content.build_results(site_content)


@pytest.fixture(scope="module")
def shared_site(browser, django_db_blocker):
    """All the content (``content.build_everything``), built once for a module whose
    tests only read it, in a database of its own, and served by a live server of its
    own: pytest-django's empties the database after every test, and building it all
    again takes a second or two. Its fields, and ``url``, are what the module's
    fixtures of the same names give (``shared``).

    The browser starts first: from then on Django gives this thread the connection the
    server shares on SQLite.
    """
    from pytest_django.live_server_helper import LiveServer

    from portal.site_root import ensure_home_page
    from tests import databases

    with django_db_blocker.unblock():
        databases.use_fresh("shared")
        try:
            built = content.build_everything(ensure_home_page())
            server = LiveServer("localhost")
            try:
                yield SimpleNamespace(url=server.url, **vars(built))
            finally:
                # Stopped, but its connection left shared (not ``server.stop()``): a
                # request the browser left behind closes it from its own thread.
                server.thread.terminate()
        finally:
            databases.use_main()


# Named views on the content, for PAGES_TO_SCAN's fixture_url(...). These override the
# suite-wide municipality_index, which would make a second index page.


@pytest.fixture
def municipality_index(site_content):
    return site_content.municipality_index


@pytest.fixture
def municipality_page(site_content):
    return site_content.municipality_page


@pytest.fixture
def standard_page(site_content):
    return site_content.standard_page


@pytest.fixture
def contact_person(site_content):
    return site_content.contact_person


@pytest.fixture
def experience_index(knowledge_content):
    return knowledge_content.experiences


@pytest.fixture
def good_practice_index(knowledge_content):
    return knowledge_content.practices


@pytest.fixture
def presentation_index(knowledge_content):
    return knowledge_content.presentations


@pytest.fixture
def experience_article(knowledge_content):
    return knowledge_content.article


@pytest.fixture
def good_practice(knowledge_content):
    return knowledge_content.practice


@pytest.fixture
def presentation(knowledge_content):
    return knowledge_content.presentation


@pytest.fixture
def gathering_index(gathering_content):
    return gathering_content.index


@pytest.fixture
def upcoming_gathering(gathering_content):
    return gathering_content.upcoming


@pytest.fixture
def past_gathering(gathering_content):
    return gathering_content.past


@pytest.fixture
def gathering_report(gathering_content):
    return gathering_content.report


# E-mail -------------------------------------------------------------------------------


@pytest.fixture
def smtp_outbox(settings, free_port):
    """E-mail through Django's SMTP backend into a real SMTP server on this machine.

    Returns the server's outbox (``tests.smtp.Outbox``); the live server's thread sends
    through the same settings.
    """
    from tests.smtp import start_smtp_server

    controller, outbox = start_smtp_server(free_port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield outbox
    controller.stop()


# Staff -----------------------------------------------------------------------------

STAFF_PASSWORD = "reise-gjennom-portalen-2030"


@pytest.fixture
def staff(site_content, django_user_model):
    """One account per staff role, in the groups a real site gives them, signed in
    through the login form by ``sign_in``: a Husbanken editor, a Karmøy contributor
    and an organiser."""
    from wagtail.models import Collection

    from events import roles
    from learning.moderation import (
        ensure_husbanken_editors,
        ensure_municipality_editors,
    )

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    groups = {
        "redaktor": ensure_husbanken_editors(),
        "karmoy": ensure_municipality_editors(site_content.municipality_page),
        "arrangor": roles.ensure_organisers(),
    }
    roles.ensure_editors_see_participants()
    users = {}
    for username, group in groups.items():
        user = django_user_model.objects.create_user(
            username,
            f"{username}@husbanken.example",
            STAFF_PASSWORD,
            first_name=username.capitalize(),
            is_staff=True,
        )
        user.groups.add(group)
        users[username] = user
    return SimpleNamespace(**users)


@pytest.fixture
def sign_in(new_context, settings):
    """A new browser context signed in through the admin's login form as ``username``.

    On SQLite the editor's background autosave is off: on the in-memory test database an
    autosave that overlaps an upload finds the table locked (SQLite's shared cache does
    not wait the way a database file or PostgreSQL does) and the upload answers 503.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        settings.WAGTAIL_AUTOSAVE_INTERVAL = 0

    def open_as(username, **options):
        context = new_context(**options)
        page = context.new_page()
        page.goto("/admin/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(STAFF_PASSWORD)
        page.locator("form [type=submit]").first.click()
        page.wait_for_url(re.compile(r"/admin/$"))
        return page

    return open_as
