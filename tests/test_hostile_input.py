"""Hostile input that once reached the database or leaked through the API.

Each test names what a visitor sends and what they must get back: 400 or 404 with a
bokmål page (JSON from the API), never a server error, and never a page or document
that is not published to everyone.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.views.defaults import permission_denied
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from events.forms import RegistrationForm
from events.models import Registration
from tests.events.factories import (
    GatheringIndexPageFactory,
    GatheringPageFactory,
    RegistrationFactory,
)
from tests.factories import (
    ImageFactory,
    MunicipalityIndexPageFactory,
    MunicipalityPageFactory,
    PersonFactory,
)
from tests.learning.factories import (
    DocumentFactory,
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
    PresentationPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def karmoy(home_page):
    index = MunicipalityIndexPageFactory(parent=home_page)
    return MunicipalityPageFactory(parent=index, title="Karmøy", slug="karmoy")


@pytest.fixture
def gathering(home_page):
    index = GatheringIndexPageFactory(parent=home_page)
    return GatheringPageFactory(parent=index, title="Fagsamling om bostedsløse")


def page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


class TestParticipantToken:
    @pytest.mark.parametrize(
        "path",
        [
            "/pamelding/a%00b/",
            "/pamelding/a%00b/kalender.ics",
            "/pamelding/%00/",
            "/pamelding/a%01b/",
            "/pamelding/%C3%A6%C3%B8%C3%A5/",
        ],
    )
    def test_token_with_strange_characters_is_not_found(self, client, gathering, path):
        RegistrationFactory(gathering=gathering)
        response = client.get(path)
        assert response.status_code == 404
        assert "Vi fant ikke siden" in page_text(response)

    def test_cancel_with_nul_is_not_found_and_changes_nothing(self, client, gathering):
        registration = RegistrationFactory(gathering=gathering)
        response = client.post("/pamelding/a%00b/avmeld/")
        assert response.status_code == 404
        registration.refresh_from_db()
        assert registration.status == "confirmed"


class TestRegistrationForm:
    def data(self, **changes):
        data = {
            "name": "Kari Nordmann",
            "email": "kari@example.no",
            "municipality": "",
            "organisation": "NAV",
            "consent": "on",
            "website": "",
            "started": RegistrationForm().initial["started"],
        }
        data.update(changes)
        return data

    @pytest.mark.parametrize(
        "value",
        ["99999999999999999999", "-99999999999999999999", str(2**63), "1e400", "a\x00"],
    )
    def test_municipality_out_of_range_is_a_form_error(
        self, client, gathering, karmoy, value
    ):
        response = client.post(gathering.url, self.data(municipality=value))
        assert response.status_code == 400
        assert "Velg et gyldig valg" in page_text(response)
        assert Registration.objects.count() == 0

    def test_a_real_municipality_still_registers(self, client, gathering, karmoy):
        response = client.post(gathering.url, self.data(municipality=str(karmoy.pk)))
        assert response.status_code == 302
        assert Registration.objects.get().municipality == karmoy


class TestCsrfFailure:
    def test_own_page_in_bokmal(self, gathering):
        client = Client(enforce_csrf_checks=True)
        response = client.post(gathering.url, {"name": "Kari"})
        assert response.status_code == 403
        text = page_text(response)
        assert "Skjemaet kunne ikke sendes" in text
        assert "Boligsosialt velferdsprogram" in text
        assert b'lang="nb"' in response.content
        assert Registration.objects.count() == 0


class TestErrorPagesInBokmal:
    def test_a_form_with_too_many_fields_is_400_and_stores_nothing(
        self, client, gathering, settings
    ):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
        data = {f"felt{number}": "x" for number in range(60)}
        data.update(name="Kari", email="kari@example.no", consent="on")
        response = client.post(gathering.url, data)
        assert response.status_code == 400
        text = page_text(response)
        assert "Forespørselen kunne ikke behandles" in text
        assert "Ingenting er lagret" in text
        assert Registration.objects.count() == 0

    def test_a_refusal_is_403_in_bokmal(self, rf, home_page):
        # What Django answers for PermissionDenied raised by any view.
        response = permission_denied(rf.get("/"), PermissionDenied())
        assert response.status_code == 403
        assert "Du har ikke tilgang til denne siden" in response.content.decode()


class TestAPIBadParameters:
    @pytest.mark.parametrize(
        "params",
        [
            {"type": "learning.ExperienceArticlePage", "authors": "abc"},
            {"type": "learning.ExperienceArticlePage", "authors": "9" * 25},
            {"type": "learning.ExperienceArticlePage", "date": "2020-13-45"},
            {"type": "learning.ExperienceArticlePage", "date": "tomorrow"},
            {"type": "learning.ExperienceArticlePage", "municipality": "9" * 25},
            {"type": "learning.GoodPracticePage", "period_start": "9" * 25},
            {"type": "learning.GoodPracticePage", "adapted_from": "x"},
            {"first_published_at": "not a time"},
            {"first_published_at": "0001-01-01T00:00:00"},
            {"id": "9" * 25},
            {"search": "bolig", "search_operator": "xor"},
            {"search": "bo\x00lig"},
            {"search": " "},
            {"search": ""},
            {"offset": "9" * 25},
            {"offset": str(2**63)},
            {"child_of": "9" * 25},
            {"descendant_of": "9" * 25},
            {"ancestor_of": "9" * 25},
            {"translation_of": "9" * 25},
            {"title": "a\x00b"},
            {"locale": "nb\x00"},
        ],
    )
    def test_pages_listing_answers_400_with_a_message(self, client, karmoy, params):
        response = client.get("/api/v2/pages/", params)
        assert response.status_code == 400, response.content
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["message"]

    @pytest.mark.parametrize(
        "params",
        [
            {"html_path": "/kommuner/kar\x00moy/"},
            {"id": "abc"},
            {"id": "9" * 25},
        ],
    )
    def test_find_answers_400_with_a_message(self, client, karmoy, params):
        response = client.get("/api/v2/pages/find/", params)
        assert response.status_code == 400, response.content
        assert response.json()["message"]

    @pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
    def test_detail_beyond_64_bits_is_not_found(self, client, home_page, endpoint):
        response = client.get(f"/api/v2/{endpoint}/{'9' * 25}/")
        assert response.status_code == 404
        assert response.json()["message"]

    @pytest.mark.parametrize("endpoint", ["images", "documents"])
    @pytest.mark.parametrize(
        "params",
        [
            {"id": "abc"},
            {"id": "9" * 25},
            {"title": "a\x00"},
            {"offset": "9" * 25},
            {"search": "x", "search_operator": "nand"},
        ],
    )
    def test_media_listings_answer_400(self, client, home_page, endpoint, params):
        response = client.get(f"/api/v2/{endpoint}/", params)
        assert response.status_code == 400, response.content
        assert response.json()["message"]

    def test_valid_filters_still_work(self, client, karmoy):
        person = PersonFactory(name="Kari Forfatter")
        ExperienceArticlePageFactory(
            parent=karmoy, title="Boligkontor", authors=[person]
        )
        ExperienceArticlePageFactory(parent=karmoy, title="Leiemarked")
        response = client.get(
            "/api/v2/pages/",
            {
                "type": "learning.ExperienceArticlePage",
                "authors": str(person.pk),
                "date": "2015-06-01",
                "offset": "0",
            },
        )
        assert response.status_code == 200, response.content
        assert [item["title"] for item in response.json()["items"]] == ["Boligkontor"]
        response = client.get(
            "/api/v2/pages/", {"search": "leiemarked!", "search_operator": "or"}
        )
        assert response.status_code == 200, response.content
        assert [item["title"] for item in response.json()["items"]] == ["Leiemarked"]


class TestAPIDoesNotLeak:
    def test_adapted_from_an_unpublished_practice_is_hidden(self, client, karmoy):
        secret = GoodPracticePageFactory(parent=karmoy, title="Hemmelig utkast")
        secret.unpublish()
        public = GoodPracticePageFactory(
            parent=karmoy, title="Åpen", adapted_from=secret
        )
        response = client.get(
            "/api/v2/pages/",
            {"type": "learning.GoodPracticePage", "fields": "adapted_from"},
        )
        assert response.status_code == 200
        assert "Hemmelig utkast" not in response.content.decode()
        [item] = response.json()["items"]
        assert item["adapted_from"] is None
        detail = client.get(f"/api/v2/pages/{public.pk}/").json()
        assert detail["adapted_from"] is None

    def test_adapted_from_a_private_practice_is_hidden(self, client, karmoy):
        private = GoodPracticePageFactory(parent=karmoy, title="Bare for innloggede")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        GoodPracticePageFactory(parent=karmoy, title="Åpen", adapted_from=private)
        response = client.get(
            "/api/v2/pages/",
            {"type": "learning.GoodPracticePage", "fields": "adapted_from"},
        )
        assert "Bare for innloggede" not in response.content.decode()
        [item] = response.json()["items"]
        assert item["title"] == "Åpen"
        assert item["adapted_from"] is None

    def test_adapted_from_a_live_practice_is_shown(self, client, karmoy):
        source = GoodPracticePageFactory(parent=karmoy, title="Originalen")
        GoodPracticePageFactory(parent=karmoy, title="Kopien", adapted_from=source)
        response = client.get(
            "/api/v2/pages/",
            {
                "type": "learning.GoodPracticePage",
                "fields": "adapted_from",
                "title": "Kopien",
            },
        )
        [item] = response.json()["items"]
        assert item["adapted_from"]["title"] == "Originalen"

    def test_municipality_that_is_unpublished_is_hidden(self, client, karmoy):
        ExperienceArticlePageFactory(parent=karmoy, title="Artikkel")
        karmoy_title = karmoy.title
        # The article stays live; its municipality page is taken down.
        karmoy.live = False
        karmoy.save(update_fields=["live"])
        response = client.get(
            "/api/v2/pages/",
            {"type": "learning.ExperienceArticlePage", "fields": "municipality"},
        )
        assert response.status_code == 200
        assert karmoy_title not in response.content.decode()

    def test_documents_in_restricted_collections_are_not_listed(
        self, client, home_page
    ):
        root = Collection.get_first_root_node()
        closed = root.add_child(name="Lukket samling")
        inner = closed.add_child(name="Under den lukkede")
        CollectionViewRestriction.objects.create(
            collection=closed, restriction_type=CollectionViewRestriction.LOGIN
        )
        DocumentFactory(title="Offentlig rapport")
        hidden = DocumentFactory(title="Intern rapport", collection=closed)
        deeper = DocumentFactory(title="Dypere intern", collection=inner)
        ImageFactory(title="Offentlig bilde")
        hidden_image = ImageFactory(title="Internt bilde", collection=closed)

        listing = client.get("/api/v2/documents/", {"fields": "*"})
        assert [item["title"] for item in listing.json()["items"]] == [
            "Offentlig rapport"
        ]
        assert "Intern" not in listing.content.decode()
        assert hidden.file.name not in listing.content.decode()
        for document in (hidden, deeper):
            assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
        images = client.get("/api/v2/images/")
        assert [item["title"] for item in images.json()["items"]] == ["Offentlig bilde"]
        assert client.get(f"/api/v2/images/{hidden_image.pk}/").status_code == 404

    def test_restricted_documents_stay_out_for_a_signed_in_editor_too(
        self, client, karmoy, django_user_model
    ):
        """An answer may be cached for everyone: it never depends on who asked."""
        closed = Collection.get_first_root_node().add_child(name="Lukket")
        CollectionViewRestriction.objects.create(
            collection=closed, restriction_type=CollectionViewRestriction.LOGIN
        )
        hidden = DocumentFactory(title="Intern rapport", collection=closed)
        client.force_login(django_user_model.objects.create_superuser("redaktor"))
        listing = client.get("/api/v2/documents/")
        assert listing.json()["items"] == []
        assert client.get(f"/api/v2/documents/{hidden.pk}/").status_code == 404

    def test_presentation_slides_in_a_restricted_collection_are_hidden(
        self, client, karmoy
    ):
        closed = Collection.get_first_root_node().add_child(name="Lukket")
        CollectionViewRestriction.objects.create(
            collection=closed, restriction_type=CollectionViewRestriction.LOGIN
        )
        slides = DocumentFactory(title="Interne lysark", collection=closed)
        PresentationPageFactory(parent=karmoy, title="Foredraget", document=slides)
        response = client.get(
            "/api/v2/pages/",
            {"type": "learning.PresentationPage", "fields": "document"},
        )
        [item] = response.json()["items"]
        assert item["title"] == "Foredraget"
        assert item["document"] is None
        assert "Interne lysark" not in response.content.decode()


@pytest.mark.parametrize("value", [" ", "api", "xml", "\x00"])
def test_api_format_other_than_json_is_400_with_a_message(client, home_page, value):
    response = client.get("/api/v2/pages/", {"format": value})
    assert response.status_code == 400
    assert response.json()["message"]
