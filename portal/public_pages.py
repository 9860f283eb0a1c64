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

The same query reads the collections with a view restriction, so that a page shows
an image (``shown_image``) without asking the database about its collection.
"""

from itertools import groupby

from django.db.models import Q, Value
from django.db.models.functions import Substr
from django.db.models.lookups import In
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

from portal import content_version

# What a path in ``_special_paths`` belongs to.
RESTRICTED_PAGE, ALIAS, RESTRICTED_COLLECTION = "page", "alias", "collection"


def _special_paths():
    """[(kind, path)] for every page with a view restriction, every alias and every
    collection with a view restriction: one query, kept under the content version
    (each of them raises it). Each part is read along its own index, not by
    checking every page."""

    def build():
        parts = [
            PageViewRestriction.objects.values_list(
                Value(RESTRICTED_PAGE), "page__path"
            ),
            Page.objects.filter(alias_of__isnull=False).values_list(
                Value(ALIAS), "path"
            ),
            CollectionViewRestriction.objects.values_list(
                Value(RESTRICTED_COLLECTION), "collection__path"
            ),
        ]
        parts = [part.order_by() for part in parts]
        return list(parts[0].union(*parts[1:], all=True))

    return content_version.cached(("special-paths",), build, 24 * 3600)


def _roots(kind):
    """The paths of ``kind`` that no other one is below, sorted: what is restricted
    is these and everything below them."""
    roots = []
    for path in sorted(path for of, path in _special_paths() if of == kind):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def restricted_roots():
    """The paths of the pages with a view restriction that no other one is below,
    sorted; the restricted pages are these and every page below them."""
    return _roots(RESTRICTED_PAGE)


def restricted_or_alias_paths():
    """The paths of the pages with a view restriction and of aliases: a page below
    none of them has no restriction to read, its own or one an original would pass
    on (``BasePage.get_view_restrictions``)."""
    return [path for of, path in _special_paths() if of != RESTRICTED_COLLECTION]


def shown_image(image):
    """Whether ``image`` may be shown to anyone: its collection (read with it) is
    neither restricted nor below a restricted one. What the pages show asks this,
    without a query; storing a file asks the image itself (``is_restricted``)."""
    path = image.collection.path
    return not any(path.startswith(root) for root in _roots(RESTRICTED_COLLECTION))


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
