"""The lists /erfaringer/, /gode-eksempler/ and /presentasjoner/: pages, programme goals,
presentations and query counts (the experience list's facets: test_listing_facets.py)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import KeptCounts
from tests.factories import PersonFactory
from tests.learning.factories import (
    DocumentFactory,
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
    PresentationPageFactory,
)
from tests.learning.listing import (
    counts,
    facets,
    make_vocabulary,
    query,
    result_count,
    titles,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabulary(db):
    return make_vocabulary()


def test_paginates_by_twenty_and_keeps_the_filters(client, karmoy, experience_index):
    for number in range(23):
        ExperienceArticlePageFactory(
            parent=karmoy,
            title=f"Erfaring {number:02d}",
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=number),
            tags=["Bostøtte"],
        )
    first = client.get(experience_index.url, {"tema": "bostotte"})
    assert titles(first) == [f"Erfaring {number:02d}" for number in range(22, 2, -1)]
    assert result_count(first) == "23 treff"
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.find("a", rel="next")
    assert query(next_link["href"]) == {"tema": "bostotte", "side": "2"}
    second = client.get(experience_index.url + next_link["href"])
    assert titles(second) == ["Erfaring 02", "Erfaring 01", "Erfaring 00"]
    assert "Side 2 av 2" in second.content.decode()


@pytest.mark.parametrize("side, shown", [("99", 2), ("-1", 2), ("x", 1), ("", 1)])
def test_page_number_out_of_range_gives_a_calm_page(
    client, karmoy, experience_index, side, shown
):
    for number in range(21):
        ExperienceArticlePageFactory(
            parent=karmoy,
            title=f"Erfaring {number:02d}",
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=number),
        )
    response = client.get(experience_index.url, {"side": side})
    assert response.status_code == 200
    assert f"Side {shown} av 2" in response.content.decode()
    assert len(titles(response)) == (1 if shown == 2 else 20)


def test_good_practices_have_a_programme_goal_facet(
    client, karmoy, bergen, practice_index, vocabulary
):
    GoodPracticePageFactory(
        parent=karmoy,
        title="Boligkontoret",
        date=datetime.date(2016, 1, 1),
        programme_goals=[vocabulary["home"]],
        target_groups=[vocabulary["homeless"]],
        tags=["Gjennomstrømning"],
    )
    GoodPracticePageFactory(
        parent=bergen,
        title="Helhetlige tjenester",
        date=datetime.date(2017, 1, 1),
        programme_goals=[vocabulary["home"], vocabulary["services"]],
    )
    GoodPracticePageFactory(
        parent=practice_index,
        title="Husbankens eksempel",
        date=datetime.date(2014, 1, 1),
    )
    response = client.get(practice_index.url)
    assert titles(response) == [
        "Helhetlige tjenester",
        "Boligkontoret",
        "Husbankens eksempel",
    ]
    assert list(facets(response)) == [
        "Tema",
        "Målgruppe",
        "Programmål",
        "Kommune",
        "Fylke",
        "År",
    ]
    assert counts(response, "Programmål") == {
        "Alle skal ha et godt sted å bo": 2,
        "Helhetlig innsats": 1,
    }
    assert titles(client.get(practice_index.url, {"programmal": "innsats"})) == [
        "Helhetlige tjenester"
    ]
    narrowed = client.get(practice_index.url, {"programmal": "bo", "fylke": "rogaland"})
    assert titles(narrowed) == ["Boligkontoret"]
    assert counts(narrowed, "Programmål") == {"Alle skal ha et godt sted å bo": 1}
    assert counts(narrowed, "Fylke") == {"Rogaland": 1, "Vestland": 1}


def test_presentations_list_with_their_facets(client, karmoy, presentation_index):
    PresentationPageFactory(
        parent=presentation_index,
        title="Bostøtte i praksis",
        date=datetime.date(2015, 10, 20),
        municipality=karmoy,
        tags=["Bostøtte"],
    )
    PresentationPageFactory(
        parent=presentation_index, title="Om programmet", date=datetime.date(2016, 2, 2)
    )
    response = client.get(presentation_index.url)
    assert titles(response) == ["Om programmet", "Bostøtte i praksis"]
    assert list(facets(response)) == ["Tema", "Kommune", "Fylke", "År"]
    assert counts(response, "Kommune") == {"Karmøy": 1}
    assert titles(client.get(presentation_index.url, {"kommune": "karmoy"})) == [
        "Bostøtte i praksis"
    ]
    # A target-group parameter means nothing here and is ignored, not an error.
    assert client.get(presentation_index.url, {"malgruppe": "unge"}).status_code == 200


def _make_items(kind, count, parents, vocabulary, start):
    person = PersonFactory()
    for number in range(start, start + count):
        parent = parents[number % len(parents)]
        tags = [f"Tema {number % 7}", f"Tema {number % 3}"]
        date = datetime.date(2010 + number % 9, 1 + number % 12, 1)
        if kind == "experience":
            ExperienceArticlePageFactory(
                parent=parent,
                title=f"Erfaring {number}",
                date=date,
                tags=tags,
                target_groups=[vocabulary["homeless"], vocabulary["young"]],
                authors=[person],
            )
        elif kind == "practice":
            GoodPracticePageFactory(
                parent=parent,
                title=f"Eksempel {number}",
                date=date,
                tags=tags,
                target_groups=[vocabulary["homeless"]],
                programme_goals=[vocabulary["home"], vocabulary["services"]],
            )
        else:
            PresentationPageFactory(
                parent=parent,
                title=f"Presentasjon {number}",
                date=date,
                tags=tags,
                document=DocumentFactory(),
                speakers=[person],
            )


@pytest.mark.parametrize("kind", ["experience", "practice", "presentation"])
def test_number_of_queries_does_not_grow_with_the_items(
    client, kind, karmoy, bergen, bodo, vocabulary, request
):
    index = request.getfixturevalue(
        {
            "experience": "experience_index",
            "practice": "practice_index",
            "presentation": "presentation_index",
        }[kind]
    )
    parents = [index] if kind == "presentation" else [karmoy, bergen, bodo, index]

    def queries():
        client.get(index.url)  # warm-up: caches (site root paths) filled
        with CaptureQueriesContext(connection) as captured:
            response = client.get(index.url, {"tema": "tema-0"})
        assert response.status_code == 200
        return len(captured), len(titles(response))

    def with_theme_0(count):
        return min(20, sum(1 for n in range(count) if n % 7 == 0 or n % 3 == 0))

    _make_items(kind, 5, parents, vocabulary, start=0)
    with_five, shown = queries()
    assert shown == with_theme_0(5) == 2
    _make_items(kind, 20, parents, vocabulary, start=5)
    with_twenty_five, shown = queries()
    assert shown == with_theme_0(25) == 11
    assert with_twenty_five == with_five

    client.get(index.url)
    with CaptureQueriesContext(connection) as unfiltered:
        response = client.get(index.url)
    assert len(titles(response)) == 20
    assert len(unfiltered) <= with_twenty_five


def test_a_list_without_filters_reads_its_kept_counts(
    client, karmoy, experience_index, django_capture_on_commit_callbacks
):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bostøtte"])
    client.get(experience_index.url)  # counted, and kept
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(experience_index.url)
    assert counts(response, "Tema") == {"Bostøtte": 1}
    assert not [q for q in captured if "COUNT(" in q["sql"] and "UNION" in q["sql"]]
    assert [q for q in captured if '"portal_keptcounts"' in q["sql"]]

    # A change counts the list again once it commits, before anyone reads it.
    with django_capture_on_commit_callbacks(execute=True):
        ExperienceArticlePageFactory(parent=karmoy, tags=["Bostøtte", "Startlån"])
    (kept,) = KeptCounts.objects.all()
    assert sorted(kept.counts["tema"]) == [
        ["bostotte", "Bostøtte", 2],
        ["startlan", "Startlån", 1],
    ]
    cache.clear()
    assert counts(client.get(experience_index.url), "Tema") == {
        "Bostøtte": 2,
        "Startlån": 1,
    }


def test_a_change_in_the_same_transaction_is_counted_at_once(
    client, karmoy, experience_index
):
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bostøtte"])
    assert counts(client.get(experience_index.url), "Tema") == {"Bostøtte": 1}
    ExperienceArticlePageFactory(parent=karmoy, tags=["Bostøtte"])
    cache.clear()
    assert counts(client.get(experience_index.url), "Tema") == {"Bostøtte": 2}
