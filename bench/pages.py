"""In-process timings of every kind of public address, under the production settings.

Run by ``bench.run`` as ``python -m bench.pages REPEAT`` with the production
environment (DEBUG off, cached template loaders, the anonymous page cache off); prints
its figures as JSON. Each address gets warm-up requests, one request whose database
queries are counted, then REPEAT timed requests through Django's test client: the whole
middleware stack and view, without a network or a WSGI server. Besides the time on the
clock, the CPU time per request of this process and of its PostgreSQL backend is kept.

The API keeps its answers under the content version, so its addresses vary a number
(``{n}``: an offset, or Wagtail's cache-busting ``_``) to miss that cache on every
request, as a client walking through the pages does; its per-client limit is lifted,
since the time to answer is measured here, not the refusal.
"""

import json
import math
import os
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from urllib.parse import urlencode, urlsplit

from bench.common import HOST, django_setup, search_hits, summary_ms
from bench.cpu import process_seconds

os.environ["API_LIMIT_PER_CLIENT"] = "1000000/60"
django_setup()

from config.wsgi import settle  # noqa: E402

# This process serves as a worker does: forked from a master that loaded Django and
# froze it (config.gunicorn).
settle()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.models import Page  # noqa: E402

from events import listing as gathering_listing  # noqa: E402
from events.models import (  # noqa: E402
    GatheringIndexPage,
    GatheringPage,
    GatheringReportPage,
    Registration,
)
from learning.listing import PER_PAGE  # noqa: E402
from learning.models import (  # noqa: E402
    ExperienceArticlePage,
    ExperienceIndexPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    PresentationIndexPage,
    PresentationPage,
)
from portal.models import (  # noqa: E402
    HomePage,
    MunicipalityIndexPage,
    MunicipalityPage,
    Person,
    StandardPage,
)

WARM_UP = 3
NO_HIT_WORD = "sjiraffunge"


@dataclass
class Address:
    """One address to time; ``kind`` chooses its targets (floor, home, list, page,
    detail, search, api)."""

    name: str
    url: str
    kind: str = "page"
    note: str = ""
    # Where ``{n}`` in the address starts: each request has its own number.
    first: int | None = None

    def url_for(self, number):
        return (
            self.url if self.first is None else self.url.format(n=self.first + number)
        )


def _first(model):
    """The first live page of a type in tree order: a demo page, the same at every N."""
    return model.objects.live().public().order_by("path").first()


def _path(page):
    return urlsplit(page.get_url()).path


def _value(page, facet):
    """The page's own value for a facet (its first, when it has several), or None."""
    values = (
        type(page)
        .objects.filter(pk=page.pk)
        .values_list(facet.lookup, flat=True)
        .order_by(facet.lookup)
    )
    return next((value for value in values if value not in (None, "")), None)


def _two_facets(page, facets):
    """A filter by two facets that has results at every size: the values of a page
    of the demo content, for the first two facets it has values for."""
    chosen = {}
    for facet in facets:
        value = _value(page, facet)
        if value is not None:
            chosen[facet.param] = value
        if len(chosen) == 2:
            return urlencode(chosen)
    raise ValueError(f"{page} has no values for two of its list's facets")


def _list_addresses(label, index, model, paginated, facets):
    """First page, last page and a two-facet filter of one list."""
    url = _path(index)
    last = max(1, math.ceil(paginated.count() / PER_PAGE))
    filters = _two_facets(_first(model), facets)
    return [
        Address(f"{label}, first page", url, "list"),
        Address(f"{label}, last page", f"{url}?side={last}", "list", f"page {last}"),
        Address(f"{label}, two facets", f"{url}?{filters}", "list", filters),
    ]


