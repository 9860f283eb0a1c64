"""Site search over knowledge: structured text, narrowing by type and theme, Norwegian."""

import pytest
from django.urls import reverse
from taggit.models import Tag
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories import PersonFactory, TargetGroupFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
    PresentationPageFactory,
)

pytestmark = pytest.mark.django_db

SEARCH_URL = "/sok/"


def result_titles(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    if response.context["results_page"] is None:
        return []
    return sorted(page.title for page in response.context["results_page"].object_list)


@pytest.fixture
def knowledge(karmoy, bergen, presentation_index):
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


PRACTICE_TEXT_FIELDS = ["problem", "measures", "results", "resources", "transfer"]


@pytest.mark.parametrize("field", PRACTICE_TEXT_FIELDS)
def test_compound_in_any_practice_field_is_found_by_its_part(client, karmoy, field):
    GoodPracticePageFactory(
        parent=karmoy,
        title="Et godt eksempel",
        **{field: "<p>Et boligsosialt samarbeid med Husbanken.</p>"},
    )
    assert result_titles(client, q="bolig") == ["Et godt eksempel"]


def test_compound_in_experience_body_is_found_by_its_part(client, karmoy):
    ExperienceArticlePageFactory(
        parent=karmoy,
        title="Et løft",
        body=[("paragraph", RichText("<p>Et boligsosialt løft.</p>"))],
    )
    assert result_titles(client, q="bolig") == ["Et løft"]


def test_themes_and_authors_changed_in_the_admin_are_found_at_once(
    admin_client, karmoy
):
    page = ExperienceArticlePageFactory(parent=karmoy, title="Artikkelen")
    author = PersonFactory(name="Zacharias Nyskribent")
    data = nested_form_data(
        {
            "title": "Artikkelen",
            "slug": page.slug,
            "body": streamfield([]),
            "date": "2016-01-01",
            "tags": "Husleiegaranti",
            "no_identifiable_persons": "on",
            "action-publish": "action-publish",
        }
    )
    data["authors"] = [author.pk]
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data
    )
    assert response.status_code == 302
    assert result_titles(admin_client, q="Husleiegaranti") == ["Artikkelen"]
    assert result_titles(admin_client, q="Nyskribent") == ["Artikkelen"]


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

    @pytest.mark.parametrize("field", PRACTICE_TEXT_FIELDS)
    def test_bolig_finds_utleieboliger_in_any_practice_field(
        self, client, karmoy, field
    ):
        GoodPracticePageFactory(
            parent=karmoy,
            title="Et godt eksempel",
            **{field: "<p>Tilskudd til utleieboliger fra Husbanken.</p>"},
        )
        assert result_titles(client, q="bolig") == ["Et godt eksempel"]


class TestSearchReportAccess:
    """Husbanken's editors see what people search for; municipal contributors do not."""

    @pytest.fixture
    def users(self, karmoy):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from learning import moderation, signals

        signals.set_up_moderation(sender=None)

        def member_of(group_name, username):
            user = get_user_model().objects.create_user(username=username)
            user.groups.add(Group.objects.get(name=group_name))
            return user

        return {
            "editor": member_of(moderation.HUSBANKEN_EDITORS, "redaktor"),
            "contributor": member_of(
                moderation.municipality_group_name(karmoy), "bidragsyter"
            ),
        }

    def test_editor_sees_the_report_and_can_pin_pages(self, client, users):
        client.force_login(users["editor"])
        response = client.get("/admin/sok/")
        assert response.status_code == 200
        assert "Søk uten treff" in response.content.decode()
        assert "/admin/sok/" in client.get("/admin/").content.decode()  # the menu
        assert users["editor"].has_perm("wagtailsearchpromotions.add_searchpromotion")

    def test_contributor_is_refused(self, client, users):
        client.force_login(users["contributor"])
        response = client.get("/admin/sok/")
        assert (response.status_code, response.url) == (302, "/admin/")
        assert "/admin/sok/" not in client.get("/admin/").content.decode()
