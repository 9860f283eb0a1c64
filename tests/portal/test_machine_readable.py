"""What machines read: JSON-LD and Open Graph on every kind of page, judged by extruct
and the schema.org vocabulary (tests.machine_readable), the picture a page is shared
with, and the sitemap's files against the sitemaps.org protocol."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from demo.loader import calculator_rates
from learning.models import (
    HousingRates,
    MunicipalityResultsPage,
    StatisticsFigure,
    StatisticsTable,
)
from portal import content_version, sharing
from portal.blocks import FigureBlock
from portal.models import MunicipalityPage, Person
from tests.events.factories import (
    GatheringIndexPageFactory,
    GatheringPageFactory,
    GatheringReportPageFactory,
)
from tests.factories import (
    ImageFactory,
    MunicipalityContactFactory,
    MunicipalityPageFactory,
    PersonFactory,
)
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
    PresentationIndexPageFactory,
    PresentationPageFactory,
)
from tests.machine_readable import read, schema_org_problems

# Marked one by one: the tests whose checks depend on the date or the hour.
pytestmark = pytest.mark.django_db

BASE = "https://boligsosial.example.no"
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def public_address(settings):
    settings.PORTAL_BASE_URL = BASE


def photo(description="Deltakere i samtale rundt et bord", **kwargs):
    """A photo larger than the sharing crop, so the crop has its full size."""
    return ImageFactory(
        file__width=1600, file__height=1000, description=description, **kwargs
    )


def figure(image):
    return [("figure", {"image": image, "caption": ""})]


@pytest.fixture
def site(home_page, municipality_index, public_address):
    """One page of every kind, those that can have one with a photo."""
    home_page.hero_image = photo("Hustak i en boligrekke")
    home_page.save_revision().publish()
    karmoy = MunicipalityPageFactory(
        parent=municipality_index, title="Karmøy", image=photo("Karmøys kommunevåpen")
    )
    person = PersonFactory(name="Sverre Høynes", photo=photo("Sverre Høynes"))
    MunicipalityContactFactory(page=karmoy, person=person)
    gatherings = GatheringIndexPageFactory(parent=home_page)
    gathering = GatheringPageFactory(
        parent=gatherings, description=figure(photo("Salen under samlingen"))
    )
    report = GatheringReportPageFactory(
        parent=gathering, body=figure(photo("Gruppearbeid"))
    )
    ExperienceIndexPageFactory(parent=home_page)
    article = ExperienceArticlePageFactory(
        parent=karmoy,
        title="Bolig først i Karmøy",
        body=[
            ("paragraph", "<p>Slik gikk det.</p>"),
            *figure(photo("En leilighet i Karmøy")),
            *figure(photo("Et annet bilde")),
        ],
        authors=[person],
    )
    article.tags.add("Bostedsløshet")
    article.save_revision().publish()
    practice = GoodPracticePageFactory(
        parent=GoodPracticeIndexPageFactory(parent=home_page)
    )
    presentation = PresentationPageFactory(
        parent=PresentationIndexPageFactory(parent=home_page), speakers=[person]
    )
    calculator_rates()
    return {
        "home": home_page,
        "municipality": karmoy,
        "gathering": gathering,
        "report": report,
        "article": article,
        "practice": practice,
        "presentation": presentation,
        "person": person,
    }


def addresses(site):
    """Every kind of page: (address, its canonical address)."""
    pages = {
        name: (page.url, page.full_url)
        for name, page in site.items()
        if name != "person"
    }
    others = {
        "person": site["person"].get_absolute_url(),
        "topic": reverse("topic", args=["bostedsloshet"]),
        "topics": reverse("topics"),
        "search": reverse("search") + "?q=bolig",
        "calculator": reverse("calculator") + "?homes=4",
        "results": reverse("programme_results"),
    }
    return pages | {
        name: (address, BASE + address.partition("?")[0])
        for name, address in others.items()
    }


def test_every_kind_of_page_is_machine_readable(client, site):
    with_image = {"home", "municipality", "gathering", "report", "article", "person"}
    for name, (address, canonical) in addresses(site).items():
        response = client.get(address)
        assert response.status_code == 200, name
        blocks, open_graph, head = read(response.content.decode(), canonical)
        assert head.find("link", rel="canonical")["href"] == canonical, name
        assert open_graph["og:url"] == canonical, name
        assert open_graph["og:title"] and open_graph["og:type"] == "website", name
        card = head.find("meta", attrs={"name": "twitter:card"})
        if name not in with_image:
            assert "og:image" not in open_graph and card is None, name
            continue
        image = open_graph["og:image"]
        assert re.fullmatch(rf"{BASE}/media/images/\S+\.fill-1200x630\.jpg", image)
        assert (open_graph["og:image:width"], open_graph["og:image:height"]) == (
            "1200",
            "630",
        ), name
        assert open_graph["og:image:alt"], name
        assert card["content"] == "summary_large_image", name
        for block in blocks:
            # Where the page's JSON-LD describes it, its image is the same picture.
            assert block["image"] == image, name
        assert client.get(image.removeprefix(BASE)).status_code == 200, name


def test_what_each_kind_of_page_describes(client, site):
    def described(name):
        address, canonical = addresses(site)[name]
        return read(client.get(address).content.decode(), canonical)[0]

    (event,) = described("gathering")
    assert event["@type"] == "Event" and event["location"]["@type"] == "Place"
    for name in ("article", "practice", "presentation"):
        (article,) = described(name)
        assert article["@type"] == "Article" and article["author"]["name"]
    assert "image" not in described("practice")[0]
    for name in ("home", "municipality", "person", "topic", "search", "calculator"):
        assert described(name) == [], name


def test_the_sharing_image_is_the_pages_own(client, site):
    article = site["article"]
    _blocks, open_graph, _head = read(
        client.get(article.url).content.decode(), article.full_url
    )
    # The first figure of the body, described as its alt text.
    assert open_graph["og:image:alt"] == "En leilighet i Karmøy"
    person = site["person"]
    _blocks, open_graph, _head = read(
        client.get(person.get_absolute_url()).content.decode(), BASE
    )
    assert open_graph["og:image:alt"] == "Sverre Høynes"


@pytest.mark.parametrize("name", ["home", "municipality", "person", "report"])
def test_a_pages_photo_is_read_in_both_sizes_at_once(client, site, name):
    """The sharing crop and the size the page shows its photo in (its own photo's,
    or the first figure's in its body), in one query."""
    page = site[name]
    page = getattr(page, "specific", page)
    image_id, size = next(
        (
            (getattr(page, field), page.photo_size)
            for field in ("hero_image_id", "image_id", "photo_id")
            if getattr(page, field, None)
        ),
        (None, FigureBlock.size),
    )
    if image_id is None:
        image_id = next(block.value["image"].pk for block in page.body)
    address = page.get_absolute_url() if name == "person" else page.url
    full_url = BASE if name == "person" else page.full_url
    client.get(address)  # makes the renditions
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        content = client.get(address).content.decode()
    renditions = [
        query
        for query in queries
        if f'"portal_portalrendition"."image_id" = {image_id} ' in query["sql"]
    ]
    assert len(renditions) == 1
    _blocks, open_graph, head = read(content, full_url)
    shown = head.parent.select_one("main figure img")["src"]
    assert open_graph["og:image"].endswith(".fill-1200x630.jpg")
    assert shown.endswith(f".{size}.jpg")


def test_a_small_photo_is_cropped_to_the_shape_not_enlarged(client, site):
    municipality = site["municipality"]
    municipality.image = ImageFactory(file__width=600, file__height=600)
    municipality.save_revision().publish()
    _blocks, open_graph, _head = read(
        client.get(municipality.url).content.decode(), municipality.full_url
    )
    width, height = (
        int(open_graph["og:image:width"]),
        int(open_graph["og:image:height"]),
    )
    assert width == 600 and abs(width / height - 1200 / 630) < 0.01


@pytest.mark.parametrize("below", [False, True])
def test_never_a_photo_from_a_restricted_collection(client, site, below):
    room = Collection.get_first_root_node().add_child(name="Karmøys opplastinger")
    CollectionViewRestriction.objects.create(
        collection=room, restriction_type="password", password="hemmelig"
    )
    if below:
        room = room.add_child(name="Fra befaringen")
    municipality = site["municipality"]
    municipality.image = photo("Ikke godkjent ennå", collection=room)
    municipality.save_revision().publish()
    _blocks, open_graph, head = read(
        client.get(municipality.url).content.decode(), municipality.full_url
    )
    assert "og:image" not in open_graph
    assert head.find("meta", attrs={"name": "twitter:card"}) is None


def test_never_a_private_pages_photo(site):
    article = site["article"]
    assert sharing.sharing_image(article) is not None
    PageViewRestriction.objects.create(
        page=site["municipality"], restriction_type="password", password="hemmelig"
    )
    article = type(article).objects.get(pk=article.pk)
    assert sharing.sharing_image(article) is None


IMAGE_TABLES = re.compile(
    r'FROM "(portal_portalimage|portal_portalrendition'
    r'|wagtailcore_collectionviewrestriction)"'
)


def test_the_crop_is_found_once_after_each_change(client, site):
    """A warm page reads no image or crop; a cold one reads the restricted
    collections (in the query of everything restricted, ``public_pages``), the
    photo comes with the person and its collection, and the crop from Wagtail's
    rendition cache (a query when the crop has gone from it)."""
    address = site["person"].get_absolute_url()
    client.get(address)  # the crop is made, once

    def image_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return [query["sql"] for query in queries if IMAGE_TABLES.search(query["sql"])]

    assert image_queries() == []
    content_version.raise_now_and_after_commit()
    (restricted,) = image_queries()
    assert "wagtailcore_pageviewrestriction" in restricted  # everything restricted
    assert image_queries() == []


@pytest.mark.clock
def test_the_judge_refuses_what_schema_org_does_not_define():
    assert (
        schema_org_problems(
            {
                "@type": "Event",
                "name": "Samling",
                "startDate": "2026-06-17",
                "location": {"@type": "Place", "name": "Bergen"},
                "eventStatus": "https://schema.org/EventScheduled",
                "offers": {
                    "@type": "Offer",
                    "availability": "https://schema.org/InStock",
                },
            }
        )
        == []
    )
    assert schema_org_problems(
        {
            "@type": "Event",
            "name": "Samling",
            "startdate": "2026-06-17",
            "headline": "Ikke for en samling",
            "image": "/media/bilde.jpg",
            "eventStatus": "https://schema.org/EventPlanned",
            "location": {"@type": "Sted"},
        }
    ) == [
        "$: startdate is no schema.org property",
        "$: headline is not a property of ['Event']",
        "$.eventStatus: https://schema.org/EventPlanned is no schema.org term",
        "$.location: Sted is no schema.org type",
        "$: Event lacks ['startDate']",
        "$.image: '/media/bilde.jpg' is not an absolute address",
    ]
    assert schema_org_problems({"@type": "Article", "headline": "Uten forfatter"}) == [
        "$: Article lacks ['author']"
    ]


# --- The sitemap ---

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# W3C Datetime (https://www.w3.org/TR/NOTE-datetime), which sitemaps.org requires.
W3C_DATETIME = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?"
)


