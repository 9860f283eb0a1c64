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
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site
from wagtail.rich_text import RichText

from portal.models import County, Region, SiteSettings
from tests.factories import (
    ImageFactory,
    MunicipalityContactFactory,
    MunicipalityIndexPageFactory,
    MunicipalityOutcomeFactory,
    MunicipalityPageFactory,
    PersonFactory,
    StandardPageFactory,
)
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


def serve_media(context, base_url):
    """Answer the live server's /media/ requests from MEDIA_ROOT inside the browser.

    The test settings have DEBUG off, so Django serves no uploads; without this every
    photo would be a broken image.
    """
    media_root = Path(settings.MEDIA_ROOT).resolve()
    prefix = urlsplit(settings.MEDIA_URL).path

    def handle(route):
        relative = unquote(urlsplit(route.request.url).path[len(prefix) :])
        path = (media_root / relative).resolve()
        if path.is_file() and media_root in path.parents:
            route.fulfill(path=path)
        else:
            route.fulfill(status=404, body="Not found")

    context.route(re.compile("^" + re.escape(base_url + prefix)), handle)


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts on the live server; all are closed after the test.

    Pages keep the site's real Content-Security-Policy, so a violation shows as a
    console error (axe-core is injected in a way the policy allows). Options go to
    Playwright's ``browser.new_context``, e.g. ``java_script_enabled=False`` for a
    reader without JavaScript or ``viewport={"width": 320, "height": 640}``.
    """
    contexts = []

    def make(**options):
        options = {
            "base_url": live_server.url,
            "locale": "nb-NO",
            "viewport": VIEWPORT,
            **options,
        }
        context = browser.new_context(**options)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        serve_media(context, live_server.url)
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


# Content ------------------------------------------------------------------------------


@dataclass
class SiteContent:
    home: object
    municipality_index: object
    municipality_page: object
    standard_page: object
    privacy_page: object
    accessibility_page: object
    contact_person: object
    other_municipalities: list = field(default_factory=list)


def _photo(**kwargs):
    return ImageFactory(file__width=600, file__height=400, **kwargs)


@pytest.fixture
def site_content(home_page):
    """A small but complete site: navigation, a photo on every kind of page, contacts,
    results, a body with every block, and the footer's statements from SiteSettings.

    Works with the Django test client (``db``) and with the live server (which flushes
    the database after each test; ``home_page`` rebuilds the site root).
    """
    home_page.intro = "Kunnskap og erfaringer fra kommunene i programmet."
    home_page.hero_image = _photo(description="Beboere og ansatte utenfor et boligfelt")
    home_page.save()

    municipality_index = MunicipalityIndexPageFactory(
        parent=home_page,
        intro="Kommunene som er med i Boligsosialt velferdsprogram.",
        show_in_menus=True,
    )
    contact_photo = _photo(
        description="Portrett av Sverre Høynes", credit="Karmøy kommune"
    )
    municipality_page = MunicipalityPageFactory(
        parent=municipality_index,
        title="Karmøy kommune",
        slug="karmoy",
        municipality_number="1149",
        county=County.ROGALAND,
        region=Region.VEST,
        intro="Øykommune i Nord-Rogaland med 43 000 innbyggere.",
        profile=(
            "<p>Karmøy har arbeidet med bolig for vanskeligstilte siden 2014.</p>"
            "<ul><li>Housing First</li><li>Leie til eie</li></ul>"
        ),
        goals="<p>Flere skal eie sin egen bolig.</p>",
        image=_photo(description="Deltakere fra Karmøy kommune i samtale"),
    )
    person = PersonFactory(
        name="Sverre Høynes",
        role="Programkoordinator",
        organisation="Karmøy kommune",
        municipality=municipality_page,
        photo=contact_photo,
        bio="Leder det boligsosiale arbeidet i kommunen.",
    )
    MunicipalityContactFactory(
        page=municipality_page, person=person, responsibility="Programkoordinator"
    )
    MunicipalityOutcomeFactory(page=municipality_page, year=2015, homeless_settled=14)
    MunicipalityOutcomeFactory(
        page=municipality_page, year=2016, homeless_settled=None, new_rental_homes=7
    )
    others = [
        MunicipalityPageFactory(
            parent=municipality_index,
            title="Haugesund kommune",
            slug="haugesund",
            municipality_number="1106",
            county=County.ROGALAND,
            region=Region.VEST,
        ),
        MunicipalityPageFactory(
            parent=municipality_index,
            title="Bodø kommune",
            slug="bodo",
            municipality_number="1804",
            county=County.NORDLAND,
            region=Region.NORD,
        ),
    ]

    standard_page = StandardPageFactory(
        parent=home_page,
        title="Om programmet",
        slug="om-programmet",
        show_in_menus=True,
        intro="Hva Boligsosialt velferdsprogram er, og hvem som er med.",
        body=[
            ("heading", {"text": "Bakgrunn", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Programmet er et samarbeid mellom Husbanken og kommunene. "
                    'Les mer om <a href="/kommuner/">programkommunene</a>.</p>'
                ),
            ),
            ("heading", {"text": "Hvem er med", "level": "h3"}),
            ("figure", {"image": _photo(), "caption": "Samling for programkommunene"}),
            (
                "quote",
                {
                    "quote": "Det er nyttig å hente erfaringer fra andre kommuner.",
                    "attribution": "Programkoordinator i en programkommune",
                },
            ),
            (
                "fact_box",
                {
                    "title": "Kort om programmet",
                    "body": RichText(
                        "<ul><li>Startet i 2009</li><li>Avsluttet i 2020</li></ul>"
                    ),
                },
            ),
        ],
    )
    # An editors' pick above the results of /sok/?q=kommune.
    SearchPromotion.objects.create(
        query=Query.get("kommune"),
        page=standard_page,
        sort_order=0,
        description="Hva programmet er, og hvem som er med.",
    )
    privacy_page = StandardPageFactory(
        parent=home_page, title="Personvernerklæring", slug="personvern"
    )
    accessibility_page = StandardPageFactory(
        parent=home_page, title="Tilgjengelighetserklæring", slug="tilgjengelighet"
    )

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "post@husbanken.no"
    site_settings.contact_phone = "22 96 16 00"
    site_settings.contact_address = "Husbanken\nPostboks 1404\n8002 Bodø"
    site_settings.privacy_page = privacy_page
    site_settings.accessibility_page = accessibility_page
    site_settings.save()

    return SiteContent(
        home=home_page,
        municipality_index=municipality_index,
        municipality_page=municipality_page,
        standard_page=standard_page,
        privacy_page=privacy_page,
        accessibility_page=accessibility_page,
        contact_person=person,
        other_municipalities=others,
    )


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


# Knowledge (learning) and gatherings (events), on top of the site ----------------------


@pytest.fixture
def knowledge_content(site_content, calculator_rates):
    """One of each learning page type, linked by themes, below the site's pages; the
    article shows a calculator scenario."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from learning.models import (
        ExperienceArticlePage,
        ExperienceIndexPage,
        GoodPracticeIndexPage,
        GoodPracticePage,
        PresentationIndexPage,
        PresentationPage,
    )

    home = site_content.home
    karmoy = site_content.municipality_page
    person = site_content.contact_person
    experiences = home.add_child(
        instance=ExperienceIndexPage(
            title="Erfaringer", slug="erfaringer", show_in_menus=True
        )
    )
    practices = home.add_child(
        instance=GoodPracticeIndexPage(title="Gode eksempler", slug="gode-eksempler")
    )
    presentations = home.add_child(
        instance=PresentationIndexPage(title="Presentasjoner", slug="presentasjoner")
    )
    practice = karmoy.add_child(
        instance=GoodPracticePage(
            title="Leieavtaler med private utleiere",
            slug="leieavtaler-med-private",
            intro="Kommunen leier boliger av private og fremleier dem.",
            problem="<p>For få kommunale utleieboliger.</p>",
            measures="<p>Avtaler med private utleiere om garantier.</p>",
            results="<p>Flere fikk et sted å bo.</p>",
            period_start=2014,
            no_identifiable_persons=True,
            contact_person=person,
        )
    )
    practice.tags.add("Private utleiere", "Bostedsløse")
    practice.figures.create(
        indicator="Husstander i midlertidig bolig",
        unit="husstander",
        before_value=40,
        before_year=2014,
        after_value=22,
        after_year=2016,
    )
    practice.save_revision().publish()
    article = karmoy.add_child(
        instance=ExperienceArticlePage(
            title="Slik økte vi gjennomstrømningen",
            slug="gjennomstromning",
            intro="Erfaringer fra Karmøy med oppfølging i hjemmet.",
            no_identifiable_persons=True,
            body=[
                ("paragraph", RichText("<p>Tett oppfølging gjorde forskjellen.</p>")),
                (
                    "calculator",
                    {"title": "Fire nye boliger", "link": "/kalkulator/?homes=4"},
                ),
            ],
        )
    )
    article.tags.add("Bostedsløse", "Gjennomstrømning")
    article.authors.add(person)
    article.related_practices.add(practice)
    article.save_revision().publish()
    document = get_document_model().objects.create(
        title="Lysark om programarbeid",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="lysark.pdf"),
    )
    presentation = presentations.add_child(
        instance=PresentationPage(
            title="Programarbeid på kommunenes premisser",
            slug="programarbeid",
            intro="Hvordan kommunene og Husbanken finner veien sammen.",
            document=document,
        )
    )
    presentation.speakers.add(person)
    presentation.tags.add("Bostedsløse")
    presentation.save_revision().publish()
    return SimpleNamespace(
        experiences=experiences,
        practices=practices,
        presentations=presentations,
        practice=practice,
        article=article,
        presentation=presentation,
    )


