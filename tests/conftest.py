import pytest
from django.core.management import call_command

from portal.site_root import ensure_home_page
from tests.factories import MunicipalityIndexPageFactory


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
