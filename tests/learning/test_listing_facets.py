"""The experience list's facets, counts and text query, over one set of experiences.

The set is built once for the module, in a transaction around its tests
(``module_transaction``); each test reads it in a savepoint of its own.
"""

import datetime
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from portal.site_root import ensure_home_page
from tests.factories import MunicipalityIndexPageFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
    municipality,
)
from tests.learning.listing import (
    counts,
    facets,
    make_vocabulary,
    query,
    result_count,
    titles,
)

# One process builds the set once (``--dist loadgroup``, Makefile).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("experience_facets")]


def _experiences(karmoy, bergen, bodo, experience_index, vocabulary):
    """Three live experiences in three places of the tree, and a draft."""
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


@pytest.fixture(scope="module")
def listed(module_transaction):
    """The places, the list and the experiences, built once for the module."""
    home = ensure_home_page()
    index = MunicipalityIndexPageFactory(parent=home)
    places = {key: municipality(key, index) for key in ("karmoy", "bergen", "bodo")}
    experience_index = ExperienceIndexPageFactory(parent=home)
    return SimpleNamespace(
        experience_index=experience_index,
        experiences=_experiences(
            **places, experience_index=experience_index, vocabulary=make_vocabulary()
        ),
        **places,
    )


@pytest.fixture
def experience_index(listed, db):
    return listed.experience_index


@pytest.fixture
def experiences(listed, db):
    return listed.experiences


@pytest.fixture
def karmoy(listed, db):
    return listed.karmoy


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


def test_lists_of_one_shape_are_counted_by_their_own_values(
    client, experiences, experience_index
):
    """The counts' query is built once for the chosen facets, whatever their values."""
    karmoy = client.get(experience_index.url, {"kommune": "karmoy"})
    bergen = client.get(experience_index.url, {"kommune": "bergen"})
    assert counts(karmoy, "År") == {"2015": 1}
    assert counts(bergen, "År") == {"2016": 1}
    assert counts(karmoy, "Tema") == {"Bostedsløse": 1, "Gjennomstrømning": 1}
    assert counts(bergen, "Tema") == {"Gjennomstrømning": 1}


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


def test_option_links_encode_the_parameters_and_keep_their_order(
    client, experiences, experience_index
):
    response = client.get(
        experience_index.url + "?x=a%26b+%3Cc%3E&q=leilighet&ar=2016&side=2"
    )
    options = facets(response)
    _, href, selected = options["Kommune"]["Bergen"]
    assert not selected
    # A new facet comes last, the page number is dropped, the rest keep their order.
    assert href == "?x=a%26b+%3Cc%3E&q=leilighet&ar=2016&kommune=bergen"
    _, href, selected = options["År"]["2016"]
    assert selected
    assert href == "?x=a%26b+%3Cc%3E&q=leilighet"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("a", href=href) is not None  # escaped once in the markup
