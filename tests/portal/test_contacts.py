"""Contact people on good practices and experience articles, and their e-mail addresses
kept out of every page a harvester can fetch: a reader asks for one with a form."""

import html
import json
import re
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import PersonFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
    municipality,
)
from tests.learning.reading import section_items

pytestmark = pytest.mark.django_db

EMAIL = "kari.nordmann@example.no"


@pytest.fixture
def karmoy(municipality_index):
    return municipality("karmoy", municipality_index)


@pytest.fixture
def kari(karmoy):
    return PersonFactory(
        name="Kari Nordmann",
        role="Boligkonsulent",
        organisation="Karmøy kommune",
        municipality=karmoy,
        email=EMAIL,
        phone="+47 52 85 75 00",
    )


@pytest.fixture
def practice(karmoy, kari):
    return GoodPracticePageFactory(
        parent=karmoy, title="Boveiledning i Karmøy", contact_person=kari
    )


@pytest.fixture
def article(karmoy, kari):
    return ExperienceArticlePageFactory(
        parent=karmoy, title="Det vi lærte om boveiledning", contact_person=kari
    )


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def contact_box(response):
    return soup(response).select_one("aside.contact-person")


def assert_no_address(content):
    """Neither the address nor its parts, also when written with character
    references (``&#64;``), percent-encoded or escaped in JSON (``\u0040``)."""
    text = content if isinstance(content, str) else content.decode()
    readings = {
        text,
        html.unescape(text),
        unquote(html.unescape(text)),
        text.encode().decode("unicode_escape", errors="ignore"),
    }
    local, domain = EMAIL.split("@")
    for reading in readings:
        for part in (EMAIL, local, domain, "mailto:"):
            assert part not in reading


def reveal(client, person, back="", **extra):
    return client.post(
        f"/personer/{person.slug}/e-post/", {"tilbake": back} if back else {}, **extra
    )


# --- The box on the pages --------------------------------------------------------------


@pytest.mark.parametrize("page_fixture", ["practice", "article"])
def test_both_page_types_show_the_contact_box(client, request, page_fixture, kari):
    page = request.getfixturevalue(page_fixture)
    response = client.get(page.url)
    assert response.status_code == 200
    box = contact_box(response)
    assert box.find("h2").get_text(strip=True) == "Kontaktperson"
    link = box.find("a", string="Kari Nordmann")
    assert link["href"] == "/personer/kari-nordmann/"
    text = box.get_text(" ", strip=True)
    assert "Boligkonsulent, Karmøy kommune" in text
    assert "Karmøy" in box.find("dt", string="Programkommune").find_next("dd").text
    phone = box.find("a", href=re.compile("^tel:"))
    assert (phone["href"], phone.get_text()) == ("tel:+4752857500", "+47 52 85 75 00")
    form = box.find("form")
    assert form["method"] == "post"
    assert form["action"] == "/personer/kari-nordmann/e-post/"
    # It changes nothing: no token, so the page stays in the page cache.
    assert not form.find("input", {"name": "csrfmiddlewaretoken"})
    assert form.find("input", {"name": "tilbake"})["value"] == page.url
    button = form.find("button", type="submit")
    # Its accessible name says whose address: visible text plus a hidden ending.
    assert button.get_text(strip=True) == "Vis e-postadressetil Kari Nordmann"
    assert button.find(class_="ds-sr-only").get_text() == " til Kari Nordmann"
    assert_no_address(response.content)


@pytest.mark.parametrize(
    "factory", [GoodPracticePageFactory, ExperienceArticlePageFactory]
)
def test_no_contact_no_box(client, karmoy, factory):
    page = factory(parent=karmoy, title="Uten kontakt")
    response = client.get(page.url)
    assert response.status_code == 200
    assert contact_box(response) is None
    assert "Kontaktperson" not in response.content.decode()


def test_a_contact_without_address_or_phone_has_no_form(client, karmoy):
    person = PersonFactory(name="Ola Uten Adresse", role="", organisation="")
    page = GoodPracticePageFactory(parent=karmoy, contact_person=person)
    box = contact_box(client.get(page.url))
    assert box.find("a", string="Ola Uten Adresse")
    assert box.find("form") is None and box.find("dl") is None