@pytest.fixture
def gathering_content(knowledge_content, site_content):
    """An upcoming gathering with registration open and a past one with a report."""
    import datetime

    from django.utils import timezone

    from events.models import (
        AgendaItem,
        GatheringIndexPage,
        GatheringPage,
        GatheringReportPage,
    )

    home = site_content.home
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    index = home.add_child(
        instance=GatheringIndexPage(
            title="Samlinger", slug="samlinger", show_in_menus=True
        )
    )
    upcoming = index.add_child(
        instance=GatheringPage(
            title="Fagsamling om bostedsløse",
            slug="fagsamling-bostedslose",
            intro="En dag om å bosette bostedsløse.",
            kind="fagsamling",
            start=now + datetime.timedelta(days=30, hours=1),
            end=now + datetime.timedelta(days=30, hours=7),
            venue="Husbanken, Bergen",
            capacity=12,
            registration_opens=now - datetime.timedelta(days=5),
        )
    )
    upcoming.tags.add("Bostedsløse")
    upcoming.save_revision().publish()
    past = index.add_child(
        instance=GatheringPage(
            title="Oppstartsamling for nye programkommuner",
            slug="oppstartsamling",
            kind="oppstartsamling",
            start=now - datetime.timedelta(days=60),
            end=now - datetime.timedelta(days=60) + datetime.timedelta(hours=6),
            venue="Husbanken, Bergen",
            registration_enabled=False,
        )
    )
    item = AgendaItem.objects.create(
        page=past,
        title="Programarbeid på kommunenes premisser",
        start=past.start,
        end=past.start + datetime.timedelta(minutes=40),
        presentation=knowledge_content.presentation,
    )
    item.speakers.add(site_content.contact_person)
    report = past.add_child(
        instance=GatheringReportPage(
            title="Kommunene stilte mannsterke",
            slug="rapport",
            intro="Sju nye programkommuner møttes.",
            body=[("paragraph", RichText("<p>Det var stor interesse.</p>"))],
            minutes="<p>Vedtak: neste samling holdes i Bodø.</p>",
        )
    )
    # What came out of it: a published evaluation, and an article from its follow-up.
    from events import loop
    from events.models import EvaluationAnswer, EvaluationResponse, FollowUp

    past.publish_evaluation = True
    past.save_revision().publish()
    useful = loop.questions(past)[0]
    for score in (4, 5):
        response = EvaluationResponse.objects.create(
            gathering=past, submitted_on=past.end.date()
        )
        EvaluationAnswer.objects.create(response=response, question=useful, score=score)
    FollowUp.objects.create(
        gathering=past,
        municipality=knowledge_content.article.get_parent().specific,
        article=knowledge_content.article,
    )
    return SimpleNamespace(index=index, upcoming=upcoming, past=past, report=report)


