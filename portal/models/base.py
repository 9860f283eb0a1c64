from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Fields and behaviour every public page shares: an intro and its breadcrumb trail."""

    intro = models.TextField(
        "ingress",
        max_length=500,
        blank=True,
        help_text="Ett eller to setninger som oppsummerer siden. Vises øverst og i lister.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True

    @property
    def breadcrumbs(self):
        """Ancestors below the tree's root, the home page first."""
        return self.get_ancestors().filter(depth__gt=1).specific(defer=True)

    @property
    def meta_description(self):
        return self.search_description or self.intro