def test_the_box_follows_the_person_without_republishing(client, practice, kari):
    client.get(practice.url)
    kari.phone = "52 00 00 00"
    kari.save()  # as the admin saves a person: the kept box is renewed
    box = contact_box(client.get(practice.url))
    assert box.find("a", href="tel:52000000")


# --- The address is in no GET answer -------------------------------------------------


def test_the_address_is_in_no_public_get_answer(client, practice, article, kari):
    answers = {
        "practice": client.get(practice.url),
        "article": client.get(article.url),
        "person": client.get(kari.get_absolute_url()),
        "people": client.get("/personer/"),
        "practice api": client.get(f"/api/v2/pages/{practice.pk}/"),
        "article api": client.get(f"/api/v2/pages/{article.pk}/"),
        "api list": client.get(
            "/api/v2/pages/?type=learning.GoodPracticePage&fields=*"
        ),
        "search": client.get("/sok/", {"q": "boveiledning"}),
        "feed": client.get("/rss/"),
        "sitemap": client.get("/sitemap-personer.xml"),
        "nynorsk person": client.get(f"/nn{kari.get_absolute_url()}"),
    }
    for name, response in answers.items():
        assert response.status_code == 200, name
        assert_no_address(response.content)
    # They are the pages about her, not empty answers.
    api = json.loads(answers["practice api"].content)
    assert api["title"] == "Boveiledning i Karmøy"
    assert "contact_person" not in api
    assert "Boveiledning i Karmøy" in answers["feed"].content.decode()
    assert "Kari Nordmann" in answers["person"].content.decode()
    assert "Boveiledning i Karmøy" in answers["search"].content.decode()
    # The address is not searchable either (the search repeats its query, so the
    # answer is read for the pages found).
    by_address = client.get("/sok/", {"q": "example.no"})
    assert "Boveiledning i Karmøy" not in by_address.content.decode()
    assert "Kari Nordmann" not in by_address.content.decode()


def test_the_json_ld_does_not_name_the_address(client, practice):
    for script in soup(client.get(practice.url)).select(
        'script[type="application/ld+json"]'
    ):
        data = json.loads(script.string)
        assert data["headline"] == "Boveiledning i Karmøy"
        assert_no_address(json.dumps(data))


def test_a_get_to_the_form_address_shows_nothing(client, kari):
    response = client.get(f"/personer/{kari.slug}/e-post/")
    assert response.status_code == 405
    assert_no_address(response.content)


# --- Asking for it ----------------------------------------------------------------------


