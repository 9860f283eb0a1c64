from django import template

from learning import related

register = template.Library()


@register.simple_tag
def related_knowledge(page):
    """``{% related_knowledge page as related %}``: the pages to read next
    (``learning.related``). Inside the page's cached fragment it is worked out only
    when the fragment is missing."""
    return related.related_knowledge(page)
