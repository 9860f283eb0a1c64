"""Related knowledge at the foot of an article, a practice or a presentation.

Pages that share themes with this one, the most shared themes first, other
municipalities before the page's own (the point is to learn from others). The
templates ask for it (``{% related_knowledge %}``, ``learning_tags``) inside the
page's cached fragment, so it is worked out only when that fragment is missing.
"""

from django.db.models import Count, Q

from learning.models import ExperienceArticlePage, GoodPracticePage

RELATED_SIZE = 6


def related_knowledge(page, size=RELATED_SIZE):
    """Up to ``size`` live, public articles and practices sharing themes with
    ``page``, in the order above; none for a page without themes."""
    tag_ids = [tag.pk for tag in page.themes]
    if not tag_ids:
        return []
    candidates = []
    for model in (ExperienceArticlePage, GoodPracticePage):
        candidates.extend(
            model.objects.live()
            .public()
            .exclude(pk=page.pk)
            .filter(tags__in=tag_ids)
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
            .select_related("municipality")
            .prefetch_related("tags")
            .order_by("-shared", "-date")[:size]
        )
    candidates.sort(
        key=lambda other: (
            page.municipality_id is not None
            and other.municipality_id == page.municipality_id,
            -other.shared,
            -other.date.toordinal(),
        )
    )
    return candidates[:size]