def test_the_button_shows_the_address_as_a_mailto_link(client, practice, kari):
    response = reveal(client, kari, back=practice.url)
    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text() == "E-postadressen til Kari Nordmann"
    link = page.find("a", href=f"mailto:{EMAIL}")
    assert link.get_text() == EMAIL
    assert page.find("a", string="Tilbake")["href"] == practice.url
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_the_form_works_from_the_page_as_a_browser_sends_it(practice, kari):
    """With the CSRF check on, as a browser sends it."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(practice.url)
    form = contact_box(page).find("form")
    fields = {
        field["name"]: field["value"] for field in form.find_all("input", type="hidden")
    }
    response = client.post(form["action"], fields)
    assert response.status_code == 200
    assert soup(response).find("a", href=f"mailto:{EMAIL}")


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http://testserver/",
        "javascript:alert(1)",
        "erfaringer/",
        "/ny\nlinje/",
        "",
    ],
)
def test_back_leads_only_to_a_path_on_the_site(client, kari, back):
    response = reveal(client, kari, back=back)
    assert response.status_code == 200
    assert (
        soup(response).find("a", string="Tilbake")["href"] == "/personer/kari-nordmann/"
    )


def test_back_keeps_the_query_of_a_path_on_the_site(client, kari):
    response = reveal(client, kari, back="/gode-eksempler/?tema=rus&side=2")
    back = soup(response).find("a", string="Tilbake")["href"]
    assert back == "/gode-eksempler/?tema=rus&side=2"


def test_unknown_person_or_one_without_address_is_404(client, home_page, kari):
    without = PersonFactory(name="Per Uten E-post", phone="52 00 00 00")
    assert reveal(client, without).status_code == 404
    assert client.post("/personer/finnes-ikke/e-post/").status_code == 404
    # Nor is the address asked for when there is none: the page shows no form.
    person_page = soup(client.get(without.get_absolute_url()))
    assert person_page.find("form", action=re.compile("e-post")) is None


def test_the_reveals_are_limited_per_client(client, settings, kari):
    settings.CONTACT_EMAIL_LIMIT_PER_CLIENT = (2, 600)
    assert reveal(client, kari).status_code == 200
    assert reveal(client, kari).status_code == 200
    refused = reveal(client, kari)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Prøv igjen om 10 minutter" in refused.content.decode()
    assert_no_address(refused.content)
    # Another client is not held back.
    other = reveal(client, kari, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_nynorsk_site_has_the_form_too(client, kari):
    response = client.post(f"/nn/personer/{kari.slug}/e-post/", {"tilbake": "/nn/"})
    assert response.status_code == 200
    assert soup(response).find("a", href=f"mailto:{EMAIL}")


# --- The person's page -----------------------------------------------------------------


def test_the_person_page_shows_phone_form_and_what_she_is_contact_for(
    client, karmoy, practice, article, kari
):
    GoodPracticePageFactory(
        parent=karmoy, title="Utkastet", contact_person=kari, live=False
    )
    private = ExperienceArticlePageFactory(
        parent=karmoy, title="Bak passord", contact_person=kari
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    ExperienceArticlePageFactory(parent=karmoy, title="Noen andres")
    response = client.get(kari.get_absolute_url())
    assert section_items(response, "Kontaktperson for gode eksempler") == [
        "Boveiledning i Karmøy"
    ]
    assert section_items(response, "Kontaktperson for erfaringer") == [
        "Det vi lærte om boveiledning"
    ]
    page = soup(response)
    assert page.find("a", href="tel:+4752857500").get_text() == "+47 52 85 75 00"
    form = page.find("form", action="/personer/kari-nordmann/e-post/")
    assert (
        form.find("input", {"name": "tilbake"})["value"] == "/personer/kari-nordmann/"
    )
    assert_no_address(response.content)


# --- The fields --------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["+47 52 85 75 00", "52857500", "800 12 345"])
def test_phone_numbers_that_pass(phone):
    PersonFactory.build(name="Kari", slug="kari", phone=phone).full_clean()


@pytest.mark.parametrize(
    "phone", ["52-85-75-00", "ring meg", "+", "47+52", "(+47) 52857500"]
)
def test_phone_numbers_that_do_not(phone):
    with pytest.raises(ValidationError) as error:
        PersonFactory.build(name="Kari", slug="kari", phone=phone).full_clean()
    assert error.value.message_dict["phone"] == [
        "Telefonnummeret kan bare ha sifre og mellomrom, og eventuelt + først, for "
        "eksempel «+47 22 96 16 00»."
    ]


def test_a_phone_number_is_at_most_twenty_characters():
    with pytest.raises(ValidationError) as error:
        PersonFactory.build(name="Kari", slug="kari", phone="1" * 21).full_clean()
    assert "phone" in error.value.message_dict


def test_an_address_must_be_an_address():
    with pytest.raises(ValidationError) as error:
        PersonFactory.build(name="Kari", slug="kari", email="kari@").full_clean()
    assert "email" in error.value.message_dict


def test_a_deleted_contact_leaves_the_article(article, kari):
    kari.delete()
    article.refresh_from_db()
    assert article.contact_person is None


def test_a_page_naming_a_contact_stays_in_the_page_cache(settings, practice, kari):
    """The form carries no token of the visitor's, so the page is kept for the next."""
    settings.PAGE_CACHE_SECONDS = 90
    first, second = Client().get(practice.url), Client().get(practice.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert (
        contact_box(second).find("form")["action"] == "/personer/kari-nordmann/e-post/"
    )
