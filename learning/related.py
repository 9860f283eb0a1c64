"""Related knowledge at the foot of an article, a practice or a presentation.

Pages that share themes with this one: other municipalities before the page's own (the
point is to learn from others), then the most shared themes, then the newest. The
templates ask for it (``{% related_knowledge %}``, ``learning_tags``) inside the
page's cached fragment, so it is worked out only when that fragment is missing.

The ranking looks at the newest ``WINDOW`` pages of each kind that share a theme, read
newest first along the date index: what is read stays the same however much knowledge
the portal holds (at 10,000 items some 2,500 pages share a theme with any one page).
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Value,
    When,
)

from learning.models import ExperienceArticlePage, GoodPracticePage
from portal import public_pages

RELATED_SIZE = 6
# How many of the newest pages sharing a theme are ranked.
WINDOW = 100


def _ranked(model, page, tag_ids, size):
    """The ids of the first ``size`` live, public pages of ``model`` in the order above
    (a subquery: the database ranks and the caller reads only these)."""
    through = model.tags.through.objects
    newest = (
        model.objects.live()
        .filter(public_pages.public())
        .exclude(pk=page.pk)
        .filter(
            Exists(through.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids))
        )
        .order_by("-date", "-pk")
        .values("pk")[:WINDOW]
    )
    links = through.filter(tag_id__in=tag_ids, content_object__in=newest)
    own = (
        When(content_object__municipality_id=page.municipality_id, then=Value(1))
        if page.municipality_id is not None
        else When(pk__isnull=True, then=Value(1))
    )
    return (
        links.values("content_object_id")
        .annotate(
            own=Max(Case(own, default=Value(0), output_field=IntegerField())),
            shared=Count("tag_id", distinct=True),
            date=Max("content_object__date"),
        )
        .order_by("own", "-shared", "-date", "-content_object_id")
        .values("content_object_id")[:size]
    )


def related_knowledge(page, size=RELATED_SIZE):
    """Up to ``size`` live, public articles and practices sharing themes with
    ``page``, in the order above; none for a page without themes."""
    tag_ids = {tag.pk for tag in page.themes}
    if not tag_ids:
        return []
    candidates = []
    for model in (ExperienceArticlePage, GoodPracticePage):
        candidates.extend(
            model.objects.filter(pk__in=_ranked(model, page, tag_ids, size))
            .select_related("municipality")
            .prefetch_related("tags")
        )
    for other in candidates:
        other.shared = len(tag_ids.intersection(tag.pk for tag in other.tags.all()))
    candidates.sort(
        key=lambda other: (
            page.municipality_id is not None
            and other.municipality_id == page.municipality_id,
            -other.shared,
            -other.date.toordinal(),
            -other.pk,
        )
    )
    return candidates[:size]
