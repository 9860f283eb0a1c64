"""Where the apps above ``portal`` plug in, so that ``portal`` never imports them.

An app registers in its ``AppConfig.ready()``::

    from portal import registry

    registry.person_sections.register(talks_by_person)

Only what ``portal``'s own pages and views show of the apps is here: sections on its
pages, the site search's page types and destinations, the footer's tools and the pages
naming a person. The apps' URLs are in their own ``urls.py`` and the sitemap's sections
are named in ``config.urls``; the page types allowed below ``portal``'s pages are
declared on its models.

A section provider is called with the request and the object the page is about and
returns a ``Section`` or ``None`` when it has nothing to show.
"""

from dataclasses import dataclass, field

from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class Item:
    """One link in a section: what it is called, where it is, and a line about it."""

    title: str
    url: str
    description: str = ""
    meta: str = ""
    # The written standard of the page it links to: its title and description are
    # that page's own text (what the portal says of it goes in ``meta``).
    written_standard: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    items: list = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""


class SectionRegistry:
    """An ordered list of section providers for one kind of page."""

    def __init__(self):
        self._providers = []

    def register(self, provider):
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def unregister(self, provider):
        self._providers.remove(provider)

    def __call__(self, request, obj):
        """The sections, worked out when first used (a cached fragment may not need them)."""

        def build():
            sections = (provider(request, obj) for provider in self._providers)
            return [section for section in sections if section and section.items]

        return SimpleLazyObject(build)


person_sections = SectionRegistry()
municipality_sections = SectionRegistry()
home_page_sections = SectionRegistry()
topic_sections = SectionRegistry()


@dataclass(frozen=True)
class SearchType:
    """A page type readers can narrow the site search to (``/sok/?type=<slug>``)."""

    slug: str
    label: str
    model: type


search_types = []

# The pages that name a person, as (page model, lookup from the page to the person):
# the person's page changes when one of them is published (portal.sitemaps).
person_mentions = []


def mentions_people(page_model, lookup):
    """Register that ``page_model``'s pages name people through ``lookup``
    (``"authors"``, ``"agenda_items__speakers"``)."""
    if (page_model, lookup) not in person_mentions:
        person_mentions.append((page_model, lookup))


# The footer's «Verktøy og oversikter»: (label, URL name) pairs the apps add.
footer_links = []

# What readers may also call a tool or an overview, for the site search to show it above
# its results when a query names it (portal.search.destinations): {target: words}. A
# target is a footer link's URL name (its label is searched too) or a page type
# ("app.Model"), whose first live page is shown.
search_keywords = {}

# The page types readers can be alerted to (portal.alerts): {page model: kind}, where
# the kind is ``"knowledge"`` (followed by theme, target group and municipality) or
# ``"gathering"``.
alert_kinds = {}


def announces(page_model, kind):
    """Register that a new page of ``page_model`` is news of ``kind`` for alerts."""
    alert_kinds[page_model] = kind


# What the app that tends the themes says of them: ``offered_themes(tags)`` narrows a
# queryset of tags to those offered to readers (``portal.views.themes_in_use``), and
# ``current_theme_slug(slug)`` gives the slug a theme has now for one it had (the site
# search's ``tema``). Every tag, and the slug as it is, when no app sets them.
offered_themes = None
current_theme_slug = None
