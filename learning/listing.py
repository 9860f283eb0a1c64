"""Faceted lists of knowledge: filters that combine, with counts, kept in the URL.

Every facet is one URL parameter with one value; facets combine with AND. The counts
beside each option say how many items the list would show if the option were chosen
with the other facets as they are. Unknown values give an empty list, never an error.
"""

import datetime
import hashlib
import html
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import quote_plus

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from taggit.managers import TaggableManager

from portal import content_version, kept, prepared, public_pages
from portal.models import County
from portal.pagination import other_parameters, paginate
from portal.search import query as site_search
from portal.views import clean_query, search_terms

PER_PAGE = 20

# Functions giving the lists whose counts are kept (``portal.kept``), each a Listing
# without filters: the apps that show lists add theirs.
kept_lists = []
# Counts live under the content version; this only bounds how long unused ones stay.
FACET_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    lookup: str
    label_lookup: str = ""
    choices: dict = field(default_factory=dict)

    def clean(self, value):
        # Slugs and codes hold no control characters (and PostgreSQL refuses NUL).
        return value if value.isprintable() else None

    def requested(self, value):
        """The value a request's parameter asks for (``clean`` reads the counts'
        values too, so it looks nothing up)."""
        return self.clean(value)

    def option_label(self, value, label):
        # As text in the language shown: a choice's label may be translated lazily.
        return str(self.choices.get(value, label))


@dataclass(frozen=True)
class YearFacet(Facet):
    def clean(self, value):
        try:
            year = int(value)
        except (TypeError, ValueError):
            return None
        return year if datetime.MINYEAR <= year <= datetime.MAXYEAR else None


@dataclass(frozen=True)
class ThemeFacet(Facet):
    """A theme's earlier address (renamed, merged: ``learning.ThemeRedirect``)
    filters by the theme it has now, so old links to a filtered list still work."""

    def requested(self, value):
        value = self.clean(value)
        return theme_addresses().get(value, value) if value else value


def theme_addresses():
    """{a theme's earlier slug: the slug it has now}, kept until something changes
    (renaming or merging a theme saves or deletes a tag). A slug a theme has now is
    no earlier address: it names that theme."""

    def read():
        # By name: the models import this module.
        redirect = apps.get_model("learning", "ThemeRedirect")
        tag = redirect._meta.get_field("tag").related_model
        return dict(
            redirect.objects.exclude(
                old_slug__in=tag.objects.values("slug")
            ).values_list("old_slug", "tag__slug")
        )

    return content_version.cached(("theme-addresses",), read, 86400)


THEME = ThemeFacet("tema", gettext_lazy("Tema"), "tags__slug", "tags__name")
TARGET_GROUP = Facet(
    "malgruppe",
    gettext_lazy("Målgruppe"),
    "target_groups__slug",
    "target_groups__name",
)
PROGRAMME_GOAL = Facet(
    "programmal",
    gettext_lazy("Programmål"),
    "programme_goals__slug",
    "programme_goals__name",
)
MUNICIPALITY = Facet(
    "kommune", gettext_lazy("Kommune"), "municipality__slug", "municipality__title"
)
COUNTY = Facet(
    "fylke",
    gettext_lazy("Fylke"),
    "municipality__county",
    choices=dict(County.choices),
)
YEAR = YearFacet("ar", gettext_lazy("År"), "date__year")
# SSB's groups of municipalities like each other (portal.KostraGroup), by code.
KOSTRA_GROUP = Facet(
    "kostra",
    gettext_lazy("KOSTRA-gruppe"),
    "municipality__kostra_group__code",
    "municipality__kostra_group__name",
)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    url: str

    def html(self):
        """The option's link with its count; a chosen one says so to screen readers.

        Made with the standard library's escaping, which Django's own ``escape``
        is: a list's municipality facet alone has hundreds of options.
        """
        url, label = html.escape(self.url), html.escape(self.label)
        if self.selected:
            chosen = html.escape(gettext("valgt – velg for å fjerne"))
            return (
                f'<li><a class="ds-link" href="{url}" aria-current="true">'
                f'<span aria-hidden="true">✓ </span>{label} <span class="meta">'
                f'({self.count})</span><span class="ds-sr-only">, {chosen}'
                "</span></a></li>"
            )
        return (
            f'<li><a class="ds-link" href="{url}">{label} '
            f'<span class="meta">({self.count})</span></a></li>'
        )


class Options(list):
    """A facet's options; ``html`` is their links, made once for every copy of the
    filters on the page (a list shows them twice: beside the results and in the
    narrow screen's disclosure), however many options there are."""

    @cached_property
    def html(self):
        return mark_safe("".join(option.html() for option in self))  # noqa: S308 – escaped in Option.html


