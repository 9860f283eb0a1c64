"""What people search for: counts per query and day, with nothing about who searched.

Wagtail's ``search_promotions`` has its own counts (``Query.add_hit``, one number per
query and day), but no count of the searches that found nothing, which is what the
editors' report is for; the site's search records here only, Wagtail's tables hold the
queries of the editors' picks and nothing else, and its search-terms report is left out
of the menu (``portal.wagtail_hooks``).
"""

import datetime

from django.conf import settings
from django.db.models import F, Sum
from django.utils import timezone

from portal.models import SearchQueryCount

MAX_QUERY = 200


def normalise(query):
    return " ".join(query.lower().split())[:MAX_QUERY]


def record(query, hits):
    """Count one search for ``query`` today, and whether it found nothing.

    A day's first count of a query also forgets the counts older than
    ``SEARCH_STATISTICS_DAYS``.
    """
    today = timezone.localdate()
    count, created = SearchQueryCount.objects.get_or_create(
        query=normalise(query), date=today
    )
    SearchQueryCount.objects.filter(pk=count.pk).update(
        searches=F("searches") + 1, without_hits=F("without_hits") + int(hits == 0)
    )
    if created:
        SearchQueryCount.objects.filter(
            date__lt=today - datetime.timedelta(days=settings.SEARCH_STATISTICS_DAYS)
        ).delete()


def most_searched(days, limit=50):
    """``(query, searches, without_hits)`` over the last ``days`` days, most first."""
    return _totals(days).order_by("-searches", "query")[:limit]


def not_found(days, limit=50):
    """The queries that found nothing over the last ``days`` days, most often first."""
    return (
        _totals(days).filter(without_hits__gt=0).order_by("-without_hits", "query")
    )[:limit]


def _totals(days):
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    return (
        SearchQueryCount.objects.filter(date__gte=since)
        .values("query")
        .annotate(searches=Sum("searches"), without_hits=Sum("without_hits"))
    )
