"""The Sites, read once per content version with what every page shows of them.

Wagtail reads a request's Site (one query), its root page in its specific form (one
more), the root paths of all Sites for the pages' addresses (one more) and the site's
settings for the header and footer (one more). Sites are few and change only when an
editor saves a site, a page or the settings, which raises the content version: one
query reads them all with their root pages (the front page with what it shows of its
relations, ``served_with``), locales and settings, and each request picks its own from
that list, by Wagtail's rules.

The root paths are also kept for the request (``request_root_paths``): a page asked
for its address where no request is at hand (a link in rich text) would otherwise
read them from the cache, one read a link.
"""

import contextlib
import contextvars

from django.apps import apps
from django.conf import settings
from wagtail.models import Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
    SiteRootPath,
)

from portal import content_version


def _read():
    home_page = apps.get_model("portal", "HomePage")
    # Unordered: each request's Site and the root paths are chosen in Python, and
    # Site's own ordering (case-folded names) is costly to build and to sort by.
    sites = list(
        Site.objects.order_by().select_related(
            "root_page__locale",
            "root_page__homepage",
            *(f"root_page__homepage__{name}" for name in home_page.served_with),
            "sitesettings__privacy_page",
            "sitesettings__accessibility_page",
        )
    )
    for site in sites:
        root = getattr(site.root_page, "homepage", None)
        if root is None:
            site.root_page = site.root_page.specific
        else:
            root.locale = site.root_page.locale
            site.root_page = root
    return sites, root_paths(sites)


# The Sites' root paths for the request being answered (SiteMiddleware).
_request_root_paths = contextvars.ContextVar("request_root_paths", default=None)


def all_sites():
    """([Site], [SiteRootPath]): every Site with its root page in its specific form
    and its settings (``site.sitesettings`` where saved), and Wagtail's root paths."""
    return content_version.cached(("sites",), _read, 24 * 3600)


def _match(site, hostname, port):
    if site.hostname == hostname:
        if site.port == port:
            return MATCH_HOSTNAME_PORT
        if site.is_default_site:
            return MATCH_HOSTNAME_DEFAULT
        return MATCH_HOSTNAME
    return MATCH_DEFAULT


def find(sites, hostname, port):
    """The Site for ``hostname`` and ``port``, or None: Wagtail's
    ``get_site_for_hostname`` over ``sites`` (the exact host and port, then the host
    that is also the default, then the only other site with the host, then the
    default)."""
    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site),
        key=lambda site: _match(site, hostname, port),
    )
    if not candidates:
        return None
    best = _match(candidates[0], hostname, port)
    if len(candidates) == 1 or best in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return candidates[0]
    if best == MATCH_DEFAULT:
        return candidates[len(candidates) == 2]
    return None


def root_paths(sites):
    """Wagtail's ``Site.get_site_root_paths()`` for ``sites``: the most specific root
    first, the default site before others with the same root, then by host."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return Site.get_site_root_paths()
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: site.is_default_site, reverse=True)
    ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
    return [
        SiteRootPath(
            site.id,
            site.root_page.url_path,
            site.root_url,
            site.root_page.locale.language_code,
        )
        for site in ordered
    ]


def request_root_paths():
    """The root paths read for the request being answered, or None outside one."""
    return _request_root_paths.get()


@contextlib.contextmanager
def answering(paths):
    """Keep ``paths`` as the request's root paths while the block runs."""
    token = _request_root_paths.set(paths)
    try:
        yield
    finally:
        _request_root_paths.reset(token)
