"""Whole pages for visitors without a session, kept in the shared cache.

A GET or HEAD from a visitor who sends no cookie but the CSRF cookie is answered from
the cache when the page is there (``X-Cache: hit``); otherwise the page is rendered and,
when it may be shared, kept for ``PAGE_CACHE_SECONDS`` (``X-Cache: miss``). A page may
be shared when it is a 200 that sets no cookie, did not use a CSRF token (a form would
carry someone else's token) and does not say ``private``, ``no-store`` or ``no-cache``
(the participant's pages, the health probe). The admin, documents, search and files are
never kept (``PAGE_CACHE_EXCLUDED_PATHS``). Kept pages tell shared caches in front
(a CDN, Varnish) to keep them as long, and browsers to ask again each time: a browser
cannot be purged.

Purging: every key holds the content version (``portal.content_version``), which
whatever can change what a page shows raises, at once and again after its transaction
commits. Every server then renders afresh at its next request; old entries are never
read again and expire.

Registrations change the seat counts that gathering listings show («12 ledige
plasser») without any publish. A page that shows seats is kept with the number of the
name ``content_version.SEATS`` as it was when it was built, and answered from the cache
only while that number stands; a registration raises the name (the events app), not the
content version, so the pages that show no seats stay as they are. The gathering page
itself carries the registration form, so it is never kept.

When the cache cannot be reached, pages are rendered as if there were no page cache.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from portal import content_version

logger = logging.getLogger(__name__)

# Directives by which a response says it is one person's or must not be kept.
NOT_SHARED = {"private", "no-store", "no-cache"}
# Request headers a kept page may vary on: no cookie but the CSRF cookie reaches the
# cache, and the site speaks one language.
SHARED_VARY = {"cookie", "accept-language"}


def create_database_cache_table(using="default", **kwargs):
    """Before ``migrate``: the table of the database cache, when that is the cache.

    Production without Redis keeps its cache in the database; Django does not make
    the table with the migrations, and without it no page could be served.
    """
    if any(
        config["BACKEND"].endswith("DatabaseCache")
        for config in settings.CACHES.values()
    ):
        call_command("createcachetable", database=using, verbosity=0)


def _may_use_cache(request):
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        return False
    return not request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))


def _header_values(response, name):
    return {
        value.strip().split("=")[0].lower()
        for value in response.get(name, "").split(",")
        if value.strip()
    }


def _may_be_shared(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not _header_values(response, "Cache-Control") & NOT_SHARED
        and _header_values(response, "Vary") <= SHARED_VARY
    )


def _address(request):
    return f"{request.scheme}://{request.get_host()}{request.get_full_path()}"


def _key(address, number):
    return f"pages:{number}:{hashlib.sha256(address.encode()).hexdigest()}"


def _kept(response):
    return (response.content, list(response.items()))


def _from_kept(kept):
    content, headers = kept
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Answers from the page cache, and keeps what may be shared (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _may_use_cache(request):
            return self.get_response(request)
        address = _address(request)
        try:
            version = content_version.current()
            if version is None:
                return self.get_response(request)
            key = _key(address, version)
            kept = cache.get(key)
        except Exception as error:  # noqa: BLE001 – any cache backend's failure
            logger.warning("Page cache skipped, the cache is unreachable: %s", error)
            return self.get_response(request)
        if kept is not None and content_version.still_shown(kept[0]):
            return _from_kept(kept[1])
        with content_version.building() as names:
            response = self.get_response(request)
        if not _may_be_shared(request, response):
            return response
        if "Cache-Control" not in response:
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        if request.method == "GET" and None not in names.values():
            try:
                cache.set(key, (names, _kept(response)), timeout=seconds)
            except Exception as error:  # noqa: BLE001 – any cache backend's failure
                logger.warning("Page not kept, the cache is unreachable: %s", error)
        response["X-Cache"] = "miss"
        return response
