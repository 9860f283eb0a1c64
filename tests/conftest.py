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


# --- Hypothesis profiles -------------------------------------------------------------
# "ci" (the default) keeps the property-based tests to a few dozen examples each, the
# same ones every run, so both databases finish them in well under a minute. "dev"
# explores far more, with fresh examples each run: HYPOTHESIS_PROFILE=dev pytest …
# Neither keeps an example database on disk; a failure prints how to reproduce it.


def _register_hypothesis_profiles():
    import os

    from hypothesis import HealthCheck, settings

    common = {
        "deadline": None,
        "database": None,
        "print_blob": True,
        # The site is built once per module; the client and the test's transaction
        # are meant to be shared by a test's examples.
        "suppress_health_check": [
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    }
    settings.register_profile("ci", max_examples=30, derandomize=True, **common)
    settings.register_profile("dev", max_examples=500, **common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_register_hypothesis_profiles()
