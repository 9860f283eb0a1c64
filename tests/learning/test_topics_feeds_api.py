"""Knowledge seen from elsewhere: topics, municipalities, people, related content,
the RSS feeds and the read-only API (one theme across the types: test_topics_throughput.py)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
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
from tests.learning.reading import parse_feed, section_items, sections

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


class TestTopicPage:
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

    def test_takes_the_lists_addresses_from_the_menu(
        self, client, karmoy, experience_index, practice_index, presentation_index
    ):
        for index in (experience_index, practice_index, presentation_index):
            index.show_in_menus = True
            index.save_revision().publish()
        for _ in range(11):
            ExperienceArticlePageFactory(parent=karmoy, tags=["Bostøtte"])
        tag = Tag.objects.get(name="Bostøtte")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("topic", args=[tag.slug]))
        [(_heading, _items, more)] = sections(response)
        assert more == f"/erfaringer/?tema={tag.slug}"
        # Read with the menu, not on their own.
        assert not [q for q in queries if '"content_type_id" IN' in q["sql"]]

    def test_an_item_says_when_and_where(self, client, karmoy, experience_index):
        ExperienceArticlePageFactory(
            parent=karmoy, date=datetime.date(2015, 3, 1), tags=["Bostøtte"]
        )
        ExperienceArticlePageFactory(
            parent=experience_index, date=datetime.date(2016, 5, 2), tags=["Bostøtte"]
        )
        tag = Tag.objects.get(name="Bostøtte")
        response = client.get(reverse("topic", args=[tag.slug]))
        soup = BeautifulSoup(response.content, "html.parser")
        assert [p.get_text() for p in soup.select("main section li p.meta")] == [
            "2. mai 2016",
            f"1. mars 2015 · {karmoy.title}",
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


class TestFeeds:
    def test_published_through_the_admin_appears(self, client, karmoy):
        page = ExperienceArticlePageFactory(
            parent=karmoy, title="Ny erfaring", live=False, first_published_at=None
        )
        assert parse_feed(client.get(reverse("knowledge_feed")))[1] == []
        page.save_revision().publish()
        _, items = parse_feed(client.get(reverse("knowledge_feed")))
        assert [item["title"] for item in items] == ["Ny erfaring"]

    def test_empty_feed_is_valid(self, client, home_page):
        channel, items = parse_feed(client.get(reverse("knowledge_feed")))
        assert items == []
        assert channel.findtext("title")


class TestAPI:
    def get(self, client, url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        return response.json()

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
