"""Queries built once for each shape and run with their values."""

import pytest
from wagtail.models import Page

from portal import prepared

pytestmark = pytest.mark.django_db


def test_each_run_has_its_own_values_the_shape_its_constants():
    def build(depth, *ids):  # depth: a positive field, its value adapted apart
        return Page.objects.filter(depth=depth, pk__in=ids).order_by("pk")

    root = Page.objects.get(depth=1)
    home = Page.objects.filter(depth=2).first()
    shape = ("test-pages", 1)
    first = prepared.raw(Page, shape, build, [1, root.pk])
    second = prepared.raw(Page, shape, build, [2, home.pk])

    assert [page.pk for page in first] == [root.pk]
    assert [page.pk for page in second] == [home.pk]
    assert first.raw_query == second.raw_query


def test_a_value_the_query_does_not_hold_is_refused():
    with pytest.raises(ValueError, match="not a parameter"):
        prepared.raw(
            Page, ("test-unused",), lambda depth: Page.objects.filter(depth=2), [1]
        )


def test_text_stands_in_too_and_rows_come_as_tuples():
    def build(slug, depth):
        return Page.objects.filter(slug=slug, depth=depth).values_list("slug", "depth")

    home = Page.objects.filter(depth=2).first()
    shape = ("test-slugs",)
    assert prepared.rows(shape, build, [home.slug, 2]) == [(home.slug, 2)]
    assert prepared.rows(shape, build, ["finnes-ikke", 2]) == []
    assert prepared.rows(shape, build, ["root", 1]) == [("root", 1)]
