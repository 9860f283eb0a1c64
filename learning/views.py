from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from taggit.models import Tag

from portal import registry


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
