"""What the public API (``portal.api``) shows of a gathering beyond its own fields.

The agenda as data, and the registration state and seats left as the page computes
them. Nothing of the registrations themselves: no participant is ever named, counted
by municipality or reachable from here; nor the link to a digital meeting, which the
page gives only to those who register.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from rest_framework import serializers


class AgendaItemSerializer(serializers.Serializer):
    """One point on the programme: when, what and what kind."""

    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)


class TagNamesField(serializers.Field):
    """Themes by name, as Wagtail's ``TagsField`` gives them, from the prefetched
    tags (Wagtail's asks the database again for every page)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


def agenda():
    return AgendaItemSerializer(source="agenda_items", many=True, read_only=True)


def for_api(queryset):
    """A list of gatherings with what their API fields read, in a fixed number of
    queries: the agenda and themes prefetched, the seats taken as a subquery
    (``holds_seat``).

    A subquery rather than ``with_seat_counts``: the API's filters (tags) join other
    tables, which would multiply a ``Count`` over a join.
    """
    from events.models import Registration, holds_seat

    seated = (
        Registration.objects.filter(holds_seat(), gathering=OuterRef("pk"))
        .order_by()
        .values("gathering")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(
        confirmed_count=Coalesce(
            Subquery(seated, output_field=IntegerField()), Value(0)
        )
    ).prefetch_related("agenda_items", "tags")
