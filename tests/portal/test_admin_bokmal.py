"""The portal's own bokmål for Wagtail's admin (locale/nb), where Wagtail's is missing."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "english, bokmal",
    [
        ("Request changes", "Be om endringer"),
        ("Approve with comment", "Godkjenn med kommentar"),
        ("The page title as you'd like it to be seen by the public", "Tittel på siden"),
    ],
)
def test_the_catalogue_is_compiled_and_comes_first(english, bokmal):
    with translation.override("nb"):
        assert translation.gettext(english).startswith(bokmal)


def test_the_dashboard_speaks_norwegian(admin_client, home_page):
    content = admin_client.get("/admin/").content.decode()
    assert "Søk i alle sider …" in content
    assert "Search all pages" not in content
    assert " Pages <span" not in content


def test_a_slug_already_taken_says_what_to_do(admin_client, home_page):
    StandardPageFactory(parent=home_page, title="Om oss", slug="om-oss", live=False)
    response = admin_client.post(
        reverse(
            "wagtailadmin_pages:add", args=("portal", "standardpage", home_page.pk)
        ),
        nested_form_data(
            {
                "title": "Om oss",
                "slug": "om-oss",
                "intro": "",
                "body": streamfield([]),
                "action-publish": "action-publish",
            }
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Adressen «om-oss» er allerede i bruk under denne siden" in content
    assert "finn utkastet i sideoversikten og fortsett der" in content
    assert "Siden kunne ikke opprettes fordi noe i skjemaet er feil" in content
    assert "already in use" not in content
