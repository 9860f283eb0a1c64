import logging
import re
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from portal import public_pages, registry, written_standards
from portal.clients import client_ip
from portal.limits import Limit, minutes_text
from portal.models import Person
from portal.pagination import paginate
from portal.search import destinations, statistics
from portal.search import query as site_search
from portal.site_root import absolute_url

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"\w+")


def clean_query(raw):
    """The query as the reader meant it, and whether it had to be shortened.

    Control characters (which PostgreSQL refuses) are dropped and whitespace collapsed;
    anything longer than ``MAX_QUERY_LENGTH`` is cut.
    """
    query = " ".join(_CONTROL_CHARACTERS.sub(" ", raw).split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH].rstrip(), True
    return query, False


def search_terms(query):
    """Only the words: a search backend's own query syntax is never exposed to readers."""
    return " ".join(_WORD.findall(query))


def _specific_in_order(ids):
    """The specific pages (with their own fields) for ``ids``, in one query, same order."""
    specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    return [specific[pk] for pk in ids if pk in specific]


def promotions(query):
    """The editors' picks for the query: live pages and links pinned above the results."""
    if not query:
        return []
    return [
        promotion
        for promotion in SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(query)
        )
        .select_related("page")
        .order_by("sort_order")
        if promotion.page is None or promotion.page.live
    ]


def tagged_models():
    return [t.model for t in registry.search_types if hasattr(t.model, "tags")]


def themes_in_use():
    """The themes (tags) that some searchable page has and readers are offered
    (``registry.offered_themes``), as one query.

    Subqueries: the tag links are never read into Python.
    """
    in_use = Q(pk__in=[])
    for model in tagged_models():
        in_use |= Q(pk__in=model.tags.through.objects.values("tag_id"))
    themes = Tag.objects.filter(in_use)
    return registry.offered_themes(themes) if registry.offered_themes else themes


def _search_scope(request):
    """The pages to search, narrowed by ``type`` and ``tema`` when they name something.

    Page types and their themes come from the apps through ``registry.search_types``.
    """
    types = {search_type.slug: search_type for search_type in registry.search_types}
    chosen_type = types.get(request.GET.get("type", ""))
    tagged = tagged_models()
    themes = themes_in_use().order_by("name")
    theme = request.GET.get("tema", "")[:100]
    if theme and theme.isprintable() and registry.current_theme_slug:
        theme = registry.current_theme_slug(theme)  # an old address of a theme
    scope = (
        chosen_type.model.objects.live().filter(public_pages.public())
        if chosen_type
        else site_search.findable_pages()
    )
    if theme:
        # A slug holds no control characters (and PostgreSQL refuses NUL): no match.
        scope = scope.filter(
            pk__in=[
                pk
                for model in tagged
                for pk in model.objects.filter(tags__slug=theme).values_list(
                    "pk", flat=True
                )
            ]
            if theme.isprintable()
            else []
        )
    return scope, {
        "search_types": registry.search_types,
        "chosen_type": chosen_type,
        "themes": themes,
        "theme": theme,
    }


def _with_query(request, query, exact=False):
    """The search's query string (type, theme) with ``query`` as its query instead,
    searched as it is (``eksakt=1``: not corrected) when ``exact``."""
    if not query:
        return ""
    params = request.GET.copy()
    for param in ("side", "eksakt"):
        params.pop(param, None)
    params["q"] = query
    if exact:
        params["eksakt"] = "1"
    return params.urlencode()


@require_GET
def search(request):
    query, shortened = clean_query(request.GET.get("q", ""))
    has_terms = bool(_WORD.search(query))
    exact = request.GET.get("eksakt") == "1"
    scope, narrowing = _search_scope(request)
    results_page = querystring = suggestion = corrected = None
    picks, shortcuts, extra_hits = [], [], 0
    if has_terms:
        results = site_search.find(query, scope)
        results_page, querystring = paginate(request, results.ids, RESULTS_PER_PAGE)
        hits = results_page.paginator.count
        if hits < site_search.FEW_HITS and results.unknown:
            correction = site_search.correct(query, results.unknown, scope)
            if correction and not hits and not exact:
                # Nothing found, and the correction finds something: no dead end.
                corrected = correction.query
                results_page, querystring = paginate(
                    request, correction.results.ids, RESULTS_PER_PAGE
                )
            elif correction:
                suggestion = correction.query
        results_page.object_list = _specific_in_order(list(results_page.object_list))
        written_standards.mark(results_page.object_list)
        if "side" not in request.GET:  # a search, not a reader paging through one
            picks = promotions(query)
            shortcuts = destinations.matching(query, request)
            extra_hits = len(picks) + len(shortcuts)
            statistics.record(query, results_page.paginator.count + extra_hits)
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "shortened": shortened,
            "max_query_length": MAX_QUERY_LENGTH,
            "has_terms": has_terms,
            "results_page": results_page,
            "suggestion": suggestion,
            "suggestion_query": _with_query(request, suggestion),
            "corrected": corrected,
            "exact_query": _with_query(request, query, exact=True),
            "picks": picks,
            "shortcuts": shortcuts,
            "extra_hits": extra_hits,
            "querystring": querystring,
            "breadcrumb_title": _("Søk"),
            **narrowing,
        },
    )


