from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from .articles import THEMES_HELP
from .base import KnowledgePage, names


class PresentationPage(KnowledgePage):
    """A presentation (presentasjon): the slides of a talk, reusable wherever it was given.

    A page rather than a snippet, so it has an address, is found by search and the API,
    and can be linked from any number of gathering agendas.
    """

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("lysark"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Presentasjonen som PDF (helst) eller PowerPoint."),
    )
    speakers = ParentalManyToManyField(
        "portal.Person",
        verbose_name=_("foredragsholdere"),
        blank=True,
        related_name="presentations",
    )
    tags = ClusterTaggableManager(
        through="learning.PresentationTag",
        verbose_name=_("temaer"),
        blank=True,
        help_text=THEMES_HELP,
    )

    content_panels = KnowledgePage.content_panels + [
        FieldPanel("document"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("speakers"),
                FieldPanel("municipality"),
                FieldPanel("tags"),
            ],
            heading=_("Om presentasjonen"),
        ),
    ]

    api_fields = KnowledgePage.api_fields + [
        APIField("document"),
        APIField("speakers", serializer=names()),
    ]

    search_fields = KnowledgePage.search_fields + [
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("speakers", [index.SearchField("name")]),
    ]

    parent_page_types = ["learning.PresentationIndexPage"]
    subpage_types = []

    class Meta(KnowledgePage.Meta):
        verbose_name = _("presentasjon")
        verbose_name_plural = _("presentasjoner")
