from collections import Counter

from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe
from taggit.models import Tag

from learning import open_data, results, themes
from learning.calculator import scenarios
from learning.calculator.forms import FIELDSETS
from learning.forms import ResultsFilterForm
from learning.models import OutcomeType
from portal import charts, content_version, public_pages, registry, spreadsheets
from portal.models import SiteSettings
from portal.views import tagged_models


def theme_counts():
    """Every theme in use, by name, with how many published pages have it."""
    counts = Counter()
    for model in tagged_models():
        counts.update(
            dict(
                model.tags.through.objects.filter(
                    content_object__in=model.objects.live().filter(
                        public_pages.public()
                    )
                )
                .values("tag_id")
                .annotate(pages=Count("*"))
                .values_list("tag_id", "pages")
            )
        )
    # A retired theme's pages keep it, but it is no longer listed.
    listed = Tag.objects.filter(pk__in=counts).exclude(themes.retired_q())
    return [(tag, counts[tag.pk]) for tag in listed]


@require_GET
def topics(request):
    """All themes, with the number of pages each."""
    themes = content_version.cached(("topics",), theme_counts, 24 * 3600)
    return render(
        request,
        "learning/topics.html",
        {
            "themes": sorted(themes, key=lambda theme: theme[0].name.lower()),
            "breadcrumb_title": _("Temaer"),
        },
    )


@require_GET
def topic(request, slug):
    """Everything with one theme, across every content type, grouped by type.

    An address the theme had before it was renamed or merged answers 301 to the
    theme's address now (in the language asked for); a retired theme's page still
    shows what has it, and says that the theme is no longer in use.
    """
    tag, moved = themes.resolve(slug)
    if tag is None:
        raise Http404
    if moved:
        return redirect(reverse("topic", args=[tag.slug]), permanent=True)
    sections = registry.topic_sections(request, tag)
    retired = themes.is_retired(tag)
    return render(
        request,
        "learning/topic_retired.html" if retired else "learning/topic.html",
        {
            "tag": tag,
            "sections": sections,
            "breadcrumb_title": _("Tema: %(name)s") % {"name": tag.name},
        },
    )


@require_GET
def calculator(request):
    """The housing-economics calculator: a scenario from the query string.

    ``?format=json`` gives the same result as JSON (400 with the form's messages).
    """
    today = timezone.localdate()
    scenario = scenarios.scenario(request.GET, today)
    if request.GET.get("format") == "json":
        if scenario.rates is None:
            return JsonResponse(
                {"errors": {"__all__": [_("Kalkulatoren har ingen satser ennå.")]}},
                status=503,
            )
        if scenario.result is None:
            return JsonResponse(
                {
                    "errors": {
                        name: [error["message"] for error in errors]
                        for name, errors in scenario.form.errors.get_json_data().items()
                    }
                },
                status=400,
            )
        return JsonResponse(
            scenario.as_dict(today), json_dumps_params={"ensure_ascii": False}
        )
    context = {
        "scenario": scenario,
        "form": scenario.form,
        "fieldsets": FIELDSETS,
        "breadcrumb_title": _("Kalkulator"),
    }
    if scenario.result is not None:
        yearly = scenario.result.yearly
        context["chart"] = charts.bar_chart(
            ((row.year, row.net_result) for row in yearly), unit="kr"
        )
        context["rates_are_old"] = scenario.rates.is_older_than_a_year(today)
    return render(request, "learning/calculator.html", context)


@require_GET
def programme_results(request):
    """The programme's results summed by year and region, with SSB's national figures
    beside; filtered by region and outcome type, and as CSV, Excel or JSON
    (``?format=json``: the sums and SSB's tables, with how old each import is)."""
    form = ResultsFilterForm(request.GET or None)
    region = outcome_type = None
    if form.is_valid():
        region = form.cleaned_data["region"] or None
        outcome_type = form.cleaned_data["type"]
    rows = results.programme_rows(region=region, outcome_type=outcome_type)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        filename = f"resultater-{timezone.localdate():%Y-%m-%d}.{export}"
        if export == "csv":
            return spreadsheets.csv_response(results.EXPORT_COLUMNS, rows, filename)
        return spreadsheets.xlsx_response(
            results.EXPORT_COLUMNS, rows, filename, "Resultater"
        )
    summary, example = results.programme_summary(rows)
    statistics = results.national_statistics(summary, timezone.localdate())
    if export == "json":
        return JsonResponse(
            results.as_dict(summary, example, statistics, region, outcome_type),
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request,
        "learning/programme_results.html",
        {
            "form": form,
            "summary": summary,
            "example_data": example,
            "outcome_types": OutcomeType.objects.all(),
            "statistics": statistics,
            "export_query": request.GET.copy(),
            "breadcrumb_title": _("Resultater"),
        },
    )


@require_GET
def open_data_page(request):
    """The open datasets: what each holds, its files, schema and licence."""
    return render(
        request,
        "learning/open_data.html",
        {
            "datasets": [
                (dataset, dataset.table()) for dataset in open_data.DATASETS.values()
            ],
            "licence": open_data.LICENCE,
            "licence_name": open_data.LICENCE_NAME,
            "breadcrumb_title": _("Åpne data"),
        },
    )


def _open_data_response(content, content_type, dataset=None, attachment=None):
    """A file of the open data: UTF-8, its licence (and schema) in ``Link``, readable
    by scripts on any site."""
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    links = [f'<{open_data.LICENCE}>; rel="license"']
    if dataset is not None:
        links.append(f'<{dataset.url("schema")}>; rel="describedby"')
    response["Link"] = ", ".join(links)
    response["Access-Control-Allow-Origin"] = "*"
    if attachment:
        response["Content-Disposition"] = attachment
    return response


@require_safe
def open_data_csv(request, slug):
    dataset = open_data.DATASETS[slug]
    return _open_data_response(
        dataset.as_csv(dataset.table()),
        "text/csv",
        dataset,
        attachment=f'attachment; filename="{slug}.csv"',
    )


@require_safe
def open_data_json(request, slug):
    dataset = open_data.DATASETS[slug]
    return _open_data_response(
        open_data.as_json(dataset.as_json(dataset.table())),
        "application/json",
        dataset,
        attachment=f'inline; filename="{slug}.json"',
    )


@require_safe
def open_data_schema(request, slug):
    dataset = open_data.DATASETS[slug]
    return _open_data_response(open_data.as_json(dataset.schema()), "application/json")


@require_safe
def open_data_catalogue(request):
    """The DCAT-AP-NO description of the open data, for national data catalogues."""
    return _open_data_response(
        open_data.as_json(open_data.catalogue(SiteSettings.for_request(request))),
        "application/ld+json",
    )
