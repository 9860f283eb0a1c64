from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.blocks import StreamValue
from wagtail.models import Page
from wagtail.search import index

from portal.compounds import compound_parts


class BasePage(Page):
    """Fields and behaviour every public page shares: an intro and its breadcrumb trail."""

    intro = models.TextField(
        "ingress",
        max_length=500,
        blank=True,
        help_text="Ett eller to setninger som oppsummerer siden. Vises øverst og i lister.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    # The text fields whose Norwegian compounds are split for search (see compound_parts).
    compound_fields = ("title", "intro")

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("search_compounds", boost=0.2),
    ]

    class Meta:
        abstract = True

    @property
    def breadcrumbs(self):
        """Ancestors below the tree's root, the home page first."""
        # Base pages: a crumb needs only a title and an address (from url_path).
        return self.get_ancestors().filter(depth__gt=1)

    @property
    def meta_description(self):
        return self.search_description or self.intro

    def search_compounds(self):
        texts = []
        for name in self.compound_fields:
            value = getattr(self, name)
            if isinstance(value, StreamValue):
                texts.extend(value.stream_block.get_searchable_content(value))
            else:
                texts.append(str(value or ""))
        return compound_parts(" ".join(texts))
