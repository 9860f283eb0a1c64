"""The pages API's tree and type filters give exactly the public pages, whatever is asked.

A small tree with every kind of page that must not be shown (behind a password, for a
group, below a section for signed-in users, a draft, a page published and then
unpublished) is built once; Hypothesis combines ``descendant_of``, ``child_of``,
``type``, ``offset`` and ``limit``. The answer must be the live pages of those types in
that part of the tree with no view restriction on them or above them, worked out here
in Python from the rows, in the API's order (by id), the window that ``offset`` and
``limit`` ask for, and ``total_count``; a parent nobody may see, or a parameter out of
range, answers 400 with a message; never a 500 (the test client raises it). A detail
answers a public page and 404 for every other.

How many examples run is the Hypothesis profile's choice (tests/conftest.py).
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.utils.http import urlencode
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

from learning.models import ExperienceArticlePage, GoodPracticePage, PresentationPage
from portal.api import MAX_OFFSET
from portal.models import MunicipalityPage, StandardPage
from portal.site_root import ensure_home_page
from tests.factories import (
    MunicipalityIndexPageFactory,
    MunicipalityPageFactory,
    StandardPageFactory,
)
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
    GoodPracticePageFactory,
    PresentationPageFactory,
)

pytestmark = pytest.mark.django_db

LIMIT_MAX = 20  # Wagtail's WAGTAILAPI_LIMIT_MAX, which the portal keeps
TYPES = {
    "learning.ExperienceArticlePage": ExperienceArticlePage,
    "learning.GoodPracticePage": GoodPracticePage,
    "learning.PresentationPage": PresentationPage,
    "portal.MunicipalityPage": MunicipalityPage,
    "portal.StandardPage": StandardPage,
    "wagtailcore.Page": Page,
}


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    """The tree, rolled back when the module ends; the ids of the pages it has."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _build_tree()
            yield sorted(Page.objects.values_list("pk", flat=True))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()  # Wagtail's cached site roots point at rolled-back pages


