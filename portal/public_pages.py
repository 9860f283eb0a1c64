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
an image (``shown_image``) without asking the database about its collection, and the
live pages shown in menus (``menu_pages``), which every page's main menu lists.
"""

from itertools import groupby

from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast, Substr
from django.db.models.lookups import In
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

from portal import content_version

# What a path in ``_special_paths`` belongs to.
RESTRICTED_PAGE, ALIAS, RESTRICTED_COLLECTION, IN_MENUS = (
    "page",
    "alias",
    "collection",
    "menu",
)


def _special_paths():
    """[(kind, path, id, title, url_path, content type id)] for every page with a view
    restriction, every alias, every collection with a view restriction and every live
    page shown in menus (the last with its title, address and type): one query, kept
    under the content version (each of them raises it). Each part is read along its
    own index, not by checking every page."""

    def build():
        # A typed NULL: the first part's column gives the union its type.
        no_text, no_type = Value("", CharField()), Cast(None, IntegerField())
        parts = [
            PageViewRestriction.objects.values_list(
                Value(RESTRICTED_PAGE),
                "page__path",
                "page_id",
                no_text,
                no_text,
                no_type,
            ),
            Page.objects.filter(alias_of__isnull=False).values_list(
                Value(ALIAS), "path", "pk", no_text, no_text, no_type
            ),
            CollectionViewRestriction.objects.values_list(
                Value(RESTRICTED_COLLECTION),
                "collection__path",
                "collection_id",
                no_text,
                no_text,
                no_type,
            ),
            Page.objects.filter(live=True, show_in_menus=True).values_list(
                Value(IN_MENUS), "path", "pk", "title", "url_path", "content_type_id"
            ),
        ]
        parts = [part.order_by() for part in parts]
        return list(parts[0].union(*parts[1:], all=True))

    # Named for its rows' shape: a server of an older release, sharing the cache
    # for a while, reads its own.
    return content_version.cached(("special-paths", 6), build, 24 * 3600)


def _roots(kind):
    """The paths of ``kind`` that no other one is below, sorted: what is restricted
    is these and everything below them."""
    roots = []
    for path in sorted(path for of, path, *_ in _special_paths() if of == kind):
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
    return [path for of, path, *_ in _special_paths() if of in (RESTRICTED_PAGE, ALIAS)]


def menu_pages(parent):
    """The live children of ``parent`` shown in menus that no view restriction hides,
    in the tree's order: pages with what an address needs (their url_path; the Sites'
    root paths come from the request), their title and their type."""
    depth = parent.depth + 1
    restricted = tuple(restricted_roots())
    rows = sorted(
        row
        for row in _special_paths()
        if row[0] == IN_MENUS
        and row[1].startswith(parent.path)
        and len(row[1]) == depth * Page.steplen
        and not row[1].startswith(restricted)
    )
    return [
        Page(
            id=page_id,
            path=path,
            title=title,
            url_path=url_path,
            content_type_id=content_type_id,
        )
        for _, path, page_id, title, url_path, content_type_id in rows
    ]


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
