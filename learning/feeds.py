"""RSS 2.0 feeds of new experiences and good practices: all, and one per theme.

Every link is on the public address (``portal.site_root.base_url``): Django's feeds
would otherwise prefix the request's host and scheme, and the answer is cached.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag

from portal import public_pages
from portal.site_root import absolute_url

from .models import ExperienceArticlePage, GoodPracticePage

FEED_SIZE = 30
NOON = datetime.time(12)


class KnowledgeFeed(Feed):
    """New experience articles and good practices, newest first."""

    def get_object(self, request, slug=None):
        self.request = request
        return get_object_or_404(Tag, slug=slug) if slug else None

    def title(self, tag):
        base = _("Nye erfaringer og gode eksempler – Boligsosialt velferdsprogram")
        if tag:
            return _("Tema «%(name)s»: %(feed)s") % {"name": tag.name, "feed": base}
        return base

    def link(self, tag):
        # The home page in the feed's language (``/nn/`` for nynorsk).
        home = reverse("wagtail_serve", args=[""])
        return absolute_url(reverse("topic", args=[tag.slug]) if tag else home)

    def feed_url(self, tag):
        return absolute_url(self.request.path)

    def description(self, tag):
        return _("Erfaringsartikler og gode eksempler fra programkommunene.")

    def items(self, tag):
        pages = []
        for model in (ExperienceArticlePage, GoodPracticePage):
            queryset = (
                model.objects.live()
                .filter(public_pages.public())
                .select_related("municipality")
            )
            if tag:
                queryset = queryset.filter(tags=tag)
            pages.extend(queryset.order_by("-date", "-first_published_at")[:FEED_SIZE])
        pages.sort(key=lambda page: (page.date, page.first_published_at), reverse=True)
        return pages[:FEED_SIZE]

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        return page.intro

    def item_link(self, page):
        return absolute_url(page.get_url(self.request))

    def item_pubdate(self, page):
        """The article's own date (noon in Oslo), not when the page was saved."""
        return timezone.make_aware(datetime.datetime.combine(page.date, NOON))

    def item_updateddate(self, page):
        return page.last_published_at

    def item_categories(self, page):
        # The page types as the pages themselves name them, in the feed's language.
        names = {
            ExperienceArticlePage: _("Erfaringsartikkel"),
            GoodPracticePage: _("Godt eksempel"),
        }
        return [names.get(type(page)) or page._meta.verbose_name.capitalize()]

    def item_author_name(self, page):
        return page.municipality.title if page.municipality_id else "Husbanken"
