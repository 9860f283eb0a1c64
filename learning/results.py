"""The programme's results: its sums, their exports, and a municipality's section.

Only figures on live results pages count: a results page goes through the same
approval as the municipality's articles, and its figures in the database are those of
its published version. Statistics Norway's figures (``StatisticsFigure``) are shown
beside them with their table and source named. One municipality's results over time
are its results page's own (``learning.models.MunicipalityResultsPage``).
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from learning.calculator.models import older_than_a_year
from learning.models import (
    MunicipalityResultsPage,
    OutcomeFigure,
    OutcomeType,
    StatisticsFigure,
)
from portal import charts, public_pages, registry
from portal.models import MunicipalityPage, Region

# The programme's outcome types, created by migration learning.0006 (and by the demo
# after a flush); editors may add more in the admin.
OUTCOME_TYPES = [
    (
        "bostedslose-bosatt",
        "Bostedsløse som fikk bolig",
        "personer",
        "Personer uten egen bolig (bostedsløse etter Husbankens definisjon) som fikk "
        "en varig bolig i løpet av året. Telles én gang per person per år.",
    ),
    (
        "fra-midlertidig-til-varig",
        "Fra midlertidig til varig bolig",
        "husstander",
        "Husstander som flyttet fra et midlertidig botilbud (hospits, hotell, "
        "campinghytte) til en varig bolig i løpet av året.",
    ),
    (
        "oppfolging-i-hjemmet",
        "Oppfølging i hjemmet",
        "personer",
        "Personer som fikk oppfølging i egen bolig fra kommunen (bo-oppfølging) i "
        "løpet av året, uansett hvor lenge.",
    ),
    (
        "nye-utleieboliger",
        "Nye kommunale utleieboliger",
        "boliger",
        "Utleieboliger kommunen fikk disponere i løpet av året: bygget, kjøpt eller "
        "leid inn, minus de som ble solgt eller sagt opp.",
    ),
    (
        "videre-til-egen-bolig",
        "Leietakere videre til egen bolig",
        "husstander",
        "Husstander i kommunale utleieboliger som flyttet videre til en bolig de eier "
        "eller leier på det private markedet, for eksempel med startlån.",
    ),
]

EXPORT_COLUMNS = [
    "kommune",
    "kommunenummer",
    "region",
    "resultattype",
    "enhet",
    "år",
    "antall",
    "mål",
    "eksempeldata",
]


def ensure_outcome_types(model=OutcomeType):
    """The programme's outcome types, created where missing (never changed); ``model``
    is the migration's historical one when a migration creates them."""
    for order, (slug, name, unit, definition) in enumerate(OUTCOME_TYPES):
        model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "unit": unit,
                "definition": definition,
                "sort_order": order,
            },
        )


def approved_figures():
    """Figures of live results pages that anyone may see, with their type and
    municipality: a results page behind a view restriction is nobody's public figure."""
    return (
        OutcomeFigure.objects.filter(
            public_pages.public(path="page__path"), page__live=True
        )
        .select_related("outcome_type", "page")
        .order_by("outcome_type__sort_order", "outcome_type__name", "year")
    )


def year_span(years):
    """Years as bokmål writes a list of them: «2014–2017», «2014, 2016 og 2020»."""
    years = sorted(set(years))
    if not years:
        return ""
    if len(years) > 1 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}–{years[-1]}"
    if len(years) == 1:
        return str(years[0])
    return ", ".join(str(year) for year in years[:-1]) + f" og {years[-1]}"


def national_statistics(summary, today):
    """SSB's national figures beside the programme's sums, year for year.

    Each SSB table gets the programme's years as rows, each with the programme's sum
    per outcome type and SSB's national value for the same year. When SSB has no
    figure for any of those years the years differ, and the page says so instead of
    setting figures from different years side by side. A table last imported more
    than a year before ``today`` is said to be so, as the calculator says of its rates.
    """
    programme = {outcome["name"]: dict(outcome["years"]) for outcome in summary}
    programme_years = sorted({year for years in programme.values() for year in years})
    tables = StatisticsFigure.objects.filter(region=StatisticsFigure.NATIONAL).by_table(
        None
    )
    for table in tables:
        national = {year: value for year, _local, value in table["rows"]}
        ssb_years = sorted(
            year for year, value in national.items() if value is not None
        )
        imported_at = table["table"].imported_at
        table["imported_on"] = imported_at and timezone.localdate(imported_at)
        # None when the table says nothing of when it was imported.
        table["older_than_a_year"] = imported_at and older_than_a_year(
            table["imported_on"], today
        )
        table["ssb_years"] = year_span(ssb_years)
        table["programme_years"] = year_span(programme_years)
        table["same_years"] = sorted(set(ssb_years) & set(programme_years))
        table["columns"] = [outcome["name"] for outcome in summary]
        table["beside"] = [
            (
                year,
                [programme[name].get(year) for name in table["columns"]],
                national.get(year),
            )
            for year in programme_years
        ]
    return tables


