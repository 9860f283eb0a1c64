"""Related knowledge at the foot of an article, a practice or a presentation.

Pages that share themes with this one: other municipalities before the page's own (the
point is to learn from others), then the most shared themes, then the newest. The
templates ask for it (``{% related_knowledge %}``, ``learning_tags``) inside the
page's cached fragment, so it is worked out only when that fragment is missing.

The ranking looks at the newest ``WINDOW`` pages of each kind that share a theme, read
newest first along the date index: what is read stays the same however much knowledge
the portal holds (at 10,000 items some 2,500 pages share a theme with any one page).

Both kinds are ranked together in one query over Wagtail's pages, each kind's date,
intro and municipality joined from its own table, and their themes are read in one
more: two queries, however many kinds are related. The ranking is built once for each
shape (``portal.prepared``): building it cost more than running it.
"""

import datetime
from functools import reduce
from operator import or_
from types import SimpleNamespace

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from wagtail.models import Page

from learning.models import ExperienceArticlePage, GoodPracticePage
from learning.models.base import themes_by_page
from portal import prepared, public_pages
from portal.models import MunicipalityPage
from portal.models.base import written_standard

RELATED_SIZE = 6
# How many of the newest pages of each kind sharing a theme are ranked.
WINDOW = 100
# The kinds of knowledge that are related, each with its own table and themes.
KINDS = (ExperienceArticlePage, GoodPracticePage)


def _sharing(model, tag_ids):
    """The links of a page of ``model`` (``OuterRef("pk")``) to ``tag_ids``."""
    return model.tags.through.objects.filter(
        content_object=OuterRef("pk"), tag_id__in=tag_ids
    ).order_by()


def _window(model, page_id, tag_ids):
    """The newest ``WINDOW`` live, public pages of ``model`` sharing a theme."""
    return (
        model.objects.live()
        .filter(public_pages.public())
        .exclude(pk=page_id)
        .filter(Exists(_sharing(model, tag_ids)))
        .order_by("-date", "-pk")
        .values("pk")[:WINDOW]
    )


def _in_windows(page_id, tag_ids):
    """A filter for the pages in any kind's window: one list of ids where the
    database can read windows together (a union), else one condition each."""
    windows = [_window(model, page_id, tag_ids) for model in KINDS]
    if connection.features.supports_slicing_ordering_in_compound:
        return Q(pk__in=windows[0].union(*windows[1:], all=True))
    return reduce(or_, (Q(pk__in=window) for window in windows))


def _of_kind(field):
    """``field`` of a page from whichever kind's table holds it."""
    return Coalesce(*(f"{model._meta.model_name}__{field}" for model in KINDS))


def _ranked(page_id, tag_ids, municipality_id, size):
    shared = Coalesce(
        *(
            Subquery(
                _sharing(model, tag_ids)
                .values("content_object")
                .annotate(count=Count("pk"))
                .values("count")
            )
            for model in KINDS
        ),
        output_field=IntegerField(),
    )
    own = Value(0)
    if municipality_id is not None:
        own = Case(
            When(_of_kind_is("municipality_id", municipality_id), then=Value(1)),
            default=Value(0),
        )
    return (
        Page.objects.filter(_in_windows(page_id, tag_ids))
        .annotate(
            date=_of_kind("date"),
            intro=_of_kind("intro"),
            shared=shared,
            own=own,
            municipality_ref=_of_kind("municipality"),
            language=_of_kind("language"),
        )
        # Read for the pages shown only: the database works out the rest of a
        # row after it has ranked and limited them.
        .annotate(
            municipality_title=Subquery(
                Page.objects.filter(pk=OuterRef("municipality_ref")).values("title")
            ),
            adopted_standard=Subquery(
                MunicipalityPage.objects.filter(pk=OuterRef("municipality_ref")).values(
                    "adopted_standard"
                )
            ),
        )
        .order_by("own", "-shared", "-date", "-pk")[:size]
    )


def _of_kind_is(field, value):
    return reduce(
        or_, (Q(**{f"{model._meta.model_name}__{field}": value}) for model in KINDS)
    )


def related_knowledge(page, size=RELATED_SIZE):
    """Up to ``size`` live, public articles and practices sharing themes with
    ``page``, in the order above; none for a page without themes.

    Each is a Wagtail page with what a list item shows: ``date``, ``intro``,
    ``municipality`` (its title) and ``themes``.
    """
    tag_ids = sorted(tag.pk for tag in page.themes)
    if not tag_ids:
        return []
    municipality = [page.municipality_id] if page.municipality_id else []

    def ranked(page_id, *values):
        municipality_id = values[0] if municipality else None
        return _ranked(page_id, values[len(municipality) :], municipality_id, size)

    shape = ("related", len(tag_ids), bool(municipality), size, WINDOW)
    related = list(
        prepared.raw(
            Page,
            (*shape, *public_pages.restricted_roots()),
            ranked,
            [page.pk, *municipality, *tag_ids],
        )
    )
    themes = themes_by_page([other.pk for other in related], KINDS)
    for other in related:
        if isinstance(other.date, str):  # SQLite's text, unconverted in a raw query
            other.date = datetime.date.fromisoformat(other.date)
        other.themes = themes.get(other.pk, [])
        other.written_standard = written_standard(
            other.language, other.adopted_standard or ""
        )
        if other.municipality_title:
            # What a list item shows of it: a page object would be built, and look
            # up its content type, for a title.
            other.municipality = SimpleNamespace(title=other.municipality_title)
    return related
