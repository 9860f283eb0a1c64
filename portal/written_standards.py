"""How much of the portal's published text is in each written standard.

The language act (§ 13) asks a state body for at least 25 % of each standard, bokmål
and nynorsk, in its public texts. Counted here in words of the live pages anyone may
see (gathering reports included): the title and the texts the site search reads of each
page, each page in its written standard (``BasePage.written_standard``), by the year it
was first published.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from modelsearch.index import SearchField
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.users.models import UserProfile

from portal import content_version, public_pages
from portal.models.base import BasePage, WrittenStandard
from portal.models.municipalities import MunicipalityPage
from portal.search.admin_views import can_see_report
from portal.search.backend import searchable_texts

MINIMUM_SHARE = 25  # per cent of each standard
# Counted again after any change to the content, else kept this long.
REPORT_SECONDS = 24 * 60 * 60
WORD = re.compile(r"\w+")
CHUNK = 500


@dataclass
class Share:
    """The words in each standard in one year (or in all), with their shares."""

    label: str
    words: dict

    @property
    def total(self):
        return sum(self.words.values())

    def percent(self, standard):
        return round(100 * self.words[standard] / self.total, 1) if self.total else 0

    @property
    def rows(self):
        """[(standard's name, words, per cent, under the minimum)]."""
        return [
            (
                label,
                self.words[code],
                self.percent(code),
                bool(self.total) and self.percent(code) < MINIMUM_SHARE,
            )
            for code, label in WrittenStandard.choices
        ]

    @property
    def too_little(self):
        """The standards under the minimum share, by name."""
        return [label for label, _words, _percent, under in self.rows if under]


def for_mail(municipality, user):
    """The written standard of an e-mail about ``municipality`` to ``user``: the
    municipality's adopted one; where it is neutral, the person's own choice (their
    admin language), else bokmål (the language act's § 15)."""
    if municipality.adopted_standard in WrittenStandard.values:
        return municipality.adopted_standard
    chosen = UserProfile.get_for_user(user).get_preferred_language()
    return chosen if chosen in WrittenStandard.values else WrittenStandard.BOKMAL


def page_words(page):
    """The words of the page's own text: its title and its search fields."""
    fields = [
        field for field in page.get_search_fields() if isinstance(field, SearchField)
    ]
    return sum(
        len(WORD.findall(text)) for text, _weight in searchable_texts(page, fields)
    )


def _page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BasePage) and not model._meta.abstract
    ]


def adopted():
    """{municipality id: its adopted standard} for the municipalities that adopted
    bokmål or nynorsk (a neutral one is left out), kept until the next change."""
    return content_version.cached(
        ("adopted-standards",),
        lambda: dict(
            MunicipalityPage.objects.filter(
                adopted_standard__in=WrittenStandard.values
            ).values_list("pk", "adopted_standard")
        ),
        REPORT_SECONDS,
    )


def mark(pages, municipality=None):
    """Sets the written standard of each of ``pages`` (a list's items) from the
    kept table of adopted standards, without reading their municipalities; where
    they all belong to ``municipality`` (a page already read), from that."""
    pages = [page for page in pages if isinstance(page, BasePage)]
    if not pages:
        return
    if municipality is not None and all(
        page.own_municipality_id == municipality.pk for page in pages
    ):
        standards = {municipality.pk: municipality.adopted_standard}
    else:
        standards = adopted()
    for page in pages:
        page.written_standard = page.standard_with(
            standards.get(page.own_municipality_id, "")
        )


def shares():
    """(the total, [a Share for each year, the latest first])."""
    standards = adopted()
    by_year = defaultdict(lambda: dict.fromkeys(WrittenStandard.values, 0))
    for model in _page_models():
        pages = public_pages.live_public(model).exact_type(model).order_by("pk")
        for page in pages.iterator(chunk_size=CHUNK):
            standard = page.standard_with(standards.get(page.own_municipality_id, ""))
            published = page.first_published_at
            by_year[published.year if published else None][standard] += page_words(page)
    total = dict.fromkeys(WrittenStandard.values, 0)
    for words in by_year.values():
        for standard, count in words.items():
            total[standard] += count
    years = [
        # Lazy: the shares are kept, and each reader sees the labels in their language.
        Share(str(year) if year else _("Uten publiseringsdato"), by_year[year])
        for year in sorted(by_year, key=lambda year: year or 0, reverse=True)
    ]
    return Share(_("I alt"), total), years


class WrittenStandardsReportView(WagtailAdminTemplateMixin, TemplateView):
    """«Bokmål og nynorsk» under Rapporter: each standard's share, in all and by year,
    with a warning where one is under the minimum."""

    template_name = "portal/admin/written_standards_report.html"
    page_title = _("Bokmål og nynorsk")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        total, years = content_version.cached(
            ("written-standards", 1), shares, REPORT_SECONDS
        )
        return super().get_context_data(
            total=total, years=years, minimum=MINIMUM_SHARE, **kwargs
        )
