"""Read-only Wagtail API v2 at /api/v2/: pages, images and documents.

Page types say which of their fields the API shows with ``api_fields``.

The API is as public as the site's pages without a login: it serves live pages without
view restrictions, and images and documents outside any collection with a view
restriction, whoever asks (a shared cache in front may keep an answer for everyone).
Related pages, images and documents inside an answer follow the same rule.

``?search=`` finds pages as the site search (``/sok/``) does, among the pages the other
parameters leave, and says in ``meta.search`` what it searched for (``WordsSearchFilter``).

Parameters the database cannot take (a NUL, a number beyond 64 bits, a date that does
not exist) answer 400 with a message, as Wagtail does for the mistakes it knows.

Anyone may ask, so no request may cost much, whatever its parameters:

- the public pages are found without Wagtail's ``public()`` (``portal.public_pages``),
  and a single type is read from its own table, not as ``pk IN (every public page)``:
  the two together made one request of a type below a page take seconds at 10,000
  pages; a window far into a list sorts ids, not whole rows;
- ``offset`` stops at ``MAX_OFFSET`` (a 400 says to narrow the list instead);
- each client may make ``API_LIMIT_PER_CLIENT`` requests (429 with ``Retry-After``);
- on PostgreSQL each statement of a request may run ``API_STATEMENT_TIMEOUT`` seconds;
  one that is cancelled answers 503 with a message, not a 500.

``bench.pages`` times the API at scale.
"""

import datetime
import functools
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, models, transaction
from django.http import Http404, JsonResponse
from django.utils.cache import add_never_cache_headers
from rest_framework import relations
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from taggit.managers import TaggableManager
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageSerializer,
    RelatedField,
)
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from portal import content_version, public_pages
from portal.clients import client_ip
from portal.limits import Limit, minutes_text
from portal.public_pages import live_public
from portal.search import query as site_search
from portal.views import clean_query, search_terms

logger = logging.getLogger(__name__)

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
SEARCH_OPERATORS = ("and", "or")
# Far enough to walk through every page of a type (20 at a time); further, a list
# must be narrowed (type, child_of, descendant_of) instead.
MAX_OFFSET = 10_000
QUERY_CANCELED = "57014"  # PostgreSQL's code for a statement cancelled by its timeout


def _integer(value):
    """``value`` as an integer the database can hold, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if BIGINT_MIN <= number <= BIGINT_MAX else None


def restricted_collection_ids():
    """Collections with a view restriction, and every collection below them."""
    paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    ).values_list("path", flat=True)
    below = models.Q(pk__in=[])
    for path in paths:
        below |= models.Q(path__startswith=path)
    return set(Collection.objects.filter(below).values_list("pk", flat=True))


def site_pages(request, model=Page):
    """Live pages of ``model`` without view restrictions, on the site asked for.

    Wagtail's ``get_public_pages_queryset``, for every visitor alike: the API answers
    the same to all (a shared cache may keep an answer), so a page behind a password
    stays out even for a visitor who has given it.
    """
    queryset = live_public(model)
    site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    if not site:
        return queryset.none()
    within = queryset.descendant_of(site.root_page, inclusive=True)
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        for translation in site.root_page.get_translations():
            within |= queryset.descendant_of(translation, inclusive=True)
    return within


def _message(status, message, retry_after=None):
    """A JSON answer no cache keeps, as Wagtail's own errors look."""
    response = JsonResponse({"message": message}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def limited(view):
    """Each client's requests count against ``API_LIMIT_PER_CLIENT``; past it, 429."""

    @functools.wraps(view)
    def limited_view(request, *args, **kwargs):
        limit = Limit.from_setting("api-client", settings.API_LIMIT_PER_CLIENT)
        wait = limit.take(client_ip(request))
        if wait is not None:
            return _message(
                429,
                "For mange forespørsler fra denne adressen. Prøv igjen om "
                f"{minutes_text(wait)}.",
                wait,
            )
        return view(request, *args, **kwargs)

    return limited_view


def bounded(view):
    """On PostgreSQL, each statement of the request may run ``API_STATEMENT_TIMEOUT``
    seconds (``SET LOCAL`` in a transaction around the view); a statement cancelled
    for it answers 503.
    """

    @functools.wraps(view)
    def bounded_view(request, *args, **kwargs):
        seconds = settings.API_STATEMENT_TIMEOUT
        if connection.vendor != "postgresql" or seconds <= 0:
            return view(request, *args, **kwargs)
        nested = connection.in_atomic_block
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT current_setting('statement_timeout'), "
                        "set_config('statement_timeout', %s, true)",
                        [f"{round(seconds * 1000)}ms"],
                    )
                    previous = cursor.fetchone()[0]
                response = view(request, *args, **kwargs)
                if nested:  # SET LOCAL would outlive the request in the outer one
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT set_config('statement_timeout', %s, true)",
                            [previous],
                        )
                return response
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
                raise
            logger.warning(
                "API statement cancelled after %s s: %s",
                seconds,
                request.get_full_path(),
            )
            return _message(
                503,
                "Forespørselen tok for lang tid og ble avbrutt. Prøv igjen senere, "
                "eller be om færre sider.",
                30,
            )

    return bounded_view


