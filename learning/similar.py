"""«Kommuner som ligner»: practices and results of the municipalities in the same
KOSTRA group (SSB's grouping by size and economy, ``portal.KostraGroup``).

A municipality page shows the other municipalities of its group, each with the latest
figures of its results page, and their newest good practices; a good practice shows
the newest practices of the other municipalities in its municipality's group. Only
live pages anyone may see; nothing when the municipality has no group or its group
no other programme municipality.

What each costs does not depend on how many municipalities share the group: the
peers in one query, their figures in one, the practices in one (each read only when
the one before found something). The municipality page reads its group with itself
(``MunicipalityPage.served_with``); a practice reads its group with the practices.
"""

from dataclasses import dataclass

from django.db.models import F, Subquery, Value
from django.db.models.functions import Length, Substr
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from learning import topics
from learning.models import (
    GoodPracticeIndexPage,
    GoodPracticePage,
    MunicipalityResultsPage,
    OutcomeFigure,
)
from portal import public_pages, registry
from portal.models import County, MunicipalityPage

PEERS_SIZE = 12
PRACTICES_SIZE = 5
# The list filters' parameter (learning.listing.KOSTRA_GROUP).
FILTER_PARAM = "kostra"


@dataclass(frozen=True)
class GroupSection(registry.Section):
    """A section about a KOSTRA group, with a line naming the group and its source."""

    note: str = ""


def group_note(name, year):
    """«Store kommuner utenom de fire største byene (SSB, KOSTRA-gruppe 2008)»."""
    return _("%(group)s (SSB, KOSTRA-gruppe %(year)s)") % {"group": name, "year": year}


def _live(model):
    return model.objects.live().filter(public_pages.public())


def municipality_peers(request, municipality):
    """The municipality page's «Kommuner som ligner»: the other municipalities in its
    group, each with the latest of its approved figures."""
    group = municipality.kostra_group
    if group is None:
        return None
    peers = list(
        _live(MunicipalityPage)
        .filter(kostra_group_id=group.pk)
        .exclude(pk=municipality.pk)
        .order_by("title", "pk")[: PEERS_SIZE + 1]
    )
    if not peers:
        return None
    more = len(peers) > PEERS_SIZE
    peers = peers[:PEERS_SIZE]
    figures = _latest_figures(peers)
    counties = dict(County.choices)
    url = municipality.get_url(request) or ""
    index_url = url[: -len(municipality.slug) - 1] if url.endswith("/") else ""
    return GroupSection(
        title=_("Kommuner som ligner"),
        note=group_note(group.name, group.year),
        items=[
            registry.Item(
                title=peer.title,
                url=peer.get_url(request),
                meta=str(counties.get(peer.county, "")),
                description=figures.get(peer.path, ""),
            )
            for peer in peers
        ],
        more_url=f"{index_url}?{FILTER_PARAM}={group.code}"
        if more and index_url
        else "",
        more_label=_("Se alle kommunene i gruppen"),
    )


def _latest_figures(peers):
    """{peer's path: its results in a line}: the latest figure of each outcome type
    on the peer's live results page, as the peer's own page shows them. One query."""
    steplen = MunicipalityResultsPage.steplen
    figures = (
        OutcomeFigure.objects.filter(
            public_pages.public(path="page__path"),
            page__live=True,
            value__isnull=False,
        )
        .annotate(
            parent_path=Substr("page__path", 1, Length("page__path") - Value(steplen))
        )
        .filter(parent_path__in=[peer.path for peer in peers])
        .select_related("outcome_type", "page")
        .order_by("page__path", "year")
    )
    latest = {}
    for figure in figures:
        # The later year of the same type replaces the earlier.
        latest.setdefault(figure.parent_path, {})[figure.outcome_type] = figure
    lines = {}
    for path, by_type in latest.items():
        parts = [
            _("%(name)s: %(value)s %(unit)s (%(year)s)")
            % {
                "name": outcome_type.name,
                "value": figure.value,
                "unit": outcome_type.unit,
                "year": figure.year,
            }
            for outcome_type, figure in sorted(
                by_type.items(), key=lambda item: (item[0].sort_order, item[0].name)
            )
        ]
        if any(figure.page.example_data for figure in by_type.values()):
            parts.append(_("eksempeldata"))
        lines[path] = " · ".join(parts)
    return lines


def municipality_practices(request, municipality):
    """The municipality page's practices from the other municipalities in its group."""
    group = municipality.kostra_group
    if group is None:
        return None
    return _practices_section(
        request,
        _live(GoodPracticePage)
        .filter(municipality__kostra_group_id=group.pk)
        .exclude(municipality_id=municipality.pk),
    )


def practice_peers(request, practice):
    """A good practice's «Gode eksempler fra kommuner som ligner»: the newest practices
    of the other municipalities in its municipality's group (itself never)."""
    if not practice.municipality_id:
        return None
    group_of_practice = MunicipalityPage.objects.filter(
        pk=practice.municipality_id
    ).values("kostra_group_id")
    return _practices_section(
        request,
        _live(GoodPracticePage)
        .filter(municipality__kostra_group_id=Subquery(group_of_practice))
        .exclude(municipality_id=practice.municipality_id)
        .exclude(pk=practice.pk),
    )


def _practices_section(request, practices):
    pages = list(
        practices.defer_streamfields()
        .annotate(
            municipality_title=F("municipality__title"),
            group_code=F("municipality__kostra_group__code"),
            group_name=F("municipality__kostra_group__name"),
            group_year=F("municipality__kostra_group__year"),
            municipality_standard=F("municipality__adopted_standard"),
        )
        .order_by("-date", "-pk")[: PRACTICES_SIZE + 1]
    )
    if not pages:
        return None
    for page in pages:  # the standard its municipality adopted, read with it
        page.written_standard = page.standard_with(page.municipality_standard or "")
    first = pages[0]
    more_url = _practice_list_url(request) if len(pages) > PRACTICES_SIZE else ""
    return GroupSection(
        title=_("Gode eksempler fra kommuner som ligner"),
        note=group_note(first.group_name, first.group_year),
        items=[
            registry.Item(
                title=page.title,
                url=page.get_url(request),
                description=page.intro,
                meta=" · ".join(
                    [date_format(page.date, "j. F Y"), page.municipality_title]
                ),
                written_standard=page.written_standard,
            )
            for page in pages[:PRACTICES_SIZE]
        ],
        more_url=f"{more_url}?{FILTER_PARAM}={first.group_code}" if more_url else "",
        more_label=_("Se alle gode eksempler fra gruppen"),
    )


def _practice_list_url(request):
    # The knowledge lists' addresses as the other sections find them: from the main
    # menu, kept on the request.
    return topics._index_urls(request).get(GoodPracticeIndexPage, "")


def register():
    """After the municipality's own sections (learning.topics, learning.results)."""
    registry.municipality_sections.register(municipality_peers)
    registry.municipality_sections.register(municipality_practices)
