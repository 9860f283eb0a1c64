"""Site search over one set of knowledge built once for the module
(``module_transaction``; each test reads it in a savepoint of its own): structured text,
narrowing by type and theme, Norwegian. The rest of the search: test_search.py."""

from types import SimpleNamespace

import pytest
from taggit.models import Tag
from wagtail.rich_text import RichText

from portal.site_root import ensure_home_page
from tests.factories import (
    MunicipalityIndexPageFactory,
    PersonFactory,
    TargetGroupFactory,
)
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
    PresentationIndexPageFactory,
    PresentationPageFactory,
    municipality,
)
from tests.learning.reading import SEARCH_URL, result_titles

# One process builds the set once (``--dist loadgroup``, Makefile).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("search_knowledge")]


def _knowledge(karmoy, bergen, presentation_index):
    return {
        "experience": ExperienceArticlePageFactory(
            parent=karmoy,
            title="Et nytt hjem",
            body=[
                (
                    "paragraph",
                    RichText(
                        "<p>Et boligsosialt arbeid der Brukerplan viste hvem som "
                        "trengte hjelp. Mange bostedsløse fikk et hjem.</p>"
                    ),
                )
            ],
            authors=[PersonFactory(name="Ingrid Skribent")],
            target_groups=[TargetGroupFactory(name="Barnefamilier")],
            tags=["Gjennomstrømning"],
        ),
        "practice": GoodPracticePageFactory(
            parent=bergen,
            title="Leie før eie",
            problem="<p>Familiene ble boende i kommunale utleieboliger.</p>",
            measures="<p>Leietakerne fikk startlån og veiledning.</p>",
            results="<p>Tretti familier eier nå sin egen bolig.</p>",
            tags=["Startlån", "Gjennomstrømning"],
        ),
        "presentation": PresentationPageFactory(
            parent=presentation_index,
            title="Tall fra kartleggingen",
            intro="Resultater fra Brukerplan i Karmøy.",
            speakers=[PersonFactory(name="Torstein Foredragsholder")],
            tags=["Kartlegging"],
        ),
        "draft": ExperienceArticlePageFactory(
            parent=karmoy,
            title="Utkast om Brukerplan",
            live=False,
        ),
    }


@pytest.fixture(scope="module")
def built(module_transaction):
    home = ensure_home_page()
    index = MunicipalityIndexPageFactory(parent=home)
    return SimpleNamespace(
        knowledge=_knowledge(
            municipality("karmoy", index),
            municipality("bergen", index),
            PresentationIndexPageFactory(parent=home),
        )
    )


@pytest.fixture
def knowledge(built, db):
    return built.knowledge


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Brukerplan", ["Et nytt hjem", "Tall fra kartleggingen"]),
        ("Skribent", ["Et nytt hjem"]),  # author
        ("Barnefamilier", ["Et nytt hjem"]),  # target group
        ("utleieboliger", ["Leie før eie"]),  # problem
        ("veiledning", ["Leie før eie"]),  # measures
        ("Tretti", ["Leie før eie"]),  # results
        ("Startlån", ["Leie før eie"]),  # theme and measures
        ("Gjennomstrømning", ["Et nytt hjem", "Leie før eie"]),  # theme
        ("Foredragsholder", ["Tall fra kartleggingen"]),  # speaker
        ("Kartlegging", ["Tall fra kartleggingen"]),  # title and theme
    ],
)
def test_knowledge_is_found_by_its_structured_text(client, knowledge, query, expected):
    assert result_titles(client, q=query) == expected


def test_results_say_what_type_they_are(client, knowledge):
    content = client.get(SEARCH_URL, {"q": "Brukerplan"}).content.decode()
    assert "Erfaringsartikkel" in content
    assert "Presentasjon" in content


@pytest.mark.parametrize(
    "search_type, expected",
    [
        ("erfaringer", ["Et nytt hjem"]),
        ("gode-eksempler", ["Leie før eie"]),
        ("presentasjoner", ["Tall fra kartleggingen"]),
        # An unknown type narrows nothing.
        ("finnes-ikke", ["Et nytt hjem", "Leie før eie", "Tall fra kartleggingen"]),
        ("", ["Et nytt hjem", "Leie før eie", "Tall fra kartleggingen"]),
    ],
)
def test_narrow_by_type(client, knowledge, search_type, expected):
    for key in ("experience", "practice", "presentation"):
        knowledge[key].intro = "Erfaringer fra Haugalandet."
        knowledge[key].save()
    assert result_titles(client, q="Haugalandet", type=search_type) == expected


def test_narrow_by_theme_across_types(client, knowledge):
    theme = Tag.objects.get(name="Gjennomstrømning").slug
    for page in knowledge.values():
        page.intro = "Om boligene i kommunen."
        page.save()
    assert result_titles(client, q="boligene", tema=theme) == [
        "Et nytt hjem",
        "Leie før eie",
    ]
    assert result_titles(client, q="boligene", tema=theme, type="gode-eksempler") == [
        "Leie før eie"
    ]
    assert result_titles(client, q="boligene", tema="finnes-ikke") == []
    assert result_titles(client, q="boligene", tema="\x00") == []


def test_form_offers_types_and_themes_and_keeps_the_choice(client, knowledge):
    theme = Tag.objects.get(name="Startlån").slug
    response = client.get(
        SEARCH_URL, {"q": "lån", "type": "gode-eksempler", "tema": theme}
    )
    content = response.content.decode()
    assert '<option value="gode-eksempler" selected>Gode eksempler</option>' in content
    assert '<option value="erfaringer">Erfaringer</option>' in content
    assert '<option value="presentasjoner">Presentasjoner</option>' in content
    assert f'<option value="{theme}" selected>Startlån</option>' in content
    assert "Kartlegging</option>" in content


def test_drafts_are_not_found(client, knowledge):
    assert "Utkast om Brukerplan" not in result_titles(client, q="Utkast")


class TestNorwegian:
    """Stemming and compound parts, the same on either database."""

    def test_bolig_finds_compounds_in_articles_and_practices(self, client, knowledge):
        assert result_titles(client, q="bolig") == ["Et nytt hjem", "Leie før eie"]
        assert result_titles(client, q="bolig", type="erfaringer") == ["Et nytt hjem"]

    def test_bostedslos_finds_bostedslose(self, client, knowledge):
        assert result_titles(client, q="bostedsløs") == ["Et nytt hjem"]

    def test_stemming_in_practice_fields(self, client, knowledge):
        # «familie» (singular) finds «Familiene» and «familier», and the target
        # group «Barnefamilier» by its last part.
        assert result_titles(client, q="familie") == ["Et nytt hjem", "Leie før eie"]

    def test_singular_finds_the_plural_compound(self, client, knowledge):
        assert result_titles(client, q="utleiebolig") == ["Leie før eie"]