def _lists():
    addresses = []
    for index_model, label in (
        (ExperienceIndexPage, "experiences"),
        (GoodPracticeIndexPage, "good practices"),
        (PresentationIndexPage, "presentations"),
    ):
        index = _first(index_model)
        model = index.listing_model
        items = model.objects.live().public()
        addresses += _list_addresses(label, index, model, items, index.facets)
    index = _first(GatheringIndexPage)
    past = GatheringPage.objects.live().public().descendant_of(index).past()
    addresses += _list_addresses(
        "gatherings", index, GatheringPage, past, gathering_listing.FACETS
    )
    addresses.append(
        Address("municipalities", _path(_first(MunicipalityIndexPage)), "list")
    )
    return addresses


def _busiest_theme():
    counts = Counter()
    for model in (ExperienceArticlePage, GoodPracticePage, PresentationPage):
        through = model.tags.through.objects.values_list("tag_id")
        counts.update(dict(through.annotate(count=Count("pk")).order_by()))
    return Tag.objects.get(pk=counts.most_common(1)[0][0])


def _details():
    addresses = [
        Address(label, _path(_first(model)), "detail")
        for model, label in (
            (ExperienceArticlePage, "experience article"),
            (GoodPracticePage, "good practice"),
            (PresentationPage, "presentation"),
            (GatheringPage, "gathering"),
            (GatheringReportPage, "gathering report"),
            (MunicipalityPage, "municipality"),
            (StandardPage, "standard page"),
        )
    ]
    busiest = MunicipalityPage.objects.live().order_by("-numchild", "path").first()
    person = Person.objects.order_by("pk").first()
    addresses += [
        Address(
            "municipality, most pages",
            _path(busiest),
            "detail",
            f"{busiest.numchild} pages below it",
        ),
        Address("person", person.get_absolute_url(), "detail"),
    ]
    return addresses


def _api(home, article, repeat):
    """The pages API, never from its cache: a list of one type, the same below the
    home page far into it (the last ``repeat`` offsets), a search and one detail."""
    experience = "type=learning.ExperienceArticlePage"
    below = ExperienceArticlePage.objects.live().public().descendant_of(home).count()
    deep = max(0, below - 20 - repeat - WARM_UP - 1)
    return [
        Address(
            "API, experience list",
            f"/api/v2/pages/?{experience}&offset={{n}}",
            "api",
            first=0,
        ),
        Address(
            "API, experiences below home, deep",
            f"/api/v2/pages/?descendant_of={home.pk}&{experience}&offset={{n}}",
            "api",
            f"offset {deep}+ of {below}",
            first=deep,
        ),
        Address(
            "API, search below home",
            f"/api/v2/pages/?search=bolig&descendant_of={home.pk}&{experience}&_={{n}}",
            "api",
            first=0,
        ),
        Address(
            "API, experience detail",
            f"/api/v2/pages/{article.pk}/?_={{n}}",
            "api",
            first=0,
        ),
    ]


def addresses(repeat):
    """Everything a reader, a feed reader or an API client asks for."""
    theme = _busiest_theme()
    article = _first(ExperienceArticlePage)
    gatherings = _path(_first(GatheringIndexPage))
    return [
        Address("robots.txt (floor)", "/robots.txt", "floor"),
        Address("health check", "/helse/"),
        Address("home page", _path(_first(HomePage)), "home"),
        *_lists(),
        *_details(),
        Address("topic", f"/tema/{theme.slug}/", note=theme.slug),
        Address("search, common word", "/sok/?q=bolig", "search"),
        Address("search, no hit", f"/sok/?q={NO_HIT_WORD}", "search"),
        Address("RSS, all", "/rss/"),
        Address("RSS, topic", f"/tema/{theme.slug}/rss/"),
        Address("calendar, all gatherings", f"{gatherings}kalender.ics"),
        Address(
            "calendar, one gathering", f"{_path(_first(GatheringPage))}kalender.ics"
        ),
        *_api(_first(HomePage), article, repeat),
    ]


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _sitemap_addresses(client):
    """The sitemap and, once it is an index, the first and last file of each section."""
    sitemap = Address("sitemap.xml", "/sitemap.xml")
    body = _body(client.get(sitemap.url)).decode()
    if "<sitemapindex" not in body:
        return [sitemap]
    files = [urlsplit(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body)]
    sitemap.note = f"index of {len(files)} files"
    sections = {}
    for file in files:
        sections.setdefault(file.path, []).append(file)
    urls = [
        f"{file.path}?{file.query}" if file.query else file.path
        for section in sections.values()
        for file in dict.fromkeys([section[0], section[-1]])
    ]
    return [sitemap] + [Address(url.lstrip("/"), url) for url in urls]