def _visible(value, context):
    """Whether a related object may be shown to anyone who asks."""
    if isinstance(value, Page):
        # Items often share a related page (their municipality): ask once for each.
        known = context.setdefault("_visible_pages", {})
        if value.pk not in known:
            base = context.get("base_queryset")
            if base is None:
                base = Page.objects.live().filter(public_pages.public())
            known[value.pk] = base.filter(pk=value.pk).exists()
        return known[value.pk]
    if hasattr(value, "collection_id"):
        if "_restricted_collections" not in context:
            context["_restricted_collections"] = restricted_collection_ids()
        return value.collection_id not in context["_restricted_collections"]
    return True


class VisibleManyRelatedField(relations.ManyRelatedField):
    def to_representation(self, iterable):
        return [
            self.child_relation.to_representation(value)
            for value in iterable
            if _visible(value, self.context)
        ]


class VisibleRelatedField(RelatedField):
    """A related page, image or document, or null when it is not public."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in relations.MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return VisibleManyRelatedField(**list_kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is not None and not _visible(value, self.context):
            return None
        return value


class VisibleAliasOfField(PageAliasOfField):
    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is not None and not _visible(value, self.context):
            return None
        return value


class VisibleRelationsMixin:
    serializer_related_field = VisibleRelatedField


class PublicPageSerializer(VisibleRelationsMixin, PageSerializer):
    alias_of = VisibleAliasOfField(read_only=True)


class PublicImageSerializer(VisibleRelationsMixin, ImageSerializer):
    pass


class PublicDocumentSerializer(VisibleRelationsMixin, DocumentSerializer):
    pass


class CheckedFieldsFilter(FieldsFilter):
    """Field filters (``?date=2015-06-01``, ``?authors=3``) checked before the query.

    Wagtail converts some values and passes the rest to the database, which may refuse
    them (a name where an id belongs, a date that does not exist, a number beyond 64
    bits). Every value is converted here first; one that does not fit answers 400.
    """

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        fields.discard("locale")
        for field_name, value in request.GET.items():
            if field_name in fields:
                field = queryset.model._meta.get_field(field_name)
                if not _valid_field_value(field, value):
                    raise BadRequestError(
                        f"field filter error. '{value}' is not a valid value for "
                        f"{field_name}"
                    )
        return super().filter_queryset(request, queryset, view)


def _valid_field_value(field, value):
    if isinstance(field, TaggableManager | models.BooleanField):
        return True  # names, and Wagtail's own boolean parsing
    if field.is_relation:
        field = field.target_field
    try:
        python = field.to_python(value)
        if isinstance(python, datetime.datetime):
            # As the database will store it: aware, in UTC.
            python = field.get_prep_value(python).astimezone(datetime.UTC)
        field.get_db_prep_value(python, connection, prepared=False)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    if isinstance(python, int) and not isinstance(python, bool):
        return BIGINT_MIN <= python <= BIGINT_MAX
    return True


class WordsSearchFilter(BaseFilterBackend):
    """``?search=``: pages are found as the site search finds them (``/sok/``).

    The same analysis (æøå folded, stop words left out, stems, compound parts), the
    same rule for how many of the words a page must match, the same correction when
    nothing is found and the same ranking (``portal.search.query``), among the pages
    the request's other parameters leave (type, child_of, locale …: never a page that
    is not public). What was searched for, and what instead when the query was
    corrected, is told in ``meta.search`` (``LeanPagination``). With ``order`` the
    pages found come in that order instead of the best first.

    Images and documents, which the site search does not hold, are searched by
    Wagtail's own backend. The backends' query syntax is never exposed, and a search
    with no words (a space, punctuation, control characters) answers 400 instead of
    reaching the backend.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = clean_query(request.GET["search"])[0]
        terms = search_terms(query)
        if not terms:
            raise BadRequestError("search must contain at least one word")
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if issubclass(queryset.model, Page):
            return self._pages(request, queryset, view, query, operator)
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError(
                "filtering by tag with a search query is not supported"
            )
        view.searched = {"query": query, "corrected_to": None}
        try:
            return get_search_backend().search(
                terms,
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching "
                "(field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching "
                "(field is not indexed)"
            ) from error

    def _pages(self, request, queryset, view, query, operator):
        results, corrected = site_search.find_corrected(query, queryset, operator)
        view.searched = {"query": query, "corrected_to": corrected}
        if not isinstance(results.ids, models.QuerySet):  # stop words only
            return queryset.none()
        if "order" in request.GET:  # already ordered by OrderingFilter
            return queryset.filter(pk__in=results.ids)
        return RankedPages(results.ids, queryset)