def sitemap_problems(content):
    """What in a sitemap file breaks the sitemaps.org protocol (0.9): the root and
    its namespace, one absolute <loc> under 2,048 characters in each entry, lastmod
    in W3C Datetime, nothing else, and at most 50,000 entries in 50 MB."""
    problems = []
    if len(content) > 50 * 1024 * 1024:
        problems.append("larger than 50 MB")
    root = etree.fromstring(content)
    entry = {f"{SITEMAP}urlset": "url", f"{SITEMAP}sitemapindex": "sitemap"}.get(
        root.tag
    )
    if entry is None:
        return [f"root {root.tag}"]
    if len(root) > 50_000:
        problems.append("more than 50,000 entries")
    allowed = {"loc", "lastmod"} | (
        {"changefreq", "priority"} if entry == "url" else set()
    )
    for element in root:
        if element.tag != f"{SITEMAP}{entry}":
            problems.append(f"{element.tag} in the root")
            continue
        names = [child.tag.removeprefix(SITEMAP) for child in element]
        if names.count("loc") != 1 or not set(names) <= allowed:
            problems.append(f"{entry} with {names}")
        loc = element.findtext(f"{SITEMAP}loc") or ""
        if not re.fullmatch(r"https?://\S+", loc) or len(loc) >= 2048:
            problems.append(f"loc {loc!r}")
        lastmod = element.findtext(f"{SITEMAP}lastmod")
        if lastmod is not None and not W3C_DATETIME.fullmatch(lastmod):
            problems.append(f"lastmod {lastmod!r}")
    return problems