def as_dict(summary, example, statistics, region, outcome_type):
    """The JSON of /resultater/: the sums the page shows, and SSB's tables with when
    they were imported and whether that is more than a year ago, as the page says."""
    return {
        "filters": {
            "region": region,
            "type": outcome_type.slug if outcome_type else None,
        },
        "example_data": example,
        "outcomes": [
            {
                "name": outcome["name"],
                "unit": outcome["unit"],
                "municipalities": outcome["municipalities"],
                "years": [
                    {"year": year, "total": total} for year, total in outcome["years"]
                ],
                "regions": [
                    {"region": name, "total": total}
                    for name, total in outcome["regions"]
                ],
            }
            for outcome in summary
        ],
        "statistics": [
            {
                "table_id": item["table"].table_id,
                "title": item["heading"],
                "unit": item["table"].unit,
                "source_url": item["table"].source_url,
                "imported_at": (
                    timezone.localtime(item["table"].imported_at).isoformat()
                    if item["table"].imported_at
                    else None
                ),
                "older_than_a_year": item["older_than_a_year"],
                "programme_years": item["programme_years"],
                "ssb_years": item["ssb_years"],
                "same_years": item["same_years"],
                "national": [
                    {"year": year, "value": _number(value)}
                    for year, _local, value in item["rows"]
                ],
            }
            for item in statistics
        ],
    }


def _number(value):
    """A decimal figure as JSON: an integer when it is whole."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def municipality_of(results_page, municipalities_by_path):
    return municipalities_by_path.get(results_page.path[: -results_page.steplen])


def programme_rows(region=None, outcome_type=None):
    """Every approved figure as a row of EXPORT_COLUMNS, optionally filtered."""
    figures = approved_figures()
    if outcome_type is not None:
        figures = figures.filter(outcome_type=outcome_type)
    figures = list(figures)
    paths = {figure.page.path[: -figure.page.steplen] for figure in figures}
    municipalities = {
        m.path: m for m in MunicipalityPage.objects.filter(path__in=paths)
    }
    rows = []
    for figure in figures:
        municipality = municipality_of(figure.page, municipalities)
        if municipality is None or (region and municipality.region != region):
            continue
        rows.append(
            [
                municipality.title,
                municipality.municipality_number,
                # As text in the language shown (the label is translated lazily).
                str(Region(municipality.region).label) if municipality.region else "",
                figure.outcome_type.name,
                figure.outcome_type.unit,
                figure.year,
                figure.value,
                figure.goal,
                "ja" if figure.page.example_data else "nei",
            ]
        )
    rows.sort(key=lambda row: (row[3], row[0], row[5]))
    return rows


def programme_summary(rows):
    """Sums per outcome type and year, and per outcome type and region."""
    by_year = defaultdict(lambda: defaultdict(int))
    by_region = defaultdict(lambda: defaultdict(int))
    municipalities = defaultdict(set)
    units = {}
    example = False
    for _name, number, region, type_name, unit, year, value, _goal, is_example in rows:
        if value is None:
            continue
        units[type_name] = unit
        by_year[type_name][year] += value
        by_region[type_name][region or _("Uten region")] += value
        municipalities[type_name].add(number)
        example = example or is_example == "ja"
    summary = []
    for type_name, years in by_year.items():
        ordered = sorted(years.items())
        summary.append(
            {
                "name": type_name,
                "unit": units[type_name],
                "years": ordered,
                "regions": sorted(by_region[type_name].items()),
                "municipalities": len(municipalities[type_name]),
                "chart": charts.bar_chart(ordered, unit=units[type_name]),
            }
        )
    return summary, example


def municipality_section(request, municipality):
    """The municipality page's section: the latest approved figure of each type
    (none without figures), read with their page in one query."""
    pages = (
        MunicipalityResultsPage.objects.live()
        .filter(public_pages.public())
        .child_of(municipality)
    )
    figures = list(
        OutcomeFigure.objects.filter(page__in=pages.values("pk"))
        .select_related("page", "outcome_type")
        .order_by("page__path", "year")
    )
    if not figures:
        return None
    page = figures[0].page
    latest = {}
    for figure in figures:
        if figure.page_id == page.pk and figure.value is not None:
            latest[figure.outcome_type] = figure
    url = page.get_url(request)
    items = [
        registry.Item(
            title=f"{outcome_type.name}: {figure.value} {outcome_type.unit}",
            url=f"{url}#{outcome_type.slug}",
            meta=f"{figure.year}"
            + (
                " · " + _("mål %(goal)s") % {"goal": figure.goal}
                if figure.goal is not None
                else ""
            )
            + (" · " + _("eksempeldata") if page.example_data else ""),
        )
        for outcome_type, figure in sorted(
            latest.items(), key=lambda item: (item[0].sort_order, item[0].name)
        )
    ]
    return registry.Section(
        title=_("Resultater for folk"),
        items=items,
        more_url=url,
        more_label=_("Se alle resultatene over tid, mot kommunens mål"),
    )