class RankedPages:
    """Pages found by the site search, best first, for the pagination: the database
    ranks, counts and cuts the ids; only the window's rows are read."""

    def __init__(self, ids, queryset):
        self.ids = ids
        self.queryset = queryset

    def count(self):
        return self.ids.count()

    def __getitem__(self, window):
        ids = list(self.ids[window])
        rows = self.queryset.filter(pk__in=ids).in_bulk()
        return [rows[pk] for pk in ids if pk in rows]


class LeanPagination(WagtailPagination):
    """Wagtail's ``offset`` and ``limit``, the window's rows read by their ids; with a
    search, ``meta.search`` says what was searched for (``WordsSearchFilter``).

    Sorting thousands of whole rows (each with its body) to keep twenty cost more than
    the rest of a request far into a list; their ids sort in a fraction of that time.
    """

    def paginate_queryset(self, queryset, request, view=None):
        window = super().paginate_queryset(queryset, request, view)
        if not isinstance(window, models.QuerySet):
            return window  # search results
        ids = list(window.values_list("pk", flat=True))
        rows = queryset.filter(pk__in=ids).in_bulk()
        return [rows[pk] for pk in ids if pk in rows]

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        searched = getattr(self.view, "searched", None)
        if searched is not None:
            response.data["meta"]["search"] = searched
        return response


class CheckedParametersMixin:
    """The checks every endpoint makes before it touches the database."""

    # JSON only: DRF's browsable pages would need inline scripts.
    renderer_classes = [JSONRenderer]
    pagination_class = LeanPagination
    integer_parameters = ("id", "offset")

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """The API shows published content only: its answers are kept under the
        content version. Every request counts against the client's limit; those that
        reach the database are bounded in time."""
        view = super().as_view(actions, **initkwargs)
        return limited(content_version.cache_response(3600)(bounded(view)))

    def initial(self, request, *args, **kwargs):
        # Before DRF's own: it would answer an unknown format with an empty 404.
        if request.GET.get("format", "json") != "json":
            raise BadRequestError("format must be 'json'")
        super().initial(request, *args, **kwargs)
        if "pk" in kwargs and _integer(kwargs["pk"]) is None:
            raise Http404("not found")
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequestError(
                    "null characters are not allowed in query parameters"
                )
        for name in self.integer_parameters:
            value = request.GET.get(name)
            if value is not None and value != "root" and _integer(value) is None:
                raise BadRequestError(f"{name} must be an integer below 2^63")
        if (_integer(request.GET.get("offset")) or 0) > MAX_OFFSET:
            raise BadRequestError(
                f"offset kan ikke være større enn {MAX_OFFSET}. Avgrens listen med "
                "type, child_of eller descendant_of i stedet."
            )
        site = request.GET.get("site", "")
        if ":" in site and _integer(site.split(":", 1)[1]) is None:
            raise BadRequestError("site port must be an integer")


class PublicPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer
    filter_backends = [
        CheckedFieldsFilter if backend is FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
        if backend is not SearchFilter
    ] + [WordsSearchFilter]  # last: search results cannot be filtered further
    integer_parameters = CheckedParametersMixin.integer_parameters + (
        "child_of",
        "ancestor_of",
        "descendant_of",
        "translation_of",
    )

    def get_base_queryset(self):
        """Live pages without view restrictions, whoever asks (``site_pages``)."""
        if not hasattr(self, "_base_queryset"):
            try:
                self._base_queryset = site_pages(self.request)
            except ValueError as error:  # an unknown site
                raise BadRequestError(str(error)) from error
        return self._base_queryset

    def get_queryset(self):
        """As Wagtail's, but one type is read from its own table with the same
        conditions, not as ``pk IN (every public page)``; and in a fixed order (by
        id, unless ``order`` or a search says otherwise), so that ``offset`` walks
        through a list without skipping or repeating a page."""
        return self._of_type().order_by("id")

    def _of_type(self):
        names = self.request.GET.get("type")
        try:
            models = page_models_from_string(names) if names else ()
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error
        if len(models) > 1:
            return self.get_base_queryset().type(*models)
        if not models or models[0] is Page:
            return self.get_base_queryset()
        try:
            queryset = site_pages(self.request, models[0])
        except ValueError as error:  # an unknown site
            raise BadRequestError(str(error)) from error
        # A type may read what its API fields need with the list (``api_queryset``),
        # not once for each page.
        prepare = getattr(models[0], "api_queryset", None)
        return prepare(queryset) if prepare else queryset


class PublicImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    base_serializer_class = PublicImageSerializer
    filter_backends = [CheckedFieldsFilter, OrderingFilter, WordsSearchFilter]

    def get_queryset(self):
        return self.model.objects.exclude(
            collection__in=restricted_collection_ids()
        ).order_by("id")


class PublicDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    base_serializer_class = PublicDocumentSerializer
    filter_backends = [CheckedFieldsFilter, OrderingFilter, WordsSearchFilter]

    def get_queryset(self):
        return self.model.objects.exclude(
            collection__in=restricted_collection_ids()
        ).order_by("id")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
