"""What one anonymous API request may cost: its queries, its offset, the client's
number of requests and, on PostgreSQL, how long a statement may run."""

import datetime

import psycopg
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import MunicipalityPageFactory
from tests.learning.factories import ExperienceArticlePageFactory

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
ARTICLES = "learning.ExperienceArticlePage"


@pytest.fixture
def municipalities(municipality_index):
    """Karmøy with two public articles, Bodø behind a password with one, and a
    third municipality whose own article is for a group."""
    karmoy = MunicipalityPageFactory(parent=municipality_index, title="Karmøy")
    bodo = MunicipalityPageFactory(parent=municipality_index, title="Bodø")
    vardo = MunicipalityPageFactory(parent=municipality_index, title="Vardø")
    for title in ("Første bolig", "Andre bolig"):
        ExperienceArticlePageFactory(parent=karmoy, title=title)
    ExperienceArticlePageFactory(parent=bodo, title="Bak passord")
    for_group = ExperienceArticlePageFactory(parent=vardo, title="For gruppen")
    PageViewRestriction.objects.create(
        page=bodo, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    PageViewRestriction.objects.create(
        page=for_group, restriction_type=PageViewRestriction.LOGIN
    )
    return municipality_index


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_a_type_below_a_page_is_read_without_a_like_per_restriction(
    client, municipalities
):
    """The query that took seconds at 10,000 pages: a type below a page, far in. Its
    statements leave the restricted pages out by their paths' starts, read the type's
    own table, and never ask for the id of every public page."""
    url = f"{PAGES}?descendant_of={municipalities.pk}&type={ARTICLES}&offset=1"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert titles(response) == ["Andre bolig"]
    assert response.json()["meta"]["total_count"] == 2
    statements = " ".join(query["sql"] for query in queries)
    for restriction in PageViewRestriction.objects.select_related("page"):
        assert f"{restriction.page.path}%" not in statements
    assert "IN (SELECT" not in statements.upper()


def test_an_offset_beyond_the_cap_is_refused_with_a_message(client, municipalities):
    assert client.get(f"{PAGES}?type={ARTICLES}&offset=10000").status_code == 200
    response = client.get(f"{PAGES}?type={ARTICLES}&offset=10001")
    assert response.status_code == 400
    assert response.json() == {
        "message": "offset kan ikke være større enn 10000. Avgrens listen med "
        "type, child_of eller descendant_of i stedet."
    }


def test_each_client_has_a_limit(client, municipalities, settings):
    settings.API_LIMIT_PER_CLIENT = (3, 60)
    start = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for offset in range(3):
            assert client.get(f"{PAGES}?offset={offset}").status_code == 200
        # Cached answers count too: the limit is the client's, not the database's.
        refused = client.get(f"{PAGES}?offset=0")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"
        assert refused.json() == {
            "message": "For mange forespørsler fra denne adressen. "
            "Prøv igjen om 1 minutt."
        }
        assert "no-store" in refused["Cache-Control"]
        # Images and documents count in the same limit; another client has its own.
        assert client.get("/api/v2/images/").status_code == 429
        other = client.get(PAGES, REMOTE_ADDR="192.0.2.7")
        assert other.status_code == 200
        clock.shift(datetime.timedelta(seconds=61))
        assert client.get(PAGES).status_code == 200


def _statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.postgresql
def test_a_statement_over_the_time_limit_answers_503_in_json(
    client, municipality_index, settings
):
    """Another connection holds the articles' table; the API's statement waits for it
    until its own short timeout, and the client is told to try again."""
    settings.API_STATEMENT_TIMEOUT = 0.2
    before = _statement_timeout()
    assert client.get(PAGES).status_code == 200
    assert _statement_timeout() == before  # nothing left behind in the transaction

    database = connection.settings_dict
    with psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"],
        password=database["PASSWORD"],
        host=database["HOST"],
        port=database["PORT"] or 5432,
        options="-c lock_timeout=5s",
    ) as other:
        other.execute(
            "LOCK TABLE learning_experiencearticlepage IN ACCESS EXCLUSIVE MODE"
        )
        response = client.get(f"{PAGES}?type={ARTICLES}")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert "tok for lang tid" in response.json()["message"]
    # The request's transaction was rolled back; this one goes on as before.
    assert _statement_timeout() == before
    assert titles(client.get(f"{PAGES}?type={ARTICLES}")) == []


def test_a_search_among_restricted_pages_finds_the_public_ones(client, municipalities):
    """The search backends cannot read how restricted pages are left out; they are
    given the public pages' ids instead, and still answer."""
    url = f"{PAGES}?search=bolig&type={ARTICLES}&descendant_of={municipalities.pk}"
    assert sorted(titles(client.get(url))) == ["Andre bolig", "Første bolig"]
    assert titles(client.get(f"{PAGES}?search=passord")) == []
