"""The pages anyone may see: live, with no view restriction on them or above them.

Wagtail's ``public()`` adds a ``NOT (path LIKE … AND depth >= …)`` for every page with a
view restriction, and the database checks each of them on every row; inside an
``IN (subquery)`` that made one public API request take seconds at 10,000 pages. Here
the restricted paths are read once and kept under the content version (a restriction
saved or deleted raises it), and a page is left out when the start of its path is one
of them: one ``substr(path, 1, n) IN (…)`` for each length of restricted path, which the
database hashes, whatever the number of restrictions. The pages are the same.
"""

from itertools import groupby

from django.db.models.functions import Substr
from django.db.models.lookups import In
from wagtail.models import PageViewRestriction

from portal import content_version


def restricted_roots():
    """The paths of the pages with a view restriction that no other one is below,
    sorted; the restricted pages are these and every page below them."""

    def build():
        roots = []
        paths = PageViewRestriction.objects.values_list("page__path", flat=True)
        for path in sorted(set(paths)):
            if not roots or not path.startswith(roots[-1]):
                roots.append(path)
        return roots

    return content_version.cached(("restricted-roots",), build, 24 * 3600)


def without_restricted(queryset, path="path"):
    """``queryset`` without the restricted pages and the pages below them.

    ``path`` names the page's path from the queryset's model: ``page__path`` for rows
    that belong to a page.
    """
    for length, paths in groupby(sorted(restricted_roots(), key=len), key=len):
        queryset = queryset.exclude(In(Substr(path, 1, length), list(paths)))
    return queryset


def live_public(model):
    """The live pages of ``model`` (a page type) that anyone may see."""
    return without_restricted(model._default_manager.live())
