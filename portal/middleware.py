"""Middleware that keeps the portal safe when things around it fail.

- ``DatabaseUnavailableMiddleware``: a database that is down, refuses connections or
  cancels a statement that ran past its timeout gives the visitor a 503 page (in the
  written standard of the address) with ``Retry-After``, instead of a 500 page or a
  request that hangs.
- ``ContentSecurityPolicyMiddleware``: django-csp's middleware, with the admin's own
  policy (``ADMIN_CONTENT_SECURITY_POLICY``) for the Wagtail admin's addresses.
- ``SiteMiddleware``: the request's Wagtail Site, with its root page, the Sites' root
  paths and the site's settings, from the cache kept with the published content
  (``portal.sites``) instead of four queries per request.
- ``PermissionsPolicyMiddleware``: every response turns off the browser features the
  portal never uses, for itself and anything it frames.
- ``TextGZipMiddleware``: pages, feeds, calendars and JSON leave compressed when the
  browser accepts it, with Django's mitigation of BREACH; images and files do not.
- ``PageCreatedTwiceMiddleware``: a new page that its autosave creates while the editor
  publishes it leads the editor to the page, not to an error page.
"""

import contextlib
import logging
import sys

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.http.request import split_domain_port
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from wagtail.models import Page

from portal import sites
from portal.limits import minutes_text

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


def database_unavailable_response():
    """The 503 page. Rendered without the request, so no context processor (site
    settings, menus, the user) touches the database."""
    content = render_to_string(
        "503.html", {"retry_after_text": minutes_text(RETRY_AFTER_SECONDS)}
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # a cache in front must not keep the outage
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when a view or its template fails on the database.

    ``OperationalError`` covers a refused or timed-out connection and a statement that
    PostgreSQL cancelled (psycopg's ``QueryCanceled``, from ``statement_timeout``);
    ``InterfaceError`` a connection that was lost. The error is logged in full; the
    visitor sees none of it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable: %s %s answered 503",
            request.method,
            request.path,
            exc_info=exception,
        )
        return database_unavailable_response()


class PageCreatedTwiceMiddleware:
    """A new page saved twice at once – by the editor's autosave and by their own
    «Publiser» or «Send inn» – takes the editor to the page instead of an error page.

    Wagtail's create view checks the page's address in the form, then saves. When the
    autosave (half a second after a change) creates the draft in between, the second
    save fails on the draft's address. The draft holds what the editor wrote until
    moments before, so they are shown it, with a word on what happened, to publish or
    send it from there. The autosave's own requests (JSON) are left to Wagtail.
    """

    VIEW = "wagtailadmin_pages:add"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if (
            not isinstance(exception, ValidationError)
            or "slug" not in getattr(exception, "error_dict", {})
            or match is None
            or match.view_name != self.VIEW
            or "json" in request.headers.get("Accept", "")
        ):
            return None
        parent = Page.objects.filter(pk=match.kwargs["parent_page_id"]).first()
        draft = parent and (
            Page.objects.child_of(parent)
            .filter(slug=request.POST.get("slug", ""))
            .first()
        )
        if draft is None or not draft.permissions_for_user(request.user).can_edit():
            return None
        messages.warning(
            request,
            "Siden ble lagret automatisk som utkast i samme øyeblikk. Her er utkastet: "
            "se over innholdet, og publiser eller send det inn herfra.",
        )
        return redirect("wagtailadmin_pages:edit", draft.pk)


def server_error(request):
    """``handler500``: a database failure outside any view is still a 503.

    The middleware above sees only what views raise; a session saved by its middleware
    or a context processor that queries fails later, and Django then calls this.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))


def is_admin(request):
    return request.path_info.startswith(settings.ADMIN_URL_PREFIX)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; under ``ADMIN_URL_PREFIX`` the admin's own policy.

    A view's own ``@csp`` decorator still wins over both.
    """

    def process_response(self, request, response):
        if is_admin(request) and HEADER in response:
            # A page preview is the public page served through the whole middleware
            # chain for a made-up request to its public address, so it comes back with
            # the public policy, whose frame-ancestors 'none' would keep it out of the
            # admin's preview panel. The admin's policy replaces it.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin(request):
            parts.config = default_config(
                settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        return parts


class SiteMiddleware:
    """Find the request's Site in the Sites read once per content version
    (``portal.sites``), and hand Wagtail its root paths and the site's settings from
    the same read, as it would keep them on the request itself. The root page is in
    its specific form, so routing starts from it at once. A database that fails here
    is left for the view to meet (and answer 503).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request._get_raw_host())[0]
        root_paths = None
        with contextlib.suppress(DatabaseError):  # the view meets it again
            all_sites, root_paths = sites.all_sites()
            site = sites.find(all_sites, hostname, request.get_port())
            request._wagtail_site = site
            request._wagtail_cached_site_root_paths = root_paths
            site_settings = getattr(site, "sitesettings", None)
            if site_settings is not None:
                site_settings._request = request  # as Wagtail's, for page addresses
                setattr(request, site_settings.get_cache_attr_name(), site_settings)
        with sites.answering(root_paths):
            return self.get_response(request)


# Features neither the site nor the admin uses (no map, camera, payment or device
# access). Left alone: fullscreen, clipboard and autoplay, which the admin's preview
# and editors may use. Only names Chromium knows: an unknown one is a console error.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` to every response, kept pages and files too (it
    stands before the page cache and whitenoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# What compresses well: text of every kind the portal answers with.
COMPRESSED_TYPES = (
    "text/",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZip middleware for text only: an image or a PDF is compressed
    already, and would only cost the server time."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