def _backend_pid():
    """The PostgreSQL process serving this one's connection."""
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def measure(client, address, repeat):
    """Warm up, count the queries of one request, then time ``repeat`` requests."""
    for number in range(WARM_UP):
        client.get(address.url_for(number))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address.url_for(WARM_UP))
    # Read now: every request that starts empties the connection's query log.
    query_count = len(queries)
    body = _body(response)
    statuses = Counter()
    timings, cpu = [], []
    backend = _backend_pid()
    database_before = process_seconds(backend)
    for number in range(WARM_UP + 1, WARM_UP + 1 + repeat):
        url = address.url_for(number)
        started, cpu_started = time.perf_counter(), time.process_time()
        timed = client.get(url)
        _body(timed)  # a streamed body is made while it is read
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        statuses[timed.status_code] += 1
    if address.kind == "search":
        address.note = f"{search_hits(body.decode())} hits"
    return {
        **asdict(address),
        "status": response.status_code,
        "queries": query_count,
        "bytes": len(body),
        "statuses": dict(statuses),
        **summary_ms(timings),
        # This process's own CPU time, without PostgreSQL's: steadier than the
        # clock when other work shares the machine.
        "cpu_median_ms": round(statistics.median(cpu) * 1000, 2),
        # PostgreSQL's CPU for this process's connection, on average.
        "database_cpu_ms": round(
            (process_seconds(backend) - database_before) / repeat * 1000, 2
        )
        if _backend_pid() == backend
        else None,
    }


# What is timed cold too: everything but the floor and the API (never cached anyway).
WARM_ONLY = ("floor", "api")


def measure_cold(client, address, repeat):
    """Every cache emptied before each request, as after a change: the queries of one
    such request, then ``repeat`` timed ones (the emptying itself is not timed)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(address.url_for(0))
    query_count = len(queries)
    timings, cpu = [], []
    for number in range(1, repeat + 1):
        cache.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        _body(client.get(address.url_for(number)))
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return {
        **summary_ms(timings),
        "cpu_median_ms": round(statistics.median(cpu) * 1000, 2),
        "queries": query_count,
    }


def content():
    """How many live pages of each kind the database holds, and their registrations."""
    counts = {
        model.__name__: model.objects.live().count()
        for model in (
            ExperienceArticlePage,
            GoodPracticePage,
            PresentationPage,
            GatheringPage,
            GatheringReportPage,
            MunicipalityPage,
        )
    }
    counts["registrations"] = Registration.objects.count()
    counts["all pages"] = Page.objects.live().count()
    return counts


def main(repeat, only=()):
    """Time every address, or those whose names start with one of ``only``."""
    # The sizes share one Redis database, and what the portal caches is keyed by a
    # content version that does not know which database it came from.
    cache.clear()
    client = Client(HTTP_HOST=HOST)
    chosen = [
        address
        for address in addresses(repeat) + _sitemap_addresses(client)
        if not only or any(address.name.startswith(name) for name in only)
    ]
    rows = [measure(client, address, repeat) for address in chosen]
    # Cold after warm: emptying the cache in between would warm nothing else.
    for address, row in zip(chosen, rows, strict=True):
        if address.kind not in WARM_ONLY:
            row["cold"] = measure_cold(client, address, repeat)
    print(json.dumps({"repeat": repeat, "content": content(), "rows": rows}))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