def entries(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert sitemap_problems(response.content) == []
    root = etree.fromstring(response.content)
    return {
        element.findtext(f"{SITEMAP}loc"): element.findtext(f"{SITEMAP}lastmod")
        for element in root
    }


def at(day, hour=12):
    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=OSLO)


def test_the_sitemap_follows_the_protocol(client, site):
    index = entries(client, "/sitemap.xml")
    assert set(index) == {
        f"{BASE}/sitemap-{name}.xml"
        for name in ("sider", "personer", "tema", "verktoy")
    }
    for address in index:
        entries(client, address.removeprefix(BASE))


@pytest.mark.clock
def test_a_persons_page_changes_with_the_person_and_the_pages_naming_them(
    client, home_page, municipality_index, public_address
):
    from wagtail.log_actions import log

    named, edited, unknown = (
        PersonFactory(name=name) for name in ("Åse Ærø", "Bjørn Berg", "Cato Carlsen")
    )
    index = ExperienceIndexPageFactory(parent=home_page)
    with time_machine.travel(at("2026-01-05"), tick=False):
        ExperienceArticlePageFactory(parent=index, authors=[named])
    with time_machine.travel(at("2026-02-10"), tick=False):
        karmoy = MunicipalityPageFactory(parent=municipality_index)
        MunicipalityContactFactory(page=karmoy, person=named)
        karmoy.save_revision().publish()
    with time_machine.travel(at("2026-03-15"), tick=False):
        log(instance=edited, action="wagtail.edit")

    found = entries(client, "/sitemap-personer.xml")

    assert found[f"{BASE}/personer/{named.slug}/"] == "2026-02-10"
    assert found[f"{BASE}/personer/{edited.slug}/"] == "2026-03-15"
    # Nothing says when this one changed: no lastmod rather than a made-up one.
    assert found[f"{BASE}/personer/{unknown.slug}/"] is None
    assert found[f"{BASE}/personer/"] == "2026-03-15"


