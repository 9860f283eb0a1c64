"""The one pagination helper for every listing on the site."""

from django.core.paginator import Paginator


def paginate(request, items, per_page, param="side"):
    """The requested page of ``items``; a bad or too-large number gives the nearest page.

    Returns the page object and a query string for the other request parameters, so
    page links keep the filters (``?{{ querystring }}side=2``).
    """
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get(param))
    return page, other_parameters(request, param)


def other_parameters(request, param="side"):
    """The request's query string without ``param``, ending in ``&`` when not empty."""
    others = request.GET.copy()
    others.pop(param, None)
    querystring = others.urlencode()
    return (querystring + "&") if querystring else ""
