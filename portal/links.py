"""Link tables that should hold each pair once."""

from django.db.models import Min


def keep_first_links(model, *fields):
    """Delete the rows of ``model`` that repeat another's ``fields``, keeping the
    first (for a data migration that then makes the pair unique)."""
    first = model.objects.values(*fields).annotate(first=Min("pk")).values("first")
    model.objects.exclude(pk__in=first).delete()