@pytest.mark.clock
def test_a_topic_changes_when_a_public_page_with_its_theme_is_published(
    client, home_page, public_address
):
    index = ExperienceIndexPageFactory(parent=home_page)
    for day, theme in (("2026-01-05", "Bostøtte"), ("2026-02-10", "Bostøtte")):
        with time_machine.travel(at(day), tick=False):
            page = ExperienceArticlePageFactory(parent=index)
            page.tags.add(theme)
            page.save_revision().publish()
    gatherings = GatheringIndexPageFactory(parent=home_page)
    with time_machine.travel(at("2026-03-01"), tick=False):
        gathering = GatheringPageFactory(parent=gatherings)
        gathering.tags.add("Startlån")
        gathering.save_revision().publish()
    private = ExperienceIndexPageFactory(parent=home_page, slug="lukket")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="hemmelig"
    )
    with time_machine.travel(at("2026-04-01"), tick=False):
        hidden = ExperienceArticlePageFactory(parent=private)
        hidden.tags.add("Bostøtte")
        hidden.save_revision().publish()

    found = entries(client, "/sitemap-tema.xml")

    assert found[f"{BASE}/tema/bostotte/"] == "2026-02-10"
    assert found[f"{BASE}/tema/startlan/"] == "2026-03-01"
    assert found[f"{BASE}/tema/"] == "2026-03-01"


@pytest.mark.clock
def test_the_tools_change_with_their_rates_results_and_statistics(
    client, home_page, municipality_index, public_address
):
    with time_machine.travel(at("2026-05-01"), tick=False):
        calculator_rates()
        HousingRates.objects.update(valid_from=datetime.date(2026, 1, 1))
        table = StatisticsTable.objects.create(
            table_id="12262",
            contents_code="KOSTRA",
            title="Kommunalt disponerte boliger",
            source_url="https://www.ssb.no/statbank/table/12262",
            imported_at=at("2026-03-20"),
        )
        StatisticsFigure.objects.create(table=table, region="0", year=2025, value=20)
        with time_machine.travel(at("2026-02-01"), tick=False):
            karmoy = MunicipalityPageFactory(parent=municipality_index)
            karmoy.add_child(
                instance=MunicipalityResultsPage(title="Resultater", slug="resultater")
            ).save_revision().publish()

        found = entries(client, "/sitemap-verktoy.xml")
        assert found[f"{BASE}/kalkulator/"] == "2026-01-01"
        assert found[f"{BASE}/resultater/"] == "2026-03-20"

        with time_machine.travel(at("2026-04-02"), tick=False):
            MunicipalityResultsPage.objects.get().save_revision().publish()
        assert entries(client, "/sitemap-verktoy.xml")[f"{BASE}/resultater/"] == (
            "2026-04-02"
        )
        index = entries(client, "/sitemap.xml")
        assert index[f"{BASE}/sitemap-verktoy.xml"].startswith("2026-04-02T")


def sitemap_queries(client, address):
    content_version.raise_now_and_after_commit()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_each_section_is_read_in_a_fixed_number_of_queries(
    client, home_page, municipality_index, public_address
):
    calculator_rates()
    index = ExperienceIndexPageFactory(parent=home_page)
    sections = ("/sitemap-personer.xml", "/sitemap-tema.xml", "/sitemap-verktoy.xml")

    def add(number):
        for _ in range(number):
            person = PersonFactory()
            article = ExperienceArticlePageFactory(parent=index, authors=[person])
            article.tags.add(f"Tema {Person.objects.count()}")
            MunicipalityContactFactory(
                page=MunicipalityPageFactory(parent=municipality_index), person=person
            )

    add(2)
    client.get("/sitemap.xml")  # the site and its settings, kept for the process
    few = {address: sitemap_queries(client, address) for address in sections}
    add(8)
    many = {address: sitemap_queries(client, address) for address in sections}
    assert MunicipalityPage.objects.count() == 10
    assert few == many
    # The Sites with their root pages (1); then the private sections (1) and the people
    # with the latest change of every page naming them (1); the themes likewise;
    # the rates, the results pages and the statistics tables (3).
    assert many == {
        "/sitemap-personer.xml": 3,
        "/sitemap-tema.xml": 3,
        "/sitemap-verktoy.xml": 4,
    }
