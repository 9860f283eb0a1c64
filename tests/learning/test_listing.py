"""The lists /erfaringer/, /gode-eksempler/ and /presentasjoner/: facets, counts, pages."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from tests.factories import PersonFactory, ProgrammeGoalFactory, TargetGroupFactory
from tests.learning.factories import (
    DocumentFactory,
    ExperienceArticlePageFactory,
    GoodPracticePageFactory,
    PresentationPageFactory,
)

pytestmark = pytest.mark.django_db


def titles(response):
    """The item titles in the list, as the reader sees them, in order."""
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "antall-treff"})
    return [heading.get_text(strip=True) for heading in section.select("li h3")]


def result_count(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find(id="antall-treff").get_text(" ", strip=True)


def facets(response):
    """{facet heading: {option label: (count, href, selected)}} from the filter links."""
    soup = BeautifulSoup(response.content, "html.parser")
    nav = soup.find("nav", attrs={"aria-label": "Filtrer listen"})
    found = {}
    for heading in nav.find_all("h2"):
        options = {}
        for link in nav.find("ul", attrs={"aria-labelledby": heading["id"]}).find_all(
            "a"
        ):
            count = link.find("span", class_="meta").get_text(strip=True)
            label = link.find(string=True, recursive=False).strip()
            options[label] = (
                int(count.strip("()")),
                link["href"],
                link.get("aria-current") == "true",
            )
        found[heading.get_text(strip=True)] = options
    return found


def counts(response, facet):
    return {label: count for label, (count, _, _) in facets(response)[facet].items()}


def query(href):
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


@pytest.fixture
def vocabulary(db):
    return {
        "homeless": TargetGroupFactory(name="Bostedsløse", slug="bostedslose"),
        "young": TargetGroupFactory(name="Unge", slug="unge"),
        "home": ProgrammeGoalFactory(name="Alle skal ha et godt sted å bo", slug="bo"),
        "services": ProgrammeGoalFactory(name="Helhetlig innsats", slug="innsats"),
    }


@pytest.fixture
def experiences(karmoy, bergen, bodo, experience_index, vocabulary):
    """Three live experiences in three places of the tree, a draft and a private one."""
    return {
        "karmoy": ExperienceArticlePageFactory(
            parent=karmoy,
            title="Fra midlertidig til varig bolig",
            date=datetime.date(2015, 3, 1),
            tags=["Gjennomstrømning", "Bostedsløse"],
            target_groups=[vocabulary["homeless"]],
        ),
        "bergen": ExperienceArticlePageFactory(
            parent=bergen,
            title="Unge i egen leilighet",
            date=datetime.date(2016, 5, 1),
            tags=["Gjennomstrømning"],
            target_groups=[vocabulary["young"]],
            body=[
                ("paragraph", RichText("<p>Vi brukte Brukerplan for å finne dem.</p>"))
            ],
        ),
        "husbanken": ExperienceArticlePageFactory(
            parent=experience_index,
            title="Startlån til flere",
            date=datetime.date(2016, 9, 1),
            municipality=bodo,
            tags=["Startlån"],
            target_groups=[vocabulary["young"]],
        ),
        "draft": ExperienceArticlePageFactory(
            parent=karmoy,
            title="Utkast om gjennomstrømning",
            date=datetime.date(2017, 1, 1),
            live=False,
            tags=["Gjennomstrømning"],
        ),
    }


def test_lists_every_live_experience_in_the_tree_newest_first(
    client, experiences, experience_index, karmoy
):
    restricted = ExperienceArticlePageFactory(
        parent=karmoy, title="Bare for innloggede", date=datetime.date(2018, 1, 1)
    )
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(experience_index.url)
    assert response.status_code == 200
    assert titles(response) == [
        "Startlån til flere",
        "Unge i egen leilighet",
        "Fra midlertidig til varig bolig",
    ]
    assert result_count(response) == "3 treff"


def test_counts_of_every_facet_without_filters(client, experiences, experience_index):
    response = client.get(experience_index.url)
    found = facets(response)
    # No programme goals on experience articles; the facet is for good practices.
    assert list(found) == ["Tema", "Målgruppe", "Kommune", "Fylke", "År"]
    assert counts(response, "Tema") == {
        "Bostedsløse": 1,
        "Gjennomstrømning": 2,
        "Startlån": 1,
    }
    assert counts(response, "Målgruppe") == {"Bostedsløse": 1, "Unge": 2}
    assert counts(response, "Kommune") == {"Bergen": 1, "Bodø": 1, "Karmøy": 1}
    assert counts(response, "Fylke") == {"Nordland": 1, "Rogaland": 1, "Vestland": 1}
    assert counts(response, "År") == {"2016": 2, "2015": 1}
    assert list(found["År"]) == ["2016", "2015"]  # newest year first
    assert not any(
        selected for options in found.values() for _, _, selected in options.values()
    )


@pytest.mark.parametrize(
    "params, expected",
    [
        (
            {"tema": "gjennomstromning"},
            ["Unge i egen leilighet", "Fra midlertidig til varig bolig"],
        ),
        ({"malgruppe": "unge"}, ["Startlån til flere", "Unge i egen leilighet"]),
        ({"kommune": "bodo"}, ["Startlån til flere"]),
        ({"fylke": "rogaland"}, ["Fra midlertidig til varig bolig"]),
        ({"ar": "2016"}, ["Startlån til flere", "Unge i egen leilighet"]),
        ({"tema": "gjennomstromning", "ar": "2016"}, ["Unge i egen leilighet"]),
        (
            {"tema": "gjennomstromning", "malgruppe": "unge", "fylke": "vestland"},
            ["Unge i egen leilighet"],
        ),
        ({"malgruppe": "unge", "kommune": "karmoy"}, []),
        ({"tema": "startlan", "ar": "2015"}, []),
    ],
)
def test_each_facet_and_combinations(
    client, experiences, experience_index, params, expected
):
    response = client.get(experience_index.url, params)
    assert response.status_code == 200
    assert titles(response) == expected
    assert result_count(response) == f"{len(expected)} treff"


def test_counts_follow_the_other_facets_and_mark_the_chosen(
    client, experiences, experience_index
):
    response = client.get(experience_index.url, {"ar": "2016"})
    # Themes and municipalities are counted within 2016 …
    assert counts(response, "Tema") == {"Gjennomstrømning": 1, "Startlån": 1}
    assert counts(response, "Kommune") == {"Bergen": 1, "Bodø": 1}
    # … and the year facet still offers the other years, to switch to.
    assert counts(response, "År") == {"2016": 2, "2015": 1}
    count, href, selected = facets(response)["År"]["2016"]
    assert selected
    assert query(href) == {}  # choosing the chosen year again removes it
    _, href, selected = facets(response)["År"]["2015"]
    assert not selected
    assert query(href) == {"ar": "2015"}


def test_option_links_keep_the_other_filters_and_the_query(
    client, experiences, experience_index
):
    response = client.get(
        experience_index.url,
        {"tema": "gjennomstromning", "q": "leilighet", "side": "1"},
    )
    _, href, _ = facets(response)["Kommune"]["Bergen"]
    # The page number is dropped (the new list starts at its first page).
    assert query(href) == {
        "tema": "gjennomstromning",
        "q": "leilighet",
        "kommune": "bergen",
    }
    # Following the link without JavaScript gives the narrowed list.
    followed = client.get(experience_index.url + href)
    assert titles(followed) == ["Unge i egen leilighet"]
    # The search box keeps the chosen filters as hidden fields.
    soup = BeautifulSoup(followed.content, "html.parser")
    form = soup.find("form", attrs={"role": "search", "action": experience_index.url})
    hidden = {
        field["name"]: field["value"] for field in form.find_all("input", type="hidden")
    }
    assert hidden == {"tema": "gjennomstromning", "kommune": "bergen"}
    assert form["method"] == "get"
    assert soup.find("a", string="Fjern alle filtre")["href"] == experience_index.url


def test_text_query_within_the_list(client, experiences, experience_index):
    response = client.get(experience_index.url, {"q": "Brukerplan"})
    assert titles(response) == ["Unge i egen leilighet"]
    assert result_count(response) == "1 treff for «Brukerplan»"
    assert counts(response, "Tema") == {"Gjennomstrømning": 1}
    assert (
        titles(client.get(experience_index.url, {"q": "Brukerplan", "ar": "2015"}))
        == []
    )
    # The draft mentions «gjennomstrømning» in its title, but is not listed.
    assert titles(client.get(experience_index.url, {"q": "utkast"})) == []


@pytest.mark.parametrize("query", ["leiligheten", "LEILIGHETER", "unge leilighet"])
def test_text_query_uses_the_site_searchs_norwegian_analysis(
    client, experiences, experience_index, query
):
    assert titles(client.get(experience_index.url, {"q": query})) == [
        "Unge i egen leilighet"
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"tema": "finnes-ikke"},
        {"kommune": "atlantis"},
        {"fylke": "svalbard"},
        {"malgruppe": "<script>alert(1)</script>"},
        {"ar": "tjuetjue"},
        {"ar": "99999999999999999999999"},
        {"ar": "-2015"},
        {"ar": "0"},
        {"tema": "x" * 5000},
        {"tema": "\x00"},
        {"kommune": "karmoy\x00"},
        {"ar": "2015\x00"},
    ],
)
def test_unknown_filter_values_give_an_empty_list(
    client, experiences, experience_index, params
):
    response = client.get(experience_index.url, params)
    assert response.status_code == 200
    assert titles(response) == []
    assert result_count(response) == "0 treff"
    assert "Ingenting passer med filtrene." in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"q": "\x00bolig"}, {"q": "bolig " * 500}, {"q": '" OR 1=1 --'}, {"q": "*"}],
)
def test_odd_queries_give_a_calm_page(client, experiences, experience_index, params):
    assert client.get(experience_index.url, params).status_code == 200


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
    _make_items(kind, 45, parents, vocabulary, start=5)
    with_fifty, shown = queries()
    assert shown == with_theme_0(50) == 20
    assert with_fifty == with_five

    client.get(index.url)
    with CaptureQueriesContext(connection) as unfiltered_fifty:
        response = client.get(index.url)
    assert len(titles(response)) == 20
    assert len(unfiltered_fifty) <= with_fifty
