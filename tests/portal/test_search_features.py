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


def test_a_typo_that_finds_nothing_shows_what_the_correction_finds(client, pages):
    response = client.get(SEARCH_URL, {"q": "husbnaken", "type": ""})
    assert titles(response) == ["Husbankens virkemidler"]
    page = soup(response)
    correction = page.select_one(".search-correction")
    assert correction.get_text(" ", strip=True) == (
        "Viser 1 treff for husbanken . Søk i stedet etter husbnaken ."
    )
    assert "Ingen treff" not in page.get_text()
    # The link searches the reader's own words, not corrected.
    exact = correction.a["href"]
    assert parse_qs(urlsplit(exact).query, keep_blank_values=True) == {
        "q": ["husbnaken"],
        "type": [""],
        "eksakt": ["1"],
    }
    as_typed = client.get(SEARCH_URL + exact)
    assert titles(as_typed) == []
    assert "Ingen treff på «husbnaken»" in as_typed.content.decode()
    # … where the correction is still offered, leading back to the corrected search.
    suggestion = soup(as_typed).select_one(".search-suggestion a")
    assert suggestion.get_text() == "husbanken"
    assert parse_qs(urlsplit(suggestion["href"]).query, keep_blank_values=True) == {
        "q": ["husbanken"],
        "type": [""],
    }
    assert titles(client.get(SEARCH_URL + suggestion["href"])) == [
        "Husbankens virkemidler"
    ]


def test_a_typo_beside_words_that_find_something_is_only_suggested(client, pages):
    response = client.get(SEARCH_URL, {"q": "husbanken tilskdud"})
    assert titles(response) == ["Husbankens virkemidler"]
    assert "1 treff på «husbanken tilskdud»" in response.content.decode()
    suggestion = soup(response).select_one(".search-suggestion")
    assert suggestion.get_text(" ", strip=True) == "Mente du husbanken tilskudd ?"
    assert soup(response).select_one(".search-correction") is None


def test_a_correction_that_leaves_a_word_uncorrected_is_not_offered(client, pages):
    # "sjiraffunge" is near no word the pages use: "husbanken sjiraffunge" would mix a
    # correction with a word that finds nothing.
    response = client.get(SEARCH_URL, {"q": "husbnaken sjiraffunge"})
    content = response.content.decode()
    assert titles(response) == []
    assert "Ingen treff på «husbnaken sjiraffunge»" in content
    assert "Mente du" not in content
    assert "Viser" not in content


@pytest.fixture
def housing_first(home_page):
    return StandardPageFactory(
        parent=home_page,
        title="Bolig først i kommunene",
        intro="Bolig først gir bostedsløse en egen bolig med oppfølging.",
    )


@pytest.mark.parametrize("query", ["housing first", "Housing First"])
def test_english_programme_terms_are_not_corrected_to_norwegian(
    client, housing_first, query
):
    status = soup(client.get(SEARCH_URL, {"q": query})).select_one("[role=status]")
    assert status.get_text(" ", strip=True) == (
        f"Ingen treff på «{query}». Prøv et annet eller kortere ord."
    )


def test_an_english_word_beside_a_norwegian_one_is_left_as_it_is(client, housing_first):
    response = client.get(SEARCH_URL, {"q": "first bolig"})
    assert titles(response) == ["Bolig først i kommunene"]
    content = response.content.decode()
    assert "1 treff på «first bolig»" in content
    assert "Mente du" not in content


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


def test_a_query_with_only_editors_picks_does_not_say_nothing_was_found(client, pages):
    query = Query.get("Sjiraffunge")
    SearchPromotion.objects.create(query=query, page=pages["karmoy"], sort_order=0)
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/dyr",
        external_link_text="Dyr i kommunen",
        sort_order=1,
    )
    response = client.get(SEARCH_URL, {"q": "sjiraffunge"})
    page = soup(response)
    assert page.select_one("[role=status]").get_text(" ", strip=True) == (
        "2 treff på «sjiraffunge»."
    )
    assert [pick.a.get_text() for pick in page.select(".search-picks li")] == [
        "Karmøy",
        "Dyr i kommunen",
    ]
    assert "Ingen treff" not in page.get_text()
    # Not a dead end in the editors' report either.
    assert SearchQueryCount.objects.get(query="sjiraffunge").without_hits == 0


@pytest.fixture
def gatherings(home_page):
    from tests.events.factories import GatheringIndexPageFactory

    return GatheringIndexPageFactory(parent=home_page, title="Samlinger")


def shortcuts(response):
    return [
        (link.get_text(), link["href"])
        for link in soup(response).select(".search-shortcuts a")
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kalkulator", [("Kalkulator for utleieboliger", "/kalkulator/")]),
        ("Kalkulatoren", [("Kalkulator for utleieboliger", "/kalkulator/")]),
        ("resultater", [("Resultater for folk", "/resultater/")]),
        ("tema", [("Temaer", "/tema/")]),
        ("temaer", [("Temaer", "/tema/")]),
        ("samlinger", [("Samlinger", "/samlinger/")]),
        ("fagsamlinger", [("Samlinger", "/samlinger/")]),
        ("Fagsamling", [("Samlinger", "/samlinger/")]),
        ("bolig", []),
        ("kalkulator sjiraff", []),
    ],
)
def test_tools_and_overviews_are_found_by_their_names(
    client, pages, gatherings, query, expected
):
    response = client.get(SEARCH_URL, {"q": query})
    assert shortcuts(response) == expected
    if expected:
        assert "Ingen treff" not in response.content.decode()


def test_a_list_page_not_published_is_no_shortcut(client, pages, gatherings):
    gatherings.unpublish()
    assert shortcuts(client.get(SEARCH_URL, {"q": "samlinger"})) == []


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
