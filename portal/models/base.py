from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from portal import content_version


def restricted_paths():
    """The tree paths of pages with a view restriction and of aliases, kept with the
    published content (both raise its version when they change)."""
    return content_version.cached(
        ("restricted-paths",),
        lambda: [
            *PageViewRestriction.objects.values_list("page__path", flat=True),
            *Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True),
        ],
        24 * 3600,
    )


class BasePage(Page):
    """Fields and behaviour every public page shares: an intro and its breadcrumb trail."""

    intro = models.TextField(
        "ingress",
        max_length=500,
        blank=True,
        help_text="Ett eller to setninger som oppsummerer siden. Vises øverst og i lister.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro", boost=1.5)]

    # How the site search weighs this kind of page: the pages that list others (index
    # pages) set it lower, so that content ranks above them.
    search_rank = 1.0

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """No query for the pages that nothing restricts, which are nearly all.

        Wagtail reads the page's ancestors and then their restrictions on every
        request. Where neither the page nor an ancestor is restricted or an alias
        (whose original's restrictions would apply), there is nothing to read.
        """
        if not any(self.path.startswith(path) for path in restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @property
    def breadcrumbs(self):
        """Ancestors below the tree's root, the home page first."""
        # Base pages: a crumb needs only a title and an address (from url_path).
        return self.get_ancestors().filter(depth__gt=1)

    @property
    def meta_description(self):
        return self.search_description or self.intro
