"""What the search page offers besides its results: suggestions for typos, the editors'
picks, and the counts of what people search for (nothing about who)."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from portal.models import SearchQueryCount
from portal.search import statistics
from tests.factories import MunicipalityPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = "/sok/"


@pytest.fixture
def pages(home_page, municipality_index):
    return {
        "husbanken": StandardPageFactory(
            parent=home_page,
            title="Husbankens virkemidler",
            intro="Husbanken gir lån og tilskudd til kommunale utleieboliger.",
        ),
        "karmoy": MunicipalityPageFactory(parent=municipality_index, title="Karmøy"),
        "draft": StandardPageFactory(
            parent=home_page, title="Husbnaken-utkast", live=False
        ),
    }


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    return [page.title for page in response.context["results_page"].object_list]


def test_a_typo_is_answered_with_the_word_the_pages_use(client, pages):
    response = client.get(SEARCH_URL, {"q": "husbnaken", "type": ""})
    assert titles(response) == []
    suggestion = soup(response).select_one(".search-suggestion a")
    assert suggestion.get_text() == "husbanken"
    query = parse_qs(urlsplit(suggestion["href"]).query)
    assert query["q"] == ["husbanken"]
    followed = client.get(SEARCH_URL + suggestion["href"])
    assert titles(followed) == ["Husbankens virkemidler"]


def test_no_suggestion_from_words_only_drafts_use_or_when_nothing_is_near(
    client, pages
):
    pages["husbanken"].unpublish()
    assert "Mente du" not in client.get(SEARCH_URL, {"q": "husbnaken"}).content.decode()
    assert (
        "Mente du" not in client.get(SEARCH_URL, {"q": "sjiraffunge"}).content.decode()
    )


def test_editors_pick_is_shown_above_the_results(client, pages, home_page):
    query = Query.get("Lån")
    SearchPromotion.objects.create(
        query=query,
        page=pages["karmoy"],
        sort_order=0,
        description="Kommunen som har kommet lengst.",
    )
    SearchPromotion.objects.create(query=query, page=pages["draft"], sort_order=1)
    response = client.get(SEARCH_URL, {"q": "lån"})
    picks = soup(response).select(".search-picks li")
    assert [(pick.a.get_text(), pick.a["href"]) for pick in picks] == [
        ("Karmøy", pages["karmoy"].url)
    ]
    assert "Kommunen som har kommet lengst." in picks[0].get_text()
    assert titles(response) == ["Husbankens virkemidler"]


def test_searches_are_counted_by_query_and_day_only(client, pages):
    client.get(SEARCH_URL, {"q": "Husbanken"})
    client.get(SEARCH_URL, {"q": "  husbanken "})
    client.get(SEARCH_URL, {"q": "sjiraffunge"})
    client.get(SEARCH_URL, {"q": "husbanken", "side": "2"})  # paging is not a search
    client.get(SEARCH_URL, {"q": "!!!"})  # no words, nothing searched
    counts = {
        row.query: (row.searches, row.without_hits)
        for row in SearchQueryCount.objects.all()
    }
    assert counts == {"husbanken": (2, 0), "sjiraffunge": (1, 1)}
    fields = {field.name for field in SearchQueryCount._meta.get_fields()}
    assert fields == {"id", "query", "date", "searches", "without_hits"}


def test_counts_older_than_a_year_are_forgotten(client, pages, settings):
    settings.SEARCH_STATISTICS_DAYS = 365
    today = timezone.localdate()
    SearchQueryCount.objects.create(
        query="gammelt", date=today - datetime.timedelta(days=366), searches=4
    )
    SearchQueryCount.objects.create(
        query="nytt nok", date=today - datetime.timedelta(days=365), searches=1
    )
    statistics.record("husbanken", hits=1)
    assert sorted(SearchQueryCount.objects.values_list("query", flat=True)) == [
        "husbanken",
        "nytt nok",
    ]


def test_report_lists_most_searched_and_not_found_in_the_period(admin_client, pages):
    today = timezone.localdate()
    for days_ago, query, searches, without_hits in [
        (0, "bostøtte", 5, 0),
        (3, "bostøtte", 2, 0),
        (1, "sjiraffunge", 3, 3),
        (20, "leie", 9, 0),
        (40, "gammelt søk", 50, 50),
    ]:
        SearchQueryCount.objects.create(
            query=query,
            date=today - datetime.timedelta(days=days_ago),
            searches=searches,
            without_hits=without_hits,
        )
    response = admin_client.get("/admin/sok/", {"dager": "7"})
    tables = soup(response).select("table.listing")
    rows = [
        [
            [cell.get_text(strip=True) for cell in row.find_all("td")]
            for row in table.tbody.find_all("tr")
        ]
        for table in tables
    ]
    assert rows == [
        [["bostøtte", "7", "0"], ["sjiraffunge", "3", "3"]],
        [["sjiraffunge", "3", "3"]],
    ]
    month = soup(admin_client.get("/admin/sok/", {"dager": "oops"}))
    assert "leie" in month.select("table.listing")[0].get_text()
    assert "gammelt søk" not in month.get_text()


def test_with_a_frozen_clock_a_day_is_a_day(client, pages):
    with time_machine.travel(
        datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    ):
        client.get(SEARCH_URL, {"q": "karmøy"})  # 00:30 on 2 March in Oslo
    assert SearchQueryCount.objects.get().date == datetime.date(2026, 3, 2)