@pytest.fixture
def loop_links(gathering_content, site_content):
    """The links of a participant's evaluation, follow-up and «no more e-mail»."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from events import loop
    from events.models import GatheringPage, Invitation, Registration

    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    links = {}
    for kind, days_ago in (("evaluation", 2), ("followup", 95)):
        gathering = gathering_content.index.add_child(
            instance=GatheringPage(
                title=f"Samling for {kind}",
                slug=f"samling-{kind}",
                kind="fagsamling",
                start=now - datetime.timedelta(days=days_ago, hours=6),
                end=now - datetime.timedelta(days=days_ago),
                registration_enabled=False,
            )
        )
        registration = Registration.objects.create(
            gathering=gathering,
            name="Kari Nordmann",
            email=f"kari-{kind}@example.no",
            municipality=site_content.municipality_page,
            consent=True,
            status="attended",
        )
        invitation = Invitation.objects.create(registration=registration, kind=kind)
        links[kind] = reverse(f"loop_{kind}", args=[loop.token(invitation)])
        links["opt_out"] = reverse(
            "loop_opt_out", args=[loop.opt_out_token(registration)]
        )
    return links


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


@pytest.fixture
def registration(gathering_content):
    from events import booking

    return booking.register(
        gathering_content.upcoming,
        name="Kari Nordmann",
        email="kari@example.no",
        organisation="NAV Karmøy",
        dietary_needs="Vegetar",
        consent=True,
    ).registration


@pytest.fixture
def calculator_rates(site_content):
    """The demo's rates for the calculator."""
    from demo.loader import calculator_rates

    return calculator_rates()


