"""Site search over knowledge: compounds in every field, changes made in the admin,
Norwegian, the search report (over one shared set of knowledge: test_search_knowledge.py)."""

import pytest
from django.urls import reverse
from taggit.models import Tag
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories import PersonFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
)
from tests.learning.reading import result_titles

pytestmark = pytest.mark.django_db

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
    # Pages take only themes that exist (learning.themes).
    for name in ["Husleiegaranti"]:
        Tag.objects.get_or_create(name=name)
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
