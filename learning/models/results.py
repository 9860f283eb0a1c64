"""The programme's results for individuals, per municipality, and Statistics Norway's
figures beside them.

A municipality's figures live on a results page below its municipality page
(``MunicipalityResultsPage``): its contributors enter them and submit the page through
the same workflow as their articles, so only figures Husbanken approved are live. The
kinds of figures (``OutcomeType``) are a list editors keep. Statistics Norway's
per-municipality tables (KOSTRA) are imported by ``manage.py import_ssb`` into
``StatisticsTable`` and ``StatisticsFigure``.

The programme's sums and the page /resultater/ are ``learning.results``.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext, gettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from portal import charts, public_pages
from portal.models import BasePage

from .articles import GoodPracticePage

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]


class OutcomeType(models.Model):
    """A kind of result for individuals the programme counts, with its definition."""

    name = models.CharField(gettext_lazy("navn"), max_length=120, unique=True)
    slug = models.SlugField(gettext_lazy("kortnavn"), max_length=60, unique=True)
    definition = models.TextField(
        gettext_lazy("definisjon"),
        help_text=gettext_lazy(
            "Hva som telles, og hva som ikke telles, slik at alle kommunene "
            "teller likt."
        ),
    )
    unit = models.CharField(
        gettext_lazy("enhet"),
        max_length=40,
        help_text=gettext_lazy("For eksempel «personer» eller «husstander»."),
    )
    sort_order = models.PositiveSmallIntegerField(gettext_lazy("rekkefølge"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldPanel("unit"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = gettext_lazy("resultattype")
        verbose_name_plural = gettext_lazy("resultattyper")

    def __str__(self):
        return self.name


class MunicipalityResultsPage(BasePage):
    """A municipality's results for individuals, year by year, against its goals."""

    example_data = models.BooleanField(
        gettext_lazy("eksempeldata"),
        default=False,
        help_text=gettext_lazy(
            "Kryss av når tallene er eksempler og ikke kommunens egne."
        ),
    )

    content_panels = BasePage.content_panels + [
        InlinePanel(
            "figures", heading=gettext_lazy("Tall"), label=gettext_lazy("tall")
        ),
        FieldPanel("example_data"),
    ]

    parent_page_types = ["portal.MunicipalityPage"]
    subpage_types = []

    class Meta:
        verbose_name = gettext_lazy("resultater for kommunen")
        verbose_name_plural = gettext_lazy("resultater for kommunene")

    @classmethod
    def can_create_at(cls, parent):
        # One results page per municipality.
        return super().can_create_at(parent) and not (
            parent.get_children().type(cls).exists()
        )

    @property
    def municipality(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        municipality = self.municipality
        context["municipality"] = municipality
        context["outcomes"] = self.outcomes(municipality)
        context["statistics"] = StatisticsFigure.objects.filter(
            region__in=[municipality.municipality_number, StatisticsFigure.NATIONAL]
        ).by_table(municipality.municipality_number)
        return context

    def outcomes(self, municipality):
        """Each outcome type over time, with the programme's sum for each year and
        the municipality's good practices that name it."""
        figures = list(
            self.figures.select_related("outcome_type").order_by(
                "outcome_type__sort_order", "outcome_type__name", "year"
            )
        )
        by_type = defaultdict(list)
        for figure in figures:
            by_type[figure.outcome_type].append(figure)
        practices = defaultdict(list)
        for practice in (
            GoodPracticePage.objects.live()
            .filter(public_pages.public())
            .descendant_of(municipality)
            .select_related("municipality")
            .prefetch_related("outcomes")
            .order_by("title")
        ):
            for outcome in practice.outcomes.all():
                practices[outcome.outcome_type_id].append((practice, outcome))
        programme = OutcomeFigure.objects.programme_totals(by_type)
        outcomes = []
        for outcome_type, rows in by_type.items():
            for row in rows:
                row.programme_total = programme.get((outcome_type.pk, row.year))
            years = [row.year for row in rows]
            series = [(gettext("Antall"), [row.value for row in rows])]
            if any(row.goal is not None for row in rows):
                series.append((gettext("Mål"), [row.goal for row in rows]))
            outcomes.append(
                {
                    "type": outcome_type,
                    "rows": rows,
                    "chart": charts.line_chart(years, series),
                    "series": series,
                    "practices": practices.get(outcome_type.pk, []),
                }
            )
        return outcomes


class OutcomeFigureQuerySet(models.QuerySet):
    def programme_totals(self, types):
        """{(outcome type id, year): the sum of every municipality's approved figure}."""
        totals = (
            self.filter(page__live=True, outcome_type__in=list(types))
            .values("outcome_type", "year")
            .annotate(total=Sum("value"))
        )
        return {(row["outcome_type"], row["year"]): row["total"] for row in totals}


class OutcomeFigure(Orderable):
    """One year's count of one outcome type, and the municipality's goal for it."""

    page = ParentalKey(
        MunicipalityResultsPage, on_delete=models.CASCADE, related_name="figures"
    )
    outcome_type = models.ForeignKey(
        OutcomeType,
        verbose_name=gettext_lazy("resultattype"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(gettext_lazy("år"), validators=YEARS)
    value = models.PositiveIntegerField(
        gettext_lazy("antall"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000)],
        help_text=gettext_lazy(
            "Det som faktisk skjedde det året. Står tom om tallet ikke er kjent."
        ),
    )
    goal = models.PositiveIntegerField(
        gettext_lazy("mål"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000)],
        help_text=gettext_lazy("Kommunens eget mål for året, om den har et."),
    )

    objects = OutcomeFigureQuerySet.as_manager()

    panels = [
        FieldRowPanel(
            [
                FieldPanel("outcome_type"),
                FieldPanel("year"),
                FieldPanel("value"),
                FieldPanel("goal"),
            ]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("tall")
        verbose_name_plural = gettext_lazy("tall")

    def clean(self):
        super().clean()
        if self.value is None and self.goal is None:
            raise ValidationError(gettext("Fyll inn antall, mål eller begge."))


class StatisticsTable(models.Model):
    """A table of Statistics Norway (SSB), as imported: its id, title and unit."""

    table_id = models.CharField(
        gettext_lazy("tabellnummer"), max_length=20, unique=True
    )
    contents_code = models.CharField(gettext_lazy("statistikkvariabel"), max_length=60)
    title = models.CharField(gettext_lazy("tittel"), max_length=255)
    unit = models.CharField(gettext_lazy("enhet"), max_length=60, blank=True)
    source_url = models.URLField(gettext_lazy("kilde"), max_length=500)
    imported_at = models.DateTimeField(gettext_lazy("importert"), null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = gettext_lazy("SSB-tabell")
        verbose_name_plural = gettext_lazy("SSB-tabeller")

    def __str__(self):
        return f"{self.title} (SSB, tabell {self.table_id})"

    @property
    def heading(self):
        """The title with its unit, unless the title already says it
        («… per 1000 innbyggere», not «… per 1000 innbyggere (per 1000 innbyggere)»)."""
        title, unit = self.title.strip(), self.unit.strip()
        if not unit or unit.casefold() in title.casefold():
            return title
        return f"{title} ({unit})"


class StatisticsFigureQuerySet(models.QuerySet):
    def by_table(self, region):
        """SSB figures per table: years, with the region's and the national value.

        A table with no figure for ``region`` is left out; with ``region`` None, none
        is.
        """
        tables = {}
        for figure in self.select_related("table").order_by("table__title", "year"):
            table = tables.setdefault(
                figure.table_id, {"table": figure.table, "years": defaultdict(dict)}
            )
            side = "national" if figure.region == StatisticsFigure.NATIONAL else "local"
            table["years"][figure.year][side] = figure.value
        return [
            {
                "table": table["table"],
                "heading": table["table"].heading,
                "rows": [
                    (year, values.get("local"), values.get("national"))
                    for year, values in sorted(table["years"].items())
                ],
            }
            for table in tables.values()
            if region is None or any("local" in v for v in table["years"].values())
        ]


class StatisticsFigure(models.Model):
    """One value of an SSB table: a region (a municipality number, «0» for the
    whole country, or SSB's code of a county or KOSTRA group when the import was asked
    to keep them) and a year."""

    NATIONAL = "0"

    table = models.ForeignKey(
        StatisticsTable, on_delete=models.CASCADE, related_name="figures"
    )
    region = models.CharField(gettext_lazy("region"), max_length=10, db_index=True)
    year = models.PositiveSmallIntegerField(gettext_lazy("år"), validators=YEARS)
    value = models.DecimalField(gettext_lazy("verdi"), max_digits=14, decimal_places=2)

    objects = StatisticsFigureQuerySet.as_manager()

    class Meta:
        ordering = ["table", "region", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "region", "year"], name="one_figure_per_region_year"
            )
        ]
        verbose_name = gettext_lazy("SSB-tall")
        verbose_name_plural = gettext_lazy("SSB-tall")

    def __str__(self):
        return f"{self.table.table_id} {self.region} {self.year}: {self.value}"


class PracticeOutcome(Orderable):
    """A good practice names the municipality's figures it moved."""

    page = ParentalKey(
        "learning.GoodPracticePage", on_delete=models.CASCADE, related_name="outcomes"
    )
    outcome_type = models.ForeignKey(
        OutcomeType,
        verbose_name=gettext_lazy("resultattype"),
        on_delete=models.PROTECT,
    )
    from_year = models.PositiveSmallIntegerField(
        gettext_lazy("fra år"), validators=YEARS
    )
    to_year = models.PositiveSmallIntegerField(gettext_lazy("til år"), validators=YEARS)

    panels = [
        FieldRowPanel(
            [FieldPanel("outcome_type"), FieldPanel("from_year"), FieldPanel("to_year")]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("resultat tiltaket påvirket")
        verbose_name_plural = gettext_lazy("resultater tiltaket påvirket")

    def clean(self):
        super().clean()
        if self.from_year and self.to_year and self.from_year > self.to_year:
            raise ValidationError(
                {"to_year": gettext("Til år kan ikke være før fra år.")}
            )
