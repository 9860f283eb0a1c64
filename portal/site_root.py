"""The tree every page hangs from: locale, root page, HomePage and the default Site.

Migrations create them on a fresh database; this rebuilds them where something emptied
the tables (a test server's flush, a restored dump without pages).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

SITE_NAME = "Boligsosialt velferdsprogram"


@transaction.atomic
def ensure_home_page():
    """The HomePage at the root of the default Site, created if it is missing."""
    from portal.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node()
        if root is None:
            root = Page.add_root(
                instance=Page(title="Root", slug="root", locale=locale)
            )
        home = root.add_child(
            instance=HomePage(title=SITE_NAME, slug="hjem", locale=locale)
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = configured_address()
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


def configured_address():
    """The host name and port of ``PORTAL_BASE_URL`` (else ``WAGTAILADMIN_BASE_URL``)."""
    url = urlsplit(settings.PORTAL_BASE_URL or settings.WAGTAILADMIN_BASE_URL)
    try:
        port = url.port
    except ValueError:
        port = None
    return url.hostname or "localhost", port or (443 if url.scheme == "https" else 80)


def base_url():
    """The public address, without a trailing slash: ``PORTAL_BASE_URL`` (else
    ``WAGTAILADMIN_BASE_URL``). Links that leave the site (feeds, sitemaps, robots.txt)
    are built on it, never on the request's host or scheme: a response kept in the
    cache must not carry what one visitor wrote in ``Host`` or ``X-Forwarded-Proto``."""
    return (settings.PORTAL_BASE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(url):
    """``url`` on the public address; an address with its own host stays as it is."""
    if url.startswith(("http://", "https://")):
        return url
    return base_url() + "/" + url.lstrip("/")


def configure_site(**kwargs):
    """Point the default Site at the configured address (run after every migrate)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    hostname, port = configured_address()
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
