from collections import Counter

from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from taggit.models import Tag

from learning import calculator as calculation
from learning import results
from learning.forms import ResultsFilterForm
from portal import charts, content_version, registry, spreadsheets
from portal.views import tagged_models


def theme_counts():
    """Every theme in use, by name, with how many published pages have it."""
    counts = Counter()
    for model in tagged_models():
        counts.update(
            dict(
                model.tags.through.objects.filter(
                    content_object__in=model.objects.live().public()
                )
                .values("tag_id")
                .annotate(pages=Count("*"))
                .values_list("tag_id", "pages")
            )
        )
    return [(tag, counts[tag.pk]) for tag in Tag.objects.filter(pk__in=counts)]


@require_GET
def topics(request):
    """All themes, with the number of pages each."""
    themes = content_version.cached(("topics",), theme_counts, 24 * 3600)
    return render(
        request,
        "learning/topics.html",
        {
            "themes": sorted(themes, key=lambda theme: theme[0].name.lower()),
            "breadcrumb_title": "Temaer",
        },
    )


@require_GET
def topic(request, slug):
    """Everything with one theme, across every content type, grouped by type."""
    tag = get_object_or_404(Tag, slug=slug)
    sections = registry.topic_sections(request, tag)
    return render(
        request,
        "learning/topic.html",
        {"tag": tag, "sections": sections, "breadcrumb_title": f"Tema: {tag.name}"},
    )


@require_GET
def calculator(request):
    """The housing-economics calculator: a scenario from the query string.

    ``?format=json`` gives the same result as JSON (400 with the form's messages).
    """
    today = timezone.localdate()
    scenario = calculation.scenario(request.GET, today)
    if request.GET.get("format") == "json":
        if scenario.rates is None:
            return JsonResponse(
                {"errors": {"__all__": ["Kalkulatoren har ingen satser ennå."]}},
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
        "fieldsets": calculation.FIELDSETS,
        "breadcrumb_title": "Kalkulator",
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
    beside; filtered by region and outcome type, and as CSV or Excel."""
    from learning.models import OutcomeType

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
    return render(
        request,
        "learning/programme_results.html",
        {
            "form": form,
            "summary": summary,
            "example_data": example,
            "outcome_types": OutcomeType.objects.all(),
            "statistics": results.national_statistics(summary),
            "export_query": request.GET.copy(),
            "breadcrumb_title": "Resultater",
        },
    )
