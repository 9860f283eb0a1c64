"""What every page has: bokmål, skip link, navigation, breadcrumbs, footer statements."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal import registry, sitemaps
from portal.models import HomePage, MunicipalityPage, SiteSettings
from tests.events.factories import (
    GatheringIndexPageFactory,
    GatheringPageFactory,
    GatheringReportPageFactory,
    in_days,
)
from tests.factories import MunicipalityPageFactory, StandardPageFactory
from tests.learning.factories import GoodPracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements(home_page):
    privacy = StandardPageFactory(
        parent=home_page, title="Personvernerklæring", slug="personvern"
    )
    accessibility = StandardPageFactory(
        parent=home_page, title="Tilgjengelighetserklæring", slug="tilgjengelighet"
    )
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.privacy_page = privacy
    site_settings.accessibility_page = accessibility
    site_settings.save()
    return privacy, accessibility


def test_every_page_has_the_frame(client, statements, municipality_index):
    municipality_index.show_in_menus = True
    municipality_index.save()
    karmoy = MunicipalityPageFactory(parent=municipality_index, title="Karmøy kommune")
    for url in ["/", municipality_index.url, karmoy.url, "/sok/?q=bolig"]:
        content = client.get(url).content.decode()
        assert '<html lang="nb"' in content, url
        assert 'href="#hovedinnhold">Hopp til hovedinnholdet</a>' in content, url
        assert '<main id="hovedinnhold"' in content, url
        assert 'href="/personvern/">Personvernerklæring</a>' in content, url
        assert 'href="/tilgjengelighet/">Tilgjengelighetserklæring</a>' in content, url
        assert 'aria-label="Hovedmeny"' in content, url
        assert 'href="/kommuner/"' in content, url


def test_breadcrumbs_lead_home(client, statements, municipality_index):
    karmoy = MunicipalityPageFactory(parent=municipality_index, title="Karmøy kommune")
    content = client.get(karmoy.url).content.decode()
    assert 'aria-label="Du er her"' in content
    assert '<a class="ds-link" href="/">Forside</a>' in content
    assert f'href="{municipality_index.url}">Programkommuner</a>' in content
    assert 'aria-current="page">Karmøy kommune</a>' in content


def test_current_menu_item_is_marked(client, municipality_index):
    municipality_index.show_in_menus = True
    municipality_index.save()
    content = client.get(municipality_index.url).content.decode()
    assert 'href="/kommuner/" aria-current="page">Programkommuner</a>' in content


def test_menu_lists_the_public_live_sections_below_home_in_tree_order(
    client, home_page, municipality_index
):
    municipality_index.show_in_menus = True
    municipality_index.save()
    about = StandardPageFactory(parent=home_page, title="Om programmet", slug="om")
    about.show_in_menus = True
    about.save()
    hidden = StandardPageFactory(parent=home_page, title="Internt", slug="internt")
    hidden.show_in_menus = True
    hidden.save()
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    draft = StandardPageFactory(parent=home_page, title="Utkast", slug="utkast")
    draft.show_in_menus = True
    draft.save()
    draft.unpublish()
    deeper = StandardPageFactory(parent=about, title="Historikk", slug="historikk")
    deeper.show_in_menus = True
    deeper.save()
    StandardPageFactory(parent=home_page, title="Ikke i menyen", slug="ikke")

    menu = BeautifulSoup(client.get("/").content, "html.parser").select_one(
        ".main-nav__wide"
    )
    assert [(link.get_text(), link["href"]) for link in menu.select("a")] == [
        ("Programkommuner", "/kommuner/"),
        ("Om programmet", "/om/"),
    ]


def test_home_page_shows_registered_sections(client, home_page):
    def latest(request, page):
        return registry.Section(
            title="Nye erfaringer",
            items=[registry.Item(title="Leieavtaler med private", url="/e/")],
        )

    registry.home_page_sections.register(latest)
    try:
        content = client.get("/").content.decode()
    finally:
        registry.home_page_sections.unregister(latest)
    assert "Nye erfaringer" in content and "Leieavtaler med private" in content


def test_editors_may_add_the_apps_pages_below_home_and_municipalities():
    assert {model._meta.label for model in HomePage.allowed_subpage_models()} == {
        "portal.StandardPage",
        "portal.MunicipalityIndexPage",
        "learning.ExperienceIndexPage",
        "learning.GoodPracticeIndexPage",
        "learning.PresentationIndexPage",
        "events.GatheringIndexPage",
    }
    assert {
        model._meta.label for model in MunicipalityPage.allowed_subpage_models()
    } == {
        "learning.ExperienceArticlePage",
        "learning.GoodPracticePage",
        "learning.MunicipalityResultsPage",
    }


def test_unknown_address_gives_bokmal_404(client, home_page):
    response = client.get("/finnes/ikke/")
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.content.decode()


def test_robots_and_sitemap(client, statements):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "http://testserver/sitemap-sider.xml" in index.content.decode()
    pages = client.get("/sitemap-sider.xml")
    assert pages.status_code == 200
    assert "/personvern/" in pages.content.decode()


def test_sitemap_is_split_into_files_of_limited_size(client, statements, monkeypatch):
    monkeypatch.setattr(sitemaps.PageSitemap, "limit", 2)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-sider.xml?p=2" in index
    first = client.get("/sitemap-sider.xml").content.decode()
    second = client.get("/sitemap-sider.xml?p=2").content.decode()
    assert first.count("<url>") == 2
    assert "/personvern/" in first + second
    assert client.get("/sitemap-sider.xml?p=99").status_code == 404
    assert client.get("/sitemap-ukjent.xml").status_code == 404


def test_admin_speaks_bokmal(client, home_page):
    content = client.get("/admin/login/").content.decode()
    assert 'lang="nb"' in content
    assert "Logg inn" in content


def test_the_footer_leads_to_the_tools_and_overviews(client, home_page):
    content = client.get("/").content.decode()
    assert "Verktøy og oversikter" in content
    for label, url in (
        ("Kalkulator for utleieboliger", "/kalkulator/"),
        ("Resultater for folk", "/resultater/"),
        ("Temaer", "/tema/"),
    ):
        assert f'<a class="ds-link" href="{url}">{label}</a>' in content


def trail(client, url):
    """The breadcrumbs as a reader follows them: (text, address)."""
    html = BeautifulSoup(client.get(url).content, "html.parser")
    nav = html.find("nav", attrs={"aria-label": "Du er her"})
    return [(link.get_text(), link["href"]) for link in nav.find_all("a")]


def test_breadcrumbs_from_the_menu_and_the_municipality_or_else_the_tree(
    client, statements, home_page, municipality_index
):
    municipality_index.show_in_menus = True
    municipality_index.save()
    karmoy = MunicipalityPageFactory(parent=municipality_index, title="Karmøy kommune")
    practice = GoodPracticePageFactory(parent=karmoy, title="Boveileder")
    assert trail(client, practice.url) == [
        ("Forside", "/"),
        ("Programkommuner", municipality_index.url),
        ("Karmøy kommune", karmoy.url),
        ("Boveileder", practice.url),
    ]
    # A section outside the menu and a page below a page: read from the tree.
    about = StandardPageFactory(parent=home_page, title="Om", show_in_menus=False)
    people = StandardPageFactory(parent=about, title="Folkene")
    assert trail(client, people.url) == [
        ("Forside", "/"),
        ("Om", about.url),
        ("Folkene", people.url),
    ]


def test_a_reports_breadcrumbs_take_the_gathering_it_shows(client, home_page):
    gatherings = GatheringIndexPageFactory(parent=home_page, show_in_menus=True)
    gathering = GatheringPageFactory(
        parent=gatherings,
        title="Oppstartsamling",
        start=in_days(-3, 9),
        end=in_days(-3, 16),
        registration_opens=in_days(-20),
        registration_closes=in_days(-5),
    )
    report = GatheringReportPageFactory(
        parent=gathering, title="Rapport fra oppstarten"
    )
    with CaptureQueriesContext(connection) as queries:
        assert trail(client, report.url) == [
            ("Forside", "/"),
            ("Samlinger", gatherings.url),
            ("Oppstartsamling", gathering.url),
            ("Rapport fra oppstarten", report.url),
        ]
    # The gathering is read once, in its own type; the ancestors not at all.
    assert not [
        query for query in queries if '"wagtailcore_page"."path" IN' in query["sql"]
    ]
    assert sum('FROM "events_gatheringpage"' in query["sql"] for query in queries) == 1
