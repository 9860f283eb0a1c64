import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal import content_version, prepared
from portal.blocks import BodyBlock

from .base import BasePage


def page_type_and_id(url_path):
    """The content type and id of the page at ``url_path``, or None."""
    # Unordered: ordering by the tree path would walk the whole tree.
    return (
        Page.objects.filter(url_path=url_path)
        .order_by()
        .values_list("content_type_id", "pk")
        .first()
    )


def served(model, pk):
    """The page of ``model`` with ``pk``, read with what its own template shows of
    its relations (``BasePage.served_with``), or None.

    Every request reads its page, warm or cold: a page read alone runs a query built
    once for its type (``portal.prepared``), which costs a third of building it anew.
    """
    if related := getattr(model, "served_with", ()):
        # Never select_related() without names: that joins every relation.
        return model.objects.filter(pk=pk).order_by().select_related(*related).first()
    pages = prepared.raw(
        model,
        ("served", model._meta.label),
        lambda page_id: model.objects.filter(pk=page_id).order_by(),
        [pk],
    )
    return next(iter(pages), None)


class HomePage(BasePage):
    """The front page: what the programme is, and the way into everything else.

    Apps above ``portal`` add their sections (latest articles, upcoming gatherings) through
    ``portal.registry``; their index pages are named in ``subpage_types`` by label, which
    imports nothing from them.
    """

    search_rank = 0.4  # a list ranks below the pages it lists

    hero_image = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("toppbilde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("innhold"), blank=True)

    # The photo, for the page and its sharing image.
    served_with = ("hero_image__collection",)
    # The size the page shows its photo in, read with its sharing crop.
    photo_size = "fill-800x500"

    content_panels = BasePage.content_panels + [
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.StandardPage",
        "portal.MunicipalityIndexPage",
        "learning.ExperienceIndexPage",
        "learning.GoodPracticeIndexPage",
        "learning.PresentationIndexPage",
        "events.GatheringIndexPage",
    ]
    max_count = 1

    class Meta:
        # Readers see a page's type in the search's results.
        verbose_name = _("forside")
        verbose_name_plural = _("forsider")

    def route(self, request, path_components):
        """Find a page below the front page by its whole address in one query.

        Wagtail walks the tree one level at a time, two queries a level. ``url_path``
        holds the whole address, and which page is there is kept with the published
        content, so only the page itself is read. The page's own ``route`` still
        decides (it refuses pages that are not live, and a routable page answers its
        "" route). Addresses that are no page's (a routable page's sub-route, say)
        take Wagtail's walk.
        """
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            found = content_version.cached(
                ("route", hashlib.sha256(url_path.encode()).hexdigest()),
                lambda: page_type_and_id(url_path),
                3600,
            )
            model = found and ContentType.objects.get_for_id(found[0]).model_class()
            if model is not None:
                page = served(model, found[1])
                if page is not None:
                    return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from portal import registry

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = registry.home_page_sections(request, self)
        return context


class StandardPage(BasePage):
    """A page of text: about the programme, the privacy statement, the accessibility statement."""

    body = StreamField(BodyBlock(), verbose_name=_("innhold"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("standardside")
        verbose_name_plural = _("standardsider")
