"""What learning contributes to the portal's shared pages (topics, people, municipalities,
home page, search), registered in ``LearningConfig.ready``."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Max, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Site

from portal import public_pages, registry, sitemaps, written_standards
from portal.models import MunicipalityPage
from portal.views import tagged_models, themes_in_use

from .models import (
    ExperienceArticlePage,
    ExperienceIndexPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    HousingRates,
    MunicipalityResultsPage,
    PresentationIndexPage,
    PresentationPage,
    StatisticsFigure,
    StatisticsTable,
)

SECTION_SIZE = 10

KINDS = (
    (
        ExperienceArticlePage,
        ExperienceIndexPage,
        gettext_lazy("Erfaringer"),
        gettext_lazy("Se alle erfaringer"),
    ),
    (
        GoodPracticePage,
        GoodPracticeIndexPage,
        gettext_lazy("Gode eksempler"),
        gettext_lazy("Se alle gode eksempler"),
    ),
    (
        PresentationPage,
        PresentationIndexPage,
        gettext_lazy("Presentasjoner"),
        gettext_lazy("Se alle presentasjoner"),
    ),
)
SEARCH_SLUGS = {
    ExperienceArticlePage: "erfaringer",
    GoodPracticePage: "gode-eksempler",
    PresentationPage: "presentasjoner",
}


class TopicSitemap(sitemaps.LastmodSitemap):
    """The list of themes (/tema/) and the topic pages (/tema/<slug>/) of those in use
    and not retired (a retired theme's page asks not to be indexed).

    A topic page changes when a live, public page with its theme is published; the
    list when any of them is. Two queries, however many themes and pages.
    """

    def read(self):
        private = Page.objects.all().private_q()
        models = tagged_models()
        tags = (
            themes_in_use()
            .order_by("slug")
            .annotate(
                **{
                    f"published_{number}": sitemaps.latest(
                        sitemaps.live_outside(model, private).filter(
                            tags=OuterRef("pk")
                        ),
                        "last_published_at",
                    )
                    for number, model in enumerate(models)
                }
            )
        )
        for tag in tags:
            tag.lastmod = sitemaps.newest(
                getattr(tag, f"published_{number}") for number in range(len(models))
            )
        return [None, *tags]

    def location(self, tag):
        return reverse("topic", args=[tag.slug]) if tag else reverse("topics")

    def lastmod(self, tag):
        if tag is None:
            return sitemaps.newest(theme.lastmod for theme in self.items()[1:])
        return tag.lastmod


class ToolsSitemap(sitemaps.LastmodSitemap):
    """The calculator and the programme's results.

    The calculator changes with the rate set in force (from the day it applies); the
    results when a municipality's results are approved (published) or SSB's national
    figures they show are imported. Three queries.
    """

    def read(self):
        today = timezone.localdate()
        rates_from = HousingRates.objects.filter(valid_from__lte=today).aggregate(
            day=Max("valid_from")
        )["day"]
        approved = MunicipalityResultsPage.objects.live().aggregate(
            moment=Max("last_published_at")
        )["moment"]
        imported = StatisticsTable.objects.filter(
            figures__region=StatisticsFigure.NATIONAL
        ).aggregate(moment=Max("imported_at"))["moment"]
        return [
            ("calculator", _start_of(rates_from)),
            ("programme_results", sitemaps.newest([approved, imported])),
        ]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


def _start_of(day):
    """The first moment of ``day`` in the portal's time zone (None for None)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


INDEX_MODELS = (ExperienceIndexPage, GoodPracticeIndexPage, PresentationIndexPage)


def _index_urls(request):
    """The URL of each knowledge index page, kept on the request: from the main menu,
    where the lists are (read with the restricted paths), else in one query."""
    if not hasattr(request, "_learning_index_urls"):
        site = Site.find_for_request(request)
        pages = public_pages.menu_pages(site.root_page) if site else []
        types = {
            ContentType.objects.get_for_model(model).pk: model for model in INDEX_MODELS
        }
        urls = {
            types[page.content_type_id]: page.get_url(request)
            for page in pages
            if page.content_type_id in types
        }
        if len(urls) < len(INDEX_MODELS):
            urls = {
                page.specific_class: page.get_url(request)
                for page in Page.objects.live().type(*INDEX_MODELS)
            }
        request._learning_index_urls = urls
    return request._learning_index_urls


def _listed(pages):
    """``pages`` with what an item shows (``_item``): no bodies, and of the
    municipality only its name (joining its page's every column cost more to build
    than the query takes to run)."""
    return pages.defer_streamfields().annotate(
        municipality_title=F("municipality__title")
    )


def _item(request, page):
    meta = [date_format(page.date, "j. F Y")]
    if page.municipality_title:
        meta.append(page.municipality_title)
    return registry.Item(
        title=page.title,
        url=page.get_url(request),
        description=page.intro,
        meta=" · ".join(meta),
        written_standard=page.written_standard,
    )


def _section(
    request, model, index_model, title, more_label, queryset, more_query="", of=None
):
    """``of`` is what the section is about: a municipality page's own pages take
    its adopted standard without looking it up."""
    pages = list(_listed(queryset).order_by("-date", "-pk")[: SECTION_SIZE + 1])
    written_standards.mark(
        pages, municipality=of if isinstance(of, MunicipalityPage) else None
    )
    more_url = _index_urls(request).get(index_model, "")
    return registry.Section(
        title=title,
        items=[_item(request, page) for page in pages[:SECTION_SIZE]],
        more_url=f"{more_url}{more_query}"
        if more_url and len(pages) > SECTION_SIZE
        else "",
        more_label=more_label,
    )


def _kind_provider(model, index_model, title, more_label, selector, more_query=None):
    def provider(request, obj):
        queryset = selector(model.objects.live().filter(public_pages.public()), obj)
        query = more_query(obj) if more_query else ""
        return _section(
            request, model, index_model, title, more_label, queryset, query, of=obj
        )

    provider.__name__ = f"{model.__name__}_{selector.__name__}"
    return provider


def _by_tag(queryset, tag):
    return queryset.filter(tags=tag)


def _by_municipality(queryset, municipality):
    return queryset.filter(municipality=municipality)


def _by_author(queryset, person):
    model = queryset.model
    if model is ExperienceArticlePage:
        return queryset.filter(authors=person)
    return queryset.filter(speakers=person)


def _by_contact(queryset, person):
    """Good practices and experience articles that name ``person`` as their contact."""
    return queryset.filter(contact_person=person)


def register():
    registry.mentions_people(ExperienceArticlePage, "authors")
    registry.mentions_people(PresentationPage, "speakers")
    registry.mentions_people(GoodPracticePage, "contact_person")
    registry.mentions_people(ExperienceArticlePage, "contact_person")
    for model, index_model, title, more_label in KINDS:
        registry.topic_sections.register(
            _kind_provider(
                model,
                index_model,
                title,
                more_label,
                _by_tag,
                lambda tag: f"?tema={tag.slug}",
            )
        )
        registry.municipality_sections.register(
            _kind_provider(
                model,
                index_model,
                title,
                more_label,
                _by_municipality,
                lambda page: f"?kommune={page.slug}",
            )
        )
    registry.person_sections.register(
        _kind_provider(
            ExperienceArticlePage,
            ExperienceIndexPage,
            gettext_lazy("Artikler"),
            "",
            _by_author,
        )
    )
    registry.person_sections.register(
        _kind_provider(
            PresentationPage,
            PresentationIndexPage,
            gettext_lazy("Presentasjoner"),
            "",
            _by_author,
        )
    )
    registry.person_sections.register(
        _kind_provider(
            GoodPracticePage,
            GoodPracticeIndexPage,
            gettext_lazy("Kontaktperson for gode eksempler"),
            "",
            _by_contact,
        )
    )
    registry.person_sections.register(
        _kind_provider(
            ExperienceArticlePage,
            ExperienceIndexPage,
            gettext_lazy("Kontaktperson for erfaringer"),
            "",
            _by_contact,
        )
    )
    registry.home_page_sections.register(latest_knowledge)
    for model, _, title, _ in KINDS:
        registry.search_types.append(
            registry.SearchType(slug=SEARCH_SLUGS[model], label=title, model=model)
        )


def latest_knowledge(request, home):
    """The newest experiences and good practices together, for the home page."""
    size = 6
    pages = [
        page
        for model in (ExperienceArticlePage, GoodPracticePage)
        for page in _listed(
            model.objects.live().filter(public_pages.public())
        ).order_by("-first_published_at")[:size]
    ]
    pages.sort(key=lambda page: page.first_published_at, reverse=True)
    return registry.Section(
        title=gettext_lazy("Nytt fra kommunene"),
        items=[_item(request, page) for page in pages[:size]],
    )