def _build_tree():
    home = ensure_home_page()
    ExperienceIndexPageFactory(parent=home)
    municipalities = MunicipalityIndexPageFactory(parent=home)
    karmoy = MunicipalityPageFactory(parent=municipalities, title="Karmøy")
    bodo = MunicipalityPageFactory(parent=municipalities, title="Bodø")
    vardo = MunicipalityPageFactory(parent=municipalities, title="Vardø")
    for number in range(6):
        ExperienceArticlePageFactory(parent=karmoy, title=f"Erfaring {number}")
    for number in range(3):
        GoodPracticePageFactory(parent=karmoy, title=f"Eksempel {number}")
    PresentationPageFactory(parent=karmoy, title="Lysark fra Karmøy")
    # Behind a password: Bodø and all below it.
    ExperienceArticlePageFactory(parent=bodo, title="Erfaring fra Bodø")
    GoodPracticePageFactory(parent=bodo, title="Eksempel fra Bodø")
    PageViewRestriction.objects.create(
        page=bodo, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # Vardø is public; one of its articles is for a group, one is a draft and one
    # was published and then unpublished.
    ExperienceArticlePageFactory(parent=vardo, title="Erfaring fra Vardø")
    for_group = ExperienceArticlePageFactory(parent=vardo, title="For gruppen")
    PageViewRestriction.objects.create(
        page=for_group, restriction_type=PageViewRestriction.GROUPS
    ).groups.set([Group.objects.create(name="Ansatte")])
    ExperienceArticlePageFactory(parent=vardo, title="Utkast", live=False)
    withdrawn = ExperienceArticlePageFactory(parent=vardo, title="Trukket tilbake")
    withdrawn.unpublish()
    # A section for signed-in users, with a restricted page inside it too.
    section = StandardPageFactory(parent=home, title="Internt")
    inner = StandardPageFactory(parent=section, title="Internt notat")
    StandardPageFactory(parent=inner, title="Internt vedlegg")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    PageViewRestriction.objects.create(
        page=inner, restriction_type=PageViewRestriction.PASSWORD, password="y"
    )
    # Public standard pages at two levels.
    about = StandardPageFactory(parent=home, title="Om programmet")
    StandardPageFactory(parent=about, title="Mål")
    StandardPageFactory(parent=about, title="Organisering")


def public_pages():
    """Every public page, worked out from the rows: ``{id: (path, depth, class)}``."""
    root = ensure_home_page()
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    return {
        page.pk: (page.path, page.depth, page.specific_class)
        for page in Page.objects.all()
        if page.live
        and page.path.startswith(root.path)
        and not any(page.path.startswith(path) for path in restricted)
    }


def expected_ids(public, relation, parent, types):
    chosen = []
    for pk, (path, depth, cls) in public.items():
        if types and not issubclass(cls, tuple(types)):
            continue
        if relation:
            parent_path, parent_depth, _ = public[parent]
            if not path.startswith(parent_path) or depth <= parent_depth:
                continue
            if relation == "child_of" and depth != parent_depth + 1:
                continue
        chosen.append(pk)
    return sorted(chosen)


def parents(tree):
    """Any page of the tree, public or not, and ids that name no page."""
    return st.one_of(st.sampled_from(tree), st.sampled_from([0, max(tree) + 1]))


type_names = st.lists(st.sampled_from(list(TYPES)), max_size=2, unique=True)
offsets = st.one_of(st.integers(0, 25), st.sampled_from([MAX_OFFSET, MAX_OFFSET + 1]))
limits = st.one_of(st.none(), st.integers(0, LIMIT_MAX + 1))


@given(data=st.data())
def test_lists_are_exactly_the_public_pages_of_the_types_asked_for(client, tree, data):
    relation = data.draw(st.sampled_from([None, "descendant_of", "child_of"]))
    parent = data.draw(parents(tree)) if relation else None
    names = data.draw(type_names)
    offset = data.draw(st.one_of(st.none(), offsets))
    limit = data.draw(limits)

    params = {}
    if relation:
        params[relation] = parent
    if names:
        params["type"] = ",".join(names)
    if offset is not None:
        params["offset"] = offset
    if limit is not None:
        params["limit"] = limit
    response = client.get(f"/api/v2/pages/?{urlencode(params)}")

    public = public_pages()
    refused = (
        (relation and parent not in public)
        or (offset or 0) > MAX_OFFSET
        or (limit or 0) > LIMIT_MAX
    )
    if refused:
        assert response.status_code == 400, response.content
        assert response.json()["message"]
        return
    assert response.status_code == 200, response.content
    body = response.json()
    ids = expected_ids(public, relation, parent, [TYPES[name] for name in names])
    start = offset or 0
    stop = start + (LIMIT_MAX if limit is None else limit)
    assert body["meta"]["total_count"] == len(ids)
    assert [item["id"] for item in body["items"]] == ids[start:stop]


@given(data=st.data())
def test_walking_a_list_by_offset_gives_each_public_page_once(client, tree, data):
    relation = data.draw(st.sampled_from([None, "descendant_of", "child_of"]))
    public = public_pages()
    params = {"limit": data.draw(st.integers(3, 8))}
    if relation:
        params[relation] = data.draw(st.sampled_from(sorted(public)))
    names = data.draw(type_names)
    if names:
        params["type"] = ",".join(names)
    seen = []
    while True:
        response = client.get(
            f"/api/v2/pages/?{urlencode({**params, 'offset': len(seen)})}"
        )
        items = response.json()["items"]
        if not items:
            break
        seen += [item["id"] for item in items]
    parent = params.get(relation)
    assert seen == expected_ids(public, relation, parent, [TYPES[n] for n in names])


@given(data=st.data())
def test_a_page_is_shown_alone_only_when_it_is_public(client, tree, data):
    pk = data.draw(parents(tree))
    response = client.get(f"/api/v2/pages/{pk}/")
    if pk in public_pages():
        assert response.status_code == 200, response.content
        assert response.json()["id"] == pk
    else:
        assert response.status_code == 404, response.content
        assert response.json()["message"]
