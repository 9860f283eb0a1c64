"""The sitemap: an index of sections, each served in files of at most ``LIMIT`` URLs.

``/sitemap.xml`` is the index; each section is ``/sitemap-<section>.xml`` (``?p=2`` for
its second file). Apps above ``portal`` add sections through ``registry.sitemaps``.

Both are cached and their addresses are on the public address (``PORTAL_BASE_URL``):
Django's sitemaps would take the request's host and scheme.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from portal import content_version, registry
from portal.models import Person
from portal.site_root import absolute_url, base_url

# Search engines accept 50,000 URLs a file; a few thousand keep each response small.
LIMIT = 2000


class PageSitemap(WagtailSitemap):
    """Every live, public page in tree order.

    Only each page's address and time of publishing are read: an address is the site's
    root URL and the page's ``url_path`` below the root. Building full pages (or even
    base pages) for thousands of URLs would make the sitemap the slowest page there is.
    """

    limit = LIMIT

    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .values_list("url_path", "last_published_at", "latest_revision_created_at")
        )

    def _urls(self, page, protocol, domain):
        site = self.get_wagtail_site()
        root_url = site.root_url.rstrip("/")
        root_path = site.root_page.url_path
        urls = [
            {
                "item": url_path,
                "location": root_url + "/" + url_path[len(root_path) :],
                "lastmod": published or revised,
            }
            for url_path, published, revised in self.paginator.page(page).object_list
        ]
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


class PersonSitemap(Sitemap):
    """The list of people (/personer/) and their pages (/personer/<slug>/)."""

    limit = LIMIT

    def items(self):
        return [None, *Person.objects.order_by("slug").only("slug")]

    def location(self, person):
        if person is None:
            return reverse("person_index")
        return reverse("person_detail", args=[person.slug])


def sections():
    return {"sider": PageSitemap, "personer": PersonSitemap, **registry.sitemaps}


def _sitemap(request, sitemap_class):
    if issubclass(sitemap_class, WagtailSitemap):
        return sitemap_class(request)
    return sitemap_class()


@require_GET
@content_version.cache_response(24 * 3600)
def index(request):
    """The index: each section's files, with the time its newest page was published."""
    entries, lastmods = [], []
    for name, sitemap_class in sections().items():
        sitemap = _sitemap(request, sitemap_class)
        location = absolute_url(reverse("sitemap_section", args=[name]))
        lastmod = sitemap.get_latest_lastmod()
        lastmods.append(lastmod)
        for page in range(1, sitemap.paginator.num_pages + 1):
            entries.append(
                f"<sitemap><loc>{escape(location)}"
                + (f"?p={page}" if page > 1 else "")
                + "</loc>"
                + (f"<lastmod>{format_date(lastmod, 'c')}</lastmod>" if lastmod else "")
                + "</sitemap>\n"
            )
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(entries)}</sitemapindex>\n",
        content_type="application/xml",
    )
    if lastmods and None not in lastmods:
        response["Last-Modified"] = http_date(max(lastmods).timestamp())
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_GET
@content_version.cache_response(24 * 3600)
def section(request, section):
    """One file of a section (``?p=2`` for the second), written without a template.

    Django's sitemap template looks up six things for each of thousands of URLs,
    which alone takes most of a second at a few thousand pages.
    """
    sitemap_class = sections().get(section)
    if sitemap_class is None:
        raise Http404("Ukjent del av nettstedskartet.")
    sitemap = _sitemap(request, sitemap_class)
    address = urlsplit(base_url())
    try:
        urls = sitemap.get_urls(
            page=int(request.GET.get("p", "1")),
            site=SimpleNamespace(domain=address.netloc, name=address.netloc),
            protocol=address.scheme,
        )
    except (ValueError, EmptyPage):
        raise Http404("Ingen slik side i nettstedskartet.") from None
    entries = "".join(
        f"<url><loc>{escape(url['location'])}</loc>"
        + (
            f"<lastmod>{url['lastmod']:%Y-%m-%d}</lastmod>"
            if url.get("lastmod")
            else ""
        )
        + "</url>\n"
        for url in urls
    )
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n",
        content_type="application/xml",
    )
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
