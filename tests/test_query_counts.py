"""A page's database queries do not grow with the content: the same count for every
kind of page at two sizes of bulk content (``make bench`` does it at 1,000 and 10,000;
here 40 and 160, which is what the count depends on: more rows, not more kinds).

Counted cold (nothing cached from published content) and warm (the cached fragments
there), each after a first request that fills the per-process caches.
"""

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from bench.bulk.generate import generate
from events.models import GatheringPage
from learning.models import (
    ExperienceArticlePage,
    GoodPracticePage,
    MunicipalityResultsPage,
    PresentationPage,
)
from portal import content_version
from portal.models import MunicipalityPage, Person

pytestmark = pytest.mark.django_db

SIZES = (40, 160)


def addresses():
    """The pages to count, chosen the same way at every size."""

    def newest(model):
        return model.objects.live().order_by("-pk").first().url

    biggest = max(MunicipalityPage.objects.live(), key=lambda page: page.numchild)
    person = Person.objects.annotate(n=Count("experience_articles")).order_by("-n")[0]
    theme = Tag.objects.order_by("pk")[0]
    return {
        "home": "/",
        "experiences": "/erfaringer/",
        "experiences, last page": "/erfaringer/?side=9999",
        "practices, two facets": f"/gode-eksempler/?tema={theme.slug}&fylke=rogaland",
        "presentations": "/presentasjoner/",
        "gatherings": "/samlinger/",
        "municipalities": "/kommuner/",
        "experience article": newest(ExperienceArticlePage),
        "good practice": newest(GoodPracticePage),
        "presentation": newest(PresentationPage),
        # The demo's own: generated ones differ in what they hold (a report or not).
        "gathering": GatheringPage.objects.live().order_by("pk").first().url,
        "municipality with many pages": biggest.url,
        "topic": f"/tema/{theme.slug}/",
        "person": f"/personer/{person.slug}/",
        # One type: the results' own fields are read with one query per page type
        # among them, which depends on what ranks highest, not on how much there is.
        "search": "/sok/?q=bolig&type=erfaringer",
        "feed": "/rss/",
        "sitemap": "/sitemap.xml",
        "sitemap file": "/sitemap-sider.xml",
        "api": "/api/v2/pages/?type=learning.ExperienceArticlePage",
        "api, gatherings": "/api/v2/pages/?type=events.GatheringPage&fields="
        "kind,start,end,venue,tags,agenda,registration_state,seats_left",
        "calculator": "/kalkulator/",
        "programme results": "/resultater/",
        "open data": "/apne-data/",
        "open data, library": "/apne-data/praksiser.csv",
        "open data, results": "/apne-data/resultater.json",
        "municipality results": newest(MunicipalityResultsPage),
    }


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def counts():
    client = Client()
    result = {}
    for name, url in addresses().items():
        client.get(url)  # per-process caches: the site, its settings
        content_version.raise_now_and_after_commit()
        cold = count(client, url)
        result[name] = (cold, count(client, url))
    return result


def test_queries_do_not_grow_with_the_content(demo_once):
    by_size = {}
    for size in SIZES:
        generate(size, report=lambda line: None)
        by_size[size] = counts()
    small, large = (by_size[size] for size in SIZES)
    assert large == small
