"""Links to pages in rich text, read by their addresses alone.

Wagtail reads every page a rich text links to in its specific form: one query for the
pages and one more for each kind of page among them, and then the Sites' root paths
from the cache for each link. A link needs only the page's address (``url_path``,
which no page type here changes), so the linked pages are read in one query, with the
root paths the request already holds (``portal.sites``).
"""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from portal import sites


class PageAddressLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        pages = {
            str(page.pk): page
            for page in Page.objects.filter(
                pk__in=[id_ for id_ in ids if id_.isdigit()]
            )
        }
        root_paths = sites.request_root_paths()
        if root_paths is not None:
            for page in pages.values():
                page._wagtail_cached_site_root_paths = root_paths
        return [pages.get(id_) for id_ in ids]
