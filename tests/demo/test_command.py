"""The demo content command on a site that has none of it yet, or only some."""

import pytest

from portal.models import (
    MunicipalityIndexPage,
    MunicipalityPage,
    StandardPage,
)
from tests.demo.test_site import run_command, site_settings
from tests.factories import MunicipalityIndexPageFactory, MunicipalityPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each run writes three originals and their renditions; keep them out of tmp/."""
    settings.MEDIA_ROOT = tmp_path / "media"


def test_summary_counts_and_quiet_mode(home_page):
    first = run_command()
    assert first.startswith("Demo content: ")
    assert first.strip().endswith(", 0 already present")
    created = int(first.split()[2])
    assert created > 20
    second = run_command()
    assert second.strip() == f"Demo content: 0 created, {created} already present"
    assert run_command(verbosity=0) == ""


def test_existing_content_is_reused_and_left_alone(home_page):
    home_page.intro = "Redaksjonens egen ingress."
    home_page.save()
    index = MunicipalityIndexPageFactory(parent=home_page, slug="programkommuner")
    karmoy = MunicipalityPageFactory(
        parent=index, title="Karmøy", slug="karmoy", municipality_number="1149"
    )
    settings = site_settings()
    settings.contact_email = "redaksjonen@example.no"
    settings.save()

    run_command(verbosity=0)

    home_page.refresh_from_db()
    assert home_page.intro == "Redaksjonens egen ingress."
    assert home_page.latest_revision_id is None
    assert MunicipalityIndexPage.objects.get().pk == index.pk
    karmoy.refresh_from_db()
    assert karmoy.title == "Karmøy"
    assert not karmoy.contacts.exists()
    assert MunicipalityPage.objects.child_of(index).count() == 8
    settings.refresh_from_db()
    assert settings.contact_email == "redaksjonen@example.no"
    assert settings.privacy_page.slug == "personvern"
    # Links in the texts follow the index wherever it is.
    about = StandardPage.objects.get(slug="om-programmet")
    assert any(
        f'<a linktype="page" id="{index.pk}">' in str(block["value"])
        for block in about.body.raw_data
    )
