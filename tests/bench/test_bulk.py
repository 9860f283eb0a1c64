"""``python -m bench.bulk``: real pages in bulk, on top of the demo content; the writer
leaves the rows Wagtail's own API leaves."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import nested_form_data, streamfield

from bench.bulk import writer
from bench.bulk.generate import main
from bench.bulk.writer import generator_user
from events.models import GatheringIndexPage, GatheringPage, Registration
from learning.models import (
    ExperienceArticlePage,
    GoodPracticePage,
    PresentationIndexPage,
    PresentationPage,
)
from portal.models import MunicipalityPage, Person
from portal.municipalities_no import MUNICIPALITIES

# One process builds the generated site once (``--dist loadgroup``, Makefile).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("generated_site")]

N = 100  # 60 articles, 40 practices, 5 presentations, 2 gatherings


def run(*arguments):
    """What ``python -m bench.bulk ARGUMENTS`` prints."""
    lines = []
    assert main(list(arguments), report=lines.append) == 0
    return "\n".join(lines)


def snapshot():
    """The ids of everything the generator may add, to see what it leaves behind, and
    the reference index."""
    return {
        **{
            model.__name__: set(model.objects.values_list("pk", flat=True))
            for model in (Page, Person, Group, Collection)
        },
        "references": set(
            ReferenceIndex.objects.values_list(
                "base_content_type",
                "object_id",
                "to_content_type",
                "to_object_id",
                "content_path",
            )
        ),
    }


@pytest.fixture(scope="module")
def generated_site(demo_site, django_db_blocker):
    """The demo site topped up to N items, once for the module, in a transaction rolled
    back after it; what was there before."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = snapshot()
        run(str(N))
        yield before
        transaction.set_rollback(True)


@pytest.fixture
def generated(generated_site, demo_once):
    """The module's generated site (``generated_site``); each test in a transaction of
    its own within it."""
    return generated_site


def generated_pages(model):
    return model.objects.filter(owner=generator_user(create=False))


# A generation is a quarter of a minute on SQLite: it is made once for the module, and
# each test below checks several things about it.


def test_real_pages_below_the_right_parents_and_a_consistent_tree(generated):
    assert generated_pages(ExperienceArticlePage).count() == 60
    assert generated_pages(GoodPracticePage).count() == 40
    assert generated_pages(PresentationPage).count() == 5
    assert generated_pages(GatheringPage).count() == 2
    for model in (ExperienceArticlePage, GoodPracticePage):
        for page in generated_pages(model).select_related("municipality"):
            parent = page.get_parent().specific
            assert isinstance(parent, MunicipalityPage)
            assert page.municipality == parent
            assert page.url_path == f"{parent.url_path}{page.slug}/"
    for model, index in (
        (PresentationPage, PresentationIndexPage),
        (GatheringPage, GatheringIndexPage),
    ):
        parents = {page.get_parent().pk for page in generated_pages(model)}
        assert parents == {index.objects.get().pk}
    assert not Page.objects.filter(live=False).exists()
    assert all(not problems for problems in Page.find_problems())

    page = generated_pages(GoodPracticePage).first()
    assert page.live_revision == page.latest_revision
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 1
    revision = page.latest_revision.as_object()
    assert revision.title == page.title
    assert [figure.pk for figure in revision.figures.all()] == [
        figure.pk for figure in page.figures.all()
    ]
    assert set(
        PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
    ) == {"wagtail.create", "wagtail.publish"}

    # The admin's «usage» knows the page's links, as Wagtail itself records them.
    recorded = references(page)
    assert recorded
    ReferenceIndex.remove_for_object(page)
    ReferenceIndex.create_or_update_for_object(page)
    assert references(page) == recorded

    # People are found in the admin's choosers by name.
    person = writer.created_by(Person, generator_user()).first()
    found = get_search_backend().search(person.name, Person)
    assert person.pk in [other.pk for other in found]


def references(obj):
    return set(
        ReferenceIndex.get_references_for_object(obj).values_list(
            "content_type", "to_content_type", "to_object_id", "content_path"
        )
    )


def test_every_municipality_with_an_uneven_spread_and_full_gatherings(generated):
    numbers = set(
        MunicipalityPage.objects.values_list("municipality_number", flat=True)
    )
    assert {number for number, _, _ in MUNICIPALITIES} <= numbers
    karmoy = MunicipalityPage.objects.get(municipality_number="1149")
    assert (karmoy.title, karmoy.owner) == ("Karmøy kommune", None)
    # Two Herøy: told apart by their county, each with its own contributors.
    heroy = MunicipalityPage.objects.filter(title__startswith="Herøy kommune")
    assert sorted(heroy.values_list("title", flat=True)) == [
        "Herøy kommune (Møre og Romsdal)",
        "Herøy kommune (Nordland)",
    ]
    assert (
        Group.objects.filter(page_permissions__page__in=heroy).distinct().count() == 2
    )

    per_municipality = sorted(
        (page.numchild for page in MunicipalityPage.objects.all()), reverse=True
    )
    median = per_municipality[len(per_municipality) // 2]
    assert per_municipality[0] >= 10 * max(median, 1)

    for gathering in generated_pages(GatheringPage):
        items = gathering.agenda_items.all()
        assert len(items) in (4, 8)
        assert all(
            gathering.start <= item.start < item.end <= gathering.end for item in items
        )
        registrations = Registration.objects.filter(gathering=gathering)
        seated = registrations.seated().count()
        assert seated <= gathering.capacity
        if registrations.waiting().exists():
            assert seated == gathering.capacity


def test_an_admin_edits_and_publishes_and_search_finds(generated, admin_client):
    articles = generated_pages(ExperienceArticlePage)
    bodies = {page.title: words(page) for page in articles}
    title, word = min(
        ((title, word) for title, text in bodies.items() for word in text),
        key=lambda pair: sum(pair[1] in text for text in bodies.values()),
    )
    assert title in all_result_titles(admin_client, q=word, type="erfaringer")

    page = articles.order_by("pk").first()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Endret av redaktøren",
            "slug": page.slug,
            "body": streamfield([]),
            "date": "2020-01-01",
            "tags": "",
            "no_identifiable_persons": "on",
            "action-publish": "action-publish",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    response = admin_client.get(page.url)
    assert "Endret av redaktøren" in response.content.decode()
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 2


def words(page):
    text = strip_tags(" ".join(str(block.value) for block in page.body))
    return {word.lower() for word in re.findall(r"\w{7,}", text)}


def all_result_titles(client, **params):
    titles, number = [], 1
    while True:
        response = client.get("/sok/", {**params, "side": number})
        results = response.context["results_page"]
        titles += [page.title for page in results.object_list]
        if not results.has_next():
            return titles
        number += 1


def test_a_second_run_adds_nothing_and_clear_removes_only_that(generated):
    after_first = snapshot()
    assert "0 sider opprettet" in run(str(N))
    assert snapshot() == after_first
    run("--clear")
    assert snapshot() == generated
    assert all(not problems for problems in Page.find_problems())
    assert all(not problems for problems in Collection.find_problems())
