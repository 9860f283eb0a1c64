"""The pages anyone may see: live, with no view restriction on them or above them.

Wagtail's ``public()`` adds a ``NOT (path LIKE … AND depth >= …)`` for every page with a
view restriction, and the database checks each of them on every row; inside an
``IN (subquery)`` that made one public API request take seconds at 10,000 pages. Here
the restricted paths are read once and kept under the content version (a restriction
saved or deleted raises it), and a page is left out when the start of its path is one
of them: one ``substr(path, 1, n) IN (…)`` for each length of restricted path, which the
database hashes, whatever the number of restrictions. The pages are the same.

The portal's own queries filter with ``public()`` rather than Wagtail's method of the
same name, which reads the restrictions again for each query: a page asks several.
"""

from itertools import groupby

from django.db.models import Q, Value
from django.db.models.functions import Substr
from django.db.models.lookups import In
from wagtail.models import Page, PageViewRestriction

from portal import content_version


def _special_paths():
    """[(path, restricted)] for every page with a view restriction or that is an
    alias: one query, kept under the content version (both raise it). Each half is
    read along its own index, not by checking every page."""

    def build():
        restricted = PageViewRestriction.objects.order_by().values_list(
            "page__path", Value(True)
        )
        aliases = (
            Page.objects.filter(alias_of__isnull=False)
            .order_by()
            .values_list("path", Value(False))
        )
        special = {}
        for path, is_restricted in restricted.union(aliases, all=True):
            special[path] = special.get(path, False) or is_restricted
        return list(special.items())

    return content_version.cached(("special-paths",), build, 24 * 3600)


def restricted_roots():
    """The paths of the pages with a view restriction that no other one is below,
    sorted; the restricted pages are these and every page below them."""
    roots = []
    for path in sorted(path for path, restricted in _special_paths() if restricted):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def restricted_or_alias_paths():
    """The paths of the pages with a view restriction and of aliases: a page below
    none of them has no restriction to read, its own or one an original would pass
    on (``BasePage.get_view_restrictions``)."""
    return [path for path, _ in _special_paths()]


def public(path="path"):
    """A filter for pages no view restriction hides: ``pages.live().filter(public())``.

    ``path`` names the page's path from the queryset's model: ``page__path`` for rows
    that belong to a page.
    """
    condition = Q()
    for length, paths in groupby(sorted(restricted_roots(), key=len), key=len):
        condition &= ~Q(In(Substr(path, 1, length), list(paths)))
    return condition


def live_public(model):
    """The live pages of ``model`` (a page type) that anyone may see."""
    return model._default_manager.live().filter(public())
