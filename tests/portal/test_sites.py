"""The Sites read once for every request pick the Site and root paths Wagtail would."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from portal import sites
from portal.models import SiteSettings
from tests.factories import ImageFactory, StandardPageFactory


def wagtails_site(hostname, port):
    try:
        return get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        return None


@pytest.mark.parametrize("default", [True, False])
def test_each_host_and_port_finds_wagtails_site(home_page, default):
    other_root = StandardPageFactory(parent=home_page)
    Site.objects.update(is_default_site=default)
    Site.objects.create(hostname="kommune.example", port=80, root_page=other_root)
    Site.objects.create(hostname="kommune.example", port=8080, root_page=home_page)
    Site.objects.create(hostname="ny.example", port=443, root_page=other_root)
    all_sites, _ = sites.all_sites()
    hosts = ("localhost", "kommune.example", "ny.example", "ukjent.example")
    for hostname, port in itertools.product(hosts, (80, 443, 8080, 9000)):
        found = sites.find(all_sites, hostname, port)
        assert (found and found.pk) == wagtails_site(hostname, port), (hostname, port)


def test_root_paths_are_wagtails(home_page):
    other_root = StandardPageFactory(parent=home_page)
    Site.objects.create(hostname="kommune.example", port=80, root_page=other_root)
    Site.objects.create(hostname="annen.example", port=80, root_page=other_root)
    Site.clear_site_root_paths_cache()
    assert sites.all_sites()[1] == Site.get_site_root_paths()


def test_one_query_reads_the_sites_with_root_pages_and_settings(home_page):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"organisation_name": "Husbanken"},
    )
    with CaptureQueriesContext(connection) as queries:
        all_sites, _ = sites._read()
        site = all_sites[0]
        assert site.root_page.specific_class is type(site.root_page)
        assert site.root_page.locale.language_code == "nb"
        assert site.sitesettings.organisation_name == "Husbanken"
    assert len(queries) == 1


def test_a_kept_front_page_with_a_photo_reads_nothing_again(
    client, home_page, django_assert_num_queries
):
    """The front page comes with its Site, its photo with it (``served_with``)."""
    home_page.hero_image = ImageFactory()
    home_page.save_revision().publish()
    assert client.get("/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_a_served_page_joins_only_what_it_shows(client, home_page):
    """A page type without ``served_with`` is read alone: ``select_related()``
    without names would join every relation of every page served."""
    page = StandardPageFactory(parent=home_page)
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    (served,) = [q["sql"] for q in queries if '"portal_standardpage"' in q["sql"]]
    assert " JOIN " not in served.replace('JOIN "wagtailcore_page"', "")
