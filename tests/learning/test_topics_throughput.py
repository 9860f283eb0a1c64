"""One theme across the types: the topic pages, the home page, the feeds and the API,
over one set of pages built once for the module (``module_transaction``); each test reads
it in a savepoint of its own. The rest of these views: test_topics_feeds_api.py."""

import datetime
import xml.etree.ElementTree as ET
import zoneinfo
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from taggit.models import Tag

from portal.site_root import ensure_home_page
from tests.factories import (
    MunicipalityIndexPageFactory,
    PersonFactory,
    TargetGroupFactory,
)
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
    PresentationIndexPageFactory,
    PresentationPageFactory,
    municipality,
)
from tests.learning.reading import ATOM_LINK, ago, parse_feed, section_items, sections

# One process builds the set once (``--dist loadgroup``, Makefile).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock,
    pytest.mark.xdist_group("theme_throughput"),
]


def _throughput(karmoy, bergen, experience_index, practice_index, presentation_index):
    """Pages of every type with the theme «Gjennomstrømning», and some without it."""
    return {
        "experience": ExperienceArticlePageFactory(
            parent=karmoy,
            title="Flytting videre fra kommunal bolig",
            tags=["Gjennomstrømning"],
            date=datetime.date(2024, 3, 1),
            first_published_at=ago(3),
        ),
        "practice": GoodPracticePageFactory(
            parent=bergen,
            title="Leie til eie",
            tags=["Gjennomstrømning", "Startlån"],
            date=datetime.date(2024, 5, 2),
            first_published_at=ago(1),
        ),
        "presentation": PresentationPageFactory(
            parent=presentation_index,
            title="Gjennomstrømning i tall",
            tags=["Gjennomstrømning"],
            first_published_at=ago(2),
        ),
        "other_theme": ExperienceArticlePageFactory(
            parent=karmoy,
            title="Bostøtte for unge",
            tags=["Bostøtte"],
            date=datetime.date(2023, 11, 15),
            first_published_at=ago(4),
        ),
        "draft": GoodPracticePageFactory(
            parent=karmoy,
            title="Utkast om gjennomstrømning",
            tags=["Gjennomstrømning"],
            live=False,
        ),
    }


@pytest.fixture(scope="module")
def built(module_transaction):
    """The places, the three lists and the pages, built once for the module."""
    home = ensure_home_page()
    index = MunicipalityIndexPageFactory(parent=home)
    places = {key: municipality(key, index) for key in ("karmoy", "bergen")}
    lists = {
        "experience_index": ExperienceIndexPageFactory(parent=home),
        "practice_index": GoodPracticeIndexPageFactory(parent=home),
        "presentation_index": PresentationIndexPageFactory(parent=home),
    }
    return SimpleNamespace(
        home_page=home,
        throughput=_throughput(**places, **lists),
        **places,
        **lists,
    )


def _shared(name):
    @pytest.fixture(name=name)
    def shared(built, db):
        return getattr(built, name)

    return shared


home_page = _shared("home_page")
throughput = _shared("throughput")
karmoy = _shared("karmoy")
experience_index = _shared("experience_index")
practice_index = _shared("practice_index")


class TestTopicIndex:
    def test_every_theme_in_use_with_its_count(self, client, throughput):
        response = client.get("/tema/")
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        items = [
            (item.a.get_text(), item.a["href"], item.find(class_="meta").get_text())
            for item in soup.select(".topic-list li")
        ]
        tag = Tag.objects.get(name="Gjennomstrømning")
        # Three published pages; the draft is not counted.
        assert items == [
            ("Bostøtte", reverse("topic", args=["bostotte"]), "1 side"),
            ("Gjennomstrømning", reverse("topic", args=[tag.slug]), "3 sider"),
            ("Startlån", reverse("topic", args=["startlan"]), "1 side"),
        ]

    def test_the_list_of_themes_is_in_the_sitemap(self, client, throughput):
        sitemap = client.get("/sitemap-tema.xml").content.decode()
        assert "<loc>http://testserver/tema/</loc>" in sitemap


class TestTopicPage:
    def test_everything_with_the_theme_grouped_by_type(self, client, throughput):
        tag = Tag.objects.get(name="Gjennomstrømning")
        response = client.get(reverse("topic", args=[tag.slug]))
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("h1").get_text(strip=True) == "Gjennomstrømning"
        found = [(heading, items) for heading, items, _ in sections(response)]
        assert found == [
            ("Erfaringer", ["Flytting videre fra kommunal bolig"]),
            ("Gode eksempler", ["Leie til eie"]),
            ("Presentasjoner", ["Gjennomstrømning i tall"]),
        ]
        feed = reverse("topic_feed", args=[tag.slug])
        assert (
            soup.find("link", rel="alternate", type="application/rss+xml")["href"]
            == feed
        )
        assert soup.find("a", href=feed)


class TestMunicipalityAndPersonPages:
    def test_home_page_shows_the_newest_from_the_municipalities(
        self, client, home_page, throughput
    ):
        response = client.get(home_page.url)
        assert section_items(response, "Nytt fra kommunene") == [
            "Leie til eie",
            "Flytting videre fra kommunal bolig",
            "Bostøtte for unge",
        ]


