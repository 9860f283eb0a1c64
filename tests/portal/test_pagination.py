"""The pagination every list shares (templates/components/pagination.html)."""

import pytest
from bs4 import BeautifulSoup
from django.core.paginator import Paginator
from django.db.models import Value
from django.template.loader import render_to_string
from django.test import RequestFactory

from portal.models import Person
from portal.pagination import paginate
from tests.factories import ImageFactory


def links(number, pages=12):
    page = Paginator(range(pages * 10), 10).page(number)
    html = render_to_string(
        "components/pagination.html", {"page_obj": page, "querystring": "q=bolig&"}
    )
    nav = BeautifulSoup(html, "html.parser").find("nav")
    items = [li.get_text(strip=True) for li in nav.find_all("li")]
    current = nav.find("a", attrs={"aria-current": "page"})
    return items, current


@pytest.mark.parametrize(
    "number, shown",
    [
        (1, ["", "1", "2", "3", "…", "12", "Neste"]),
        (6, ["Forrige", "1", "…", "4", "5", "6", "7", "8", "…", "12", "Neste"]),
        (12, ["Forrige", "1", "…", "10", "11", "12", ""]),
    ],
)
def test_the_current_page_is_marked_among_its_neighbours(number, shown):
    items, current = links(number)
    assert items == shown
    assert current.get_text() == str(number)
    assert current["href"] == f"?q=bolig&side={number}"
    assert current["data-variant"] == "primary"


@pytest.mark.django_db
def test_each_page_of_a_queryset_holds_its_share_in_order(django_user_model):
    """Pages read by their ids hold what slicing the whole list would, in its
    order, with ties on the sort key included once each."""
    for number in range(23):
        django_user_model.objects.create(
            username=f"bruker{number:02}", first_name=str(number % 4)
        )
    people = django_user_model.objects.order_by("first_name", "-username")
    everyone = list(people)
    shown = []
    for number in (1, 2, 3):
        request = RequestFactory().get("/", {"side": number})
        page, _ = paginate(request, people, 10)
        shown += list(page.object_list)
        assert len(page.object_list) == len(everyone[(number - 1) * 10 :][:10])
    assert shown == everyone
    # A list of ids is paged as it is.
    ids = people.values_list("pk", flat=True)
    page, _ = paginate(RequestFactory().get("/", {"side": 3}), ids, 10)
    assert list(page.object_list) == [person.pk for person in everyone[20:]]


@pytest.mark.django_db
def test_a_page_keeps_the_lists_deferred_fields_related_rows_and_values(
    django_assert_num_queries,
):
    photo = ImageFactory()
    for number in range(12):
        Person.objects.create(
            name=f"Person {number:02}", slug=f"person-{number}", photo=photo
        )
    listing = Person.objects.defer("bio").select_related("photo").order_by("-name")
    page, _ = paginate(RequestFactory().get("/", {"side": 2}), listing, 10)
    with django_assert_num_queries(1):
        people = list(page.object_list)
        assert [person.photo.title for person in people] == [photo.title] * 2
    assert [person.name for person in people] == ["Person 01", "Person 00"]
    assert people[0].get_deferred_fields() == {"bio"}
    named = listing.annotate(label=Value("navn"))
    page, _ = paginate(RequestFactory().get("/", {"side": 2}), named, 10)
    assert [person.label for person in page.object_list] == ["navn", "navn"]
