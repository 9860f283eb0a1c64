from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from learning import listing
from portal import public_pages
from portal.models import BasePage

from .articles import ExperienceArticlePage, GoodPracticePage
from .base import with_themes
from .presentations import PresentationPage


class KnowledgeIndexPage(BasePage):
    """A list of one kind of knowledge from the whole tree, newest first, with filters."""

    search_rank = 0.4  # a list ranks below the pages it lists

    listing_model = None
    facets = ()

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        # Wagtail gives each subclass a default template of its own name (a class
        # attribute here would be overwritten); the three lists share one.
        return "learning/knowledge_index_page.html"

    def listing_queryset(self):
        return (
            self.listing_model.objects.live()
            .filter(public_pages.public())
            # A list shows no bodies; reading them would be most of the work.
            .defer_streamfields()
            .select_related("municipality")
        )

    def listing(self, request):
        return listing.Listing(request, self.listing_queryset(), self.facets)

    @classmethod
    def kept_lists(cls):
        """Every live list of knowledge without filters, for its counts to be kept."""
        return [
            index.listing(listing.WITHOUT_FILTERS)
            for model in (
                ExperienceIndexPage,
                GoodPracticeIndexPage,
                PresentationIndexPage,
            )
            for index in model.objects.live()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        knowledge = self.listing(request)
        context.update(
            listing=knowledge,
            items=SimpleLazyObject(lambda: with_themes(knowledge.page.object_list)),
            # Worked out only when the cached facets are missing.
            facet_options=SimpleLazyObject(knowledge.facet_options),
        )
        return context


class ExperienceIndexPage(KnowledgeIndexPage):
    """All experience articles (erfaringer), wherever in the tree they were written."""

    listing_model = ExperienceArticlePage
    facets = (
        listing.THEME,
        listing.TARGET_GROUP,
        listing.MUNICIPALITY,
        listing.COUNTY,
        listing.KOSTRA_GROUP,
        listing.YEAR,
    )

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["learning.ExperienceArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("oversikt over erfaringer")
        verbose_name_plural = _("oversikter over erfaringer")


class GoodPracticeIndexPage(KnowledgeIndexPage):
    """All good practices (gode eksempler), with facets for comparing them."""

    listing_model = GoodPracticePage
    facets = (
        listing.THEME,
        listing.TARGET_GROUP,
        listing.PROGRAMME_GOAL,
        listing.MUNICIPALITY,
        listing.COUNTY,
        listing.KOSTRA_GROUP,
        listing.YEAR,
    )

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["learning.GoodPracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("oversikt over gode eksempler")
        verbose_name_plural = _("oversikter over gode eksempler")


class PresentationIndexPage(KnowledgeIndexPage):
    """All presentations (presentasjoner): slides from gatherings and conferences."""

    listing_model = PresentationPage
    facets = (listing.THEME, listing.MUNICIPALITY, listing.COUNTY, listing.YEAR)

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["learning.PresentationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("oversikt over presentasjoner")
        verbose_name_plural = _("oversikter over presentasjoner")

    def listing_queryset(self):
        return (
            super()
            .listing_queryset()
            .select_related("document")
            .prefetch_related("speakers")
        )