class TestFeeds:
    def test_all_new_experiences_and_practices_newest_first(self, client, throughput):
        channel, items = parse_feed(client.get(reverse("knowledge_feed")))
        assert (
            channel.findtext("title")
            == "Nye erfaringer og gode eksempler – Boligsosialt velferdsprogram"
        )
        assert channel.findtext("link") == "http://testserver/"
        assert channel.findtext("language") == "nb"
        assert [item["title"] for item in items] == [
            "Leie til eie",
            "Flytting videre fra kommunal bolig",
            "Bostøtte for unge",
        ]
        assert [item["category"] for item in items] == [
            "Godt eksempel",
            "Erfaringsartikkel",
            "Erfaringsartikkel",
        ]
        assert items[0]["link"] == "http://testserver" + throughput["practice"].url
        # The article's own date, not the day the page was saved.
        assert items[0]["published"] == datetime.datetime(
            2024, 5, 2, 12, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo")
        )

    def test_an_older_article_published_today_is_not_news(self, client, throughput):
        ExperienceArticlePageFactory(
            parent=throughput["experience"].get_parent(),
            title="Skrevet i 2019, lagt ut i dag",
            date=datetime.date(2019, 6, 1),
        )
        _, items = parse_feed(client.get(reverse("knowledge_feed")))
        assert items[-1]["title"] == "Skrevet i 2019, lagt ut i dag"

    def test_home_and_lists_announce_the_feed(
        self, client, throughput, experience_index, practice_index
    ):
        for page in (experience_index.get_parent(), experience_index, practice_index):
            soup = BeautifulSoup(client.get(page.url).content, "html.parser")
            link = soup.find("link", rel="alternate", type="application/rss+xml")
            assert link["href"] == reverse("knowledge_feed"), page.url

    def test_one_theme(self, client, throughput):
        tag = Tag.objects.get(name="Gjennomstrømning")
        channel, items = parse_feed(client.get(reverse("topic_feed", args=[tag.slug])))
        assert channel.findtext("title").startswith("Tema «Gjennomstrømning»")
        assert channel.findtext("link") == "http://testserver" + reverse(
            "topic", args=[tag.slug]
        )
        # Presentations are not in the feed; drafts and other themes neither.
        assert [item["title"] for item in items] == [
            "Leie til eie",
            "Flytting videre fra kommunal bolig",
        ]

    def test_links_are_on_the_configured_address_whatever_was_asked(
        self, client, throughput, settings
    ):
        """A second allowed host or a forged scheme never reaches the cached feeds."""
        settings.PORTAL_BASE_URL = "https://portal.example.no"
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        tag = Tag.objects.get(name="Gjennomstrømning")
        for url in (reverse("knowledge_feed"), reverse("topic_feed", args=[tag.slug])):
            # The first answer is cached: the later ones must not differ.
            for headers in (
                {"HTTP_HOST": "www.portal.example.no"},
                {"HTTP_X_FORWARDED_PROTO": "http"},
                {"HTTP_X_FORWARDED_PROTO": "https"},
            ):
                channel = ET.fromstring(client.get(url, **headers).content)[0]
                links = [
                    channel.findtext("link"),
                    *(link.get("href") for link in channel.iter(ATOM_LINK)),
                    *(item.findtext("link") for item in channel.iter("item")),
                ]
                assert len(links) >= 4
                assert all(
                    link.startswith("https://portal.example.no/") for link in links
                ), links
                assert f"https://portal.example.no{url}" in links


class TestAPI:
    def get(self, client, url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        return response.json()

    def test_experiences_with_themes_municipality_and_target_groups(
        self, client, karmoy, throughput
    ):
        article = throughput["experience"]
        article.target_groups.set([TargetGroupFactory(name="Unge")])
        article.authors.set([PersonFactory(name="Kari Forfatter")])
        article.save()
        data = self.get(
            client,
            "/api/v2/pages/",
            type="learning.ExperienceArticlePage",
            fields="tags,municipality,target_groups,authors,date",
        )
        assert data["meta"]["total_count"] == 2
        by_title = {item["title"]: item for item in data["items"]}
        item = by_title["Flytting videre fra kommunal bolig"]
        assert item["tags"] == ["Gjennomstrømning"]
        assert item["municipality"]["id"] == karmoy.pk
        assert item["municipality"]["title"] == "Karmøy"
        assert item["target_groups"] == ["Unge"]
        assert item["authors"] == ["Kari Forfatter"]
        assert item["date"] == article.date.isoformat()
        assert item["meta"]["html_url"].endswith(article.url)

    def test_filter_by_type_and_municipality_field(self, client, throughput, karmoy):
        data = self.get(
            client,
            "/api/v2/pages/",
            type="learning.GoodPracticePage",
            fields="municipality",
        )
        assert [item["title"] for item in data["items"]] == ["Leie til eie"]
        data = self.get(client, "/api/v2/pages/", type="learning.PresentationPage")
        assert [item["title"] for item in data["items"]] == ["Gjennomstrømning i tall"]

    def test_drafts_are_not_in_the_api(self, client, throughput):
        draft = throughput["draft"]
        assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
        data = self.get(client, "/api/v2/pages/", type="learning.GoodPracticePage")
        assert draft.pk not in [item["id"] for item in data["items"]]

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_read_only(self, client, throughput, method):
        page = throughput["experience"]
        for url in ("/api/v2/pages/", f"/api/v2/pages/{page.pk}/"):
            response = getattr(client, method)(
                url, data={"title": "Endret"}, content_type="application/json"
            )
            assert response.status_code == 405
        page.refresh_from_db()
        assert page.title == "Flytting videre fra kommunal bolig"
