from django import template

from learning import related, similar

register = template.Library()


@register.simple_tag
def related_knowledge(page):
    """``{% related_knowledge page as related %}``: the pages to read next
    (``learning.related``). Inside the page's cached fragment it is worked out only
    when the fragment is missing."""
    return related.related_knowledge(page)


@register.simple_tag(takes_context=True)
def similar_practices(context, page):
    """``{% similar_practices page as section %}``: the newest practices of the other
    municipalities in the page's municipality's KOSTRA group (``learning.similar``),
    or None."""
    return similar.practice_peers(context.get("request"), page)
