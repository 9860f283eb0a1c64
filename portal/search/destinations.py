"""Tools and overviews found by their own names: «kalkulator» leads to the calculator.

The calculator, the programme's results and the themes are Django views, not pages, so
the index never holds them; a list page (the gatherings) ranks below what it lists. When
every word of a query is one of a destination's names, after the same analysis as the
search's (``portal.search.norwegian``: ``Temaer`` and ``temaer`` meet), the search shows
it above its results.

The destinations are the footer's «Verktøy og oversikter» (``registry.footer_links``),
named by their labels, and the words the apps add in ``registry.search_keywords``.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils import translation

from portal import public_pages, registry
from portal.search import norwegian


@dataclass(frozen=True)
class Destination:
    title: str
    url: str


def _terms(*texts):
    return {word.term for text in texts for word in norwegian.words(text)}


def _names(label):
    """A footer label as the reader sees it, and in bokmål: the words the site's
    content is written in find it in either written standard."""
    with translation.override("nb"):
        bokmal = str(label)
    return str(label), bokmal


def matching(query, request=None):
    """The destinations every word of ``query`` names, in the order the apps added them."""
    wanted = _terms(query)
    if not wanted:
        return []
    found = []
    for label, url_name in registry.footer_links:
        names = _names(label)
        if wanted <= _terms(*names, *registry.search_keywords.get(url_name, ())):
            found.append(Destination(names[0], reverse(url_name)))
    for target, keywords in registry.search_keywords.items():
        if "." not in target or not wanted <= _terms(*keywords):
            continue
        page = (
            apps.get_model(target)
            .objects.live()
            .filter(public_pages.public())
            .order_by("path")
            .first()
        )
        if page is not None:
            found.append(Destination(page.title, page.get_url(request)))
    return found
