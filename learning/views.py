from collections import Counter

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from taggit.models import Tag

from portal import content_version, registry
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
