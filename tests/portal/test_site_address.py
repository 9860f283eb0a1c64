"""The site's public address comes from configuration, not from the database's first guess."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from portal.site_root import configure_site, configured_address


@pytest.mark.parametrize(
    ("base_url", "address"),
    [
        ("https://portal.example.no", ("portal.example.no", 443)),
        ("https://portal.example.no:8443/", ("portal.example.no", 8443)),
        ("http://127.0.0.1:8123", ("127.0.0.1", 8123)),
        ("http://portal.example.no", ("portal.example.no", 80)),
        ("http://portal.example.no:99999999", ("portal.example.no", 80)),
    ],
)
def test_the_address_is_read_from_the_setting(settings, base_url, address):
    settings.PORTAL_BASE_URL = base_url
    assert configured_address() == address


def test_without_the_setting_the_admin_address_is_used(settings):
    settings.PORTAL_BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    assert configured_address() == ("127.0.0.1", 8123)


def test_migrate_points_the_site_and_its_links_at_the_address(home_page, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.no"
    call_command("migrate", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("portal.example.no", 443)
    home_page.refresh_from_db()
    assert home_page.get_full_url() == "https://portal.example.no/"


def test_an_unchanged_site_is_not_saved_again(
    home_page, settings, django_assert_num_queries
):
    settings.PORTAL_BASE_URL = "https://portal.example.no"
    configure_site()
    with django_assert_num_queries(1):
        configure_site()


def test_production_takes_the_address_from_the_allowed_host():
    from tests.portal.test_failsafe import run_python

    result = run_python(
        "-c",
        "from django.conf import settings; "
        "print(settings.PORTAL_BASE_URL, settings.WAGTAILADMIN_BASE_URL)",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-length-0123456789",
        ALLOWED_HOSTS="portal.example.no,www.portal.example.no",
        DATABASE_URL="sqlite:///:memory:",
        WAGTAILADMIN_BASE_URL="",  # `make test` exports the development address
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://portal.example.no",
        "https://portal.example.no",
    ]
