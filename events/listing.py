"""The gatherings list: upcoming first (soonest first), then past (newest first)."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from events.models import GatheringIndexPage, GatheringKind, GatheringPage
from learning import listing
from portal import public_pages
from portal.models import Region
from portal.pagination import paginate

KIND = listing.Facet(
    "type", _("Type samling"), "kind", choices=dict(GatheringKind.choices)
)
REGION = listing.Facet("region", _("Region"), "region", choices=dict(Region.choices))
YEAR = listing.YearFacet("ar", _("År"), "start__year")
FACETS = (KIND, REGION, YEAR, listing.THEME)


def _listing(request, index_page):
    gatherings = (
        GatheringPage.objects.live()
        .filter(public_pages.public())
        .descendant_of(index_page)
    )
    # The facets count the gatherings alone; only the ones shown need their seats.
    return listing.Listing(request, gatherings, FACETS, ordering=("-start", "-pk"))


def kept_lists():
    """Every live list of gatherings without filters, for its counts to be kept."""
    return [
        _listing(listing.WITHOUT_FILTERS, index)
        for index in GatheringIndexPage.objects.live()
    ]


def gathering_listing(request, index_page):
    now = timezone.now()
    filtered = _listing(request, index_page)

    # Read only when the template's cached lists are missing. A past gathering's
    # registration has closed, so its seats are not counted.
    past = SimpleLazyObject(
        lambda: paginate(
            request, filtered.results.filter(end__lt=now).order_by("-start", "-pk"), 20
        )
    )
    return {
        "listing": filtered,
        "facet_options": SimpleLazyObject(filtered.facet_options),
        "upcoming": SimpleLazyObject(
            lambda: list(
                filtered.results.with_seat_counts()
                .filter(end__gte=now)
                .order_by("start", "pk")
            )
        ),
        "past_page": SimpleLazyObject(lambda: past[0]),
        "querystring": SimpleLazyObject(lambda: past[1]),
        "now": now,
    }