PEOPLE_PER_PAGE = 50


@require_GET
def person_index(request):
    """Everyone who speaks, writes or is a contact, by name."""
    people, querystring = paginate(
        request,
        Person.objects.order_by("name", "pk"),
        PEOPLE_PER_PAGE,
    )
    return render(
        request,
        "portal/person_index.html",
        {
            "people": people,
            "querystring": querystring,
            "breadcrumb_title": _("Personer"),
        },
    )


@require_GET
def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.select_related("photo__collection", "municipality"), slug=slug
    )
    return render(
        request,
        "portal/person_detail.html",
        {
            "person": person,
            "sections": registry.person_sections(request, person),
            "empty_text": _(
                "Ingen innlegg eller artikler er knyttet til {name} ennå."
            ).format(name=person.name),
            "breadcrumb_title": person.name,
            "sharing_subject": person,
        },
    )


def _back_path(request, person):
    """Where «Tilbake» leads: the page the form was on, when it is a path on this
    site, else the person's page."""
    back = request.POST.get("tilbake", "")
    parts = urlsplit(back)
    if (
        back.startswith("/")
        and not back.startswith(("//", "/\\"))
        and not parts.scheme
        and not parts.netloc
        and back.isprintable()
        and url_has_allowed_host_and_scheme(back, allowed_hosts=None)
    ):
        return back
    return person.get_absolute_url()


@never_cache
@csrf_exempt  # it changes nothing; a token would keep the pages showing it uncached
@require_POST
def person_email(request, slug):
    """A person's e-mail address, shown only in the answer to a POST.

    No page, feed or API answer carries the address (a harvester reads those); a
    reader asks for it with a button (``components/person_email_form.html``), which
    a harvester must find and send as a form, and each client may ask
    ``CONTACT_EMAIL_LIMIT_PER_CLIENT`` times.
    """
    person = get_object_or_404(Person.objects.exclude(email=""), slug=slug)
    limit = Limit.from_setting(
        "contact-email-client",
        settings.CONTACT_EMAIL_LIMIT_PER_CLIENT,
    )
    wait = limit.take(client_ip(request))
    context = {
        "person": person,
        "back_url": _back_path(request, person),
        "breadcrumb_title": _("E-postadressen til {name}").format(name=person.name),
    }
    if wait is not None:
        response = render(
            request,
            "portal/person_email.html",
            {**context, "wait": minutes_text(wait)},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    return render(request, "portal/person_email.html", context)


def csrf_failure(request, reason=""):
    """The page for a form that arrives without a valid CSRF token.

    Under the admin it is a staff screen in the admin's look, leading back to the
    form; everywhere else the readers' page.
    """
    if request.path.startswith(reverse("wagtailadmin_home")):
        return _admin_csrf_failure(request)
    return render(
        request,
        "403_csrf.html",
        {"breadcrumb_title": _("Skjemaet kunne ikke sendes")},
        status=403,
    )


def _admin_csrf_failure(request):
    signed_in = request.user.is_authenticated and request.user.has_perm(
        "wagtailadmin.access_admin"
    )
    back_url = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back_url = ""
    return render(
        request,
        "403_csrf_admin.html",
        {
            "base_template": (
                "wagtailadmin/base.html"
                if signed_in
                else "wagtailadmin/admin_base.html"
            ),
            "signed_in": signed_in,
            "back_url": back_url,
        },
        status=403,
    )


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links: send them to the icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /sok/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_answers():
    probe = secrets.token_hex(8)
    cache.set("health-probe", probe, timeout=10)
    return cache.get("health-probe") == probe


@never_cache
@require_GET
def health(request):
    """For a load balancer: 200 when the database and the shared cache answer, else 503.

    The public learns nothing more than that; what failed goes to the log.
    """
    for name, check in (("database", _database_answers), ("cache", _cache_answers)):
        try:
            healthy = check()
        except Exception as error:  # noqa: BLE001 – any failure means "not healthy"
            logger.error("Health check: the %s failed: %s", name, error)
            healthy = False
        if not healthy:
            return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
