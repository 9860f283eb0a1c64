"""Knowledge seen from elsewhere: topics, municipalities, people, related content,
the RSS feeds and the read-only API."""

import datetime
import xml.etree.ElementTree as ET
import zoneinfo
from email.utils import parsedate_to_datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from tests.factories import (
    ImageFactory,
    PersonFactory,
    ProgrammeGoalFactory,
    TargetGroupFactory,
)
from tests.learning.factories import (
    DocumentFactory,
    ExperienceArticlePageFactory,
    GoodPracticeFigureFactory,
    GoodPracticePageFactory,
    PresentationPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ATOM_LINK = "{http://www.w3.org/2005/Atom}link"


def sections(response):
    """[(heading, [item titles], "see all" href or None)] of the registry sections."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = []
    for section in soup.select("main section.section"):
        heading = section.find("h2")
        more = section.find(
            "a", string=lambda text: text and text.startswith("Se alle")
        )
        found.append(
            (
                heading.get_text(strip=True),
                [h3.get_text(strip=True) for h3 in section.select("li h3")],
                more["href"] if more else None,
            )
        )
    return found


def section_items(response, heading):
    matches = [items for title, items, _ in sections(response) if title == heading]
    assert len(matches) == 1, f"no single section «{heading}» in {sections(response)}"
    return matches[0]


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def throughput(karmoy, bergen, experience_index, practice_index, presentation_index):
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

    def test_links_to_the_filtered_list_when_there_is_more(
        self, client, karmoy, experience_index
    ):
        for number in range(11):
            ExperienceArticlePageFactory(
                parent=karmoy,
                title=f"Bostøtte {number}",
                date=datetime.date(2015, 1, 1 + number),
                tags=["Bostøtte"],
            )
        tag = Tag.objects.get(name="Bostøtte")
        response = client.get(reverse("topic", args=[tag.slug]))
        [(heading, items, more)] = sections(response)
        assert heading == "Erfaringer"
        assert items == [f"Bostøtte {number}" for number in range(10, 0, -1)]
        assert more == f"/erfaringer/?tema={tag.slug}"
        followed = BeautifulSoup(client.get(more).content, "html.parser")
        assert "Bostøtte 0" in [
            h3.get_text(strip=True) for h3 in followed.select("li h3")
        ]

    def test_theme_without_published_content_is_calm(self, client, karmoy):
        ExperienceArticlePageFactory(parent=karmoy, tags=["Husleie"], live=False)
        tag = Tag.objects.get(name="Husleie")
        response = client.get(reverse("topic", args=[tag.slug]))
        assert response.status_code == 200
        assert sections(response) == []
        assert (
            "Ingenting er publisert med dette temaet ennå." in response.content.decode()
        )

    def test_unknown_theme_is_not_found(self, client, home_page):
        assert client.get("/tema/finnes-ikke/").status_code == 404
        assert client.get("/tema/finnes-ikke/rss/").status_code == 404

    def test_theme_whose_slug_keeps_norwegian_letters(self, client, karmoy):
        """When the ASCII slug is taken, taggit keeps «ø»; the address must still work."""
        Tag.objects.create(name="Boker", slug="boker")
        page = ExperienceArticlePageFactory(
            parent=karmoy, title="Lesestoff", tags=["Bøker"]
        )
        tag = page.tags.get()
        assert tag.slug != "boker"
        response = client.get(page.url)
        assert response.status_code == 200
        topic_url = reverse("topic", args=[tag.slug])
        assert f'href="{topic_url}"' in response.content.decode()
        assert section_items(client.get(topic_url), "Erfaringer") == ["Lesestoff"]
        assert client.get(reverse("topic_feed", args=[tag.slug])).status_code == 200


class TestMunicipalityAndPersonPages:
    def test_municipality_page_lists_its_own_knowledge(
        self, client, karmoy, bergen, presentation_index
    ):
        ExperienceArticlePageFactory(parent=karmoy, title="Karmøys erfaring")
        ExperienceArticlePageFactory(parent=bergen, title="Bergens erfaring")
        GoodPracticePageFactory(parent=karmoy, title="Karmøys eksempel")
        PresentationPageFactory(
            parent=presentation_index, title="Karmøy på samling", municipality=karmoy
        )
        PresentationPageFactory(parent=presentation_index, title="Uten kommune")
        ExperienceArticlePageFactory(parent=karmoy, title="Karmøys utkast", live=False)
        response = client.get(karmoy.url)
        assert section_items(response, "Erfaringer") == ["Karmøys erfaring"]
        assert section_items(response, "Gode eksempler") == ["Karmøys eksempel"]
        assert section_items(response, "Presentasjoner") == ["Karmøy på samling"]
        response = client.get(bergen.url)
        assert section_items(response, "Erfaringer") == ["Bergens erfaring"]
        assert "Gode eksempler" not in [heading for heading, *_ in sections(response)]

    def test_person_page_lists_articles_presentations_and_practices(
        self, client, karmoy, presentation_index
    ):
        person = PersonFactory(name="Kari Programkoordinator")
        ExperienceArticlePageFactory(
            parent=karmoy, title="Hennes artikkel", authors=[person]
        )
        ExperienceArticlePageFactory(parent=karmoy, title="Andres artikkel")
        PresentationPageFactory(
            parent=presentation_index, title="Hennes innlegg", speakers=[person]
        )
        GoodPracticePageFactory(
            parent=karmoy, title="Hennes tiltak", contact_person=person
        )
        response = client.get(person.get_absolute_url())
        assert response.status_code == 200
        assert section_items(response, "Artikler") == ["Hennes artikkel"]
        assert section_items(response, "Presentasjoner") == ["Hennes innlegg"]
        assert section_items(response, "Kontaktperson for gode eksempler") == [
            "Hennes tiltak"
        ]

    def test_home_page_shows_the_newest_from_the_municipalities(
        self, client, home_page, throughput
    ):
        response = client.get(home_page.url)
        assert section_items(response, "Nytt fra kommunene") == [
            "Leie til eie",
            "Flytting videre fra kommunal bolig",
            "Bostøtte for unge",
        ]


class TestRelatedContent:
    def test_same_themes_other_municipalities_first(self, client, karmoy, bergen, bodo):
        page = ExperienceArticlePageFactory(
            parent=karmoy, title="Artikkelen", tags=["Bostedsløse", "Rus"]
        )
        ExperienceArticlePageFactory(
            parent=karmoy, title="Også fra Karmøy", tags=["Bostedsløse", "Rus"]
        )
        GoodPracticePageFactory(parent=bergen, title="Bergen, ett tema", tags=["Rus"])
        GoodPracticePageFactory(
            parent=bodo, title="Bodø, to temaer", tags=["Rus", "Bostedsløse", "Bolig"]
        )
        ExperienceArticlePageFactory(
            parent=bergen, title="Uten felles tema", tags=["Bolig"]
        )
        ExperienceArticlePageFactory(
            parent=bergen, title="Utkast med tema", tags=["Rus"], live=False
        )
        response = client.get(page.url)
        assert section_items(response, "Relatert kunnskap") == [
            "Bodø, to temaer",
            "Bergen, ett tema",
            "Også fra Karmøy",
        ]

    def test_good_practice_gets_related_articles(self, client, karmoy, bergen):
        practice = GoodPracticePageFactory(
            parent=karmoy, title="Tiltaket", tags=["Rus"]
        )
        ExperienceArticlePageFactory(
            parent=bergen, title="Artikkel om rus", tags=["Rus"]
        )
        assert section_items(client.get(practice.url), "Relatert kunnskap") == [
            "Artikkel om rus"
        ]

    def test_no_themes_no_related_section(self, client, karmoy, bergen):
        page = ExperienceArticlePageFactory(parent=karmoy, title="Uten tema")
        ExperienceArticlePageFactory(parent=bergen, title="Med tema", tags=["Rus"])
        response = client.get(page.url)
        assert "Relatert kunnskap" not in response.content.decode()


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    items = []
    for item in channel.findall("item"):
        link = item.findtext("link")
        assert link.startswith("http://testserver/")
        items.append(
            {
                "title": item.findtext("title"),
                "link": link,
                "published": parsedate_to_datetime(item.findtext("pubDate")),
                "category": item.findtext("category"),
            }
        )
    return channel, items


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

    def test_published_through_the_admin_appears(self, client, karmoy):
        page = ExperienceArticlePageFactory(
            parent=karmoy, title="Ny erfaring", live=False, first_published_at=None
        )
        assert parse_feed(client.get(reverse("knowledge_feed")))[1] == []
        page.save_revision().publish()
        _, items = parse_feed(client.get(reverse("knowledge_feed")))
        assert [item["title"] for item in items] == ["Ny erfaring"]

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

    def test_empty_feed_is_valid(self, client, home_page):
        channel, items = parse_feed(client.get(reverse("knowledge_feed")))
        assert items == []
        assert channel.findtext("title")


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

    def test_good_practice_detail_has_its_structure(self, client, karmoy):
        practice = GoodPracticePageFactory(
            parent=karmoy,
            title="Boligkontoret",
            tags=["Gjennomstrømning"],
            target_groups=[TargetGroupFactory(name="Bostedsløse")],
            programme_goals=[
                ProgrammeGoalFactory(name="Alle skal ha et godt sted å bo")
            ],
            period_start=2014,
        )
        GoodPracticeFigureFactory(page=practice, before_value=40, after_value=12)
        data = self.get(client, f"/api/v2/pages/{practice.pk}/")
        assert data["meta"]["type"] == "learning.GoodPracticePage"
        assert data["tags"] == ["Gjennomstrømning"]
        assert data["municipality"]["id"] == karmoy.pk
        assert data["target_groups"] == ["Bostedsløse"]
        assert data["programme_goals"] == ["Alle skal ha et godt sted å bo"]
        assert "ventet for lenge" in data["problem"]
        assert data["period_start"] == 2014
        assert data["status"] == "ongoing"
        [figure] = data["figures"]
        assert figure["indicator"] == "Husstander i midlertidig bolig over tre måneder"
        assert float(figure["before_value"]) == 40
        assert float(figure["after_value"]) == 12
        # The confirmation is an editorial matter, not published data.
        assert "no_identifiable_persons" not in data

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

    def test_images_and_documents(self, client, home_page):
        image = ImageFactory(title="Bilde av boligene")
        document = DocumentFactory(title="Årsrapport")
        images = self.get(client, "/api/v2/images/")
        assert [item["title"] for item in images["items"]] == ["Bilde av boligene"]
        assert self.get(client, f"/api/v2/images/{image.pk}/")["id"] == image.pk
        documents = self.get(client, "/api/v2/documents/")
        assert [item["title"] for item in documents["items"]] == ["Årsrapport"]
        detail = self.get(client, f"/api/v2/documents/{document.pk}/")
        assert detail["meta"]["download_url"].endswith(document.url)

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