class Listing:
    """The filtered, searched and paginated items of one model, and its facet options."""

    def __init__(
        self, request, queryset, facets, per_page=PER_PAGE, ordering=("-date", "-pk")
    ):
        self.request = request
        self.facets = facets
        self.query, self.query_shortened = clean_query(request.GET.get("q", ""))
        self.selected = {}
        self.invalid = False
        for facet in facets:
            raw = request.GET.get(facet.param, "")
            if raw:
                value = facet.requested(raw[:200])
                if value is None:
                    self.invalid = True
                else:
                    self.selected[facet.param] = value
        self.base = self._searched(queryset)
        self.results = self._filtered(self.base).order_by(*ordering)
        self.per_page = per_page
        self.querystring = other_parameters(request)

    @cached_property
    def page(self):
        """The requested page: counted and read only when shown (not from the cache)."""
        return paginate(self.request, self.results, self.per_page)[0]

    def _searched(self, queryset):
        terms = search_terms(self.query)
        if self.invalid:
            return queryset.none()
        if not terms:
            return queryset
        # The site search's analysis and matching; the list keeps its own order.
        matches = site_search.find(
            self.query, queryset.model.objects.live().filter(public_pages.public())
        )
        return queryset.filter(pk__in=matches.ids)

    def _filtered(self, queryset, without=None, selected=None):
        selected = self.selected if selected is None else selected
        for facet in self.facets:
            if facet is not without and facet.param in selected:
                queryset = queryset.filter(**{facet.lookup: selected[facet.param]})
        return queryset

    @cached_property
    def _parameters(self):
        """The request's parameters but the page number: each option's address
        starts from them."""
        return {
            key: values for key, values in self.request.GET.lists() if key != "side"
        }

    def _url(self, **changes):
        params = dict(self._parameters)
        for key, value in changes.items():
            if value in (None, ""):
                params.pop(key, None)
            else:
                params[key] = [str(value)]
        encoded = urlencode(params, doseq=True)
        return f"?{encoded}" if encoded else "?"

    def _option_urls(self, facet):
        """A function from an option's value (or "" for none) to this list's address
        with the facet set to it: ``_url`` for one facet, the other parameters
        encoded once for all of its options."""
        before, after, found = {}, {}, False
        for key, values in self._parameters.items():
            if key == facet.param:
                found = True
            else:
                (after if found else before)[key] = values
        parts = [urlencode(part, doseq=True) for part in (before, after)]

        def url(value):
            chosen = (
                f"{quote_plus(facet.param)}={quote_plus(str(value))}"
                if value not in (None, "")
                else ""
            )
            encoded = "&".join(part for part in (parts[0], chosen, parts[1]) if part)
            return f"?{encoded}"

        return url

    @property
    def chosen_count(self):
        """How many filters are chosen, a text query counting as one."""
        return len(self.selected) + bool(self.query)

    @property
    def without_query_url(self):
        """This list with the same filters and no text query."""
        return self._url(q="")

    def facet_options(self):
        """[(facet, [Option …])] with counts under the other facets' choices."""
        counts = self._facet_counts()
        result = []
        for facet in self.facets:
            selected = self.selected.get(facet.param)
            url = self._option_urls(facet)
            options = Options(
                Option(
                    value=str(value),
                    label=facet.option_label(value, str(label)),
                    count=count,
                    selected=value == selected,
                    url=url("" if value == selected else value),
                )
                for value, label, count in counts[facet.param]
            )
            if isinstance(facet, YearFacet):
                options.sort(key=lambda option: option.value, reverse=True)
            else:
                options.sort(key=lambda option: option.label.lower())
            result.append((facet, options))
        return result

    def _facet_counts(self):
        """{param: [(value, label, count) …]}: every facet counted in one query.

        The counts change only when something is published, and a list is mostly asked
        for with few filters: kept in the cache under the content version, keyed by
        the list (with its text query) and the filters.
        """
        # The base query's SQL tells lists apart (a model, a part of the tree, the hits
        # of a text query); the filters tell their views apart.
        try:
            base_sql = str(self.base.query)
        except EmptyResultSet:  # an unknown filter value, a text query without hits
            return {facet.param: [] for facet in self.facets}
        base = hashlib.sha256(base_sql.encode()).hexdigest()
        return content_version.cached(
            (
                "facets",
                hashlib.sha256(
                    repr((base, sorted(self.selected.items()))).encode()
                ).hexdigest(),
            ),
            lambda: (
                self._count(base)
                if self.selected or self.query
                else kept.counted(base, lambda: self._count(base))
            ),
            FACET_CACHE_SECONDS,
        )

    def recount(self):
        """Count the list without filters again and keep the counts (``kept``)."""
        try:
            base = hashlib.sha256(str(self.base.query).encode()).hexdigest()
        except EmptyResultSet:
            return
        kept.keep(base, lambda: self._count(base))

    def _count(self, base):
        """Every facet's counts, as one union of a grouped query per facet: one
        round trip, and each part planned with the others.

        The union is built once a process for each shape (``portal.prepared``): the
        list (``base``, its SQL's digest), which facets are chosen, and the chosen
        years (a year's lookup turns it into dates); the other chosen values are put
        in. Building it took as long as running it. A list searched by text is built
        each time: its hits are part of its SQL.
        """
        by_param = {facet.param: facet for facet in self.facets}
        texts = [
            facet.param
            for facet in self.facets
            if facet.param in self.selected and not isinstance(facet, YearFacet)
        ]
        values = [self.selected[param] for param in texts]

        def union(*values):
            selected = {**self.selected, **dict(zip(texts, values, strict=True))}
            first, *rest = (self._counted(facet, selected) for facet in self.facets)
            return first.union(*rest, all=True)

        if self.query:
            found = union(*values)
        else:
            shape = (
                "facets",
                base,
                *sorted(self.selected),
                *(
                    (param, value)
                    for param, value in sorted(self.selected.items())
                    if param not in texts
                ),
            )
            found = prepared.rows(shape, union, values)
        counts = {param: [] for param in by_param}
        for param, value, label, count in found:
            counts[param].append(
                (by_param[param].clean(value), value if label is None else label, count)
            )
        return counts

    def _counted(self, facet, selected):
        """(param, value, label, count) rows of one facet, under the other facets'
        choices, values and labels as text so that the facets' rows unite.

        A facet over a relation to many (themes, target groups) is counted on its link
        table, for the pages of the list: the pages' own rows are not joined or grouped,
        and each link table holds a pair once (a unique constraint), so nothing is made
        distinct. Any other facet has one value a page, so its rows are counted
        (made distinct only when a chosen filter joined a relation to many).

        Options that are rows of another table (a theme, a municipality) are counted
        by the row's id, and their value and label read for each option afterwards:
        grouping every page's row joined to its option's texts took twice as long.
        """
        queryset = self._filtered(self.base, without=facet, selected=selected)
        name, _, value_path = facet.lookup.partition("__")
        label_path = (facet.label_lookup or facet.lookup).partition("__")[2]
        field = queryset.model._meta.get_field(name)
        if field.many_to_many:
            through, source, related = _links(field)
            queryset = through.objects.filter(
                **{f"{source}__in": queryset.values("pk")}
            )
            counted = Count(source)
        elif facet.label_lookup:
            # The relation whose rows are the options: the municipality, or through
            # it its KOSTRA group.
            related = facet.lookup.rpartition("__")[0]
            value_path = facet.lookup.removeprefix(f"{related}__")
            label_path = facet.label_lookup.removeprefix(f"{related}__")
            counted = Count("pk", distinct=bool(selected))
        else:  # the page's own value, or its relation's, naming itself
            # No label (the value names itself): grouped by the value alone, which
            # may hold a parameter (a year's time zone) sent apart from the SQL.
            return (
                queryset.filter(**{f"{facet.lookup}__isnull": False})
                .order_by()
                .annotate(
                    facet_param=Value(facet.param),
                    facet_value=Cast(facet.lookup, TextField()),
                    facet_label=Value(None, TextField()),
                )
                .values_list("facet_param", "facet_value", "facet_label")
                .annotate(facet_count=Count("pk", distinct=bool(selected)))
            )
        options = _related_model(queryset.model, related).objects

        def option(path):
            # The cast inside, so that the query is grouped by the id alone.
            return Subquery(
                options.filter(pk=OuterRef(related))
                .order_by()
                .values(text=Cast(path, TextField()))
            )

        return (
            queryset.filter(**{f"{related}__isnull": False})
            .order_by()
            .values(related)
            .annotate(facet_count=counted)
            .annotate(
                facet_param=Value(facet.param),
                facet_value=option(value_path),
                facet_label=option(label_path),
            )
            .values_list("facet_param", "facet_value", "facet_label", "facet_count")
        )


# A request for a list without filters, to count it where no reader asked.
WITHOUT_FILTERS = SimpleNamespace(GET=QueryDict())


def recount_kept_lists():
    """Count every kept list again (after a change to the content)."""
    for lists in kept_lists:
        for listing in lists():
            listing.recount()


def _related_model(model, path):
    """The model at the end of the relations ``path`` (``municipality__kostra_group``)
    from ``model``."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def _links(field):
    """The link table of a relation to many, with its field to the page and to the
    other side."""
    if isinstance(field, TaggableManager):
        return field.through, "content_object", field.m2m_reverse_field_name()
    return (
        field.remote_field.through,
        field.m2m_field_name(),
        field.m2m_reverse_field_name(),
    )
