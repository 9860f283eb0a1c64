"""The pages API's ``?search=`` finds what the site search (/sok/) finds, in its order,
among the pages the API may show, over the demo content."""

import pytest
from django.contrib.auth.models import Group
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site

from events.models import GatheringPage
from learning.models import ExperienceArticlePage, GoodPracticePage
from portal.api import MAX_OFFSET
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.usefixtures("demo_once")

PAGES = "/api/v2/pages/"
SEARCH_URL = "/sok/"


def site_search(client, **params):
    """Every page /sok/ lists for ``params``, in its order, and its correction."""
    ids, side = [], 1
    while True:
        response = client.get(SEARCH_URL, {**params, "side": side})
        assert response.status_code == 200
        results = response.context["results_page"]
        ids += [page.pk for page in results.object_list]
        if not results.has_next():
            return ids, response.context["corrected"]
        side += 1


def api_search(client, **params):
    """Every page the API lists for ``params``, walking through it by ``offset``, and
    its ``meta``."""
    ids, meta = [], None
    while meta is None or len(ids) < meta["total_count"]:
        response = client.get(PAGES, {**params, "offset": len(ids), "limit": 20})
        assert response.status_code == 200, response.content
        body = response.json()
        assert meta is None or body["meta"] == meta
        meta = body["meta"]
        if not body["items"]:
            break
        ids += [item["id"] for item in body["items"]]
    return ids, meta


def _label(model):
    return f"{model._meta.app_label}.{model.__name__}"


@pytest.mark.parametrize(
    "query",
    [
        "karmoy",  # diacritics folded: Karmøy
        "Karmøy",
        "bolig",  # a part of compounds
        "utleieboligene",  # a compound, inflected
        "bostedsløse",  # a stem
        "bostedslos",
        "bostedløse",  # a typo that finds nothing: corrected
        "startlån unge",  # two words: both
        "hvordan kan kommunen hjelpe bostedsløse til å eie sin egen bolig",  # sentence
        "leiemarked!",  # punctuation
        "housing first",  # never corrected, nothing found
        "ilte",  # a fragment finds nothing
        "og",  # stop words only
    ],
)
def test_the_api_finds_what_the_site_search_finds_in_its_order(client, query):
    site_ids, corrected = site_search(client, q=query)
    ids, meta = api_search(client, search=query)
    assert ids == site_ids
    assert meta == {
        "total_count": len(site_ids),
        "search": {"query": query, "corrected_to": corrected},
    }


def test_karmoy_finds_the_pages_about_karmoy(client):
    ids, meta = api_search(client, search="karmoy")
    assert meta["total_count"] >= 7
    assert meta["search"]["corrected_to"] is None
    assert Page.objects.get(pk=ids[0]).title == "Karmøy kommune"


def test_a_typo_is_searched_as_corrected_and_says_so(client):
    ids, meta = api_search(client, search="bostedløse")
    assert meta["search"] == {"query": "bostedløse", "corrected_to": "bostedsløse"}
    assert ids == api_search(client, search="bostedsløse")[0]
    assert ids


@pytest.mark.parametrize(
    "query, search_type, model",
    [
        ("bolig", "erfaringer", ExperienceArticlePage),
        ("karmoy", "gode-eksempler", GoodPracticePage),
        ("bostedløse", "gode-eksempler", GoodPracticePage),
        ("samling", "samlinger", GatheringPage),
    ],
)
def test_a_type_narrows_as_on_the_site(client, query, search_type, model):
    site_ids, corrected = site_search(client, q=query, type=search_type)
    ids, meta = api_search(client, search=query, type=_label(model))
    assert site_ids
    assert ids == site_ids
    assert meta["search"]["corrected_to"] == corrected
    assert set(model.objects.filter(pk__in=ids).values_list("pk", flat=True)) == set(
        ids
    )


def test_a_theme_narrows_as_on_the_site(client):
    """The site's ``tema`` is the API's ``tags`` filter, searched together."""
    tag = (
        Tag.objects.filter(
            pk__in=GoodPracticePage.tags.through.objects.values("tag_id")
        )
        .order_by("name")
        .first()
    )
    site_ids, _ = site_search(client, q="bolig", type="gode-eksempler", tema=tag.slug)
    ids, _ = api_search(
        client, search="bolig", type=_label(GoodPracticePage), tags=tag.name
    )
    assert site_ids
    assert ids == site_ids


