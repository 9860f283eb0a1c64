from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The home page's live children marked «show in menus», with the current one flagged."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    current = context.get("page")
    current_path = current.path if current is not None else ""
    items = site.root_page.get_children().live().public().in_menu().order_by("path")
    return [
        {
            "title": item.title,
            "url": item.get_url(request),
            "current": bool(current_path) and current_path.startswith(item.path),
            "exact": bool(current_path) and current_path == item.path,
        }
        for item in items
    ]


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
