"""Random and hostile values at every public parameter: never a server error.

Hypothesis throws NUL and other control characters, numbers beyond 64 bits, negative
numbers, overlong strings, unicode, SQL and HTML fragments and repeated parameters at
the lists, search, feeds, topic and person pages, calendar files, the API and the
registration and cancel forms. Every answer must be below 500 (the test client raises
a view's exception, so a crash fails with its traceback), and a refused form stores
nothing.

The site is built once per module; each test runs in its own transaction on top of it.
How many examples run is the Hypothesis profile's choice (tests/conftest.py).
"""

import datetime
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils.http import urlencode
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import Collection, CollectionViewRestriction

from demo.loader import calculator_rates
from events.forms import RegistrationForm
from events.models import Registration, RegistrationStatus
from learning.calculator.forms import CalculatorForm
from portal.models import County, Region
from portal.site_root import ensure_home_page
from tests.events.factories import (
    GatheringIndexPageFactory,
    GatheringPageFactory,
    RegistrationFactory,
)
from tests.factories import (
    ImageFactory,
    MunicipalityIndexPageFactory,
    MunicipalityPageFactory,
    PersonFactory,
    ProgrammeGoalFactory,
    TargetGroupFactory,
)
from tests.learning.factories import (
    DocumentFactory,
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
    PresentationIndexPageFactory,
    PresentationPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A small site with every kind of content, rolled back when the module ends."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_site()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()  # Wagtail's cached site roots point at rolled-back pages


def _build_site():
    calculator_rates()
    home = ensure_home_page()
    municipalities = MunicipalityIndexPageFactory(parent=home)
    karmoy = MunicipalityPageFactory(
        parent=municipalities,
        title="Karmøy",
        slug="karmoy",
        county=County.ROGALAND,
        region=Region.VEST,
    )
    bodo = MunicipalityPageFactory(
        parent=municipalities, title="Bodø", slug="bodo", county=County.NORDLAND
    )
    ExperienceIndexPageFactory(parent=home)
    GoodPracticeIndexPageFactory(parent=home)
    PresentationIndexPageFactory(parent=home)
    person = PersonFactory(name="Kari Nordmann")
    group = TargetGroupFactory(name="Bostedsløse")
    goal = ProgrammeGoalFactory(name="Alle skal ha et godt sted å bo")
    ExperienceArticlePageFactory(
        parent=karmoy,
        title="Bostedsløse fikk egen bolig",
        tags=["Bostedsløse"],
        authors=[person],
        target_groups=[group],
    )
    practice = GoodPracticePageFactory(
        parent=bodo,
        title="Leie til eie",
        tags=["Eie"],
        target_groups=[group],
        programme_goals=[goal],
    )
    GoodPracticePageFactory(
        parent=karmoy, title="Leie til eie i Karmøy", adapted_from=practice
    )
    draft = GoodPracticePageFactory(parent=bodo, title="Hemmelig utkast")
    draft.unpublish()
    GoodPracticePageFactory(
        parent=bodo, title="Bygger på et utkast", adapted_from=draft
    )
    closed = Collection.get_first_root_node().add_child(name="Lukket")
    CollectionViewRestriction.objects.create(
        collection=closed, restriction_type=CollectionViewRestriction.LOGIN
    )
    PresentationPageFactory(
        parent=karmoy,
        title="Gjennomstrømning i tall",
        speakers=[person],
        document=DocumentFactory(title="Lysark"),
    )
    DocumentFactory(title="Intern", collection=closed)
    ImageFactory(title="Boligene")
    gatherings = GatheringIndexPageFactory(parent=home)
    now = datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)
    upcoming = GatheringPageFactory(
        parent=gatherings,
        title="Fagsamling om bostedsløse",
        slug="fagsamling",
        start=now + datetime.timedelta(days=3650),
        end=now + datetime.timedelta(days=3650, hours=7),
        registration_opens=now - datetime.timedelta(days=10),
        registration_closes=now + datetime.timedelta(days=3640),
        capacity=1000,
    )
    GatheringPageFactory(
        parent=gatherings,
        title="Oppstartsamling",
        slug="oppstart",
        start=now - datetime.timedelta(days=300),
        end=now - datetime.timedelta(days=300, hours=-7),
        registration_opens=now - datetime.timedelta(days=400),
        registration_closes=now - datetime.timedelta(days=301),
    )
    registration = RegistrationFactory(gathering=upcoming, email="kari@example.no")
    return {
        "gathering": upcoming,
        "karmoy": karmoy,
        "person": person,
        "token": registration.token,
        "registration": registration,
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits count in the cache: every test starts with none used."""
    cache.clear()


# Values chosen to hurt: what databases, parsers and templates stumble on.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 10,
    "\t\r\n",
    "\x01\x1f\x7f",
    "\u0085\u2028\u2029",
    "\ufeff",
    "\u202e",
    "0",
    "1",
    "-1",
    "-0",
    "+1",
    "1.5",
    "1e400",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "٣",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "9" * 40,
    "-" + "9" * 40,
    "2015",
    "2015-06-01",
    "2020-02-30",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59+14:00",
    "true",
    "null",
    "root",
    "random",
    "*",
    "_",
    "-title",
    "title,-title",
    "fields(",
    "a(b(c(d)))",
    "%",
    "%00",
    "\\",
    "'",
    '"',
    "' OR 1=1 --",
    "1; DROP TABLE wagtailcore_page; --",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% debug %}",
    "../../etc/passwd",
    "karmoy",
    "bostedslose",
    "Bostedsløse",
    "eie",
    "rogaland",
    "vest",
    "fagsamling",
    "bolig",
    "AND OR NOT",
    '"bolig" -karmøy',
    "learning.GoodPracticePage",
    "learning.ExperienceArticlePage,learning.PresentationPage",
    "wagtailcore.Page",
    "auth.User",
    "localhost:80",
    "localhost:" + "9" * 30,
    "æøå" * 100,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🏠",
    "x" * 5000,
]

# The values that break things most often, drawn more often than the rest.
WORST = [
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    " ",
    "",
    str(2**63),
    "9" * 40,
    "-" + "9" * 40,
    "1e400",
    "2020-02-30",
    "0001-01-01T00:00:00",
    "x" * 5000,
]
beyond_64_bits = st.one_of(
    st.integers(min_value=2**63 - 2, max_value=2**80),
    st.integers(min_value=-(2**80), max_value=-(2**63) + 1),
)
hostile_text = st.one_of(
    st.sampled_from(WORST),
    st.sampled_from(NASTY),
    beyond_64_bits.map(str),
    st.integers().map(str),
    st.text(max_size=40),
    st.text(st.characters(max_codepoint=0x20), max_size=10),
    st.integers(min_value=300, max_value=20_000).map(lambda n: "ø" * n),
)

# Raw query strings: bytes that are not UTF-8, broken escapes, empty pairs.
raw_query = st.lists(
    st.sampled_from(
        ["%FF", "%C3%28", "%00", "%", "%%", "%E2%82", "&", "=", "==", ";", "+", "%2B"]
        + ["q", "side", "tema", "offset", "search", "a"]
    ),
    max_size=12,
).map("".join)


def params(names):
    """A list of (name, value) pairs: names repeat, values are hostile."""
    return st.lists(
        st.tuples(st.sampled_from(names), hostile_text), min_size=1, max_size=5
    )


def get(client, path, pairs=(), raw=""):
    query = urlencode(list(pairs)) if pairs else raw
    response = client.get(f"{path}?{query}" if query else path)
    assert response.status_code < 500, (path, query, response.status_code)
    return response


LISTS = {
    "/erfaringer/": ["q", "side", "tema", "malgruppe", "kommune", "fylke", "ar"],
    "/gode-eksempler/": [
        "q",
        "side",
        "tema",
        "malgruppe",
        "programmal",
        "kommune",
        "fylke",
        "ar",
    ],
    "/presentasjoner/": ["q", "side", "tema", "kommune", "fylke", "ar"],
    "/samlinger/": ["q", "side", "type", "region", "ar", "tema"],
    "/kommuner/": ["fylke", "region", "side", "q"],
    "/sok/": ["q", "side", "type", "tema"],
}


@pytest.mark.parametrize("path", list(LISTS))
@given(data=st.data())
def test_lists_and_search(client, site, path, data):
    response = get(client, path, data.draw(params(LISTS[path])))
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        assert b'lang="nb"' in response.content


@given(path=st.sampled_from(list(LISTS)), raw=raw_query)
def test_lists_with_raw_query_strings(client, site, path, raw):
    get(client, path, raw=raw)


PAGES = [
    "/rss/",
    "/tema/bostedslose/",
    "/tema/bostedslose/rss/",
    "/samlinger/kalender.ics",
    "/samlinger/fagsamling/",
    "/samlinger/fagsamling/kalender.ics",
    "/kommuner/karmoy/",
    "/",
]


@given(path=st.sampled_from(PAGES), pairs=params(["q", "side", "tema", "format"]))
def test_feeds_topics_calendars_and_pages_ignore_parameters(client, site, path, pairs):
    response = get(client, path, pairs)
    assert response.status_code == 200


@given(pairs=params([*CalculatorForm.base_fields, "format"]))
def test_the_calculator_answers_any_input(client, site, pairs):
    response = get(client, "/kalkulator/", pairs)
    assert response.status_code in (200, 400)


@given(path=st.sampled_from(["/sitemap.xml", "/robots.txt"]), pairs=params(["p"]))
def test_sitemap_and_robots(client, site, path, pairs):
    response = get(client, path, pairs)
    assert response.status_code in (200, 404)


path_segment = st.one_of(
    st.sampled_from(WORST),
    st.sampled_from(NASTY),
    st.text(min_size=1, max_size=60),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=200),
)


@pytest.mark.parametrize(
    "template",
    [
        "/tema/{}/",
        "/tema/{}/rss/",
        "/personer/{}/",
        "/samlinger/{}/",
        "/samlinger/{}/kalender.ics",
        "/kommuner/{}/",
        "/{}/kalender.ics",
        "/pamelding/{}/",
        "/pamelding/{}/kalender.ics",
        "/evaluering/{}/",
        "/oppfolging/{}/",
        "/ingen-flere-eposter/{}/",
    ],
)
@given(segment=path_segment)
def test_addresses_with_hostile_segments(client, site, template, segment):
    response = get(client, template.format(quote(segment, safe="")))
    # 410: a learning-loop link that is closed, or was never one.
    assert response.status_code in (200, 301, 302, 404, 410), response.status_code


API_PAGES = [
    "limit",
    "offset",
    "fields",
    "order",
    "search",
    "search_operator",
    "rich_text_format",
    "type",
    "child_of",
    "ancestor_of",
    "descendant_of",
    "translation_of",
    "locale",
    "site",
    "format",
    "_",
    # Field filters, for the page types that have them.
    "id",
    "title",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "date",
    "municipality",
    "tags",
    "authors",
    "target_groups",
    "programme_goals",
    "period_start",
    "period_end",
    "status",
    "adapted_from",
    "document",
    "speakers",
    "unknown",
]
API_MEDIA = [
    "limit",
    "offset",
    "fields",
    "order",
    "search",
    "search_operator",
    "format",
    "id",
    "title",
    "width",
    "height",
    "tags",
    "collection",
]
PAGE_TYPES = [
    "learning.ExperienceArticlePage",
    "learning.GoodPracticePage",
    "learning.PresentationPage",
    "events.GatheringPage",
    "portal.MunicipalityPage",
]


def assert_api_answer(response):
    assert response.status_code in (200, 400, 404), response.status_code
    assert response["Content-Type"].startswith("application/json")
    if response.status_code != 200:
        assert response.json()["message"]
    body = response.content.decode()
    assert "Intern" not in body  # the document in the restricted collection
    assert "Hemmelig" not in body  # the unpublished practice


@given(
    page_type=st.one_of(st.none(), st.sampled_from(PAGE_TYPES)),
    pairs=params(API_PAGES),
)
def test_api_pages(client, site, page_type, pairs):
    pairs = ([("type", page_type)] if page_type else []) + pairs
    assert_api_answer(get(client, "/api/v2/pages/", pairs))


@given(
    endpoint=st.sampled_from(["pages", "images", "documents"]),
    key=st.one_of(st.integers().map(str), st.sampled_from(NASTY)),
    pairs=st.lists(st.tuples(st.sampled_from(["fields", "format"]), hostile_text)),
)
def test_api_detail(client, site, endpoint, key, pairs):
    response = get(client, f"/api/v2/{endpoint}/{quote(key, safe='')}/", pairs)
    assert response.status_code in (200, 400, 404), response.status_code
    if key.isascii() and key.isdigit():
        assert_api_answer(response)
    # Anything else is no API address: the site's own "not found" page.


@given(pairs=params(["id", "html_path", "type", "fields", "site"]))
def test_api_find(client, site, pairs):
    response = get(client, "/api/v2/pages/find/", pairs)
    assert response.status_code in (302, 400, 404), response.status_code


@given(endpoint=st.sampled_from(["images", "documents"]), pairs=params(API_MEDIA))
def test_api_media(client, site, endpoint, pairs):
    assert_api_answer(get(client, f"/api/v2/{endpoint}/", pairs))


FORM_FIELDS = [
    "name",
    "email",
    "municipality",
    "organisation",
    "role",
    "dietary_needs",
    "consent",
    "website",
    "started",
]


@pytest.mark.parametrize("field", FORM_FIELDS)
@given(data=st.data())
def test_registration_form(client, site, field, data):
    """One field at a time is hostile (sometimes twice); the rest is as a person sends it."""
    gathering = site["gathering"]
    form = {
        "name": "Ola Nordmann",
        "email": "ola@example.no",
        "municipality": str(site["karmoy"].pk),
        "organisation": "NAV",
        "role": "Rådgiver",
        "dietary_needs": "",
        "consent": "on",
        "website": "",
        "started": RegistrationForm().initial["started"],
    }
    form[field] = data.draw(hostile_text)
    body = list(form.items())
    body += [(field, value) for value in data.draw(st.lists(hostile_text, max_size=1))]
    before = set(Registration.objects.values_list("pk", flat=True))
    cache.clear()
    response = client.post(
        gathering.url,
        urlencode(body),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 400), response.status_code
    added = Registration.objects.exclude(pk__in=before)
    if response.status_code == 400:
        assert not added.exists()
        assert b'lang="nb"' in response.content
    else:
        # At most the one registration, with what passed the form's checks.
        assert added.count() <= 1
        for registration in added:
            assert "\x00" not in registration.name + registration.email
            registration.delete()


@given(
    token=st.one_of(path_segment, st.just("x" * 43)),
    body=st.lists(st.tuples(hostile_text, hostile_text), max_size=4),
)
def test_cancel_form(client, site, token, body):
    cache.clear()
    response = client.post(
        f"/pamelding/{quote(token, safe='')}/avmeld/",
        urlencode(body),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 404), response.status_code
    if token != site["token"]:
        assert (
            Registration.objects.get(pk=site["registration"].pk).status
            == RegistrationStatus.CONFIRMED
        )
