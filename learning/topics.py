"""What learning contributes to the portal's shared pages (topics, people, municipalities,
home page, search), registered in ``LearningConfig.ready``."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.formats import date_format
from wagtail.models import Page

from portal import registry, sitemaps
from portal.views import themes_in_use

from .models import (
    ExperienceArticlePage,
    ExperienceIndexPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    PresentationIndexPage,
    PresentationPage,
)

SECTION_SIZE = 10

KINDS = (
    (ExperienceArticlePage, ExperienceIndexPage, "Erfaringer", "Se alle erfaringer"),
    (
        GoodPracticePage,
        GoodPracticeIndexPage,
        "Gode eksempler",
        "Se alle gode eksempler",
    ),
    (
        PresentationPage,
        PresentationIndexPage,
        "Presentasjoner",
        "Se alle presentasjoner",
    ),
)
SEARCH_SLUGS = {
    ExperienceArticlePage: "erfaringer",
    GoodPracticePage: "gode-eksempler",
    PresentationPage: "presentasjoner",
}


class TopicSitemap(Sitemap):
    """The list of themes (/tema/) and the topic pages (/tema/<slug>/) of those in use."""

    limit = sitemaps.LIMIT

    def items(self):
        return [None, *themes_in_use().order_by("slug")]

    def location(self, tag):
        return reverse("topic", args=[tag.slug]) if tag else reverse("topics")


class ToolsSitemap(Sitemap):
    """The calculator and the programme's results."""

    def items(self):
        return ["calculator", "programme_results"]

    def location(self, name):
        return reverse(name)


def _index_urls(request):
    """The URL of each knowledge index page, in one query, cached on the request."""
    if not hasattr(request, "_learning_index_urls"):
        pages = (
            Page.objects.live()
            .type(ExperienceIndexPage, GoodPracticeIndexPage, PresentationIndexPage)
            .select_related("content_type")
        )
        request._learning_index_urls = {
            page.content_type.model_class(): page.get_url(request) for page in pages
        }
    return request._learning_index_urls


def _item(request, page):
    meta = [date_format(page.date, "j. F Y")]
    if page.municipality_id:
        meta.append(page.municipality.title)
    return registry.Item(
        title=page.title,
        url=page.get_url(request),
        description=page.intro,
        meta=" · ".join(meta),
    )


def _section(request, model, index_model, title, more_label, queryset, more_query=""):
    pages = list(
        queryset.select_related("municipality").order_by("-date", "-pk")[
            : SECTION_SIZE + 1
        ]
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
        queryset = selector(model.objects.live().public(), obj)
        query = more_query(obj) if more_query else ""
        return _section(request, model, index_model, title, more_label, queryset, query)

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
    if model is PresentationPage:
        return queryset.filter(speakers=person)
    return queryset.filter(contact_person=person)


def register():
    registry.sitemaps["tema"] = TopicSitemap
    registry.sitemaps["verktoy"] = ToolsSitemap
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
            ExperienceArticlePage, ExperienceIndexPage, "Artikler", "", _by_author
        )
    )
    registry.person_sections.register(
        _kind_provider(
            PresentationPage, PresentationIndexPage, "Presentasjoner", "", _by_author
        )
    )
    registry.person_sections.register(
        _kind_provider(
            GoodPracticePage,
            GoodPracticeIndexPage,
            "Kontaktperson for gode eksempler",
            "",
            _by_author,
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
        for page in model.objects.live()
        .public()
        .select_related("municipality")
        .order_by("-first_published_at")[:size]
    ]
    pages.sort(key=lambda page: page.first_published_at, reverse=True)
    return registry.Section(
        title="Nytt fra kommunene",
        items=[_item(request, page) for page in pages[:size]],
    )
