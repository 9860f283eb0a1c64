"""The demo's knowledge pages and gatherings' slides: what readers find, that the data
files name only what the demo creates, and that it is built once."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.html import escape
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from demo import datafiles
from learning.models import (
    ExperienceArticlePage,
    ExperienceIndexPage,
    GoodPracticeFigure,
    GoodPracticeIndexPage,
    GoodPracticePage,
    PresentationIndexPage,
    PresentationPage,
)
from portal.models import MunicipalityPage
from portal.slugs import norwegian_slugify

SEED_PEOPLE = {
    "Sverre Høynes",
    "Vibeke Johannessen",
    "Cecilie Krohn",
    "Mabel Johansen",
    "Lars-Marius Ulfrstad",
}


def knowledge():
    """Every live experience article and good practice, specific."""
    return [
        *ExperienceArticlePage.objects.live().select_related("municipality"),
        *GoodPracticePage.objects.live().select_related("municipality"),
    ]


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "tags": Tag.objects.count(),
        "tagged": sum(
            model.tags.through.objects.count()
            for model in (ExperienceArticlePage, GoodPracticePage, PresentationPage)
        ),
        "figures": GoodPracticeFigure.objects.count(),
    }


GATHERING_DATE = datetime.date(2014, 3, 12)
THEMES = datafiles.read("vocabularies")["themes"]


def test_the_data_files_name_only_what_the_demo_creates():
    vocabularies = datafiles.read("vocabularies")
    target_groups = {entry["name"] for entry in vocabularies["target_groups"]}
    goals = {entry["name"] for entry in vocabularies["programme_goals"]}
    people = {person["name"] for person in datafiles.read("people")["people"]}
    assert people == SEED_PEOPLE
    slugs = {norwegian_slugify(name) for name in people}
    numbers = {
        spec["number"] for spec in datafiles.read("municipalities")["municipalities"]
    }
    practices = datafiles.read("good_practices")["practices"]
    articles = datafiles.read("experiences")["articles"]
    presentations = datafiles.read("presentations")["presentations"]
    keys = {spec["key"] for spec in practices}
    for spec in practices + articles + presentations:
        assert set(spec["themes"]) <= set(THEMES), spec["slug"]
        assert spec["municipality"] in numbers | {None}, spec["slug"]
    for spec in practices + articles:
        assert set(spec["target_groups"]) <= target_groups, spec["slug"]
    for spec in practices:
        assert set(spec["goals"]) <= goals, spec["slug"]
        assert spec["contact"] in slugs | {None}, spec["slug"]
    for spec in articles:
        assert set(spec["authors"]) <= slugs, spec["slug"]
        assert set(spec["related_practices"]) <= keys, spec["slug"]
    for spec in presentations:
        assert set(spec["speakers"]) <= slugs, spec["slug"]
        assert (datafiles.DOCUMENTS / spec["document"]["file"]).is_file()
    startup = datafiles.read("gatherings")["startup"]
    for item in startup["agenda"]:
        assert set(item["speakers"]) <= slugs, item["title"]
    assert {item.get("presentation") for item in startup["agenda"]} - {None} == {
        spec["slug"] for spec in presentations
    }


def test_many_experiences_and_practices_across_the_municipalities(demo_once):
    pages = knowledge()
    articles = [page for page in pages if isinstance(page, ExperienceArticlePage)]
    practices = [page for page in pages if isinstance(page, GoodPracticePage)]
    assert len(articles) >= 5 and len(practices) >= 5
    assert len(pages) >= 12
    numbers = {
        page.municipality.municipality_number for page in pages if page.municipality
    }
    assert len(numbers) >= 6
    assert {"1149", "1106", "1246"} <= numbers
    for page in pages:
        parent = page.get_parent().specific
        assert page.no_identifiable_persons, page.url_path
        assert page.intro and page.tags.exists(), page.url_path
        if isinstance(parent, MunicipalityPage):
            assert page.municipality == parent, page.url_path
    # Husbanken writes some of its own, below the index, for no single municipality.
    husbanken = ExperienceArticlePage.objects.child_of(
        ExperienceIndexPage.objects.get()
    )
    assert husbanken.exists()
    assert not husbanken.filter(municipality__isnull=False).exists()
    assert {page.date.year for page in pages} == {2014, 2015, 2016}


def test_good_practices_are_structured_with_figures(demo_once):
    for practice in GoodPracticePage.objects.live():
        for field in ("problem", "measures", "results", "resources", "transfer"):
            assert getattr(practice, field).startswith("<"), (practice.slug, field)
        assert practice.period_start and practice.status
        figures = list(practice.figures.all())
        assert 1 <= len(figures) <= 2, practice.slug
        for figure in figures:
            assert figure.unit and figure.before_year <= figure.after_year
            assert figure.before_value != figure.after_value
        assert practice.target_groups.exists() and practice.programme_goals.exists()


def test_only_people_of_the_report_are_named(demo_once):
    named = set()
    for article in ExperienceArticlePage.objects.all():
        named |= {person.name for person in article.authors.all()}
    for practice in GoodPracticePage.objects.filter(contact_person__isnull=False):
        named.add(practice.contact_person.name)
    for presentation in PresentationPage.objects.all():
        named |= {person.name for person in presentation.speakers.all()}
    assert named <= SEED_PEOPLE
    fjell = GoodPracticePage.objects.get(municipality__municipality_number="1246")
    assert fjell.contact_person.name == "Cecilie Krohn"


def test_themes_are_in_the_published_revision_with_ascii_addresses(demo_once):
    for model in (ExperienceArticlePage, GoodPracticePage, PresentationPage):
        for page in model.objects.live():
            live = {tag.name for tag in page.tags.all()}
            published = {tag.name for tag in page.live_revision.as_object().tags.all()}
            assert live and live == published, page.url_path
            assert page.live_revision_id == page.latest_revision_id
    themes = Tag.objects.filter(name__in=THEMES)
    assert {tag.name for tag in themes} == set(THEMES)
    assert all(re.fullmatch(r"[a-z0-9-]+", tag.slug) for tag in themes)
    assert Tag.objects.get(name="Bostedsløse").slug == "bostedslose"


def test_adoption_trail_shows_both_ways(client, demo_once):
    adaptations = GoodPracticePage.objects.live().filter(adapted_from__isnull=False)
    assert adaptations.exists()
    for adaptation in adaptations:
        original = adaptation.adapted_from
        assert adaptation.municipality != original.municipality
        html = html_of(client, adaptation.url)
        assert "Tilpasset fra" in html
        assert escape(original.title) in html
        assert original.municipality.title in html
        html = html_of(client, original.url)
        assert "Tatt i bruk av" in html
        assert escape(adaptation.title) in html
    haugesund = adaptations.get(municipality__municipality_number="1106")
    assert haugesund.adapted_from.municipality.municipality_number == "1149"


def test_articles_link_their_good_practices(client, demo_once):
    articles = ExperienceArticlePage.objects.live().filter(
        related_practices__isnull=False
    )
    assert articles.distinct().count() >= 3
    karmoy = ExperienceArticlePage.objects.get(
        slug="det-vi-laerte-av-a-leie-av-private"
    )
    html = html_of(client, karmoy.url)
    assert "Gode eksempler fra artikkelen" in html
    for practice in karmoy.related_practices.all():
        assert escape(practice.title) in html


@pytest.mark.parametrize(
    ("url", "index_model", "item_model"),
    [
        ("/erfaringer/", ExperienceIndexPage, ExperienceArticlePage),
        ("/gode-eksempler/", GoodPracticeIndexPage, GoodPracticePage),
        ("/presentasjoner/", PresentationIndexPage, PresentationPage),
    ],
)
def test_index_pages_are_in_the_menu_and_list_every_item(
    client, demo_once, url, index_model, item_model
):
    index = index_model.objects.get()
    assert index.live and index.show_in_menus and index.intro
    assert index.url == url
    html = html_of(client, url)
    items = item_model.objects.live()
    assert items.count() >= 4
    for item in items:
        assert escape(item.title) in html, item.title
    assert f'href="{url}"' in html_of(client, "/")


def test_year_facet_narrows_the_good_practices(client, demo_once):
    html = html_of(client, "/gode-eksempler/?ar=2016")
    for practice in GoodPracticePage.objects.live():
        shown = escape(practice.title) in html
        assert shown == (practice.date.year == 2016), practice.title


def test_presentations_from_the_start_up_gathering(client, demo_once):
    presentations = PresentationPage.objects.live()
    assert presentations.count() == 4
    assert {page.date for page in presentations} == {GATHERING_DATE}
    speakers = {person.name for page in presentations for person in page.speakers.all()}
    assert speakers == {
        "Sverre Høynes",
        "Vibeke Johannessen",
        "Cecilie Krohn",
        "Lars-Marius Ulfrstad",
    }
    krohn = presentations.get(speakers__name="Cecilie Krohn")
    assert krohn.municipality.municipality_number == "1246"
    johannessen = presentations.get(speakers__name="Vibeke Johannessen")
    assert {"Brukerplan", "Bostedsløse"} <= {tag.name for tag in johannessen.tags.all()}
    for page in presentations:
        assert page.intro and page.tags.exists()
        html = html_of(client, page.url)
        assert "Last ned lysarkene" in html
        assert page.document.file.name.endswith(".pdf")


def test_slides_download_as_valid_pdfs(client, demo_once):
    for page in PresentationPage.objects.live().select_related("document"):
        response = client.get(page.document.url)
        assert response.status_code == 200, page.document.url
        data = b"".join(response.streaming_content)
        assert len(data) == page.document.file_size
        assert_valid_pdf(data)
        # The slides keep their title (Fjell's in bokmål, though its page is nynorsk).
        title = page.document.title.removeprefix("Lysark: ")
        assert title.split()[0].encode("cp1252") in data


def assert_valid_pdf(data):
    """Header, trailer and a cross-reference table whose offsets hit their objects."""
    assert data.startswith(b"%PDF-1.4\n")
    assert data.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)\n", data).group(1))
    assert data[xref:].startswith(b"xref\n")
    size = int(re.search(rb"/Size (\d+)", data).group(1))
    entries = data[xref:].split(b"\n")[3 : 3 + size - 1]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry[:10])
        assert data[offset:].startswith(b"%d 0 obj" % number)
    length = int(re.search(rb"/Length (\d+) >>\nstream\n", data).group(1))
    start = data.index(b"stream\n") + len(b"stream\n")
    assert data[start + length :].startswith(b"\nendstream")
    assert b"/Type /Page " in data and b"/Helvetica" in data


def test_slides_are_the_demos_files_and_say_they_are_not_the_originals(
    client, demo_once
):
    files = {
        spec["document"]["title"]: spec["document"]["file"]
        for spec in datafiles.read("presentations")["presentations"]
    }
    for page in PresentationPage.objects.live().select_related("document"):
        data = b"".join(client.get(page.document.url).streaming_content)
        assert data == (datafiles.DOCUMENTS / files[page.document.title]).read_bytes()
        assert b"ikke de opprinnelige lysarkene" in data


def test_topic_page_gathers_every_kind(client, demo_once):
    tag = Tag.objects.get(name="Bostedsløse")
    html = html_of(client, f"/tema/{tag.slug}/")
    assert "<h1" in html and f">{tag.name}</h1>" in html
    for heading in ("Erfaringer", "Gode eksempler", "Presentasjoner"):
        assert f">{heading}</h2>" in html  # one section per kind
    for model in (ExperienceArticlePage, GoodPracticePage, PresentationPage):
        tagged = model.objects.live().filter(tags=tag)
        assert tagged.exists(), model
        for page in tagged:
            assert escape(page.title) in html


def test_search_finds_the_learning_content(client, demo_once):
    html = html_of(client, "/erfaringer/?q=Brukerplan")
    assert escape("Brukerplan gav oss tala vi mangla") in html
    assert escape("Unge i eigen bustad") not in html


def test_second_run_creates_nothing(demo_once):
    before = counts()
    live = list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id"))
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert out.getvalue().startswith("Demo content: 0 created, ")
    assert counts() == before
    assert (
        list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id"))
        == live
    )


def test_the_demo_editor_has_an_address_and_reviews(demo_once):
    from django.contrib.auth import get_user_model

    from learning import moderation

    editor = get_user_model().objects.get(username="husbanken-redaktor")
    assert editor.email == "redaktor@husbanken.example"
    assert not editor.has_usable_password()
    assert editor.groups.filter(name=moderation.HUSBANKEN_EDITORS).exists()
