"""The sitemap: an index of sections, each served in files of at most ``LIMIT`` URLs.

``/sitemap.xml`` is the index; each section is ``/sitemap-<section>.xml`` (``?p=2`` for
its second file). The sections are named where the root URLs are (``config.urls``), which
passes them to both views as ``{"name": Sitemap class}``.

Both are cached and their addresses are on the public address (``PORTAL_BASE_URL``):
Django's sitemaps would take the request's host and scheme.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.db.models import CharField, F, Max, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import ModelLogEntry, Page

from portal import content_version, public_pages, registry
from portal.models import MunicipalityPage, Person
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
            .filter(public_pages.public())
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


class LastmodSitemap(Sitemap):
    """A section read once (``read()``), whose items each say when they last changed.

    ``lastmod`` is an aware datetime or None; the section's is the newest of them.
    """

    limit = LIMIT

    def read(self):
        raise NotImplementedError

    @cached_property
    def _read_once(self):
        # Django's paginator asks for the items again on every use.
        return self.read()

    def items(self):
        return self._read_once

    def get_latest_lastmod(self):
        return newest(self.lastmod(item) for item in self.items())


def newest(moments):
    """The latest of the moments that are known, or None."""
    return max((moment for moment in moments if moment is not None), default=None)


def latest(queryset, field):
    """A subquery: ``field``'s latest value among ``queryset``'s rows."""
    return Subquery(queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1])


def live_outside(model, private):
    """A page model's live pages outside the private sections ``private`` (a Q
    of ``PageQuerySet.private_q()``, read once for a whole sitemap)."""
    return model.objects.live().exclude(private)


class PersonSitemap(LastmodSitemap):
    """The list of people (/personer/) and their pages (/personer/<slug>/).

    A person's page changes when the person is edited (the admin's log of the snippet:
    a person has no time stamp of its own) or a page naming them is published (a
    municipality's contacts and what the apps add to ``registry.person_mentions``).
    The list changes when someone on it is edited. One query, however many people.
    """

    def read(self):
        private = Page.objects.all().private_q()
        mentions = [(MunicipalityPage, "contacts__person"), *registry.person_mentions]
        people = (
            Person.objects.order_by("slug")
            .only("slug")
            .annotate(
                edited=latest(
                    ModelLogEntry.objects.filter(
                        content_type__app_label=Person._meta.app_label,
                        content_type__model=Person._meta.model_name,
                        object_id=Cast(OuterRef("pk"), CharField()),
                    ),
                    "timestamp",
                ),
                **{
                    f"named_{number}": latest(
                        live_outside(model, private).filter(**{lookup: OuterRef("pk")}),
                        "last_published_at",
                    )
                    for number, (model, lookup) in enumerate(mentions)
                },
            )
        )
        for person in people:
            person.lastmod = newest(
                [person.edited]
                + [getattr(person, f"named_{n}") for n in range(len(mentions))]
            )
        return [None, *people]

    def location(self, person):
        if person is None:
            return reverse("person_index")
        return reverse("person_detail", args=[person.slug])

    def lastmod(self, person):
        if person is None:
            return newest(someone.edited for someone in self.items()[1:])
        return person.lastmod


def _sitemap(request, sitemap_class):
    if issubclass(sitemap_class, WagtailSitemap):
        return sitemap_class(request)
    return sitemap_class()


@require_GET
@content_version.cache_response(24 * 3600)
def index(request, sections):
    """The index: each section's files, with the time its newest page was published."""
    entries, lastmods = [], []
    for name, sitemap_class in sections.items():
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
def section(request, section, sections):
    """One file of a section (``?p=2`` for the second), written without a template.

    Django's sitemap template looks up six things for each of thousands of URLs,
    which alone takes most of a second at a few thousand pages.
    """
    sitemap_class = sections.get(section)
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
