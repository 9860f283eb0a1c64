import pytest
from django.core.management import call_command

from portal.site_root import ensure_home_page
from tests.factories import MunicipalityIndexPageFactory


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Uploaded and generated images go to a temporary folder, not the project."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    return settings.MEDIA_ROOT


@pytest.fixture
def home_page(db):
    """The site's HomePage (rebuilt if a live server's flush removed it)."""
    return ensure_home_page()


@pytest.fixture
def municipality_index(home_page):
    return MunicipalityIndexPageFactory(parent=home_page)


@pytest.fixture
def demo_content(db):
    """The demo site, as `make run` builds it."""
    call_command("load_demo_content", verbosity=0)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` run only when the suite runs on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)
