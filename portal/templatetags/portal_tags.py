import hashlib
from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail.models import Site

from portal import charts, content_version, public_pages, sharing, site_root

# Fragments built from published content live under its version (portal.content_version);
# this only bounds how long an unused one stays.
CACHE_SECONDS = 24 * 60 * 60

register = template.Library()


# Each written standard's name in itself, for the reader's choice on every page.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk"}


@register.simple_tag(takes_context=True)
def language_versions(context):
    """[{"code", "name", "url", "absolute_url", "current"}]: this address in each
    written standard, for the choice, and on the public address without the query for
    search engines (``hreflang``). The public addresses are the same in both but for
    the prefix (bokmål none, nynorsk /nn/: ``config.urls``), so a version is the
    address with its prefix changed."""
    request = context["request"]
    current = get_language()
    query = request.META.get("QUERY_STRING", "")
    versions = []
    for code, _name in settings.LANGUAGES:
        path = _with_prefix(request.path, current, code)
        versions.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "url": f"{path}?{query}" if query else path,
                "current": code == current,
                "absolute_url": site_root.absolute_url(path),
            }
        )
    return versions


def _with_prefix(path, current, code):
    """``path`` (an address in ``current``'s version) in ``code``'s version."""
    if current != settings.LANGUAGE_CODE:
        path = path.removeprefix(f"/{current}")
    if code != settings.LANGUAGE_CODE:
        path = f"/{code}{path}"
    return path


@register.simple_tag
def content_lang(page=None):
    """`` lang="nb"`` on an element that shows a page's own text (its title, its
    body) where the page is written in another standard than the interface around
    it, so that a screen reader reads it in its own; nothing where they agree.
    A page says which (``BasePage.written_standard``); others are in bokmål."""
    language = getattr(page, "written_standard", None) or settings.LANGUAGE_CODE
    if language == get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The home page's live children marked «show in menus», with the current one flagged.

    The items change only when something is published: they are cached under the
    content version, and only the flags are worked out for each request.
    """
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    current = context.get("page")
    current_path = current.path if current is not None else ""
    return [
        {
            **item,
            "current": bool(current_path) and current_path.startswith(item["path"]),
            "exact": bool(current_path) and current_path == item["path"],
        }
        for item in _menu_items(request, site)
    ]


def _menu_items(request, site):
    def build():
        # Read with the restricted paths (``public_pages.menu_pages``).
        return [
            {"title": page.title, "url": page.get_url(request), "path": page.path}
            for page in public_pages.menu_pages(site.root_page)
        ]

    return content_version.cached(("menu", site.pk), build, CACHE_SECONDS)


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """[{"title", "url", "home"}] for ``page``'s ancestors below the tree's root, the
    home page first.

    The ancestors are mostly pages the request has at hand: the site's home page and
    the main menu's sections, and those the page shows too (``ancestors_at_hand``: the
    municipality a page belongs to, a report's gathering). Only a page with another
    ancestor reads them (``page.breadcrumbs``).
    """
    request = context["request"]
    site = Site.find_for_request(request)
    wanted = [
        page.path[:end] for end in range(2 * page.steplen, len(page.path), page.steplen)
    ]
    known = {}
    if site is not None:
        root = site.root_page
        known[root.path] = {"title": root.title, "url": root.get_url(request)}
        for item in _menu_items(request, site):
            known[item["path"]] = {"title": item["title"], "url": item["url"]}
    if not all(path in known for path in wanted) and hasattr(page, "ancestors_at_hand"):
        # Read once for the page, which shows them too.
        for ancestor in page.ancestors_at_hand():
            known[ancestor.path] = {
                "title": ancestor.title,
                "url": ancestor.get_url(request),
            }
    if not all(path in known for path in wanted):
        known = {
            ancestor.path: {"title": ancestor.title, "url": ancestor.get_url(request)}
            for ancestor in page.breadcrumbs
        }
    return [{**known[path], "home": len(path) == 2 * page.steplen} for path in wanted]


@register.tag
def published_cache(parser, token):
    """``{% published_cache 300 "name" var … %}…{% endpublished_cache %}``

    The enclosed HTML, kept for at most that many seconds and only until something is
    published (``portal.content_version``), for each value of the variables. A preview
    always shows the draft's own.
    """
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs a number of seconds and a name."
        )
    nodelist = parser.parse(("endpublished_cache",))
    parser.delete_first_token()
    return PublishedCacheNode(
        nodelist,
        parser.compile_filter(bits[1]),
        parser.compile_filter(bits[2]),
        [parser.compile_filter(bit) for bit in bits[3:]],
    )


class PublishedCacheNode(template.Node):
    def __init__(self, nodelist, seconds, name, vary_on):
        self.nodelist = nodelist
        self.seconds = seconds
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        values = "\x1f".join(str(value.resolve(context)) for value in self.vary_on)
        return content_version.cached(
            (
                "fragment",
                self.name.resolve(context),
                hashlib.sha256(values.encode()).hexdigest(),
            ),
            lambda: self.nodelist.render(context),
            int(self.seconds.resolve(context)),
        )


@register.inclusion_tag("components/figure.html")
def figure(image, spec="width-800", caption="", css_class=""):
    """A photo with its caption and the credit every photo on the portal shows."""
    rendition = image.get_rendition(spec) if image else None
    return {
        "image": image,
        "rendition": rendition,
        "caption": caption,
        "css_class": css_class,
    }


@register.filter
def page_numbers(page):
    """The page numbers to link to around ``page``: the first and last, two on each
    side of the current one, and ``…`` (the paginator's ELLIPSIS) for the gaps."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def kroner(value):
    """An amount as bokmål writes it: «12 345 kr», «−500 kr»."""
    if value in (None, ""):
        return ""
    return f"{charts.format_number(value)} kr"


@register.filter
def plain_number(value):
    """A number as a person writes it: a decimal comma, no trailing zeros."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    return "" if value is None else value


@register.simple_tag
def footer_links():
    """(label, URL) of the tools and overviews the apps put in the footer."""
    from django.urls import reverse

    from portal import registry

    return [(label, reverse(name)) for label, name in registry.footer_links]


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This view's address on the public address, without its query: for the views
    that are not Wagtail pages (topics, people, search, the calculator, results)."""
    request = context.get("request")
    return site_root.absolute_url(request.path) if request else ""


@register.simple_tag(takes_context=True)
def sharing_image(context):
    """The sharing image (portal.sharing) of the page, or of what a view that is not a
    Wagtail page names as ``sharing_subject`` (a person); None when it has none."""
    subject = context.get("page") or context.get("sharing_subject")
    return sharing.sharing_image(subject, context.get("request"))