@pytest.fixture
def results_page(site_content):
    """The municipality's results, with goals, and an SSB table beside them."""
    from learning import results
    from learning.models import (
        MunicipalityResultsPage,
        OutcomeFigure,
        OutcomeType,
        StatisticsFigure,
        StatisticsTable,
    )

    results.ensure_outcome_types()
    settled = OutcomeType.objects.get(slug="bostedslose-bosatt")
    page = MunicipalityResultsPage(
        title="Resultater",
        slug="resultater",
        example_data=True,
        figures=[
            OutcomeFigure(outcome_type=settled, year=year, value=value, goal=goal)
            for year, value, goal in [(2015, 8, 10), (2016, 12, 12), (2017, 15, 14)]
        ],
    )
    site_content.municipality_page.add_child(instance=page)
    page.save_revision().publish()
    table = StatisticsTable.objects.create(
        table_id="12262",
        contents_code="KOSTRA",
        title="Kommunalt disponerte boliger per 1000 innbyggere",
        source_url="https://www.ssb.no/statbank/table/12262",
    )
    number = site_content.municipality_page.municipality_number
    for region, value in ((number, "21.5"), ("0", "20.1")):
        StatisticsFigure.objects.create(
            table=table, region=region, year=2016, value=value
        )
    return page


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