def test_offset_and_limit_cut_the_same_list(client):
    everything, meta = api_search(client, search="bolig")
    assert meta["total_count"] == len(everything) > 25
    response = client.get(PAGES, {"search": "bolig", "offset": 7, "limit": 11})
    assert [item["id"] for item in response.json()["items"]] == everything[7:18]
    assert response.json()["meta"]["total_count"] == len(everything)
    beyond = client.get(PAGES, {"search": "bolig", "offset": len(everything)})
    assert beyond.json()["items"] == []
    assert beyond.json()["meta"]["total_count"] == len(everything)
    too_far = client.get(PAGES, {"search": "bolig", "offset": MAX_OFFSET + 1})
    assert too_far.status_code == 400


def test_order_lists_the_same_pages_in_that_order(client):
    ranked, _ = api_search(client, search="bolig", type=_label(ExperienceArticlePage))
    ordered, meta = api_search(
        client, search="bolig", type=_label(ExperienceArticlePage), order="title"
    )
    assert sorted(ordered) == sorted(ranked)
    assert meta["total_count"] == len(ranked)
    titles = list(
        ExperienceArticlePage.objects.filter(pk__in=ordered)
        .order_by("title", "pk")
        .values_list("pk", flat=True)
    )
    assert ordered == titles
    assert ordered != ranked


def test_search_operator_asks_for_every_word_or_any(client):
    karmoy = set(api_search(client, search="karmoy")[0])
    bergen = set(api_search(client, search="bergen")[0])
    assert karmoy and bergen and karmoy != bergen
    both = api_search(client, search="karmoy bergen", search_operator="and")[0]
    either = api_search(client, search="karmoy bergen", search_operator="or")[0]
    assert set(both) == karmoy & bergen
    assert set(either) == karmoy | bergen
    assert both == api_search(client, search="karmoy bergen")[0]


@pytest.fixture
def private_pages():
    """Pages only some may see, each with the word «sjøsprøyt»: behind a password,
    for those logged in, for a group, below a restricted page, and a draft; and one
    public page with «bolig» and the word «solsikkeeng»."""
    home = Site.objects.get(is_default_site=True).root_page
    text = "Om sjøsprøyt og bolig."
    password = StandardPageFactory(parent=home, title="Passord", intro=text)
    login = StandardPageFactory(parent=home, title="Innlogget", intro=text)
    group = StandardPageFactory(parent=home, title="Gruppe", intro=text)
    StandardPageFactory(parent=password, title="Under passord", intro=text)
    StandardPageFactory(parent=home, title="Utkast", intro=text, live=False)
    StandardPageFactory(parent=home, title="Åpen", intro="Solsikkeeng og bolig.")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    PageViewRestriction.objects.create(
        page=login, restriction_type=PageViewRestriction.LOGIN
    )
    restriction = PageViewRestriction.objects.create(
        page=group, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Bare de innvidde"))


@pytest.mark.parametrize(
    "query",
    [
        "sjøsprøyt",
        "sjosproyt",
        "sjøspøyt",  # a typo of a word only private pages have: no correction
        "bolig sjøsprøyt",
        "solsikkeeng sjøsprøyt",
    ],
)
def test_a_page_that_is_not_public_is_never_found(client, private_pages, query):
    site_ids, corrected = site_search(client, q=query)
    ids, meta = api_search(client, search=query)
    assert ids == site_ids
    assert meta["search"]["corrected_to"] == corrected is None
    titles = set(Page.objects.filter(pk__in=ids).values_list("title", flat=True))
    assert not titles & {"Passord", "Innlogget", "Gruppe", "Under passord", "Utkast"}
    # Nor through a type's own table.
    typed, _ = api_search(client, search=query, type="portal.StandardPage")
    assert set(typed) <= set(ids)
    # Nor below a restricted page, which is as unknown to the API as a missing one.
    below = client.get(
        PAGES,
        {"search": query, "descendant_of": Page.objects.get(title="Passord").pk},
    )
    assert below.status_code == 400
    assert below.json() == {"message": "ancestor page doesn't exist"}


def test_a_word_only_private_pages_have_does_not_narrow_the_search(
    client, private_pages
):
    """As on the site: a word no public page has is left out, not a word that finds
    nothing (which would tell that a hidden page has it)."""
    alone, _ = api_search(client, search="solsikkeeng")
    assert api_search(client, search="solsikkeeng sjøsprøyt")[0] == alone
    assert Page.objects.get(pk=alone[0]).title == "Åpen"


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_media_are_searched_by_wagtail_and_say_what_was_searched(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"search": "karmoy!"})
    assert response.status_code == 200, response.content
    assert response.json()["meta"]["search"] == {
        "query": "karmoy!",
        "corrected_to": None,
    }
