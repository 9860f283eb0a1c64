"""What events contributes to person, topic and home pages through portal's registry."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import AgendaItem, GatheringPage
from portal import public_pages, registry


def _when(gathering):
    return gathering.date_span


def talks_by_person(request, person):
    items = (
        AgendaItem.objects.filter(speakers=person, page__live=True)
        .select_related("page", "presentation")
        .order_by("-start")
    )
    return registry.Section(
        title=_("Innlegg på samlinger"),
        items=[
            registry.Item(
                title=item.title,
                url=(
                    item.presentation.get_url(request)
                    if item.presentation and item.presentation.live
                    else item.page.get_url(request)
                ),
                meta=f"{item.page.title} · {_when(item.page)}",
                written_standard=item.page.written_standard,
            )
            for item in items
        ],
    )


def gatherings_with_theme(request, tag):
    gatherings = (
        GatheringPage.objects.live()
        .filter(public_pages.public())
        .filter(tags=tag)
        .defer_streamfields()  # a section shows no programme or description
        .order_by("-start")[:20]
    )
    return registry.Section(
        title=_("Samlinger"),
        items=[
            registry.Item(
                title=gathering.title,
                url=gathering.get_url(request),
                written_standard=gathering.written_standard,
                meta=f"{gathering.get_kind_display()} · {_when(gathering)}",
                description=gathering.intro,
            )
            for gathering in gatherings
        ],
    )


def upcoming_gatherings(request, home):
    gatherings = (
        GatheringPage.objects.live()
        .filter(public_pages.public())
        .upcoming()
        .defer_streamfields()  # a section shows no programme or description
        .with_seat_counts()[:4]
    )
    return registry.Section(
        title=_("Kommende samlinger"),
        items=[
            registry.Item(
                title=gathering.title,
                url=gathering.get_url(request),
                written_standard=gathering.written_standard,
                meta=" · ".join(
                    part
                    for part in (
                        gathering.get_kind_display(),
                        _when(gathering),
                        gathering.venue,
                        str(gathering.registration_state().label),
                    )
                    if part
                ),
            )
            for gathering in gatherings
        ],
    )


def register():
    registry.person_sections.register(talks_by_person)
    registry.mentions_people(GatheringPage, "agenda_items__speakers")
    registry.topic_sections.register(gatherings_with_theme)
    registry.home_page_sections.register(upcoming_gatherings)
    registry.search_types.append(
        registry.SearchType(
            slug="samlinger", label=gettext_lazy("Samlinger"), model=GatheringPage
        )
    )
