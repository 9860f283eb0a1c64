import pytest
from wagtail.test.utils.form_data import rich_text

from tests.factories import MunicipalityPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = "/sok/"


@pytest.fixture
def pages(home_page, municipality_index):
    return {
        "homeless": StandardPageFactory(
            parent=home_page,
            title="Alle skal ha et sted å bo",
            intro="Kommunene vil bosette alle bostedsløse i løpet av programperioden.",
        ),
        "karmoy": MunicipalityPageFactory(
            parent=municipality_index,
            title="Karmøy kommune",
            profile=rich_text("<p>Øykommune med mange kommunale utleieboliger.</p>"),
        ),
        "draft": StandardPageFactory(
            parent=home_page, title="Utkast om bostedsløse", live=False
        ),
    }


def result_titles(response):
    return [page.title for page in response.context["results_page"].object_list]


def test_finds_live_pages_and_echoes_the_query(client, pages):
    response = client.get(SEARCH_URL, {"q": "bostedsløse"})
    assert response.status_code == 200
    assert result_titles(response) == ["Alle skal ha et sted å bo"]
    content = response.content.decode()
    assert "1 treff på «bostedsløse»" in content
    assert 'value="bostedsløse"' in content


def test_does_not_find_drafts_or_private_pages(client, pages):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=pages["karmoy"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "Utkast om bostedsløse" not in result_titles(
        client.get(SEARCH_URL, {"q": "bostedsløse"})
    )
    assert result_titles(client.get(SEARCH_URL, {"q": "Karmøy"})) == []


def test_finds_structured_municipality_fields(client, pages):
    assert result_titles(client.get(SEARCH_URL, {"q": "utleieboliger"})) == [
        "Karmøy kommune"
    ]


def test_published_page_is_findable_at_once_without_a_worker(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Gjennomstrømning i boligene")
    page.save_revision().publish()
    assert result_titles(client.get(SEARCH_URL, {"q": "gjennomstrømning"})) == [
        "Gjennomstrømning i boligene"
    ]


def test_paginates_and_keeps_the_query(client, home_page):
    for number in range(23):
        StandardPageFactory(parent=home_page, title=f"Leieavtaler med private {number}")
    response = client.get(SEARCH_URL, {"q": "leieavtaler", "side": "3"})
    assert len(result_titles(response)) == 3
    content = response.content.decode()
    assert "23 treff" in content
    assert "?q=leieavtaler&amp;side=2" in content
    assert "Side 3 av 3" in content
    # A page number out of range shows the last page; nonsense shows the first.
    assert (
        client.get(SEARCH_URL, {"q": "leieavtaler", "side": "99"})
        .context["results_page"]
        .number
        == 3
    )
    assert (
        client.get(SEARCH_URL, {"q": "leieavtaler", "side": "x"})
        .context["results_page"]
        .number
        == 1
    )


def test_empty_query_gives_a_calm_page(client, pages):
    response = client.get(SEARCH_URL)
    assert response.status_code == 200
    assert "Skriv inn ett eller flere ord" in response.content.decode()
    assert client.get(SEARCH_URL, {"q": "   "}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "bolig " * 2_000,
        "'; DROP TABLE wagtailcore_page; --",
        '" OR 1=1 --',
        "<script>alert('x')</script>",
        "🏠🏠🏠",
        "bostedsløse 🏠",
        'NEAR(a b) AND * OR ^ " :',
        "\x00\x01 null",
        "%00%27",
        "*",
        "-",
    ],
)
def test_absurd_queries_give_a_calm_page(client, pages, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "Søk" in content
    if len(query) > 200:
        assert "forkortet til de første 200 tegnene" in content
    assert len(response.context["query"]) <= 200


def test_query_of_only_symbols_says_so(client, pages):
    response = client.get(SEARCH_URL, {"q": "🏠 *"})
    assert "inneholder ingen ord vi kan søke etter" in response.content.decode()


def test_only_get_is_allowed(client):
    assert client.post(SEARCH_URL, {"q": "bolig"}).status_code == 405


def test_search_query_count_does_not_grow_with_results(
    client, home_page, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as context:
            client.get(SEARCH_URL, {"q": "brukerplan"})
        return len(context)

    StandardPageFactory(parent=home_page, title="Brukerplan 0")
    count()
    few = count()
    for number in range(1, 9):
        StandardPageFactory(parent=home_page, title=f"Brukerplan {number}")
    count()  # publishing retired the cached menu
    assert count() == few


def test_norwegian_stemming(client, pages):
    """`bostedsløs` finds a page that says `bostedsløse`, on either database."""
    assert result_titles(client.get(SEARCH_URL, {"q": "bostedsløs"})) == [
        "Alle skal ha et sted å bo"
    ]


@pytest.fixture
def compounds(home_page):
    return StandardPageFactory(
        parent=home_page,
        title="Flere kommunale utleieboliger",
        intro="Et boligsosialt løft i kommunen.",
    )


@pytest.mark.parametrize("query", ["bolig", "kommunale", "utleieboliger"])
def test_compound_parts_are_found(client, compounds, query):
    assert result_titles(client.get(SEARCH_URL, {"q": query})) == [
        "Flere kommunale utleieboliger"
    ]


@pytest.mark.parametrize("query", ["bolig", "boliger", "utleiebolig", "boligsosial"])
def test_norwegian_compounds(client, compounds, query):
    """`bolig` finds `utleieboliger` and `boligsosialt`, which stemming alone misses."""
    assert result_titles(client.get(SEARCH_URL, {"q": query})) == [
        "Flere kommunale utleieboliger"
    ]


@pytest.fixture
def housing(home_page):
    """Three public pages on housing, one of them on rent; and pages a reader may not
    see, each with a word of its own: behind a password, for a group, below a section
    for signed-in users, a draft, and a page published and then unpublished."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    StandardPageFactory(
        parent=home_page, title="Boliger for alle", intro="Husleie og bostøtte."
    )
    StandardPageFactory(parent=home_page, title="Kommunale boliger")
    StandardPageFactory(parent=home_page, title="Boligsosialt arbeid")

    password = StandardPageFactory(parent=home_page, title="Bolig med fyrtårn")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    group = StandardPageFactory(parent=home_page, title="Bolig etter snøskred")
    PageViewRestriction.objects.create(
        page=group, restriction_type=PageViewRestriction.GROUPS
    ).groups.set([Group.objects.create(name="Ansatte")])
    section = StandardPageFactory(parent=home_page, title="Interne notater")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    StandardPageFactory(parent=section, title="Bolig ved havørnreiret")
    StandardPageFactory(parent=home_page, title="Bolig i morild", live=False)
    unpublished = StandardPageFactory(parent=home_page, title="Bolig og sjøsprøyt")
    unpublished.save_revision().publish()
    unpublished.unpublish()


def search_hits(client, query):
    response = client.get(SEARCH_URL, {"q": query})
    return result_titles(response), response.context["results_page"].paginator.count


@pytest.mark.parametrize(
    "word", ["fyrtårn", "snøskred", "havørnreiret", "morild", "sjøsprøyt"]
)
def test_a_word_only_hidden_pages_have_does_not_narrow_a_public_search(
    client, housing, word
):
    """The words' statistics count the public live pages only: a word on no page a
    reader may see is an unknown word, left out, so it neither empties the results
    nor tells that a hidden page has it."""
    alone = search_hits(client, "bolig")
    assert alone[1] == 3
    assert search_hits(client, "bolig qxzvyk") == alone
    assert search_hits(client, f"bolig {word}") == alone
    # A word that a public page has still narrows.
    assert search_hits(client, "bolig husleie") == (["Boliger for alle"], 1)


def test_a_restriction_added_or_removed_counts_at_once(client, home_page):
    from wagtail.models import PageViewRestriction

    section = StandardPageFactory(parent=home_page, title="Prosjekter")
    StandardPageFactory(parent=section, title="Fyrtårn for nye boliger")
    StandardPageFactory(parent=home_page, title="Boliger i kommunen")
    assert search_hits(client, "bolig fyrtårn") == (["Fyrtårn for nye boliger"], 1)

    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    assert search_hits(client, "bolig fyrtårn") == (["Boliger i kommunen"], 1)

    restriction.delete()
    assert search_hits(client, "bolig fyrtårn") == (["Fyrtårn for nye boliger"], 1)
